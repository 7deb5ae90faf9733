//! The finding catalogue: every finding id with its severity, and the words an operator reads
//! (summary and fix) for each problem the diagnosis can find.
//!
//! [`Problem`] carries the typed data of one finding; [`Problem::into_finding`] is the only place
//! that turns it into the contract's JSON shape, so evidence keys cannot drift between findings.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::facts::{MissingReason, RunnerType, ScopeKind, ServiceManager, UnreachableCause};

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
            Subject::ConfigEntry { .. } => "config_entry",
            Subject::Runner { .. } => "runner",
            Subject::Job { .. } => "job",
        }
    }

    fn sort_key(&self) -> (&'static str, u64, &str, &str) {
        match self {
            Subject::Machine => (self.kind(), 0, "", ""),
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

/// The doctor's whole answer: `{"version": 1, "gitlab_url", "checked", "findings"}`.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub gitlab_url: Option<String>,
    pub checked: Checked,
    /// Sorted by severity, then id, then subject.
    pub findings: Vec<Finding>,
    /// What this run did not check, as the closing line says it ("GitLab's API was not
    /// checked"): "no problems" is only ever said about what was checked. Not in the JSON,
    /// whose `checked` counts tell the same.
    pub unchecked: Vec<String>,
}

impl Serialize for Report {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut report = serializer.serialize_struct("Report", 4)?;
        report.serialize_field("version", &1)?;
        report.serialize_field("gitlab_url", &self.gitlab_url)?;
        report.serialize_field("checked", &self.checked)?;
        report.serialize_field("findings", &self.findings)?;
        report.end()
    }
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

fn plural(count: usize, one: &str, many: &str) -> String {
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
    fn prune_scope(&self) -> String {
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeverContactedCause {
    NotRegisteredHere,
    ServiceNotInstalled,
    ServiceNotRunning,
    RegisteredHere,
    Unknown,
}

impl NeverContactedCause {
    pub fn as_str(self) -> &'static str {
        match self {
            NeverContactedCause::NotRegisteredHere => "not_registered_here",
            NeverContactedCause::ServiceNotInstalled => "service_not_installed",
            NeverContactedCause::ServiceNotRunning => "service_not_running",
            NeverContactedCause::RegisteredHere => "registered_here",
            NeverContactedCause::Unknown => "unknown",
        }
    }
}

/// The part of a job's decision that depends on its project's settings, carried into the
/// evidence of every job finding of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobContext {
    /// The API token could not see `group_runners_enabled`; it was assumed on.
    pub group_runners_enabled_assumed: bool,
}

/// What the diagnosis found, with the data its words and evidence need.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    ConfigMissing {
        path: String,
    },
    ConfigUnparseable {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    ConfigInvalid {
        path: String,
        key: String,
        expected: String,
        found: String,
    },
    ConfigPermissions {
        path: String,
        mode: u32,
    },
    ConfigNoRunners {
        path: String,
    },
    ConfigDuplicateToken {
        path: String,
        entry: EntryRef,
        same_as: EntryRef,
    },
    ConfigLegacyToken {
        entry: EntryRef,
    },
    ConfigRunnerNotFound {
        entry: EntryRef,
        runner_id: u64,
        likely: MissingReason,
    },
    ConfigTokenRejected {
        entry: EntryRef,
        runner_id: Option<u64>,
    },
    /// `config.token_rejected` for a runner GitLab calls orphaned: the token is fine, the
    /// runner's project or group is gone.
    ConfigRunnerOrphaned {
        entry: EntryRef,
        runner_id: Option<u64>,
    },
    ConfigTokenExpiring {
        entry: EntryRef,
        runner_id: Option<u64>,
        expires_at: DateTime<Utc>,
    },
    ConfigTokenExpired {
        entry: EntryRef,
        runner_id: Option<u64>,
        expires_at: DateTime<Utc>,
    },
    ServiceNotInstalled,
    ServiceNotRunning {
        manager: ServiceManager,
        path: String,
    },
    SecretsUnregisteredToken {
        runner: RunnerRef,
    },
    GitlabUnreachable {
        url: String,
        cause: UnreachableCause,
    },
    /// `gitlab.unreachable` with cause `redirect`.
    GitlabRedirected {
        url: String,
        location: String,
        new_url: Option<String>,
    },
    GitlabAuthFailed {
        url: Option<String>,
        status: u16,
        needed_scope: Option<String>,
    },
    GitlabScopeNotFound {
        kind: ScopeKind,
        reference: String,
    },
    RunnerNeverContacted {
        runner: RunnerRef,
        cause: NeverContactedCause,
        /// The local config.toml, when local checks ran.
        config_path: Option<String>,
    },
    RunnerOffline {
        runner: RunnerRef,
        contacted_at: Option<DateTime<Utc>>,
        /// GitLab says online, but the runner has no manager left: its last host unregistered
        /// within 2 hours on a GitLab that counts that as a contact.
        no_managers: bool,
    },
    RunnerStale {
        runner: RunnerRef,
        contacted_at: Option<DateTime<Utc>>,
    },
    RunnerPaused {
        runner: RunnerRef,
    },
    JobNoRunnersAvailable {
        job: JobRef,
        context: JobContext,
        shared_runners_enabled: bool,
        group_runners_enabled: bool,
    },
    JobTagsUnmatched {
        job: JobRef,
        context: JobContext,
        closest_runner: Option<u64>,
        missing_tags: Vec<String>,
        near_miss: BTreeMap<String, String>,
    },
    JobUntaggedNotAccepted {
        job: JobRef,
        context: JobContext,
        runners_available: Vec<u64>,
    },
    JobProtectedRunnersOnly {
        job: JobRef,
        context: JobContext,
        runners: Vec<u64>,
    },
    JobRunnersPaused {
        job: JobRef,
        context: JobContext,
        runners: Vec<u64>,
    },
    JobRunnersOffline {
        job: JobRef,
        context: JobContext,
        runners: Vec<u64>,
        /// Those of `runners` that read online but have no runner manager left.
        no_managers: Vec<u64>,
    },
    JobWaitingForCapacity {
        job: JobRef,
        context: JobContext,
        runners: Vec<u64>,
    },
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

/// "`gpu`", "`gpu` and `cuda`", "`a`, `b` and `c`".
fn tag_list(tags: &[String]) -> String {
    let quoted: Vec<String> = tags.iter().map(|tag| format!("`{tag}`")).collect();
    match quoted.as_slice() {
        [] => "no tags".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn readable_by(mode: u32) -> &'static str {
    match (mode & 0o040 != 0, mode & 0o004 != 0) {
        (true, true) => "its group and all other users",
        (false, true) => "all other users",
        _ => "its group",
    }
}

fn rotate_command(entry: &EntryRef, runner_id: Option<u64>) -> String {
    match runner_id {
        Some(id) => format!("runnerctl rotate {id}"),
        None => format!("runnerctl rotate --name {}", entry.name),
    }
}

const SERVICE_INSTALL: &str =
    "sudo gitlab-runner install --user gitlab-runner --working-directory /home/gitlab-runner";

impl JobContext {
    fn add_to(self, evidence: &mut Map<String, Value>) {
        if self.group_runners_enabled_assumed {
            evidence.insert(
                "group_runners_enabled_assumed".to_string(),
                Value::Bool(true),
            );
        }
    }
}

impl Problem {
    pub fn id(&self) -> FindingId {
        match self {
            Problem::ConfigMissing { .. } => FindingId::ConfigMissing,
            Problem::ConfigUnparseable { .. } => FindingId::ConfigUnparseable,
            Problem::ConfigInvalid { .. } => FindingId::ConfigInvalid,
            Problem::ConfigPermissions { .. } => FindingId::ConfigPermissions,
            Problem::ConfigNoRunners { .. } => FindingId::ConfigNoRunners,
            Problem::ConfigDuplicateToken { .. } => FindingId::ConfigDuplicateToken,
            Problem::ConfigLegacyToken { .. } => FindingId::ConfigLegacyToken,
            Problem::ConfigRunnerNotFound { .. } => FindingId::ConfigRunnerNotFound,
            Problem::ConfigTokenRejected { .. } | Problem::ConfigRunnerOrphaned { .. } => {
                FindingId::ConfigTokenRejected
            }
            Problem::ConfigTokenExpiring { .. } => FindingId::ConfigTokenExpiring,
            Problem::ConfigTokenExpired { .. } => FindingId::ConfigTokenExpired,
            Problem::ServiceNotInstalled => FindingId::ServiceNotInstalled,
            Problem::ServiceNotRunning { .. } => FindingId::ServiceNotRunning,
            Problem::SecretsUnregisteredToken { .. } => FindingId::SecretsUnregisteredToken,
            Problem::GitlabUnreachable { .. } | Problem::GitlabRedirected { .. } => {
                FindingId::GitlabUnreachable
            }
            Problem::GitlabAuthFailed { .. } => FindingId::GitlabAuthFailed,
            Problem::GitlabScopeNotFound { .. } => FindingId::GitlabScopeNotFound,
            Problem::RunnerNeverContacted { .. } => FindingId::RunnerNeverContacted,
            Problem::RunnerOffline { .. } => FindingId::RunnerOffline,
            Problem::RunnerStale { .. } => FindingId::RunnerStale,
            Problem::RunnerPaused { .. } => FindingId::RunnerPaused,
            Problem::JobNoRunnersAvailable { .. } => FindingId::JobNoRunnersAvailable,
            Problem::JobTagsUnmatched { .. } => FindingId::JobTagsUnmatched,
            Problem::JobUntaggedNotAccepted { .. } => FindingId::JobUntaggedNotAccepted,
            Problem::JobProtectedRunnersOnly { .. } => FindingId::JobProtectedRunnersOnly,
            Problem::JobRunnersPaused { .. } => FindingId::JobRunnersPaused,
            Problem::JobRunnersOffline { .. } => FindingId::JobRunnersOffline,
            Problem::JobWaitingForCapacity { .. } => FindingId::JobWaitingForCapacity,
        }
    }

    fn subject(&self) -> Subject {
        let entry_subject = |entry: &EntryRef| Subject::ConfigEntry {
            index: entry.index,
            name: entry.name.clone(),
        };
        let job_subject = |job: &JobRef| Subject::Job {
            id: job.id,
            project: job.project.clone(),
            name: job.name.clone(),
        };
        match self {
            Problem::ConfigMissing { .. }
            | Problem::ConfigUnparseable { .. }
            | Problem::ConfigInvalid { .. }
            | Problem::ConfigPermissions { .. }
            | Problem::ConfigNoRunners { .. }
            | Problem::ServiceNotInstalled
            | Problem::ServiceNotRunning { .. }
            | Problem::GitlabUnreachable { .. }
            | Problem::GitlabRedirected { .. }
            | Problem::GitlabAuthFailed { .. }
            | Problem::GitlabScopeNotFound { .. } => Subject::Machine,
            Problem::ConfigDuplicateToken { entry, .. }
            | Problem::ConfigLegacyToken { entry }
            | Problem::ConfigRunnerNotFound { entry, .. }
            | Problem::ConfigTokenRejected { entry, .. }
            | Problem::ConfigRunnerOrphaned { entry, .. }
            | Problem::ConfigTokenExpiring { entry, .. }
            | Problem::ConfigTokenExpired { entry, .. } => entry_subject(entry),
            Problem::SecretsUnregisteredToken { runner }
            | Problem::RunnerNeverContacted { runner, .. }
            | Problem::RunnerOffline { runner, .. }
            | Problem::RunnerStale { runner, .. }
            | Problem::RunnerPaused { runner } => Subject::Runner { id: runner.id },
            Problem::JobNoRunnersAvailable { job, .. }
            | Problem::JobTagsUnmatched { job, .. }
            | Problem::JobUntaggedNotAccepted { job, .. }
            | Problem::JobProtectedRunnersOnly { job, .. }
            | Problem::JobRunnersPaused { job, .. }
            | Problem::JobRunnersOffline { job, .. }
            | Problem::JobWaitingForCapacity { job, .. } => job_subject(job),
        }
    }

    fn evidence(&self) -> Map<String, Value> {
        match self {
            Problem::ConfigMissing { path } | Problem::ConfigNoRunners { path } => {
                evidence(vec![("path", json!(path))])
            }
            Problem::ConfigUnparseable {
                path,
                line,
                column,
                message,
            } => evidence(vec![
                ("path", json!(path)),
                ("line", json!(line)),
                ("column", json!(column)),
                ("message", json!(message)),
            ]),
            Problem::ConfigInvalid {
                path,
                key,
                expected,
                found,
            } => evidence(vec![
                ("path", json!(path)),
                ("key", json!(key)),
                ("expected", json!(expected)),
                ("found", json!(found)),
            ]),
            Problem::ConfigPermissions { path, mode } => evidence(vec![
                ("path", json!(path)),
                ("mode", json!(format!("{mode:04o}"))),
            ]),
            Problem::ConfigDuplicateToken { same_as, .. } => {
                evidence(vec![("same_as_index", json!(same_as.index))])
            }
            Problem::ConfigLegacyToken { .. }
            | Problem::ServiceNotInstalled
            | Problem::RunnerPaused { .. } => Map::new(),
            Problem::ConfigRunnerNotFound {
                runner_id, likely, ..
            } => evidence(vec![
                ("runner_id", json!(runner_id)),
                ("likely", json!(likely.as_str())),
            ]),
            Problem::ConfigTokenRejected { runner_id, .. } => evidence(vec![
                ("runner_id", json!(runner_id)),
                ("reason", json!("rejected")),
            ]),
            Problem::ConfigRunnerOrphaned { runner_id, .. } => evidence(vec![
                ("runner_id", json!(runner_id)),
                ("reason", json!("orphaned")),
            ]),
            Problem::ConfigTokenExpiring { expires_at, .. }
            | Problem::ConfigTokenExpired { expires_at, .. } => {
                evidence(vec![("expires_at", json!(timestamp(expires_at)))])
            }
            Problem::ServiceNotRunning { manager, .. } => {
                evidence(vec![("manager", json!(manager.as_str()))])
            }
            Problem::SecretsUnregisteredToken { runner } => {
                evidence(vec![("runner_id", json!(runner.id))])
            }
            Problem::GitlabUnreachable { url, cause } => {
                evidence(vec![("url", json!(url)), ("cause", json!(cause.as_str()))])
            }
            Problem::GitlabRedirected { url, location, .. } => evidence(vec![
                ("url", json!(url)),
                ("cause", json!("redirect")),
                ("location", json!(location)),
            ]),
            Problem::GitlabAuthFailed {
                status,
                needed_scope,
                ..
            } => evidence(vec![
                ("status", json!(status)),
                ("needed_scope", json!(needed_scope)),
            ]),
            Problem::GitlabScopeNotFound { kind, reference } => evidence(vec![
                ("kind", json!(kind.as_str())),
                ("ref", json!(reference)),
            ]),
            Problem::RunnerNeverContacted { cause, .. } => {
                evidence(vec![("cause", json!(cause.as_str()))])
            }
            Problem::RunnerOffline {
                contacted_at,
                no_managers: true,
                ..
            } => evidence(vec![
                ("contacted_at", optional_timestamp(contacted_at)),
                ("no_managers", json!(true)),
            ]),
            Problem::RunnerOffline { contacted_at, .. }
            | Problem::RunnerStale { contacted_at, .. } => {
                evidence(vec![("contacted_at", optional_timestamp(contacted_at))])
            }
            Problem::JobNoRunnersAvailable {
                context,
                shared_runners_enabled,
                group_runners_enabled,
                ..
            } => {
                let mut map = evidence(vec![
                    ("shared_runners_enabled", json!(shared_runners_enabled)),
                    ("group_runners_enabled", json!(group_runners_enabled)),
                ]);
                context.add_to(&mut map);
                map
            }
            Problem::JobTagsUnmatched {
                job,
                context,
                closest_runner,
                missing_tags,
                near_miss,
            } => {
                let mut map = evidence(vec![
                    ("job_tags", json!(job.tags)),
                    ("closest_runner", json!(closest_runner)),
                    ("missing_tags", json!(missing_tags)),
                    ("near_miss", json!(near_miss)),
                ]);
                context.add_to(&mut map);
                map
            }
            Problem::JobUntaggedNotAccepted {
                context,
                runners_available,
                ..
            } => {
                let mut map = evidence(vec![("runners_available", json!(runners_available))]);
                context.add_to(&mut map);
                map
            }
            Problem::JobProtectedRunnersOnly {
                context, runners, ..
            }
            | Problem::JobRunnersPaused {
                context, runners, ..
            }
            | Problem::JobWaitingForCapacity {
                context, runners, ..
            } => {
                let mut map = evidence(vec![("runners", json!(runners))]);
                context.add_to(&mut map);
                map
            }
            Problem::JobRunnersOffline {
                context,
                runners,
                no_managers,
                ..
            } => {
                let mut map = evidence(vec![("runners", json!(runners))]);
                if !no_managers.is_empty() {
                    map.insert("no_managers".to_string(), json!(no_managers));
                }
                context.add_to(&mut map);
                map
            }
        }
    }

    fn summary(&self) -> String {
        match self {
            Problem::ConfigMissing { path } => format!(
                "There is no gitlab-runner configuration at {path}, so this machine runs no jobs."
            ),
            Problem::ConfigUnparseable {
                path,
                line,
                column,
                message,
            } => format!(
                "{path} is not valid TOML (line {line}, column {column}: {message}), so gitlab-runner cannot load it."
            ),
            Problem::ConfigInvalid {
                path,
                key,
                expected,
                found,
            } => format!(
                "gitlab-runner would refuse to load {path}: `{key}` must be {expected}, but it is {found}."
            ),
            Problem::ConfigPermissions { path, mode } => format!(
                "{path} holds runner tokens but is readable by {} (mode {mode:04o}).",
                readable_by(*mode)
            ),
            Problem::ConfigNoRunners { path } => format!(
                "{path} has no [[runners]] entry, so gitlab-runner on this machine takes no jobs."
            ),
            Problem::ConfigDuplicateToken {
                entry, same_as, ..
            } => format!(
                "Config {entry} uses the same runner token as {same_as}, so both poll GitLab as one runner, and when one of them renews the token the other is locked out."
            ),
            Problem::ConfigLegacyToken { entry } => format!(
                "Config {entry} uses a legacy runner token from the registration-token workflow, which GitLab deprecated in 15.6 and plans to remove in 20.0."
            ),
            Problem::ConfigRunnerNotFound {
                entry,
                runner_id,
                likely: MissingReason::Deleted,
            } => format!(
                "Config {entry} belongs to runner {runner_id}, which no longer exists in GitLab, so this entry takes no jobs."
            ),
            Problem::ConfigRunnerNotFound {
                entry,
                runner_id,
                likely: MissingReason::NotVisibleToToken,
            } => format!(
                "Config {entry} belongs to runner {runner_id}, which your API token cannot see, so its state in GitLab could not be checked."
            ),
            Problem::ConfigRunnerOrphaned { entry, .. } => format!(
                "GitLab refuses the token of config {entry} because its runner is orphaned: the project or group that owned the runner was deleted, so this entry takes no jobs."
            ),
            Problem::ConfigTokenRejected { entry, .. } => format!(
                "GitLab rejected the token of config {entry}: it was reset or has expired, or the runner was deleted, so this entry takes no jobs."
            ),
            Problem::ConfigTokenExpiring {
                entry, expires_at, ..
            } => format!(
                "The token of config {entry} expires at {}, less than 7 days from now; after that this entry takes no jobs.",
                timestamp(expires_at)
            ),
            Problem::ConfigTokenExpired {
                entry, expires_at, ..
            } => format!(
                "The token of config {entry} expired at {}, so GitLab refuses this entry and it takes no jobs.",
                timestamp(expires_at)
            ),
            Problem::ServiceNotInstalled => {
                "The gitlab-runner service is not installed on this machine, so nothing here picks up jobs.".to_string()
            }
            Problem::ServiceNotRunning { manager, path } => format!(
                "The gitlab-runner service ({}) is installed but not running, so the runners in {path} take no jobs.",
                manager.as_str()
            ),
            Problem::SecretsUnregisteredToken { runner } => format!(
                "The token of {runner}, made by `runnerctl create`, is in the secret store, but no entry in config.toml uses it and the runner has never contacted GitLab."
            ),
            Problem::GitlabUnreachable { url, cause } => {
                let why = match cause {
                    UnreachableCause::Dns => "its host name does not resolve",
                    UnreachableCause::Tls => "the TLS handshake failed",
                    UnreachableCause::Refused => "the connection was refused",
                    UnreachableCause::Timeout => "the connection timed out",
                    UnreachableCause::Dropped => "the connection closed after the request was sent, without an answer",
                    UnreachableCause::Http5xx => "it answered with a 5xx server error",
                    UnreachableCause::NotGitlab => {
                        return format!(
                            "What answers at {url} does not look like GitLab's API (an HTML page, a login page, a body that is not the API's JSON, or no API route), so runners and jobs were not checked."
                        );
                    }
                };
                format!("GitLab at {url} could not be reached ({why}), so runners and jobs were not checked.")
            }
            Problem::GitlabScopeNotFound { kind, reference } => {
                match kind {
                    ScopeKind::Group => format!(
                        "Group {reference} does not exist in GitLab, or your API token cannot see it, so nothing under it was checked."
                    ),
                    ScopeKind::Project => format!(
                        "Project {reference} does not exist in GitLab, or your API token cannot see it, so nothing under it was checked."
                    ),
                    ScopeKind::Runner => format!(
                        "Runner {reference} does not exist in GitLab, or your API token cannot see it, so it was not checked."
                    ),
                }
            }
            Problem::GitlabRedirected {
                url,
                location,
                new_url,
            } => match new_url {
                Some(_) => format!(
                    "GitLab at {url} answered with a redirect to {location}, another address, which runnerctl does not follow (no token goes there), so runners and jobs were not checked."
                ),
                None => format!(
                    "GitLab at {url} answered with redirects that runnerctl stopped following at {location}, so runners and jobs were not checked."
                ),
            },
            Problem::GitlabAuthFailed {
                url,
                status,
                needed_scope,
            } => {
                let gitlab = url
                    .as_deref()
                    .map_or("GitLab".to_string(), |url| format!("GitLab at {url}"));
                match (status, needed_scope) {
                    (401, _) => format!(
                        "{gitlab} refused the API token (401: missing, invalid, expired or revoked), so runners and jobs were not checked."
                    ),
                    (_, Some(scope)) => format!(
                        "{gitlab} refused the API token ({status}): it lacks the `{scope}` scope, so runners and jobs were not checked."
                    ),
                    (_, None) => format!(
                        "{gitlab} refused the API token ({status}), so runners and jobs were not checked."
                    ),
                }
            }
            Problem::RunnerNeverContacted {
                runner,
                cause,
                config_path,
            } => {
                let path = config_path.as_deref().unwrap_or("config.toml");
                let runner = capitalized(runner);
                match cause {
                    NeverContactedCause::NotRegisteredHere => format!(
                        "{runner} has never contacted GitLab, and no entry in {path} on this machine belongs to it."
                    ),
                    NeverContactedCause::ServiceNotInstalled => format!(
                        "{runner} has never contacted GitLab: it is registered in {path}, but the gitlab-runner service is not installed."
                    ),
                    NeverContactedCause::ServiceNotRunning => format!(
                        "{runner} has never contacted GitLab: it is registered in {path}, but the gitlab-runner service is not running."
                    ),
                    NeverContactedCause::RegisteredHere => format!(
                        "{runner} has never contacted GitLab, although it is registered in {path} and the gitlab-runner service is running."
                    ),
                    NeverContactedCause::Unknown => format!(
                        "{runner} has never contacted GitLab, so no machine runs it yet."
                    ),
                }
            }
            Problem::RunnerOffline {
                runner,
                no_managers: true,
                ..
            } => format!(
                "{} reads online in GitLab, but no host runs it: it has no runner managers left. It reads online only because its last host unregistered within the last 2 hours, which this GitLab version counts as a contact.",
                capitalized(runner)
            ),
            Problem::RunnerOffline {
                runner,
                contacted_at,
                ..
            } => match contacted_at {
                Some(at) => format!(
                    "{} is offline: it last contacted GitLab at {}, more than 2 hours ago.",
                    capitalized(runner),
                    timestamp(at)
                ),
                None => format!(
                    "{} is offline: it has not contacted GitLab for more than 2 hours.",
                    capitalized(runner)
                ),
            },
            Problem::RunnerStale {
                runner,
                contacted_at,
            } => match contacted_at {
                Some(at) => format!(
                    "{} is stale: it last contacted GitLab at {}, more than 7 days ago.",
                    capitalized(runner),
                    timestamp(at)
                ),
                None => format!(
                    "{} is stale: it was created more than 7 days ago and has never contacted GitLab.",
                    capitalized(runner)
                ),
            },
            Problem::RunnerPaused { runner } => {
                format!("{} is paused, so it takes no new jobs.", capitalized(runner))
            }
            Problem::JobNoRunnersAvailable {
                job,
                context,
                shared_runners_enabled,
                group_runners_enabled,
            } => {
                let instance = if *shared_runners_enabled {
                    "there are no instance runners"
                } else {
                    "instance runners are turned off for the project"
                };
                let group = match (group_runners_enabled, context.group_runners_enabled_assumed) {
                    (false, _) => "group runners are turned off for it",
                    (true, false) => "its groups have no runners",
                    (true, true) => "its groups have no runners (if group runners are on for it: your token cannot see that setting)",
                };
                format!(
                    "{job} is stuck: no runner at all is available to {}, because {instance}, {group}, and it has no runners of its own.",
                    job.project
                )
            }
            Problem::JobTagsUnmatched {
                job,
                closest_runner,
                missing_tags,
                near_miss,
                ..
            } => {
                let mut summary = format!(
                    "{job} is stuck: it needs {} {}, and no runner available to the project has {}",
                    if job.tags.len() == 1 { "the tag" } else { "the tags" },
                    tag_list(&job.tags),
                    if job.tags.len() == 1 { "it" } else { "all of them" },
                );
                match closest_runner {
                    Some(id) => summary.push_str(&format!(
                        "; the closest, runner {id}, lacks {}.",
                        tag_list(missing_tags)
                    )),
                    None => summary.push('.'),
                }
                if let (Some(id), false) = (closest_runner, near_miss.is_empty()) {
                    let pairs: Vec<String> = near_miss
                        .iter()
                        .map(|(wanted, has)| format!("`{has}` where the job says `{wanted}`"))
                        .collect();
                    summary.push_str(&format!(
                        " Runner {id} has {}: tags must match exactly, including case.",
                        pairs.join(" and ")
                    ));
                }
                summary
            }
            Problem::JobUntaggedNotAccepted {
                job,
                runners_available,
                ..
            } => format!(
                "{job} is stuck: it has no tags, and none of the {} available to the project runs untagged jobs.",
                plural(runners_available.len(), "runner", "runners")
            ),
            Problem::JobProtectedRunnersOnly { job, runners, .. } => match runners.as_slice() {
                [id] => format!(
                    "{job} is stuck: runner {id}, the only one with its tags, takes only jobs on protected branches and tags, and `{}` is not protected.",
                    job.ref_name
                ),
                _ => format!(
                    "{job} is stuck: the runners with its tags ({}) take only jobs on protected branches and tags, and `{}` is not protected.",
                    id_list(runners),
                    job.ref_name
                ),
            },
            Problem::JobRunnersPaused { job, runners, .. } => match runners.as_slice() {
                [id] => format!("{job} is stuck: runner {id}, the only one that could take it, is paused."),
                _ => format!(
                    "{job} is stuck: every runner that could take it ({}) is paused.",
                    id_list(runners)
                ),
            },
            Problem::JobRunnersOffline {
                job,
                runners,
                no_managers,
                ..
            } => {
                let stuck = match runners.as_slice() {
                    [id] => format!("{job} is stuck: runner {id}, the only unpaused one that could take it, is not online."),
                    _ => format!(
                        "{job} is stuck: none of the unpaused runners that could take it ({}) is online.",
                        id_list(runners)
                    ),
                };
                match no_managers.as_slice() {
                    [] => stuck,
                    [_] => format!(
                        "{stuck} {} reads online but has no runner managers: its last host unregistered within the last 2 hours.",
                        capitalize_first(&runner_list(no_managers))
                    ),
                    _ => format!(
                        "{stuck} {} read online but have no runner managers: their last hosts unregistered within the last 2 hours.",
                        capitalize_first(&runner_list(no_managers))
                    ),
                }
            }
            Problem::JobWaitingForCapacity { job, runners, .. } => format!(
                "{job} is waiting for a free slot: {} can take it and {} online.",
                runner_list(runners),
                if runners.len() == 1 { "is" } else { "are" }
            ),
        }
    }

    fn fix(&self) -> String {
        match self {
            Problem::ConfigMissing { .. } => "Register a runner on this machine with `runnerctl register --runner ID --executor shell` (other executors need more flags: `runnerctl register --help`) (create one first with `runnerctl create -g GROUP`), or point runnerctl at the right file with `--config PATH`.".to_string(),
            Problem::ConfigUnparseable { path, line, .. } => format!(
                "Correct line {line} of {path} by hand, then run `runnerctl doctor` again; runnerctl never rewrites a file it cannot parse."
            ),
            Problem::ConfigInvalid { path, key, expected, .. } => format!(
                "Change `{key}` in {path} to {expected}, then run `runnerctl doctor` again."
            ),
            Problem::ConfigPermissions { path, .. } => format!(
                "Make it readable by its owner only: `chmod 600 {path}` (with `sudo` if root owns it)."
            ),
            Problem::ConfigNoRunners { .. } => "Register a runner on this machine: `runnerctl register --runner ID --executor shell` for a runner made with `runnerctl create` (other executors need more flags: `runnerctl register --help`), or `runnerctl create -g GROUP --register` to make and register a new one.".to_string(),
            Problem::ConfigDuplicateToken { path, entry, same_as } => {
                if entry.name != same_as.name && !entry.name.is_empty() {
                    format!(
                        "Keep one entry per token: remove {entry} with `runnerctl unregister --name {}`, or give it a runner of its own with `runnerctl create -g GROUP --register`.",
                        entry.name
                    )
                } else {
                    format!(
                        "Keep one entry per token: delete {entry} from {path} by hand (its name is not unique), or give it a runner of its own with `runnerctl create -g GROUP --register`."
                    )
                }
            }
            Problem::ConfigLegacyToken { entry } => format!(
                "Replace it with a runner authentication token: create a runner with `runnerctl create` (`-g GROUP`, `-p PROJECT` or `--instance`) and `--register`, then remove this entry with `runnerctl unregister --name {}`.",
                entry.name
            ),
            Problem::ConfigRunnerNotFound { entry, likely: MissingReason::Deleted, .. } => format!(
                "Remove the entry with `runnerctl unregister --name {}`, then make and register a replacement with `runnerctl create -g GROUP --register`.",
                entry.name
            ),
            Problem::ConfigRunnerNotFound { runner_id, likely: MissingReason::NotVisibleToToken, .. } => format!(
                "Log in with the token of a user who manages runner {runner_id} (`runnerctl auth login`), or, if the entry's `url` is another GitLab, run doctor with `--url` set to it."
            ),
            Problem::ConfigRunnerOrphaned { entry, .. } => format!(
                "Create a new runner with `runnerctl create -p PROJECT --register` (or `-g GROUP`), then remove this entry with `runnerctl unregister --name {}`.",
                entry.name
            ),
            Problem::ConfigTokenRejected { entry, runner_id } => format!(
                "Get a new token with `{}`; if the runner was deleted, remove the entry with `runnerctl unregister --name {}` and register a new runner.",
                rotate_command(entry, *runner_id),
                entry.name
            ),
            Problem::ConfigTokenExpiring { entry, runner_id, .. } => format!(
                "Renew the token now with `{}`.",
                rotate_command(entry, *runner_id)
            ),
            Problem::ConfigTokenExpired { entry, runner_id, .. } => format!(
                "Get a new token with `{}`.",
                rotate_command(entry, *runner_id)
            ),
            Problem::ServiceNotInstalled => format!(
                "Install gitlab-runner (https://docs.gitlab.com/runner/install/) and its service with `{SERVICE_INSTALL}`, then start it with `sudo runnerctl start`."
            ),
            Problem::ServiceNotRunning { manager, .. } => match manager {
                ServiceManager::Systemd => "Start it with `sudo runnerctl start`; if it stops again, its log says why (`journalctl -u gitlab-runner`).".to_string(),
                ServiceManager::GitlabRunner => "Start it with `sudo runnerctl start`; if it stops again, the system log says why.".to_string(),
            },
            Problem::SecretsUnregisteredToken { runner } => format!(
                "Register it on the machine that should run its jobs with `runnerctl register --runner {} --executor shell` (other executors need more flags: `runnerctl register --help`); if nobody needs it, `runnerctl prune --never-contacted {} --dry-run` shows what deleting never-contacted runners would remove.",
                runner.id,
                runner.prune_scope()
            ),
            Problem::GitlabUnreachable { url, cause } => match cause {
                UnreachableCause::Dns => "Check the URL (`--url` or `GITLAB_URL`) and this machine's DNS settings.".to_string(),
                UnreachableCause::Tls => "If GitLab uses a private certificate authority, pass `--ca-file PATH` or set `SSL_CERT_FILE`; also check that the URL's scheme (https or http) is right.".to_string(),
                UnreachableCause::Refused => format!(
                    "Check that GitLab listens at {url} and that no firewall is in the way; behind a proxy, set `HTTPS_PROXY`."
                ),
                UnreachableCause::Timeout => "Check the network path to GitLab (behind a proxy, set `HTTPS_PROXY` and `NO_PROXY`), or allow more time with `--timeout`.".to_string(),
                UnreachableCause::Dropped => "Something between this machine and GitLab (a proxy, a load balancer, a firewall) or GitLab itself closed the connection: try again, and check the proxy (`HTTPS_PROXY`) and GitLab's health.".to_string(),
                UnreachableCause::Http5xx => "GitLab itself is failing or being upgraded: try again later, or ask its administrators.".to_string(),
                UnreachableCause::NotGitlab => match url.strip_suffix("/api/v4").filter(|base| base.contains("://")) {
                    Some(base) => format!(
                        "The URL ends in /api/v4, which runnerctl adds itself: drop it, `--url {base}` (or fix `GITLAB_URL`, or log in again with `runnerctl auth login --url {base}`)."
                    ),
                    None => "Give the address of GitLab's web interface, such as https://gitlab.example.com, with `--url URL` or `GITLAB_URL` (or `runnerctl auth login --url URL`); if a proxy or a single-sign-on page sits in front of GitLab, let API requests (`/api/v4`, `/api/graphql`) through.".to_string(),
                },
            },
            Problem::GitlabScopeNotFound { kind, reference } => match kind {
                ScopeKind::Group => format!(
                    "Check the group's full path (`-g {reference}`: as in its URL, such as `team/sub`), or use a token of a user who is a member of it."
                ),
                ScopeKind::Project => format!(
                    "Check the project's full path (`-p {reference}`: as in its URL, such as `team/app`), or use a token of a user who is a member of it."
                ),
                ScopeKind::Runner => format!(
                    "Check the runner id (`--runner {reference}`); `runnerctl list` shows the runners your token can see."
                ),
            },
            Problem::GitlabRedirected { new_url, .. } => match new_url {
                Some(new_url) => format!(
                    "If GitLab moved there, use its new address: `runnerctl doctor --url {new_url}` (or set `GITLAB_URL`); otherwise check the proxy in front of GitLab."
                ),
                None => "Check the URL (`--url` or `GITLAB_URL`) and the proxy in front of GitLab, which redirects runnerctl's requests.".to_string(),
            },
            Problem::GitlabAuthFailed { needed_scope, status, .. } => match (status, needed_scope) {
                (401, _) => "Log in with a valid token: `runnerctl auth login` (or set `GITLAB_TOKEN`).".to_string(),
                (_, Some(scope)) if scope == "admin_mode" => "The token's user is an administrator, but this GitLab has Admin Mode on, where a token acts as an administrator only with the `admin_mode` scope: create a token with the `api` and `admin_mode` scopes and save it with `runnerctl auth login` (or set `GITLAB_TOKEN`).".to_string(),
                (_, Some(scope)) => format!(
                    "Create a token with the `{scope}` scope and save it with `runnerctl auth login` (or set `GITLAB_TOKEN`)."
                ),
                (_, None) => "Use the token of a user with access to these runners and projects: `runnerctl auth login` (or set `GITLAB_TOKEN`).".to_string(),
            },
            Problem::RunnerNeverContacted { runner, cause, config_path } => {
                let id = runner.id;
                let path = config_path.as_deref().unwrap_or("config.toml");
                match cause {
                    NeverContactedCause::NotRegisteredHere => format!(
                        "Register it on the machine that should run its jobs with `runnerctl register --runner {id} --executor shell` (other executors need more flags: `runnerctl register --help`)."
                    ),
                    NeverContactedCause::ServiceNotInstalled => format!(
                        "Install gitlab-runner and its service with `{SERVICE_INSTALL}`, then start it with `sudo runnerctl start`."
                    ),
                    NeverContactedCause::ServiceNotRunning => "Start the service with `sudo runnerctl start`.".to_string(),
                    NeverContactedCause::RegisteredHere => format!(
                        "Check the entry's `url` in {path}, that this machine reaches GitLab (network, proxy, TLS), that the service reads this file (as root it reads /etc/gitlab-runner/config.toml, as a user ~/.gitlab-runner/config.toml), and the service's log (`journalctl -u gitlab-runner`)."
                    ),
                    NeverContactedCause::Unknown => format!(
                        "Register it on the machine that should run its jobs with `runnerctl register --runner {id} --executor shell` (other executors need more flags: `runnerctl register --help`); if it is registered there, run `runnerctl doctor` on that machine to see why it does not connect."
                    ),
                }
            }
            Problem::RunnerOffline {
                runner,
                no_managers: true,
                ..
            } => format!(
                "Register it on a host with `runnerctl register --runner {id} --executor shell`, or, if no host should run it, delete it with `runnerctl unregister --runner {id} --delete-runner`; GitLab shows it offline 2 hours after the unregister.",
                id = runner.id
            ),
            Problem::RunnerOffline { .. } => "On the runner's machine, run `runnerctl doctor`, and start the service with `sudo runnerctl start` if it is stopped.".to_string(),
            Problem::RunnerStale { runner, .. } => format!(
                "If its machine still exists, start the service there with `sudo runnerctl start`; if not, delete the runner: `runnerctl prune --stale {} --dry-run` shows what would be removed.",
                runner.prune_scope()
            ),
            Problem::RunnerPaused { runner } => format!(
                "Resume it with `runnerctl resume {}` when it should take jobs again.",
                runner.id
            ),
            Problem::JobNoRunnersAvailable { job, shared_runners_enabled, group_runners_enabled, .. } => {
                let create = format!("`runnerctl create -p {} --register`", job.project);
                match (shared_runners_enabled, group_runners_enabled) {
                    (false, _) => format!(
                        "Turn on instance runners in the project's Settings > CI/CD > Runners, or make it a runner of its own with {create}."
                    ),
                    (true, false) => format!(
                        "Turn on group runners in the project's Settings > CI/CD > Runners, or make it a runner of its own with {create}."
                    ),
                    (true, true) => format!(
                        "Make a runner for it with {create} (or `-g GROUP` to serve the whole group)."
                    ),
                }
            }
            Problem::JobTagsUnmatched { job, closest_runner, missing_tags, near_miss, .. } => {
                let Some(id) = closest_runner else {
                    return format!(
                        "Make a runner with these tags: `runnerctl create -p {} {} --register`.",
                        job.project,
                        job.tags.iter().map(|tag| format!("--tag {tag}")).collect::<Vec<_>>().join(" ")
                    );
                };
                let add = format!(
                    "`runnerctl update {id} {}`",
                    missing_tags.iter().map(|tag| format!("--add-tag {tag}")).collect::<Vec<_>>().join(" ")
                );
                if near_miss.is_empty() {
                    format!(
                        "Add the missing tags to runner {id} with {add}, or change the job's `tags:` in .gitlab-ci.yml to tags a runner has."
                    )
                } else {
                    format!(
                        "Spell the job's `tags:` in .gitlab-ci.yml exactly as runner {id} does, or add the job's spelling to the runner with {add}."
                    )
                }
            }
            Problem::JobUntaggedNotAccepted { runners_available, .. } => match runners_available.first() {
                Some(id) => format!(
                    "Give the job `tags:` that one of these runners has, or let a runner take untagged jobs: `runnerctl update {id} --run-untagged`."
                ),
                None => "Give the job `tags:` that an available runner has.".to_string(),
            },
            // The diagnosis never builds these job problems with an empty runner list; the
            // default only keeps a hand-made one from panicking.
            Problem::JobProtectedRunnersOnly { job, runners, .. } => {
                let id = runners.first().copied().unwrap_or_default();
                format!(
                    "If `{}` should use these runners, protect it in the project's Settings > Repository and run a new pipeline (a job keeps the protection its pipeline was created with); otherwise let one take any ref: `runnerctl update {id} --access-level not_protected`.",
                    job.ref_name
                )
            }
            Problem::JobRunnersPaused { runners, .. } => match runners.as_slice() {
                [id] => format!("Resume it: `runnerctl resume {id}`."),
                _ => format!(
                    "Resume one of them: `runnerctl resume {}`.",
                    runners.first().copied().unwrap_or_default()
                ),
            },
            Problem::JobRunnersOffline {
                runners,
                no_managers,
                ..
            } => match runners.iter().find(|id| !no_managers.contains(id)) {
                Some(id) => format!(
                    "Bring one online: on the machine of runner {id}, run `runnerctl doctor` and start the service with `sudo runnerctl start`."
                ),
                // Every one of them lost its last host: one needs a host again.
                None => {
                    let id = runners.first().copied().unwrap_or_default();
                    format!(
                        "Register one on a host again: `runnerctl register --runner {id} --executor shell`."
                    )
                }
            },
            Problem::JobWaitingForCapacity { .. } => "Nothing is broken. If jobs often wait, raise `concurrent` (and the runner's `limit`) in config.toml on the runners' machines, or add runners.".to_string(),
        }
    }

    pub fn into_finding(self) -> Finding {
        let id = self.id();
        Finding {
            id,
            severity: id.severity(),
            subject: self.subject(),
            summary: self.summary(),
            fix: self.fix(),
            evidence: self.evidence(),
        }
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
