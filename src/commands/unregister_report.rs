//! What `unregister` needs from the command line's context, and how it words a kept entry's
//! reason: with the flag or command that would get it through.

use crate::commands::context::Context;
use crate::gitlab::ClientOptions;
use crate::instance_url::InstanceUrl;
use anyhow::Context as _;

use crate::ops::unregister::{Kept, Notice, UnregisterSession};
use crate::output;
use crate::runner_config::EntryView;
use crate::secrets::SecretStore;
use crate::token::ApiToken;

pub(super) struct Session<'a> {
    pub context: &'a Context,
    /// Ask before deleting runners (on a terminal, without `--yes`).
    pub confirm: bool,
}

impl UnregisterSession for Session<'_> {
    fn gitlab_url(&self) -> Option<InstanceUrl> {
        self.context.gitlab_url().ok().map(|(url, _)| url)
    }

    fn entry_url(&self, raw: &str) -> Option<InstanceUrl> {
        crate::commands::context::entry_url(raw)
    }

    fn secret_store(&self) -> anyhow::Result<SecretStore> {
        self.context.secret_store()
    }

    fn api_token(&self, url: &InstanceUrl) -> anyhow::Result<Option<ApiToken>> {
        self.context.api_token(url)
    }

    fn client_options(&self) -> ClientOptions {
        self.context.client_options()
    }

    fn reason(&self, kept: &Kept) -> String {
        match kept {
            Kept::NoApiToken { url } => format!(
                "--delete-runner needs an API token for {url} to check the runner's other \
                 managers: set GITLAB_TOKEN or run `runnerctl auth login --url {url}`"
            ),
            Kept::OthersOnline { id, system_ids } => format!(
                "runner {id} has other managers online ({}); deleting it would stop them too. \
                 Unregister only this machine (without --delete-runner), or pass --force",
                system_ids.join(", ")
            ),
            Kept::NoIdToCheck => "the entry has no runner id, so its other managers cannot be \
                                  checked; pass --force to delete the runner anyway"
                .to_string(),
            Kept::Failed(reason) => reason.clone(),
        }
    }

    fn tell(&mut self, notice: Notice) {
        match notice {
            Notice::Note(text) => output::note(&text),
            Notice::Warning(text) => output::warn(&text),
        }
    }

    fn confirm_deletion(&mut self, entries: &[EntryView]) -> anyhow::Result<bool> {
        if !self.confirm || entries.is_empty() {
            return Ok(true);
        }
        let runners: Vec<String> = entries
            .iter()
            .map(|entry| match (entry.id, &entry.name) {
                (Some(id), Some(name)) => format!("runner {id} (\"{name}\")"),
                (Some(id), None) => format!("runner {id}"),
                (None, Some(name)) => format!("the runner of \"{name}\""),
                (None, None) => format!("the runner of entry {}", entry.index),
            })
            .collect();
        let prompt = format!(
            "Delete {} in GitLab, with its stored token and config.toml entry?",
            runners.join(", ")
        );
        dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(false)
            .interact()
            .context("prompt aborted")
    }
}
