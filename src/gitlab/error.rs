//! What went wrong talking to GitLab, classified so that messages name the cause and callers
//! (create's "a runner may exist", doctor's `gitlab.unreachable`) can branch on it.

use std::time::Duration;

use crate::transport::tls;
pub use crate::transport::{NetworkCause, RedirectRefusal};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{}", network_message(.cause, .host, .detail, .timeout))]
    Network {
        cause: NetworkCause,
        host: String,
        detail: String,
        timeout: Duration,
    },

    #[error(
        "GitLab at {url} refused the API token (401 Unauthorized): it is missing, invalid, expired \
         or revoked"
    )]
    Unauthorized { url: String },

    #[error("no API token for {url}")]
    MissingToken { url: String },

    #[error("{}", forbidden_message(.action, .needed_scope, .message))]
    Forbidden {
        action: String,
        needed_scope: Option<String>,
        message: String,
    },

    #[error("{what} was not found (404), or this token may not see it{}", gitlab_says(.message))]
    NotFound { what: String, message: String },

    #[error("GitLab refused to {action} ({status}){}", gitlab_says(.message))]
    Rejected {
        action: String,
        status: u16,
        message: String,
    },

    #[error("GitLab answered {status} while trying to {action}{}", gitlab_says(.message))]
    Server {
        action: String,
        status: u16,
        message: String,
    },

    #[error("GitLab's answer to {action} could not be read: {detail}")]
    Decode { action: String, detail: String },

    /// What answered is not GitLab's API: an HTML page (a login page, a proxy's page, GitLab's
    /// web UI), a body that is not JSON, or a 404 with no API route behind it.
    #[error("{}", not_gitlab_message(.url, .status, .what, .base_hint))]
    NotGitlab {
        /// The address that was tried, without its query.
        url: String,
        status: u16,
        /// What came back, in a few words ("an HTML page titled \"Sign in\"").
        what: String,
        /// The GitLab URL without a trailing `/api/v4`, when the operator pasted the API's
        /// address as the base.
        base_hint: Option<String>,
    },

    /// GitLab's GraphQL API gave up on a query (`ActiveRecord::QueryAborted`: 503 "Request
    /// timed out", app/controllers/graphql_controller.rb). Asking again asks for the same work.
    #[error(
        "GitLab's GraphQL API timed out on the query to {action} ({status}{}): the query covers \
         too much at once",
        gitlab_says(.message)
    )]
    QueryTimedOut {
        action: String,
        status: u16,
        message: String,
    },

    /// A success status whose body never arrived whole or is not JSON: the request ran.
    #[error("GitLab answered {status} to {action}, but the answer was lost: {detail}")]
    AnswerLost {
        action: String,
        status: u16,
        detail: String,
    },

    /// A redirect runnerctl does not follow (the contract's "redirects" row).
    #[error("{}", redirect_message(.status, .method, .base, .from, .to, .refusal))]
    Redirect {
        status: u16,
        method: String,
        /// The GitLab URL in use.
        base: String,
        /// The URL that answered with the redirect, without its query.
        from: String,
        /// Where it pointed, without its query.
        to: String,
        refusal: RedirectRefusal,
    },

    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
}

/// How a TLS handshake failed, for the advice that fits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsFailure {
    /// The server's certificate was refused although a CA file was given: the message names
    /// the file and what to change in it.
    RefusedWithCaFile,
    /// The server shows a CA certificate as its own (a self-signed one) and no CA file was
    /// given.
    CaAsServerCertificate,
    /// Any other: a private CA, or the wrong scheme.
    Other,
}

impl ApiError {
    /// For a failed TLS handshake, how it failed.
    pub fn tls_failure(&self) -> Option<TlsFailure> {
        match self {
            ApiError::Network {
                cause: NetworkCause::Tls,
                detail,
                ..
            } => Some(if tls::refusal_reason(detail).is_some() {
                TlsFailure::RefusedWithCaFile
            } else if detail.contains("CaUsedAsEndEntity") {
                TlsFailure::CaAsServerCertificate
            } else {
                TlsFailure::Other
            }),
            _ => None,
        }
    }

