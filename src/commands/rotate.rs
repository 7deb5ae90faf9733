//! `runnerctl rotate`: a new token in GitLab, in every config.toml entry of the runner and in
//! the secret store, in one step, and never a token that exists nowhere but in GitLab.
//!
//! Order: read (and lock) config.toml first, so that a file runnerctl cannot write fails
//! before GitLab is asked for anything; check the runner's managers; reset; keep the new token
//! in the secret store; write config.toml. The reset cannot be undone, so every failure after
//! it keeps the new token somewhere and says how to finish.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Utc};

use crate::cli::RotateArgs;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::forge::Forge;
use crate::gitlab::RunnerManager;
use crate::gitlab::{ApiError, Client};
use crate::instance_url::InstanceUrl;
use crate::keep_token::{DeferSignals, default_token_file};
use crate::output;
use crate::runner_config::{ConfigDocument, ConfigError, ConfigFile, read_system_id};
use crate::secrets::{SecretStore, StoreKind};
use crate::token::RunnerToken;

use super::runner_results::{fail, print_results};
use super::runner_target::{client_for, entry_named, id_and_url};
use crate::ops::results::{Action, RunnerResult};
use crate::output::error_text;

pub fn run(context: &Context, args: RotateArgs) -> anyhow::Result<Exit> {
    let config_path = context.config_path()?;
    let (id, url) = runner_and_url(context, &args, &config_path)?;
    // Set by `rotate` from the reset on, and dropped after the report says where the new
    // token is: a SIGINT or SIGTERM in between waits for that (see keep_token).
    let mut signals = None;
    match rotate(context, id, &url, &config_path, args.force, &mut signals) {
        Ok(rotated) => report(context, &rotated),
        Err(Failure::Before(error)) => fail(context, id, error),
        Err(Failure::After {
            error,
            token_file,
            handed_over,
        }) => {
            if let Some(token) = &handed_over {
                warn_hand_over(id);
                if !context.json() {
                    crate::outln!("Token: {}", token.expose());
                }
            }
            if context.json() {
                print_results(&[RunnerResult {
                    token_file: token_file.map(|path| path.display().to_string()),
                    token: handed_over.map(|token| token.expose().to_string()),
                    ..RunnerResult::new(id, Action::Failed, Some(error_text(&error)))
                }])?;
            }
            super::hints::print_error(&error, context.format());
            Ok(Exit::Failure)
        }
    }
}

/// The runner's id and the GitLab it lives on: a named entry's own `id` and `url`; for an id,
/// the resolved GitLab URL, or, when none is configured, the URL of this config.toml's only
/// entry for that id.
fn runner_and_url(
    context: &Context,
    args: &RotateArgs,
    config_path: &Path,
) -> anyhow::Result<(u64, InstanceUrl)> {
    if let Some(name) = &args.target.name {
        let entry = entry_named(config_path, name)?;
        return id_and_url(&entry, config_path);
    }
    let Some(id) = args.target.id else {
        return Err(UsageError::new("name the runner: give its ID or --name NAME").into());
    };
    match context.gitlab_url() {
        Ok((url, _)) => Ok((id, url)),
        Err(no_url) => {
            let Some(document) = read_if_present(config_path)? else {
                return Err(no_url);
            };
            let entries: Vec<_> = i64::try_from(id)
                .map(|wanted| document.find_by_id(wanted, None))
                .unwrap_or_default();
            match entries.as_slice() {
                [index] => {
                    let entry = document
                        .runner(*index)
                        .context("the config entry vanished while being read")?;
                    id_and_url(&entry, config_path)
                }
                _ => Err(no_url),
            }
        }
    }
}

