# METADATA
# title: S3 bucket policy does not deny plain HTTP requests
# description: >-
#   S3 accepts HTTP as well as HTTPS. Unless the bucket policy denies requests where
#   aws:SecureTransport is false, data and credentials signed for a request can travel
#   unencrypted.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit
#   - https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule
# custom:
#   id: AWS-S3-009
#   severity: MEDIUM
#   recommended_action: 'Add a bucket policy statement that denies "s3:*" to Principal "*" on the bucket and its objects when "aws:SecureTransport" is "false".'
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     cis-aws-3.0: ["2.1.1"]
#     nist-800-53-r5: ["SC-8"]
#     pci-dss-4.0: ["4.2.1"]
#     soc2: ["CC6.7"]
package rampart.aws.s3.secure_transport

import rego.v1

deny contains {"msg": msg, "ref": b.__ref, "path": ["secure_transport_required"]} if {
	some b in input.aws.s3.buckets
	b.secure_transport_required == false
	msg := sprintf("%s: the bucket policy does not deny requests over plain HTTP; deny s3:* to everyone when aws:SecureTransport is false", [b.__ref])
}
