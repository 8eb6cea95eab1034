# rampart:expect-lines 15,34
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_network_acl" "public" {
  vpc_id = aws_vpc.main.id

  ingress {
    rule_no    = 100
    action     = "allow"
    protocol   = "tcp"
    from_port  = 22
    to_port    = 22
    cidr_block = "0.0.0.0/0"
  }

  ingress {
    rule_no    = 110
    action     = "allow"
    protocol   = "tcp"
    from_port  = 443
    to_port    = 443
    cidr_block = "0.0.0.0/0"
  }
}

# A standalone entry that allows everything over IPv6.
resource "aws_network_acl_rule" "all_v6" {
  network_acl_id  = aws_network_acl.public.id
  rule_number     = 200
  protocol        = "-1"
  rule_action     = "allow"
  ipv6_cidr_block = "::/0"
}
