# METADATA
# title: S3 bucket object lock is not enabled
# description: >-
#   Object Lock keeps object versions from being deleted or overwritten for a retention period
#   (write once, read many). Buckets that hold backups, audit logs or records that must be
#   retained need it to resist deletion by a compromised or careless administrator.
# scope: package
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html
# custom:
#   id: AWS-S3-010
#   severity: INFO
#   recommended_action: For buckets holding backups, logs or records, enable Object Lock (object_lock_enabled, or ObjectLockEnabled) with a default retention.
#   input:
#     selector:
#       - type: cloud
#         service: s3
#   frameworks:
#     nist-800-53-r5: ["SI-12"]
#     pci-dss-4.0: ["10.3.2"]
#     soc2: ["CC7.5"]
package rampart.aws.s3.object_lock

import rego.v1

deny contains {"msg": msg, "ref": b.__ref, "path": ["object_lock", "enabled"]} if {
	some b in input.aws.s3.buckets
	b.object_lock.enabled == false
	msg := sprintf("%s: Object Lock is not enabled; enable it with a default retention if the bucket holds data that must not be deleted", [b.__ref])
}
