# rampart:expect-lines 8
resource "aws_launch_configuration" "app" {
  name_prefix   = "app-"
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.small"

  metadata_options {
    http_tokens = "optional"
  }
}
