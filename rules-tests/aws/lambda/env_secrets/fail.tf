# rampart:expect-lines 24,26
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
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "orders.zip"

  environment {
    variables = {
      TABLE_NAME    = "orders"
      DB_PASSWORD   = "Sup3r-S3cret-2024"
      LOG_LEVEL     = "info"
      BACKUP_ACCESS = "AKIAIOSFODNN7EXAMPLE"
    }
  }
}
