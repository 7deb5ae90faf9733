//! `runner_log.*`: what the runner's own log shows, one finding per cause and subject.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::{Describe, Problem, evidence, optional_timestamp, timestamp};
use crate::doctor::catalogue::{FindingId, Subject};
use crate::doctor::log_facts::{LongPollingConfig, Signal};

/// Which runner wrote the log: the words of a fix differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogRunner {
    Gitlab,
    Actions,
    Semaphore,
}

impl LogRunner {
    fn program(self) -> &'static str {
        match self {
            LogRunner::Gitlab => "gitlab-runner",
            LogRunner::Actions => "the runner",
            LogRunner::Semaphore => "the Semaphore runner",
        }
    }
}

/// One cause the log shows for one subject (a config entry, or the machine).
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerLogFinding {
    pub signal: Signal,
    pub runner: LogRunner,
    pub subject: Subject,
    /// The newest matching line, redacted, with the entry's name for its token.
    pub line: String,
    pub last_seen: Option<DateTime<Utc>>,
    pub count: usize,
    pub source: &'static str,
    pub url: Option<String>,
    pub long_polling: Option<LongPollingConfig>,
    /// The runner's config file, for fixes that name it.
    pub config_path: Option<String>,
}

impl RunnerLogFinding {
    pub fn into_problem(self) -> Problem {
        match self.signal {
            Signal::Forbidden => RunnerLogForbidden(self).into(),
            Signal::Unhealthy => RunnerLogUnhealthy(self).into(),
            Signal::Tls => RunnerLogTls(self).into(),
            Signal::Unreachable => RunnerLogUnreachable(self).into(),
            Signal::LongPolling => RunnerLogLongPolling(self).into(),
            Signal::UserMode => RunnerLogUserMode(self).into(),
            Signal::UnregisteredRunner => RunnerLogUnregisteredRunner(self).into(),
            Signal::RegistrationTokenInvalid => RunnerLogRegistrationTokenInvalid(self).into(),
            Signal::RunnerFileLocked => RunnerLogRunnerFileLocked(self).into(),
            Signal::ConfigError => RunnerLogConfigError(self).into(),
        }
    }

    fn who(&self) -> String {
        match &self.subject {
            Subject::ConfigEntry { name, .. } => format!("runner `{name}`"),
            _ => "the runner".to_string(),
        }
    }

    /// "3 times, last at 2026-12-05T10:00:00Z".
    fn seen(&self) -> String {
        let times = if self.count == 1 {
            "once".to_string()
        } else {
            format!("{} times", self.count)
        };
        match &self.last_seen {
            Some(at) => format!("{times}, last at {}", timestamp(at)),
            None => times,
        }
    }

    fn url_words(&self) -> String {
        self.url.clone().unwrap_or_else(|| "the server".to_string())
    }

    fn evidence(&self) -> Map<String, Value> {
        let mut pairs = vec![
            ("line", json!(self.line)),
            ("last_seen", optional_timestamp(&self.last_seen)),
            ("count", json!(self.count)),
            ("source", json!(self.source)),
        ];
        if let Some(url) = &self.url {
            pairs.push(("url", json!(url)));
        }
        if let Some(config) = &self.long_polling {
            pairs.push(("concurrent", json!(config.concurrent)));
            pairs.push(("entries", json!(config.entries)));
            let lowest = config
                .request_concurrency
                .iter()
                .map(|(_, value)| *value)
                .min()
                .unwrap_or(1);
            pairs.push(("request_concurrency", json!(lowest)));
        }
        evidence(pairs)
    }

    fn summary(&self) -> String {
        let who = self.who();
        let seen = self.seen();
        let program = self.runner.program();
        match self.signal {
            Signal::Forbidden => format!(
                "The runner log shows GitLab refusing the token of {who} with 403 Forbidden ({seen}): the token was reset, its runner deleted, or it belongs to another GitLab instance."
            ),
            Signal::Unhealthy => format!(
                "{} disabled {who} after repeated failed requests ({seen}): it polls for no job until its unhealthy interval (1h by default) ends.",
                capital(program)
            ),
            Signal::Tls => format!(
                "{} cannot verify the TLS certificate of {} ({seen}), so {who} never reaches it.",
                capital(program),
                self.url_words()
            ),
            Signal::Unreachable => format!(
                "{} cannot reach {} ({seen}): the name does not resolve, the connection is refused, or it times out.",
                capital(program),
                self.url_words()
            ),
            Signal::LongPolling => format!(
                "gitlab-runner warns of long polling issues ({seen}): with `concurrent` below the number of runners or `request_concurrency` at 1, jobs wait up to GitLab's long poll (50 s) for a free worker.{}",
                self.long_polling
                    .as_ref()
                    .map(|config| format!(
                        " This config.toml has concurrent = {} for {} runners.",
                        config.concurrent, config.entries
                    ))
                    .unwrap_or_default()
            ),
            Signal::UserMode => format!(
                "gitlab-runner ran in user-mode ({seen}): not as root, it reads ~/.gitlab-runner/config.toml, not {}.",
                self.config_path
                    .as_deref()
                    .unwrap_or("/etc/gitlab-runner/config.toml")
            ),
            Signal::UnregisteredRunner => format!(
                "The server answers `unregistered runner` to {who} ({seen}): its runner was deleted on the server, so it takes no job."
            ),
            Signal::RegistrationTokenInvalid => format!(
                "The server refused the registration token {who} registered with ({seen}): the token is unknown or was invalidated."
            ),
            Signal::RunnerFileLocked => format!(
                "Another runner process holds the lock of the runner's .runner file ({seen}), so this one exits at start."
            ),
            Signal::ConfigError => format!(
                "{} refused its configuration ({seen}): {}.",
                capital(program),
                self.line
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .trim_end_matches(['.', '!'])
            ),
        }
    }

