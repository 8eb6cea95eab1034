# rampart:expect-lines 2,8,11
variable "db_password" {
  type = string
}

variable "github_token" {
  description = "Token for the webhook"
  sensitive   = false
}

variable "apiSecret" {}
