# METADATA
# title: CloudTrail trail records only its home region
# description: >-
#   A single-region trail misses every API call made in the other regions, which is where an
#   attacker with stolen credentials starts resources unnoticed. A multi-region trail also
#   covers regions enabled later.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
#   - https://docs.aws.amazon.com/securityhub/latest/userguide/cloudtrail-controls.html#cloudtrail-1
# custom:
#   id: AWS-CLOUDTRAIL-001
#   severity: MEDIUM
#   recommended_action: >-
#     Set is_multi_region_trail = true (CloudFormation: IsMultiRegionTrail: true).
#   input:
#     selector:
#       - type: cloud
#         service: cloudtrail
#   frameworks:
#     cis-aws-3.0: ["3.1"]
#     nist-800-53-r5: ["AU-2", "AU-12"]
#     pci-dss-4.0: ["10.2.1"]
#     soc2: ["CC7.2"]
package rampart.aws.cloudtrail.multi_region

import rego.v1

import data.rampart.lib.aws.source

deny contains {"msg": msg, "ref": t.__ref, "path": ["multi_region"]} if {
	some t in input.aws.cloudtrail.trails
	t.multi_region == false
	msg := sprintf("%s records API calls in one region only; set %s to true", [t.__ref, source.name(t, {"terraform": "is_multi_region_trail", "cloudformation": "IsMultiRegionTrail"})])
}
