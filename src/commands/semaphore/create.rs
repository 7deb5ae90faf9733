//! `create` on Semaphore: `POST /api/runners` (`--instance`, the default) or the project's
//! (`-p`, Semaphore Pro); the token and private key are kept at once, and `--register` then
//! writes this host's `config.runner.json`, `runner.token` and `runner.key`.

use crate::cli::{CreateArgs, RunnerSettingsArgs};
use crate::error::{Exit, UsageError};
use crate::ops::semaphore::create::{CreateOptions, create};
use crate::ops::semaphore::scope::scope_from_flags;
use crate::output;
use crate::semaphore::RunnerFields;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: CreateArgs,
) -> anyhow::Result<Exit> {
    let settings = &args.settings;
    refuse_other_flags(settings, "create")?;
    if args.scope.group.is_some() || args.scope.user {
        return Err(UsageError::new(
            "Semaphore UI has no groups or user runners: --instance (a global runner) or -p PROJECT",
        )
        .into());
    }
    if let Some(flag) = args.entry.first_given().filter(|flag| *flag != "--name") {
        return Err(UsageError::new(format!(
            "{flag} is a gitlab-runner setting; Semaphore UI has none"
        ))
        .into());
    }
    let tag = one_tag(settings)?.unwrap_or_default();
    let name = match (&args.entry.name, args.register) {
        (Some(name), _) => name.clone(),
        (None, true) => gethostname::gethostname().to_string_lossy().into_owned(),
        (None, false) => {
            return Err(UsageError::new(
                "--name is required to create a Semaphore runner (or pass --register to name it after this host)",
            )
            .into());
        }
    };
    let runner_file = if args.register {
        Some(context.semaphore_file_path()?)
    } else {
        None
    };
    let client = context.semaphore_client(&target)?;
    let scope =
        scope_from_flags(&client, args.scope.project.as_deref()).map_err(super::scope_error)?;
    let store = context.secret_store().ok();
    let options = CreateOptions {
        scope,
        fields: RunnerFields {
            name,
            tag,
            // The contract: created active unless --paused (the body sends `active: true`).
            active: !settings.paused,
            max_parallel_tasks: settings.max_parallel_tasks.unwrap_or(1),
            webhook: settings.webhook.clone().unwrap_or_default(),
        },
        token_file: args.token_file.clone(),
    };
    let created = create(&client, store.as_ref(), &options)?;
    let id = created.runner.id;
    for fallback in &created.fallbacks {
        output::warn(&format!(
            "runner {id}'s credentials could not be kept in {}: {}",
            fallback.step, fallback.reason
        ));
    }
    if let Some(store) = &store {
        super::super::context::warn_store_notices(store);
    }
    let written = runner_file.as_ref().map(|path| {
        crate::ops::semaphore::files::write(path, &created.credentials, &options.fields)
    });
    let exit = super::create_render::render(context, &created, written)?;
    // Last: SIGINT/SIGTERM wait until the operator has been told where the credentials are.
    drop(created);
    Ok(exit)
}

/// GitLab's and Gitea's runner settings have no Semaphore counterpart: refused, naming them.
pub(super) fn refuse_other_flags(
    settings: &RunnerSettingsArgs,
    command: &str,
) -> Result<(), UsageError> {
    let given = [
        ("--access-level", settings.access_level.is_some()),
        ("--locked", settings.locked),
        ("--run-untagged", settings.run_untagged),
        ("--no-run-untagged", settings.no_run_untagged),
        ("--maximum-timeout", settings.maximum_timeout.is_some()),
        ("--maintenance-note", settings.maintenance_note.is_some()),
        ("--description", settings.description.is_some()),
        ("--ephemeral", settings.ephemeral),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(UsageError::new(format!(
            "{flag} is not a Semaphore runner setting (`{command}` on Semaphore UI takes --name, --tag, --max-parallel-tasks, --webhook)"
        ))),
        None => Ok(()),
    }
}

/// Semaphore's one tag: a second is exit 2 (the contract's tags row).
pub(super) fn one_tag(settings: &RunnerSettingsArgs) -> Result<Option<String>, UsageError> {
    only_one(settings.all_tags())
}

/// `register --tag`'s one tag.
pub(super) fn one_tag_of(
    label: &[String],
    labels: &[String],
) -> Result<Option<String>, UsageError> {
    only_one(crate::cli::split_tags(label.iter().chain(labels)))
}

fn only_one(tags: Vec<String>) -> Result<Option<String>, UsageError> {
    match tags.as_slice() {
        [] => Ok(None),
        [tag] => Ok(Some(tag.clone())),
        several => Err(UsageError::new(format!(
            "a Semaphore runner has one tag, and {} were given ({})",
            several.len(),
            several.join(", ")
        ))),
    }
}
