//! `runner.*`: each runner in scope, by its contact with the forge.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::{
    Describe, SERVICE_INSTALL, capitalized, evidence, optional_timestamp, runner_subject, timestamp,
};
use crate::doctor::catalogue::{FindingId, RunnerRef, Subject};

/// Why a runner never contacted GitLab, as far as this machine can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeverContactedCause {
    NotRegisteredHere,
    ServiceNotInstalled,
    ServiceNotRunning,
    RegisteredHere,
    /// Registered here, and the runner log shows the server refusing its token (403).
    TokenRejected,
    /// Registered here, and the runner log shows it cannot reach the server.
    Unreachable,
    Unknown,
}

impl NeverContactedCause {
    pub fn as_str(self) -> &'static str {
        match self {
            NeverContactedCause::NotRegisteredHere => "not_registered_here",
            NeverContactedCause::ServiceNotInstalled => "service_not_installed",
            NeverContactedCause::ServiceNotRunning => "service_not_running",
            NeverContactedCause::RegisteredHere => "registered_here",
            NeverContactedCause::TokenRejected => "token_rejected",
            NeverContactedCause::Unreachable => "unreachable",
            NeverContactedCause::Unknown => "unknown",
        }
    }
}

/// `runner.never_contacted`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerNeverContacted {
    pub runner: RunnerRef,
    pub cause: NeverContactedCause,
    /// The local config.toml, when local checks ran.
    pub config_path: Option<String>,
}

impl Describe for RunnerNeverContacted {
    const ID: FindingId = FindingId::RunnerNeverContacted;

    fn subject(&self) -> Subject {
        runner_subject(&self.runner)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("cause", json!(self.cause.as_str()))])
    }

    fn summary(&self) -> String {
        let path = self.config_path.as_deref().unwrap_or("config.toml");
        let runner = capitalized(&self.runner);
        match self.cause {
            NeverContactedCause::NotRegisteredHere => format!(
                "{runner} has never contacted GitLab, and no entry in {path} on this machine belongs to it."
            ),
            NeverContactedCause::ServiceNotInstalled => format!(
                "{runner} has never contacted GitLab: it is registered in {path}, but the gitlab-runner service is not installed."
            ),
            NeverContactedCause::ServiceNotRunning => format!(
                "{runner} has never contacted GitLab: it is registered in {path}, but the gitlab-runner service is not running."
            ),
            NeverContactedCause::RegisteredHere => format!(
                "{runner} has never contacted GitLab, although it is registered in {path} and the gitlab-runner service is running."
            ),
            NeverContactedCause::TokenRejected => format!(
                "{runner} has never contacted GitLab: it is registered in {path}, but its log shows GitLab refusing its token (403 Forbidden)."
            ),
            NeverContactedCause::Unreachable => format!(
                "{runner} has never contacted GitLab: it is registered in {path}, but its log shows it cannot reach GitLab (see runner_log.unreachable or runner_log.tls)."
            ),
            NeverContactedCause::Unknown => {
                format!("{runner} has never contacted GitLab, so no machine runs it yet.")
            }
        }
    }

    fn fix(&self) -> String {
        let id = self.runner.id;
        let path = self.config_path.as_deref().unwrap_or("config.toml");
        match self.cause {
            NeverContactedCause::NotRegisteredHere => format!(
                "Register it on the machine that should run its jobs with `runnerctl register --runner {id} --executor shell` (other executors need more flags: `runnerctl register --help`)."
            ),
            NeverContactedCause::ServiceNotInstalled => format!(
                "Install gitlab-runner and its service with `{SERVICE_INSTALL}`, then start it with `sudo runnerctl start`."
            ),
            NeverContactedCause::ServiceNotRunning => {
                "Start the service with `sudo runnerctl start`.".to_string()
            }
            NeverContactedCause::RegisteredHere => format!(
                "Check the entry's `url` in {path}, that this machine reaches GitLab (network, proxy, TLS), that the service reads this file (as root it reads /etc/gitlab-runner/config.toml, as a user ~/.gitlab-runner/config.toml), and the service's log (`journalctl -u gitlab-runner`)."
            ),
            NeverContactedCause::TokenRejected => format!(
                "The token in the entry is not this runner's any more (reset, or the runner recreated): check it with `runnerctl doctor --verify-tokens`, then register the runner again with its current token (`runnerctl register --runner {id} --executor shell`)."
            ),
            NeverContactedCause::Unreachable => "Fix what the runner_log finding names (DNS, firewall, proxy or the certificate authority), then restart the service with `sudo runnerctl restart`.".to_string(),
            NeverContactedCause::Unknown => format!(
                "Register it on the machine that should run its jobs with `runnerctl register --runner {id} --executor shell` (other executors need more flags: `runnerctl register --help`); if it is registered there, run `runnerctl doctor` on that machine to see why it does not connect."
            ),
        }
    }
}

