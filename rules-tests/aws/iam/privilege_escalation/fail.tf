# rampart:expect-lines 4
data "aws_iam_policy_document" "helpdesk" {
  statement {
    actions   = ["iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:CreateAccessKey"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "helpdesk" {
  name   = "helpdesk"
  policy = data.aws_iam_policy_document.helpdesk.json
}
