//! `token show ID` on Semaphore: the stored runner's token alone, or with `--format json` its
//! whole credentials document (token and private key), which `register --credentials-stdin`
//! reads on the runner's host. With create's last-resort hand-over, the only place either is
//! printed.

use crate::error::Exit;
use crate::ops::semaphore::credentials::{SemaphoreCredentials, SemaphoreCredentialsError};
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn show(context: &Context, target: ForgeTarget, id: u64) -> anyhow::Result<Exit> {
    let credentials = stored(context, &target, id)?;
    if context.json() {
        let document: serde_json::Value = serde_json::from_str(&credentials.to_json())?;
        output::print_json(&document)?;
    } else {
        crate::outln!("{}", credentials.token.expose());
    }
    Ok(Exit::Success)
}

/// Runner `id`'s stored credentials; none is an error saying they cannot be had again.
pub(super) fn stored(
    context: &Context,
    target: &ForgeTarget,
    id: u64,
) -> anyhow::Result<SemaphoreCredentials> {
    let store = context.secret_store()?;
    let found =
        SemaphoreCredentials::load(&store, &target.url, id).map_err(|error| match error {
            SemaphoreCredentialsError::Store(error) => anyhow::Error::new(error).context(format!(
                "cannot read runner {id}'s credentials from {}",
                store.label()
            )),
            other => anyhow::Error::new(other).context(format!(
                "the secret store's entry for runner {id} of {} is not a Semaphore runner's",
                target.url
            )),
        })?;
    let Some(credentials) = found else {
        for notice in store.notices() {
            output::note(&notice);
        }
        anyhow::bail!(
            "no credentials for runner {id} of {} in {}; runnerctl keeps those of the runners \
             it creates (`runnerctl create`), and Semaphore UI shows a runner's token and key \
             only when it is created: if they are lost, create a new runner",
            target.url,
            store.label()
        );
    };
    Ok(credentials)
}
