//! `update` on Semaphore: a full `PUT` from the runner as the server has it, so the fields
//! not given keep their values; `--dry-run` prints the changes only.

use serde::Serialize;

use crate::cli::UpdateArgs;
use crate::error::{Exit, UsageError};
use crate::ops::semaphore::update::{Change, Changes, update};
use crate::output;

use super::super::context::{Context, ForgeTarget};

#[derive(Serialize)]
struct Updated<'a> {
    runner_id: u64,
    changes: &'a [Change],
    dry_run: bool,
    forge: &'static str,
}

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: UpdateArgs,
) -> anyhow::Result<Exit> {
    let settings = &args.settings;
    if args.scope.given() {
        return Err(UsageError::new(
            "Semaphore UI finds a runner by its id alone: drop -g/-p/--instance/--user",
        )
        .into());
    }
    super::create::refuse_other_flags(settings, "update")?;
    if !args.add_tag.is_empty() || !args.remove_tag.is_empty() {
        return Err(UsageError::new(
            "a Semaphore runner has one tag: set it with --tag TAG (or remove it with --tags '')",
        )
        .into());
    }
    if settings.paused {
        return Err(UsageError::new("pause a Semaphore runner with `runnerctl pause ID`").into());
    }
    let tag = if settings.tags_given() {
        Some(super::create::one_tag(settings)?.unwrap_or_default())
    } else {
        None
    };
    let changes = Changes {
        name: args.rename.clone(),
        tag,
        max_parallel_tasks: settings.max_parallel_tasks,
        webhook: settings.webhook.clone(),
    };
    let client = context.semaphore_client(&target)?;
    let id = super::target_id(&client, &args.target)?;
    let (_, changes) = update(&client, id, &changes, args.dry_run)?;
    if context.json() {
        output::print_json(&Updated {
            runner_id: id,
            changes: &changes,
            dry_run: args.dry_run,
            forge: "semaphore",
        })?;
    } else if changes.is_empty() {
        crate::outln!("Runner {id} already has these settings.");
    } else {
        let verb = if args.dry_run {
            "would change"
        } else {
            "changed"
        };
        for change in &changes {
            crate::outln!(
                "Runner {id}: {} {verb} from {} to {}.",
                change.field,
                change.from,
                change.to
            );
        }
    }
    Ok(Exit::Success)
}
