//! What every command resolves the same way: the GitLab URL, the API token, the secret store,
//! the config.toml path and whether prompts are allowed (the contract's global conventions).

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::Context as _;

use crate::cli::{Format, GlobalArgs};
use crate::error::UsageError;
use crate::instance_url::InstanceUrl;
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
    pub fn gitlab_url(&self) -> anyhow::Result<(InstanceUrl, UrlSource)> {
        let Some((url, source)) = self.configured_url()? else {
            return Err(UsageError::new(
                "no GitLab URL: pass --url, set GITLAB_URL, or run `runnerctl auth login --url URL`",
            )
            .into());
        };
        warn_if_plain_http(&url);
        Ok((url, source))
    }

    /// The URL [`Context::gitlab_url`] resolves, without its warning; `None` when none is set.
    fn configured_url(&self) -> anyhow::Result<Option<(InstanceUrl, UrlSource)>> {
        Ok(Some(if let Some(url) = &self.global.url {
            (
                InstanceUrl::parse(url).map_err(|e| UsageError::new(format!("--url: {e}")))?,
                UrlSource::Flag,
            )
        } else if let Some(url) = non_empty_env("GITLAB_URL") {
            (
                InstanceUrl::parse(&url)
                    .map_err(|e| UsageError::new(format!("GITLAB_URL: {e}")))?,
                UrlSource::GitlabUrlEnv,
            )
        } else if let Some(host) = non_empty_env("GITLAB_HOST") {
            (
                InstanceUrl::parse_host_or_url(&host)
                    .map_err(|e| UsageError::new(format!("GITLAB_HOST: {e}")))?,
                UrlSource::GitlabHostEnv,
            )
        } else if let Some(url) = crate::settings::saved_url()? {
            (url, UrlSource::Saved)
        } else {
            return Ok(None);
        }))
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

    /// How commands that write config.toml treat other users' files and a held lock.
    pub fn edit_options(&self) -> crate::runner_config::EditOptions {
        crate::runner_config::EditOptions {
            allow_other_owner: self.global.allow_other_owner,
            lock_timeout: std::time::Duration::from_secs(self.global.lock_timeout),
            on_lock_wait: Some(|wait| output::note(&wait.to_string())),
        }
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

/// The token `auth login` saved for exactly `url`, if the store can be read.
fn saved_api_token(url: &InstanceUrl) -> Option<crate::token::ApiToken> {
    let store = crate::secrets::SecretStore::from_env().ok()?;
    store.api_token(url).unwrap_or_else(|error| {
        output::warn(&format!("cannot read the saved API token: {error}"));
        None
    })
}

impl UrlSource {
    fn describe(self) -> &'static str {
        match self {
            UrlSource::Flag => "--url",
            UrlSource::GitlabUrlEnv => "GITLAB_URL",
            UrlSource::GitlabHostEnv => "GITLAB_HOST",
            UrlSource::Saved => "`runnerctl auth login`",
        }
    }
}

/// The warning a plain-http GitLab URL gets, from `--url`, the environment or a config.toml
/// entry alike; loopback is exempt (tests, a local instance). Once per URL and run.
pub fn warn_if_plain_http(url: &InstanceUrl) {
    static WARNED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    if url.is_https() || url.is_loopback() {
        return;
    }
    let first_time = match WARNED.lock() {
        Ok(warned) if warned.iter().any(|known| known == url.as_str()) => false,
        Ok(mut warned) => {
            warned.push(url.as_str().to_string());
            true
        }
        // A poisoned list only risks saying it twice.
        Err(_) => true,
    };
    if first_time {
        output::warn(&format!(
            "{url} is plain http: tokens cross the network unencrypted; use https"
        ));
    }
}

/// A config.toml entry's `url`, parsed, with the plain-http warning `--url` gets.
pub fn entry_url(raw: &str) -> Option<InstanceUrl> {
    let url = InstanceUrl::parse(raw).ok()?;
    warn_if_plain_http(&url);
    Some(url)
}

impl Context {
    pub fn client_options(&self) -> crate::gitlab::ClientOptions {
        crate::gitlab::ClientOptions {
            timeout: std::time::Duration::from_secs(self.global.timeout),
            ca_file: self.global.ca_file.clone(),
            concurrency: usize::from(self.global.concurrency),
            announce_wait: Some(output::note),
            ..Default::default()
        }
    }

    /// The API token for `url`: `GITLAB_TOKEN` when `url` is the URL it goes with (the one
    /// `--url`, `GITLAB_URL`, `GITLAB_HOST` or `auth login` names, or any when none is set),
    /// else the one `auth login` saved for exactly this URL. A config.toml entry on another
    /// GitLab never gets `GITLAB_TOKEN`: without a token saved for its URL this is an error
    /// naming both URLs.
    pub fn api_token(&self, url: &InstanceUrl) -> anyhow::Result<Option<crate::token::ApiToken>> {
        let Some(token) = non_empty_env("GITLAB_TOKEN") else {
            return Ok(saved_api_token(url));
        };
        match self.configured_url()? {
            Some((resolved, source)) if resolved != *url => match saved_api_token(url) {
                Some(saved) => Ok(Some(saved)),
                None => Err(anyhow::anyhow!(
                    "GITLAB_TOKEN goes only to {resolved} (the URL from {}), not to {url}, the \
                     GitLab this config.toml entry uses; save a token for it with `runnerctl auth \
                     login --url {url}`, or set GITLAB_URL={url} if GITLAB_TOKEN belongs there",
                    source.describe()
                )),
            },
            Some(_) => Ok(Some(crate::token::ApiToken::new(token.trim()))),
            // No URL came with it (glab reads a lone GITLAB_TOKEN as gitlab.com's): a config
            // entry's `url` is not where it was meant to go.
            None => match saved_api_token(url) {
                Some(saved) => Ok(Some(saved)),
                None => Err(anyhow::anyhow!(
                    "GITLAB_TOKEN goes only to the GitLab given with it (--url, GITLAB_URL or \
                     GITLAB_HOST), and none is set, so it is not sent to {url}, the GitLab this \
                     config.toml entry uses; set GITLAB_URL={url} if GITLAB_TOKEN belongs there, \
                     or save a token for it with `runnerctl auth login --url {url}`"
                )),
            },
        }
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
