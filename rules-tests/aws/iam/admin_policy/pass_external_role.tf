# An inline policy for a role managed elsewhere, that grants one read action.
resource "aws_iam_role_policy" "reader" {
  name = "read-config"
  role = "legacy-app"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "ssm:GetParameter", Resource = "arn:aws:ssm:eu-west-1:111122223333:parameter/app/*" }]
  })
}
