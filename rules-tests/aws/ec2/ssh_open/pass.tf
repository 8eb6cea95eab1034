resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "SSH from the office VPN only"
  vpc_id      = "vpc-0a1b2c3d4e5f67890"

  ingress {
    description = "SSH from the VPN"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
