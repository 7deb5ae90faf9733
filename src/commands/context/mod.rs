//! What every command resolves the same way: the GitLab URL, the API token, the secret store,
//! the config.toml path and whether prompts are allowed (the contract's global conventions).

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::{Format, GlobalArgs};
use crate::error::UsageError;
use crate::output;
use crate::secrets::{SecretStore, SecretStoreError};

mod api;
mod forge;
mod forge_host;
mod forge_variables;
mod gitea_client;
mod semaphore_client;
mod semaphore_host;
mod url;

pub(super) use forge::ForgeTarget;
pub(super) use gitea_client::token_variable;

pub(super) use url::{entry_url, warn_if_plain_http};

pub(super) struct Context {
    pub global: GlobalArgs,
    /// What `register --credentials-stdin` read, kept because the forge rule may read it first
    /// (the piped document names its forge and URL) and stdin can be read only once.
    piped_credentials: std::cell::OnceCell<String>,
}

/// Where the GitLab URL came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UrlSource {
    Flag,
    GitlabUrlEnv,
    GitlabHostEnv,
    Saved,
}

impl Context {
    pub(super) fn new(global: GlobalArgs) -> Context {
        Context {
            global,
            piped_credentials: std::cell::OnceCell::new(),
        }
    }

    pub(super) fn format(&self) -> Format {
        self.global.format
    }

    pub(super) fn json(&self) -> bool {
        self.global.format == Format::Json
    }

    /// Prompts only when stdin and stderr are terminals and `--no-input` is not given.
    pub(super) fn can_prompt(&self) -> bool {
        !self.global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    /// The store `RUNNERCTL_KEYRING` names. A value it does not understand is a usage error
    /// (exit 2); a store that cannot be opened is a plain failure.
    pub(super) fn secret_store(&self) -> anyhow::Result<SecretStore> {
        let store = SecretStore::from_env().map_err(|error| match error {
            SecretStoreError::BadSpec { .. } | SecretStoreError::BadSpecEncoding => {
                anyhow::Error::from(UsageError::new(error.to_string()))
            }
            other => anyhow::Error::new(other),
        })?;
        // Commands may open the store more than once; the operator hears it once.
        static WARNED: std::sync::Once = std::sync::Once::new();
        if let Some(warning) = store.permission_warning() {
            WARNED.call_once(|| crate::output::warn(&warning));
        }
        Ok(store)
    }

    /// The config.toml path: `--config`, else `CONFIG_FILE`, else gitlab-runner's own default
    /// for this user.
    pub(super) fn config_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = self.global.config_path() {
            return Ok(path);
        }
        default_config_path()
    }

    /// How commands that write config.toml treat other users' files and a held lock.
    pub(super) fn edit_options(&self) -> crate::runner_config::EditOptions {
        crate::runner_config::EditOptions {
            allow_other_owner: self.global.allow_other_owner,
            lock_timeout: std::time::Duration::from_secs(self.global.lock_timeout),
            on_lock_wait: Some(|wait| output::note(&wait.to_string())),
        }
    }

    /// Whether the config path was chosen by the operator rather than defaulted.
    pub(super) fn config_path_given(&self) -> bool {
        self.global.config_path().is_some()
    }
}

/// What the operator should know about the store that now holds a token (the kernel keyring
/// forgets it at reboot), said once per run however often the store is used.
pub(super) fn warn_store_notices(store: &SecretStore) {
    for notice in store.notices() {
        warn_once(&notice);
    }
}

/// A warning printed at most once per run.
pub(super) fn warn_once(message: &str) {
    static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut said = SAID.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !said.iter().any(|earlier| earlier == message) {
        said.push(message.to_string());
        output::warn(message);
    }
}

/// gitlab-runner's default (commands/config_unix.go): root uses /etc/gitlab-runner, everyone
/// else ~/.gitlab-runner.
pub(super) fn default_config_path() -> anyhow::Result<PathBuf> {
    if is_root() {
        return Ok(PathBuf::from("/etc/gitlab-runner/config.toml"));
    }
    let home = std::env::var_os("HOME").context("HOME is not set: pass --config")?;
    Ok(PathBuf::from(home)
        .join(".gitlab-runner")
        .join("config.toml"))
}

pub(super) fn is_root() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}
