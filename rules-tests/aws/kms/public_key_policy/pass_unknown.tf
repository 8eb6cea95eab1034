variable "key_policy" {
  type = string
}

resource "aws_kms_key" "shared" {
  description         = "Policy from a variable"
  enable_key_rotation = true
  policy              = var.key_policy
}
