//! `runnerctl update`: `PUT /runners/:id` with only the settings given.

use crate::cli::UpdateArgs;
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::gitlab::RunnerSettings;
use crate::output;

use super::runner_results::{fail, print_results};
use super::runner_target::resolve;
use crate::ops::results::{Action, RunnerResult};

/// What happens to the runner's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TagChange {
    Keep,
    /// `--tag`/`--tags`: the new set (empty: `--tags ''` removes every tag).
    Replace(Vec<String>),
    /// `--add-tag`/`--remove-tag`: applied to the runner's current tags.
    Edit {
        add: Vec<String>,
        remove: Vec<String>,
    },
}

#[derive(Debug)]
struct Plan {
    /// Everything but the tags.
    settings: RunnerSettings,
    tags: TagChange,
}

pub fn run(context: &Context, args: UpdateArgs) -> anyhow::Result<Exit> {
    let plan = plan_from(&args)?;
    let target = resolve(context, &args.target)?;
    let id = target.id;
    let client = &target.client;

    let mut settings = plan.settings.clone();
    match &plan.tags {
        TagChange::Keep => {}
        TagChange::Replace(tags) => settings.tag_list = Some(tags.clone()),
        TagChange::Edit { add, remove } => {
            let current = match client.runner(id) {
                Ok(details) => details,
                Err(error) => return fail(context, id, error.into()),
            };
            for tag in remove {
                if !current.tag_list.contains(tag) {
                    output::note(&format!("runner {id} has no tag {tag:?} to remove"));
                }
            }
            let tags = edited_tags(&current.tag_list, add, remove);
            let run_untagged = settings.run_untagged.unwrap_or(current.run_untagged);
            if tags.is_empty() && !run_untagged {
                return Err(UsageError::new(format!(
                    "runner {id} would be left with no tags while it refuses untagged jobs, so it \
                     could never run a job; keep a tag or add --run-untagged"
                ))
                .into());
            }
            if tags == current.tag_list && settings.to_json().is_empty() {
                return report_unchanged(context, id);
            }
            settings.tag_list = Some(tags);
        }
    }

    let details = match client.update_runner(id, &settings) {
        Ok(details) => details,
        Err(error) => return fail(context, id, error.into()),
    };
    if context.json() {
        print_results(&[RunnerResult::new(id, Action::Updated, None)])?;
        return Ok(Exit::Success);
    }
    let tags = if details.tag_list.is_empty() {
        "no tags".to_string()
    } else {
        format!("tags: {}", details.tag_list.join(", "))
    };
    let untagged = if details.run_untagged {
        "takes untagged jobs"
    } else {
        "only tagged jobs"
    };
    let paused = if details.paused { ", paused" } else { "" };
    crate::outln!("Updated runner {id} ({tags}; {untagged}{paused}).");
    Ok(Exit::Success)
}

fn report_unchanged(context: &Context, id: u64) -> anyhow::Result<Exit> {
    let reason = format!("runner {id} already has these tags; nothing was sent");
    if context.json() {
        print_results(&[RunnerResult::new(id, Action::Skipped, Some(reason))])?;
    } else {
        crate::outln!("Runner {id} already has these tags; nothing changed.");
    }
    Ok(Exit::Success)
}

/// The current tags without the removed ones, then the added ones not already there; order
/// kept so that the operator recognises the list.
fn edited_tags(current: &[String], add: &[String], remove: &[String]) -> Vec<String> {
    let mut tags: Vec<String> = current
        .iter()
        .filter(|tag| !remove.contains(tag))
        .cloned()
        .collect();
    for tag in add {
        if !tags.contains(tag) {
            tags.push(tag.clone());
        }
    }
    tags
}

fn clean(tags: &[String]) -> Vec<String> {
    crate::cli::split_tags(tags)
}

/// Every check that needs no request: GitLab would refuse these values anyway, and an
/// operator learns it sooner and with the flag named.
fn plan_from(args: &UpdateArgs) -> anyhow::Result<Plan> {
    let flags = &args.settings;
    flags.check_limits()?;
    let tags = if !flags.tag.is_empty() || !flags.tags.is_empty() {
        TagChange::Replace(flags.all_tags())
    } else if !args.add_tag.is_empty() || !args.remove_tag.is_empty() {
        let add = clean(&args.add_tag);
        let remove = clean(&args.remove_tag);
        if let Some(tag) = add.iter().find(|tag| remove.contains(tag)) {
            return Err(UsageError::new(format!(
                "--add-tag {tag:?} and --remove-tag {tag:?} contradict each other"
            ))
            .into());
        }
        if add.is_empty() && remove.is_empty() {
            return Err(UsageError::new("--add-tag and --remove-tag need a tag name").into());
        }
        TagChange::Edit { add, remove }
    } else {
        TagChange::Keep
    };
    if flags.no_run_untagged && tags == TagChange::Replace(Vec::new()) {
        return Err(UsageError::new(
            "--no-run-untagged with no tags: the runner could never run a job; give at least one --tag",
        )
        .into());
    }
    let settings = super::create::settings_from_flags(flags, None);
    if settings.to_json().is_empty() && tags == TagChange::Keep {
        return Err(UsageError::new(
            "nothing to change: give at least one of --description, --tag/--tags, --add-tag, \
             --remove-tag, --run-untagged, --no-run-untagged, --locked, --paused, \
             --access-level, --maximum-timeout, --maintenance-note",
        )
        .into());
    }
    Ok(Plan { settings, tags })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| item.to_string()).collect()
    }

    #[test]
    fn edited_tags_keep_the_others_in_order() {
        let current = strings(&["linux", "docker", "old"]);
        assert_eq!(
            edited_tags(&current, &strings(&["gpu", "docker"]), &strings(&["old"])),
            strings(&["linux", "docker", "gpu"])
        );
    }

    #[test]
    fn clean_drops_blanks_and_duplicates() {
        assert_eq!(
            clean(&strings(&[" gpu ", "", "gpu", "x"])),
            strings(&["gpu", "x"])
        );
    }
}
