//! What went wrong talking to Gitea or Forgejo, classified so that callers branch on it and
//! `commands/hints.rs` can add the next step. No message holds a token.

use std::time::Duration;

use crate::transport::{NetworkCause, RedirectRefusal, network_message, redirect_message};

use super::flavour::ServerKind;

#[derive(Debug, thiserror::Error)]
pub enum GiteaError {
    #[error("{}", network_message(.cause, .url, .detail, .timeout))]
    Network {
        cause: NetworkCause,
        /// The address tried, without its query.
        url: String,
        detail: String,
        timeout: Duration,
    },

    #[error(
        "the server at {url} refused the API token (401 Unauthorized): it is missing, invalid, \
         expired or revoked"
    )]
    Unauthorized { url: String },

    #[error("no API token for {url}")]
    MissingToken { url: String },

    #[error("{}", forbidden_message(.action, .missing_scope, .message))]
    Forbidden {
        action: String,
        message: String,
        /// The scope(s) the server named as missing (`write:admin`), from its message.
        missing_scope: Option<String>,
    },

    #[error("{what} was not found (404), or this token may not see it{}", server_says(.message))]
    NotFound { what: String, message: String },

    /// The server's version lacks the route (`needs`: "Gitea 1.26", "Forgejo 15").
    #[error("{what} needs {needs} or later")]
    NeedsVersion { what: String, needs: String },

    /// No version of this server kind can do it (pausing a Forgejo runner).
    #[error("{server} cannot {what}")]
    Unsupported { what: String, server: ServerKind },

    /// What answered is not Gitea's or Forgejo's API.
    #[error("the answer from {url} does not look like Gitea's or Forgejo's API ({what})")]
    NotGitea { url: String, what: String },

    /// The runner's credentials are unknown to the server: the runner was deleted.
    #[error("the server does not know this runner (unregistered runner): it was deleted")]
    UnregisteredRunner,

    #[error(
        "the server does not know this registration token (runner registration token not found)"
    )]
    RegistrationTokenNotFound,

    #[error(
        "the registration token has been replaced by a newer one on the server (runner \
         registration token has been invalidated)"
    )]
    RegistrationTokenInvalidated,

    #[error("the server refused to {action} ({status}){}", server_says(.message))]
    Rejected {
        action: String,
        status: u16,
        message: String,
    },

    #[error("the server answered {status} while trying to {action}{}", server_says(.message))]
    Server {
        action: String,
        status: u16,
        message: String,
    },

    #[error("the answer to {what} could not be read: {detail}")]
    Decode { what: String, detail: String },

    /// A redirect not followed: another origin never gets the token, a header or a body.
    #[error("{}", redirect_message(.status, .method, .from, .to, .refusal))]
    Redirect {
        status: u16,
        method: String,
        from: String,
        to: String,
        refusal: RedirectRefusal,
    },

    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
}

impl GiteaError {
    pub fn status(&self) -> Option<u16> {
        match self {
            GiteaError::Unauthorized { .. } => Some(401),
            GiteaError::Forbidden { .. } => Some(403),
            GiteaError::NotFound { .. } => Some(404),
            GiteaError::Rejected { status, .. } | GiteaError::Server { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    pub fn network_cause(&self) -> Option<NetworkCause> {
        match self {
            GiteaError::Network { cause, .. } => Some(*cause),
            _ => None,
        }
    }

    /// A request that may have run on the server although no success came back.
    pub fn may_have_run(&self) -> bool {
        match self {
            GiteaError::Network { cause, .. } => matches!(
                cause,
                NetworkCause::Timeout | NetworkCause::Dropped | NetworkCause::Other
            ),
            GiteaError::Server { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

/// The scope(s) a Gitea or Forgejo 403 names as missing. Two wordings
/// (gitea routers/api/v1/api.go `tokenRequiresScopes`): older Gitea and Forgejo
/// "token does not have at least one of required scope(s): [read:user]", newer Gitea
/// "token does not have at least one of required scope(s), required=[write:admin], token
/// scope=read:admin".
pub fn missing_scope(message: &str) -> Option<String> {
    let after = &message[message.find("required scope(s)")? + "required scope(s)".len()..];
    let open = after.find('[')?;
    let close = open + after[open..].find(']')?;
    let scopes: Vec<&str> = after[open + 1..close]
        .split([',', ' '])
        .filter(|scope| !scope.is_empty())
        .collect();
    (!scopes.is_empty()).then(|| scopes.join(", "))
}

fn forbidden_message(action: &str, missing_scope: &Option<String>, message: &str) -> String {
    match missing_scope {
        Some(scope) => format!(
            "the API token may not {action} (403 Forbidden): it lacks the scope {scope}{}",
            server_says(message)
        ),
        None => format!(
            "the API token's user may not {action} (403 Forbidden){}",
            server_says(message)
        ),
    }
}

fn server_says(message: &str) -> String {
    if message.is_empty() {
        String::new()
    } else {
        format!(" (the server says: {message})")
    }
}

/// The longest server message quoted in an error.
const MAX_QUOTED: usize = 300;

/// A server's `{"message"}` (Gitea's APIError) or the text, cut short and without control
/// characters (a server's words reach a terminal).
pub(crate) fn message_from_body(body: &str) -> String {
    let text = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value.get("message")?.as_str().map(str::to_string))
        .unwrap_or_else(|| {
            if body.to_ascii_lowercase().contains("<html") {
                "an HTML page".to_string()
            } else {
                body.to_string()
            }
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_missing_scope_is_read_from_both_wordings() {
        assert_eq!(
            missing_scope("token does not have at least one of required scope(s): [read:user]")
                .as_deref(),
            Some("read:user")
        );
        assert_eq!(
            missing_scope(
                "token does not have at least one of required scope(s), required=[write:admin], \
                 token scope=read:admin"
            )
            .as_deref(),
            Some("write:admin")
        );
        assert_eq!(
            missing_scope("token does not have at least one of required scope(s): [read:user, write:repository]")
                .as_deref(),
            Some("read:user, write:repository")
        );
        assert_eq!(
            missing_scope("user should be an owner of the organization"),
            None
        );
    }

    #[test]
    fn a_server_message_is_quoted_short_and_without_control_characters() {
        let message = message_from_body(r#"{"message":"no\u001b]0;x\u0007 way"}"#);
        assert!(!message.chars().any(char::is_control), "{message:?}");
        assert!(message_from_body(&"x".repeat(1000)).chars().count() <= 301);
        assert_eq!(
            message_from_body("<html><body>x</body></html>"),
            "an HTML page"
        );
    }
}
