//! `runnerctl update`: `PUT /runners/:id` with only the settings given.

use crate::cli::UpdateArgs;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::forge::Forge as _;
use crate::output;

use super::runner_results::{fail, print_results};
use super::runner_target::resolve;
use super::update_plan::{TagChange, edited_tags, plan_from};
use crate::ops::results::{Action, RunnerResult};
use crate::ops::update::{FieldChange, changes};

pub(super) fn run(context: &Context, args: UpdateArgs) -> anyhow::Result<Exit> {
    let plan = plan_from(&args)?;
    let target = resolve(context, &args.target)?;
    let id = target.id;
    let client = &target.client;

    let mut settings = plan.settings.clone();
    let mut read = None;
    match &plan.tags {
        TagChange::Keep => {}
        TagChange::Replace(tags) => settings.tag_list = Some(tags.clone()),
        TagChange::Edit { add, remove } => {
            let current = match client.runner(id) {
                Ok(details) => read.insert(details),
                Err(error) => return fail(context, id, error.into()),
            };
            for tag in remove {
                if !current.tags.contains(tag) {
                    output::note(&format!("runner {id} has no tag {tag:?} to remove"));
                }
            }
            let tags = edited_tags(&current.tags, add, remove);
            let run_untagged = settings.run_untagged.unwrap_or(current.run_untagged);
            if tags.is_empty() && !run_untagged {
                return Err(UsageError::new(format!(
                    "runner {id} would be left with no tags while it refuses untagged jobs, so it \
                     could never run a job; keep a tag or add --run-untagged"
                ))
                .into());
            }
            if tags == current.tags && settings.to_json().is_empty() {
                return report_unchanged(context, id);
            }
            settings.tag_list = Some(tags);
        }
    }
    if args.dry_run {
        let current = match read.map_or_else(|| client.runner(id), Ok) {
            Ok(details) => details,
            Err(error) => return fail(context, id, error.into()),
        };
        return report_plan(context, id, &changes(&current, &settings));
    }

    let details = match client.update_runner(id, &settings) {
        Ok(details) => details,
        Err(error) => return fail(context, id, error.into()),
    };
    if context.json() {
        print_results(&[RunnerResult::new(id, Action::Updated, None)])?;
        return Ok(Exit::Success);
    }
    let tags = if details.tags.is_empty() {
        "no tags".to_string()
    } else {
        format!("tags: {}", details.tags.join(", "))
    };
    let untagged = if details.run_untagged {
        "takes untagged jobs"
    } else {
        "only tagged jobs"
    };
    let paused = if details.paused { ", paused" } else { "" };
    crate::outln!("Updated runner {id} ({tags}; {untagged}{paused}).");
    Ok(Exit::Success)
}

fn report_unchanged(context: &Context, id: u64) -> anyhow::Result<Exit> {
    let reason = format!("runner {id} already has these tags; nothing was sent");
    if context.json() {
        print_results(&[RunnerResult::new(id, Action::Skipped, Some(reason))])?;
    } else {
        crate::outln!("Runner {id} already has these tags; nothing changed.");
    }
    Ok(Exit::Success)
}

/// A dry run: what would change, from what to what; nothing was sent.
fn report_plan(context: &Context, id: u64, changes: &[FieldChange]) -> anyhow::Result<Exit> {
    let plan: Vec<String> = changes.iter().map(ToString::to_string).collect();
    if context.json() {
        let reason = if plan.is_empty() {
            format!("runner {id} already has these settings: nothing would change")
        } else {
            format!("would change {}", plan.join("; "))
        };
        print_results(&[RunnerResult::new(id, Action::Planned, Some(reason))])?;
        return Ok(Exit::Success);
    }
    if plan.is_empty() {
        crate::outln!("Runner {id} already has these settings: nothing would change.");
    } else {
        crate::outln!("Runner {id} would change:");
        for change in &plan {
            crate::outln!("  {change}");
        }
    }
    crate::outln!("Dry run: nothing was sent to GitLab.");
    Ok(Exit::Success)
}
