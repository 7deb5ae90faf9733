//! `prune` on Semaphore: the plan (runners never contacted, or silent longer than a duration,
//! by `touched`) and the deletion, each runner read again first.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::semaphore::{Client, Runner, Scope, SemaphoreError};

use super::scope::scope_of;

/// What to prune.
#[derive(Debug, Clone, Copy)]
pub enum Selection {
    /// `touched` null.
    NeverContacted,
    /// `touched` older than this many seconds (a never-contacted runner is not among them:
    /// it has no age to judge).
    SilentFor(chrono::Duration),
}

#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub id: u64,
    pub name: String,
    pub contacted_at: Option<DateTime<Utc>>,
    pub project_id: Option<u64>,
    pub reason: String,
}

/// The pure selection.
pub fn select(runners: &[Runner], selection: Selection, now: DateTime<Utc>) -> Vec<Candidate> {
    runners
        .iter()
        .filter_map(|runner| {
            let reason = match (selection, runner.touched) {
                (Selection::NeverContacted, None) => "never contacted the server".to_string(),
                (Selection::SilentFor(age), Some(touched)) if now - touched > age => {
                    format!("silent since {}", touched.format("%Y-%m-%d %H:%M:%S UTC"))
                }
                _ => return None,
            };
            Some(Candidate {
                id: runner.id,
                name: runner.name.clone(),
                contacted_at: runner.touched,
                project_id: runner.project_id,
                reason,
            })
        })
        .collect()
}

/// The plan for `scope` (`Scope::Global`: every runner the admin list holds).
pub fn plan(
    client: &Client,
    scope: Scope,
    selection: Selection,
) -> Result<Vec<Candidate>, SemaphoreError> {
    let runners = client.runners(scope)?;
    Ok(select(&runners, selection, Utc::now()))
}

/// Deletes a candidate after reading it again: a runner that polled since the plan stays.
pub fn delete(
    client: &Client,
    candidate: &Candidate,
    selection: Selection,
) -> Result<bool, SemaphoreError> {
    let scope = candidate.project_id.map_or(Scope::Global, Scope::Project);
    let runner = match client.runner(scope, candidate.id) {
        Ok(runner) => runner,
        Err(SemaphoreError::NotFound { .. }) => return Ok(false),
        Err(error) => return Err(error),
    };
    if select(std::slice::from_ref(&runner), selection, Utc::now()).is_empty() {
        return Ok(false);
    }
    client.delete_runner(scope_of(&runner), runner.id)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(id: u64, touched: Option<DateTime<Utc>>) -> Runner {
        Runner {
            id,
            project_id: None,
            name: format!("r{id}"),
            tag: String::new(),
            active: true,
            max_parallel_tasks: 1,
            webhook: String::new(),
            touched,
        }
    }

    #[test]
    fn selection_reads_touched() {
        let now = Utc::now();
        let runners = [
            runner(1, None),
            runner(2, Some(now - chrono::Duration::days(10))),
            runner(3, Some(now - chrono::Duration::seconds(5))),
        ];
        let ids = |c: Vec<Candidate>| c.into_iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(select(&runners, Selection::NeverContacted, now)), [1]);
        assert_eq!(
            ids(select(
                &runners,
                Selection::SilentFor(chrono::Duration::days(1)),
                now
            )),
            [2]
        );
    }
}
