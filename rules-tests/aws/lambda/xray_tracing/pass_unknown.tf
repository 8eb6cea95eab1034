variable "tracing_mode" {
  type = string
}

resource "aws_lambda_function" "orders" {
  function_name = "orders"
  role          = "arn:aws:iam::111122223333:role/orders-fn"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "orders.zip"

  tracing_config {
    mode = var.tracing_mode
  }
}
