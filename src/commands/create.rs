//! `create`: flags to options (a prompt for the scope on a terminal), the create operation
//! (`ops::create`: create, keep the token at once, then register when asked), its rendering.

use anyhow::Context as _;

use crate::cli::{CreateArgs, RunnerScope, RunnerSettingsArgs};
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::forge::Scope;
use crate::gitlab::RunnerSettings;
use crate::ops::create::{self, CreateOptions};

use super::create_failure::explain_create_failure;
use super::create_next_steps::register_flags;
use super::create_render::render;
use super::register_options::{explain, options_from};
use super::register_prompt::Terminal;

pub(super) fn run(context: &Context, args: CreateArgs) -> anyhow::Result<Exit> {
    let settings = settings_from(&args)?;
    let scope = scope_from(context, &args.scope)?;
    if let Some(path) = &args.token_file
        && path.exists()
    {
        return Err(UsageError::new(format!(
            "--token-file {} already exists; runnerctl never overwrites a token file",
            path.display()
        ))
        .into());
    }
    if !args.register
        && let Some(flag) = args.entry.first_given()
    {
        return Err(UsageError::new(format!(
            "{flag} is a register flag: add --register to register the new runner on this machine"
        ))
        .into());
    }
    // Opened before the runner exists, so that a bad RUNNERCTL_KEYRING stops us in time.
    let store = context.secret_store()?;
    // Likewise a bad register flag, or a broken or unwritable config.toml: found (and the file
    // locked, by the operation) before a runner exists that could not be registered.
    let register = match args.register {
        true => Some(options_from(context, &args.entry)?),
        false => None,
    };
    let options = CreateOptions {
        scope,
        settings,
        token_file: args.token_file.clone(),
        register,
    };
    let created = create::create(
        &options,
        &store,
        || context.client(),
        &mut Terminal { context },
    )
    .map_err(|error| explain_create_failure(explain(error)))?;
    render(context, &options, created, &register_flags(&args.entry))
}

/// Everything that can be checked before a request: GitLab would refuse these anyway, and
/// after the POST a retry would make a second runner.
fn settings_from(args: &CreateArgs) -> anyhow::Result<RunnerSettings> {
    let flags = &args.settings;
    let tags = flags.all_tags();
    if flags.no_run_untagged && tags.is_empty() {
        return Err(UsageError::new(
            "--no-run-untagged needs at least one --tag: a runner without tags that refuses untagged jobs could never run a job",
        )
        .into());
    }
    flags.check_limits()?;
    Ok(settings_from_flags(
        flags,
        (!tags.is_empty()).then_some(tags),
    ))
}

/// The API's runner settings from the flags `create` and `update` share; the tags are the
/// caller's, since `update` may edit the runner's current set rather than replace it.
pub(super) fn settings_from_flags(
    flags: &RunnerSettingsArgs,
    tag_list: Option<Vec<String>>,
) -> RunnerSettings {
    RunnerSettings {
        description: flags.description.clone(),
        tag_list,
        run_untagged: flags.run_untagged(),
        locked: flags.locked.then_some(true),
        paused: flags.paused.then_some(true),
        access_level: flags.access_level.map(|level| level.as_api().to_string()),
        maximum_timeout: flags.maximum_timeout,
        maintenance_note: flags.maintenance_note.clone(),
    }
}

fn scope_from(context: &Context, scope: &RunnerScope) -> anyhow::Result<Scope> {
    if let Some(group) = &scope.group {
        return Ok(Scope::Group(group.clone()));
    }
    if let Some(project) = &scope.project {
        return Ok(Scope::Project(project.clone()));
    }
    if scope.instance {
        return Ok(Scope::Instance);
    }
    if !context.can_prompt() {
        return Err(UsageError::new(
            "where should the runner live? pass -g/--group GROUP, -p/--project PROJECT or --instance",
        )
        .into());
    }
    let choice = dialoguer::Select::new()
        .with_prompt("Create the runner for")
        .items([
            "a group",
            "a project",
            "the whole instance (administrators)",
        ])
        .default(0)
        .interact()
        .context("prompt aborted")?;
    let ask = |what: &str| -> anyhow::Result<String> {
        dialoguer::Input::<String>::new()
            .with_prompt(format!("{what} (full path or numeric id)"))
            .interact_text()
            .context("prompt aborted")
    };
    Ok(match choice {
        0 => Scope::Group(ask("Group")?),
        1 => Scope::Project(ask("Project")?),
        _ => Scope::Instance,
    })
}
