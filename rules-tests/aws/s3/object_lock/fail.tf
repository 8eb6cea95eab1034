# rampart:expect-lines 4
resource "aws_s3_bucket" "records" {
  bucket              = "example-records"
  object_lock_enabled = false
}
