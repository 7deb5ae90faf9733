//! Where `register` gets a Gitea/Forgejo runner's credentials: the secret store
//! (`--runner ID`), another host's `token show ID --format json` (`--credentials-stdin`), or
//! the runner protocol's `Register` with a registration token (`--token-stdin`); and the
//! calls to the server that `register` and `unregister` make.
//!
//! The server calls are in `register_network.rs`.

use crate::cli::RegisterCommandArgs;
use crate::error::UsageError;
use crate::ops::gitea::credentials::{CredentialsError, RunnerCredentials};
use crate::output;
use crate::token::RunnerToken;

use super::super::context::{Context, ForgeTarget};

/// The runner's credentials for `register`, checked against the target's forge.
pub(super) fn credentials(
    context: &Context,
    target: &ForgeTarget,
    args: &RegisterCommandArgs,
) -> anyhow::Result<RunnerCredentials> {
    if args.entry.name.is_some() && !args.token_stdin {
        return Err(UsageError::new(
            "--name is for --token-stdin: stored or piped credentials already name the runner",
        )
        .into());
    }
    let credentials = if args.credentials_stdin {
        let text = context.piped_credentials()?;
        RunnerCredentials::from_json(text).map_err(UsageError::caused_by)?
    } else if let Some(id) = args.runner {
        stored(context, target, id)?
    } else if args.token_stdin {
        let token = RunnerToken::new(crate::commands::read_stdin_token("registration token")?);
        let name = args.entry.name.clone().unwrap_or_else(hostname);
        let labels = crate::cli::split_tags(args.label.iter().chain(&args.labels));
        super::register_network::register_runner(
            context,
            target,
            &token,
            &name,
            &labels,
            args.ephemeral,
        )?
    } else {
        return Err(UsageError::new(
            "which runner? pass --runner ID (credentials kept by `runnerctl create`), \
             --credentials-stdin (what `runnerctl token show ID --format json` prints on \
             another host) or --token-stdin (a registration token)",
        )
        .into());
    };
    if credentials.forge != target.kind {
        return Err(UsageError::new(format!(
            "the credentials are for a {} runner, but {} (from {}) is {}: pass --forge {} if \
             the server is {}",
            credentials.forge.display_name(),
            target.url,
            target.url_source,
            target.kind.display_name(),
            credentials.forge.as_str(),
            credentials.forge.display_name(),
        ))
        .into());
    }
    if credentials.url != target.url {
        output::note(&format!(
            "the credentials are for {}, not {} (from {}): the runner will talk to {}",
            credentials.url, target.url, target.url_source, credentials.url
        ));
    }
    Ok(credentials)
}

fn stored(context: &Context, target: &ForgeTarget, id: u64) -> anyhow::Result<RunnerCredentials> {
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
    found.ok_or_else(|| {
        for notice in store.notices() {
            output::note(&notice);
        }
        anyhow::anyhow!(
            "no credentials for runner {id} of {} in {}: runnerctl keeps those of the runners \
             it creates; on another host, pipe them here with `runnerctl token show {id} \
             --format json | runnerctl register --credentials-stdin`",
            target.url,
            store.label()
        )
    })
}

/// This host's name, the runner's default name (as `act_runner register` defaults it).
fn hostname() -> String {
    gethostname::gethostname().to_string_lossy().into_owned()
}
