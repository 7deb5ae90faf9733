//! The API client doctor uses, until `Context::gitea_client` is on main: the target's URL,
//! the forge's token variable, the server's flavour as it says it.

use crate::gitea::{Client, detect};
use crate::token::ApiToken;

use super::super::context::{Context, ForgeTarget};

pub(super) fn client(context: &Context, target: &ForgeTarget) -> anyhow::Result<Client> {
    let token = target
        .kind
        .token_variables()
        .iter()
        .find_map(|name| {
            std::env::var(name)
                .ok()
                .filter(|value| !value.trim().is_empty())
        })
        .map(|value| ApiToken::new(value.trim()));
    let options = context.client_options();
    let flavour = detect(&target.url, token.as_ref(), &options)?.ok_or_else(|| {
        anyhow::anyhow!("{} does not answer as Gitea's or Forgejo's API", target.url)
    })?;
    Ok(Client::new(target.url.clone(), token, flavour, options)?)
}
