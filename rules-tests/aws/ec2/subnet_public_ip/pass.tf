resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

resource "aws_default_subnet" "a" {
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
}
