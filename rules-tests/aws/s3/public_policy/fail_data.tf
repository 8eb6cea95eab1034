# rampart:expect-lines 20
resource "aws_s3_bucket" "drop" {
  bucket = "example-drop"
}

data "aws_iam_policy_document" "drop" {
  statement {
    sid       = "OwnerRead"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::example-drop/*"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::111122223333:root"]
    }
  }
  statement {
    sid       = "AnyoneUpload"
    actions   = ["s3:PutObject"]
    resources = ["arn:aws:s3:::example-drop/*"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
  }
}

resource "aws_s3_bucket_policy" "drop" {
  bucket = aws_s3_bucket.drop.id
  policy = data.aws_iam_policy_document.drop.json
}
