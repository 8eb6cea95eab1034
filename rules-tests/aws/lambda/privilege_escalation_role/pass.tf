resource "aws_iam_role" "fn" {
  name = "provisioner-fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# The IAM write action is scoped to the roles the function manages, under a boundary.
resource "aws_iam_role_policy" "fn" {
  name = "manage-app-roles"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "iam:AttachRolePolicy"
      Resource = "arn:aws:iam::111122223333:role/app-*"
      Condition = {
        StringEquals = { "iam:PermissionsBoundary" = "arn:aws:iam::111122223333:policy/app-boundary" }
      }
    }]
  })
}

resource "aws_lambda_function" "provisioner" {
  function_name = "provisioner"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "provisioner.zip"
}
