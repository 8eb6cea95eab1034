variable "environment" {
  type        = string
  description = "Deployment stage"
  default     = "dev"
}

variable "log_buckets" {
  type    = set(string)
  default = ["access", "audit"]
}

variable "db_public" {
  type    = bool
  default = false
}

variable "admin_cidr" {
  type    = string
  default = "0.0.0.0/0"
}

variable "kms_key_arn" {
  type        = string
  description = "Set per account; unknown here, so nothing that depends on it fires"
}

variable "web_count" {
  type    = number
  default = 2
}
