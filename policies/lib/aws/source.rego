# Names in messages: a finding speaks the vocabulary of what wrote the entity it is about, so a
# CloudFormation author reads `StorageEncrypted`, a Terraform author `storage_encrypted`, and
# the nightly audit the API's field.
#
# The entity's ref says where it came from: CloudFormation's are `Resources.<LogicalId>`, live
# ones are ARNs or account paths (`arn:…`, `aws-account/…`), the rest are Terraform addresses
# (from HCL or a plan).
package rampart.lib.aws.source

import rego.v1

# "terraform", "cloudformation" or "live".
of(e) := "cloudformation" if startswith(e.__ref, "Resources.")

of(e) := "live" if {
	not startswith(e.__ref, "Resources.")
	live_ref(e.__ref)
}

of(e) := "terraform" if {
	not startswith(e.__ref, "Resources.")
	not live_ref(e.__ref)
}

live_ref(ref) if startswith(ref, "arn:")

live_ref(ref) if startswith(ref, "aws-account/")

# The setting's name as the entity's source writes it, from
# {"terraform": …, "cloudformation": …, "live": …}; the Terraform name when the source has
# none of its own (never undefined, so a message is never lost).
name(e, names) := names[of(e)] if is_string(names[of(e)])

name(e, names) := names.terraform if not is_string(names[of(e)])
