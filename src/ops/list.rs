//! `list` as an operation: runners from GitLab with their tags and contact state, read in bulk,
//! and whether each is registered in the local config.toml.

use std::collections::BTreeSet;
use std::ops::ControlFlow;
use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::contact_state::ContactState;
use crate::forge::{Forge as _, RunnerFilter, RunnerSummary, Scope};
use crate::gitlab::{Client, RunnerType};
use crate::instance_url::InstanceUrl;
use crate::ops::ReadProgress;
use crate::runner_config::{ConfigError, ConfigFile};
use crate::runner_id::RunnerId;

/// Which runners to list.
#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// A group (with its subgroups), a project or the instance; `None`: the runners the
    /// token's user owns.
    pub scope: Option<Scope>,
    pub status: Option<ContactState>,
    /// Runners that have every one of these tags.
    pub tags: Vec<String>,
    pub paused: Option<bool>,
    /// The local config.toml, for `registered_here`.
    pub config: Option<PathBuf>,
    /// At most this many runners, the first GitLab lists (the most recently created): the
    /// reading stops once one more than that is found, which tells that more exist.
    pub limit: Option<usize>,
}

/// One runner as the contract's `list` JSON shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedRunner {
    pub id: u64,
    pub description: Option<String>,
    pub runner_type: RunnerType,
    /// The contact state, never `paused`.
    pub status: ContactState,
    pub paused: bool,
    pub tag_list: Vec<String>,
    pub run_untagged: bool,
    pub contacted_at: Option<String>,
    pub registered_here: bool,
}

/// The contract's `list` document.
#[derive(Debug, Serialize)]
pub struct Listing {
    pub runners: Vec<ListedRunner>,
}

/// What [`list`] found.
#[derive(Debug)]
pub struct Listed {
    /// The runners in id order.
    pub listing: Listing,
    /// What the operator should hear: a part that could not be read.
    pub warnings: Vec<String>,
    /// The limit cut the listing: more runners match than it shows.
    pub more: bool,
}

pub fn list(
    client: &Client,
    options: &ListOptions,
    progress: &dyn ReadProgress,
) -> anyhow::Result<Listed> {
    let filter = RunnerFilter {
        status: options.status.and_then(server_status_scope),
        tags: options.tags.clone(),
        paused: options.paused,
        kind: None,
    };
    // A scope is read in bulk; without one, GitLab answers a request per runner after the
    // listing (the contract allows that for this scope only). With a limit, one runner past
    // it is read to tell whether more exist, and pages are no larger than that.
    let wanted = options.limit.map(|limit| limit.saturating_add(1));
    let mut runners: Vec<ListedRunner> = Vec::new();
    let mut read = 0;
    client.read_runners(options.scope.as_ref(), &filter, wanted, &mut |page| {
        read += page.len();
        progress.read(read);
        // The server's scopes overlap; keep exactly the runners GitLab says are in that state.
        let page = page.into_iter().map(listed_from_summary).filter(|runner| {
            options
                .status
                .is_none_or(|status| runner.status.as_str() == status.as_str())
        });
        runners.extend(page);
        match wanted {
            Some(wanted) if runners.len() >= wanted => ControlFlow::Break(()),
            _ => ControlFlow::Continue(()),
        }
    })?;
    let more = options.limit.is_some_and(|limit| runners.len() > limit);
    if let Some(limit) = options.limit {
        runners.truncate(limit);
    }
    runners.sort_by_key(|runner| runner.id);

    let mut warnings = Vec::new();
    let registered = registered_ids(options.config.as_ref(), client.url(), &mut warnings);
    for runner in &mut runners {
        runner.registered_here = registered.contains(&runner.id);
    }
    Ok(Listed {
        listing: Listing { runners },
        warnings,
        more,
    })
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

fn listed_from_summary(summary: RunnerSummary) -> ListedRunner {
    ListedRunner {
        id: summary.id,
        description: summary.description,
        runner_type: summary.kind.into(),
        status: summary.contact,
        paused: summary.paused,
        tag_list: summary.tags,
        run_untagged: summary.run_untagged,
        contacted_at: time(summary.contacted_at),
        registered_here: false,
    }
}

/// Runner ids of the local config.toml's entries for this GitLab (an entry without `url` is
/// taken to be for it). A missing or unreadable file means none, with a warning for the
/// latter.
fn registered_ids(
    path: Option<&PathBuf>,
    url: &InstanceUrl,
    warnings: &mut Vec<String>,
) -> BTreeSet<u64> {
    let Some(path) = path else {
        return BTreeSet::new();
    };
    let document = match ConfigFile::read(path) {
        Ok(document) => document,
        Err(ConfigError::NotFound { .. }) => return BTreeSet::new(),
        Err(error) => {
            warnings.push(format!(
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
        .filter_map(|entry| entry.runner_id().map(RunnerId::get))
        .collect()
}
