//! What doctor is given to work with: a client when GitLab's API can be read, the secret store
//! when the local checks run, the GitLab URL of config.toml, and the scope as given, each once.

use crate::commands::context::Context;
use crate::error::UsageError;
use crate::gitlab::Client;
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::runner_config::ConfigFile;

/// A client for `gitlab_url` with its API token; `None` (with a warning saying what was not
/// checked) when there is no token but the local checks can still run.
pub(super) fn api_client(
    context: &Context,
    gitlab_url: Option<&InstanceUrl>,
    offline: bool,
    local_checks: bool,
) -> anyhow::Result<Option<Client>> {
    match (gitlab_url, offline) {
        (Some(url), false) => match context.api_token(url) {
            // GITLAB_TOKEN given for another GitLab than the config's: local checks only.
            Err(error) if local_checks && !error.is::<UsageError>() => {
                output::warn(&format!("only the local checks ran: {error}"));
                Ok(None)
            }
            Err(error) => Err(error),
            Ok(Some(token)) => Ok(Some(Client::new(
                url.clone(),
                Some(token),
                context.client_options(),
            )?)),
            Ok(None) if !local_checks => Err(UsageError::new(format!(
                "no API token for {url}, and doctor -g/-p/--runner reads GitLab's API: set \
                 GITLAB_TOKEN, or run `runnerctl auth login --url {url}`"
            ))
            .into()),
            Ok(None) => {
                output::warn(&format!(
                    "no API token for {url}: only the local checks ran. Set GITLAB_TOKEN or run \
                     `runnerctl auth login --url {url}`; pass --offline to skip the API on purpose"
                ));
                Ok(None)
            }
        },
        _ => Ok(None),
    }
}

/// The secret store for the local checks; one that cannot be opened leaves the stored tokens
/// unchecked, with a warning.
pub(super) fn secret_store(
    context: &Context,
    local_checks: bool,
) -> anyhow::Result<Option<crate::secrets::SecretStore>> {
    if !local_checks {
        return Ok(None);
    }
    match context.secret_store() {
        Ok(store) => Ok(Some(store)),
        Err(error) if error.chain().any(|c| c.is::<UsageError>()) => Err(error),
        Err(error) => {
            output::warn(&format!(
                "the secret store cannot be opened ({error}): stored tokens not checked"
            ));
            Ok(None)
        }
    }
}

/// Without a URL from the flags, the environment or `auth login`, the URL of the config's
/// entries (when they all name the same GitLab) is the GitLab this machine works for.
pub(super) fn url_from_config(path: &std::path::Path) -> Option<InstanceUrl> {
    let document = ConfigFile::read(path).ok()?;
    let mut urls = document
        .runners()
        .into_iter()
        .filter_map(|entry| entry.url)
        .filter_map(|url| InstanceUrl::parse(&url).ok());
    let first = urls.next()?;
    urls.all(|url| url == first).then_some(first)
}

/// Paths as given, trimmed of slashes, each once (GitLab compares them without case).
pub(super) fn distinct_paths(paths: Vec<String>) -> Vec<String> {
    let mut distinct: Vec<String> = Vec::new();
    for path in paths {
        let path = path.trim().trim_matches('/').to_string();
        if !path.is_empty() && !distinct.iter().any(|p| p.eq_ignore_ascii_case(&path)) {
            distinct.push(path);
        }
    }
    distinct
}

/// Runner ids in order, each once.
pub(super) fn distinct_ids(mut ids: Vec<u64>) -> Vec<u64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}
