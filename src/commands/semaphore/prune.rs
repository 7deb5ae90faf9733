//! `prune` on Semaphore: `--never-contacted` (`touched` null) or `--offline --older-than D`
//! (silent for longer than D, by `touched`); the plan always shown, the operator's
//! confirmation (`--yes` without a terminal), each runner read again before it goes.

use anyhow::Context as _;

use crate::cli::PruneArgs;
use crate::error::{Exit, UsageError};
use crate::ops::results::{Action, RunnerResult, any_failed};
use crate::ops::semaphore::prune::{Selection, delete, plan};
use crate::ops::semaphore::scope::scope_from_flags;
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(context: &Context, target: ForgeTarget, args: PruneArgs) -> anyhow::Result<Exit> {
    if args.stale {
        return Err(UsageError::new(
            "--stale is GitLab's state; on Semaphore UI use --never-contacted or --offline --older-than D",
        )
        .into());
    }
    if args.scope.group.is_some() || args.scope.user {
        return Err(UsageError::new(
            "Semaphore UI has no groups or user runners: --instance or -p PROJECT",
        )
        .into());
    }
    let selection = match (args.never_contacted, args.offline, args.older_than) {
        (true, false, None) => Selection::NeverContacted,
        (false, true, Some(age)) => Selection::SilentFor(age),
        (false, true, None) | (false, false, Some(_)) => {
            return Err(UsageError::new(
                "on Semaphore UI --offline and --older-than go together: --offline --older-than 7d prunes runners silent for 7 days",
            )
            .into());
        }
        (false, false, None) => {
            return Err(UsageError::new(
                "say which runners to prune: --never-contacted, or --offline --older-than D",
            )
            .into());
        }
        (true, _, _) => {
            return Err(UsageError::new("--never-contacted selects runners with no contact at all: leave out --offline and --older-than").into());
        }
    };
    let confirm = !args.dry_run && !context.global.yes;
    if confirm && !context.can_prompt() {
        return Err(UsageError::new(
            "prune deletes runners: pass --yes to confirm without a terminal, or --dry-run to see the plan",
        )
        .into());
    }
    let client = context.semaphore_client(&target)?;
    let scope =
        scope_from_flags(&client, args.scope.project.as_deref()).map_err(super::scope_error)?;
    let planned = plan(&client, scope, selection)?;
    if !planned.is_empty() {
        let lines: Vec<String> = planned
            .iter()
            .map(|c| {
                format!(
                    "  runner {} ({}): {}",
                    c.id,
                    if c.name.is_empty() {
                        "no name"
                    } else {
                        &c.name
                    },
                    c.reason
                )
            })
            .collect();
        output::note(&format!(
            "{} runner(s) would be deleted:\n{}",
            planned.len(),
            lines.join("\n")
        ));
    }
    let mut results = Vec::new();
    let summary = if planned.is_empty() {
        "No runner matches: nothing to prune.".to_string()
    } else if args.dry_run {
        results = planned
            .iter()
            .map(|c| RunnerResult::new(c.id, Action::Planned, Some(c.reason.clone())))
            .collect();
        "Dry run: nothing was deleted.".to_string()
    } else {
        if confirm {
            let go_ahead = dialoguer::Confirm::new()
                .with_prompt(format!(
                    "Delete these {} runners from {}?",
                    planned.len(),
                    client.url()
                ))
                .default(false)
                .interact()
                .context("prompt aborted")?;
            if !go_ahead {
                anyhow::bail!("prune aborted: nothing was deleted");
            }
        }
        let store = context.secret_store().ok();
        for candidate in &planned {
            results.push(match delete(&client, candidate, selection) {
                Ok(true) => {
                    if let Some(store) = &store {
                        let _ = store.delete_runner_token(client.url(), candidate.id);
                    }
                    RunnerResult::new(
                        candidate.id,
                        Action::Deleted,
                        Some(candidate.reason.clone()),
                    )
                }
                Ok(false) => RunnerResult::new(
                    candidate.id,
                    Action::Skipped,
                    Some("it no longer matches (it polled since the plan, or is gone)".into()),
                ),
                Err(error) => {
                    RunnerResult::new(candidate.id, Action::Failed, Some(error.to_string()))
                }
            });
        }
        let deleted = results
            .iter()
            .filter(|r| r.action == Action::Deleted)
            .count();
        format!("Deleted {deleted} of {} runners.", planned.len())
    };
    let failed = any_failed(&results);
    if failed {
        output::failed_before_printing();
    }
    super::prune_render::print(context, &results, &summary)?;
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
