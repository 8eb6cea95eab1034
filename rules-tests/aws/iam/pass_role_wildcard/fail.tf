# rampart:expect-lines 9
data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["lambda:CreateFunction", "lambda:UpdateFunctionConfiguration"]
    resources = ["arn:aws:lambda:eu-west-1:111122223333:function:app-*"]
  }
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "deployer" {
  name   = "deployer"
  policy = data.aws_iam_policy_document.deployer.json
}
