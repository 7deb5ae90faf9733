//! `update`'s flags as a plan: the settings to send and what happens to the tags, checked
//! before any request.

use crate::cli::UpdateArgs;
use crate::error::UsageError;
use crate::gitlab::RunnerSettings;

/// What happens to the runner's tags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum TagChange {
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
pub(super) struct Plan {
    /// Everything but the tags.
    pub(super) settings: RunnerSettings,
    pub(super) tags: TagChange,
}

/// The current tags without the removed ones, then the added ones not already there; order
/// kept so that the operator recognises the list.
pub(super) fn edited_tags(current: &[String], add: &[String], remove: &[String]) -> Vec<String> {
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
pub(super) fn plan_from(args: &UpdateArgs) -> anyhow::Result<Plan> {
    let flags = &args.settings;
    flags.check_limits()?;
    let tags = if flags.tags_given() {
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
