terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

locals {
  name_prefix = "goat-${var.environment}"
  common_tags = {
    Project     = "rampart-goat"
    Environment = var.environment
  }
}

module "logs" {
  source  = "./modules/bucket"
  names   = var.log_buckets
  prefix  = local.name_prefix
  tags    = local.common_tags
}
