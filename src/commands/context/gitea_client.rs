//! The client a Gitea/Forgejo command talks through: the forge's API token (never sent to a
//! URL it did not come with), the server's flavour asked once per run, and the shared
//! transport options.

use crate::forge_kind::ForgeKind;
use crate::gitea;
use crate::instance_url::InstanceUrl;
use crate::token::ApiToken;

use super::forge_variables::variable_url;
use super::url::{non_empty_env, warn_if_plain_http};
use super::{Context, ForgeTarget};

impl Context {
    /// A client for `target` with its API token and the flavour its server reports.
    pub(crate) fn gitea_client(&self, target: &ForgeTarget) -> anyhow::Result<gitea::Client> {
        let token = self.gitea_token(target)?;
        self.gitea_client_with(target, token)
    }

    /// A client for `target` with `token` (`auth login`'s, not yet saved).
    pub(crate) fn gitea_client_with(
        &self,
        target: &ForgeTarget,
        token: Option<ApiToken>,
    ) -> anyhow::Result<gitea::Client> {
        warn_if_plain_http(&target.url);
        let flavour = self.gitea_flavour(&target.url, token.as_ref())?;
        Ok(gitea::Client::new(
            target.url.clone(),
            token,
            flavour,
            self.client_options(),
        )?)
    }

    /// The forge's token variable (`FORGEJO_TOKEN`, then `GITEA_TOKEN`) when `target.url` is
    /// the URL resolved with it (`--url`, the forge's URL variable, else the saved login);
    /// else the token `auth login` saved for exactly this URL.
    pub(crate) fn gitea_token(&self, target: &ForgeTarget) -> anyhow::Result<Option<ApiToken>> {
        let saved = || -> anyhow::Result<Option<ApiToken>> {
            Ok(self.secret_store()?.api_token(&target.url)?)
        };
        let Some((name, value)) = token_variable(target.kind) else {
            return saved();
        };
        match self.token_url(target.kind)? {
            Some((url, _)) if url == target.url => Ok(Some(ApiToken::new(value.trim()))),
            Some((url, source)) => match saved()? {
                Some(token) => Ok(Some(token)),
                None => Err(anyhow::anyhow!(
                    "{name} goes only to {url} (the URL from {source}), not to {}, the URL from \
                     {}; save a token for it with `runnerctl auth login --url {}`",
                    target.url,
                    target.url_source,
                    target.url
                )),
            },
            None => saved(),
        }
    }

    /// Whether [`Context::gitea_token`] takes the forge's token variable for `target` (else
    /// the saved token).
    pub(crate) fn gitea_token_is_from_variable(&self, target: &ForgeTarget) -> bool {
        token_variable(target.kind).is_some()
            && matches!(self.token_url(target.kind), Ok(Some((url, _))) if url == target.url)
    }

    /// The URL a token variable goes with: `--url`, else the forge's URL variable, else the
    /// saved login.
    fn token_url(&self, kind: ForgeKind) -> anyhow::Result<Option<(InstanceUrl, String)>> {
        if let Some(url) = self.flag_url()? {
            return Ok(Some((url, "--url".to_string())));
        }
        if let Some(found) = variable_url(kind)? {
            return Ok(Some(found));
        }
        // `GITEA_URL` may name a Forgejo server (detection says so): its token variables
        // go with it too.
        if kind == ForgeKind::Forgejo
            && let Some(found) = variable_url(ForgeKind::Gitea)?
        {
            return Ok(Some(found));
        }
        Ok(crate::settings::saved_url()?.map(|url| (url, "the saved login".to_string())))
    }

    /// The server's flavour, asked once per run and URL.
    fn gitea_flavour(
        &self,
        url: &InstanceUrl,
        token: Option<&ApiToken>,
    ) -> anyhow::Result<gitea::Flavour> {
        static KNOWN: std::sync::Mutex<Vec<(String, gitea::Flavour)>> =
            std::sync::Mutex::new(Vec::new());
        if let Ok(known) = KNOWN.lock()
            && let Some((_, flavour)) = known.iter().find(|(known, _)| known == url.as_str())
        {
            return Ok(*flavour);
        }
        let Some(flavour) = gitea::detect(url, token, &self.client_options())? else {
            return Err(gitea::GiteaError::NotGitea {
                url: url.to_string(),
                what: "no version at /api/forgejo/v1/version or /api/v1/version".to_string(),
            }
            .into());
        };
        if let Ok(mut known) = KNOWN.lock() {
            known.push((url.as_str().to_string(), flavour));
        }
        Ok(flavour)
    }
}

/// The first set token variable of `kind`, with its name.
pub(crate) fn token_variable(kind: ForgeKind) -> Option<(&'static str, String)> {
    kind.token_variables()
        .iter()
        .find_map(|name| non_empty_env(name).map(|value| (*name, value)))
}
