# METADATA
# title: IAM policy allows every action of a service on every resource
# description: >-
#   An action such as "s3:*" or "iam:*" on "Resource": "*" grants everything a service can do,
#   including deleting data, changing its access policies and actions added in the future, on
#   every resource of the account. Not reported for ssmmessages and ec2messages: the Systems
#   Manager agent's channels, whose actions have no resource types and are all needed by the
#   agent (AWS's AmazonSSMManagedInstanceCore grants every one of them on "*").
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
#   - https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
# custom:
#   id: AWS-IAM-012
#   severity: MEDIUM
#   recommended_action: List the actions the principal needs and the ARNs of the resources it works on.
#   input:
#     selector:
#       - type: cloud
#         service: iam
#   frameworks:
#     nist-800-53-r5: ["AC-6"]
#     pci-dss-4.0: ["7.2.1", "7.2.2"]
#     soc2: ["CC6.3"]
package rampart.aws.iam.service_wildcard

import rego.v1

import data.rampart.lib.aws.iam

deny contains {"msg": msg, "ref": d.ref, "path": array.concat(d.path, ["Statement", k, "Action"])} if {
	some d in iam.identity_documents
	some k, s in iam.allow_statements(d.doc)
	iam.all_resources(s)
	some a in iam.list(s.Action)
	is_string(a)
	regex.match(`^[A-Za-z0-9-]+:\*$`, a)
	not lower(split(a, ":")[0]) in agent_channels
	msg := sprintf("%s: statement %d allows %q on every resource; list the actions and resources needed", [d.label, k, a])
}

# Services whose every action the SSM agent needs and none of which can be scoped to a
# resource: "service:*" on "*" is exactly what they require.
agent_channels := {"ssmmessages", "ec2messages"}
