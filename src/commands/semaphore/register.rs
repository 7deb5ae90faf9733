//! `register` on Semaphore: the runner's credentials (stored, piped, or made with the
//! server's registration token), then its three host files, then one sentence or the JSON.

use std::path::Path;

use crate::cli::RegisterCommandArgs;
use crate::error::{Exit, UsageError};
use crate::ops::semaphore::credentials::SemaphoreCredentials;
use crate::ops::semaphore::files::write;
use crate::ops::semaphore::register::self_register;
use crate::output;
use crate::semaphore::RunnerFields;
use crate::token::RunnerToken;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: RegisterCommandArgs,
) -> anyhow::Result<Exit> {
    refuse_flags(&args)?;
    let path = context.semaphore_file_path()?;
    super::status::say_path(context, &path);
    let mut fields = RunnerFields {
        name: args.entry.name.clone().unwrap_or_default(),
        tag: super::create::one_tag_of(&args.label, &args.labels)?.unwrap_or_default(),
        active: true,
        max_parallel_tasks: current_max_parallel_tasks(&path),
        webhook: String::new(),
    };
    let credentials = if args.credentials_stdin {
        SemaphoreCredentials::from_json(context.piped_credentials()?)
            .map_err(UsageError::caused_by)?
    } else if let Some(id) = args.runner {
        super::token::stored(context, &target, id)?
    } else if args.token_stdin {
        let token = RunnerToken::new(crate::commands::read_stdin_token("registration token")?);
        from_registration_token(context, &target, &token, &mut fields)?
    } else {
        return Err(UsageError::new(
            "which runner? pass --runner ID (credentials kept by `runnerctl create`), \
             --credentials-stdin (what `runnerctl token show ID --format json` prints on \
             another host) or --token-stdin (the server's runner registration token)",
        )
        .into());
    };
    if credentials.url != target.url {
        output::note(&format!(
            "the credentials are for {}, not {} (from {}): the runner will talk to {}",
            credentials.url, target.url, target.url_source, credentials.url
        ));
    }
    let written = write(&path, &credentials, &fields)?;
    super::register_render::print(context, &written)?;
    Ok(Exit::Success)
}

/// With an admin API token the runner is created through the API (named, active, its id
/// known); with the registration token alone it registers itself, nameless and inactive.
fn from_registration_token(
    context: &Context,
    target: &ForgeTarget,
    token: &RunnerToken,
    fields: &mut RunnerFields,
) -> anyhow::Result<SemaphoreCredentials> {
    let client = context.semaphore_client(target)?;
    let admin = client.has_token() && client.user().map(|user| user.admin).unwrap_or(false);
    if admin {
        if fields.name.is_empty() {
            fields.name = gethostname::gethostname().to_string_lossy().into_owned();
        }
        let store = context.secret_store().ok();
        let options = crate::ops::semaphore::create::CreateOptions {
            scope: crate::semaphore::Scope::Global,
            fields: fields.clone(),
            token_file: None,
        };
        let created = crate::ops::semaphore::create::create(&client, store.as_ref(), &options)?;
        output::note(&format!(
            "created global runner {} with the API token (an admin's) instead of registering \
             with the registration token",
            created.runner.id
        ));
        return Ok(created.credentials.clone());
    }
    if !fields.name.is_empty() || !fields.tag.is_empty() {
        output::warn(
            "a runner that registers itself gets no name or tag; an admin sets them in Semaphore UI",
        );
    }
    let anonymous = context.semaphore_client_with(target, None)?;
    Ok(self_register(&anonymous, token, fields)?)
}

fn refuse_flags(args: &RegisterCommandArgs) -> Result<(), UsageError> {
    let refused = [
        (
            "--verify",
            args.verify,
            "Semaphore's only token check hands over pending tasks and their secrets",
        ),
        (
            "--dry-run",
            args.dry_run,
            "Semaphore registrations are not previewed",
        ),
        (
            "--ephemeral",
            args.ephemeral,
            "Semaphore's runners are not ephemeral (its one_off is the runner's own setting)",
        ),
    ];
    if let Some((flag, _, why)) = refused.iter().find(|(_, given, _)| *given) {
        return Err(UsageError::new(format!(
            "{flag} is not offered on Semaphore UI: {why}"
        )));
    }
    let gitlab_only = crate::cli::RegisterArgs {
        name: None,
        ..args.entry.clone()
    };
    if let Some(flag) = gitlab_only.first_given() {
        return Err(UsageError::new(format!(
            "{flag} is a GitLab runner setting; Semaphore's config.runner.json has no such thing"
        )));
    }
    Ok(())
}

/// The config's own `max_parallel_tasks` is the runner's setting: kept; 1 for a new file.
fn current_max_parallel_tasks(path: &Path) -> u32 {
    crate::semaphore_file::read_unlocked(path)
        .ok()
        .flatten()
        .and_then(|config| config.max_parallel_tasks)
        .and_then(|value| u32::try_from(value).ok())
        .unwrap_or(1)
}
