//! `update`'s plan for a dry run: which of a runner's settings the change would alter, from
//! what to what, as the runner reads now. Settings given with the value the runner already
//! has are left out: sending them would change nothing.

use crate::forge::RunnerDetails;
use crate::gitlab::RunnerSettings;

/// One setting that would change, under GitLab's own field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    pub field: &'static str,
    /// The value now, shown as JSON; None when the runner's answer does not carry the field
    /// (GitLab's `access_level` is not part of the forge-neutral runner).
    pub from: Option<String>,
    pub to: String,
}

impl std::fmt::Display for FieldChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.from {
            Some(from) => write!(f, "{} from {from} to {}", self.field, self.to),
            None => write!(
                f,
                "{} to {} (its current value is not read)",
                self.field, self.to
            ),
        }
    }
}

/// The settings of `wanted` that differ from `current`, in the order GitLab lists them.
pub fn changes(current: &RunnerDetails, wanted: &RunnerSettings) -> Vec<FieldChange> {
    fn shown<T: serde::Serialize + ?Sized>(value: &T) -> String {
        serde_json::to_string(value).unwrap_or_default()
    }
    let mut changes = Vec::new();
    let mut compare = |field, from: Option<String>, to: Option<String>| {
        if let Some(to) = to
            && from.as_ref() != Some(&to)
        {
            changes.push(FieldChange { field, from, to });
        }
    };
    compare(
        "description",
        Some(shown(&current.description.clone().unwrap_or_default())),
        wanted.description.as_ref().map(shown),
    );
    compare(
        "tag_list",
        Some(shown(&current.tags)),
        wanted.tag_list.as_ref().map(shown),
    );
    compare(
        "run_untagged",
        Some(shown(&current.run_untagged)),
        wanted.run_untagged.as_ref().map(shown),
    );
    compare(
        "locked",
        Some(shown(&current.locked)),
        wanted.locked.as_ref().map(shown),
    );
    compare(
        "paused",
        Some(shown(&current.paused)),
        wanted.paused.as_ref().map(shown),
    );
    compare(
        "access_level",
        None,
        wanted.access_level.as_ref().map(shown),
    );
    compare(
        "maximum_timeout",
        Some(shown(&current.maximum_timeout)),
        wanted.maximum_timeout.map(|timeout| shown(&timeout)),
    );
    compare(
        "maintenance_note",
        Some(shown(&current.maintenance_note.clone().unwrap_or_default())),
        wanted.maintenance_note.as_ref().map(shown),
    );
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact_state::ContactState;
    use crate::forge::RunnerKind;

    fn runner() -> RunnerDetails {
        RunnerDetails {
            id: 42,
            description: Some("old".into()),
            kind: RunnerKind::Group,
            paused: false,
            contact: ContactState::Online,
            tags: vec!["linux".into()],
            run_untagged: true,
            locked: false,
            maximum_timeout: None,
            maintenance_note: None,
            contacted_at: None,
            created_at: None,
        }
    }

    #[test]
    fn only_the_settings_that_differ_are_planned_from_what_to_what() {
        let wanted = RunnerSettings {
            description: Some("new".into()),
            tag_list: Some(vec!["linux".into(), "gpu".into()]),
            run_untagged: Some(true),
            maximum_timeout: Some(3600),
            access_level: Some("ref_protected".into()),
            ..RunnerSettings::default()
        };
        let shown: Vec<String> = changes(&runner(), &wanted)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            [
                r#"description from "old" to "new""#,
                r#"tag_list from ["linux"] to ["linux","gpu"]"#,
                r#"access_level to "ref_protected" (its current value is not read)"#,
                "maximum_timeout from null to 3600",
            ]
        );
        let same = RunnerSettings {
            description: Some("old".into()),
            paused: Some(false),
            ..RunnerSettings::default()
        };
        assert!(changes(&runner(), &same).is_empty());
    }
}
