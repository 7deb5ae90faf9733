//! Rotating a runner's token: a new token in GitLab, in every config.toml entry of the runner
//! and in the secret store, in one step, and never a token that exists nowhere but in GitLab.
//!
//! Order: read (and lock) config.toml first, so that a file runnerctl cannot write fails
//! before GitLab is asked for anything; check the runner's managers; reset; keep the new token
//! in the secret store; write config.toml. The reset cannot be undone, so every failure after
//! it keeps the new token somewhere (the chain of [`crate::keep_token`]) and says where.

use crate::runner_id::RunnerId;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::forge::{Forge, RunnerManager};
use crate::gitlab::{ApiError, Client};
use crate::instance_url::InstanceUrl;
use crate::keep_token::{self, DeferSignals, InStore};
use crate::locked_file::parent_dir;
use crate::runner_config::{
    ConfigDocument, ConfigError, ConfigFile, EditOptions, read_system_id, resolve_symlinks,
};
use crate::secrets::{SecretStore, SecretStoreError, StoreKind};
use crate::token::RunnerToken;

pub struct RotateOptions {
    pub id: u64,
    /// The GitLab the runner lives on; only config.toml entries with this `url` are written.
    pub url: InstanceUrl,
    pub config_path: PathBuf,
    pub edit_options: EditOptions,
    /// Rotate although other hosts' managers are online, or cannot be checked.
    pub force: bool,
}

/// What the rotation needs from the command running it, asked for in this order after
/// config.toml is locked: so that a broken file fails first.
pub trait RotateSession {
    fn secret_store(&self) -> anyhow::Result<SecretStore>;
    /// A client with the API token for `url`.
    fn client(&self, url: &InstanceUrl) -> anyhow::Result<Client>;
    /// Something the operator should hear now, while the rotation goes on.
    fn tell(&mut self, notice: RotateNotice<'_>);
}

pub enum RotateNotice<'a> {
    /// With `force`: the managers could not be listed, and the rotation goes on.
    ManagersUnchecked { id: u64, error: &'a ApiError },
    /// With `force`: these hosts fail with 403 from now on.
    OnlineElsewhere(&'a OnlineElsewhere),
    /// GitLab's expiry of the new token, which config.toml then does not record.
    UnreadableExpiry { id: u64, text: &'a str },
    /// The token is in the store; only the list of stored runners missed it.
    Unlisted(&'a SecretStoreError),
    /// What writing config.toml noticed.
    ConfigNotice(String),
}

/// Other hosts running the runner: they fail as soon as its token changes.
#[derive(Debug)]
pub struct OnlineElsewhere {
    pub id: u64,
    /// Their runner managers' system ids.
    pub system_ids: Vec<String>,
    /// Whether this machine's config.toml has an entry for the runner.
    pub local: bool,
}

impl OnlineElsewhere {
    pub fn whose(&self) -> &'static str {
        if self.local {
            "other hosts"
        } else {
            "hosts (this machine's config.toml has no entry for it)"
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RotateError {
    #[error("cannot check which hosts use runner {id} before resetting its token: {error}")]
    ManagersUnchecked {
        id: u64,
        #[source]
        error: ApiError,
    },
    #[error(
        "runner {} is online on {} (runner managers {}); a new token would make them fail until \
         each is registered again",
        .0.id, .0.whose(), .0.system_ids.join(", ")
    )]
    OnlineElsewhere(OnlineElsewhere),
    /// The reset's `201` came, its body (the new token) did not: the old token is probably
    /// dead and the new one unknown.
    #[error(
        "{error}. GitLab answered {status}, so runner {id}'s token was probably reset: the old \
         token no longer works and the new one was in the lost answer. runnerctl did not retry"
    )]
    ResetAnswerLost {
        id: u64,
        status: u16,
        #[source]
        error: ApiError,
    },
    #[error(
        "{error}. GitLab may have reset the token before the answer was lost, so runnerctl did \
         not retry"
    )]
    ResetMayHaveRun {
        id: u64,
        #[source]
        error: ApiError,
    },
}

/// GitLab issued a new token, but config.toml could not take it.
#[derive(Debug, thiserror::Error)]
#[error(
    "GitLab issued a new token for runner {id}, but {} could not be updated ({cause}), so \
     gitlab-runner here still holds the old token, which no longer works. {kept}",
    config.display()
)]
pub struct ConfigNotUpdated {
    pub id: u64,
    pub url: InstanceUrl,
    pub config: PathBuf,
    pub cause: String,
    /// Where the new token is, as a sentence.
    pub kept: String,
    pub in_store: bool,
    pub token_file: Option<PathBuf>,
    /// Kept nowhere: the token goes to the operator now (last-resort hand-over).
    pub handed_over: Option<RunnerToken>,
}

pub enum RotateFailure {
    /// Nothing changed in GitLab.
    Before(anyhow::Error),
    After(Box<ConfigNotUpdated>),
}

impl<E: Into<anyhow::Error>> From<E> for RotateFailure {
    fn from(error: E) -> RotateFailure {
        RotateFailure::Before(error.into())
    }
}

