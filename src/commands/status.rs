//! `status`: the local view. config.toml's entries, the service's state, and each entry's
//! contact state in GitLab when an API token for the entry's URL is at hand. Read-only: it
//! creates nothing (not even `.runner_system_id`).

use crate::commands::context::Context;
use crate::contact_state::ContactState;
use crate::error::{Exit, UsageError};
use crate::forge::Forge as _;
use crate::gitlab::Client;
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::runner_config::{ConfigError, ConfigFile, EntryView};
use crate::runner_id::RunnerId;
use crate::service::{self, ServiceError};

use super::status_report::{Entry, Service, Status, print_human, without_credentials};

pub(super) fn run(context: &Context) -> anyhow::Result<Exit> {
    let path = context.config_path()?;
    let entries = match ConfigFile::read(&path) {
        Ok(document) => document.runners(),
        Err(ConfigError::NotFound { .. }) => {
            output::note(&format!(
                "{} does not exist: nothing is registered on this machine",
                path.display()
            ));
            Vec::new()
        }
        Err(error) => return Err(anyhow::Error::new(error).context("cannot read config.toml")),
    };
    let (manager, state) = service::status().map_err(|error| match error {
        ServiceError::UnknownManager(_) => anyhow::Error::new(UsageError::new(error.to_string())),
        other => anyhow::Error::new(other).context("cannot read the service state"),
    })?;
    let states = contact_states(context, &entries);
    let status = Status {
        config: path.display().to_string(),
        service: Service { manager, state },
        entries: entries
            .iter()
            .zip(states)
            .map(|(entry, contact_state)| Entry {
                index: entry.index,
                name: entry.name.clone(),
                runner_id: entry.id,
                url: entry.url.as_deref().map(without_credentials),
                executor: entry.executor.clone(),
                contact_state,
            })
            .collect(),
    };
    if context.json() {
        output::print_json(&status)?;
    } else {
        print_human(&status);
    }
    Ok(Exit::Success)
}

/// One state per entry, in order; None where GitLab cannot be asked or did not answer.
fn contact_states(context: &Context, entries: &[EntryView]) -> Vec<Option<ContactState>> {
    let mut clients: Vec<(InstanceUrl, Option<Client>)> = Vec::new();
    let mut warned = false;
    let mut states = Vec::with_capacity(entries.len());
    for entry in entries {
        let (Some(id), Some(url)) = (
            entry.runner_id().map(RunnerId::get),
            entry
                .url
                .as_deref()
                .and_then(crate::commands::context::entry_url),
        ) else {
            states.push(None);
            continue;
        };
        let position = match clients.iter().position(|(known, _)| *known == url) {
            Some(position) => position,
            None => {
                let token = context.api_token(&url).unwrap_or_else(|error| {
                    // GITLAB_TOKEN is for another GitLab: this entry's state stays unknown.
                    output::warn(&format!("{error:#}"));
                    None
                });
                let client = token.and_then(|token| {
                    Client::new(url.clone(), Some(token), context.client_options()).ok()
                });
                clients.push((url, client));
                clients.len() - 1
            }
        };
        let Some((url, Some(client))) = clients.get(position) else {
            states.push(None);
            continue;
        };
        match client.runner(id) {
            Ok(details) => states.push(Some(details.contact)),
            Err(error) => {
                if !warned {
                    output::warn(&format!(
                        "cannot read runner {id}'s contact state from {url}: {error}"
                    ));
                    warned = true;
                }
                states.push(None);
            }
        }
    }
    states
}
