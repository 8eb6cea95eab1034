# The root user cannot be described in Terraform: an account managed as code raises nothing.
resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length = 14
}
