# rampart:expect-lines 2
resource "aws_kms_key" "data" {
  description             = "Application data"
  deletion_window_in_days = 30
}

resource "aws_kms_alias" "data" {
  name          = "alias/app-data"
  target_key_id = aws_kms_key.data.key_id
}
