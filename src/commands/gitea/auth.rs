//! `auth login` and `auth status` on Gitea and Forgejo: `GET /api/v1/user` checks the token;
//! login then keeps it in the store for the URL, and the URL and its forge in the settings.

use anyhow::Context as _;

use crate::error::{Exit, UsageError};
use crate::output;
use crate::secrets::StoreKind;
use crate::settings;
use crate::token::ApiToken;

use super::super::context::{self, Context, ForgeTarget};

pub(crate) fn login(
    context: &Context,
    target: ForgeTarget,
    command: crate::cli::Command,
) -> anyhow::Result<Exit> {
    let token_stdin = matches!(
        command,
        crate::cli::Command::Auth(crate::cli::AuthCommand::Login { token_stdin: true })
    );
    let url = target.url.clone();
    let forge = target.kind.display_name();
    let store = context.secret_store()?;
    if store.kind() == StoreKind::None {
        return Err(UsageError::new(format!(
            "RUNNERCTL_KEYRING=none stores nothing, so there is nowhere to save the token: use {} instead",
            target.kind.token_variables().join(" or ")
        ))
        .into());
    }
    let token = if token_stdin {
        super::super::read_stdin_token("API token")?
    } else if let Some((_, value)) = context::token_variable(target.kind) {
        value
    } else if context.can_prompt() {
        dialoguer::Password::new()
            .with_prompt(format!("{forge} API token"))
            .interact()
            .context("prompt aborted")?
    } else {
        return Err(UsageError::new(format!(
            "no token to log in with: pass --token-stdin (and the token on stdin) or set {}",
            target.kind.token_variables().join(" or ")
        ))
        .into());
    };
    let token = token.trim();
    if token.is_empty() {
        return Err(UsageError::new("the API token is empty").into());
    }
    let token = ApiToken::new(token);
    let client = context.gitea_client_with(&target, Some(token.clone()))?;
    let user = client.current_user()?;
    let kind = match client.flavour().kind {
        crate::gitea::ServerKind::Forgejo => crate::forge_kind::ForgeKind::Forgejo,
        crate::gitea::ServerKind::Gitea => target.kind,
    };
    store
        .put_api_token(&url, &token)
        .with_context(|| format!("cannot save the API token in {}", store.label()))?;
    settings::save_url(Some(&url))?;
    settings::save_forge(&url, Some(kind))?;
    context::warn_store_notices(&store);
    if context.json() {
        output::print_json(&serde_json::json!({
            "url": url.as_str(),
            "username": user.login,
            "scopes": null,
            "expires_at": null,
            "is_admin": user.is_admin,
            "token_source": "saved",
            "forge": kind.as_str(),
        }))?;
    } else {
        crate::outln!(
            "Logged in to {url} ({}) as {}{}.",
            kind.display_name(),
            user.login,
            if user.is_admin {
                " (administrator)"
            } else {
                ""
            }
        );
        crate::outln!(
            "The token is kept in {} and is only ever sent to {url}.",
            store.label()
        );
    }
    Ok(Exit::Success)
}

/// Who the token of `target` is: the forge's token variable, else the token saved for the URL.
pub(crate) fn status(context: &Context, target: ForgeTarget) -> anyhow::Result<Exit> {
    let from_env = context::token_variable(target.kind)
        .map(|(name, _)| name)
        .filter(|_| context.gitea_token_is_from_variable(&target));
    let Some(token) = context.gitea_token(&target)? else {
        anyhow::bail!(
            "no API token for {}: set {} or run `runnerctl auth login --url {}`",
            target.url,
            target.kind.token_variables().join(" or "),
            target.url
        );
    };
    let client = context.gitea_client_with(&target, Some(token))?;
    let user = client.current_user()?;
    let kind = match client.flavour().kind {
        crate::gitea::ServerKind::Forgejo => crate::forge_kind::ForgeKind::Forgejo,
        crate::gitea::ServerKind::Gitea => target.kind,
    };
    let source = from_env.unwrap_or("saved");
    if context.json() {
        output::print_json(&serde_json::json!({
            "url": target.url.as_str(),
            "username": user.login,
            "scopes": null,
            "expires_at": null,
            "is_admin": user.is_admin,
            "token_source": source,
            "forge": kind.as_str(),
        }))?;
    } else {
        crate::outln!(
            "{} ({} {}): logged in as {}{} with {}.",
            target.url,
            kind.display_name(),
            client.flavour().version,
            user.login,
            if user.is_admin {
                " (administrator)"
            } else {
                ""
            },
            from_env.unwrap_or("the saved token")
        );
    }
    Ok(Exit::Success)
}
