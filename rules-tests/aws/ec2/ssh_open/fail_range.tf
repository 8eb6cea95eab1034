# rampart:expect-lines 13
resource "aws_security_group" "legacy" {
  name   = "legacy-ftp-ssh"
  vpc_id = "vpc-0a1b2c3d4e5f67890"
}

resource "aws_security_group_rule" "legacy_in" {
  type              = "ingress"
  description       = "FTP and SSH"
  from_port         = 20
  to_port           = 25
  protocol          = "tcp"
  ipv6_cidr_blocks  = ["::/0"]
  security_group_id = aws_security_group.legacy.id
}
