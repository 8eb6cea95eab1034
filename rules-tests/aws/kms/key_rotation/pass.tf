resource "aws_kms_key" "data" {
  description             = "Application data"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

resource "aws_kms_key" "signing" {
  description              = "Release signing"
  key_usage                = "SIGN_VERIFY"
  customer_master_key_spec = "ECC_NIST_P256"
}

resource "aws_kms_key" "hmac" {
  description              = "Webhook HMAC"
  key_usage                = "GENERATE_VERIFY_MAC"
  customer_master_key_spec = "HMAC_256"
}

resource "aws_kms_external_key" "byok" {
  description = "Imported key material"
}
