variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_ssm_parameter" "db_url" {
  name  = "/orders/db-url"
  type  = "SecureString"
  value = "postgres://orders@db.internal:5432/orders"
}

resource "aws_ssm_parameter" "homepage" {
  name  = "/orders/homepage"
  type  = "String"
  value = "https://orders.example.com/status"
}
