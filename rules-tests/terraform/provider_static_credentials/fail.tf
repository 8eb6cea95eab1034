# rampart:expect-lines 8,9,15
variable "aws_secret_key" {
  default = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = var.aws_secret_key
}

provider "aws" {
  alias  = "audit"
  region = "eu-west-1"
  token  = "FwoGZXIvYXdzEXAMPLE"
}
