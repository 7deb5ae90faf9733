//! `runnerctl doctor`'s pure part: gathered facts in, findings out, and the finding catalogue.
//!
//! Gathering (API calls, config.toml, the service, the secret store) lives in [`gather`];
//! [`diagnose`] only decides, so every rule of the contract's doctor section is a unit test.
//! A Gitea or Forgejo run has its own facts ([`gitea_facts`]) and decision ([`diagnose_gitea`]),
//! and shares the catalogue and the report.

pub mod catalogue;
pub mod decide;
pub mod decide_gitea;
mod decide_log;
pub mod decide_semaphore;
pub mod facts;
mod findings;
pub mod gather;
pub mod gather_gitea;
mod gather_log;
pub mod gather_semaphore;
pub mod gitea_facts;
pub mod log_facts;
pub mod semaphore_facts;

pub use catalogue::{Checked, Finding, FindingId, Report, Severity, SeverityGroup, Subject};
pub use decide::diagnose;
pub use decide_gitea::diagnose_gitea;
pub use decide_semaphore::diagnose_semaphore;
pub use facts::Facts;
pub use gather::{GatherRequest, Gathered, NoProgress, Progress, gather};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_gitea;
#[cfg(test)]
mod tests_semaphore;
