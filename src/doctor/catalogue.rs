//! The finding catalogue's shared types: every finding id with its severity, what a finding is
//! about, the finding and the report.
//!
//! Each finding's data and words (subject, evidence, summary, fix) live with its family in
//! [`super::findings`]; [`Problem`] is the list of them.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use super::facts::RunnerType;
pub use super::findings::{JobContext, NeverContactedCause, Problem};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! finding_ids {
    ($($variant:ident = $id:literal, $severity:ident;)*) => {
        /// Every finding id of the contract; ids are never renamed, only added.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum FindingId {
            $($variant,)*
        }

        impl FindingId {
            pub const ALL: &'static [FindingId] = &[$(FindingId::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(FindingId::$variant => $id,)*
                }
            }

            pub fn severity(self) -> Severity {
                match self {
                    $(FindingId::$variant => Severity::$severity,)*
                }
            }
        }
    };
}

finding_ids! {
    ConfigMissing = "config.missing", Error;
    ConfigUnparseable = "config.unparseable", Error;
    ConfigInvalid = "config.invalid", Error;
    ConfigPermissions = "config.permissions", Warning;
    ConfigNoRunners = "config.no_runners", Warning;
    ConfigDuplicateToken = "config.duplicate_token", Error;
    ConfigLegacyToken = "config.legacy_token", Warning;
    ConfigRunnerNotFound = "config.runner_not_found", Error;
    ConfigTokenRejected = "config.token_rejected", Error;
    ConfigTokenExpiring = "config.token_expiring", Warning;
    ConfigTokenExpired = "config.token_expired", Error;
    ServiceNotInstalled = "service.not_installed", Error;
    ServiceNotRunning = "service.not_running", Error;
    SecretsUnregisteredToken = "secrets.unregistered_token", Warning;
    GitlabUnreachable = "gitlab.unreachable", Error;
    GitlabAuthFailed = "gitlab.auth_failed", Error;
    GitlabScopeNotFound = "gitlab.scope_not_found", Error;
    RunnerNeverContacted = "runner.never_contacted", Error;
    RunnerOffline = "runner.offline", Warning;
    RunnerStale = "runner.stale", Warning;
    RunnerPaused = "runner.paused", Warning;
    JobNoRunnersAvailable = "job.no_runners_available", Error;
    JobTagsUnmatched = "job.tags_unmatched", Error;
    JobUntaggedNotAccepted = "job.untagged_not_accepted", Error;
    JobProtectedRunnersOnly = "job.protected_runners_only", Error;
    JobRunnersPaused = "job.runners_paused", Error;
    JobRunnersOffline = "job.runners_offline", Error;
    JobWaitingForCapacity = "job.waiting_for_capacity", Info;
    RunnerFileMissing = "runner_file.missing", Error;
    RunnerFileUnparseable = "runner_file.unparseable", Error;
    RunnerFilePermissions = "runner_file.permissions", Error;
    RunnerFileAddressMismatch = "runner_file.address_mismatch", Error;
    RunnerFileTokenRejected = "runner_file.token_rejected", Error;
    JobMatchUnknown = "job.match_unknown", Warning;
    RunnerInactiveSelfRegistered = "runner.inactive_self_registered", Error;
    RunnerActiveButSilent = "runner.active_but_silent", Error;
    RunnerLogForbidden = "runner_log.forbidden", Error;
    RunnerLogUnhealthy = "runner_log.unhealthy", Error;
    RunnerLogTls = "runner_log.tls", Error;
    RunnerLogUnreachable = "runner_log.unreachable", Error;
    RunnerLogLongPolling = "runner_log.long_polling", Warning;
    RunnerLogUserMode = "runner_log.user_mode", Warning;
    RunnerLogUnregisteredRunner = "runner_log.unregistered_runner", Error;
    RunnerLogRegistrationTokenInvalid = "runner_log.registration_token_invalid", Error;
    RunnerLogRunnerFileLocked = "runner_log.runner_file_locked", Error;
    RunnerLogConfigError = "runner_log.config_error", Error;
}

