# A bucket managed elsewhere, read through a data source: what this code sets is all on, and
# nothing else of the bucket is judged here.
data "aws_s3_bucket" "legacy" {
  bucket = "legacy-bucket"
}

resource "aws_s3_bucket_public_access_block" "legacy" {
  bucket                  = data.aws_s3_bucket.legacy.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
