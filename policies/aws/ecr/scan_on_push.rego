# METADATA
# title: ECR repository does not scan images on push
# description: >-
#   Scanning on push reports known vulnerabilities (CVEs) in every image as it lands in the
#   registry, before it is deployed. Without it, vulnerable images ship unnoticed. A registry
#   scanning configuration whose rule scans the repository on push or continuously also
#   counts.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/ecr-controls.html#ecr-1
# custom:
#   id: AWS-ECR-002
#   severity: MEDIUM
#   recommended_action: >-
#     Add image_scanning_configuration { scan_on_push = true } (CloudFormation:
#     ImageScanningConfiguration: {ScanOnPush: true}), or a registry scanning rule that covers
#     the repository.
#   input:
#     selector:
#       - type: cloud
#         service: ecr
#   frameworks:
#     nist-800-53-r5: ["SI-2"]
#     pci-dss-4.0: ["6.3.1"]
#     soc2: ["CC7.1"]
package rampart.aws.ecr.scan_on_push

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": r.__ref, "path": ["scan_on_push"]} if {
	some r in input.aws.ecr.repositories
	r.scan_on_push == false
	msg := sprintf("%s does not scan images for vulnerabilities on push; set %s to true", [r.__ref, source.name(r, {"terraform": "image_scanning_configuration.scan_on_push", "cloudformation": "ImageScanningConfiguration.ScanOnPush"})])
}
