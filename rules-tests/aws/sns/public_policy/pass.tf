resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EventBridgePublishes"
      Effect    = "Allow"
      Principal = { Service = "events.amazonaws.com" }
      Action    = "SNS:Publish"
      Resource  = "arn:aws:sns:eu-west-1:111122223333:alerts"
      }, {
      Sid       = "OwnerManages"
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = ["SNS:GetTopicAttributes", "SNS:Subscribe"]
      Resource  = "arn:aws:sns:eu-west-1:111122223333:alerts"
      Condition = {
        StringEquals = { "AWS:SourceOwner" = "111122223333" }
      }
    }]
  })
}

resource "aws_sns_topic" "default_policy" {
  name              = "default-policy"
  kms_master_key_id = "alias/aws/sns"
}
