# rampart:expect-lines 8
resource "aws_iam_group" "operators" {
  name = "operators"
}

resource "aws_iam_group_policy_attachment" "operators_cloudshell" {
  group      = aws_iam_group.operators.name
  policy_arn = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
}
