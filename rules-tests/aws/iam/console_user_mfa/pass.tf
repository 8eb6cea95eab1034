# IaC cannot say whether a user has MFA (mfa_enabled is null): nothing fires on a console user.
resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_login_profile" "alice" {
  user                    = aws_iam_user.alice.name
  password_reset_required = true
}
