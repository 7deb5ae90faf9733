//! `runnerctl list`: runners from GitLab with their tags and contact state, read in bulk, and
//! whether each is registered in the local config.toml.

use std::collections::BTreeSet;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::cli::{ListArgs, ListStatus};
use crate::commands::context::Context;
use crate::contact_state::ContactState;
use crate::error::Exit;
use crate::gitlab::RestRunnerFilter;
use crate::gitlab::RunnerType;
use crate::gitlab::{ApiError, Client};
use crate::gitlab::{RunnerFilter, RunnerNode, RunnerSource};
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::runner_config::{ConfigError, ConfigFile};

/// One runner as the contract's `list` JSON shows it.
#[derive(Debug, Clone, Serialize)]
struct ListedRunner {
    id: u64,
    description: Option<String>,
    runner_type: RunnerType,
    /// The contact state, never `paused`.
    status: ContactState,
    paused: bool,
    tag_list: Vec<String>,
    run_untagged: bool,
    contacted_at: Option<String>,
    registered_here: bool,
}

#[derive(Serialize)]
struct Listing {
    runners: Vec<ListedRunner>,
}

pub fn run(context: &Context, args: ListArgs) -> anyhow::Result<Exit> {
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
    let tags = crate::cli::split_tags(&args.tag);
    let server_status = status.and_then(server_status_scope);
    let filter = RunnerFilter {
        status: server_status,
        tags: tags.clone(),
        paused,
        runner_type: None,
    };

    let source = if let Some(group) = &args.scope.group {
        Some(RunnerSource::GroupDescendants(group))
    } else if let Some(project) = &args.scope.project {
        Some(RunnerSource::Project(project))
    } else if args.scope.all {
        Some(RunnerSource::Instance)
    } else {
        None
    };
    let now = Utc::now();
    let mut runners: Vec<ListedRunner> = match source {
        Some(source) => client
            .graphql_runners(source, &filter)?
            .into_iter()
            .map(listed_from_node)
            .collect(),
        None => owned_runners(
            &client,
            &RestRunnerFilter {
                status: server_status,
                tags,
                paused,
            },
            now,
        )?,
    };
    // The server's scopes overlap; keep exactly the runners GitLab says are in that state.
    if let Some(status) = status {
        runners.retain(|runner| runner.status.as_str() == status.as_str());
    }
    runners.sort_by_key(|runner| runner.id);

    let registered = registered_ids(context, client.url());
    for runner in &mut runners {
        runner.registered_here = registered.contains(&runner.id);
    }

    if context.json() {
        output::print_json(&Listing { runners })?;
    } else {
        crate::out!("{}", render_table(&runners, terminal_width()));
    }
    Ok(Exit::Success)
}

/// The server-side `status` filter to ask with for runners in state `wanted`, widened to the
/// scopes that can hold them. GitLab filters with SQL scopes, not with the status it returns
/// (app/finders/ci/runners_finder.rb `by_status` → `with_status`, the scopes of
/// app/models/concerns/ci/has_runner_status.rb and app/models/ci/runner.rb): `online` is
/// `contacted_at` within 2 h, `offline` is `contacted_at` older than 2 h (stale runners too),
/// `never_contacted` is `contacted_at IS NULL` (stale ones too, and not the runners GitLab 18.x
/// still calls `never_contacted` after a verify, whose `contacted_at` is set), `stale` is as
/// computed. Every runner in state online, offline or stale is in the scope of that name;
/// a `never_contacted` one can be in any scope, so that state is asked for unfiltered. The
/// caller then keeps the runners whose returned status is `wanted`.
fn server_status_scope(wanted: ContactState) -> Option<ContactState> {
    match wanted {
        ContactState::NeverContacted => None,
        other => Some(other),
    }
}

