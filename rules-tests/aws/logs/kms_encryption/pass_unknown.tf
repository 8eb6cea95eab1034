variable "logs_key_arn" {
  type = string
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/app/api"
  retention_in_days = 365
  kms_key_id        = var.logs_key_arn
}
