resource "aws_lb" "web" {
  name    = "web"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]

  access_logs {
    bucket  = "example-lb-logs"
    prefix  = "web"
    enabled = true
  }
}
