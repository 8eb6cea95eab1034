# rampart:expect-lines 4
variable "registry_token" {
  type    = string
  default = "glpat-0123456789abcdefghijk"
}

resource "aws_ssm_parameter" "token" {
  name  = "/ci/token"
  type  = "SecureString"
  value = var.registry_token
}
