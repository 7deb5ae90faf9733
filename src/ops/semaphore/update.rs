//! `update` on Semaphore: a full `PUT` built from the runner as the server has it, so the
//! fields not given keep their values (api/runners.go `updateGlobalRunner` replaces every
//! field).

use serde::Serialize;

use crate::semaphore::{Client, Runner, RunnerFields, SemaphoreError};

use super::scope::{find_runner, scope_of};

/// The fields `update` was given; `None` keeps the runner's own.
#[derive(Debug, Default, Clone)]
pub struct Changes {
    pub name: Option<String>,
    /// `Some("")` removes the tag.
    pub tag: Option<String>,
    pub max_parallel_tasks: Option<u32>,
    pub webhook: Option<String>,
}

/// One field's change, for the plan and the report.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub from: serde_json::Value,
    pub to: serde_json::Value,
}

/// The runner's fields after the changes, and what differs.
pub fn plan(runner: &Runner, changes: &Changes) -> (RunnerFields, Vec<Change>) {
    let before = RunnerFields::of(runner);
    let mut after = before.clone();
    if let Some(name) = &changes.name {
        after.name = name.clone();
    }
    if let Some(tag) = &changes.tag {
        after.tag = tag.clone();
    }
    if let Some(max) = changes.max_parallel_tasks {
        after.max_parallel_tasks = max;
    }
    if let Some(webhook) = &changes.webhook {
        after.webhook = webhook.clone();
    }
    let mut differences = Vec::new();
    let mut compare = |field, from: serde_json::Value, to: serde_json::Value| {
        if from != to {
            differences.push(Change { field, from, to });
        }
    };
    compare(
        "name",
        before.name.clone().into(),
        after.name.clone().into(),
    );
    compare("tag", before.tag.clone().into(), after.tag.clone().into());
    compare(
        "max_parallel_tasks",
        before.max_parallel_tasks.into(),
        after.max_parallel_tasks.into(),
    );
    compare(
        "webhook",
        before.webhook.clone().into(),
        after.webhook.clone().into(),
    );
    (after, differences)
}

/// Reads runner `id`, and sends the full update when something changes.
pub fn update(
    client: &Client,
    id: u64,
    changes: &Changes,
    dry_run: bool,
) -> Result<(Runner, Vec<Change>), SemaphoreError> {
    let runner = find_runner(client, crate::semaphore::Scope::Global, id)?;
    let (fields, differences) = plan(&runner, changes);
    if !dry_run && !differences.is_empty() {
        client.update_runner(scope_of(&runner), id, &fields)?;
    }
    Ok((runner, differences))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_not_given_keep_their_values() {
        let runner = Runner {
            id: 3,
            project_id: None,
            name: "a".into(),
            tag: "gpu".into(),
            active: false,
            max_parallel_tasks: 4,
            webhook: "https://hook.example".into(),
            touched: None,
        };
        let (fields, changes) = plan(
            &runner,
            &Changes {
                tag: Some("arm64".into()),
                ..Changes::default()
            },
        );
        assert_eq!(fields.name, "a");
        assert_eq!(fields.max_parallel_tasks, 4);
        assert_eq!(fields.webhook, "https://hook.example");
        assert!(!fields.active, "a paused runner stays paused");
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "tag");
    }
}