    /// The HTTP status GitLab answered with, if it answered. `None` for an answer that is not
    /// GitLab's ([`ApiError::NotGitlab`]): a login page's 403 or a proxy's 404 says nothing
    /// about the token or the resource.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Rejected { status, .. }
            | ApiError::Server { status, .. }
            | ApiError::QueryTimedOut { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// `POST /runners/verify` (and job requests) refusing an orphaned runner, one whose project
    /// or group is gone: `403 Forbidden - Runner is orphaned` with GitLab's
    /// `reject_orphaned_runners` flag (lib/api/ci/helpers/runner.rb), `422 Runner is orphaned`
    /// without it (lib/api/ci/runner.rb).
    pub fn is_orphaned_runner(&self) -> bool {
        match self {
            ApiError::Forbidden { message, .. } | ApiError::Rejected { message, .. } => {
                matches!(self.status(), Some(403 | 422))
                    && message.to_ascii_lowercase().contains("runner is orphaned")
            }
            _ => false,
        }
    }

    pub fn network_cause(&self) -> Option<NetworkCause> {
        match self {
            ApiError::Network { cause, .. } => Some(*cause),
            _ => None,
        }
    }

    /// A request that may have reached GitLab and run there although no success came back:
    /// a timeout, a dropped connection, or a 5xx from GitLab or a proxy in front of it; or one
    /// that did run, its success answer lost ([`ApiError::AnswerLost`]).
    pub fn may_have_run(&self) -> bool {
        match self {
            ApiError::AnswerLost { .. } => true,
            ApiError::Network { cause, .. } => {
                matches!(
                    cause,
                    NetworkCause::Timeout | NetworkCause::Dropped | NetworkCause::Other
                )
            }
            ApiError::Server { status, .. } => *status >= 500,
            // Something answered success without GitLab's JSON: the request may well have run
            // behind it (a proxy rewriting the answer).
            ApiError::NotGitlab { status, .. } => (200..300).contains(status),
            _ => false,
        }
    }
}

fn redirect_message(
    status: &u16,
    method: &str,
    base: &str,
    from: &str,
    to: &str,
    refusal: &RedirectRefusal,
) -> String {
    match refusal {
        RedirectRefusal::OtherOrigin { .. } => {
            let downgrade = if from.starts_with("https:") && to.starts_with("http:") {
                ", from https to plain http"
            } else {
                ""
            };
            format!(
                "GitLab at {base} answered {status} to {method} {from}, redirecting to {to}: \
                 another origin (scheme, host or port){downgrade}. runnerctl did not follow it and \
                 sent no token, header or body there"
            )
        }
        RedirectRefusal::TooMany { limit } => format!(
            "GitLab at {base} redirected {method} {from} more than {limit} times (the last to \
             {to}): check the URL and the proxy in front of GitLab"
        ),
        RedirectRefusal::WouldBecomeGet => format!(
            "GitLab at {base} answered {status} to {method} {from}, redirecting to {to}; \
             following it would turn the {method} into a GET, so runnerctl did not follow it and \
             did not send it again"
        ),
        RedirectRefusal::Unreadable => format!(
            "GitLab at {base} answered {status} to {method} {from} with a redirect to {to:?}, \
             which is not a URL: check the proxy in front of GitLab"
        ),
    }
}

fn network_message(cause: &NetworkCause, host: &str, detail: &str, timeout: &Duration) -> String {
    match cause {
        NetworkCause::Dns => format!(
            "cannot resolve the host name {host} (DNS lookup failed): check the GitLab URL and this machine's DNS"
        ),
        // With a CA file the detail names the file and what to do; never ask for the file
        // that was given.
        NetworkCause::Tls if tls::refusal_reason(detail).is_some() => format!(
            "the TLS handshake with {host} failed: {}",
            tls::refusal_reason(detail).unwrap_or(detail)
        ),
        NetworkCause::Tls if detail.contains("CaUsedAsEndEntity") => format!(
            "the TLS handshake with {host} failed: the server's certificate is {} (as `openssl req -x509` makes by default)",
            tls::CA_AS_SERVER_CERT
        ),
        NetworkCause::Tls => format!("the TLS handshake with {host} failed ({detail})"),
        NetworkCause::Refused => format!(
            "connection to {host} was refused: nothing listens at that address and port; check the GitLab URL and that GitLab is up"
        ),
        NetworkCause::Timeout => format!(
            "GitLab at {host} did not answer within {} s (timeout): check the network or a proxy (HTTPS_PROXY)",
            timeout.as_secs()
        ),
        NetworkCause::Dropped => {
            format!("the connection to {host} dropped before GitLab answered ({detail})")
        }
        NetworkCause::Other => format!("cannot reach GitLab at {host}: {detail}"),
    }
}

fn forbidden_message(action: &str, needed_scope: &Option<String>, message: &str) -> String {
    match needed_scope {
        Some(scope) if scope == "admin_mode" => format!(
            "the API token may not {action} (403 Forbidden): its user is an administrator, but \
             this GitLab has Admin Mode on, where a token acts as an administrator only with the \
             admin_mode scope{}",
            gitlab_says(message)
        ),
        Some(scope) => format!(
            "the API token may not {action} (403 Forbidden): it lacks the scope {scope}; create a token with that scope{}",
            gitlab_says(message)
        ),
        None => format!(
            "the API token's user may not {action} (403 Forbidden): the role is not high enough for this group, project or runner{}",
            gitlab_says(message)
        ),
    }
}

fn not_gitlab_message(url: &str, status: &u16, what: &str, base_hint: &Option<String>) -> String {
    let mut message =
        format!("the answer from {url} does not look like GitLab's API (HTTP {status}, {what})");
    if base_hint.is_some() {
        message.push_str(": the URL ends in /api/v4, which runnerctl adds itself");
    }
    message
}

/// The longest server message quoted in an error: enough for any of GitLab's, short enough
/// that a page of text never buries the error.
const MAX_QUOTED: usize = 300;

fn truncated(text: &str) -> String {
    // A server's words reach a terminal: no escape sequence or control character of theirs
    // gets to move the cursor, retitle the window or hide the rest of the line.
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let text = text.trim();
    if text.chars().count() <= MAX_QUOTED {
        return text.to_string();
    }
    let mut short: String = text.chars().take(MAX_QUOTED).collect();
    short.push('…');
    short
}

/// An HTML document, by its content type or by its first bytes.
pub(crate) fn looks_like_html(content_type: &str, body: &str) -> bool {
    let start = body.trim_start().get(..15).unwrap_or(body.trim_start());
    content_type.to_ascii_lowercase().contains("html")
        || start.to_ascii_lowercase().starts_with("<!doctype")
        || start.to_ascii_lowercase().starts_with("<html")
}

/// "an HTML page titled \"Sign in · GitLab\"", or "an HTML page": never the page itself.
pub(crate) fn describe_html(body: &str) -> String {
    let lower = body.to_ascii_lowercase();
    let title = lower.find("<title").and_then(|start| {
        let open_end = start + lower[start..].find('>')? + 1;
        let close = open_end + lower[open_end..].find("</title")?;
        body.get(open_end..close)
    });
    match title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" ")) {
        Some(title) if !title.is_empty() => {
            format!("an HTML page titled \"{}\"", truncated(&title))
        }
        _ => "an HTML page".to_string(),
    }
}

