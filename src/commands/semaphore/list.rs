//! `list` on Semaphore: the global runners (default, `--instance`) or a project's (`-p`).

use crate::cli::{ListArgs, ListStatus};
use crate::error::{Exit, UsageError};
use crate::ops::semaphore::list::list;
use crate::ops::semaphore::scope::scope_from_flags;
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(context: &Context, target: ForgeTarget, args: ListArgs) -> anyhow::Result<Exit> {
    let status = match args.status {
        None => None,
        Some(ListStatus::Online) => Some("online"),
        Some(ListStatus::Offline) => Some("offline"),
        Some(ListStatus::NeverContacted) => Some("never_contacted"),
        Some(ListStatus::Stale) => {
            return Err(UsageError::new(
                "Semaphore UI has no stale state: --status online|offline|never_contacted",
            )
            .into());
        }
    };
    if args.scope.group.is_some() || args.scope.user {
        return Err(UsageError::new(
            "Semaphore UI has no groups or user runners: --instance (the global runners) or -p PROJECT",
        )
        .into());
    }
    let client = context.semaphore_client(&target)?;
    let scope =
        scope_from_flags(&client, args.scope.project.as_deref()).map_err(super::scope_error)?;
    let here = super::registered_here(context);
    let mut listing = list(&client, scope, here)?;
    let tags = crate::cli::split_tags(&args.tag);
    listing.runners.retain(|runner| {
        status.is_none_or(|status| runner.status == status)
            && tags.iter().all(|tag| runner.tag_list.contains(tag))
            && (!args.paused || runner.paused)
            && (!args.active || !runner.paused)
    });
    if let Some(limit) = args.limit {
        listing
            .runners
            .truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    }
    if context.json() {
        output::print_json(&listing)?;
        return Ok(Exit::Success);
    }
    if listing.runners.is_empty() {
        crate::outln!("No runners in {scope}.");
        return Ok(Exit::Success);
    }
    let rows: Vec<Vec<String>> = listing
        .runners
        .iter()
        .map(|runner| {
            vec![
                runner.id.to_string(),
                match runner.project_id {
                    Some(project) => format!("project {project}"),
                    None => "global".to_string(),
                },
                runner.status.to_string(),
                if runner.paused { "yes" } else { "no" }.to_string(),
                if runner.registered_here { "*" } else { "" }.to_string(),
                runner.tag_list.join(","),
                runner.max_parallel_tasks.to_string(),
                if runner.name.is_empty() {
                    "(no name)".to_string()
                } else {
                    runner.name.clone()
                },
            ]
        })
        .collect();
    crate::out!(
        "{}",
        crate::commands::table::render(
            &[
                "ID", "TYPE", "STATUS", "PAUSED", "HERE", "TAG", "MAX", "NAME"
            ],
            &rows
        )
    );
    Ok(Exit::Success)
}
