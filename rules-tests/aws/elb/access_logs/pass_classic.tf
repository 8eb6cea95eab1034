resource "aws_elb" "legacy" {
  name               = "legacy"
  availability_zones = ["eu-west-1a", "eu-west-1b"]

  access_logs {
    bucket   = "example-lb-logs"
    interval = 60
  }

  listener {
    lb_port           = 80
    lb_protocol       = "tcp"
    instance_port     = 8080
    instance_protocol = "tcp"
  }
}
