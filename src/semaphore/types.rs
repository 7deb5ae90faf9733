//! Semaphore UI's runner, project, template, task and user as its API sends them (v2.16:
//! db/Runner.go, db/Project.go, db/Template.go, db/Task.go, db/User.go), read leniently: a
//! field an older server lacks is its zero value.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};

use crate::token::{PrivateKey, RunnerToken};

/// Where a runner lives: Semaphore's global runners (admin, `/api/runners`) or one project's
/// (`/api/project/{id}/runners`, Semaphore Pro).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Project(u64),
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Global => f.write_str("the global runners"),
            Scope::Project(id) => write!(f, "project {id}"),
        }
    }
}

/// A runner as `GET /api/runners` lists it. There is no status: `touched` is the runner's
/// last poll (it polls about every second), null when it never did.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Runner {
    pub id: u64,
    #[serde(default)]
    pub project_id: Option<u64>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// One tag, empty when none (Semaphore keeps a single string).
    #[serde(default, deserialize_with = "null_as_default")]
    pub tag: String,
    #[serde(default)]
    pub active: bool,
    #[serde(default, deserialize_with = "null_as_default")]
    pub max_parallel_tasks: u32,
    #[serde(default, deserialize_with = "null_as_default")]
    pub webhook: String,
    #[serde(default)]
    pub touched: Option<DateTime<Utc>>,
}

impl Runner {
    /// The runner's tag, `None` when it has none.
    pub fn tag(&self) -> Option<&str> {
        (!self.tag.is_empty()).then_some(self.tag.as_str())
    }
}

/// `POST /api/runners`' answer: the runner and, once, its token and private key
/// (api/runners.go: the server generates the key pair).
#[derive(Debug, Clone)]
pub struct CreatedRunner {
    pub runner: Runner,
    pub token: RunnerToken,
    pub private_key: PrivateKey,
}

/// The fields a create or full update sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunnerFields {
    pub name: String,
    pub tag: String,
    pub active: bool,
    pub max_parallel_tasks: u32,
    pub webhook: String,
}

impl RunnerFields {
    /// The fields of an existing runner: a full `PUT` sends them all, changed or not.
    pub fn of(runner: &Runner) -> RunnerFields {
        RunnerFields {
            name: runner.name.clone(),
            tag: runner.tag.clone(),
            active: runner.active,
            max_parallel_tasks: runner.max_parallel_tasks,
            webhook: runner.webhook.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Project {
    pub id: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Template {
    pub id: u64,
    #[serde(default)]
    pub project_id: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The tag a task of this template asks for (v2.16 db/Template.go `runner_tag`); only
    /// project runners are matched against it.
    #[serde(default)]
    pub runner_tag: Option<String>,
}

/// A task as `GET /api/project/{id}/tasks` lists it (db/Task.go `TaskWithTpl`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Task {
    pub id: u64,
    #[serde(default)]
    pub template_id: u64,
    #[serde(default)]
    pub project_id: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub status: String,
    #[serde(default)]
    pub created: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub tpl_alias: String,
}

impl Task {
    /// Waiting for a runner: `waiting` (in the queue) or `starting` (handed to a runner that
    /// has not begun it), pkg/task_logger/task_logger.go.
    pub fn is_waiting(&self) -> bool {
        matches!(self.status.as_str(), "waiting" | "starting")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    #[serde(default)]
    pub id: u64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub username: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    #[serde(default)]
    pub admin: bool,
}

/// The server's `/api/info`: its version and whether tasks go to remote runners.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Info {
    #[serde(default, deserialize_with = "null_as_default")]
    pub version: String,
    #[serde(default)]
    pub use_remote_runner: bool,
}

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}
