# METADATA
# title: S3 bucket MFA delete is not enabled
# description: >-
#   With MFA delete, permanently deleting an object version or suspending versioning needs the
#   root user's MFA code, so stolen access keys alone cannot destroy a versioned bucket's data.
#   It can only be turned on by the root user through the API; Terraform sets it with
#   aws_s3_bucket_versioning's mfa argument. CloudFormation cannot express it.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/MultiFactorAuthenticationDelete.html
# custom:
#   id: AWS-S3-007
#   severity: LOW
#   recommended_action: Enable versioning with MFA delete (aws_s3_bucket_versioning mfa_delete = "Enabled" with the root user's mfa), for buckets whose data must not be destroyed.
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     cis-aws-3.0: ["2.1.2"]
#     nist-800-53-r5: ["IA-2", "SI-12"]
#     soc2: ["CC6.1"]
package rampart.aws.s3.mfa_delete

import rego.v1

deny contains {"msg": msg, "ref": b.__ref, "path": ["versioning", "mfa_delete"]} if {
	some b in input.aws.s3.buckets
	b.versioning.mfa_delete == false
	msg := sprintf("%s: MFA delete is not enabled; enable versioning with MFA delete so that versions cannot be destroyed without the root user's MFA", [b.__ref])
}
