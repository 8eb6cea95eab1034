variable "acl" {
  type = string
}

resource "aws_s3_bucket" "data" {
  bucket = "example-data"
  acl    = var.acl
}
