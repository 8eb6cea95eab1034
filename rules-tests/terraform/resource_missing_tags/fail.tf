# rampart:expect-lines 6,14
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs"
}

resource "aws_instance" "web" {
  count         = 1
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  tags          = {}
}

# Not a common taggable type: not reported.
resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}
