# rampart:expect-lines 11
resource "aws_security_group" "windows" {
  name        = "windows-admin"
  description = "Remote Desktop"
  vpc_id      = "vpc-0a1b2c3d4e5f67890"

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
