# A group of deployment users with access keys only: they cannot use MFA.
resource "aws_iam_group" "deployers" {
  name = "deployers"
}

resource "aws_iam_user" "ci" {
  name = "ci-deploy"
}

resource "aws_iam_user_group_membership" "ci" {
  user   = aws_iam_user.ci.name
  groups = [aws_iam_group.deployers.name]
}

resource "aws_iam_group_policy" "deploy" {
  name  = "deploy"
  group = aws_iam_group.deployers.name
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "lambda:UpdateFunctionCode", Resource = "arn:aws:lambda:eu-west-1:111122223333:function:app" }]
  })
}
