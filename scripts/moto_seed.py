#!/usr/bin/env python3
"""Seed a moto server with the account `scanner/tests/audit_aws.rs` audits.

Good and bad S3 buckets and IAM principals, each bad one made to trip one known rule:

  public-acl-bucket     public-read ACL (AllUsers READ grant)           AWS-S3-001
  public-policy-bucket  policy granting s3:GetObject to "*"             AWS-S3-002
  no-pab-bucket         no public access block                          AWS-S3-003
  hardened-bucket       block public access, KMS, logging, object lock
                        (so versioning), TLS-only policy, MFA delete
                        asked for                                       only AWS-S3-007 (moto
                                                                        drops MFADelete)
  admin-user            customer managed policy allowing *:* attached   AWS-IAM-001, AWS-IAM-004
  open-role             trust policy with Principal {"AWS": "*"}        AWS-IAM-006
  two-keys-user         two active access keys                          AWS-IAM-015
  account               password policy: 8 characters, no complexity    AWS-IAM-008, AWS-IAM-010

--scale N adds N plain buckets and N plain users. --deny-bucket NAME creates that bucket, an
"auditor" user allowed everything except s3:GetBucketPolicy and s3:GetBucketVersioning on it, turns moto's IAM
enforcement on, and prints the auditor's keys as JSON ({"AccessKeyId", "SecretAccessKey"}).
"""

import argparse
import json
import sys
import urllib.request

import boto3

ACCOUNT = "123456789012"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", required=True, help="moto server URL, e.g. http://127.0.0.1:5000")
    ap.add_argument("--scale", type=int, default=0, help="extra plain buckets and users")
    ap.add_argument("--deny-bucket", help="bucket whose policy the auditor may not read")
    args = ap.parse_args()

    common = dict(
        endpoint_url=args.endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    s3 = boto3.client("s3", **common)
    iam = boto3.client("iam", **common)

    # S3
    s3.create_bucket(Bucket="public-acl-bucket")
    s3.put_bucket_acl(Bucket="public-acl-bucket", ACL="public-read")

    s3.create_bucket(Bucket="public-policy-bucket")
    s3.put_bucket_policy(
        Bucket="public-policy-bucket",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": "arn:aws:s3:::public-policy-bucket/*",
                    }
                ],
            }
        ),
    )

    s3.create_bucket(Bucket="no-pab-bucket")

    s3.create_bucket(Bucket="log-bucket")
    s3.put_bucket_acl(Bucket="log-bucket", ACL="log-delivery-write")

    s3.create_bucket(Bucket="hardened-bucket", ObjectLockEnabledForBucket=True)
    s3.put_public_access_block(
        Bucket="hardened-bucket",
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    s3.put_bucket_encryption(
        Bucket="hardened-bucket",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": f"arn:aws:kms:us-east-1:{ACCOUNT}:key/11111111-2222-3333-4444-555555555555",
                    },
                    "BucketKeyEnabled": True,
                }
            ]
        },
    )
    s3.put_bucket_logging(
        Bucket="hardened-bucket",
        BucketLoggingStatus={"LoggingEnabled": {"TargetBucket": "log-bucket", "TargetPrefix": "hardened/"}},
    )
    s3.put_object_lock_configuration(
        Bucket="hardened-bucket",
        ObjectLockConfiguration={
            "ObjectLockEnabled": "Enabled",
            "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 30}},
        },
    )
    # Real S3 records MFADelete; moto (5.2.6) accepts the request and drops it, so the audit
    # reads "mfa_delete: false" here and AWS-S3-007 is the one finding this bucket keeps.
    s3.put_bucket_versioning(
        Bucket="hardened-bucket",
        MFA=f"arn:aws:iam::{ACCOUNT}:mfa/root-account-mfa-device 123456",
        VersioningConfiguration={"Status": "Enabled", "MFADelete": "Enabled"},
    )
    s3.put_bucket_policy(
        Bucket="hardened-bucket",
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "TlsOnly",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": ["arn:aws:s3:::hardened-bucket", "arn:aws:s3:::hardened-bucket/*"],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    }
                ],
            }
        ),
    )

    # IAM
    admin = iam.create_policy(
        PolicyName="AdminAll",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )["Policy"]["Arn"]
    iam.create_user(UserName="admin-user")
    iam.attach_user_policy(UserName="admin-user", PolicyArn=admin)

    iam.create_role(
        RoleName="open-role",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}],
            }
        ),
    )

    iam.create_user(UserName="two-keys-user")
    iam.create_access_key(UserName="two-keys-user")
    iam.create_access_key(UserName="two-keys-user")

    # Console users: one without MFA (AWS-IAM-021), one with a virtual MFA device.
    iam.create_user(UserName="console-no-mfa")
    iam.create_login_profile(UserName="console-no-mfa", Password="Initial-Passw0rd!", PasswordResetRequired=True)
    iam.create_user(UserName="console-mfa")
    iam.create_login_profile(UserName="console-mfa", Password="Initial-Passw0rd!", PasswordResetRequired=True)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="console-mfa")["VirtualMFADevice"]
    iam.enable_mfa_device(
        UserName="console-mfa", SerialNumber=device["SerialNumber"], AuthenticationCode1="123456", AuthenticationCode2="654321"
    )

    iam.update_account_password_policy(MinimumPasswordLength=8, RequireNumbers=True)

    for i in range(args.scale):
        s3.create_bucket(Bucket=f"scale-bucket-{i:04d}")
        iam.create_user(UserName=f"scale-user-{i:04d}")

    if args.deny_bucket:
        s3.create_bucket(Bucket=args.deny_bucket)
        iam.create_user(UserName="auditor")
        iam.put_user_policy(
            UserName="auditor",
            PolicyName="audit",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": "*", "Resource": "*"},
                        {
                            "Effect": "Deny",
                            "Action": ["s3:GetBucketPolicy", "s3:GetBucketVersioning"],
                            "Resource": f"arn:aws:s3:::{args.deny_bucket}",
                        },
                    ],
                }
            ),
        )
        key = iam.create_access_key(UserName="auditor")["AccessKey"]
        # From here on moto checks every request against the caller's IAM policies.
        req = urllib.request.Request(
            f"{args.endpoint}/moto-api/reset-auth", data=b"0", method="POST", headers={"Content-Type": "text/plain"}
        )
        urllib.request.urlopen(req, timeout=10).read()
        json.dump({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"]}, sys.stdout)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
