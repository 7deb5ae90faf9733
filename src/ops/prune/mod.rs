//! `prune` as an operation in two steps, so that the command can ask the operator in between:
//! [`plan`] reads the runners and selects those to delete; [`delete`] reads them again when
//! asked to (the answer may have taken a while), deletes what still matches, and reports each
//! runner. [`forget_locally`] then drops what this machine kept of the deleted runners.

mod select;

use crate::runner_id::RunnerId;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::contact_state::ContactState;
use crate::forge::{Forge, RunnerFilter, RunnerKind, Scope};
use crate::gitlab::{ApiError, Client};
use crate::instance_url::InstanceUrl;
use crate::ops::results::{Action, RunnerResult};
use crate::ops::{NoProgress, ReadProgress};
use crate::runner_config::{ConfigError, ConfigFile, EditOptions};
use crate::secrets::SecretStore;

pub use select::{BadDuration, Candidate, Selection, parse_age};

/// What to prune: where, and which runners.
#[derive(Debug, Clone)]
pub struct PruneOptions {
    /// A group (with its subgroups), a project or the instance.
    pub scope: Scope,
    pub selection: Selection,
}

impl PruneOptions {
    /// Only a selection of stale runners alone can be filtered by GitLab: a never-contacted
    /// runner older than 7 days is reported as stale, not as never contacted, so a selection of
    /// never-contacted runners must see every state.
    fn status(&self) -> Option<ContactState> {
        (self.selection.stale && !self.selection.never_contacted).then_some(ContactState::Stale)
    }
}

/// What [`plan`] found.
#[derive(Debug)]
pub struct Plan {
    /// The runners to delete, in id order.
    pub planned: Vec<Candidate>,
    /// Online runners the selection could otherwise take that no host runs any more.
    pub held: Vec<HeldOnline>,
    /// What the operator should hear about how the plan was read.
    pub notices: Vec<Notice>,
    /// When the runners were read: the ages shown are as of then.
    pub read_at: DateTime<Utc>,
}

impl Plan {
    /// The dry run's results: every planned runner, `planned`.
    pub fn planned_results(&self) -> Vec<RunnerResult> {
        let planned = self.planned.iter();
        planned
            .map(|candidate| RunnerResult::new(candidate.id, Action::Planned, None))
            .collect()
    }
}

/// A runner that reads online, so is never deleted, though the selection could otherwise
/// match it, and that has no runner manager left: on GitLab 16.0–17.x the last host's
/// `DELETE /runners/managers` counts as a contact (lib/api/ci/helpers/runner.rb), so such a
/// runner reads online for 2 hours after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldOnline {
    pub runner_id: u64,
    /// When it stops reading online; `None` when GitLab did not say when it made contact.
    pub online_until: Option<DateTime<Utc>>,
}

/// Something said beside the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Part of the work was not done; the results are still right for the rest.
    Warning(String),
    /// For information.
    Note(String),
    /// The deleted runners' entries that were removed from config.toml.
    EntriesRemoved { count: usize, path: PathBuf },
}

/// How [`delete`] reports its progress (the command draws a bar).
pub trait DeleteProgress: Sync {
    /// `total` runners are about to be deleted.
    fn start(&self, total: usize);
    /// One more runner was tried.
    fn advance(&self);
}

/// What [`delete`] did.
#[derive(Debug)]
pub struct Pruned {
    /// One result per planned runner, in id order: deleted, skipped or failed.
    pub results: Vec<RunnerResult>,
    /// How many runners deletion was tried on (the plan, less those the second read dropped).
    pub attempted: usize,
}

/// The most runner manager lists one prune reads for [`held_without_managers`].
const MANAGER_READS: usize = 20;

/// Step one: read the scope's runners and select the ones to delete.
pub fn plan(
    client: &Client,
    options: &PruneOptions,
    progress: &dyn ReadProgress,
) -> anyhow::Result<Plan> {
    let candidates = fetch_candidates(client, &options.scope, options.status(), progress)?;
    let read_at = Utc::now();
    let planned = options.selection.plan(&candidates, read_at);
    let mut notices = Vec::new();
    let held = held_without_managers(
        client,
        options,
        &candidates,
        read_at,
        &mut notices,
        progress,
    );
    Ok(Plan {
        planned: planned.into_iter().cloned().collect(),
        held,
        notices,
        read_at,
    })
}

