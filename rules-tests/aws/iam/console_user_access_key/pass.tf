resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = aws_iam_user.alice.name
  password_reset_required = true
}

resource "aws_iam_user" "backup_agent" {
  name = "backup-agent"
}

resource "aws_iam_access_key" "backup_agent" {
  user = aws_iam_user.backup_agent.name
}
