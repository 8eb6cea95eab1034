# rampart:expect-lines 9
variable "bucket_name" {
  type = string
}

resource "aws_s3_bucket_versioning" "shared" {
  bucket = var.bucket_name
  versioning_configuration {
    status = "Suspended"
  }
}
