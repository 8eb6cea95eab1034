# rampart:expect-lines 2
resource "aws_alb" "web" {
  name    = "web"
  subnets = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}
