provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = {
      Owner = "platform"
    }
  }
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}
