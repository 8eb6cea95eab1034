resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_security_group" "admin" {
  name   = "${local.name_prefix}-admin"
  vpc_id = aws_vpc.main.id

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.admin_cidr]
  }
}

resource "aws_security_group_rule" "rdp" {
  type              = "ingress"
  security_group_id = aws_security_group.admin.id
  from_port         = 3389
  to_port           = 3389
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
}

resource "aws_vpc_security_group_ingress_rule" "everything_v6" {
  security_group_id = aws_security_group.admin.id
  ip_protocol       = "-1"
  cidr_ipv6         = "::/0"
}

resource "aws_instance" "web" {
  count         = var.web_count
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"

  vpc_security_group_ids = [aws_security_group.admin.id]

  metadata_options {
    http_tokens = "optional"
  }

  root_block_device {
    encrypted = false
  }
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "us-east-1a"
  size              = 50
}

resource "aws_ebs_volume" "keyed" {
  availability_zone = "us-east-1a"
  size              = 50
  encrypted         = true
  kms_key_id        = var.kms_key_arn
}
