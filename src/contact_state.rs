//! A runner's contact state: whether its host has asked the forge for jobs lately. A leaf:
//! every forge's answer maps onto these four (GitLab's REST and GraphQL statuses in `gitlab`).

use serde::{Deserialize, Serialize};

/// A runner's contact state as the contract names it (never `paused`, which is not a contact state).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ContactState {
    Online,
    Offline,
    Stale,
    NeverContacted,
}

impl ContactState {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_and_as_str_name_each_state_alike() {
        for state in [
            ContactState::Online,
            ContactState::Offline,
            ContactState::Stale,
            ContactState::NeverContacted,
        ] {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(json, format!("\"{}\"", state.as_str()));
            assert_eq!(serde_json::from_str::<ContactState>(&json).unwrap(), state);
        }
    }
}
