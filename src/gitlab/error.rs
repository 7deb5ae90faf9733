//! What went wrong talking to GitLab, classified so that messages name the cause and callers
//! (create's "a runner may exist", doctor's `gitlab.unreachable`) can branch on it.

use std::fmt;
use std::time::Duration;

/// The network-level cause, as doctor's `gitlab.unreachable` evidence names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetworkCause {
    Dns,
    Tls,
    Refused,
    Timeout,
    /// The connection dropped after the request was sent.
    Dropped,
    Other,
}

impl NetworkCause {
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkCause::Dns => "dns",
            NetworkCause::Tls => "tls",
            NetworkCause::Refused => "refused",
            NetworkCause::Timeout => "timeout",
            NetworkCause::Dropped => "dropped",
            NetworkCause::Other => "network",
        }
    }
}

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
         or revoked. Check GITLAB_TOKEN, or run `runnerctl auth login --url {url}`"
    )]
    Unauthorized { url: String },

    #[error("no API token for {url}: set GITLAB_TOKEN, or run `runnerctl auth login --url {url}`")]
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

    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
}

impl ApiError {
    /// The HTTP status GitLab answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Unauthorized { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::Rejected { status, .. } | ApiError::Server { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn network_cause(&self) -> Option<NetworkCause> {
        match self {
            ApiError::Network { cause, .. } => Some(*cause),
            _ => None,
        }
    }

    /// A request that may have reached GitLab and run there although no success came back:
    /// a timeout, a dropped connection, or a 5xx from GitLab or a proxy in front of it.
    pub fn may_have_run(&self) -> bool {
        match self {
            ApiError::Network { cause, .. } => {
                matches!(
                    cause,
                    NetworkCause::Timeout | NetworkCause::Dropped | NetworkCause::Other
                )
            }
            ApiError::Server { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

fn network_message(cause: &NetworkCause, host: &str, detail: &str, timeout: &Duration) -> String {
    match cause {
        NetworkCause::Dns => format!(
            "cannot resolve the host name {host} (DNS lookup failed): check the GitLab URL and this machine's DNS"
        ),
        // With --ca-file the detail names the file and what to do; never ask for the flag
        // that was given.
        NetworkCause::Tls if detail.contains("--ca-file") => format!(
            "the TLS handshake with {host} failed: {}",
            super::tls::refusal_reason(detail).unwrap_or(detail)
        ),
        NetworkCause::Tls if detail.contains("CaUsedAsEndEntity") => format!(
            "the TLS handshake with {host} failed: the server's certificate is {} (as `openssl req -x509` makes by default); if you trust it, save that very certificate to a file and pass --ca-file FILE (or set SSL_CERT_FILE)",
            super::tls::CA_AS_SERVER_CERT
        ),
        NetworkCause::Tls => format!(
            "the TLS handshake with {host} failed ({detail}): if GitLab uses a private CA, pass --ca-file or set SSL_CERT_FILE; check that the URL's scheme (http/https) is right"
        ),
        NetworkCause::Refused => format!(
            "connection to {host} was refused: nothing listens at that address and port; check the GitLab URL and that GitLab is up"
        ),
        NetworkCause::Timeout => format!(
            "GitLab at {host} did not answer within {} s (timeout): check the network or a proxy (HTTPS_PROXY), or raise --timeout",
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
    let Ok(value) = serde_json::from_str::<serde_json::Value>(body) else {
        return body
            .chars()
            .take(200)
            .collect::<String>()
            .trim()
            .to_string();
    };
    if let Some(message) = value.get("message") {
        return match message {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
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

impl fmt::Display for NetworkCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
