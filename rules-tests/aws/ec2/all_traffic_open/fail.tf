# rampart:expect-lines 11
resource "aws_security_group" "debug" {
  name   = "debug"
  vpc_id = "vpc-0a1b2c3d4e5f67890"

  ingress {
    description = "everything"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
