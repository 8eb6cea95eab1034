# rampart:expect-lines 9
data "aws_s3_bucket" "shared" {
  bucket = "shared-artifacts"
}

# The policy replaces the bucket's whole policy, and it does not deny plain HTTP.
resource "aws_s3_bucket_policy" "shared" {
  bucket = data.aws_s3_bucket.shared.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:root" }
      Action    = "s3:GetObject"
      Resource  = "${data.aws_s3_bucket.shared.arn}/*"
    }]
  })
}