fn gitlab_says(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(" (GitLab says: {message})")
    }
}

/// A short description of a GitLab error body: `message` (a string, or the validation errors
/// object), else `error` and `error_description`.
pub(crate) fn message_from_body(body: &str) -> String {
    truncated(&full_message_from_body(body))
}

fn full_message_from_body(body: &str) -> String {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        if looks_like_html("", body) || body.contains("</") {
            return describe_html(body);
        }
        return body.to_string();
    };
    if let Some(message) = value.get("message") {
        return match message {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
    }
    // GraphQL's own errors (app/controllers/graphql_controller.rb `render_error`, and query
    // errors): `{"errors": [{"message": …}, …]}`.
    if let Some(errors) = value.get("errors").and_then(|e| e.as_array()) {
        let messages: Vec<&str> = errors
            .iter()
            .filter_map(|error| error.get("message").and_then(|m| m.as_str()))
            .collect();
        if !messages.is_empty() {
            return messages.join("; ");
        }
    }
    let mut text = value
        .get("error")
        .and_then(|e| e.as_str())
        .unwrap_or_default()
        .to_string();
    if let Some(description) = value.get("error_description").and_then(|e| e.as_str()) {
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(description);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_message_carries_no_control_characters() {
        let body = r#"{"message": "403 Forbidden\u001b]0;pwned\u0007\u001b[2K\rall good"}"#;
        let message = message_from_body(body);
        assert!(!message.chars().any(char::is_control), "{message:?}");
        assert!(message.starts_with("403 Forbidden"), "{message:?}");
    }

    #[test]
    fn an_html_body_is_named_by_its_title_never_pasted() {
        let page = "<!DOCTYPE html><html><head><title>\n  Sign in · GitLab\n</title></head>\
                    <body><form><input name=\"authenticity_token\" value=\"x\"></form></body></html>";
        assert_eq!(
            message_from_body(page),
            "an HTML page titled \"Sign in · GitLab\""
        );
        assert_eq!(
            message_from_body("<html><body><h1>oops</h1></body></html>"),
            "an HTML page"
        );
        assert!(looks_like_html("text/html; charset=utf-8", "plain"));
        assert!(!looks_like_html("application/json", "{\"message\": \"x\"}"));
    }

    #[test]
    fn graphql_error_lists_are_read() {
        let body = r#"{"errors":[{"message":"Request timed out"},{"message":"second"}]}"#;
        assert_eq!(message_from_body(body), "Request timed out; second");
    }

    #[test]
    fn long_messages_are_cut_to_a_few_hundred_characters() {
        let long = "x".repeat(5000);
        let message = message_from_body(&format!("{{\"message\": \"{long}\"}}"));
        assert!(message.chars().count() <= 301, "{}", message.len());
        assert!(message.ends_with('…'));
        assert!(message_from_body(&long).chars().count() <= 301);
    }

    #[test]
    fn an_orphaned_runner_is_recognised_in_both_of_gitlabs_answers() {
        let forbidden = ApiError::Forbidden {
            action: "verify".into(),
            needed_scope: None,
            message: "403 Forbidden - Runner is orphaned".into(),
        };
        let unprocessable = ApiError::Rejected {
            action: "verify".into(),
            status: 422,
            message: "Runner is orphaned".into(),
        };
        let plain = ApiError::Forbidden {
            action: "verify".into(),
            needed_scope: None,
            message: "403 Forbidden".into(),
        };
        assert!(forbidden.is_orphaned_runner());
        assert!(unprocessable.is_orphaned_runner());
        assert!(!plain.is_orphaned_runner());
    }
}
