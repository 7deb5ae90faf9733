//! What became of a request that got no answer: the cause doctor's `*.unreachable` evidence
//! names, read from reqwest's error chain.

use std::fmt;

/// The network-level cause of a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum NetworkCause {
    Dns,
    Tls,
    Refused,
    Timeout,
    /// The connection dropped after the request was sent.
    Dropped,
    #[serde(rename = "network")]
    #[strum(serialize = "network")]
    Other,
}

impl NetworkCause {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl fmt::Display for NetworkCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A connection that dropped after the request went out: the cases the contract retries for
/// idempotent requests ("connection resets").
pub(crate) fn is_dropped(error: &reqwest::Error) -> bool {
    !error.is_timeout() && !error.is_connect() && matches!(classify(error).0, NetworkCause::Dropped)
}

pub(crate) fn classify(error: &reqwest::Error) -> (NetworkCause, String) {
    let mut texts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    let mut refused = false;
    let mut reset = false;
    while let Some(current) = source {
        texts.push(current.to_string());
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => refused = true,
                std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::UnexpectedEof => reset = true,
                _ => {}
            }
        }
        source = current.source();
    }
    let all = texts.join(": ").to_lowercase();
    let detail = texts.last().cloned().unwrap_or_default();
    let cause = if error.is_timeout() || all.contains("timed out") {
        NetworkCause::Timeout
    } else if refused || all.contains("connection refused") {
        NetworkCause::Refused
    } else if all.contains("dns error")
        || all.contains("failed to lookup address")
        || all.contains("name or service not known")
    {
        NetworkCause::Dns
    } else if all.contains("certificate")
        || all.contains("tls")
        || all.contains("handshake")
        || all.contains("corrupt message")
        || all.contains("invalidcontenttype")
    {
        NetworkCause::Tls
    } else if reset
        || all.contains("connection closed")
        || all.contains("connection reset")
        || all.contains("incomplete message")
        || all.contains("end of file")
    {
        NetworkCause::Dropped
    } else {
        NetworkCause::Other
    };
    (cause, detail)
}
