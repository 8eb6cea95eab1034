# rampart:expect-lines 2
resource "aws_cloudwatch_log_group" "app" {
  name = "/app/api"
}
