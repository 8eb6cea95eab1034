# rampart:expect-lines 4
resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = ""
}
