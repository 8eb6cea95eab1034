# rampart:expect-lines 2,18
resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::111122223333:role/orders-fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "orders.zip"
}

resource "aws_lambda_function" "billing" {
  function_name = "billing"
  role          = "arn:aws:iam::111122223333:role/billing-fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "billing.zip"

  tracing_config {
    mode = "PassThrough"
  }
}
