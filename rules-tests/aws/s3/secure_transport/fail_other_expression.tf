# rampart:expect-lines 7
variable "prefix" {
  type = string
}

# Its policy is another bucket's: the names are built differently.
resource "aws_s3_bucket" "logs" {
  bucket = "${var.prefix}-logs"
}

resource "aws_s3_bucket_policy" "archive" {
  bucket = "${var.prefix}-archive"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::${var.prefix}-archive", "arn:aws:s3:::${var.prefix}-archive/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
