use std::io::IsTerminal;

use anyhow::Context as _;
use chrono::Utc;
use serde::Serialize;

use crate::cli::PruneArgs;
use crate::commands::context::Context;
use crate::contact_state::ContactState;
use crate::error::{Exit, UsageError};
use crate::gitlab::Client;
use crate::gitlab::RunnerType;
use crate::gitlab::{RunnerFilter, RunnerSource};
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::prune::{self, Candidate, Outcome, Selection};
use crate::runner_config::{ConfigError, ConfigFile};

#[derive(Serialize)]
struct Results {
    results: Vec<ResultRow>,
}

#[derive(Serialize)]
struct ResultRow {
    runner_id: u64,
    action: &'static str,
    reason: Option<String>,
}

pub fn run(context: &Context, args: PruneArgs) -> anyhow::Result<Exit> {
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
    let source = match (&args.scope.group, &args.scope.project, args.scope.all) {
        (Some(group), _, _) => RunnerSource::GroupDescendants(group),
        (_, Some(project), _) => RunnerSource::Project(project),
        (_, _, true) => RunnerSource::Instance,
        _ => {
            return Err(UsageError::new(
                "say where to prune: -g/--group GROUP, -p/--project PROJECT or --all",
            )
            .into());
        }
    };
    let confirm = !args.dry_run && !context.global.yes;
    if confirm && !context.can_prompt() {
        return Err(UsageError::new(
            "prune deletes runners: pass --yes to confirm without a terminal, or --dry-run to see the plan",
        )
        .into());
    }

    let client = context.client()?;
    // Only `--stale` alone can be filtered by GitLab: a never-contacted runner older than 7
    // days is reported as stale, not as never contacted, so `--never-contacted` must see every
    // state.
    let status = (selection.stale && !selection.never_contacted).then_some(ContactState::Stale);
    let candidates = fetch_candidates(&client, source, status)?;
    let now = Utc::now();
    let plan = selection.plan(&candidates, now);
    let mut held = held_without_managers(&client, source, &selection, status, &candidates, now);

    if plan.is_empty() {
        let summary = if held.is_empty() {
            "No runner matches: nothing to prune."
        } else {
            "No runner can be pruned now: nothing was deleted."
        };
        return finish(context, held, summary);
    }
    if args.dry_run {
        if !context.json() {
            print_plan(&plan, now, &mut std::io::stdout());
        }
        let mut rows: Vec<ResultRow> = plan
            .iter()
            .map(|c| ResultRow {
                runner_id: c.id,
                action: "planned",
                reason: None,
            })
            .collect();
        rows.extend(held);
        rows.sort_by_key(|row| row.runner_id);
        return finish(context, rows, "Dry run: nothing was deleted.");
    }
    if confirm {
        print_plan(&plan, now, &mut std::io::stderr());
        let go_ahead = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Delete these {} runners from {}?",
                plan.len(),
                client.url()
            ))
            .default(false)
            .interact()
            .context("prompt aborted")?;
        if !go_ahead {
            anyhow::bail!("prune aborted: nothing was deleted");
        }
    }
    let mut ids: Vec<u64> = plan.iter().map(|c| c.id).collect();
    if confirm {
        // The plan was read before the operator answered, however long that took: a runner
        // that came up meanwhile must not be deleted on the strength of the old read.
        let fresh = fetch_candidates(&client, source, status)?;
        let still: Vec<u64> = selection
            .plan(&fresh, Utc::now())
            .iter()
            .map(|c| c.id)
            .collect();
        let (kept, changed): (Vec<u64>, Vec<u64>) =
            ids.into_iter().partition(|id| still.contains(id));
        ids = kept;
        held.extend(changed.into_iter().map(|runner_id| {
            ResultRow {
                runner_id,
                action: "skipped",
                reason: Some(
                    "it no longer matches: read again after the confirmation, it has made contact \
                 (or changed) since the plan was shown; nothing was done to it"
                        .to_string(),
                ),
            }
        }));
    }

    let bar = progress_bar(ids.len() as u64);
    let outcomes = prune::delete_runners(&client, &ids, &|| bar.inc(1));
    bar.finish_and_clear();

    let deleted: Vec<u64> = outcomes
        .iter()
        .filter(|(_, o)| *o == Outcome::Deleted)
        .map(|(id, _)| *id)
        .collect();
    forget_locally(context, client.url(), &deleted);

    let failed = outcomes
        .iter()
        .any(|(_, o)| matches!(o, Outcome::Failed(_)));
    let mut rows: Vec<ResultRow> = outcomes
        .into_iter()
        .map(|(runner_id, outcome)| match outcome {
            Outcome::Deleted => ResultRow {
                runner_id,
                action: "deleted",
                reason: None,
            },
            Outcome::Skipped(reason) => ResultRow {
                runner_id,
                action: "skipped",
                reason: Some(reason),
            },
            Outcome::Failed(reason) => ResultRow {
                runner_id,
                action: "failed",
                reason: Some(reason),
            },
        })
        .collect();
    let summary = format!("Deleted {} of {} runners.", deleted.len(), rows.len());
    rows.extend(held);
    rows.sort_by_key(|row| row.runner_id);
    if failed {
        output::failed_before_printing();
    }
    finish(context, rows, &summary)?;
    Ok(if failed { Exit::Failure } else { Exit::Success })
}

