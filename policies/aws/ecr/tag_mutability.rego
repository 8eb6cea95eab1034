# METADATA
# title: ECR repository allows image tags to be overwritten
# description: >-
#   With mutable tags, pushing an image under an existing tag silently replaces what every
#   deployment referencing that tag runs next: a compromised CI credential can swap a
#   production image without changing any manifest. Immutable tags make each tag name one
#   image for good.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html
# custom:
#   id: AWS-ECR-001
#   severity: MEDIUM
#   recommended_action: >-
#     Set image_tag_mutability = "IMMUTABLE" (CloudFormation: ImageTagMutability: IMMUTABLE).
#   input:
#     selector:
#       - type: cloud
#         service: ecr
#   frameworks:
#     nist-800-53-r5: ["CM-5", "SI-7"]
#     soc2: ["CC8.1"]
package rampart.aws.ecr.tag_mutability

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": r.__ref, "path": ["image_tag_mutability"]} if {
	some r in input.aws.ecr.repositories
	r.image_tag_mutability == "MUTABLE"
	msg := sprintf("%s lets pushes overwrite existing image tags; set %s to IMMUTABLE", [r.__ref, source.name(r, {"terraform": "image_tag_mutability", "cloudformation": "ImageTagMutability"})])
}
