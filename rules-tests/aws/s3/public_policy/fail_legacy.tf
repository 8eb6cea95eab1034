# rampart:expect-lines 4
resource "aws_s3_bucket" "site" {
  bucket = "example-public-site"
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Principal": {"AWS": "*"},
          "Action": ["s3:GetObject"],
          "Resource": "arn:aws:s3:::example-public-site/*"
        }
      ]
    }
  POLICY
}
