# rampart:expect-lines 13
resource "aws_iam_role" "ci" {
  name = "ci"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "lambda.amazonaws.com" } }]
  })
}

resource "aws_iam_role_policy" "ci" {
  name   = "everything"
  role   = aws_iam_role.ci.id
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": {"Effect": "Allow", "Action": "*:*", "Resource": "*"}
    }
  EOF
}
