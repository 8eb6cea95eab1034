# rampart:expect-lines 2
resource "aws_ecr_repository" "api" {
  name = "api"

  image_scanning_configuration {
    scan_on_push = true
  }
}
