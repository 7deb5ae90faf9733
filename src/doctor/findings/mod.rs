//! The findings by family, each with its id, subject, evidence, summary and fix side by side.
//!
//! A finding is one struct with the typed data its words and evidence need, and one
//! [`Describe`] impl that says everything about it; [`Problem`] is the list of them that the
//! diagnosis returns. The shared types (ids and severities, [`Finding`], [`Subject`], the
//! report) stay in [`super::catalogue`]; the JSON shape is made in one place, [`finding`], so
//! evidence keys cannot drift between findings.
//!
//! The `forge` family is what speaks of the forge's API: reachability, the API token and the
//! scope it can see (the `gitlab.*` ids).

mod actions;
mod config;
mod forge;
mod job;
mod runner;
mod runner_file;
mod runner_log;
mod secrets;
mod semaphore;
mod service;

pub(super) use actions::*;
pub(super) use config::*;
pub(super) use forge::*;
pub use job::*;
pub use runner::*;
pub(super) use runner_file::*;
pub(super) use runner_log::*;
pub(super) use secrets::*;
pub(super) use semaphore::*;
pub(super) use service::*;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Map, Value};

use super::catalogue::{EntryRef, Finding, FindingId, JobRef, RunnerRef, Subject};

/// Everything one finding says, in one place.
pub(super) trait Describe {
    /// The contract's id; its severity comes with it ([`FindingId::severity`]).
    const ID: FindingId;
    fn subject(&self) -> Subject;
    fn evidence(&self) -> Map<String, Value>;
    fn summary(&self) -> String;
    fn fix(&self) -> String;
}

/// The only place that turns a finding's data into the contract's JSON shape.
fn finding<D: Describe>(problem: D) -> Finding {
    Finding {
        id: D::ID,
        severity: D::ID.severity(),
        subject: problem.subject(),
        summary: problem.summary(),
        fix: problem.fix(),
        evidence: problem.evidence(),
    }
}

macro_rules! problems {
    ($($variant:ident,)*) => {
        /// What the diagnosis found, one variant per finding struct. Two ids have two shapes:
        /// `config.token_rejected` ([`ConfigTokenRejected`], [`ConfigRunnerOrphaned`]) and
        /// `gitlab.unreachable` ([`GitlabUnreachable`], [`GitlabRedirected`]); the `service.*`,
        /// `runner.*` and `job.*` ids of a Gitea or Forgejo run have their own (`Actions…`).
        #[derive(Debug, Clone, PartialEq)]
        pub enum Problem {
            $($variant($variant),)*
        }

        $(
            impl From<$variant> for Problem {
                fn from(problem: $variant) -> Problem {
                    Problem::$variant(problem)
                }
            }
        )*

        impl Problem {
            pub fn id(&self) -> FindingId {
                match self {
                    $(Problem::$variant(_) => <$variant as Describe>::ID,)*
                }
            }

            pub fn into_finding(self) -> Finding {
                match self {
                    $(Problem::$variant(problem) => finding(problem),)*
                }
            }
        }
    };
}

problems! {
    ConfigMissing,
    ConfigUnparseable,
    ConfigInvalid,
    ConfigPermissions,
    ConfigNoRunners,
    ConfigDuplicateToken,
    ConfigLegacyToken,
    ConfigRunnerNotFound,
    ConfigTokenRejected,
    ConfigRunnerOrphaned,
    ConfigTokenExpiring,
    ConfigTokenExpired,
    ServiceNotInstalled,
    ServiceNotRunning,
    SecretsUnregisteredToken,
    GitlabUnreachable,
    GitlabRedirected,
    GitlabAuthFailed,
    GitlabScopeNotFound,
    RunnerNeverContacted,
    RunnerOffline,
    RunnerStale,
    RunnerPaused,
    JobNoRunnersAvailable,
    JobTagsUnmatched,
    JobUntaggedNotAccepted,
    JobProtectedRunnersOnly,
    JobRunnersPaused,
    JobRunnersOffline,
    JobWaitingForCapacity,
    RunnerFileMissing,
    RunnerFileUnparseable,
    RunnerFilePermissions,
    RunnerFileAddressMismatch,
    RunnerFileTokenRejected,
    ActionsServiceNotInstalled,
    ActionsServiceNotRunning,
    ActionsRunnerOffline,
    ActionsRunnerPaused,
    ActionsJobNoRunners,
    ActionsJobLabelsUnmatched,
    ActionsJobRunnersPaused,
    ActionsJobRunnersOffline,
    ActionsJobWaiting,
    JobMatchUnknown,
    SemaphoreFileMissing,
    SemaphoreFileUnparseable,
    SemaphoreFilePermissions,
    SemaphoreWebHostMismatch,
    SemaphoreServiceNotInstalled,
    SemaphoreRunnerNeverContacted,
    SemaphoreRunnerPaused,
    SemaphoreRunnerInactiveSelfRegistered,
    SemaphoreRunnerActiveButSilent,
    SemaphoreTaskNoRunners,
    SemaphoreTaskTagUnmatched,
    SemaphoreTaskRunnersPaused,
    SemaphoreTaskRunnersOffline,
    SemaphoreTaskWaiting,
    RunnerLogForbidden,
    RunnerLogUnhealthy,
    RunnerLogTls,
    RunnerLogUnreachable,
    RunnerLogLongPolling,
    RunnerLogUserMode,
    RunnerLogUnregisteredRunner,
    RunnerLogRegistrationTokenInvalid,
    RunnerLogRunnerFileLocked,
    RunnerLogConfigError,
}

fn timestamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn optional_timestamp(at: &Option<DateTime<Utc>>) -> Value {
    at.as_ref()
        .map_or(Value::Null, |at| Value::from(timestamp(at)))
}

fn evidence(pairs: Vec<(&str, Value)>) -> Map<String, Value> {
    pairs
        .into_iter()
        .map(|(key, value)| (key.to_string(), value))
        .collect()
}

fn entry_subject(entry: &EntryRef) -> Subject {
    Subject::ConfigEntry {
        index: entry.index,
        name: entry.name.clone(),
    }
}

fn runner_subject(runner: &RunnerRef) -> Subject {
    Subject::Runner { id: runner.id }
}

fn job_subject(job: &JobRef) -> Subject {
    Subject::Job {
        id: job.id,
        project: job.project.clone(),
        name: job.name.clone(),
    }
}

/// "42", "42 and 43", "1, 2, 3, 4, 5 and 9 more".
fn id_list(ids: &[u64]) -> String {
    const SHOWN: usize = 5;
    let names: Vec<String> = ids.iter().map(u64::to_string).collect();
    match names.as_slice() {
        [] => "none".to_string(),
        [one] => one.clone(),
        _ if names.len() > SHOWN + 1 => format!(
            "{} and {} more",
            names[..SHOWN].join(", "),
            names.len() - SHOWN
        ),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// "runner 42", "runners 42 and 43".
fn runner_list(ids: &[u64]) -> String {
    if ids.len() == 1 {
        format!("runner {}", id_list(ids))
    } else {
        format!("runners {}", id_list(ids))
    }
}

/// "Runner 42 (gpu)" at the start of a sentence.
fn capitalize_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalized(runner: &RunnerRef) -> String {
    let text = runner.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// The service install command that the service and runner fixes both print.
const SERVICE_INSTALL: &str =
    "sudo gitlab-runner install --user gitlab-runner --working-directory /home/gitlab-runner";
