# rampart:expect-lines 4
resource "aws_iam_account_password_policy" "this" {
  minimum_password_length   = 14
  password_reuse_prevention = 5
}
