//! What an API token is: its user, scopes and expiry, read from GitLab.

use serde::Serialize;

use crate::gitlab::{ApiError, Client};

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
