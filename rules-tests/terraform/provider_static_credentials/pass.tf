variable "access_key" {
  type      = string
  sensitive = true
}

provider "aws" {
  region  = "us-east-1"
  profile = "prod"
}

# Only known when Terraform runs: not written in the repository.
provider "aws" {
  alias      = "ci"
  region     = "us-east-1"
  access_key = var.access_key
  secret_key = ""
}

provider "google" {
  access_token = "not an AWS provider"
}
