# rampart:expect-lines 10
resource "aws_s3_bucket" "backups" {
  bucket = "example-backups"
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Disabled"
  }
}
