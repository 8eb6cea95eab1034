# rampart:expect-lines 12
resource "aws_security_group" "mssql" {
  name   = "mssql"
  vpc_id = "vpc-0a1b2c3d4e5f67890"
}

resource "aws_security_group_rule" "mssql" {
  type              = "ingress"
  from_port         = 1430
  to_port           = 1440
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8", "0.0.0.0/0"]
  security_group_id = aws_security_group.mssql.id
}
