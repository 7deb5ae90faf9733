//! `runnerctl auth`: log in (check the API token, then save it with its URL), show who the
//! token is (or every saved login), log out.

use anyhow::Context as _;
use serde::Serialize;

use crate::cli::AuthCommand;
use crate::commands::context::{self, Context};
use crate::error::{Exit, UsageError};
use crate::gitlab::{ApiError, Client};
use crate::ops::auth::{SavedLogin, describe, saved_logins};
use crate::output;
use crate::secrets::StoreKind;
use crate::settings;

use super::auth_prompt::read_login_token;
use super::auth_report::{admin_suffix, logins_table, print_scopes, warn_missing_scopes};

pub(super) fn run(context: &Context, command: AuthCommand) -> anyhow::Result<Exit> {
    match command {
        AuthCommand::Login { token_stdin } => login(context, token_stdin),
        AuthCommand::Status { all: false } => status(context),
        AuthCommand::Status { all: true } => status_all(context),
        AuthCommand::Logout => logout(context),
    }
}

fn login(context: &Context, token_stdin: bool) -> anyhow::Result<Exit> {
    let (url, _) = context.gitlab_url()?;
    let store = context.secret_store()?;
    if store.kind() == StoreKind::None {
        return Err(UsageError::new(
            "RUNNERCTL_KEYRING=none stores nothing, so there is nowhere to save the token: use GITLAB_TOKEN instead",
        )
        .into());
    }
    let token = read_login_token(context, &url, token_stdin)?;
    let client = Client::new(url.clone(), Some(token.clone()), context.client_options())?;
    let status = describe(&client, "saved")?;
    store
        .put_api_token(&url, &token)
        .with_context(|| format!("cannot save the API token in {}", store.label()))?;
    settings::save_url(Some(&url))?;
    context::warn_store_notices(&store);
    warn_missing_scopes(&status, &url);
    if context.json() {
        output::print_json(&status)?;
    } else {
        crate::outln!(
            "Logged in to {url} as @{}{}.",
            status.username,
            admin_suffix(&status)
        );
        print_scopes(&status);
        crate::outln!(
            "The token is kept in {} and is only ever sent to {url}.",
            store.label()
        );
    }
    Ok(Exit::Success)
}

fn status(context: &Context) -> anyhow::Result<Exit> {
    let (url, _) = context.gitlab_url()?;
    let from_env = std::env::var("GITLAB_TOKEN")
        .map(|t| !t.trim().is_empty())
        .unwrap_or(false);
    let Some(token) = context.api_token(&url)? else {
        return Err(ApiError::MissingToken {
            url: url.to_string(),
        }
        .into());
    };
    let client = Client::new(url.clone(), Some(token), context.client_options())?;
    let status = describe(&client, if from_env { "GITLAB_TOKEN" } else { "saved" })?;
    if context.json() {
        output::print_json(&status)?;
    } else {
        let source = if from_env {
            "GITLAB_TOKEN"
        } else {
            "the saved token"
        };
        crate::outln!(
            "{url}: logged in as @{}{} with {source}.",
            status.username,
            admin_suffix(&status)
        );
        print_scopes(&status);
    }
    Ok(Exit::Success)
}

#[derive(Serialize)]
struct Logins {
    logins: Vec<SavedLogin>,
}

/// Every saved login, each token asked of its own GitLab only. A login GitLab refuses (a
/// revoked or expired token) is listed with its error and makes the exit code 1.
fn status_all(context: &Context) -> anyhow::Result<Exit> {
    let store = context.secret_store()?;
    let logins = saved_logins(&store, settings::saved_url()?, &context.client_options())?;
    for login in &logins {
        if let Some(error) = &login.error {
            output::warn(&format!("{}: {error}", login.url));
        }
    }
    let failed = logins.iter().any(|login| login.error.is_some());
    if context.json() {
        output::print_json(&Logins { logins })?;
    } else {
        crate::out!("{}", logins_table(&logins));
    }
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

fn logout(context: &Context) -> anyhow::Result<Exit> {
    let (url, _) = context.gitlab_url()?;
    let store = context.secret_store()?;
    let forgotten = store.delete_api_token(&url)?;
    if settings::saved_url()?.as_ref() == Some(&url) {
        settings::save_url(None)?;
    }
    if context.json() {
        output::print_json(&serde_json::json!({ "url": url.as_str(), "forgotten": forgotten }))?;
    } else if forgotten {
        crate::outln!("Forgot the API token saved for {url}.");
    } else {
        crate::outln!("No API token was saved for {url}.");
    }
    Ok(Exit::Success)
}