/// `runner.offline`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerOffline {
    pub runner: RunnerRef,
    pub contacted_at: Option<DateTime<Utc>>,
    /// GitLab says online, but the runner has no manager left: its last host unregistered
    /// within 2 hours on a GitLab that counts that as a contact.
    pub no_managers: bool,
}

impl Describe for RunnerOffline {
    const ID: FindingId = FindingId::RunnerOffline;

    fn subject(&self) -> Subject {
        runner_subject(&self.runner)
    }

    fn evidence(&self) -> Map<String, Value> {
        if self.no_managers {
            evidence(vec![
                ("contacted_at", optional_timestamp(&self.contacted_at)),
                ("no_managers", json!(true)),
            ])
        } else {
            evidence(vec![(
                "contacted_at",
                optional_timestamp(&self.contacted_at),
            )])
        }
    }

    fn summary(&self) -> String {
        let runner = capitalized(&self.runner);
        if self.no_managers {
            return format!(
                "{runner} reads online in GitLab, but no host runs it: it has no runner managers left. It reads online only because its last host unregistered within the last 2 hours, which this GitLab version counts as a contact."
            );
        }
        match &self.contacted_at {
            Some(at) => format!(
                "{runner} is offline: it last contacted GitLab at {}, more than 2 hours ago.",
                timestamp(at)
            ),
            None => {
                format!("{runner} is offline: it has not contacted GitLab for more than 2 hours.")
            }
        }
    }

    fn fix(&self) -> String {
        if self.no_managers {
            return format!(
                "Register it on a host with `runnerctl register --runner {id} --executor shell`, or, if no host should run it, delete it with `runnerctl unregister --runner {id} --delete-runner`; GitLab shows it offline 2 hours after the unregister.",
                id = self.runner.id
            );
        }
        "On the runner's machine, run `runnerctl doctor`, and start the service with `sudo runnerctl start` if it is stopped.".to_string()
    }
}

/// `runner.stale`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerStale {
    pub runner: RunnerRef,
    pub contacted_at: Option<DateTime<Utc>>,
}

impl Describe for RunnerStale {
    const ID: FindingId = FindingId::RunnerStale;

    fn subject(&self) -> Subject {
        runner_subject(&self.runner)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![(
            "contacted_at",
            optional_timestamp(&self.contacted_at),
        )])
    }

    fn summary(&self) -> String {
        let runner = capitalized(&self.runner);
        match &self.contacted_at {
            Some(at) => format!(
                "{runner} is stale: it last contacted GitLab at {}, more than 7 days ago.",
                timestamp(at)
            ),
            None => format!(
                "{runner} is stale: it was created more than 7 days ago and has never contacted GitLab."
            ),
        }
    }

    fn fix(&self) -> String {
        format!(
            "If its machine still exists, start the service there with `sudo runnerctl start`; if not, delete the runner: `runnerctl prune --stale {} --dry-run` shows what would be removed.",
            self.runner.prune_scope()
        )
    }
}

/// `runner.paused`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerPaused {
    pub runner: RunnerRef,
}

impl Describe for RunnerPaused {
    const ID: FindingId = FindingId::RunnerPaused;

    fn subject(&self) -> Subject {
        runner_subject(&self.runner)
    }

    fn evidence(&self) -> Map<String, Value> {
        Map::new()
    }

    fn summary(&self) -> String {
        format!(
            "{} is paused, so it takes no new jobs.",
            capitalized(&self.runner)
        )
    }

    fn fix(&self) -> String {
        format!(
            "Resume it with `runnerctl resume {}` when it should take jobs again.",
            self.runner.id
        )
    }
}
