module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
}

module "logs" {
  source = "git::https://github.com/acme/terraform-logs.git?ref=v1.4.2"
}

module "dns" {
  source = "github.com/acme/terraform-dns?ref=3f2a9c1d5b7e8f90a1b2c3d4e5f60718293a4b5c"
}

module "local" {
  source = "./modules/app"
}

module "archive" {
  source = "https://example.com/modules/app.zip"
}
