# An application load balancer can only write its access logs to a bucket with S3-managed keys.
resource "aws_s3_bucket" "logs" {
  bucket = "example-alb-logs"
}

resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-1", "subnet-2"]

  access_logs {
    bucket  = aws_s3_bucket.logs.id
    enabled = true
  }
}
