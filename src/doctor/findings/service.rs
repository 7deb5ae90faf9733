//! `service.*`: the gitlab-runner service on this machine.

use serde_json::{Map, Value, json};

use super::{Describe, SERVICE_INSTALL, evidence};
use crate::doctor::catalogue::{FindingId, Subject};
use crate::doctor::facts::ServiceManager;

/// `service.not_installed`
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceNotInstalled;

impl Describe for ServiceNotInstalled {
    const ID: FindingId = FindingId::ServiceNotInstalled;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        Map::new()
    }

    fn summary(&self) -> String {
        "The gitlab-runner service is not installed on this machine, so nothing here picks up jobs."
            .to_string()
    }

    fn fix(&self) -> String {
        format!(
            "Install gitlab-runner (https://docs.gitlab.com/runner/install/) and its service with `{SERVICE_INSTALL}`, then start it with `sudo runnerctl start`."
        )
    }
}

/// `service.not_running`
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceNotRunning {
    pub manager: ServiceManager,
    pub path: String,
}

impl Describe for ServiceNotRunning {
    const ID: FindingId = FindingId::ServiceNotRunning;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("manager", json!(self.manager.as_str()))])
    }

    fn summary(&self) -> String {
        format!(
            "The gitlab-runner service ({}) is installed but not running, so the runners in {} take no jobs.",
            self.manager.as_str(),
            self.path
        )
    }

    fn fix(&self) -> String {
        match self.manager {
            ServiceManager::Systemd => "Start it with `sudo runnerctl start`; if it stops again, its log says why (`journalctl -u gitlab-runner`).".to_string(),
            ServiceManager::GitlabRunner => "Start it with `sudo runnerctl start`; if it stops again, the system log says why.".to_string(),
        }
    }
}
