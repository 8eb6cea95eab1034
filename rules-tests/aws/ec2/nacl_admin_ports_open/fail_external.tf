# rampart:expect-lines 10
variable "default_network_acl_id" {
  type = string
}

# An entry added to an ACL the code does not declare.
resource "aws_network_acl_rule" "rdp" {
  network_acl_id = var.default_network_acl_id
  rule_number    = 100
  cidr_block     = "0.0.0.0/0"
  protocol       = "6"
  rule_action    = "allow"
  from_port      = 3389
  to_port        = 3389
}
