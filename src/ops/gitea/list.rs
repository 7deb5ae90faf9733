//! `list` on Gitea and Forgejo: every runner of one scope, in the contract's list document
//! ("JSON on these forges").

use serde::Serialize;

use crate::forge_kind::ForgeKind;
use crate::gitea::{ActionRunner, Client, GiteaError, RunnerStatus, Scope};
use crate::secrets::SecretStore;

use super::client::runner_type;
use super::credentials::RunnerCredentials;

#[derive(Debug, Serialize)]
pub struct ListedRunner {
    pub id: u64,
    pub name: String,
    pub description: Option<String>,
    pub runner_type: &'static str,
    /// `online` or `offline` (Forgejo's `idle` and `active` are online).
    pub status: &'static str,
    pub paused: bool,
    pub tag_list: Vec<String>,
    /// The full label strings when this host's store holds the runner; else null (the
    /// server keeps names only).
    pub labels: Option<Vec<String>>,
    pub run_untagged: Option<bool>,
    pub contacted_at: Option<String>,
    pub registered_here: bool,
    pub busy: bool,
    pub forge: &'static str,
}

#[derive(Debug, Serialize)]
pub struct Listing {
    pub runners: Vec<ListedRunner>,
}

/// The contact state of a listed runner, in the contract's words.
pub fn contact_state(status: RunnerStatus) -> &'static str {
    if status.online() { "online" } else { "offline" }
}

/// Every runner of `scope` in id order; `here` is the runner id of this host's `.runner`.
pub fn list(
    client: &Client,
    forge: ForgeKind,
    scope: &Scope,
    store: Option<&SecretStore>,
    here: Option<u64>,
) -> Result<Listing, GiteaError> {
    let mut runners = client.list_runners(scope)?;
    runners.sort_by_key(|runner| runner.id);
    Ok(Listing {
        runners: runners
            .into_iter()
            .map(|runner| listed(client, forge, scope, store, here, runner))
            .collect(),
    })
}

fn listed(
    client: &Client,
    forge: ForgeKind,
    scope: &Scope,
    store: Option<&SecretStore>,
    here: Option<u64>,
    runner: ActionRunner,
) -> ListedRunner {
    let id = u64::try_from(runner.id).unwrap_or_default();
    let labels = store
        .and_then(|store| {
            RunnerCredentials::load(store, client.url(), id)
                .ok()
                .flatten()
        })
        .map(|credentials| credentials.labels);
    ListedRunner {
        id,
        name: runner.name,
        description: None,
        runner_type: runner_type(scope),
        status: contact_state(runner.status),
        paused: runner.disabled,
        tag_list: runner.labels,
        labels,
        run_untagged: None,
        contacted_at: None,
        registered_here: here == Some(id),
        busy: runner.busy,
        forge: forge.as_str(),
    }
}
