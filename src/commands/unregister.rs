//! `unregister`: the entries to remove from the arguments, then [`crate::ops::unregister`],
//! then one result per entry (`unregister_report.rs` says why an entry was kept).

use crate::cli::UnregisterArgs;
use crate::commands::context::Context;
use crate::error::{Exit, Hint as _, UsageError};
use crate::ops::results::{Action, RunnerResult, any_failed};
use crate::ops::unregister::{Outcome, Selection, UnregisterError, UnregisterOptions};
use crate::output;

use super::runner_results::print_results;
use super::unregister_report::Session;

pub(super) fn run(context: &Context, args: UnregisterArgs) -> anyhow::Result<Exit> {
    // Deleting runners is asked for before anything is read or sent, as prune asks.
    let confirm = args.delete_runner && !args.dry_run && !context.global.yes;
    if confirm && !context.can_prompt() {
        return Err(UsageError::new(
            "unregister --delete-runner deletes runners in GitLab: pass --yes to confirm \
             without a terminal, or --dry-run to see the plan",
        )
        .into());
    }
    let path = context.config_path()?;
    let selection = if args.all {
        Selection::All
    } else if let Some(name) = &args.name {
        Selection::Named(name.clone())
    } else if let Some(id) = args.runner {
        Selection::Runner(id)
    } else {
        return Err(UsageError::new("pass --name N, --runner ID or --all").into());
    };
    let options = UnregisterOptions {
        config_path: path.clone(),
        edit_options: context.edit_options(),
        selection,
        delete_runner: args.delete_runner,
        force: args.force,
        dry_run: args.dry_run,
    };
    let mut session = Session { context, confirm };
    let outcomes = crate::ops::unregister::unregister(&options, &mut session)
        .map_err(usage_error)
        .with_hint(|error| match error.downcast_ref::<UnregisterError>()? {
            UnregisterError::NoConfig(_) => Some("pass --config for another file".to_string()),
            UnregisterError::NotWritten(_) => Some("run unregister again".to_string()),
            _ => None,
        })?;

    let results: Vec<RunnerResult> = outcomes.iter().map(|o| o.result.clone()).collect();
    let failed = any_failed(&results);
    if failed {
        output::failed_before_printing();
    }
    if context.json() {
        print_results(&results)?;
    } else {
        for outcome in &outcomes {
            print_outcome(outcome, &path);
        }
        if args.dry_run {
            crate::outln!("Dry run: nothing was sent to GitLab and config.toml is unchanged.");
        }
    }
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

fn print_outcome(outcome: &Outcome, path: &std::path::Path) {
    let result = &outcome.result;
    let who = describe(result);
    match (&outcome.plan, result.action) {
        (Some(plan), _) => crate::outln!("Unregistering {who} {plan}."),
        (None, Action::Deleted) if outcome.runner_deleted => crate::outln!(
            "Deleted {who} in GitLab and removed its entry from {}.",
            path.display()
        ),
        (None, Action::Deleted) => {
            crate::outln!("Unregistered {who} from {}.", path.display())
        }
        (None, _) => crate::outln!("Kept {who}: {}", result.reason.as_deref().unwrap_or("")),
    }
}

fn describe(result: &RunnerResult) -> String {
    let name = result.name.clone().flatten();
    match (result.runner_id, &name) {
        (Some(id), Some(name)) => format!("runner {id} (\"{name}\")"),
        (Some(id), None) => format!("runner {id}"),
        (None, Some(name)) => format!("\"{name}\""),
        (None, None) => "an unnamed entry".to_string(),
    }
}

/// A name several entries share is a usage error listing them, each with the flag that picks it.
fn usage_error(error: anyhow::Error) -> anyhow::Error {
    let Some(UnregisterError::SeveralNamed { name, entries }) = error.downcast_ref() else {
        return error;
    };
    let list: Vec<String> = entries
        .iter()
        .map(|(index, id)| match id {
            Some(id) => format!("entry {index} (--runner {id})"),
            None => format!("entry {index} (no runner id)"),
        })
        .collect();
    UsageError::new(format!(
        "{} entries are named \"{name}\": {}; choose one with --runner ID",
        entries.len(),
        list.join(", ")
    ))
    .into()
}
