variable "db_password" {
  type      = string
  sensitive = true
}

variable "password_length" {
  type    = number
  default = 24
}

variable "create_secret" {
  type    = bool
  default = true
}

variable "db_secret_arn" {
  type = string
}

variable "region" {
  default = "us-east-1"
}
