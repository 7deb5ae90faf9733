//! Runners by id: details, managers, update, delete, token reset (lib/api/ci/runners.rb).

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;

use super::client::{Call, Client};
use super::error::ApiError;
use super::types::{RunnerSettings, RunnerType};
use crate::contact_state::ContactState;
use crate::token::RunnerToken;

/// Scope a 403 names for `/runners/:id…` routes (`allow_access_with_scope :manage_runner`).
const MANAGE_SCOPE: &str = "manage_runner (or api)";

/// `GET /runners/:id` (RunnerDetails).
#[derive(Debug, Clone, Deserialize)]
pub struct RunnerDetails {
    pub id: u64,
    #[serde(default)]
    pub description: Option<String>,
    pub runner_type: RunnerType,
    #[serde(default)]
    pub paused: bool,
    /// REST's status, which may still say `paused` (see `contact_state_from_rest`).
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub tag_list: Vec<String>,
    #[serde(default = "default_true")]
    pub run_untagged: bool,
    #[serde(default)]
    pub locked: bool,
    #[serde(default)]
    pub access_level: Option<String>,
    #[serde(default)]
    pub maximum_timeout: Option<u64>,
    #[serde(default)]
    pub contacted_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub created_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub maintenance_note: Option<String>,
}

fn default_true() -> bool {
    true
}

/// `GET /runners/:id/managers`: one per host (system id) that used the runner's token.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct RunnerManager {
    pub id: u64,
    pub system_id: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub contacted_at: Option<DateTime<Utc>>,
}

impl RunnerManager {
    pub(super) fn is_online(&self, now: DateTime<Utc>) -> bool {
        match self.status.as_deref() {
            Some("online") => true,
            Some(_) => false,
            None => self
                .contacted_at
                .is_some_and(|at| now - at < chrono::Duration::hours(2)),
        }
    }
}

/// REST's deprecated status says `paused` for a paused runner that is neither stale nor
/// never contacted (gitlab-facts §3); the contact state then follows from `contacted_at`:
/// online within 2 hours (`ONLINE_CONTACT_TIMEOUT`), else offline.
pub(crate) fn contact_state_from_rest(
    status: Option<&str>,
    contacted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ContactState {
    match status {
        Some("online") => ContactState::Online,
        Some("offline") => ContactState::Offline,
        Some("stale") => ContactState::Stale,
        Some("never_contacted") => ContactState::NeverContacted,
        _ => match contacted_at {
            None => ContactState::NeverContacted,
            Some(at) if now - at < chrono::Duration::hours(2) => ContactState::Online,
            Some(_) => ContactState::Offline,
        },
    }
}

impl RunnerDetails {
    pub fn contact_state(&self, now: DateTime<Utc>) -> ContactState {
        contact_state_from_rest(self.status.as_deref(), self.contacted_at, now)
    }
}

/// The answer of a token reset: the new token, shown once.
#[derive(Debug, Deserialize)]
pub(super) struct ResetToken {
    pub token: RunnerToken,
    /// Any JSON value: an expiry that cannot be read must not fail the answer that carries
    /// the once-shown token (see `forge.rs`'s `TokenExpiry`).
    #[serde(default)]
    pub token_expires_at: Option<serde_json::Value>,
}

impl Client {
    pub(super) fn runner(&self, id: u64) -> Result<RunnerDetails, ApiError> {
        let endpoint = format!("/runners/{id}");
        let action = format!("read runner {id}");
        self.send(&Call::get(&endpoint, &action).subject(format!("runner {id}")))
            .map_err(|error| self.explain_admin_only(error))
    }

    pub(super) fn runner_managers(&self, id: u64) -> Result<Vec<RunnerManager>, ApiError> {
        let endpoint = format!("/runners/{id}/managers");
        let action = format!("read the managers of runner {id}");
        self.get_all(&Call::get(&endpoint, &action).subject(format!("runner {id}")))
            .map_err(|error| self.explain_admin_only(error))
    }

    // Each call on one runner names the `admin_mode` scope when an administrator's token is
    // refused (see `Client::explain_admin_only`): with Admin Mode on, GitLab answers such a
    // token a bare 403, as it would any user without access (lib/api/ci/runners.rb).

    /// `PUT /runners/:id` with the settings given (at least one).
    pub(super) fn update_runner(
        &self,
        id: u64,
        settings: &RunnerSettings,
    ) -> Result<RunnerDetails, ApiError> {
        let endpoint = format!("/runners/{id}");
        let action = format!("update runner {id}");
        let call = Call::new(Method::PUT, &endpoint, &action)
            .body(serde_json::Value::Object(settings.to_json()))
            .scope(MANAGE_SCOPE)
            .subject(format!("runner {id}"));
        self.send(&call)
            .map_err(|error| self.explain_admin_only(error))
    }

    pub(super) fn delete_runner(&self, id: u64) -> Result<(), ApiError> {
        let endpoint = format!("/runners/{id}");
        let action = format!("delete runner {id}");
        let call = Call::new(Method::DELETE, &endpoint, &action)
            .scope(MANAGE_SCOPE)
            .subject(format!("runner {id}"));
        self.send_empty(&call)
            .map_err(|error| self.explain_admin_only(error))
    }

    /// `POST /runners/:id/reset_authentication_token`: retried only on 429, since a reset
    /// that ran but whose answer was lost leaves a token nobody has.
    pub(super) fn reset_runner_token(&self, id: u64) -> Result<ResetToken, ApiError> {
        let endpoint = format!("/runners/{id}/reset_authentication_token");
        let action = format!("reset the token of runner {id}");
        let call = Call::new(Method::POST, &endpoint, &action)
            .scope(MANAGE_SCOPE)
            .subject(format!("runner {id}"));
        self.send(&call)
            .map_err(|error| self.explain_admin_only(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hours_ago: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        Some(now - chrono::Duration::hours(hours_ago))
    }

    #[test]
    fn rest_paused_status_becomes_a_contact_state() {
        let now = Utc::now();
        assert_eq!(
            contact_state_from_rest(Some("paused"), at(1, now), now),
            ContactState::Online
        );
        assert_eq!(
            contact_state_from_rest(Some("paused"), at(3, now), now),
            ContactState::Offline
        );
        assert_eq!(
            contact_state_from_rest(Some("paused"), None, now),
            ContactState::NeverContacted
        );
        assert_eq!(
            contact_state_from_rest(Some("stale"), at(1, now), now),
            ContactState::Stale
        );
    }
}
