//! `runnerctl list`: runners from GitLab with their tags and contact state, read in bulk, and
//! whether each is registered in the local config.toml (`crate::ops::list`).

use chrono::Utc;

use crate::cli::{ListArgs, ListStatus};
use crate::commands::context::Context;
use crate::contact_state::ContactState;
use crate::error::Exit;
use crate::forge::Scope;
use crate::ops::list::{self, ListOptions};
use crate::output;

use super::list_table::{DEFAULT_COLUMNS, render_table, terminal_width};
use super::read_progress::ReadSpinner;

pub(super) fn run(context: &Context, args: ListArgs) -> anyhow::Result<Exit> {
    let client = context.client()?;
    let status = args.status.map(|status| match status {
        ListStatus::Online => ContactState::Online,
        ListStatus::Offline => ContactState::Offline,
        ListStatus::Stale => ContactState::Stale,
        ListStatus::NeverContacted => ContactState::NeverContacted,
    });
    let paused = match (args.paused, args.active) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let scope = if let Some(group) = &args.scope.group {
        Some(Scope::Group(group.clone()))
    } else if let Some(project) = &args.scope.project {
        Some(Scope::Project(project.clone()))
    } else if args.scope.all {
        Some(Scope::Instance)
    } else {
        None
    };
    let unscoped = scope.is_none();
    let limit = args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    let options = ListOptions {
        scope,
        status,
        tags: crate::cli::split_tags(&args.tag),
        paused,
        config: context.config_path().ok(),
        limit,
    };
    let spinner = ReadSpinner::new(context.json());
    let listed = list::list(&client, &options, &spinner);
    spinner.finish();
    let listed = listed?;
    for warning in &listed.warnings {
        output::warn(warning);
    }
    let runners = &listed.listing.runners;
    if context.json() {
        output::print_json(&listed.listing)?;
    } else if runners.is_empty() {
        crate::outln!("No runners.");
    } else {
        let columns = match args.columns.as_slice() {
            [] => DEFAULT_COLUMNS,
            chosen => chosen,
        };
        let table = render_table(runners, columns, terminal_width(), Utc::now());
        crate::out!("{table}");
    }
    if let (true, Some(limit)) = (listed.more, limit) {
        output::note(&format!(
            "more runners match: these are the first {limit} GitLab lists (--limit {limit}); \
             raise or drop --limit to see the rest"
        ));
    }
    if runners.is_empty() && unscoped {
        output::note(
            "without a scope, list shows only the runners your token's user owns or manages; \
             name a group (-g GROUP) or a project (-p PROJECT), or list every runner with --all \
             (administrators)",
        );
    }
    Ok(Exit::Success)
}
