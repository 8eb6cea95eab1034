# rampart:expect-lines 5
resource "aws_kms_key" "data" {
  description             = "Application data"
  deletion_window_in_days = 30
  enable_key_rotation     = false
}
