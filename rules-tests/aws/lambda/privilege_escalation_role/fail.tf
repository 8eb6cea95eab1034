# rampart:expect-lines 35
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

# Not an administrator, but one call away from being one.
resource "aws_iam_role_policy" "fn" {
  name = "manage-roles"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["logs:CreateLogStream", "logs:PutLogEvents"], Resource = "*" },
      { Effect = "Allow", Action = ["iam:AttachRolePolicy", "iam:PassRole"], Resource = "*" },
    ]
  })
}

resource "aws_lambda_function" "provisioner" {
  function_name = "provisioner"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "provisioner.zip"
  tracing_config {
    mode = "Active"
  }
  role = aws_iam_role.fn.arn
}
