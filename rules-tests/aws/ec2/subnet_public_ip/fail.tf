# rampart:expect-lines 9,13
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.0.1.0/24"
  map_public_ip_on_launch = true
}

# A default subnet hands out public addresses unless told not to.
resource "aws_default_subnet" "a" {
  availability_zone = "eu-west-1a"
}
