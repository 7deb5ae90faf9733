//! `pause` and `resume`, and what they share with `update` and `rotate`: finding the runner
//! the operator named (an id, or a config.toml entry's name) and reporting per-runner results.

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::RunnerTargetArgs;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::gitlab::Client;
use crate::gitlab::RunnerSettings;
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::runner_config::{ConfigFile, EntryView};

/// The runner a command acts on, with a client for the GitLab it lives on.
pub(super) struct Target {
    pub id: u64,
    pub client: Client,
}

/// An id uses the resolved GitLab URL; `--name` uses the entry's own `id` and `url`, as every
/// command acting on a config entry does.
pub(super) fn resolve(context: &Context, args: &RunnerTargetArgs) -> anyhow::Result<Target> {
    match (&args.name, args.id) {
        (Some(name), _) => {
            let config = context.config_path()?;
            let entry = entry_named(&config, name)?;
            let (id, url) = id_and_url(&entry, &config)?;
            Ok(Target {
                id,
                client: client_for(context, url)?,
            })
        }
        (None, Some(id)) => Ok(Target {
            id,
            client: context.client()?,
        }),
        // clap's group requires one of them; kept as a usage error rather than a panic.
        (None, None) => Err(UsageError::new("name the runner: give its ID or --name NAME").into()),
    }
}

/// The one entry with this name; several are refused, since acting on the wrong runner is
/// worse than asking for its id.
pub(super) fn entry_named(config: &std::path::Path, name: &str) -> anyhow::Result<EntryView> {
    let document = ConfigFile::read(config)?;
    let indexes = document.find_by_name(name);
    let entries: Vec<EntryView> = indexes
        .iter()
        .filter_map(|index| document.runner(*index))
        .collect();
    match entries.as_slice() {
        [] => anyhow::bail!(
            "{} has no [[runners]] entry named {name:?}; give the runner's ID instead",
            config.display()
        ),
        [entry] => Ok(entry.clone()),
        several => {
            let ids: Vec<String> = several
                .iter()
                .map(|entry| match entry.id {
                    Some(id) => format!("entry {} (runner {id})", entry.index),
                    None => format!("entry {} (no id)", entry.index),
                })
                .collect();
            anyhow::bail!(
                "{} has {} entries named {name:?}: {}; give the runner's ID instead",
                config.display(),
                several.len(),
                ids.join(", ")
            )
        }
    }
}

pub(super) fn id_and_url(
    entry: &EntryView,
    config: &std::path::Path,
) -> anyhow::Result<(u64, InstanceUrl)> {
    let name = entry.name.as_deref().unwrap_or("(unnamed)");
    let id = entry
        .id
        .and_then(|id| u64::try_from(id).ok())
        .with_context(|| {
            format!(
                "entry {name:?} of {} has no runner id (it was registered by an older \
                 gitlab-runner); give the runner's ID instead",
                config.display()
            )
        })?;
    let url = entry.url.as_deref().with_context(|| {
        format!(
            "entry {name:?} of {} has no url; give the runner's ID and --url instead",
            config.display()
        )
    })?;
    let url = InstanceUrl::parse(url)
        .with_context(|| format!("entry {name:?} of {}: bad url", config.display()))?;
    crate::commands::context::warn_if_plain_http(&url);
    Ok((id, url))
}

/// A client for a GitLab URL found in config.toml, with the API token for exactly that URL.
pub(super) fn client_for(context: &Context, url: InstanceUrl) -> anyhow::Result<Client> {
    let token = context.api_token(&url)?;
    Ok(Client::new(url, token, context.client_options())?)
}

/// One item of the contract's `{"results": [...]}`.
#[derive(Debug, Serialize)]
pub(super) struct RunnerResult {
    pub runner_id: u64,
    pub action: &'static str,
    pub reason: Option<String>,
    /// `rotate` only: where a recovery copy of the new token was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_file: Option<String>,
    /// `rotate` only, the last-resort hand-over: the new token, when neither the secret store
    /// nor a file could keep it (the contract's "secrets" row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl RunnerResult {
    pub fn new(runner_id: u64, action: &'static str, reason: Option<String>) -> RunnerResult {
        RunnerResult {
            runner_id,
            action,
            reason,
            token_file: None,
            token: None,
        }
    }
}

#[derive(Serialize)]
struct Results<'a> {
    results: &'a [RunnerResult],
}

pub(super) fn print_results(results: &[RunnerResult]) -> anyhow::Result<()> {
    output::print_json(&Results { results })
}

/// A failure after the arguments were accepted: the error on stderr and, for scripts, a
/// `failed` result on stdout; exit 1. Usage errors keep their exit status 2.
pub(super) fn fail(
    context: &Context,
    runner_id: u64,
    error: anyhow::Error,
) -> anyhow::Result<Exit> {
    if error.chain().any(|cause| cause.is::<UsageError>()) {
        return Err(error);
    }
    output::failed_before_printing();
    if context.json() {
        print_results(&[RunnerResult::new(
            runner_id,
            "failed",
            Some(output::error_text(&error)),
        )])?;
    }
    output::print_error(&error, context.format());
    Ok(Exit::Failure)
}

/// `pause` (true) or `resume` (false): `PUT /runners/:id` with `paused`.
pub fn run(context: &Context, args: RunnerTargetArgs, paused: bool) -> anyhow::Result<Exit> {
    let target = resolve(context, &args)?;
    let settings = RunnerSettings {
        paused: Some(paused),
        ..RunnerSettings::default()
    };
    let details = match target.client.update_runner(target.id, &settings) {
        Ok(details) => details,
        Err(error) => return fail(context, target.id, error.into()),
    };
    if context.json() {
        print_results(&[RunnerResult::new(target.id, "updated", None)])?;
    } else if details.paused {
        crate::outln!(
            "Paused runner {}: it finishes the jobs it is running and takes no new ones. \
             `runnerctl resume {}` undoes this.",
            target.id,
            target.id
        );
    } else {
        crate::outln!("Resumed runner {}: it takes new jobs again.", target.id);
    }
    Ok(Exit::Success)
}
