//! The API token a command sends to a GitLab, and the client that sends it.

use crate::instance_url::InstanceUrl;
use crate::output;

use super::Context;
use super::url::non_empty_env;

/// The token `auth login` saved for exactly `url`, if the store can be read.
fn saved_api_token(url: &InstanceUrl) -> Option<crate::token::ApiToken> {
    let store = crate::secrets::SecretStore::from_env().ok()?;
    store.api_token(url).unwrap_or_else(|error| {
        output::warn(&format!("cannot read the saved API token: {error}"));
        None
    })
}

impl Context {
    pub(crate) fn client_options(&self) -> crate::gitlab::ClientOptions {
        crate::gitlab::ClientOptions {
            timeout: std::time::Duration::from_secs(self.global.timeout),
            ca_file: self.global.ca_file_path(),
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
    pub(crate) fn api_token(
        &self,
        url: &InstanceUrl,
    ) -> anyhow::Result<Option<crate::token::ApiToken>> {
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
    pub(crate) fn client(&self) -> anyhow::Result<crate::gitlab::Client> {
        let (url, _) = self.gitlab_url()?;
        let token = self.api_token(&url)?;
        Ok(crate::gitlab::Client::new(
            url,
            token,
            self.client_options(),
        )?)
    }
}
