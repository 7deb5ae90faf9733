//! `unregister`: remove config.toml entries and this machine's runner managers in GitLab, and
//! with `--delete-runner` the runners themselves.
//!
//! The file is locked for the whole run. GitLab is asked first, entry by entry; the entries
//! GitLab let go of (or that were already gone there) are removed in one write at the end.

use anyhow::Context as _;
use chrono::Utc;
use serde::Serialize;

use crate::cli::UnregisterArgs;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::forge::Forge;
use crate::gitlab::{ApiError, Client};
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::runner_config::{ConfigFile, EntryView, read_system_id};
use crate::token::RunnerToken;

#[derive(Debug, Serialize)]
struct Results {
    results: Vec<Outcome>,
}

#[derive(Debug, Serialize)]
struct Outcome {
    runner_id: Option<u64>,
    name: Option<String>,
    action: &'static str,
    reason: Option<String>,
}

/// What to do with one entry after asking GitLab.
enum Verdict {
    /// Remove the entry; the note (if any) says why although GitLab did not confirm.
    Remove(Option<String>),
    /// Keep the entry: the failure's reason.
    Keep(String),
}

pub fn run(context: &Context, args: UnregisterArgs) -> anyhow::Result<Exit> {
    let path = context.config_path()?;
    if !path.exists() && std::fs::symlink_metadata(&path).is_err() {
        anyhow::bail!(
            "{} does not exist: there is nothing to unregister (pass --config for another file)",
            path.display()
        );
    }
    let mut file =
        ConfigFile::open_with(&path, &context.edit_options()).context("cannot unregister")?;
    for notice in file.notices() {
        output::note(&notice.to_string());
    }
    let entries = select(context, file.document().runners(), &args)?;
    let system_id = read_system_id(&parent_dir(file.path()));
    let store = if args.delete_runner {
        Some(context.secret_store()?)
    } else {
        None
    };

    let mut outcomes = Vec::new();
    let mut to_remove: Vec<EntryView> = Vec::new();
    for entry in &entries {
        let runner_id = entry.id.and_then(|id| u64::try_from(id).ok());
        let verdict = match unregister_one(context, entry, system_id.as_deref(), &args) {
            Ok(verdict) => verdict,
            Err(error) => Verdict::Keep(format!("{error:#}")),
        };
        match verdict {
            Verdict::Remove(note) => {
                to_remove.push(entry.clone());
                if let (Some(store), Some(id), Some(url)) = (&store, runner_id, entry_url(entry))
                    && let Err(error) = store.delete_runner_token(&url, id)
                {
                    output::warn(&format!(
                        "runner {id} is deleted, but its token could not be removed from {}: {error}",
                        store.label()
                    ));
                }
                if let Some(note) = &note {
                    output::note(&format!("{}: {note}", describe(entry)));
                }
                outcomes.push(Outcome {
                    runner_id,
                    name: entry.name.clone(),
                    action: "deleted",
                    reason: note,
                });
            }
            Verdict::Keep(reason) => {
                output::warn(&format!("{} was kept: {reason}", describe(entry)));
                outcomes.push(Outcome {
                    runner_id,
                    name: entry.name.clone(),
                    action: "failed",
                    reason: Some(reason),
                });
            }
        }
    }

    if !to_remove.is_empty() {
        let edit = file
            .edit(|document| {
                // Found again: the file is re-read under the lock, and gitlab-runner may have
                // rewritten it meanwhile. Highest index first keeps the others in place.
                let mut indexes = entries_again(&document.runners(), &to_remove);
                indexes.sort_unstable();
                for index in indexes.into_iter().rev() {
                    document.remove_runner(index)?;
                }
                Ok::<_, crate::runner_config::ConfigError>(())
            })
            .context("GitLab let go of the runner managers, but config.toml could not be written; run unregister again")?;
        for notice in &edit.notices {
            output::warn(&notice.to_string());
        }
    }

    let failed = outcomes.iter().any(|outcome| outcome.action == "failed");
    if failed {
        output::failed_before_printing();
    }
    if context.json() {
        output::print_json(&Results { results: outcomes })?;
    } else {
        for outcome in &outcomes {
            let who = match (outcome.runner_id, &outcome.name) {
                (Some(id), Some(name)) => format!("runner {id} (\"{name}\")"),
                (Some(id), None) => format!("runner {id}"),
                (None, Some(name)) => format!("\"{name}\""),
                (None, None) => "an unnamed entry".to_string(),
            };
            if outcome.action == "deleted" {
                crate::outln!("Unregistered {who} from {}.", path.display());
            } else {
                crate::outln!("Kept {who}: {}", outcome.reason.as_deref().unwrap_or(""));
            }
        }
    }
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

/// The indexes in `current` of the entries `wanted` (as read before asking GitLab). An entry
/// is matched on everything it holds, not its token alone: gitlab-runner writes entries that
/// share a token, and an entry may have none. The same index is preferred, then the first
/// entry alike that is not taken yet; one that is gone (or was changed) is left alone.
fn entries_again(current: &[EntryView], wanted: &[EntryView]) -> Vec<usize> {
    let alike = |a: &EntryView, b: &EntryView| {
        EntryView {
            index: b.index,
            ..a.clone()
        } == *b
    };
    let mut taken: Vec<usize> = Vec::new();
    for entry in wanted {
        let same_place = current
            .get(entry.index)
            .filter(|now| alike(entry, now) && !taken.contains(&now.index));
        let found = same_place.or_else(|| {
            current
                .iter()
                .find(|now| alike(entry, now) && !taken.contains(&now.index))
        });
        if let Some(now) = found {
            taken.push(now.index);
        }
    }
    taken
}

fn describe(entry: &EntryView) -> String {
    match (entry.id, &entry.name) {
        (Some(id), Some(name)) => format!("entry {} (runner {id}, \"{name}\")", entry.index),
        (Some(id), None) => format!("entry {} (runner {id})", entry.index),
        (None, Some(name)) => format!("entry {} (\"{name}\")", entry.index),
        (None, None) => format!("entry {}", entry.index),
    }
}

fn select(
    context: &Context,
    entries: Vec<EntryView>,
    args: &UnregisterArgs,
) -> anyhow::Result<Vec<EntryView>> {
    if args.all {
        return Ok(entries);
    }
    if let Some(name) = &args.name {
        let matching: Vec<EntryView> = entries
            .into_iter()
            .filter(|entry| entry.name.as_deref() == Some(name.as_str()))
            .collect();
        return match matching.len() {
            0 => Err(anyhow::anyhow!(
                "no entry named \"{name}\" in {}",
                context.config_path()?.display()
            )),
            1 => Ok(matching),
            _ => {
                let list: Vec<String> = matching
                    .iter()
                    .map(|entry| match entry.id {
                        Some(id) => format!("entry {} (--runner {id})", entry.index),
                        None => format!("entry {} (no runner id)", entry.index),
                    })
                    .collect();
                Err(UsageError::new(format!(
                    "{} entries are named \"{name}\": {}; choose one with --runner ID",
                    matching.len(),
                    list.join(", ")
                ))
                .into())
            }
        };
    }
    let Some(id) = args.runner else {
        return Err(UsageError::new("pass --name N, --runner ID or --all").into());
    };
    let wanted = i64::try_from(id).ok();
    let mut matching: Vec<EntryView> = entries
        .into_iter()
        .filter(|entry| entry.id.is_some() && entry.id == wanted)
        .collect();
    if matching.len() > 1 {
        // Runner ids are unique per GitLab only: narrow to the URL in use, if one is set.
        if let Ok((url, _)) = context.gitlab_url() {
            matching.retain(|entry| entry_url(entry).as_ref() == Some(&url));
        }
    }
    if matching.is_empty() {
        anyhow::bail!(
            "no entry for runner {id} in {}",
            context.config_path()?.display()
        );
    }
    Ok(matching)
}

fn entry_url(entry: &EntryView) -> Option<InstanceUrl> {
    entry
        .url
        .as_deref()
        .and_then(crate::commands::context::entry_url)
}

/// Asks GitLab to let go of one entry's runner manager (or runner).
fn unregister_one(
    context: &Context,
    entry: &EntryView,
    system_id: Option<&str>,
    args: &UnregisterArgs,
) -> anyhow::Result<Verdict> {
    let Some(token) = &entry.token else {
        return Ok(Verdict::Remove(Some(
            "it has no token, so GitLab has nothing to forget".into(),
        )));
    };
    let Some(url) = entry_url(entry) else {
        return Ok(Verdict::Keep(
            "it has no valid url, so GitLab cannot be told; fix the url or remove the entry by hand"
                .into(),
        ));
    };
    if args.delete_runner {
        return delete_runner(context, entry, &url, token, system_id, args.force);
    }
    let client = Client::new(url.clone(), None, context.client_options())?;
    let answer = if token.is_authentication_token() {
        let Some(system_id) = system_id else {
            return Ok(Verdict::Remove(Some(
                "there is no .runner_system_id beside config.toml, so this machine has no runner manager to delete".into(),
            )));
        };
        let answer = Forge::delete_runner_manager(&client, token, system_id);
        if answer.is_ok() {
            let runner = entry
                .id
                .map_or_else(|| "the runner".to_string(), |id| format!("runner {id}"));
            output::note(&format!("{}: {}", describe(entry), heartbeat_note(&runner)));
        }
        answer
    } else {
        // Legacy runner tokens have no managers: gitlab-runner deletes the runner itself.
        Forge::delete_runner_by_token(&client, token)
    };
    Ok(verdict_from(answer))
}

/// GitLab versions whose runner authentication heartbeats every runner-token call
/// (`authenticate_runner!` with `update_contacted_at: true` by default, lib/api/ci/helpers/
/// runner.rb until `heartbeat` moved behind `ensure_runner_manager`) count
/// `DELETE /runners/managers` as a contact: the runner reads online for up to 2 hours after its
/// last host unregistered. Its managers list is what tells who still runs it.
fn heartbeat_note(runner: &str) -> String {
    format!(
        "some GitLab versions count this unregister as a contact, so {runner} may read online \
         for up to 2 hours although no host runs it; its runner managers (GitLab's runner page, \
         or `GET /runners/ID/managers`) show which hosts still use it"
    )
}

fn verdict_from(answer: Result<(), ApiError>) -> Verdict {
    match answer {
        Ok(()) => Verdict::Remove(None),
        Err(error) => match error.status() {
            Some(403) => Verdict::Remove(Some(
                "GitLab refused its token (403): the token is already invalid (reset, or the runner deleted); the entry is removed anyway".into(),
            )),
            Some(404) => Verdict::Remove(Some(
                "GitLab has no runner manager for this machine (404); the entry is removed anyway".into(),
            )),
            _ => Verdict::Keep(error.to_string()),
        },
    }
}

fn delete_runner(
    context: &Context,
    entry: &EntryView,
    url: &InstanceUrl,
    token: &RunnerToken,
    system_id: Option<&str>,
    force: bool,
) -> anyhow::Result<Verdict> {
    let Some(api_token) = context.api_token(url)? else {
        return Ok(Verdict::Keep(format!(
            "--delete-runner needs an API token for {url} to check the runner's other managers: set GITLAB_TOKEN or run `runnerctl auth login --url {url}`"
        )));
    };
    let runner_id = entry.id.and_then(|id| u64::try_from(id).ok());
    let client = Client::new(url.clone(), Some(api_token), context.client_options())?;
    match runner_id {
        Some(id) => {
            let managers = match client.runner_managers(id) {
                Ok(managers) => managers,
                // Already gone: nothing else can be using it.
                Err(error) if error.status() == Some(404) => Vec::new(),
                Err(error) => return Ok(Verdict::Keep(error.to_string())),
            };
            let now = Utc::now();
            let others: Vec<&str> = managers
                .iter()
                .filter(|manager| Some(manager.system_id.as_str()) != system_id)
                .filter(|manager| manager.is_online(now))
                .map(|manager| manager.system_id.as_str())
                .collect();
            if !others.is_empty() && !force {
                return Ok(Verdict::Keep(format!(
                    "runner {id} has other managers online ({}); deleting it would stop them too. Unregister only this machine (without --delete-runner), or pass --force",
                    others.join(", ")
                )));
            }
        }
        None if !force => {
            return Ok(Verdict::Keep(
                "the entry has no runner id, so its other managers cannot be checked; pass --force to delete the runner anyway".into(),
            ));
        }
        None => {}
    }
    let runner_client = Client::new(url.clone(), None, context.client_options())?;
    match Forge::delete_runner_by_token(&runner_client, token) {
        Ok(()) => Ok(Verdict::Remove(None)),
        Err(error) if error.status() == Some(403) => {
            // The token is no longer valid; the runner may still exist under its id.
            let Some(id) = runner_id else {
                return Ok(verdict_from(Err(error)));
            };
            match Forge::delete_runner(&client, id) {
                Ok(()) => Ok(Verdict::Remove(Some(format!(
                    "its token was already invalid; runner {id} was deleted by id"
                )))),
                Err(error) if error.status() == Some(404) => Ok(Verdict::Remove(Some(format!(
                    "runner {id} no longer exists in GitLab; the entry is removed"
                )))),
                Err(error) => Ok(Verdict::Keep(error.to_string())),
            }
        }
        Err(error) => Ok(Verdict::Keep(error.to_string())),
    }
}

fn parent_dir(path: &std::path::Path) -> std::path::PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
}
