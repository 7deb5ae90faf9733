//! `prune --offline` on Gitea and Forgejo: the plan, always shown, the operator's
//! confirmation (`--yes` without a terminal), the deletions.

use anyhow::Context as _;

use crate::cli::PruneArgs;
use crate::error::{Exit, UsageError};
use crate::ops::gitea::client::scope_from_flags;
use crate::ops::gitea::prune::{delete, plan};
use crate::ops::results::{Action, Results, RunnerResult, any_failed};
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(context: &Context, target: ForgeTarget, args: PruneArgs) -> anyhow::Result<Exit> {
    let forge = target.kind.display_name();
    if args.older_than.is_some() || args.never_contacted {
        return Err(UsageError::new(format!(
            "{forge} keeps no last-seen time, so --older-than and --never-contacted cannot select \
             runners there: use --offline"
        ))
        .into());
    }
    if args.stale {
        return Err(UsageError::new(format!(
            "--stale is GitLab's state; on {forge} use --offline"
        ))
        .into());
    }
    if !args.offline {
        return Err(UsageError::new("say which runners to prune: --offline").into());
    }
    let confirm = !args.dry_run && !context.global.yes;
    if confirm && !context.can_prompt() {
        return Err(UsageError::new(
            "prune deletes runners: pass --yes to confirm without a terminal, or --dry-run to see the plan",
        )
        .into());
    }
    let scope = scope_from_flags(
        args.scope.group.as_deref(),
        args.scope.project.as_deref(),
        args.scope.all,
        true,
    )
    .unwrap_or(crate::gitea::Scope::User);
    let client = context.gitea_client(&target)?;
    let planned = plan(&client, &scope)?;
    // Shown on stderr when stdout carries the JSON document.
    let plan_line = |runner: &crate::gitea::ActionRunner| {
        format!(
            "  runner {} ({}): offline, labels {}",
            runner.id,
            runner.name,
            runner.labels.join(",")
        )
    };
    if !planned.is_empty() {
        output::note(&format!(
            "{} offline runner(s) in {scope} would be deleted ({forge}'s offline means not seen for a minute):\n{}",
            planned.len(),
            planned.iter().map(plan_line).collect::<Vec<_>>().join("\n")
        ));
    }
    let results: Vec<RunnerResult>;
    let summary;
    if planned.is_empty() {
        results = Vec::new();
        summary = "No offline runner: nothing to prune.".to_string();
    } else if args.dry_run {
        results = planned
            .iter()
            .map(|runner| {
                RunnerResult::new(
                    u64::try_from(runner.id).unwrap_or_default(),
                    Action::Planned,
                    None,
                )
            })
            .collect();
        summary = "Dry run: nothing was deleted.".to_string();
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
        let (done, notices) = delete(&client, &scope, &planned, store.as_ref());
        for notice in &notices {
            output::warn(notice);
        }
        let deleted = done
            .iter()
            .filter(|result| result.action == Action::Deleted)
            .count();
        summary = format!("Deleted {deleted} of {} runners.", planned.len());
        results = done;
    }
    let failed = any_failed(&results);
    if failed {
        output::failed_before_printing();
    }
    if context.json() {
        output::print_json(&Results { results: &results })?;
    } else {
        for result in &results {
            let action: &'static str = result.action.into();
            let id = result.runner_id.unwrap_or_default();
            match &result.reason {
                Some(reason) => crate::outln!("{action} runner {id}: {reason}"),
                None => crate::outln!("{action} runner {id}"),
            }
        }
        crate::outln!("{summary}");
    }
    Ok(if failed { Exit::Failure } else { Exit::Success })
}
