//! What the doctor knows about a Gitea or Forgejo server and about this machine's `.runner`:
//! plain data, filled by a gatherer and read by [`diagnose_gitea`](super::diagnose_gitea).
//!
//! Nothing here talks to the network or the file system, so every rule is a unit test. The
//! types speak of runners, repositories and waiting jobs, not of either server's JSON: Gitea's
//! list a runner appears in and Forgejo's `owner_id`/`repo_id` both become a [`RunnerScope`].

use chrono::{DateTime, Utc};

use super::facts::ServiceFacts;
use crate::instance_url::InstanceUrl;

/// Everything one doctor run against a Gitea or Forgejo server gathered.
#[derive(Debug, Clone)]
pub struct GiteaFacts {
    pub kind: ServerKind,
    /// The normalised URL doctor checks, when one is known (even offline).
    pub url: Option<InstanceUrl>,
    /// `None` when local checks are off (no `.runner` at the resolved path, none given, not
    /// offline): the machine is then taken for an operator workstation.
    pub local: Option<GiteaLocalFacts>,
    /// `None` when the API was not checked (offline, or the gatherer could not reach it).
    pub api: Option<ActionsFacts>,
}

/// Which server answers: the words of every finding name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    Gitea,
    Forgejo,
}

impl ServerKind {
    /// The contract's `forge` value.
    pub fn as_str(self) -> &'static str {
        match self {
            ServerKind::Gitea => "gitea",
            ServerKind::Forgejo => "forgejo",
        }
    }

    /// The server's name in a sentence.
    pub fn name(self) -> &'static str {
        match self {
            ServerKind::Gitea => "Gitea",
            ServerKind::Forgejo => "Forgejo",
        }
    }
}

/// What the server's API told us.
#[derive(Debug, Clone)]
pub struct ActionsFacts {
    /// As `/api/v1/version` gives it (`1.25.2`, Forgejo `11.0.1+gitea-1.22.0`).
    pub version: String,
    /// The parts of the API that could not be read: their findings are replaced by a notice,
    /// never by "no problems".
    pub not_checked: Vec<NotChecked>,
    /// Every runner the lists showed: those of the scopes asked about, and those that count
    /// when matching the waiting jobs (the jobs' owners' runners, and instance runners with an
    /// admin token). A runner listed twice is kept once, by id.
    pub runners: Vec<ActionsRunner>,
    /// The admin list was read, so every instance runner is among `runners`. Without an admin
    /// token an instance runner may take a job that no visible runner can.
    pub instance_runners_known: bool,
    /// The repositories in scope (`checked.projects` counts them); the waiting jobs are
    /// theirs. A job whose repository is missing here is judged with Actions on.
    pub repos: Vec<RepoFacts>,
    /// The jobs waiting for a runner: Gitea's `queued` jobs at the scopes given, Forgejo's
    /// `…/actions/runners/jobs` in state waiting.
    pub waiting_jobs: Vec<WaitingJob>,
}

/// A part of the API this run could not read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotChecked {
    pub part: ApiPart,
    pub reason: NotCheckedReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiPart {
    /// The runner lists (Gitea 1.24+, Forgejo 15+).
    Runners,
    /// The waiting jobs (Gitea 1.25+).
    WaitingJobs,
}

impl ApiPart {
    pub fn describe(self) -> &'static str {
        match self {
            ApiPart::Runners => "runners",
            ApiPart::WaitingJobs => "waiting jobs",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotCheckedReason {
    /// The server is too old for the route; the version that has it, as words say it
    /// (`Gitea 1.25`, `Forgejo 15`).
    NeedsVersion(String),
    /// 403: the token lacks this scope (`read:organization`) or this role.
    Forbidden(String),
}

/// One runner as a list showed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionsRunner {
    pub id: u64,
    pub name: String,
    pub scope: RunnerScope,
    /// Gitea `status: "online"`; Forgejo `idle` or `active`. Gitea calls a runner online when
    /// it polled within the last minute (models/actions/runner.go `RunnerOfflineTime`).
    pub online: bool,
    /// Gitea 1.26's `disabled`; always false where the server has no such field.
    pub disabled: bool,
    /// Gitea `busy`; Forgejo `active`.
    pub busy: bool,
    /// The label names (no scheme): what `runs-on` is matched against.
    pub labels: Vec<String>,
    /// The run asked about this runner: it is in a list of a `-g`, `-p`, `--user` or
    /// `--instance` scope, or named by `--runner`. Runners read only to match jobs are not
    /// reported on, though they count when matching. This machine's `.runner` runner is
    /// always reported on.
    pub requested: bool,
}

/// Whose runner it is: which repositories' jobs it may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunnerScope {
    Instance,
    Org(String),
    User(String),
    /// `owner/repo`.
    Repo(String),
    /// Seen only in a list that does not say (Gitea's admin list, before the org, user and
    /// repo lists were read): it may be an instance runner.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoFacts {
    /// `owner/repo`, as the server spells it.
    pub full_name: String,
    pub owner: String,
    /// The repository's Actions unit is on. Gitea offers a repository's jobs to its owner's
    /// runners only then.
    pub actions_enabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingJob {
    pub id: u64,
    pub run_id: u64,
    pub name: String,
    /// `owner/repo`.
    pub repo: String,
    /// The job's `runs-on` labels.
    pub labels: Vec<String>,
    pub head_branch: String,
    pub created_at: Option<DateTime<Utc>>,
}

/// This machine: the `.runner` file, the runner service, and the token check.
#[derive(Debug, Clone)]
pub struct GiteaLocalFacts {
    /// The resolved `.runner` path, as the operator should see it in a fix.
    pub runner_file_path: String,
    pub runner_file: RunnerFileState,
    pub service: ServiceFacts,
    /// The systemd unit found (`gitea-runner`, `act_runner`, `forgejo-runner`), for the
    /// journal a fix points at.
    pub service_unit: Option<String>,
    pub verification: TokenCheck,
    /// The runner's log as read, and why it was not (for the report's `unchecked`).
    pub runner_log: Option<super::log_facts::RunnerLogFacts>,
    pub runner_log_notices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunnerFileState {
    Missing,
    /// A directory, a FIFO, a device: never read.
    NotRegularFile,
    /// Not the runner's JSON; line and column are 1-based, as editors count them.
    Unparseable {
        line: usize,
        column: usize,
    },
    Parsed(RunnerFileFacts),
}

/// What doctor reads of a parsed `.runner`; the token stays with the gatherer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerFileFacts {
    pub id: u64,
    pub name: String,
    /// The file's `address`, as written.
    pub address: String,
    /// The full label strings (`ubuntu-latest:docker://node:20`).
    pub labels: Vec<String>,
    /// Unix permission bits (`0o644`); `None` where the platform has none.
    pub mode: Option<u32>,
}

/// `--verify-tokens`: what the server said of the file's credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCheck {
    NotChecked,
    Accepted,
    /// The server answered "unregistered runner": the runner was deleted.
    Rejected,
}
