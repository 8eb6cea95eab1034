# rampart:expect-lines 4,10
variable "registry_token" {
  type    = string
  default = "glpat-0123456789abcdefghijk"
}

resource "aws_ssm_parameter" "db_url" {
  name  = "/orders/db-url"
  type  = "String"
  value = "postgres://orders:Hunter2-prod@db.internal:5432/orders"
}
