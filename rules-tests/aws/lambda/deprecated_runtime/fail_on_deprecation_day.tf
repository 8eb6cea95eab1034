# rampart:expect-lines 7
# rampart:today 2025-09-01
# From the day Lambda deprecates nodejs18.x, the same function is reported.
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::111122223333:role/api-fn"
  runtime       = "nodejs18.x"
  handler       = "index.handler"
  filename      = "api.zip"
}
