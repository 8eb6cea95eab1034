//! Rampart: a policy-as-code security scanner. See docs/architecture.md for the pipeline
//! (discover → collect → evaluate → suppress → report/gate) and the module map.

// Memory and thread safety rest on the compiler: no unsafe code anywhere in the crate.
#![forbid(unsafe_code)]

pub mod audit;
pub mod baseline;
pub mod cli;
pub mod cloud;
pub mod collect;
pub mod commands;
pub mod config;
pub mod date;
pub mod diagnostic;
pub mod document;
pub mod engine;
pub mod finding;
pub mod iac;
pub mod ignores;
pub mod paths;
pub mod peers;
pub mod pipeline;
pub mod policy;
pub mod progress;
pub mod redact;
pub mod report;
pub mod secrets;
pub mod suppress;
pub mod trusted;
pub mod walk;
pub mod yaml;
