# rampart:expect-lines 41
resource "aws_cloudfront_distribution" "site" {
  enabled    = true
  aliases    = ["www.example.com"]
  web_acl_id = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/cdn/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"

  logging_config {
    bucket = "example-cdn-logs.s3.amazonaws.com"
    prefix = "site/"
  }

  origin {
    origin_id   = "app"
    domain_name = "app.example.com"

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id       = "app"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:123456789012:certificate/0d2c7c1e-1111-2222-3333-444455556666"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.1_2016"
  }
}
