//! The runner protocol, spoken as the runner does: Connect unary calls with JSON bodies
//! (`POST {instance}/api/actions/runner.v1.RunnerService/<Method>`,
//! `Content-Type: application/json`, `Connect-Protocol-Version: 1`). The server is connect-go
//! (gitea routers/api/actions/runner/runner.go), which accepts protojson besides the binary
//! proto the stock runners send; protojson writes int64 as strings.

use reqwest::Method;
use serde::Deserialize;

use super::client::{Answer, Client, Request, decode};
use super::error::{GiteaError, message_from_body};
use super::types::{DeclaredRunner, RegisteredRunner, RegistrationToken, int64};
use crate::token::RunnerToken;
use crate::transport::RetryPolicy;

/// What runnerctl tells the server it is, in the runner's `version` field.
pub const RUNNER_VERSION: &str = concat!("runnerctl/", env!("CARGO_PKG_VERSION"));

#[derive(Deserialize)]
struct RunnerAnswer {
    runner: Option<RunnerMessage>,
}

#[derive(Deserialize)]
struct RunnerMessage {
    // protojson leaves zero values out.
    #[serde(default = "zero", deserialize_with = "int64")]
    id: i64,
    #[serde(default)]
    uuid: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    labels: Vec<String>,
}

fn zero() -> i64 {
    0
}

impl Client {
    /// Registers a runner with a scope's registration token. `labels` are names only (what
    /// `runs-on` matches); the answer holds the runner's own token, given only here.
    pub fn register(
        &self,
        token: &RegistrationToken,
        name: &str,
        labels: &[String],
        ephemeral: bool,
    ) -> Result<RegisteredRunner, GiteaError> {
        let body = serde_json::json!({
            "name": name,
            "token": token.expose(),
            "version": RUNNER_VERSION,
            "labels": labels,
            "ephemeral": ephemeral,
        });
        // A second Register after a lost answer would make a second runner.
        let runner = self.connect(
            "Register",
            body,
            Vec::new(),
            RetryPolicy::OnlyRateLimited,
            "register a runner",
        )?;
        Ok(RegisteredRunner {
            id: runner.id,
            uuid: runner.uuid,
            token: RunnerToken::new(runner.token),
            name: runner.name,
            labels: runner.labels,
        })
    }

    /// Declares a runner's labels and version, as the runner does at every start: the server
    /// overwrites both and records a contact.
    pub fn declare(
        &self,
        uuid: &str,
        token: &RunnerToken,
        labels: &[String],
    ) -> Result<DeclaredRunner, GiteaError> {
        let body = serde_json::json!({ "version": RUNNER_VERSION, "labels": labels });
        let headers = vec![
            ("x-runner-uuid", uuid.to_string()),
            ("x-runner-token", token.expose().to_string()),
        ];
        let runner = self.connect(
            "Declare",
            body,
            headers,
            RetryPolicy::Idempotent,
            "declare the runner's labels",
        )?;
        Ok(DeclaredRunner {
            id: runner.id,
            labels: runner.labels,
            version: Some(runner.version).filter(|version| !version.is_empty()),
        })
    }

    fn connect(
        &self,
        method: &str,
        body: serde_json::Value,
        mut headers: Vec<(&'static str, String)>,
        retry: RetryPolicy,
        action: &str,
    ) -> Result<RunnerMessage, GiteaError> {
        headers.push(("Connect-Protocol-Version", "1".to_string()));
        let mut request = Request::new(
            Method::POST,
            format!("/api/actions/runner.v1.RunnerService/{method}"),
            action,
        )
        .body(body)
        .retry(retry);
        request.headers = headers;
        // The runner protocol authenticates with the runner's credentials, never the API token.
        request.authenticated = false;
        let answer = self.exchange(&request)?;
        if !(200..300).contains(&answer.status) {
            return Err(connect_error(&answer, action, || {
                self.rest_error(&answer, &request)
            }));
        }
        let decoded: RunnerAnswer = decode(&answer, action)?;
        decoded.runner.ok_or_else(|| GiteaError::Decode {
            what: action.to_string(),
            detail: "the answer holds no runner".to_string(),
        })
    }
}

/// A Connect error (`{"code", "message"}`) as the error a caller branches on. The servers'
/// words are matched, not their codes: Gitea answers a deleted runner with code `unknown`
/// (HTTP 500), Forgejo with `unauthenticated` (routers/api/actions/runner/interceptor.go).
/// Gitea before 1.21 said "runner token not found" and "has already been activated" (a token
/// was used once); later "runner registration token not found" and "… has been invalidated,
/// please use the latest one".
fn connect_error(
    answer: &Answer,
    action: &str,
    otherwise: impl FnOnce() -> GiteaError,
) -> GiteaError {
    let message = message_from_body(&answer.text());
    let lower = message.to_ascii_lowercase();
    if lower.contains("unregistered runner") {
        GiteaError::UnregisteredRunner
    } else if lower.contains("token not found") {
        GiteaError::RegistrationTokenNotFound
    } else if lower.contains("has been invalidated") || lower.contains("already been activated") {
        GiteaError::RegistrationTokenInvalidated
    } else if answer.status >= 500 && !message.is_empty() {
        GiteaError::Server {
            action: action.to_string(),
            status: answer.status,
            message,
        }
    } else {
        otherwise()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            content_type: "application/json".into(),
            total: None,
            body: body.as_bytes().to_vec(),
            url: "http://git.example/api/actions/runner.v1.RunnerService/Register".into(),
        }
    }

    fn mapped(status: u16, body: &str) -> GiteaError {
        connect_error(&answer(status, body), "register", || GiteaError::Rejected {
            action: "register".into(),
            status,
            message: String::new(),
        })
    }

    #[test]
    fn connect_errors_are_read_by_the_servers_words() {
        assert!(matches!(
            mapped(
                500,
                r#"{"code":"unknown","message":"runner registration token not found"}"#
            ),
            GiteaError::RegistrationTokenNotFound
        ));
        assert!(matches!(
            mapped(
                500,
                r#"{"code":"unknown","message":"runner registration token has been invalidated, please use the latest one"}"#
            ),
            GiteaError::RegistrationTokenInvalidated
        ));
        assert!(matches!(
            mapped(500, r#"{"code":"unknown","message":"unregistered runner"}"#),
            GiteaError::UnregisteredRunner
        ));
        assert!(matches!(
            mapped(
                401,
                r#"{"code":"unauthenticated","message":"unregistered runner"}"#
            ),
            GiteaError::UnregisteredRunner
        ));
        assert!(matches!(
            mapped(500, r#"{"code":"internal","message":"update runner: db"}"#),
            GiteaError::Server { status: 500, .. }
        ));
        assert!(matches!(
            mapped(400, r#"{"code":"invalid_argument","message":"x"}"#),
            GiteaError::Rejected { .. }
        ));
    }

    #[test]
    fn a_runner_message_reads_int64_as_string_or_number() {
        let answer: RunnerAnswer = serde_json::from_str(
            r#"{"runner": {"id": "17", "uuid": "u", "token": "t", "name": "n", "labels": ["a"]}}"#,
        )
        .unwrap();
        let runner = answer.runner.unwrap();
        assert_eq!((runner.id, runner.labels), (17, vec!["a".to_string()]));
        let answer: RunnerAnswer = serde_json::from_str(r#"{"runner": {"id": 18}}"#).unwrap();
        assert_eq!(answer.runner.unwrap().id, 18);
    }
}
