variable "root_mfa" {
  description = "Serial number and current code of the root user's MFA device"
  type        = string
  sensitive   = true
}

resource "aws_s3_bucket" "backups" {
  bucket = "example-backups"
}

resource "aws_s3_bucket_versioning" "backups" {
  bucket = aws_s3_bucket.backups.id
  mfa    = var.root_mfa
  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}
