# rampart:expect-lines 3
# A network load balancer can write access logs to a KMS-encrypted bucket: no exemption.
resource "aws_s3_bucket" "logs" {
  bucket = "example-nlb-logs"
}

resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-1", "subnet-2"]

  access_logs {
    bucket  = aws_s3_bucket.logs.id
    enabled = true
  }
}
