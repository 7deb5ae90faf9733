//! `runnerctl prune`: the selection from the flags, the plan, the operator's confirmation on a
//! terminal, then the deletion (`crate::ops::prune`) and its results.

use anyhow::Context as _;

use crate::cli::PruneArgs;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::forge::Scope;
use crate::ops::prune::{self, LocalState, PruneOptions, Selection};
use crate::ops::results::{Action, Results, RunnerResult, any_failed};
use crate::output;

use super::prune_plan::{DeletionBar, held_results, print_plan, show_notices};
use super::read_progress::ReadSpinner;

pub(super) fn run(context: &Context, args: PruneArgs) -> anyhow::Result<Exit> {
    let options = options_from(&args)?;
    let confirm = !args.dry_run && !context.global.yes;
    if confirm && !context.can_prompt() {
        return Err(UsageError::new(
            "prune deletes runners: pass --yes to confirm without a terminal, or --dry-run to see the plan",
        )
        .into());
    }

    let client = context.client()?;
    let spinner = ReadSpinner::new(context.json());
    let plan = prune::plan(&client, &options, &spinner);
    spinner.finish();
    let plan = plan?;
    show_notices(context, &plan.notices);
    let held = held_results(&plan.held);

    if plan.planned.is_empty() {
        let summary = if held.is_empty() {
            "No runner matches: nothing to prune."
        } else {
            "No runner can be pruned now: nothing was deleted."
        };
        return finish(context, held, summary);
    }
    if args.dry_run {
        if !context.json() {
            print_plan(&plan, &mut std::io::stdout());
        }
        let mut results = plan.planned_results();
        results.extend(held);
        results.sort_by_key(|result| result.runner_id);
        return finish(context, results, "Dry run: nothing was deleted.");
    }
    if confirm {
        print_plan(&plan, &mut std::io::stderr());
        let go_ahead = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Delete these {} runners from {}?",
                plan.planned.len(),
                client.url()
            ))
            .default(false)
            .interact()
            .context("prompt aborted")?;
        if !go_ahead {
            anyhow::bail!("prune aborted: nothing was deleted");
        }
    }

    let bar = DeletionBar::default();
    let pruned = prune::delete(&client, &options, &plan, confirm, &bar);
    bar.finish();
    let pruned = pruned?;

    let deleted: Vec<u64> = (pruned.results.iter())
        .filter(|result| result.action == Action::Deleted)
        .filter_map(|result| result.runner_id)
        .collect();
    let local = LocalState {
        config: context.config_path().ok(),
        edit_options: &context.edit_options(),
        open_store: &|| context.secret_store(),
    };
    show_notices(
        context,
        &prune::forget_locally(&local, client.url(), &deleted),
    );

    let failed = any_failed(&pruned.results);
    let summary = format!("Deleted {} of {} runners.", deleted.len(), pruned.attempted);
    let mut results = pruned.results;
    results.extend(held);
    results.sort_by_key(|result| result.runner_id);
    if failed {
        output::failed_before_printing();
    }
    finish(context, results, &summary)?;
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

fn options_from(args: &PruneArgs) -> anyhow::Result<PruneOptions> {
    let selection = Selection {
        never_contacted: args.never_contacted,
        stale: args.stale,
        older_than: args.older_than,
    };
    if !selection.has_selector() {
        return Err(UsageError::new(
            "say which runners to prune: --never-contacted, --stale, or both",
        )
        .into());
    }
    let scope = match (&args.scope.group, &args.scope.project, args.scope.all) {
        (Some(group), _, _) => Scope::Group(group.clone()),
        (_, Some(project), _) => Scope::Project(project.clone()),
        (_, _, true) => Scope::Instance,
        _ => {
            return Err(UsageError::new(
                "say where to prune: -g/--group GROUP, -p/--project PROJECT or --all",
            )
            .into());
        }
    };
    Ok(PruneOptions { scope, selection })
}

fn finish(context: &Context, results: Vec<RunnerResult>, summary: &str) -> anyhow::Result<Exit> {
    if context.json() {
        output::print_json(&Results { results: &results })?;
    } else {
        for result in &results {
            let action: &'static str = result.action.into();
            // Every prune result names its runner.
            let id = result.runner_id.unwrap_or_default();
            match &result.reason {
                Some(reason) => crate::outln!("{action} runner {id}: {reason}"),
                None if result.action != Action::Planned => crate::outln!("{action} runner {id}"),
                None => {}
            }
        }
        crate::outln!("{summary}");
    }
    Ok(Exit::Success)
}
