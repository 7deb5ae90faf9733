//! `create` on Gitea and Forgejo: the runner is made in the scope the flags name and its
//! credentials kept at once; `--register` then writes this host's `.runner`.

use crate::cli::CreateArgs;
use crate::error::{Exit, UsageError};
use crate::ops::gitea::client::scope_from_flags;
use crate::ops::gitea::create::{CreateOptions, create, write_runner_file};
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: CreateArgs,
) -> anyhow::Result<Exit> {
    let forge = target.kind.display_name();
    refuse_gitlab_flags(&args, forge)?;
    if args.settings.ephemeral && target.kind == crate::forge_kind::ForgeKind::Forgejo {
        return Err(
            UsageError::new("--ephemeral is a Gitea runner setting; Forgejo has none").into(),
        );
    }
    let scope = scope_from_flags(
        args.scope.group.as_deref(),
        args.scope.project.as_deref(),
        args.scope.instance,
        args.scope.user,
    )
    .ok_or_else(|| {
        UsageError::new(format!(
            "say where the {forge} runner goes: -g ORG, -p OWNER/REPO, --user or --instance"
        ))
    })?;
    let name = match (&args.entry.name, args.register) {
        (Some(name), _) => name.clone(),
        (None, true) => gethostname::gethostname().to_string_lossy().into_owned(),
        (None, false) => {
            return Err(UsageError::new(format!(
                "--name is required to create a {forge} runner (or pass --register to name it after this host)"
            ))
            .into());
        }
    };
    let runner_file = if args.register {
        Some(context.runner_file_path()?)
    } else {
        None
    };
    let client = context.gitea_client(&target)?;
    let store = context.secret_store().ok();
    let options = CreateOptions {
        scope: scope.clone(),
        name,
        labels: args.settings.all_tags(),
        ephemeral: args.settings.ephemeral,
        token_file: args.token_file.clone(),
    };
    let created = create(&client, target.kind, store.as_ref(), &options)?;
    let credentials = &created.credentials;
    let id = credentials.runner_id;
    for fallback in &created.fallbacks {
        output::warn(&format!(
            "runner {id}'s credentials could not be kept in {}: {}",
            fallback.step, fallback.reason
        ));
    }
    if let Some(store) = &store {
        super::super::context::warn_store_notices(store);
    }
    if let Some(error) = &created.declare_error {
        output::warn(&format!(
            "runner {id} was created but its labels were not set ({error}); they are set when it starts"
        ));
    }
    let written = runner_file.as_ref().map(|path| {
        write_runner_file(path, credentials, options.ephemeral).map(|_| path.display().to_string())
    });
    let exit =
        super::create_render::render(context, &target, &scope, &created, written, args.register)?;
    // Last: SIGINT/SIGTERM wait until the operator has been told where the credentials are.
    drop(created);
    Ok(exit)
}
/// GitLab's runner settings have no Gitea/Forgejo counterpart: refused, naming the flag.
fn refuse_gitlab_flags(args: &CreateArgs, forge: &str) -> Result<(), UsageError> {
    let settings = &args.settings;
    let given = [
        ("--access-level", settings.access_level.is_some()),
        ("--locked", settings.locked),
        ("--run-untagged", settings.run_untagged),
        ("--no-run-untagged", settings.no_run_untagged),
        ("--maximum-timeout", settings.maximum_timeout.is_some()),
        ("--maintenance-note", settings.maintenance_note.is_some()),
        ("--paused", settings.paused),
        ("--description", settings.description.is_some()),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(UsageError::new(format!(
            "{flag} is a GitLab runner setting; {forge} has none"
        ))),
        None => Ok(()),
    }
}
