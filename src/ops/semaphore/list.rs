//! `list` on Semaphore: the runners of the global list or a project's, in the contract's list
//! document ("JSON on these forges").

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::semaphore::{Client, Runner, Scope, SemaphoreError};

use super::scope::{contact_state, runner_type};

#[derive(Debug, Clone, Serialize)]
pub struct ListedRunner {
    pub id: u64,
    pub name: String,
    pub description: Option<String>,
    pub runner_type: &'static str,
    /// `online`, `offline` or `never_contacted`, by `touched`.
    pub status: &'static str,
    /// Semaphore's `!active`.
    pub paused: bool,
    /// `[tag]`, or `[]` for a runner without one.
    pub tag_list: Vec<String>,
    pub run_untagged: Option<bool>,
    /// Semaphore's `touched`: the runner's last poll.
    pub contacted_at: Option<DateTime<Utc>>,
    pub project_id: Option<u64>,
    pub max_parallel_tasks: u32,
    pub webhook: Option<String>,
    pub registered_here: bool,
    pub forge: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Listing {
    pub runners: Vec<ListedRunner>,
}

/// One runner in the list's words, judged at `now`.
pub fn listed(runner: Runner, now: DateTime<Utc>, here: Option<u64>) -> ListedRunner {
    ListedRunner {
        id: runner.id,
        runner_type: runner_type(&runner),
        status: contact_state(runner.touched, now),
        paused: !runner.active,
        tag_list: runner.tag().map(str::to_string).into_iter().collect(),
        run_untagged: None,
        contacted_at: runner.touched,
        project_id: runner.project_id,
        max_parallel_tasks: runner.max_parallel_tasks,
        webhook: (!runner.webhook.is_empty()).then(|| runner.webhook.clone()),
        registered_here: here == Some(runner.id),
        name: runner.name,
        description: None,
        forge: "semaphore",
    }
}

/// Every runner of `scope` in id order; `here` is the id of this host's runner.
pub fn list(client: &Client, scope: Scope, here: Option<u64>) -> Result<Listing, SemaphoreError> {
    let mut runners = client.runners(scope)?;
    if scope == Scope::Global {
        // The admin list holds every runner; `--instance` means the global ones.
        runners.retain(|runner| runner.project_id.is_none());
    }
    runners.sort_by_key(|runner| runner.id);
    let now = Utc::now();
    Ok(Listing {
        runners: runners
            .into_iter()
            .map(|runner| listed(runner, now, here))
            .collect(),
    })
}
