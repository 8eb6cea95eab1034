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

resource "aws_secretsmanager_secret" "db" {
  name = "orders/db"
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "orders.zip"

  environment {
    variables = {
      TABLE_NAME             = "orders"
      DB_PASSWORD_SECRET_ARN = aws_secretsmanager_secret.db.arn
      API_TOKEN_PARAM        = "/orders/api-token"
      DB_PASSWORD            = "/orders/db/password"
      TOKEN_TTL_SECONDS      = "3600"
      LOG_LEVEL              = "info"
    }
  }
}
