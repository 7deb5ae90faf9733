//! `list` on Gitea and Forgejo: the runners of one scope (default: the token's own user).

use crate::cli::{ListArgs, ListStatus};
use crate::error::{Exit, UsageError};
use crate::ops::gitea::client::scope_from_flags;
use crate::ops::gitea::list::list;
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(context: &Context, target: ForgeTarget, args: ListArgs) -> anyhow::Result<Exit> {
    let forge = target.kind.display_name();
    let status = match args.status {
        None => None,
        Some(ListStatus::Online) => Some("online"),
        Some(ListStatus::Offline) => Some("offline"),
        Some(_) => {
            return Err(UsageError::new(format!(
                "{forge} reports only online and offline: --status online|offline"
            ))
            .into());
        }
    };
    let scope = scope_from_flags(
        args.scope.group.as_deref(),
        args.scope.project.as_deref(),
        args.scope.all,
        true,
    )
    .unwrap_or(crate::gitea::Scope::User);
    let client = context.gitea_client(&target)?;
    let store = context.secret_store().ok();
    let here = context
        .runner_file_path()
        .ok()
        .and_then(|path| crate::runner_file::read_unlocked(&path).ok().flatten())
        .map(|parsed| parsed.registration.id);
    let mut listing = list(&client, target.kind, &scope, store.as_ref(), here)?;
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
    } else if listing.runners.is_empty() {
        crate::outln!("No runners in {scope}.");
    } else {
        crate::outln!("ID\tSTATUS\tPAUSED\tHERE\tNAME\tLABELS");
        for runner in &listing.runners {
            crate::outln!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                runner.id,
                runner.status,
                if runner.paused { "yes" } else { "no" },
                if runner.registered_here { "*" } else { "" },
                runner.name,
                runner.tag_list.join(",")
            );
        }
    }
    Ok(Exit::Success)
}
