//! `register`: the token from a flag, the store or a prompt, then the register operation
//! (`ops::register`: lock and read config.toml, verify, write), then its one sentence or JSON.

use anyhow::{Context as _, anyhow};

use crate::cli::RegisterCommandArgs;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::host_file::Action;
use crate::instance_url::InstanceUrl;
use crate::ops::register::{self, Registration};
use crate::output;
use crate::token::RunnerToken;

use super::register_options::{check_token, explain, options_from};
use super::register_prompt::{Terminal, prompt_token};

pub(super) fn run(context: &Context, args: RegisterCommandArgs) -> anyhow::Result<Exit> {
    let (token, url_hint) = token_from(context, &args)?;
    let options = options_from(context, &args.entry)?;
    let mut terminal = Terminal { context };
    let mut prepared =
        register::prepare(&options, Some(&token), args.runner, &mut terminal).map_err(explain)?;
    let url = match &context.global.url {
        Some(_) => context.gitlab_url()?.0,
        // Updating an entry: its own URL, as for every command acting on an entry.
        None => match prepared.existing_url().cloned() {
            Some(url) => url,
            None => match url_hint {
                Some(url) => url,
                None => context.gitlab_url()?.0,
            },
        },
    };
    let registration = if args.dry_run {
        register::preview(&prepared, &url, &token, args.runner, &mut terminal)
    } else {
        register::complete(&mut prepared, &url, &token, args.runner, &mut terminal)
    }
    .map_err(explain)?;
    print(context, &registration)?;
    Ok(Exit::Success)
}

pub(super) fn print(context: &Context, registration: &Registration) -> anyhow::Result<()> {
    if context.json() {
        return output::print_json(registration);
    }
    if let Some(diff) = &registration.diff {
        crate::out!("{diff}");
        let runner = registration
            .runner_id
            .map_or_else(|| "the runner".to_string(), |id| format!("runner {id}"));
        let would = match registration.action {
            Action::Added => "be added to",
            Action::Updated => "be updated in",
            Action::Unchanged => "stay unchanged in",
        };
        crate::outln!(
            "Dry run: the entry of {runner} would {would} {}. Nothing was written, and the \
             token was not verified (verifying records a contact and creates a runner manager \
             in GitLab).",
            registration.config
        );
        return Ok(());
    }
    crate::outln!("{}", describe(registration));
    Ok(())
}

/// One human sentence about a registration.
pub(super) fn describe(registration: &Registration) -> String {
    let runner = registration
        .runner_id
        .map_or_else(|| "the runner".to_string(), |id| format!("runner {id}"));
    let name = registration.name.as_deref().unwrap_or("(unnamed)");
    match registration.action {
        Action::Added => format!(
            "Registered {runner} as \"{name}\" in {}; gitlab-runner picks it up within a few seconds.",
            registration.config
        ),
        Action::Updated => format!(
            "Updated the entry \"{name}\" of {runner} in {}.",
            registration.config
        ),
        Action::Unchanged => format!(
            "{runner} is already registered as \"{name}\" in {}; nothing changed.",
            registration.config
        ),
    }
}

/// The token, and the URL it was looked up for (a stored runner is stored per URL).
fn token_from(
    context: &Context,
    args: &RegisterCommandArgs,
) -> anyhow::Result<(RunnerToken, Option<InstanceUrl>)> {
    let (token, url) = if args.token_stdin {
        (
            RunnerToken::new(super::read_stdin_token("runner token")?),
            None,
        )
    } else if let Some(id) = args.runner {
        let (url, _) = context.gitlab_url()?;
        (stored_token(context, &url, id)?, Some(url))
    } else if context.can_prompt() {
        prompt_token(context)?
    } else {
        return Err(UsageError::new(
            "which runner? pass --runner ID (a token kept by `runnerctl create`) or --token-stdin",
        )
        .into());
    };
    check_token(&token)?;
    Ok((token, url))
}

pub(super) fn stored_token(
    context: &Context,
    url: &InstanceUrl,
    id: u64,
) -> anyhow::Result<RunnerToken> {
    let store = context.secret_store()?;
    store
        .runner_token(url, id)
        .with_context(|| format!("cannot read runner {id}'s token from {}", store.label()))?
        .ok_or_else(|| {
            anyhow!(
                "no token for runner {id} of {url} in {}: runnerctl keeps the tokens of the runners \
                 it creates; on another machine, pipe it here with `runnerctl token show {id} | \
                 runnerctl register --token-stdin`",
                store.label()
            )
        })
}
