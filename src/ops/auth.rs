//! What an API token is: its user, scopes and expiry, read from GitLab; what its scopes allow;
//! every saved login.

use serde::Serialize;

use crate::gitlab::{ApiError, Client, ClientOptions};
use crate::instance_url::InstanceUrl;
use crate::secrets::SecretStore;

/// Who an API token belongs to, as `auth login` and `auth status` show it.
#[derive(Debug, Serialize)]
pub struct TokenStatus {
    pub url: String,
    pub username: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<chrono::NaiveDate>,
    pub is_admin: bool,
    pub token_source: &'static str,
}

/// Who the token belongs to, its scopes and expiry. Only personal access tokens can read
/// their own details; for other tokens the scopes are left empty.
pub fn describe(client: &Client, token_source: &'static str) -> anyhow::Result<TokenStatus> {
    let user = client.current_user()?;
    let (scopes, expires_at) = match client.access_token_info() {
        Ok(info) => (info.scopes, info.expires_at),
        Err(ApiError::NotFound { .. } | ApiError::Forbidden { .. }) => (Vec::new(), None),
        Err(error) => return Err(error.into()),
    };
    Ok(TokenStatus {
        url: client.url().to_string(),
        username: user.username,
        scopes,
        expires_at,
        is_admin: user.is_admin.unwrap_or(false),
        token_source,
    })
}

/// What runnerctl does with an API token, each allowed by any one of its scopes (GitLab's
/// "Personal access token scopes": `create_runner` for `POST /user/runners`, `manage_runner`
/// for the runner endpoints that change or delete, `read_api` for reads, `api` for all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    Create,
    Change,
    Read,
}

impl Capability {
    pub const ALL: [Capability; 3] = [Capability::Create, Capability::Change, Capability::Read];

    /// The scopes any one of which allows it.
    pub fn scopes(self) -> &'static [&'static str] {
        match self {
            Capability::Create => &["create_runner", "api"],
            Capability::Change => &["manage_runner", "api"],
            Capability::Read => &["read_api", "api"],
        }
    }
}

/// What a token with these scopes cannot do. Unknown scopes (a token that cannot read its own
/// details, so `scopes` is empty) lack nothing as far as anyone can tell.
pub fn missing_capabilities(scopes: &[String]) -> Vec<Capability> {
    if scopes.is_empty() {
        return Vec::new();
    }
    Capability::ALL
        .into_iter()
        .filter(|capability| {
            !capability
                .scopes()
                .iter()
                .any(|needed| scopes.iter().any(|scope| scope == needed))
        })
        .collect()
}

/// The least scopes that allow every capability, in the order GitLab's form lists them.
pub const REQUESTED_SCOPES: [&str; 3] = ["create_runner", "manage_runner", "read_api"];

/// GitLab's page for a new personal access token with the name and scopes filled in. The page
/// reads `name`, `description` and `scopes` (comma-separated; names it does not know are
/// dropped, so an older GitLab shows the rest) from the query: `index` in
/// app/controllers/user_settings/personal_access_tokens_controller.rb (gitlab-org/gitlab).
pub fn new_token_page(url: &InstanceUrl) -> String {
    format!(
        "{url}/-/user_settings/personal_access_tokens?name=runnerctl&scopes={}",
        REQUESTED_SCOPES.join(",")
    )
}

/// One login `auth login` saved: who its token is, or why that could not be read.
#[derive(Debug, Serialize)]
pub struct SavedLogin {
    pub url: String,
    pub forge: &'static str,
    pub username: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub expires_at: Option<chrono::NaiveDate>,
    /// Set when GitLab could not be asked or refused the token (revoked, expired).
    pub error: Option<String>,
}

/// Every login saved in `store`, each asked of its own GitLab with its own token, sorted by URL.
/// The saved URL of `auth login` counts too: stores written before they listed logins do not
/// list it.
pub fn saved_logins(
    store: &SecretStore,
    saved_url: Option<InstanceUrl>,
    options: &ClientOptions,
) -> anyhow::Result<Vec<SavedLogin>> {
    let mut urls = store.logins()?;
    if let Some(url) = saved_url
        && !urls.contains(&url)
    {
        urls.push(url);
    }
    urls.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    let mut logins = Vec::new();
    for url in urls {
        let Some(token) = store.api_token(&url)? else {
            continue;
        };
        let described = Client::new(url.clone(), Some(token), options.clone())
            .map_err(anyhow::Error::from)
            .and_then(|client| describe(&client, "saved"));
        logins.push(match described {
            Ok(status) => SavedLogin {
                url: url.to_string(),
                forge: "gitlab",
                username: Some(status.username),
                scopes: Some(status.scopes),
                expires_at: status.expires_at,
                error: None,
            },
            Err(error) => SavedLogin {
                url: url.to_string(),
                forge: "gitlab",
                username: None,
                scopes: None,
                expires_at: None,
                error: Some(format!("{error:#}")),
            },
        });
    }
    Ok(logins)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn api_allows_everything_and_unknown_scopes_warn_of_nothing() {
        assert!(missing_capabilities(&scopes(&["api"])).is_empty());
        assert!(missing_capabilities(&[]).is_empty());
        assert!(missing_capabilities(&scopes(&REQUESTED_SCOPES)).is_empty());
    }

    #[test]
    fn each_capability_is_missing_without_its_scopes() {
        assert_eq!(
            missing_capabilities(&scopes(&["read_api"])),
            [Capability::Create, Capability::Change]
        );
        assert_eq!(
            missing_capabilities(&scopes(&["create_runner", "manage_runner"])),
            [Capability::Read]
        );
        assert_eq!(
            missing_capabilities(&scopes(&["read_user"])),
            Capability::ALL
        );
    }

    #[test]
    fn the_new_token_page_fills_in_name_and_scopes() {
        let url = InstanceUrl::parse("https://gitlab.example.com/gitlab/").unwrap();
        assert_eq!(
            new_token_page(&url),
            "https://gitlab.example.com/gitlab/-/user_settings/personal_access_tokens\
             ?name=runnerctl&scopes=create_runner,manage_runner,read_api"
        );
    }
}
