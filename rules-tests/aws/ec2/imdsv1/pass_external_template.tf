variable "launch_template_id" {
  type = string
}

resource "aws_instance" "app" {
  subnet_id = "subnet-0123456789abcdef0"

  launch_template {
    id      = var.launch_template_id
    version = "$Latest"
  }
}