impl FindingId {
    pub fn is_job(self) -> bool {
        self.as_str().starts_with("job.")
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FindingId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// What a finding is about. The derived order is the contract's: kind (by name), then id or
/// index, then project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Subject {
    Machine,
    /// A runner's host file (Gitea's `.runner`), for `runner_file.*`.
    HostFile {
        path: String,
    },
    ConfigEntry {
        index: usize,
        name: String,
    },
    Runner {
        id: u64,
    },
    Job {
        id: u64,
        project: String,
        name: String,
    },
}

impl Subject {
    pub fn kind(&self) -> &'static str {
        match self {
            Subject::Machine => "machine",
            Subject::HostFile { .. } => "host_file",
            Subject::ConfigEntry { .. } => "config_entry",
            Subject::Runner { .. } => "runner",
            Subject::Job { .. } => "job",
        }
    }

    fn sort_key(&self) -> (&'static str, u64, &str, &str) {
        match self {
            Subject::Machine => (self.kind(), 0, "", ""),
            Subject::HostFile { path } => (self.kind(), 0, path, ""),
            Subject::ConfigEntry { index, name } => (self.kind(), *index as u64, "", name),
            Subject::Runner { id } => (self.kind(), *id, "", ""),
            Subject::Job { id, project, name } => (self.kind(), *id, project, name),
        }
    }
}

impl Ord for Subject {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for Subject {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A heading for human output: "this machine", "config entry #0 (host1)", "runner 42",
/// "job build (#1001) in team/app".
impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Machine => f.write_str("this machine"),
            Subject::HostFile { path } => f.write_str(path),
            Subject::ConfigEntry { index, name } => write!(f, "config entry #{index} ({name})"),
            Subject::Runner { id } => write!(f, "runner {id}"),
            Subject::Job { id, project, name } => write!(f, "job {name} (#{id}) in {project}"),
        }
    }
}

/// One finding, serialised exactly as the contract shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub id: FindingId,
    pub severity: Severity,
    pub subject: Subject,
    pub summary: String,
    pub fix: String,
    pub evidence: Map<String, Value>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Checked {
    pub config_entries: usize,
    /// The runners reported on (the contract's runner scope), not every runner looked at.
    pub runners: usize,
    pub projects: usize,
    pub pending_jobs: usize,
}

/// The doctor's whole answer: `{"version": 1, "gitlab_url", "checked", "findings"}`, and on
/// another forge `forge` and `url` after `gitlab_url` (which is then null).
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub gitlab_url: Option<String>,
    /// `None` for GitLab, whose document has no `forge` and `url`.
    pub forge: Option<ForgeOfReport>,
    pub checked: Checked,
    /// Sorted by severity, then id, then subject.
    pub findings: Vec<Finding>,
    /// What this run did not check, as the closing line says it ("GitLab's API was not
    /// checked"): "no problems" is only ever said about what was checked. In the JSON of the
    /// other forges as `unchecked` (added to the contract's shape: there a part the server's
    /// version cannot answer leaves a `checked` count at 0, which alone reads as "none");
    /// GitLab's document keeps the contract's four keys, whose `checked` counts tell it.
    pub unchecked: Vec<String>,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let fields = if self.forge.is_some() { 7 } else { 4 };
        let mut report = serializer.serialize_struct("Report", fields)?;
        report.serialize_field("version", &1)?;
        report.serialize_field("gitlab_url", &self.gitlab_url)?;
        if let Some(forge) = &self.forge {
            report.serialize_field("forge", forge.forge)?;
            report.serialize_field("url", &forge.url)?;
        }
        report.serialize_field("checked", &self.checked)?;
        report.serialize_field("findings", &self.findings)?;
        if self.forge.is_some() {
            report.serialize_field("unchecked", &self.unchecked)?;
        }
        report.end()
    }
}

/// The forge a report is about, when it is not GitLab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForgeOfReport {
    /// The contract's `forge`: `gitea`, `forgejo`.
    pub forge: &'static str,
    pub url: Option<String>,
}

/// The findings of one severity, each subject's findings together.
#[derive(Debug)]
pub struct SeverityGroup<'a> {
    pub severity: Severity,
    pub subjects: Vec<(&'a Subject, Vec<&'a Finding>)>,
}

