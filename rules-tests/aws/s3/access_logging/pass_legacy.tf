resource "aws_s3_bucket" "data" {
  bucket = "example-data"

  logging {
    target_bucket = "example-access-logs"
    target_prefix = "data/"
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "example-access-logs"
}
