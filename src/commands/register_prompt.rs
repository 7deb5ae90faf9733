//! The terminal side of `register` and `create --register`: the questions the operations ask
//! when a flag is missing, and what they tell the operator as it happens.

use anyhow::Context as _;

use crate::commands::context::Context;
use crate::error::UsageError;
use crate::instance_url::InstanceUrl;
use crate::ops::{create, register};
use crate::output;
use crate::runner_config::{Executor, Notice};
use crate::token::RunnerToken;

/// Asks on the terminal when one is there, else names the flag that was missing.
pub(super) struct Terminal<'a> {
    pub context: &'a Context,
}

impl register::Operator for Terminal<'_> {
    fn executor(&mut self) -> anyhow::Result<Executor> {
        if !self.context.can_prompt() {
            return Err(UsageError::new(
                "a new entry needs --executor (shell, docker, docker-autoscaler, docker+machine, kubernetes, custom, ssh, parallels, virtualbox, instance)",
            )
            .into());
        }
        let names: Vec<&str> = Executor::ALL.iter().map(|e| e.name()).collect();
        let choice = dialoguer::Select::new()
            .with_prompt("Executor")
            .items(&names)
            .default(0)
            .interact()
            .context("prompt aborted")?;
        Ok(Executor::ALL
            .get(choice)
            .copied()
            .unwrap_or(Executor::Shell))
    }

    fn value(&mut self, missing: register::Missing) -> anyhow::Result<String> {
        let (usage, prompt) = match missing {
            register::Missing::DockerImage { executor } => (
                format!("--executor {executor} needs --docker-image IMAGE (the default job image)"),
                "Default job image (e.g. alpine:3)",
            ),
            register::Missing::AutoscalerPlugin { executor } => (
                format!(
                    "--executor {executor} needs --autoscaler-plugin PLUGIN (the fleeting plugin, e.g. aws:latest, googlecloud:latest)"
                ),
                "Fleeting plugin (e.g. aws:latest)",
            ),
        };
        if !self.context.can_prompt() {
            return Err(UsageError::new(usage).into());
        }
        let value: String = dialoguer::Input::new()
            .with_prompt(prompt)
            .interact_text()
            .context("prompt aborted")?;
        let value = value.trim().to_string();
        if value.is_empty() {
            return Err(UsageError::new(usage).into());
        }
        Ok(value)
    }

    fn notify(&mut self, event: register::Event<'_>) {
        match event {
            register::Event::Opened(notice) => output::note(&notice.to_string()),
            register::Event::PlainHttp(url) => output::warn(&format!(
                "{url} is plain http: the runner token crosses the network unencrypted; use https"
            )),
            register::Event::SystemIdNotSaved(error) => output::warn(&format!(
                "{error}; using a system id for this run only, so GitLab will see a new runner manager next time"
            )),
            register::Event::OtherRunner {
                expected,
                verified,
                url,
            } => output::warn(&format!(
                "the token stored for runner {expected} belongs to runner {verified} in {url}; registering runner {verified}"
            )),
            register::Event::Saved(notice @ Notice::Created { .. }) => {
                output::note(&notice.to_string())
            }
            register::Event::Saved(notice) => output::warn(&notice.to_string()),
        }
    }
}

impl create::Operator for Terminal<'_> {
    fn notify_create(&mut self, event: create::Event<'_>) {
        match event {
            create::Event::Interrupted { id } => output::warn(&format!(
                "interrupted: runner {id} was created but not registered on this machine"
            )),
            create::Event::StoreNotice(notice) => super::context::warn_once(notice),
            create::Event::Fallback { id, fallback } => output::warn(&format!(
                "could not keep runner {id}'s token in {}: {}",
                fallback.step, fallback.reason
            )),
        }
    }
}

/// On a terminal: pick a runner the store holds a token for, or paste a token.
pub(super) fn prompt_token(
    context: &Context,
) -> anyhow::Result<(RunnerToken, Option<InstanceUrl>)> {
    let url = context.gitlab_url().ok().map(|(url, _)| url);
    let stored: Vec<u64> = match (&url, context.secret_store()) {
        (Some(url), Ok(store)) => store
            .stored_runners()
            .unwrap_or_default()
            .into_iter()
            .filter(|runner| runner.url == url.as_str())
            .map(|runner| runner.runner_id)
            .collect(),
        _ => Vec::new(),
    };
    if let Some(url) = &url
        && !stored.is_empty()
    {
        let mut items: Vec<String> = stored
            .iter()
            .map(|id| format!("runner {id} (token in the secret store)"))
            .collect();
        items.push("paste a runner token".to_string());
        let choice = dialoguer::Select::new()
            .with_prompt(format!("Which runner of {url}?"))
            .items(&items)
            .default(0)
            .interact()
            .context("prompt aborted")?;
        if let Some(id) = stored.get(choice) {
            return Ok((
                super::register::stored_token(context, url, *id)?,
                Some(url.clone()),
            ));
        }
    }
    let text = dialoguer::Password::new()
        .with_prompt("Runner token (glrt-…)")
        .interact()
        .context("prompt aborted")?;
    Ok((RunnerToken::new(text.trim()), url))
}
