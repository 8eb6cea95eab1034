# rampart:expect-lines 12
resource "aws_security_group" "windows" {
  name   = "windows-admin"
  vpc_id = "vpc-0a1b2c3d4e5f67890"
}

resource "aws_security_group_rule" "rdp_udp" {
  type              = "ingress"
  from_port         = 3389
  to_port           = 3389
  protocol          = "udp"
  ipv6_cidr_blocks  = ["::/0"]
  security_group_id = aws_security_group.windows.id
}
