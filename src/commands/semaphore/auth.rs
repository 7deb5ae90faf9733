//! `auth login` and `auth status` on Semaphore UI: `GET /api/user` checks the token; login
//! then keeps it in the store for the URL, and the URL and its forge in the settings.

use anyhow::Context as _;

use crate::error::{Exit, UsageError};
use crate::forge_kind::ForgeKind;
use crate::output;
use crate::secrets::StoreKind;
use crate::settings;
use crate::token::ApiToken;

use super::super::context::{self, Context, ForgeTarget};

pub(crate) fn login(
    context: &Context,
    target: ForgeTarget,
    token_stdin: bool,
) -> anyhow::Result<Exit> {
    let url = target.url.clone();
    let store = context.secret_store()?;
    if store.kind() == StoreKind::None {
        return Err(UsageError::new(
            "RUNNERCTL_KEYRING=none stores nothing, so there is nowhere to save the token: use SEMAPHORE_TOKEN instead",
        )
        .into());
    }
    let token = if token_stdin {
        super::super::read_stdin_token("API token")?
    } else if let Some((_, value)) = context::token_variable(target.kind) {
        value
    } else if context.can_prompt() {
        dialoguer::Password::new()
            .with_prompt("Semaphore UI API token")
            .interact()
            .context("prompt aborted")?
    } else {
        return Err(UsageError::new(
            "no token to log in with: pass --token-stdin (and the token on stdin) or set SEMAPHORE_TOKEN",
        )
        .into());
    };
    let token = token.trim();
    if token.is_empty() {
        return Err(UsageError::new("the API token is empty").into());
    }
    let token = ApiToken::new(token);
    let client = context.semaphore_client_with(&target, Some(token.clone()))?;
    let user = client.user()?;
    store
        .put_api_token(&url, &token)
        .with_context(|| format!("cannot save the API token in {}", store.label()))?;
    settings::save_url(Some(&url))?;
    settings::save_forge(&url, Some(ForgeKind::Semaphore))?;
    context::warn_store_notices(&store);
    report(context, &target, &user, "saved")?;
    if !context.json() {
        crate::outln!(
            "The token is kept in {} and is only ever sent to {url}.",
            store.label()
        );
    }
    Ok(Exit::Success)
}

/// Who the token of `target` is: `SEMAPHORE_TOKEN`, else the token saved for the URL.
pub(crate) fn status(context: &Context, target: ForgeTarget) -> anyhow::Result<Exit> {
    let from_env = context
        .gitea_token_is_from_variable(&target)
        .then_some("SEMAPHORE_TOKEN");
    let Some(token) = context.gitea_token(&target)? else {
        anyhow::bail!(
            "no API token for {}: set SEMAPHORE_TOKEN or run `runnerctl auth login --url {}`",
            target.url,
            target.url
        );
    };
    let client = context.semaphore_client_with(&target, Some(token))?;
    let user = client.user()?;
    report(context, &target, &user, from_env.unwrap_or("saved"))?;
    Ok(Exit::Success)
}

fn report(
    context: &Context,
    target: &ForgeTarget,
    user: &crate::semaphore::User,
    source: &str,
) -> anyhow::Result<()> {
    if context.json() {
        output::print_json(&serde_json::json!({
            "url": target.url.as_str(),
            "username": user.username,
            "scopes": null,
            "expires_at": null,
            "is_admin": user.admin,
            "token_source": source,
            "forge": "semaphore",
        }))?;
    } else {
        crate::outln!(
            "{} (Semaphore UI): logged in as {}{} with {}.",
            target.url,
            user.username,
            if user.admin { " (admin)" } else { "" },
            if source == "saved" {
                "the saved token"
            } else {
                source
            }
        );
        if !user.admin {
            crate::outln!(
                "Semaphore's runner routes need an admin user: this token can read projects and tasks only."
            );
        }
    }
    Ok(())
}
