resource "aws_iam_user" "ci" {
  name = "ci"
}

# Rotation: the old key is deactivated before it is deleted.
resource "aws_iam_access_key" "ci_2023" {
  user   = aws_iam_user.ci.name
  status = "Inactive"
}

resource "aws_iam_access_key" "ci_2024" {
  user = aws_iam_user.ci.name
}
