resource "aws_lb" "tcp" {
  name               = "tcp"
  load_balancer_type = "network"
  subnets            = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
