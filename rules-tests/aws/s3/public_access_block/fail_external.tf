# rampart:expect-lines 5
# The bucket is managed elsewhere; this code still turns its protection off.
resource "aws_s3_bucket_public_access_block" "legacy" {
  bucket                  = "legacy-bucket"
  block_public_acls       = false
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
