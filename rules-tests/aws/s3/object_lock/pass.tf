resource "aws_s3_bucket" "records" {
  bucket              = "example-records"
  object_lock_enabled = true
}

resource "aws_s3_bucket_object_lock_configuration" "records" {
  bucket = aws_s3_bucket.records.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
}
