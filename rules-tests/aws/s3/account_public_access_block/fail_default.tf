# rampart:expect-lines 2
resource "aws_s3_account_public_access_block" "this" {}
