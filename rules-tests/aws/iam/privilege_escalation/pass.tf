data "aws_iam_policy_document" "self_service" {
  statement {
    actions   = ["iam:CreateAccessKey", "iam:UpdateLoginProfile"]
    resources = ["arn:aws:iam::111122223333:user/$${aws:username}"]
  }
  statement {
    actions   = ["iam:AttachRolePolicy", "iam:PutRolePolicy"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = ["arn:aws:iam::111122223333:policy/boundary"]
    }
  }
}

resource "aws_iam_policy" "self_service" {
  name   = "self-service"
  policy = data.aws_iam_policy_document.self_service.json
}
