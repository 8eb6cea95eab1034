# rampart:expect-lines 4
resource "aws_iam_policy" "worker" {
  name = "worker"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
      Resource = "*"
    }]
  })
}
