//! `runner_file.*`: the runner's host file on this machine (Gitea's and Forgejo's `.runner`).

use serde_json::{Map, Value, json};

use super::{Describe, evidence};
use crate::doctor::catalogue::{FindingId, Subject};
use crate::doctor::gitea_facts::ServerKind;

fn host_file(path: &str) -> Subject {
    Subject::HostFile {
        path: path.to_string(),
    }
}

/// The runner program of each server, as its docs name it.
fn runner_program(kind: ServerKind) -> &'static str {
    match kind {
        ServerKind::Gitea => "gitea-runner",
        ServerKind::Forgejo => "forgejo-runner",
    }
}

/// `runner_file.missing`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerFileMissing {
    pub kind: ServerKind,
    pub path: String,
}

impl Describe for RunnerFileMissing {
    const ID: FindingId = FindingId::RunnerFileMissing;

    fn subject(&self) -> Subject {
        host_file(&self.path)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("path", json!(self.path))])
    }

    fn summary(&self) -> String {
        format!(
            "There is no {} `.runner` file at {}, so no runner on this machine can reach {}.",
            runner_program(self.kind),
            self.path,
            self.kind.name()
        )
    }

    fn fix(&self) -> String {
        "Register a runner on this machine with `runnerctl register --runner ID` (create one first with `runnerctl create -g GROUP`), or point runnerctl at the file the runner's service reads: it is `.runner` in the service's working directory.".to_string()
    }
}

/// `runner_file.unparseable`: not the runner's JSON, or not a regular file (`line` and
/// `column` are then absent).
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerFileUnparseable {
    pub kind: ServerKind,
    pub path: String,
    /// `None` when the path is not a regular file.
    pub position: Option<(usize, usize)>,
}

impl Describe for RunnerFileUnparseable {
    const ID: FindingId = FindingId::RunnerFileUnparseable;

    fn subject(&self) -> Subject {
        host_file(&self.path)
    }

    fn evidence(&self) -> Map<String, Value> {
        match self.position {
            Some((line, column)) => evidence(vec![
                ("path", json!(self.path)),
                ("line", json!(line)),
                ("column", json!(column)),
            ]),
            None => evidence(vec![
                ("path", json!(self.path)),
                ("line", Value::Null),
                ("column", Value::Null),
            ]),
        }
    }

    fn summary(&self) -> String {
        let program = runner_program(self.kind);
        match self.position {
            Some((line, column)) => format!(
                "{} is not valid runner JSON (line {line}, column {column}), so {program} cannot start with it.",
                self.path
            ),
            None => format!(
                "{} is not a regular file, so {program} cannot read it.",
                self.path
            ),
        }
    }

    fn fix(&self) -> String {
        match self.position {
            Some((line, _)) => format!(
                "Correct line {line} of {} by hand, then run `runnerctl doctor` again; runnerctl never rewrites a file it cannot parse.",
                self.path
            ),
            None => format!(
                "Move whatever is at {} out of the way, then register the runner again with `runnerctl register --runner ID`.",
                self.path
            ),
        }
    }
}

/// `runner_file.permissions`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerFilePermissions {
    pub path: String,
    pub mode: u32,
}

impl Describe for RunnerFilePermissions {
    const ID: FindingId = FindingId::RunnerFilePermissions;

    fn subject(&self) -> Subject {
        host_file(&self.path)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("path", json!(self.path)),
            ("mode", json!(format!("{:04o}", self.mode))),
        ])
    }

    fn summary(&self) -> String {
        let Self { path, mode } = self;
        let who = match (mode & 0o040 != 0, mode & 0o004 != 0) {
            (true, true) => "its group and all other users",
            (false, true) => "all other users",
            _ => "its group",
        };
        // The runners create the file with os.Create (0666 & ~umask): 0644 is their default,
        // not a mistake of the operator's (runner internal/pkg/config/registration.go).
        format!(
            "{path} holds the runner's token but is readable by {who} (mode {mode:04o}, as the runner itself writes it)."
        )
    }

    fn fix(&self) -> String {
        format!(
            "Make it readable by its owner only: `chmod 600 {}` (with `sudo` if another user owns it); the runner keeps working.",
            self.path
        )
    }
}

/// `runner_file.address_mismatch`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerFileAddressMismatch {
    pub kind: ServerKind,
    pub path: String,
    /// The file's `address`, as written.
    pub address: String,
    /// The URL doctor checks.
    pub url: String,
}

impl Describe for RunnerFileAddressMismatch {
    const ID: FindingId = FindingId::RunnerFileAddressMismatch;

    fn subject(&self) -> Subject {
        host_file(&self.path)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("address", json!(self.address))])
    }

    fn summary(&self) -> String {
        format!(
            "{} points the runner at {}, not at {} ({}), so the runner's jobs and status are on another server than the one checked.",
            self.path,
            self.address,
            self.url,
            self.kind.name()
        )
    }

    fn fix(&self) -> String {
        format!(
            "If the runner belongs to {}, register it there with `runnerctl register --runner ID`; if the file is right, run `runnerctl doctor --url {}` instead.",
            self.url, self.address
        )
    }
}

/// `runner_file.token_rejected`
#[derive(Debug, Clone, PartialEq)]
pub struct RunnerFileTokenRejected {
    pub kind: ServerKind,
    pub path: String,
    pub runner_id: u64,
}

impl Describe for RunnerFileTokenRejected {
    const ID: FindingId = FindingId::RunnerFileTokenRejected;

    fn subject(&self) -> Subject {
        host_file(&self.path)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("runner_id", json!(self.runner_id))])
    }

    fn summary(&self) -> String {
        format!(
            "{} answers \"unregistered runner\" to the credentials in {}: runner {} was deleted, so this machine takes no jobs.",
            self.kind.name(),
            self.path,
            self.runner_id
        )
    }

    fn fix(&self) -> String {
        "Make a new runner and register it here with `runnerctl create -g GROUP --register` (or `-p PROJECT`); the old file is replaced.".to_string()
    }
}
