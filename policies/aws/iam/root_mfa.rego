# METADATA
# title: Root user has no MFA
# description: >-
#   Whoever learns the root password (phishing, a reused password, a recovery e-mail takeover)
#   owns the account outright. A second factor on root stops a stolen password from being
#   enough.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-virt-mfa-for-root.html
# custom:
#   id: AWS-IAM-020
#   severity: CRITICAL
#   recommended_action: Sign in as root and assign an MFA device (preferably a hardware key) under Security credentials → Multi-factor authentication.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     cis-aws-3.0: ["1.5"]
#     nist-800-53-r5: ["IA-2"]
#     pci-dss-4.0: ["8.4.1"]
#     soc2: ["CC6.1"]
package rampart.aws.iam.root_mfa

import rego.v1

deny contains {"msg": msg, "ref": a.__ref, "path": ["root_mfa_enabled"]} if {
	some a in input.aws.iam.account
	a.root_mfa_enabled == false
	msg := sprintf("%s: the root user has no MFA device; assign one", [a.__ref])
}
