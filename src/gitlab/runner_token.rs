//! The endpoints a runner calls with its own token (lib/api/ci/runner.rb): verify, delete this
//! machine's manager, delete the runner. No API token is sent: the runner token in the body is
//! the credential.

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;

use super::client::{Call, Client};
use super::error::ApiError;
use crate::token::RunnerToken;
use crate::transport::RetryPolicy;

/// `POST /runners/verify`'s answer. It echoes the token, which is not kept here.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct VerifiedRunner {
    pub id: u64,
    /// Null when the instance sets no runner token expiry.
    #[serde(default)]
    pub token_expires_at: Option<DateTime<Utc>>,
}

impl Client {
    /// `POST /runners/verify` with this machine's system id. GitLab heartbeats the runner and
    /// creates (or touches) the runner manager for the system id, so repeating it is harmless:
    /// unlike the POSTs that create runners, it is retried like a read. 403: the token is
    /// invalid; 422: the runner is orphaned (its project or group is gone).
    pub(super) fn verify_runner(
        &self,
        token: &RunnerToken,
        system_id: &str,
    ) -> Result<VerifiedRunner, ApiError> {
        let call = Call::new(Method::POST, "/runners/verify", "verify the runner token")
            .body(serde_json::json!({ "token": token.expose(), "system_id": system_id }))
            .retry(RetryPolicy::Idempotent)
            .subject("the runner of this token")
            .unauthenticated();
        self.send(&call)
    }

    /// `DELETE /runners/managers`: forgets this machine's manager of the runner, as
    /// gitlab-runner's `unregister` does with a `glrt-` token; the runner itself stays. 204 on
    /// success, 403 for an invalid token, 404 when there is no manager with this system id.
    pub(super) fn delete_runner_manager(
        &self,
        token: &RunnerToken,
        system_id: &str,
    ) -> Result<(), ApiError> {
        let call = Call::new(
            Method::DELETE,
            "/runners/managers",
            "delete this machine's runner manager",
        )
        .body(serde_json::json!({ "token": token.expose(), "system_id": system_id }))
        .subject(format!("the runner manager {system_id}"))
        .unauthenticated();
        self.send_empty(&call)
    }

    /// `DELETE /runners` by token: deletes the runner itself, with every manager. 403 when the
    /// token is invalid (the runner may already be gone).
    pub(super) fn delete_runner_by_token(&self, token: &RunnerToken) -> Result<(), ApiError> {
        let call = Call::new(Method::DELETE, "/runners", "delete the runner by its token")
            .body(serde_json::json!({ "token": token.expose() }))
            .subject("the runner of this token")
            .unauthenticated();
        self.send_empty(&call)
    }
}
