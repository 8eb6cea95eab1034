# rampart:today 2025-08-31
# The day before Lambda deprecates nodejs18.x, the function is fine.
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api-fn"
  runtime       = "nodejs18.x"
  handler       = "index.handler"
  filename      = "api.zip"
}