/// A new copy of the token missing somewhere; the rotation still counts as failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shortfall {
    /// Why the copies are missing.
    NotEverywhere(String),
    /// config.toml has the new token, the secret store still the old one: why.
    StoreHoldsOldToken(String),
}

pub struct Rotated {
    pub id: u64,
    pub expires_at: Option<DateTime<Utc>>,
    /// config.toml and the names of the entries written; None when no entry uses the runner.
    pub config: Option<(PathBuf, Vec<String>)>,
    /// Where the new token is kept besides config.toml.
    pub kept_in: Vec<String>,
    pub token_file: Option<PathBuf>,
    pub shortfall: Option<Shortfall>,
    /// Kept nowhere: the token goes to the operator now (last-resort hand-over).
    pub handed_over: Option<RunnerToken>,
}

/// Rotates. `signals` is set from the reset on: the caller drops it once the operator knows
/// where the new token is (see [`DeferSignals`]).
pub fn rotate(
    options: &RotateOptions,
    session: &mut dyn RotateSession,
    signals: &mut Option<DeferSignals>,
) -> Result<Rotated, RotateFailure> {
    let (id, url) = (options.id, &options.url);
    let local = read_if_present(&options.config_path)?
        .map(|document| !entry_indexes(&document, id, url).is_empty())
        .unwrap_or(false);
    // Held until the end: nothing else of runnerctl edits the file between reset and write.
    let mut file = if local {
        Some(ConfigFile::open_with(
            &options.config_path,
            &options.edit_options,
        )?)
    } else {
        None
    };
    let system_id = file.as_ref().and_then(ConfigFile::system_id);
    let store = session.secret_store()?;
    let client = session.client(url)?;

    check_managers(session, &client, options, system_id.as_deref(), local)?;

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
    if let Some(text) = &reset.unreadable_expiry {
        session.tell(RotateNotice::UnreadableExpiry { id, text });
    }
    let expires_at = reset.token_expires_at;
    let token = reset.token;

    let mut kept_in = Vec::new();
    let mut problems = Vec::new();
    // The stored name stays the one the runner was stored with.
    match keep_token::keep_in_store(&store, url, id, &token, None) {
        InStore::Kept {
            label, unlisted, ..
        } => {
            if let Some(error) = &unlisted {
                session.tell(RotateNotice::Unlisted(error));
            }
            kept_in.push(label);
        }
        InStore::NoStore => {}
        InStore::Refused { label, error } => problems.push(format!("{label} refused it: {error}")),
    }

    let rotated = |config, kept_in, token_file, shortfall, handed_over| Rotated {
        id,
        expires_at,
        config,
        kept_in,
        token_file,
        shortfall,
        handed_over,
    };
    let Some(file) = file.as_mut() else {
        // An admin workstation: the secret store is the only place the token can go.
        if !kept_in.is_empty() {
            let shortfall = (!problems.is_empty()).then(|| problems.join("; "));
            return Ok(rotated(
                None,
                kept_in,
                None,
                shortfall.map(Shortfall::NotEverywhere),
                None,
            ));
        }
        return Ok(match keep_in_recovery_file(id, &token) {
            Ok(path) => {
                kept_in.push(format!("{} (mode 0600)", path.display()));
                let shortfall = (!problems.is_empty()).then(|| problems.join("; "));
                let shortfall = shortfall.map(Shortfall::NotEverywhere);
                rotated(None, kept_in, Some(path), shortfall, None)
            }
            Err(reason) => {
                problems.push(reason);
                // Neither the store nor a file: the operator is the last place left.
                let shortfall = Shortfall::NotEverywhere(format!(
                    "it could not be kept anywhere ({}), so it is printed on stdout",
                    problems.join("; ")
                ));
                rotated(None, kept_in, None, Some(shortfall), Some(token))
            }
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
                session.tell(RotateNotice::ConfigNotice(notice.to_string()));
            }
            let shortfall =
                (!problems.is_empty()).then(|| Shortfall::StoreHoldsOldToken(problems.join("; ")));
            let config = Some((file.path().to_path_buf(), edit.value));
            Ok(rotated(config, kept_in, None, shortfall, None))
        }
        Err(write_error) => Err(RotateFailure::After(Box::new(config_not_updated(
            options,
            file.path(),
            &write_error,
            token,
            kept_in,
            problems,
        )))),
    }
}

/// What a rotation would do, found by the same reads and checks, with nothing reset or
/// written (a dry run).
#[derive(Debug)]
pub struct RotatePlan {
    pub id: u64,
    pub url: InstanceUrl,
    /// config.toml and the names of its entries that would get the new token; None when no
    /// entry uses the runner.
    pub config: Option<(PathBuf, Vec<String>)>,
    /// The secret store that would keep the new token; None when it keeps nothing.
    pub store: Option<String>,
}

