resource "aws_db_instance" "orders" {
  identifier          = "${local.name_prefix}-orders"
  engine              = "postgres"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "orders"
  manage_master_user_password = true
  publicly_accessible = var.db_public
  skip_final_snapshot = true
}

resource "aws_kms_key" "data" {
  description = "Data key"
}

resource "aws_cloudwatch_log_group" "app" {
  name = "/${local.name_prefix}/app"
}

resource "aws_cloudtrail" "main" {
  name           = "${local.name_prefix}-trail"
  s3_bucket_name = module.logs.bucket_names["audit"]
}

resource "aws_dynamodb_table" "sessions" {
  name         = "${local.name_prefix}-sessions"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }
}

resource "aws_sqs_queue" "jobs" {
  name                    = "${local.name_prefix}-jobs"
  sqs_managed_sse_enabled = false
}

resource "aws_sns_topic" "alerts" {
  name = "${local.name_prefix}-alerts"
}

resource "aws_ecr_repository" "app" {
  name = "${local.name_prefix}-app"
}
