//! What doctor read of the runner's own log: plain data, shared by every forge's facts.

use chrono::{DateTime, Utc};

pub use crate::runner_log::Signal;

/// The log as read: the lines the catalogue knows, and config.toml's polling settings when a
/// long polling warning asks for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunnerLogFacts {
    /// The contract's `source`: `journal`, `file` or `docker`.
    pub source: &'static str,
    pub events: Vec<LogEvent>,
    pub long_polling: Option<LongPollingConfig>,
}

/// One line the catalogue classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    pub signal: Signal,
    /// gitlab-runner's `runner=` (a token's short form), or its `Runner "<url><short>"`.
    pub runner: Option<String>,
    /// gitlab-runner's `runner_name=` (18.9 and later).
    pub runner_name: Option<String>,
    /// The instance the line names, for TLS and network errors.
    pub url: Option<String>,
    /// The line, colour codes removed and every token in it redacted.
    pub line: String,
    pub at: Option<DateTime<Utc>>,
}

/// config.toml's settings behind `Long polling issues detected`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongPollingConfig {
    /// The global `concurrent` (gitlab-runner's default is 1).
    pub concurrent: u64,
    /// The number of `[[runners]]` entries.
    pub entries: usize,
    /// Each entry's `request_concurrency` (default 1), by name.
    pub request_concurrency: Vec<(String, u64)>,
}

/// A config entry a log line may name: its short token forms and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogCandidate {
    pub index: usize,
    pub name: String,
    pub short_forms: Vec<String>,
}
