# rampart:expect-lines 8
resource "aws_ecr_repository" "api" {
  name                 = "api"
  image_tag_mutability = "IMMUTABLE"
}

data "aws_iam_policy_document" "pull" {
  statement {
    sid     = "PullFromAnywhere"
    actions = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_ecr_repository_policy" "api" {
  repository = "api"
  policy     = data.aws_iam_policy_document.pull.json
}
