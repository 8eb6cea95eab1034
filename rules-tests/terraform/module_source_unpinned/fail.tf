# rampart:expect-lines 2,8,12,17
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
  name   = "main"
}

module "logs" {
  source = "git::https://github.com/acme/terraform-logs.git"
}

module "dns" {
  source = "github.com/acme/terraform-dns?ref=main"
}

module "iam" {
  source  = "app.terraform.io/acme/iam/aws//modules/role"
  version = ""
}
