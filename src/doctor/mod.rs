//! `runnerctl doctor`'s pure part: gathered facts in, findings out, and the finding catalogue.
//!
//! Gathering (API calls, config.toml, the service, the secret store) lives in [`gather`];
//! [`diagnose`] only decides, so every rule of the contract's doctor section is a unit test.

pub mod catalogue;
pub mod decide;
pub mod facts;
mod findings;
pub mod gather;

pub use catalogue::{Checked, Finding, FindingId, Report, Severity, SeverityGroup, Subject};
pub use decide::diagnose;
pub use facts::Facts;
pub use gather::{GatherRequest, Gathered, NoProgress, Progress, gather};

#[cfg(test)]
mod tests;
