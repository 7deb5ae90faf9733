//! The headline of the jobs of one cause, from their shared evidence: what they wait for.

use serde_json::Value;

use crate::doctor::{Finding, FindingId, Subject};

/// The one line that says what the jobs of a cause wait for, from the first job's evidence
/// (the cause is the same for all): "37 jobs wait for tag `gpu`: closest runner 42 lacks it".
pub(super) fn headline(jobs: &[&Finding]) -> String {
    let Some(first) = jobs.first() else {
        return String::new();
    };
    let count = format!("{} jobs", jobs.len());
    let evidence = &first.evidence;
    let runners = |key: &str| runner_list(&numbers(evidence.get(key)));
    let project = match &first.subject {
        Subject::Job { project, .. } => project.as_str(),
        _ => "",
    };
    match first.id {
        FindingId::JobTagsUnmatched => {
            let missing = strings(evidence.get("missing_tags"));
            let (tags, them) = match missing.len() {
                1 => (format!("tag {}", tag_list(&missing)), "it"),
                _ => (format!("tags {}", tag_list(&missing)), "them"),
            };
            let near: Vec<String> = (evidence.get("near_miss").and_then(Value::as_object))
                .into_iter()
                .flatten()
                .filter_map(|(_, has)| has.as_str().map(|has| format!("`{has}`")))
                .collect();
            match evidence.get("closest_runner").and_then(Value::as_u64) {
                Some(id) if !near.is_empty() => format!(
                    "{count} wait for {tags}: closest runner {id} has {} (tags match exactly, case included)",
                    near.join(" and ")
                ),
                Some(id) => format!("{count} wait for {tags}: closest runner {id} lacks {them}"),
                None => format!("{count} wait for {tags}: no available runner has {them}"),
            }
        }
        FindingId::JobNoRunnersAvailable => {
            format!("{count} in {project}: no runner at all is available to the project")
        }
        FindingId::JobUntaggedNotAccepted => {
            format!("{count} in {project} have no tags: no available runner runs untagged jobs")
        }
        FindingId::JobProtectedRunnersOnly => format!(
            "{count} on unprotected refs: {} take only protected refs",
            runners("runners")
        ),
        FindingId::JobRunnersPaused => {
            format!("{count} wait for paused {}", runners("runners"))
        }
        FindingId::JobRunnersOffline => {
            format!("{count} wait for {}, none online", runners("runners"))
        }
        FindingId::JobWaitingForCapacity => {
            format!("{count} wait for a free slot on {}", runners("runners"))
        }
        other => format!("{count}: {other}"),
    }
}

fn numbers(value: Option<&Value>) -> Vec<u64> {
    let items = value.and_then(Value::as_array).map(Vec::as_slice);
    items
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_u64)
        .collect()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    let items = value.and_then(Value::as_array).map(Vec::as_slice);
    let texts = items.unwrap_or_default().iter().filter_map(Value::as_str);
    texts.map(str::to_string).collect()
}

/// "`gpu`", "`gpu` and `cuda`", "`a`, `b` and `c`".
fn tag_list(tags: &[String]) -> String {
    let quoted: Vec<String> = tags.iter().map(|tag| format!("`{tag}`")).collect();
    match quoted.as_slice() {
        [init @ .., last] if !init.is_empty() => format!("{} and {last}", init.join(", ")),
        _ => quoted.concat(),
    }
}

/// "runner 4", "runners 4, 5 and 6", past five "runners 1, 2, 3, 4, 5 and 7 more".
fn runner_list(ids: &[u64]) -> String {
    let shown: Vec<String> = ids.iter().take(5).map(u64::to_string).collect();
    match (ids.len(), shown.as_slice()) {
        (1, _) => format!("runner {}", shown.concat()),
        (n, _) if n > 5 => format!("runners {} and {} more", shown.join(", "), n - 5),
        (_, [init @ .., last]) => format!("runners {} and {last}", init.join(", ")),
        _ => "no runner".to_string(),
    }
}

#[cfg(test)]
mod tests;
