//! The runner a command names: an id (on the resolved GitLab) or `--name`, a config.toml
//! entry's name (on the entry's own `url`). Shared by `pause`, `resume`, `update` and `rotate`.

use crate::runner_id::RunnerId;
use anyhow::Context as _;

use crate::cli::RunnerTargetArgs;
use crate::commands::context::Context;
use crate::error::UsageError;
use crate::gitlab::Client;
use crate::instance_url::InstanceUrl;
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
    let id = entry.runner_id().map(RunnerId::get).with_context(|| {
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