/// Step two: delete the plan's runners with at most the client's concurrency of requests in
/// flight (each retried as the client's policy says). With `read_again`, the runners are read once more
/// first: the plan was read before the operator answered, however long that took, and a
/// runner that came up meanwhile must not be deleted on the strength of the old read.
pub fn delete(
    client: &Client,
    options: &PruneOptions,
    plan: &Plan,
    read_again: bool,
    progress: &dyn DeleteProgress,
) -> anyhow::Result<Pruned> {
    let mut ids: Vec<u64> = plan.planned.iter().map(|candidate| candidate.id).collect();
    let mut results = Vec::new();
    if read_again {
        let fresh = fetch_candidates(client, &options.scope, options.status(), &NoProgress)?;
        let still: Vec<u64> = (options.selection.plan(&fresh, Utc::now()).iter())
            .map(|candidate| candidate.id)
            .collect();
        let (kept, changed): (Vec<u64>, Vec<u64>) =
            ids.into_iter().partition(|id| still.contains(id));
        ids = kept;
        results.extend(changed.into_iter().map(|runner_id| {
            let reason = "it no longer matches: read again after the confirmation, it has made \
                 contact (or changed) since the plan was shown; nothing was done to it";
            RunnerResult::new(runner_id, Action::Skipped, Some(reason.to_string()))
        }));
    }
    progress.start(ids.len());
    let deleted = client.fan_out(&ids, |&id| {
        let result = match Forge::delete_runner(client, id) {
            Ok(()) => RunnerResult::new(id, Action::Deleted, None),
            Err(error) => failure_result(id, &error),
        };
        progress.advance();
        result
    });
    let attempted = deleted.len();
    results.extend(deleted);
    results.sort_by_key(|result| result.runner_id);
    Ok(Pruned { results, attempted })
}

/// GitLab refuses a non-admin's delete of a project runner shared by several projects
/// ("Runner associated with more than one project", lib/api/ci/runners.rb): that runner is
/// skipped with the reason, as is one that is already gone.
fn failure_result(id: u64, error: &ApiError) -> RunnerResult {
    let (action, reason) = match error {
        ApiError::Forbidden { message, .. } if message.contains("more than one project") => (
            Action::Skipped,
            "GitLab lets only an administrator delete a runner associated with more than one project"
                .to_string(),
        ),
        ApiError::NotFound { .. } => (Action::Skipped, "already deleted".to_string()),
        other => (Action::Failed, other.to_string()),
    };
    RunnerResult::new(id, action, Some(reason))
}

/// Runners that read online though the selection could otherwise match them, and that have no
/// runner manager left ([`HeldOnline`]). A runner whose managers cannot be read stays silent,
/// as any online runner.
fn held_without_managers(
    client: &Client,
    options: &PruneOptions,
    candidates: &[Candidate],
    now: DateTime<Utc>,
    notices: &mut Vec<Notice>,
    progress: &dyn ReadProgress,
) -> Vec<HeldOnline> {
    // Filtered to stale, the list holds no online runner: ask for those too.
    let online = match options.status() {
        Some(_) => {
            match fetch_candidates(client, &options.scope, Some(ContactState::Online), progress) {
                Ok(online) => online,
                Err(error) => {
                    notices.push(Notice::Warning(format!(
                    "the online runners were not listed ({error:#}): one that reads online only because its last host unregistered is not named"
                )));
                    Vec::new()
                }
            }
        }
        None => candidates.to_vec(),
    };
    let mut held: Vec<&Candidate> = online
        .iter()
        .filter(|candidate| options.selection.held_online(candidate, now))
        .collect();
    held.sort_by_key(|candidate| candidate.id);
    held.dedup_by_key(|candidate| candidate.id);
    if held.len() > MANAGER_READS {
        notices.push(Notice::Note(format!(
            "{} online runners were not checked for runner managers (at most {MANAGER_READS} are)",
            held.len() - MANAGER_READS
        )));
        held.truncate(MANAGER_READS);
    }
    let answers = client.fan_out(&held, |candidate| client.runner_managers(candidate.id));
    held.iter()
        .zip(answers)
        .filter(|(_, managers)| managers.as_ref().is_ok_and(|list| list.is_empty()))
        .map(|(candidate, _)| HeldOnline {
            runner_id: candidate.id,
            online_until: select::online_until(candidate),
        })
        .collect()
}

