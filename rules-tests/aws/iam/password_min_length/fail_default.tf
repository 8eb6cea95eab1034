# rampart:expect-lines 2
resource "aws_iam_account_password_policy" "this" {
  password_reuse_prevention = 24
}