/// config.toml if it exists. A missing file means this machine runs no runner (an admin
/// workstation); a broken or unreadable one stops the rotation before GitLab is asked.
fn read_if_present(path: &Path) -> anyhow::Result<Option<ConfigDocument>> {
    match ConfigFile::read(path) {
        Ok(document) => Ok(Some(document)),
        Err(ConfigError::NotFound { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

fn entry_indexes(document: &ConfigDocument, id: u64, url: &InstanceUrl) -> Vec<usize> {
    i64::try_from(id)
        .map(|wanted| document.find_by_id(wanted, Some(url.as_str())))
        .unwrap_or_default()
}

enum Failure {
    /// Nothing changed in GitLab.
    Before(anyhow::Error),
    /// GitLab issued a new token; the error says where it is kept and how to finish.
    After {
        error: anyhow::Error,
        token_file: Option<PathBuf>,
        /// Kept nowhere: the token goes to the operator now (last-resort hand-over).
        handed_over: Option<RunnerToken>,
    },
}

impl<E: Into<anyhow::Error>> From<E> for Failure {
    fn from(error: E) -> Failure {
        Failure::Before(error.into())
    }
}

struct Rotated {
    id: u64,
    expires_at: Option<DateTime<Utc>>,
    /// config.toml and the names of the entries written; None when no entry uses the runner.
    config: Option<(PathBuf, Vec<String>)>,
    /// Where the new token is kept besides config.toml.
    kept_in: Vec<String>,
    token_file: Option<PathBuf>,
    /// Set when a copy could not be kept (the rotation still counts as failed).
    problem: Option<String>,
    /// Kept nowhere: the token goes to the operator now (last-resort hand-over).
    handed_over: Option<RunnerToken>,
}

fn rotate(
    context: &Context,
    id: u64,
    url: &InstanceUrl,
    config_path: &Path,
    force: bool,
    signals: &mut Option<DeferSignals>,
) -> Result<Rotated, Failure> {
    let local = read_if_present(config_path)?
        .map(|document| !entry_indexes(&document, id, url).is_empty())
        .unwrap_or(false);
    // Held until the end: nothing else of runnerctl edits the file between reset and write.
    let mut file = if local {
        Some(ConfigFile::open_with(config_path, &context.edit_options())?)
    } else {
        None
    };
    let system_id = file
        .as_ref()
        .and_then(|file| file.path().parent().and_then(read_system_id));
    let store = context.secret_store()?;
    let client = client_for(context, url.clone())?;

    check_managers(&client, id, system_id.as_deref(), local, force)?;

    *signals = Some(DeferSignals::install());
    let reset = match Forge::reset_runner_token(&client, id) {
        Ok(reset) => reset,
        Err(error) => {
            if let Some(guard) = signals.take() {
                guard.release();
            }
            return Err(explain_reset_failure(error, id));
        }
    };
    let obtained_at = Utc::now();
    let expires_at = match reset.token_expires_at.as_deref() {
        None => None,
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(time) => Some(time.with_timezone(&Utc)),
            Err(_) => {
                output::warn(&format!(
                    "GitLab gave runner {id}'s token an expiry runnerctl cannot read ({text:?}); \
                     config.toml records none, so gitlab-runner will not renew it by itself"
                ));
                None
            }
        },
    };
    let token = reset.token;

    let mut kept_in = Vec::new();
    let mut problems = Vec::new();
    match keep_in_store(&store, url, id, &token) {
        Ok(Some(label)) => kept_in.push(label),
        Ok(None) => {}
        Err(reason) => problems.push(reason),
    }

    let Some(file) = file.as_mut() else {
        // An admin workstation: the secret store is the only place the token can go.
        let mut token_file = None;
        if kept_in.is_empty() {
            match write_recovery_file(id, &token) {
                Ok(path) => {
                    kept_in.push(format!("{} (mode 0600)", path.display()));
                    token_file = Some(path);
                }
                Err(reason) => {
                    problems.push(reason);
                    // Neither the store nor a file: the operator is the last place left.
                    return Ok(Rotated {
                        id,
                        expires_at,
                        config: None,
                        kept_in,
                        token_file: None,
                        problem: Some(format!(
                            "it could not be kept anywhere ({}), so it is printed on stdout",
                            problems.join("; ")
                        )),
                        handed_over: Some(token),
                    });
                }
            }
        }
        return Ok(Rotated {
            id,
            expires_at,
            config: None,
            kept_in,
            token_file,
            problem: (!problems.is_empty()).then(|| problems.join("; ")),
            handed_over: None,
        });
    };

    let written = file.edit(|document| -> anyhow::Result<Vec<String>> {
        let indexes = entry_indexes(document, id, url);
        if indexes.is_empty() {
            anyhow::bail!(
                "its [[runners]] entry disappeared from the file while the token was reset"
            );
        }
        let mut names = Vec::new();
        for index in indexes {
            document.set_runner_token(index, &token, obtained_at, expires_at)?;
            let name = document
                .runner(index)
                .and_then(|entry| entry.name)
                .unwrap_or_else(|| format!("#{index}"));
            names.push(name);
        }
        Ok(names)
    });
    match written {
        Ok(edit) => {
            for notice in &edit.notices {
                output::note(&notice.to_string());
            }
            Ok(Rotated {
                id,
                expires_at,
                config: Some((file.path().to_path_buf(), edit.value)),
                kept_in,
                token_file: None,
                problem: (!problems.is_empty()).then(|| {
                    format!(
                        "{}; `runnerctl token show {id}` and `register --runner {id}` would give \
                         the old token until `runnerctl register --runner {id}` is run with a \
                         working store",
                        problems.join("; ")
                    )
                }),
                handed_over: None,
            })
        }
        Err(write_error) => Err(config_write_failed(
            id,
            url,
            file.path(),
            write_error,
            &token,
            kept_in,
            problems,
        )),
    }
}

/// Other hosts using this runner (managers with another system id) fail with 403 as soon as
/// the token changes, so an online one stops the rotation unless `--force`.
fn check_managers(
    client: &Client,
    id: u64,
    system_id: Option<&str>,
    local: bool,
    force: bool,
) -> Result<(), Failure> {
    let managers = match client.runner_managers(id) {
        Ok(managers) => managers,
        Err(error) if force => {
            output::warn(&format!(
                "cannot check which hosts use runner {id} ({error}); rotating anyway (--force)"
            ));
            return Ok(());
        }
        Err(error) => {
            return Err(Failure::Before(anyhow::anyhow!(
                "cannot check which hosts use runner {id} before resetting its token: {error}. \
                 Pass --force to rotate without this check"
            )));
        }
    };
    let now = Utc::now();
    let others: Vec<&RunnerManager> = managers
        .iter()
        .filter(|manager| manager.is_online(now))
        .filter(|manager| !local || Some(manager.system_id.as_str()) != system_id)
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    let list = others
        .iter()
        .map(|manager| manager.system_id.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let whose = if local {
        "other hosts"
    } else {
        "hosts (this machine's config.toml has no entry for it)"
    };
    if force {
        output::warn(&format!(
            "runner {id} is online on {whose}: {list}. They fail with 403 from now on until each \
             is registered again with the new token"
        ));
        return Ok(());
    }
    Err(Failure::Before(anyhow::anyhow!(
        "runner {id} is online on {whose} (runner managers {list}); a new token would make them \
         fail until each is registered again. Pass --force to rotate anyway, then on each host: \
         `runnerctl token show {id} | ssh HOST sudo runnerctl register --token-stdin`"
    )))
}

fn explain_reset_failure(error: ApiError, id: u64) -> Failure {
    if let ApiError::AnswerLost { status, .. } = &error {
        return Failure::Before(anyhow::anyhow!(
            "{error}. GitLab answered {status}, so runner {id}'s token was probably reset: the \
             old token no longer works and the new one was in the lost answer. runnerctl did not \
             retry; run `runnerctl rotate {id}` again to get a token that can be kept"
        ));
    }
    if error.may_have_run() {
        // The old token may already be dead and the new one was never seen: only another
        // reset gets a token anyone has.
        Failure::Before(anyhow::anyhow!(
            "{error}. GitLab may have reset the token before the answer was lost, so runnerctl \
             did not retry; if runner {id} stops taking jobs, run `runnerctl rotate {id}` again"
        ))
    } else {
        Failure::Before(error.into())
    }
}

/// Ok(Some(label)) when stored, Ok(None) when the store is `none`, Err(reason) on failure.
fn keep_in_store(
    store: &SecretStore,
    url: &InstanceUrl,
    id: u64,
    token: &RunnerToken,
) -> Result<Option<String>, String> {
    if store.kind() == StoreKind::None {
        return Ok(None);
    }
    // The same bounded wait as create's: the old token is dead already.
    match crate::keep_token::put_in_store(store, url, id, token) {
        Ok(()) => Ok(Some(store.label())),
        // Stored; only the list of stored runners missed it.
        Err(error @ crate::secrets::SecretStoreError::StoredButNotListed { .. }) => {
            output::warn(&error.to_string());
            Ok(Some(store.label()))
        }
        Err(error) => Err(format!("{} refused it: {error}", store.label())),
    }
}

/// `runnerctl-runner-<id>.token` in the working directory, never overwriting an older one.
fn write_recovery_file(id: u64, token: &RunnerToken) -> Result<PathBuf, String> {
    let first = default_token_file(id);
    let candidates = [
        first.clone(),
        PathBuf::from(format!(
            "runnerctl-runner-{id}-{}.token",
            Utc::now().format("%Y%m%dT%H%M%SZ")
        )),
    ];
    let mut last_error = String::new();
    for path in candidates {
        match crate::secrets::write_token_file(&path, token) {
            Ok(()) => {
                return Ok(std::path::absolute(&path).unwrap_or(path));
            }
            Err(error) => last_error = format!("cannot write {}: {error}", path.display()),
        }
    }
    Err(last_error)
}

fn config_write_failed(
    id: u64,
    url: &InstanceUrl,
    config: &Path,
    write_error: anyhow::Error,
    token: &RunnerToken,
    mut kept_in: Vec<String>,
    mut problems: Vec<String>,
) -> Failure {
    let token_file = match write_recovery_file(id, token) {
        Ok(path) => {
            kept_in.push(format!("{} (mode 0600)", path.display()));
            Some(path)
        }
        Err(reason) => {
            problems.push(reason);
            None
        }
    };
    let in_store = kept_in.len() > usize::from(token_file.is_some());
    let target = format!("--url {url} --config {}", config.display());
    let finish = match (&token_file, in_store) {
        (Some(path), true) => format!(
            "`runnerctl register --runner {id} {target}` (it takes the token from the secret \
             store), or as another user such as root: \
             `sudo runnerctl register --token-stdin {target} < {}`",
            path.display()
        ),
        (None, true) => format!("`runnerctl register --runner {id} {target}`"),
        (Some(path), false) => format!(
            "`sudo runnerctl register --token-stdin {target} < {}`",
            path.display()
        ),
        (None, false) => format!("`runnerctl rotate {id}`"),
    };
    let handed_over = kept_in.is_empty().then(|| token.clone());
    let finish = if handed_over.is_some() {
        format!(
            "`runnerctl register --token-stdin {target}` with the token printed on stdout, or \
             `runnerctl rotate {id}`"
        )
    } else {
        finish
    };
    let kept = if kept_in.is_empty() {
        format!(
            "It could not be kept anywhere ({}), so it is printed on stdout",
            problems.join("; ")
        )
    } else {
        format!("The new token is kept in {}", kept_in.join(" and "))
    };
    let error = anyhow::anyhow!(
        "GitLab issued a new token for runner {id}, but {} could not be updated ({}), so \
         gitlab-runner here still holds the old token, which no longer works. {kept}. Once the \
         cause is fixed, finish with {finish}",
        config.display(),
        error_text(&write_error)
    );
    Failure::After {
        error,
        token_file,
        handed_over,
    }
}

/// The hand-over's loud warning: the token exists only in GitLab and in what is printed now.
fn warn_hand_over(id: u64) {
    output::warn(&format!(
        "RUNNER {id}'S NEW TOKEN COULD NOT BE STORED ANYWHERE. It is printed on stdout now and \
         GitLab will never show it again: copy it somewhere safe immediately."
    ));
}

fn report(context: &Context, rotated: &Rotated) -> anyhow::Result<Exit> {
    let id = rotated.id;
    let exit = if rotated.problem.is_some() {
        output::failed_before_printing();
        Exit::Failure
    } else {
        Exit::Success
    };
    if let Some(problem) = &rotated.problem {
        output::warn(&format!(
            "runner {id}'s new token could not be kept everywhere: {problem}"
        ));
    }
    if rotated.handed_over.is_some() {
        warn_hand_over(id);
    }
    if context.json() {
        print_results(&[RunnerResult {
            token_file: rotated
                .token_file
                .as_ref()
                .map(|path| path.display().to_string()),
            token: rotated
                .handed_over
                .as_ref()
                .map(|token| token.expose().to_string()),
            ..RunnerResult::new(id, Action::Rotated, rotated.problem.clone())
        }])?;
        return Ok(exit);
    }
    crate::outln!("Rotated the token of runner {id}; the old token no longer works.");
    if let Some(token) = &rotated.handed_over {
        crate::outln!("Token: {}", token.expose());
    }
    match &rotated.config {
        Some((path, names)) => crate::outln!(
            "Updated {} ({}); gitlab-runner re-reads it within seconds, no restart needed.",
            path.display(),
            names
                .iter()
                .map(|name| format!("entry {name:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => crate::outln!(
            "No entry of this machine's config.toml uses runner {id}, so no config.toml was \
             changed. Give the new token to the host that runs it:\n  runnerctl token show {id} \
             | ssh HOST sudo runnerctl register --token-stdin"
        ),
    }
    if !rotated.kept_in.is_empty() {
        crate::outln!(
            "The new token is kept in {}.",
            rotated.kept_in.join(" and ")
        );
    }
    match rotated.expires_at {
        Some(at) => crate::outln!("It expires at {}.", at.format("%Y-%m-%dT%H:%M:%SZ")),
        None => crate::outln!("It does not expire."),
    }
    Ok(exit)
}
