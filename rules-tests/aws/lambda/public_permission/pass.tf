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
}

resource "aws_lambda_permission" "uploads" {
  statement_id  = "AllowUploadsBucket"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.orders.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = "arn:aws:s3:::orders-uploads"
}

resource "aws_lambda_permission" "organisation" {
  statement_id     = "AllowOrganisation"
  action           = "lambda:InvokeFunction"
  function_name    = "orders"
  principal        = "*"
  principal_org_id = "o-a1b2c3d4e5"
}
