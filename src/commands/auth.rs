//! `runnerctl auth`: log in (check the API token, then save it with its URL), show who the
//! token is, log out.

use anyhow::Context as _;

use crate::cli::AuthCommand;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::gitlab::{ApiError, Client};
use crate::ops::auth::{TokenStatus, describe};
use crate::output;
use crate::secrets::StoreKind;
use crate::settings;
use crate::token::ApiToken;

pub(super) fn run(context: &Context, command: AuthCommand) -> anyhow::Result<Exit> {
    match command {
        AuthCommand::Login { token_stdin } => login(context, token_stdin),
        AuthCommand::Status => status(context),
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
    let token = read_login_token(context, token_stdin)?;
    let client = Client::new(url.clone(), Some(token.clone()), context.client_options())?;
    let status = describe(&client, "saved")?;
    store
        .put_api_token(&url, &token)
        .with_context(|| format!("cannot save the API token in {}", store.label()))?;
    settings::save_url(Some(&url))?;
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

fn admin_suffix(status: &TokenStatus) -> &'static str {
    if status.is_admin {
        " (administrator)"
    } else {
        ""
    }
}

fn print_scopes(status: &TokenStatus) {
    if !status.scopes.is_empty() {
        crate::outln!("Scopes: {}", status.scopes.join(", "));
    }
    match &status.expires_at {
        Some(date) => crate::outln!("The token expires on {date}."),
        None => crate::outln!("The token does not expire."),
    }
}

fn read_login_token(context: &Context, token_stdin: bool) -> anyhow::Result<ApiToken> {
    let token = if token_stdin {
        super::read_stdin_token("API token")?
    } else if let Ok(token) = std::env::var("GITLAB_TOKEN") {
        token
    } else if context.can_prompt() {
        dialoguer::Password::new()
            .with_prompt("GitLab API token")
            .interact()
            .context("prompt aborted")?
    } else {
        return Err(UsageError::new(
            "no token to log in with: pass --token-stdin (and the token on stdin) or set GITLAB_TOKEN",
        )
        .into());
    };
    let token = token.trim();
    if token.is_empty() {
        return Err(UsageError::new("the API token is empty").into());
    }
    Ok(ApiToken::new(token))
}
