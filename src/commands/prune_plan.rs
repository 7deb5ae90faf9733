//! What `prune` shows around the operation: the plan as a table, the reason a held runner is
//! kept (with when to run prune again), the notices and the deletion's progress bar.

use std::sync::OnceLock;

use crate::commands::context::Context;
use crate::ops::prune::{DeleteProgress, HeldOnline, Notice, Plan};
use crate::ops::results::{Action, RunnerResult};
use crate::output;

/// A `skipped` result for each runner held online with no runner manager, saying why and
/// when to try again.
pub(super) fn held_results(held: &[HeldOnline]) -> Vec<RunnerResult> {
    let result = |held: &HeldOnline| {
        RunnerResult::new(held.runner_id, Action::Skipped, Some(held_reason(held)))
    };
    held.iter().map(result).collect()
}

/// Why an online runner with no runner manager left is not deleted, and when to try again.
fn held_reason(held: &HeldOnline) -> String {
    let again = held
        .online_until
        .map(|at| format!(" after {}", at.format("%Y-%m-%dT%H:%M:%SZ")))
        .unwrap_or_else(|| " in 2 hours".to_string());
    format!(
        "reads online, so it is not deleted, although no host runs it (it has no runner managers): its last host unregistered within the last 2 hours, which this GitLab version counts as a contact; run prune again{again}"
    )
}

pub(super) fn print_plan(plan: &Plan, out: &mut dyn std::io::Write) {
    let now = plan.read_at;
    let _ = writeln!(
        out,
        "{:>8}  {:<16}  {:<26}  DESCRIPTION",
        "RUNNER", "STATE", "LAST CONTACT"
    );
    for candidate in &plan.planned {
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

/// The deletion's progress on a terminal's stderr, drawn once the number to delete is known
/// (after the second read of the plan).
#[derive(Default)]
pub(super) struct DeletionBar(OnceLock<indicatif::ProgressBar>);

impl DeletionBar {
    pub(super) fn finish(&self) {
        if let Some(bar) = self.0.get() {
            bar.finish_and_clear();
        }
    }
}

impl DeleteProgress for DeletionBar {
    fn start(&self, total: usize) {
        let _ = self.0.set(progress_bar(total as u64));
    }

    fn advance(&self) {
        if let Some(bar) = self.0.get() {
            bar.inc(1);
        }
    }
}

fn progress_bar(length: u64) -> indicatif::ProgressBar {
    if !output::shows_progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(length);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} deleted") {
        bar.set_style(style);
    }
    bar
}

/// The operation's notices as warnings and notes (what was removed from config.toml is told
/// to people only).
pub(super) fn show_notices(context: &Context, notices: &[Notice]) {
    for notice in notices {
        match notice {
            Notice::Warning(text) => output::warn(text),
            Notice::Note(text) => output::note(text),
            Notice::EntriesRemoved { count, path } if !context.json() => {
                output::note(&format!("removed {count} entries from {}", path.display()))
            }
            Notice::EntriesRemoved { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    #[test]
    fn a_held_runner_says_when_to_run_prune_again() {
        let until =
            DateTime::parse_from_rfc3339("2026-11-23T13:50:00Z").map(|at| at.with_timezone(&Utc));
        let held = HeldOnline {
            runner_id: 1,
            online_until: until.ok(),
        };
        let reason = held_reason(&held);
        assert!(reason.contains("no runner managers"), "{reason}");
        assert!(
            reason.contains("run prune again after 2026-11-23T13:50:00Z"),
            "{reason}"
        );
        let unknown = HeldOnline {
            runner_id: 2,
            online_until: None,
        };
        assert!(held_reason(&unknown).ends_with("run prune again in 2 hours"));
    }
}
