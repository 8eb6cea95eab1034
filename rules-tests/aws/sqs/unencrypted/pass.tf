resource "aws_sqs_queue" "default" {
  name = "jobs"
}

resource "aws_sqs_queue" "sse_sqs" {
  name                    = "events"
  sqs_managed_sse_enabled = true
}

resource "aws_kms_key" "queues" {
  description         = "Queues"
  enable_key_rotation = true
}

resource "aws_sqs_queue" "kms" {
  name              = "payments"
  kms_master_key_id = aws_kms_key.queues.id
}
