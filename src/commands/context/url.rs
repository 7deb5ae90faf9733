//! Which GitLab a command talks to: `--url`, the environment or the URL `auth login` saved,
//! and the warning a plain-http URL gets wherever it came from.

use crate::error::UsageError;
use crate::instance_url::InstanceUrl;
use crate::output;

use super::{Context, UrlSource};

impl Context {
    /// `--url`, else `GITLAB_URL`, else `GITLAB_HOST`, else the URL saved by `auth login`.
    pub(crate) fn gitlab_url(&self) -> anyhow::Result<(InstanceUrl, UrlSource)> {
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
    pub(super) fn configured_url(&self) -> anyhow::Result<Option<(InstanceUrl, UrlSource)>> {
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
}

pub(super) fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

impl UrlSource {
    pub(super) fn describe(self) -> &'static str {
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
pub(crate) fn warn_if_plain_http(url: &InstanceUrl) {
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
pub(crate) fn entry_url(raw: &str) -> Option<InstanceUrl> {
    let url = InstanceUrl::parse(raw).ok()?;
    warn_if_plain_http(&url);
    Some(url)
}
