//! `runnerctl list`: runners from GitLab with their tags and contact state, read in bulk, and
//! whether each is registered in the local config.toml (`crate::ops::list`).

use crate::cli::{ListArgs, ListStatus};
use crate::commands::context::Context;
use crate::contact_state::ContactState;
use crate::error::Exit;
use crate::forge::Scope;
use crate::ops::list::{self, ListOptions};
use crate::output;

use super::list_table::{render_table, terminal_width};

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
    let options = ListOptions {
        scope,
        status,
        tags: crate::cli::split_tags(&args.tag),
        paused,
        config: context.config_path().ok(),
    };
    let listed = list::list(&client, &options)?;
    for warning in &listed.warnings {
        output::warn(warning);
    }
    if context.json() {
        output::print_json(&listed.listing)?;
    } else {
        crate::out!(
            "{}",
            render_table(&listed.listing.runners, terminal_width())
        );
    }
    Ok(Exit::Success)
}
