//! What went wrong talking to Semaphore UI, classified so that callers branch on it and
//! `commands/hints.rs` can add the next step. No message holds a token or a private key.

use std::time::Duration;

use crate::transport::{NetworkCause, RedirectRefusal, network_message, redirect_message};

#[derive(Debug, thiserror::Error)]
pub enum SemaphoreError {
    #[error("{}", network_message(.cause, .url, .detail, .timeout))]
    Network {
        cause: NetworkCause,
        /// The address tried, without its query.
        url: String,
        detail: String,
        timeout: Duration,
    },

    #[error(
        "Semaphore at {url} refused the API token (401 Unauthorized): it is missing, invalid or \
         expired"
    )]
    Unauthorized { url: String },

    #[error("no Semaphore UI API token for {url}")]
    MissingToken { url: String },

    /// Semaphore's tokens have no scopes: a 403 on the runner routes means the token's user
    /// is not an admin (api/router.go `adminMiddleware`), elsewhere not a member with the role.
    #[error(
        "the API token's user may not {action} (403 Forbidden): {}{}",
        if *.admin_route { "Semaphore's runner routes need an admin user" } else { "the user lacks the project role" },
        server_says(.message)
    )]
    Forbidden {
        action: String,
        admin_route: bool,
        message: String,
    },

    #[error("{what} was not found (404){}", server_says(.message))]
    NotFound { what: String, message: String },

    /// The open-source server lists project runners but answers 404 to changing them.
    #[error(
        "Semaphore answered 404 to {action}: project runners can be created and changed only on \
         Semaphore Pro (the open-source server only lists them)"
    )]
    NeedsPro { action: String },

    /// What answered is not Semaphore's API.
    #[error("the answer from {url} does not look like Semaphore UI's API ({what})")]
    NotSemaphore { url: String, what: String },

    /// The registration token was refused by `POST /api/internal/runners`.
    #[error(
        "Semaphore refused the runner registration token ({status}): it is not the server's \
         registration token, or self-registration is off{}",
        server_says(.message)
    )]
    RegistrationRefused { status: u16, message: String },

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

impl SemaphoreError {
    pub fn status(&self) -> Option<u16> {
        match self {
            SemaphoreError::Unauthorized { .. } => Some(401),
            SemaphoreError::Forbidden { .. } => Some(403),
            SemaphoreError::NotFound { .. } | SemaphoreError::NeedsPro { .. } => Some(404),
            SemaphoreError::Rejected { status, .. }
            | SemaphoreError::Server { status, .. }
            | SemaphoreError::RegistrationRefused { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn network_cause(&self) -> Option<NetworkCause> {
        match self {
            SemaphoreError::Network { cause, .. } => Some(*cause),
            _ => None,
        }
    }

    /// A request that may have run on the server although no success came back.
    pub fn may_have_run(&self) -> bool {
        match self {
            SemaphoreError::Network { cause, .. } => matches!(
                cause,
                NetworkCause::Timeout | NetworkCause::Dropped | NetworkCause::Other
            ),
            SemaphoreError::Server { status, .. } => *status >= 500,
            _ => false,
        }
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

/// Semaphore's `{"error": "…"}` (api/helpers `WriteErrorStatus`) or the text, cut short and
/// without control characters (a server's words reach a terminal).
pub(crate) fn message_from_body(body: &str) -> String {
    let text = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value.get("error")?.as_str().map(str::to_string))
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
