# rampart:expect-lines 8
resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_user_policy_attachment" "bob_admin" {
  user       = aws_iam_user.bob.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}
