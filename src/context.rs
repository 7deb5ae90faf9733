//! What every command resolves the same way: the GitLab URL, the API token, the secret store,
//! the config.toml path and whether prompts are allowed (the contract's global conventions).

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::{Format, GlobalArgs};
use crate::error::UsageError;
use crate::gitlab::GitLabUrl;
use crate::output;
use crate::secrets::{SecretStore, SecretStoreError};

pub struct Context {
    pub global: GlobalArgs,
}

/// Where the GitLab URL came from, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlSource {
    Flag,
    GitlabUrlEnv,
    GitlabHostEnv,
    Saved,
}

impl Context {
    pub fn new(global: GlobalArgs) -> Context {
        Context { global }
    }

    pub fn format(&self) -> Format {
        self.global.format
    }

    pub fn json(&self) -> bool {
        self.global.format == Format::Json
    }

    /// Prompts only when stdin and stderr are terminals and `--no-input` is not given.
    pub fn can_prompt(&self) -> bool {
        !self.global.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
    }

    /// `--url`, else `GITLAB_URL`, else `GITLAB_HOST`, else the URL saved by `auth login`.
    pub fn gitlab_url(&self) -> anyhow::Result<(GitLabUrl, UrlSource)> {
        let (url, source) = if let Some(url) = &self.global.url {
            (
                GitLabUrl::parse(url).map_err(|e| UsageError::new(format!("--url: {e}")))?,
                UrlSource::Flag,
            )
        } else if let Some(url) = non_empty_env("GITLAB_URL") {
            (
                GitLabUrl::parse(&url).map_err(|e| UsageError::new(format!("GITLAB_URL: {e}")))?,
                UrlSource::GitlabUrlEnv,
            )
        } else if let Some(host) = non_empty_env("GITLAB_HOST") {
            (
                GitLabUrl::parse_host_or_url(&host)
                    .map_err(|e| UsageError::new(format!("GITLAB_HOST: {e}")))?,
                UrlSource::GitlabHostEnv,
            )
        } else if let Some(url) = crate::settings::saved_url()? {
            (url, UrlSource::Saved)
        } else {
            return Err(UsageError::new(
                "no GitLab URL: pass --url, set GITLAB_URL, or run `runnerctl auth login --url URL`",
            )
            .into());
        };
        warn_if_plain_http(&url);
        Ok((url, source))
    }

    /// The store `RUNNERCTL_KEYRING` names. A value it does not understand is a usage error
    /// (exit 2); a store that cannot be opened is a plain failure.
    pub fn secret_store(&self) -> anyhow::Result<SecretStore> {
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

    /// The config.toml path: `--config`, else `CONFIG_FILE` (both through clap), else
    /// gitlab-runner's own default for this user.
    pub fn config_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.global.config {
            return Ok(path.clone());
        }
        default_config_path()
    }

    /// Whether the config path was chosen by the operator rather than defaulted.
    pub fn config_path_given(&self) -> bool {
        self.global.config.is_some()
    }
}

/// gitlab-runner's default (commands/config_unix.go): root uses /etc/gitlab-runner, everyone
/// else ~/.gitlab-runner.
pub fn default_config_path() -> anyhow::Result<PathBuf> {
    if is_root() {
        return Ok(PathBuf::from("/etc/gitlab-runner/config.toml"));
    }
    let home = std::env::var_os("HOME").context("HOME is not set: pass --config")?;
    Ok(PathBuf::from(home)
        .join(".gitlab-runner")
        .join("config.toml"))
}

pub fn is_root() -> bool {
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

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

fn warn_if_plain_http(url: &GitLabUrl) {
    if !url.is_https() && !url.is_loopback() {
        output::warn(&format!(
            "{url} is plain http: tokens cross the network unencrypted; use https"
        ));
    }
}

impl Context {
    pub fn client_options(&self) -> crate::gitlab::ClientOptions {
        crate::gitlab::ClientOptions {
            timeout: std::time::Duration::from_secs(self.global.timeout),
            ca_file: self.global.ca_file.clone(),
            concurrency: usize::from(self.global.concurrency),
            ..Default::default()
        }
    }

    /// The API token for `url`: `GITLAB_TOKEN`, else the one `auth login` saved for exactly
    /// this URL (a saved token is never sent to another host).
    pub fn api_token(&self, url: &GitLabUrl) -> anyhow::Result<Option<crate::secrets::ApiToken>> {
        if let Some(token) = non_empty_env("GITLAB_TOKEN") {
            return Ok(Some(crate::secrets::ApiToken::new(token.trim())));
        }
        let store = match crate::secrets::SecretStore::from_env() {
            Ok(store) => store,
            Err(_) => return Ok(None),
        };
        Ok(store.api_token(url).unwrap_or_else(|error| {
            output::warn(&format!("cannot read the saved API token: {error}"));
            None
        }))
    }

    /// A client for the resolved GitLab URL with the resolved API token.
    pub fn client(&self) -> anyhow::Result<crate::gitlab::Client> {
        let (url, _) = self.gitlab_url()?;
        let token = self.api_token(&url)?;
        Ok(crate::gitlab::Client::new(
            url,
            token,
            self.client_options(),
        )?)
    }
}
