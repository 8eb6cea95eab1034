//! rds adapter (being written).

use super::Adapter;

pub const ADAPTER: Adapter = Adapter { terraform: |_, _| {}, cloudformation: |_, _| {} };
