//! Where `auth login` gets its token: `--token-stdin`, `GITLAB_TOKEN`, or a prompt on a
//! terminal that shows GitLab's page for making one.

use anyhow::Context as _;

use crate::commands::context::Context;
use crate::error::UsageError;
use crate::instance_url::InstanceUrl;
use crate::ops::auth::new_token_page;
use crate::output;
use crate::token::ApiToken;

pub(super) fn read_login_token(
    context: &Context,
    url: &InstanceUrl,
    token_stdin: bool,
) -> anyhow::Result<ApiToken> {
    let token = if token_stdin {
        super::read_stdin_token("API token")?
    } else if let Ok(token) = std::env::var("GITLAB_TOKEN") {
        token
    } else if context.can_prompt() {
        output::note(&format!(
            "make a token with the scopes runnerctl uses at {}",
            new_token_page(url)
        ));
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
