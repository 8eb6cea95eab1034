# rampart:expect-lines 6
resource "aws_launch_template" "app" {
  name_prefix = "app-"
  image_id    = "ami-0c55b159cbfafe1f0"

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size = 30
      volume_type = "gp3"
    }
  }
}
