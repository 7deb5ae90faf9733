//! The contract's `{"results": [...]}` document, one type for every command that acts on
//! runners one by one (`unregister`, `prune`, `rotate`, `pause`, `resume`, `update`).

use serde::Serialize;

/// What happened to one runner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    Deleted,
    Skipped,
    Failed,
    Planned,
    Updated,
    Rotated,
}

/// One item of `results`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunnerResult {
    /// `None` only for a config.toml entry with no runner id (`unregister`).
    pub runner_id: Option<u64>,
    /// `unregister` only (the entry's name, `null` for an unnamed one); absent elsewhere, so
    /// the other commands' documents keep their fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Option<String>>,
    pub action: Action,
    pub reason: Option<String>,
    /// `rotate` only: where a recovery copy of the new token was written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_file: Option<String>,
    /// `rotate` only, the last-resort hand-over: the new token, when neither the secret store
    /// nor a file could keep it (the contract's "secrets" row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

impl RunnerResult {
    pub fn new(runner_id: u64, action: Action, reason: Option<String>) -> RunnerResult {
        RunnerResult {
            runner_id: Some(runner_id),
            name: None,
            action,
            reason,
            token_file: None,
            token: None,
        }
    }

    /// A config.toml entry's result (`unregister`): its id if it has one, and its name.
    pub fn for_entry(
        runner_id: Option<u64>,
        name: Option<String>,
        action: Action,
        reason: Option<String>,
    ) -> RunnerResult {
        RunnerResult {
            runner_id,
            name: Some(name),
            action,
            reason,
            token_file: None,
            token: None,
        }
    }
}

/// The whole document.
#[derive(Debug, Serialize)]
pub struct Results<'a> {
    pub results: &'a [RunnerResult],
}

/// Whether any runner failed: the command then exits 1 (its document carries the failure).
pub fn any_failed(results: &[RunnerResult]) -> bool {
    results.iter().any(|result| result.action == Action::Failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_command_keeps_its_fields() {
        let plain = [RunnerResult::new(42, Action::Deleted, None)];
        assert_eq!(
            serde_json::to_string(&Results { results: &plain }).unwrap(),
            r#"{"results":[{"runner_id":42,"action":"deleted","reason":null}]}"#
        );
        let entries = [
            RunnerResult::for_entry(None, None, Action::Failed, Some("no id".into())),
            RunnerResult::for_entry(Some(7), Some("host1".into()), Action::Deleted, None),
        ];
        assert_eq!(
            serde_json::to_string(&Results { results: &entries }).unwrap(),
            concat!(
                r#"{"results":[{"runner_id":null,"name":null,"action":"failed","reason":"no id"},"#,
                r#"{"runner_id":7,"name":"host1","action":"deleted","reason":null}]}"#
            )
        );
        assert!(any_failed(&entries));
        let action: &'static str = Action::Rotated.into();
        assert_eq!(action, "rotated");
    }
}