/// Runners of the scope with what the selection needs, in GitLab's `status` when given.
fn fetch_candidates(
    client: &Client,
    scope: &Scope,
    status: Option<ContactState>,
    progress: &dyn ReadProgress,
) -> anyhow::Result<Vec<Candidate>> {
    let filter = RunnerFilter {
        status,
        ..RunnerFilter::default()
    };
    let mut runners = Vec::new();
    client.read_runners(Some(scope), &filter, None, &mut |page| {
        runners.extend(page);
        progress.read(runners.len());
        std::ops::ControlFlow::Continue(())
    })?;
    Ok(runners
        .into_iter()
        // `Project.runners` lists every runner the project may use; prune -p takes only the
        // project's own, never an instance or group runner other projects rely on.
        .filter(|runner| match scope {
            Scope::Project(project) => {
                runner.kind == RunnerKind::Project
                    && runner
                        .projects
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(project))
            }
            _ => true,
        })
        .map(|runner| Candidate {
            id: runner.id,
            description: runner.description.unwrap_or_default(),
            status: runner.contact,
            contacted_at: runner.contacted_at,
            created_at: runner.created_at,
        })
        .collect())
}

/// Where this machine keeps what it knows of runners.
pub struct LocalState<'a> {
    /// config.toml, when its path is known.
    pub config: Option<PathBuf>,
    pub edit_options: &'a EditOptions,
    /// Opens the secret store; called only when some runner was deleted.
    pub open_store: &'a dyn Fn() -> anyhow::Result<SecretStore>,
}

/// The deleted runners' config.toml entries (for this GitLab) and stored tokens go too: they
/// would only ever fail. A problem here is a warning; the runners are gone either way.
pub fn forget_locally(local: &LocalState<'_>, url: &InstanceUrl, deleted: &[u64]) -> Vec<Notice> {
    let mut notices = Vec::new();
    if deleted.is_empty() {
        return notices;
    }
    if let Some(path) = &local.config
        && path.exists()
    {
        let removed = ConfigFile::edit_path_with(path, local.edit_options, |document| {
            let mut indexes: Vec<usize> = deleted
                .iter()
                .flat_map(|&id| document.find_runner(RunnerId::new(id), Some(url.as_str())))
                .collect();
            indexes.sort_unstable_by(|a, b| b.cmp(a));
            indexes.dedup();
            for index in &indexes {
                document.remove_runner(*index)?;
            }
            Ok::<usize, ConfigError>(indexes.len())
        });
        match removed {
            Ok(edit) => {
                let warnings = edit.notices.iter();
                notices.extend(warnings.map(|notice| Notice::Warning(notice.to_string())));
                if edit.value > 0 {
                    let (count, path) = (edit.value, path.clone());
                    notices.push(Notice::EntriesRemoved { count, path });
                }
            }
            Err(error) => notices.push(Notice::Warning(format!(
                "the deleted runners' entries stay in config.toml: {error}"
            ))),
        }
    }
    match (local.open_store)() {
        Ok(store) => {
            for &id in deleted {
                if let Err(error) = store.delete_runner_token(url, id) {
                    notices.push(Notice::Warning(format!(
                        "runner {id}'s stored token stays in {}: {error}",
                        store.label()
                    )));
                }
            }
        }
        Err(error) => notices.push(Notice::Warning(format!(
            "stored tokens were not cleaned up: {error}"
        ))),
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_delete_is_skipped_only_for_a_stated_reason() {
        let shared = ApiError::Forbidden {
            action: "delete runner 7".into(),
            needed_scope: None,
            message: "Runner associated with more than one project".into(),
        };
        let gone = ApiError::NotFound {
            what: "runner 8".into(),
            message: String::new(),
        };
        let broken = ApiError::Server {
            action: "delete runner 9".into(),
            status: 500,
            message: String::new(),
        };
        let shared = failure_result(7, &shared);
        assert_eq!(shared.action, Action::Skipped);
        assert!(shared.reason.unwrap().contains("only an administrator"));
        let gone = failure_result(8, &gone);
        assert_eq!(
            (gone.action, gone.reason.as_deref()),
            (Action::Skipped, Some("already deleted"))
        );
        let gitlab_says = broken.to_string();
        let broken = failure_result(9, &broken);
        assert_eq!(broken.action, Action::Failed);
        assert_eq!(broken.reason, Some(gitlab_says));
    }

    #[test]
    fn the_dry_run_plans_each_runner_it_would_delete() {
        let candidate = |id| Candidate {
            id,
            description: String::new(),
            status: ContactState::NeverContacted,
            contacted_at: None,
            created_at: None,
        };
        let plan = Plan {
            planned: vec![candidate(3), candidate(5)],
            held: Vec::new(),
            notices: Vec::new(),
            read_at: Utc::now(),
        };
        let results = plan.planned_results();
        assert_eq!(
            results,
            [
                RunnerResult::new(3, Action::Planned, None),
                RunnerResult::new(5, Action::Planned, None)
            ]
        );
    }
}
