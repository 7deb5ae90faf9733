//! The runner's own log: where it is read from ([`read`]), and what its lines say
//! ([`signatures`]). The catalogue is pure; reading spawns `journalctl` or `docker` through
//! [`crate::child`] with a deadline, or reads a file's tail, and never blocks for longer than
//! [`ReadLimits::timeout`].

mod journal;
mod read;
pub mod short_token;
pub mod signatures;

use chrono::{DateTime, Utc};

pub use read::{ReadError, ReadLimits, read};
pub use short_token::short_forms;
pub use signatures::{Classified, Signal, classify};

/// Where the log comes from: the contract's `source` evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogSource {
    /// The systemd journal of these units (`journalctl -u … -o json`).
    Journal { units: Vec<String> },
    /// A log file the operator named with `--runner-log PATH`.
    File(std::path::PathBuf),
    /// `docker logs` of the container the operator named with `--runner-log docker:NAME`.
    Docker(String),
}

impl LogSource {
    /// `--runner-log`'s value: `docker:NAME` or a path.
    pub fn from_argument(value: &str) -> LogSource {
        match value.strip_prefix("docker:") {
            Some(name) if !name.is_empty() => LogSource::Docker(name.to_string()),
            _ => LogSource::File(value.into()),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            LogSource::Journal { .. } => "journal",
            LogSource::File(_) => "file",
            LogSource::Docker(_) => "docker",
        }
    }

    /// How the operator would read it themself, for notices.
    pub fn describe(&self) -> String {
        match self {
            LogSource::Journal { units } => format!("the journal of {}", units.join(", ")),
            LogSource::File(path) => path.display().to_string(),
            LogSource::Docker(name) => format!("docker logs {name}"),
        }
    }
}

/// One line of the log, with its time when the source gives one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    pub at: Option<DateTime<Utc>>,
    pub text: String,
}

/// A log line as doctor shows it: colour codes removed (gitlab-runner colours every line,
/// even into the journal: log/runner_formatter.go), then each of `secrets` and anything that
/// looks like a known kind of token replaced by `[REDACTED]`.
pub fn clean_line(text: &str, secrets: &[&str]) -> String {
    let mut line = strip_ansi(text);
    for secret in secrets {
        if secret.len() >= 8 {
            line = line.replace(secret, "[REDACTED]");
        }
    }
    for known in crate::token::KNOWN_PREFIXES {
        line = redact_after(&line, known.prefix);
    }
    line
}

/// `ESC [ … letter` sequences removed.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Every `prefix` followed by 8 or more token characters becomes `prefix[REDACTED]`.
fn redact_after(line: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let run = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        out.push_str(&rest[..at + prefix.len()]);
        if run >= 8 {
            out.push_str("[REDACTED]");
        } else {
            out.push_str(&after[..run]);
        }
        rest = &after[run..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_go_and_tokens_are_redacted() {
        let raw = "\u{1b}[31;1mERROR: Checking for jobs... forbidden \u{1b}[0;m  \u{1b}[31;1mrunner\u{1b}[0;m=abc123def token=glrt-abcdefghijklmnopqrst x=glrt-ab";
        let line = clean_line(raw, &["secretsecret"]);
        assert_eq!(
            line,
            "ERROR: Checking for jobs... forbidden   runner=abc123def token=glrt-[REDACTED] x=glrt-ab"
        );
        assert_eq!(
            clean_line("a secretsecret b", &["secretsecret"]),
            "a [REDACTED] b"
        );
    }

    #[test]
    fn docker_prefix_or_path() {
        assert_eq!(
            LogSource::from_argument("docker:gitlab-runner"),
            LogSource::Docker("gitlab-runner".into())
        );
        assert_eq!(
            LogSource::from_argument("/var/log/runner.log"),
            LogSource::File("/var/log/runner.log".into())
        );
    }
}
