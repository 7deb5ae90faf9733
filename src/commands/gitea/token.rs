//! `token show ID` on Gitea and Forgejo: the stored runner's token alone (as GitLab's is
//! printed), or with `--format json` its whole credentials document, which
//! `register --credentials-stdin` reads on the runner's host. With create's last-resort
//! hand-over, the only place a runner token is printed.

use crate::error::Exit;
use crate::ops::gitea::credentials::{CredentialsError, RunnerCredentials};
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn show(context: &Context, target: ForgeTarget, id: u64) -> anyhow::Result<Exit> {
    let store = context.secret_store()?;
    let found = RunnerCredentials::load(&store, &target.url, id).map_err(|error| match error {
        CredentialsError::Store(error) => anyhow::Error::new(error).context(format!(
            "cannot read runner {id}'s credentials from {}",
            store.label()
        )),
        other => anyhow::Error::new(other).context(format!(
            "the secret store's entry for runner {id} of {} is not a Gitea/Forgejo runner's",
            target.url
        )),
    })?;
    let Some(credentials) = found else {
        for notice in store.notices() {
            output::note(&notice);
        }
        anyhow::bail!(
            "no credentials for runner {id} of {} in {}; runnerctl keeps those of the runners \
             it creates (`runnerctl create`), and {} shows a runner's token only at its \
             registration: if they are lost, create a new runner",
            target.url,
            store.label(),
            target.kind.display_name()
        );
    };
    if context.json() {
        // The document exactly as the store keeps it and `--credentials-stdin` reads it.
        let document: serde_json::Value = serde_json::from_str(&credentials.to_json())?;
        output::print_json(&document)?;
    } else {
        crate::outln!("{}", credentials.token.expose());
    }
    Ok(Exit::Success)
}
