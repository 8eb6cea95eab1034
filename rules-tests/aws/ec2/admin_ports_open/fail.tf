# rampart:expect-lines 11
resource "aws_security_group" "db" {
  name   = "postgres"
  vpc_id = "vpc-0a1b2c3d4e5f67890"

  ingress {
    description = "PostgreSQL"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
