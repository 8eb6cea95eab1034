# The bucket and its policy name the bucket with the same expression, whose value is only known
# at apply time: they are the same bucket, so the policy is the bucket's.
variable "prefix" {
  type = string
}

resource "aws_s3_bucket" "logs" {
  bucket = "${var.prefix}-logs"
}

resource "aws_s3_bucket_policy" "logs" {
  bucket = "${var.prefix}-logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::${var.prefix}-logs", "arn:aws:s3:::${var.prefix}-logs/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
