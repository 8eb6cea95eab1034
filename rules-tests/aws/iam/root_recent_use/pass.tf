# Terraform cannot say when the root user was used: nothing fires on an account's settings.
resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
  password_reuse_prevention = 24
}
