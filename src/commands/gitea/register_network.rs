//! The server halves of `register` and `unregister` on Gitea and Forgejo: `Register` with a
//! registration token (`--token-stdin`), `Declare` (`--verify`), and the runner's deletion
//! (`unregister --delete-runner`).

use crate::cli::ForgeScopeArgs;
use crate::gitea::RegistrationToken;
use crate::ops::gitea::credentials::{RunnerCredentials, label_name};
use crate::output;
use crate::runner_file::Registration;
use crate::token::RunnerToken;

use super::super::context::{Context, ForgeTarget};

/// `Register` with a scope's registration token (never printed or kept); the answer becomes
/// the runner's credentials, kept in the store at once so the token is not only in `.runner`.
pub(super) fn register_runner(
    context: &Context,
    target: &ForgeTarget,
    registration_token: &RunnerToken,
    name: &str,
    labels: &[String],
    ephemeral: bool,
) -> anyhow::Result<RunnerCredentials> {
    let client = context.gitea_client(target)?;
    let names: Vec<String> = labels.iter().map(|l| label_name(l).to_string()).collect();
    let token = RegistrationToken::new(registration_token.expose());
    let registered = client.register(&token, name, &names, ephemeral)?;
    let credentials = RunnerCredentials {
        runner_id: u64::try_from(registered.id).unwrap_or_default(),
        forge: target.kind,
        url: target.url.clone(),
        name: registered.name,
        token: registered.token,
        uuid: registered.uuid,
        labels: labels.to_vec(),
        scope: None,
    };
    match context.secret_store() {
        Ok(store) => {
            if let Err(error) = credentials.store(&store) {
                output::warn(&format!(
                    "runner {}'s credentials are only in .runner: the secret store refused them ({error})",
                    credentials.runner_id
                ));
            }
        }
        Err(error) => output::warn(&format!(
            "runner {}'s credentials are only in .runner: {error}",
            credentials.runner_id
        )),
    }
    Ok(credentials)
}

/// `Declare` with the labels the server lists for the runner when its scope is known (the
/// credentials' own labels else): a contact is recorded, as the runner's own start does.
pub(super) fn declare(
    context: &Context,
    target: &ForgeTarget,
    credentials: &RunnerCredentials,
) -> anyhow::Result<()> {
    let client = context.gitea_client(target)?;
    let listed = credentials
        .scope
        .as_deref()
        .and_then(crate::ops::gitea::client::parse_scope_key)
        .and_then(|scope| {
            client
                .runner(&scope, i64::try_from(credentials.runner_id).ok()?)
                .ok()
        })
        .map(|runner| runner.labels);
    let names = listed.unwrap_or_else(|| credentials.label_names());
    client.declare(&credentials.uuid, &credentials.token, &names)?;
    Ok(())
}

/// Deletes the runner on the server, on its stored scope's route or the flags'; the store
/// then forgets its credentials.
pub(super) fn delete_runner(
    context: &Context,
    target: &ForgeTarget,
    registration: &Registration,
    flags: &ForgeScopeArgs,
) -> anyhow::Result<()> {
    let store = context.secret_store().ok();
    let scope = super::pause::resolve_scope(target, store.as_ref(), registration.id, flags)?;
    let client = context.gitea_client(target)?;
    client.delete_runner(&scope, i64::try_from(registration.id)?)?;
    if let Some(store) = store
        && let Err(error) = store.delete_runner_token(&target.url, registration.id)
    {
        output::warn(&format!(
            "runner {} was deleted, but its stored credentials could not be forgotten: {error}",
            registration.id
        ));
    }
    Ok(())
}
