# rampart:expect-lines 10
resource "aws_iam_user" "ci" {
  name = "ci"
}

resource "aws_iam_access_key" "ci_2023" {
  user = aws_iam_user.ci.name
}

resource "aws_iam_access_key" "ci_2024" {
  user = aws_iam_user.ci.name
}
