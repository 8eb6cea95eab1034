# METADATA
# title: AWSCloudShellFullAccess is attached to an IAM principal
# description: >-
#   AWSCloudShellFullAccess allows uploading and downloading files to CloudShell environments
#   with internet access: a path to move data out of the account that bypasses other controls.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/cloudshell/latest/userguide/sec-auth-with-identities.html
#   - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCloudShellFullAccess.html
# custom:
#   id: AWS-IAM-017
#   severity: MEDIUM
#   recommended_action: Detach AWSCloudShellFullAccess; grant CloudShell access with a policy that denies cloudshell:GetFileUploadUrls and cloudshell:GetFileDownloadUrls where it is needed.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.22"]
#     nist-800-53-r5: ["AC-6", "SC-7"]
#     pci-dss-4.0: ["7.2.2"]
#     soc2: ["CC6.3", "CC6.7"]
package rampart.aws.iam.cloudshell_full_access

import rego.v1

import data.rampart.lib.aws.iam

deny contains {"msg": msg, "ref": e.__ref, "path": ["attached_policies", i]} if {
	some collection, kind in iam.principal_kinds
	some e in input.aws.iam[collection]
	some i, _ in iam.attached_aws_policy(e, "AWSCloudShellFullAccess")
	msg := sprintf("%s: the %s has the AWSCloudShellFullAccess managed policy; detach it or deny CloudShell file transfers", [e.__ref, kind])
}