/// The dry run of [`rotate`]: reads config.toml (without locking it), checks the runner's
/// managers as the rotation would (so a refusal is the same refusal), and resets nothing.
pub fn plan(
    options: &RotateOptions,
    session: &mut dyn RotateSession,
) -> Result<RotatePlan, RotateFailure> {
    let (id, url) = (options.id, &options.url);
    let entries = match read_if_present(&options.config_path)? {
        Some(document) => (entry_indexes(&document, id, url).into_iter())
            .map(|index| {
                document
                    .runner(index)
                    .and_then(|entry| entry.name)
                    .unwrap_or_else(|| format!("#{index}"))
            })
            .collect(),
        None => Vec::new(),
    };
    let local = !entries.is_empty();
    let config = if local {
        Some(resolve_symlinks(&options.config_path)?)
    } else {
        None
    };
    let system_id = config
        .as_deref()
        .and_then(|path| read_system_id(&parent_dir(path)));
    let store = session.secret_store()?;
    let client = session.client(url)?;
    check_managers(session, &client, options, system_id.as_deref(), local)?;
    Ok(RotatePlan {
        id,
        url: url.clone(),
        config: config.map(|path| (path, entries)),
        store: (store.kind() != StoreKind::None).then(|| store.label()),
    })
}

/// config.toml if it exists. A missing file means this machine runs no runner (an admin
/// workstation); a broken or unreadable one stops the rotation before GitLab is asked.
pub fn read_if_present(path: &Path) -> anyhow::Result<Option<ConfigDocument>> {
    match ConfigFile::read(path) {
        Ok(document) => Ok(Some(document)),
        Err(ConfigError::NotFound { .. }) => Ok(None),
        Err(error) => Err(error.into()),
    }
}

fn entry_indexes(document: &ConfigDocument, id: u64, url: &InstanceUrl) -> Vec<usize> {
    document.find_runner(RunnerId::new(id), Some(url.as_str()))
}

/// Other hosts using this runner (managers with another system id) fail with 403 as soon as
/// the token changes, so an online one stops the rotation unless `force`.
fn check_managers(
    session: &mut dyn RotateSession,
    client: &Client,
    options: &RotateOptions,
    system_id: Option<&str>,
    local: bool,
) -> Result<(), RotateFailure> {
    let (id, force) = (options.id, options.force);
    let managers = match client.runner_managers(id) {
        Ok(managers) => managers,
        Err(error) if force => {
            session.tell(RotateNotice::ManagersUnchecked { id, error: &error });
            return Ok(());
        }
        Err(error) => return Err(RotateError::ManagersUnchecked { id, error }.into()),
    };
    let others: Vec<&RunnerManager> = managers
        .iter()
        .filter(|manager| manager.is_online())
        .filter(|manager| !local || Some(manager.system_id.as_str()) != system_id)
        .collect();
    if others.is_empty() {
        return Ok(());
    }
    let online = OnlineElsewhere {
        id,
        system_ids: others.iter().map(|m| m.system_id.clone()).collect(),
        local,
    };
    if force {
        session.tell(RotateNotice::OnlineElsewhere(&online));
        return Ok(());
    }
    Err(RotateError::OnlineElsewhere(online).into())
}

fn explain_reset_failure(error: ApiError, id: u64) -> RotateFailure {
    if let ApiError::AnswerLost { status, .. } = &error {
        let status = *status;
        return RotateError::ResetAnswerLost { id, status, error }.into();
    }
    if error.may_have_run() {
        // The old token may already be dead and the new one was never seen: only another
        // reset gets a token anyone has.
        RotateError::ResetMayHaveRun { id, error }.into()
    } else {
        error.into()
    }
}

/// A recovery copy in the working directory (never overwriting an older one), by its
/// absolute path; else why not.
fn keep_in_recovery_file(id: u64, token: &RunnerToken) -> Result<PathBuf, String> {
    match keep_token::keep_in_file(&keep_token::recovery_files(id, Utc::now()), token) {
        Ok(path) => Ok(std::path::absolute(&path).unwrap_or(path)),
        Err(error) => Err(error.to_string()),
    }
}

fn config_not_updated(
    options: &RotateOptions,
    config: &Path,
    write_error: &anyhow::Error,
    token: RunnerToken,
    mut kept_in: Vec<String>,
    mut problems: Vec<String>,
) -> ConfigNotUpdated {
    let in_store = !kept_in.is_empty();
    let token_file = match keep_in_recovery_file(options.id, &token) {
        Ok(path) => {
            kept_in.push(format!("{} (mode 0600)", path.display()));
            Some(path)
        }
        Err(reason) => {
            problems.push(reason);
            None
        }
    };
    let kept = if kept_in.is_empty() {
        format!(
            "It could not be kept anywhere ({}), so it is printed on stdout",
            problems.join("; ")
        )
    } else {
        format!("The new token is kept in {}", kept_in.join(" and "))
    };
    ConfigNotUpdated {
        id: options.id,
        url: options.url.clone(),
        config: config.to_path_buf(),
        cause: crate::error::messages(write_error).join(": "),
        kept,
        in_store,
        token_file,
        handed_over: kept_in.is_empty().then_some(token),
    }
}
