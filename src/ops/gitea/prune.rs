//! `prune --offline` on Gitea and Forgejo: the scope's runners the server reports offline,
//! deleted one by one, and the credentials this host kept for each deleted one forgotten.
//! Gitea's offline means unseen for one minute (gitea models/actions/runner.go
//! `RunnerOfflineTime`), so the plan is always shown before anything is deleted.

use crate::gitea::{ActionRunner, Client, GiteaError, Scope};
use crate::ops::results::{Action, RunnerResult};
use crate::secrets::SecretStore;

/// The offline runners of `scope`, in id order.
pub fn plan(client: &Client, scope: &Scope) -> Result<Vec<ActionRunner>, GiteaError> {
    let mut runners: Vec<ActionRunner> = client
        .list_runners(scope)?
        .into_iter()
        .filter(|runner| !runner.status.online())
        .collect();
    runners.sort_by_key(|runner| runner.id);
    Ok(runners)
}

/// Deletes each planned runner; a runner already gone counts as deleted. The store forgets
/// the credentials of every runner deleted.
pub fn delete(
    client: &Client,
    scope: &Scope,
    planned: &[ActionRunner],
    store: Option<&SecretStore>,
) -> (Vec<RunnerResult>, Vec<String>) {
    let mut results = Vec::new();
    let mut notices = Vec::new();
    for runner in planned {
        let id = u64::try_from(runner.id).unwrap_or_default();
        match client.delete_runner(scope, runner.id) {
            Ok(()) | Err(GiteaError::NotFound { .. }) => {
                results.push(RunnerResult::new(id, Action::Deleted, None));
                if let Some(store) = store
                    && let Err(error) = store.delete_runner_token(client.url(), id)
                {
                    notices.push(format!(
                        "runner {id} was deleted, but its stored credentials could not be forgotten: {error}"
                    ));
                }
            }
            Err(error) => results.push(RunnerResult::new(
                id,
                Action::Failed,
                Some(error.to_string()),
            )),
        }
    }
    (results, notices)
}
