# rampart:expect-lines 18,26
# rampart:today 2026-12-07
resource "aws_iam_role" "fn" {
  name = "orders-fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.8"
  handler       = "app.handler"
  filename      = "orders.zip"
}

resource "aws_lambda_function" "legacy" {
  function_name = "legacy"
  role          = aws_iam_role.fn.arn
  runtime       = "nodejs16.x"
  handler       = "index.handler"
  filename      = "legacy.zip"
}