/// The most runner manager lists one prune reads for [`held_without_managers`].
const MANAGER_READS: usize = 20;

/// Runners that read online, so are never deleted, though the selection could otherwise match
/// them, and that have no runner manager left: on GitLab 16.0–17.x the last host's
/// `DELETE /runners/managers` counts as a contact (lib/api/ci/helpers/runner.rb), so such a
/// runner reads online for 2 hours after it. Each gets a skipped row saying why and when to
/// try again. A runner whose managers cannot be read stays silent, as any online runner.
fn held_without_managers(
    client: &Client,
    source: RunnerSource<'_>,
    selection: &Selection,
    status: Option<ContactState>,
    candidates: &[Candidate],
    now: chrono::DateTime<Utc>,
) -> Vec<ResultRow> {
    // Filtered to stale, the list holds no online runner: ask for those too.
    let online = match status {
        Some(_) => match fetch_candidates(client, source, Some(ContactState::Online)) {
            Ok(online) => online,
            Err(error) => {
                output::warn(&format!(
                    "the online runners were not listed ({error:#}): one that reads online only because its last host unregistered is not named"
                ));
                Vec::new()
            }
        },
        None => candidates.to_vec(),
    };
    let mut held: Vec<&Candidate> = online
        .iter()
        .filter(|candidate| selection.held_online(candidate, now))
        .collect();
    held.sort_by_key(|candidate| candidate.id);
    held.dedup_by_key(|candidate| candidate.id);
    if held.len() > MANAGER_READS {
        output::note(&format!(
            "{} online runners were not checked for runner managers (at most {MANAGER_READS} are)",
            held.len() - MANAGER_READS
        ));
        held.truncate(MANAGER_READS);
    }
    let answers = client.fan_out(&held, |candidate| client.runner_managers(candidate.id));
    held.iter()
        .zip(answers)
        .filter(|(_, managers)| managers.as_ref().is_ok_and(|list| list.is_empty()))
        .map(|(candidate, _)| ResultRow {
            runner_id: candidate.id,
            action: "skipped",
            reason: Some(prune::no_managers_reason(candidate)),
        })
        .collect()
}