    fn fix(&self) -> String {
        match self.signal {
            Signal::Forbidden => "Check the runner still exists and its token is current with `runnerctl doctor --verify-tokens`; if it was deleted or its token reset, create a runner and register it again (`runnerctl create --register`).".to_string(),
            Signal::Unhealthy => "Fix the failures logged before it (the other runner_log findings), then restart the service with `sudo runnerctl restart` so that it polls at once.".to_string(),
            Signal::Tls => format!(
                "Give the runner the certificate authority that signed {}'s certificate: for gitlab-runner, `tls-ca-file` in the entry or a file /etc/gitlab-runner/certs/HOST.crt; for other runners, the system's trust store.",
                self.url_words()
            ),
            Signal::Unreachable => format!(
                "Check that this host resolves and reaches {} (`curl -sSI {}`), and any proxy or firewall between them.",
                self.url_words(),
                self.url.as_deref().unwrap_or("URL")
            ),
            Signal::LongPolling => long_polling_fix(self.long_polling.as_ref()),
            Signal::UserMode => "Run the service as root (`sudo runnerctl start`), or edit the config.toml the user-mode runner reads; registering with sudo writes /etc/gitlab-runner/config.toml.".to_string(),
            Signal::UnregisteredRunner => "Register the runner again with a new registration token (`runnerctl create --register`), then remove the old runner's .runner file and restart the service.".to_string(),
            Signal::RegistrationTokenInvalid => "Register with a current registration token: `runnerctl create --register` reads one through the API.".to_string(),
            Signal::RunnerFileLocked => "Stop the other runner process (`systemctl status` shows it) or give each daemon its own .runner file, then restart the service.".to_string(),
            Signal::ConfigError => format!(
                "Fix the setting the line names in {}, then check it again with `runnerctl doctor`.",
                self.config_path.as_deref().unwrap_or("the runner's config")
            ),
        }
    }
}

fn long_polling_fix(config: Option<&LongPollingConfig>) -> String {
    let Some(config) = config else {
        return "Raise `concurrent` in config.toml to at least the number of [[runners]] entries, and `request_concurrency` of busy entries above 1, then restart the service.".to_string();
    };
    let low: Vec<&str> = config
        .request_concurrency
        .iter()
        .filter(|(_, value)| *value <= 1)
        .map(|(name, _)| name.as_str())
        .collect();
    if (config.concurrent as usize) < config.entries {
        format!(
            "Raise `concurrent` in config.toml from {} to at least {} (one per [[runners]] entry), then restart the service with `sudo runnerctl restart`.",
            config.concurrent, config.entries
        )
    } else if !low.is_empty() {
        format!(
            "Raise `request_concurrency` above 1 for {} in config.toml, then restart the service with `sudo runnerctl restart`.",
            low.join(", ")
        )
    } else {
        "Both `concurrent` and `request_concurrency` look large enough now; if the warning returns after a restart (`sudo runnerctl restart`), raise `request_concurrency`.".to_string()
    }
}

/// The start of a sentence; gitlab-runner keeps its own spelling.
fn capital(text: &str) -> String {
    if text.starts_with("gitlab-runner") {
        return text.to_string();
    }
    super::capitalize_first(text)
}

macro_rules! log_findings {
    ($($name:ident => $id:ident,)*) => {$(
        /// A `runner_log.*` finding of one id; the words are [`RunnerLogFinding`]'s.
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name(pub RunnerLogFinding);

        impl Describe for $name {
            const ID: FindingId = FindingId::$id;

            fn subject(&self) -> Subject {
                self.0.subject.clone()
            }

            fn evidence(&self) -> Map<String, Value> {
                self.0.evidence()
            }

            fn summary(&self) -> String {
                self.0.summary()
            }

            fn fix(&self) -> String {
                self.0.fix()
            }
        }
    )*};
}

log_findings! {
    RunnerLogForbidden => RunnerLogForbidden,
    RunnerLogUnhealthy => RunnerLogUnhealthy,
    RunnerLogTls => RunnerLogTls,
    RunnerLogUnreachable => RunnerLogUnreachable,
    RunnerLogLongPolling => RunnerLogLongPolling,
    RunnerLogUserMode => RunnerLogUserMode,
    RunnerLogUnregisteredRunner => RunnerLogUnregisteredRunner,
    RunnerLogRegistrationTokenInvalid => RunnerLogRegistrationTokenInvalid,
    RunnerLogRunnerFileLocked => RunnerLogRunnerFileLocked,
    RunnerLogConfigError => RunnerLogConfigError,
}
