# rampart:expect-lines 5
resource "aws_s3_bucket" "backups" {
  bucket = "example-backups"

  versioning {
    enabled = true
  }
}