/// Runners of the scope with what the selection needs, in GitLab's `status` when given.
fn fetch_candidates(
    client: &Client,
    source: RunnerSource<'_>,
    status: Option<ContactState>,
) -> anyhow::Result<Vec<Candidate>> {
    let filter = RunnerFilter {
        status,
        ..RunnerFilter::default()
    };
    let nodes = client.graphql_runners(source, &filter)?;
    Ok(nodes
        .into_iter()
        // `Project.runners` lists every runner the project may use; prune -p takes only the
        // project's own, never an instance or group runner other projects rely on.
        .filter(|node| match source {
            RunnerSource::Project(project) => {
                node.runner_type == RunnerType::ProjectType
                    && node
                        .projects
                        .iter()
                        .any(|p| p.eq_ignore_ascii_case(project))
            }
            _ => true,
        })
        .map(|node| Candidate {
            id: node.id,
            description: node.description.unwrap_or_default(),
            status: node.status,
            contacted_at: node.contacted_at,
            created_at: node.created_at,
        })
        .collect())
}

/// The deleted runners' config.toml entries (for this GitLab) and stored tokens go too: they
/// would only ever fail. A problem here is a warning; the runners are gone either way.
fn forget_locally(context: &Context, url: &InstanceUrl, deleted: &[u64]) {
    if deleted.is_empty() {
        return;
    }
    if let Ok(path) = context.config_path()
        && path.exists()
    {
        let removed = ConfigFile::edit_path_with(&path, &context.edit_options(), |document| {
            let mut indexes: Vec<usize> = deleted
                .iter()
                .flat_map(|&id| document.find_by_id(id as i64, Some(url.as_str())))
                .collect();
            indexes.sort_unstable_by(|a, b| b.cmp(a));
            indexes.dedup();
            for index in &indexes {
                document.remove_runner(*index)?;
            }
            Ok::<usize, ConfigError>(indexes.len())
        });
        match removed {
            Ok(edit) => {
                for notice in &edit.notices {
                    output::warn(&notice.to_string());
                }
                if edit.value > 0 && !context.json() {
                    output::note(&format!(
                        "removed {} entries from {}",
                        edit.value,
                        path.display()
                    ));
                }
            }
            Err(error) => output::warn(&format!(
                "the deleted runners' entries stay in config.toml: {error}"
            )),
        }
    }
    match context.secret_store() {
        Ok(store) => {
            for &id in deleted {
                if let Err(error) = store.delete_runner_token(url, id) {
                    output::warn(&format!(
                        "runner {id}'s stored token stays in {}: {error}",
                        store.label()
                    ));
                }
            }
        }
        Err(error) => output::warn(&format!("stored tokens were not cleaned up: {error}")),
    }
}

fn finish(context: &Context, results: Vec<ResultRow>, summary: &str) -> anyhow::Result<Exit> {
    if context.json() {
        output::print_json(&Results { results })?;
    } else {
        for row in &results {
            match &row.reason {
                Some(reason) => crate::outln!("{} runner {}: {reason}", row.action, row.runner_id),
                None if row.action != "planned" => {
                    crate::outln!("{} runner {}", row.action, row.runner_id)
                }
                None => {}
            }
        }
        crate::outln!("{summary}");
    }
    Ok(Exit::Success)
}

fn print_plan(plan: &[&Candidate], now: chrono::DateTime<Utc>, out: &mut dyn std::io::Write) {
    let _ = writeln!(
        out,
        "{:>8}  {:<16}  {:<26}  DESCRIPTION",
        "RUNNER", "STATE", "LAST CONTACT"
    );
    for candidate in plan {
        let last = match candidate.contacted_at {
            Some(at) => format!("{} ago", age(now - at)),
            None => match candidate.created_at {
                Some(at) => format!("never (created {} ago)", age(now - at)),
                None => "never".to_string(),
            },
        };
        let _ = writeln!(
            out,
            "{:>8}  {:<16}  {:<26}  {}",
            candidate.id,
            candidate.status.as_str(),
            last,
            candidate.description
        );
    }
}

fn age(duration: chrono::Duration) -> String {
    if duration.num_days() >= 1 {
        format!("{}d", duration.num_days())
    } else if duration.num_hours() >= 1 {
        format!("{}h", duration.num_hours())
    } else {
        format!("{}m", duration.num_minutes().max(0))
    }
}

fn progress_bar(length: u64) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(length);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} deleted") {
        bar.set_style(style);
    }
    bar
}
