# rampart:expect-lines 3
resource "aws_ebs_encryption_by_default" "this" {
  enabled = false
}
