//! AWS adapters: one file per service, each folding Terraform and CloudFormation resources
//! (and, later, live API objects) into that service's cloud-model entities.
//!
//! Provider defaults live here, in one place per service, never in policies.

pub mod cloudfront;
pub mod cloudtrail;
pub mod dynamodb;
pub mod ec2;
pub mod ecr;
pub mod eks;
pub mod elb;
pub mod iam;
pub mod kms;
pub mod lambda;
pub mod logs;
pub mod nacl;
pub mod policy_document;
pub mod rds;
pub mod s3;
pub mod sns;
pub mod sqs;
#[cfg(test)]
pub(crate) mod testing;

use crate::cloud::read::Field;
use crate::cloud::CloudModel;
use crate::iac::{Inventory, Source};

/// Build the cloud model of one scan unit.
pub fn build(inv: &Inventory) -> CloudModel {
    let mut model = CloudModel::default();
    for adapter in ADAPTERS {
        match inv.source {
            Source::Terraform => (adapter.terraform)(inv, &mut model),
            Source::CloudFormation => (adapter.cloudformation)(inv, &mut model),
        }
    }
    model
}

/// One service's adapters, and the fields each of its collections reads as plain data (the
/// rest is the adapter's code).
pub struct Adapter {
    pub service: &'static str,
    pub fields: &'static [(&'static str, &'static [Field])],
    pub terraform: fn(&Inventory, &mut CloudModel),
    pub cloudformation: fn(&Inventory, &mut CloudModel),
}

pub(crate) const ADAPTERS: &[Adapter] = &[
    s3::ADAPTER,
    iam::ADAPTER,
    ec2::ADAPTER,
    elb::ADAPTER,
    cloudfront::ADAPTER,
    eks::ADAPTER,
    rds::ADAPTER,
    cloudtrail::ADAPTER,
    kms::ADAPTER,
    logs::ADAPTER,
    lambda::ADAPTER,
    sqs::ADAPTER,
    sns::ADAPTER,
    dynamodb::ADAPTER,
    ecr::ADAPTER,
];
