# rampart:expect-lines 12
resource "aws_security_group" "debug" {
  name   = "debug"
  vpc_id = "vpc-0a1b2c3d4e5f67890"
}

resource "aws_vpc_security_group_ingress_rule" "all_tcp" {
  security_group_id = aws_security_group.debug.id
  ip_protocol       = "tcp"
  from_port         = 0
  to_port           = 65535
  cidr_ipv6         = "::/0"
}