impl Report {
    /// Exit code 1 when true: the contract makes any `error` finding a failure.
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|finding| finding.severity == severity)
            .count()
    }

    /// The findings grouped for human output: by severity (errors first), then by subject in
    /// the contract's order, keeping each subject's findings in id order.
    pub fn grouped(&self) -> Vec<SeverityGroup<'_>> {
        let mut groups: Vec<SeverityGroup<'_>> = Vec::new();
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            let mut by_subject: BTreeMap<&Subject, Vec<&Finding>> = BTreeMap::new();
            for finding in self.findings.iter().filter(|f| f.severity == severity) {
                by_subject
                    .entry(&finding.subject)
                    .or_default()
                    .push(finding);
            }
            if !by_subject.is_empty() {
                groups.push(SeverityGroup {
                    severity,
                    subjects: by_subject.into_iter().collect(),
                });
            }
        }
        groups
    }

    /// The closing line of human output, such as
    /// "3 errors, 1 warning: 12 jobs stuck on 2 causes".
    ///
    /// A stuck job is one with an error `job.*` finding; jobs share a cause when they have the
    /// same finding id and the same remedy (same runners, same missing tags, or for the
    /// project-wide findings the same project).
    pub fn summary_line(&self) -> String {
        let counts = [
            (self.count(Severity::Error), "error", "errors"),
            (self.count(Severity::Warning), "warning", "warnings"),
            (self.count(Severity::Info), "note", "notes"),
        ];
        let parts: Vec<String> = counts
            .iter()
            .filter(|(count, _, _)| *count > 0)
            .map(|(count, one, many)| plural(*count, one, many))
            .collect();
        let unchecked = self.unchecked.join("; ");
        if parts.is_empty() {
            if unchecked.is_empty() {
                return "No problems found.".to_string();
            }
            return format!("No problems found in what was checked; {unchecked}.");
        }
        let mut line = parts.join(", ");
        let stuck: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.id.is_job() && f.severity == Severity::Error)
            .collect();
        if !stuck.is_empty() {
            let causes: BTreeSet<String> = stuck.iter().map(|f| stuck_cause(f)).collect();
            line.push_str(&format!(
                ": {} stuck on {}",
                plural(stuck.len(), "job", "jobs"),
                plural(causes.len(), "cause", "causes")
            ));
        }
        if !unchecked.is_empty() {
            line.push_str(&format!("; {unchecked}."));
        }
        line
    }
}

impl Finding {
    /// What the jobs of one cause share: the finding id and the remedy (same runners, same
    /// missing tags, or for the project-wide findings the same project). The summary line
    /// counts stuck jobs' causes by it; human output lists the jobs of one cause together.
    pub fn cause(&self) -> String {
        stuck_cause(self)
    }
}

fn stuck_cause(finding: &Finding) -> String {
    let mut evidence = finding.evidence.clone();
    evidence.remove("job_tags");
    let project = match (&finding.id, &finding.subject) {
        (
            FindingId::JobNoRunnersAvailable | FindingId::JobUntaggedNotAccepted,
            Subject::Job { project, .. },
        ) => project.as_str(),
        _ => "",
    };
    format!("{}|{}|{}", finding.id, project, Value::Object(evidence))
}

pub(super) fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

/// A config.toml entry as findings name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRef {
    pub index: usize,
    pub name: String,
}

impl fmt::Display for EntryRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            write!(f, "entry #{}", self.index)
        } else {
            write!(f, "entry #{} ({})", self.index, self.name)
        }
    }
}

/// A runner as findings name it, with what a fix needs to name its scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerRef {
    pub id: u64,
    pub description: Option<String>,
    pub runner_type: RunnerType,
    pub group: Option<String>,
    pub projects: Vec<String>,
}

impl RunnerRef {
    /// The `-g`/`-p`/`--all` argument that selects this runner in `prune`.
    pub(super) fn prune_scope(&self) -> String {
        match (self.runner_type, &self.group, self.projects.first()) {
            (RunnerType::Group, Some(group), _) => format!("-g {group}"),
            (RunnerType::Project, _, Some(project)) => format!("-p {project}"),
            _ => "--all".to_string(),
        }
    }
}

impl fmt::Display for RunnerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.description.as_deref().map(str::trim) {
            Some(description) if !description.is_empty() => {
                write!(f, "runner {} ({description})", self.id)
            }
            _ => write!(f, "runner {}", self.id),
        }
    }
}

/// A pending job as findings name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobRef {
    pub id: u64,
    pub project: String,
    pub name: String,
    pub ref_name: String,
    pub tags: Vec<String>,
}

impl fmt::Display for JobRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Job `{}` (#{}) in {}", self.name, self.id, self.project)
    }
}
