# rampart:expect-lines 2
resource "aws_sns_topic" "alerts" {
  name = "alerts"
}
