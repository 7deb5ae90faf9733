//! What the doctor knows about a Semaphore UI server and this machine's runner files: plain
//! data, filled by a gatherer and read by [`diagnose_semaphore`](super::diagnose_semaphore).

use chrono::{DateTime, Utc};

use super::facts::ServiceFacts;
use crate::instance_url::InstanceUrl;

#[derive(Debug, Clone)]
pub struct SemaphoreFacts {
    pub url: Option<InstanceUrl>,
    /// `None` when local checks are off (no config at the resolved path, none given, not
    /// offline).
    pub local: Option<SemaphoreLocalFacts>,
    /// `None` when the API was not checked.
    pub api: Option<SemaphoreApiFacts>,
}

/// This machine: `config.runner.json`, the token and key files it names, the service.
#[derive(Debug, Clone)]
pub struct SemaphoreLocalFacts {
    pub config: LocalFile,
    /// The config's `web_host`, when it parsed and has one.
    pub web_host: Option<String>,
    /// The token and key files the config names (none when it does not parse).
    pub secrets: Vec<LocalFile>,
    pub service: ServiceFacts,
    pub service_unit: Option<String>,
    /// The runner's log as read, and why it was not (for the report's `unchecked`).
    pub runner_log: Option<super::log_facts::RunnerLogFacts>,
    pub runner_log_notices: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalFile {
    pub path: String,
    pub role: FileRole,
    pub state: LocalFileState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRole {
    Config,
    Token,
    PrivateKey,
}

impl FileRole {
    pub fn describe(self) -> &'static str {
        match self {
            FileRole::Config => "runner config",
            FileRole::Token => "runner token file",
            FileRole::PrivateKey => "runner private key file",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalFileState {
    Missing,
    NotRegularFile,
    /// Not the JSON Semaphore's runner reads; 1-based.
    Unparseable {
        line: usize,
        column: usize,
    },
    /// A regular file: its permission bits, and whether it holds a secret (the token and
    /// key files always; the config when the token is written into it).
    Present {
        mode: u32,
        holds_secret: bool,
    },
}

/// What the server's API told us.
#[derive(Debug, Clone)]
pub struct SemaphoreApiFacts {
    /// When the facts were read: `touched` is judged against it.
    pub now: DateTime<Utc>,
    /// The admin list was read: every global runner is among `runners`. Without it a task
    /// cannot be matched (every active global runner is a candidate).
    pub global_runners_known: bool,
    pub runners: Vec<SemaphoreRunner>,
    /// The projects in scope (`checked.projects`).
    pub projects: Vec<ProjectFacts>,
    /// Their tasks in `waiting` or `starting`.
    pub waiting_tasks: Vec<WaitingTask>,
    /// Parts that could not be read, in words.
    pub not_checked: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemaphoreRunner {
    pub id: u64,
    /// `None`: a global runner.
    pub project_id: Option<u64>,
    pub name: String,
    pub tag: String,
    pub active: bool,
    pub touched: Option<DateTime<Utc>>,
    /// In the scope asked about (or this machine's): reported on.
    pub requested: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectFacts {
    pub id: u64,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingTask {
    pub id: u64,
    pub project_id: u64,
    pub project: String,
    pub template: String,
    /// The template's `runner_tag`; `None` or empty: no tag asked for.
    pub runner_tag: Option<String>,
    /// `waiting` or `starting`.
    pub status: String,
}