fn time(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

fn listed_from_node(node: RunnerNode) -> ListedRunner {
    ListedRunner {
        id: node.id,
        description: node.description,
        runner_type: node.runner_type,
        status: node.status,
        paused: node.paused,
        tag_list: node.tag_list,
        run_untagged: node.run_untagged,
        contacted_at: time(node.contacted_at),
        registered_here: false,
    }
}

/// `GET /runners` lists no tags and no contact time, so each runner's details follow,
/// concurrently (the contract allows a request per runner for this scope only).
fn owned_runners(
    client: &Client,
    filter: &RestRunnerFilter,
    now: DateTime<Utc>,
) -> Result<Vec<ListedRunner>, ApiError> {
    let items = client.owned_runners(filter)?;
    let details = client.fan_out(&items, |item| client.runner(item.id));
    let mut runners = Vec::with_capacity(items.len());
    for (item, detail) in items.into_iter().zip(details) {
        let detail = match detail {
            Ok(detail) => detail,
            // Deleted between the two requests.
            Err(ApiError::NotFound { .. }) => continue,
            Err(error) => return Err(error),
        };
        runners.push(ListedRunner {
            id: item.id,
            description: detail.description.clone().or(item.description),
            runner_type: detail.runner_type,
            status: detail.contact_state(now),
            paused: detail.paused,
            tag_list: detail.tag_list.clone(),
            run_untagged: detail.run_untagged,
            contacted_at: time(detail.contacted_at),
            registered_here: false,
        });
    }
    Ok(runners)
}

/// Runner ids of the local config.toml's entries for this GitLab (an entry without `url` is
/// taken to be for it). A missing or unreadable file means none, with a warning for the
/// latter.
fn registered_ids(context: &Context, url: &InstanceUrl) -> BTreeSet<u64> {
    let Ok(path) = context.config_path() else {
        return BTreeSet::new();
    };
    let document = match ConfigFile::read(&path) {
        Ok(document) => document,
        Err(ConfigError::NotFound { .. }) => return BTreeSet::new(),
        Err(error) => {
            output::warn(&format!(
                "registered_here is false for every runner: {error}"
            ));
            return BTreeSet::new();
        }
    };
    document
        .runners()
        .into_iter()
        .filter(|entry| {
            entry.url.as_deref().is_none_or(|entry_url| {
                InstanceUrl::parse(entry_url).is_ok_and(|entry_url| &entry_url == url)
            })
        })
        .filter_map(|entry| entry.id.and_then(|id| u64::try_from(id).ok()))
        .collect()
}

fn terminal_width() -> Option<usize> {
    console::Term::stdout()
        .size_checked()
        .map(|(_, columns)| usize::from(columns))
}

/// A table whose last column (the description) is cut to fit the terminal; without a
/// terminal nothing is cut.
fn render_table(runners: &[ListedRunner], width: Option<usize>) -> String {
    if runners.is_empty() {
        return "No runners.\n".to_string();
    }
    let headers = [
        "ID",
        "TYPE",
        "STATUS",
        "PAUSED",
        "HERE",
        "TAGS",
        "DESCRIPTION",
    ];
    let rows: Vec<[String; 7]> = runners
        .iter()
        .map(|runner| {
            [
                runner.id.to_string(),
                runner
                    .runner_type
                    .as_str()
                    .trim_end_matches("_type")
                    .to_string(),
                runner.status.as_str().to_string(),
                if runner.paused { "yes" } else { "no" }.to_string(),
                if runner.registered_here { "yes" } else { "no" }.to_string(),
                if runner.tag_list.is_empty() {
                    "-".to_string()
                } else {
                    runner.tag_list.join(",")
                },
                runner.description.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (column, cell) in row.iter().enumerate() {
            widths[column] = widths[column].max(cell.chars().count());
        }
    }
    let line = |cells: Vec<&str>| -> String {
        let mut text = String::new();
        for (column, cell) in cells.iter().enumerate() {
            if column + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[column]));
            }
        }
        let text = text.trim_end().to_string();
        match width {
            Some(width) if text.chars().count() > width && width > 1 => {
                let mut cut: String = text.chars().take(width - 1).collect();
                cut.push('…');
                cut
            }
            _ => text,
        }
    };
    let mut out = line(headers.to_vec());
    out.push('\n');
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runner(id: u64, description: &str) -> ListedRunner {
        ListedRunner {
            id,
            description: Some(description.to_string()),
            runner_type: RunnerType::GroupType,
            status: ContactState::Online,
            paused: false,
            tag_list: vec!["gpu".into()],
            run_untagged: true,
            contacted_at: None,
            registered_here: true,
        }
    }

    #[test]
    fn table_lines_fit_the_terminal() {
        let table = render_table(&[runner(1, &"long description ".repeat(10))], Some(60));
        for line in table.lines() {
            assert!(line.chars().count() <= 60, "{line}");
        }
        assert!(table.contains("group"));
    }

    #[test]
    fn without_a_terminal_nothing_is_cut() {
        let description = "d".repeat(300);
        assert!(render_table(&[runner(1, &description)], None).contains(&description));
    }
}
