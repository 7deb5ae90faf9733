//! What `auth` prints beside its JSON: who the token is, what its scopes do not allow, and
//! the table of saved logins.

use crate::ops::auth::{Capability, SavedLogin, TokenStatus, missing_capabilities, new_token_page};
use crate::output;

use super::table;

pub(super) fn admin_suffix(status: &TokenStatus) -> &'static str {
    if status.is_admin {
        " (administrator)"
    } else {
        ""
    }
}

pub(super) fn print_scopes(status: &TokenStatus) {
    if !status.scopes.is_empty() {
        crate::outln!("Scopes: {}", status.scopes.join(", "));
    }
    match &status.expires_at {
        Some(date) => crate::outln!("The token expires on {date}."),
        None => crate::outln!("The token does not expire."),
    }
}

/// One warning per kind of command the token's scopes do not allow, naming the commands, and
/// where to make a token that allows them all. Login still succeeds: the token may be meant
/// for part of the work only.
pub(super) fn warn_missing_scopes(status: &TokenStatus, url: &crate::instance_url::InstanceUrl) {
    let missing = missing_capabilities(&status.scopes);
    for capability in &missing {
        let scopes = capability.scopes().join(" or ");
        output::warn(&match capability {
            Capability::Create => format!(
                "this token cannot create runners: `runnerctl create` needs the {scopes} scope"
            ),
            Capability::Change => format!(
                "this token cannot change runners: `runnerctl pause ID`, `resume`, `update`, \
                 `rotate`, `prune` and `unregister --delete-runner` need the {scopes} scope"
            ),
            Capability::Read => format!(
                "this token cannot read from the API: `runnerctl list`, `status`, `doctor`, \
                 `prune`, and `create` with a group or project path need the {scopes} scope"
            ),
        });
    }
    if !missing.is_empty() {
        output::note(&format!(
            "a token with every scope runnerctl uses: {}",
            new_token_page(url)
        ));
    }
}

/// `auth status --all` as text: one line per saved login; a login whose token GitLab refused
/// shows `-` (its reason is a warning).
pub(super) fn logins_table(logins: &[SavedLogin]) -> String {
    if logins.is_empty() {
        return "No saved logins: save one with `runnerctl auth login`.\n".to_string();
    }
    let rows: Vec<Vec<String>> = logins
        .iter()
        .map(|login| {
            let (user, scopes, expires) = match &login.username {
                Some(username) => (
                    format!("@{username}"),
                    login.scopes.as_deref().unwrap_or_default().join(","),
                    login
                        .expires_at
                        .map_or_else(|| "never".to_string(), |date| date.to_string()),
                ),
                // The reason goes to stderr beside the table.
                None => ("-".to_string(), "-".to_string(), "-".to_string()),
            };
            vec![
                login.url.clone(),
                login.forge.to_string(),
                user,
                scopes,
                expires,
            ]
        })
        .collect();
    table::render(&["URL", "FORGE", "USER", "SCOPES", "EXPIRES"], &rows)
}
