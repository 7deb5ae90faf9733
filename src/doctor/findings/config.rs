//! `config.*`: the local config.toml and each of its `[[runners]]` entries.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::{Describe, entry_subject, evidence, timestamp};
use crate::doctor::catalogue::{EntryRef, FindingId, Subject};
use crate::doctor::facts::MissingReason;

fn readable_by(mode: u32) -> &'static str {
    match (mode & 0o040 != 0, mode & 0o004 != 0) {
        (true, true) => "its group and all other users",
        (false, true) => "all other users",
        _ => "its group",
    }
}

fn rotate_command(entry: &EntryRef, runner_id: Option<u64>) -> String {
    match runner_id {
        Some(id) => format!("runnerctl rotate {id}"),
        None => format!("runnerctl rotate --name {}", entry.name),
    }
}

/// `config.missing`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigMissing {
    pub path: String,
}

impl Describe for ConfigMissing {
    const ID: FindingId = FindingId::ConfigMissing;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("path", json!(self.path))])
    }

    fn summary(&self) -> String {
        format!(
            "There is no gitlab-runner configuration at {}, so this machine runs no jobs.",
            self.path
        )
    }

    fn fix(&self) -> String {
        "Register a runner on this machine with `runnerctl register --runner ID --executor shell` (other executors need more flags: `runnerctl register --help`) (create one first with `runnerctl create -g GROUP`), or point runnerctl at the right file with `--config PATH`.".to_string()
    }
}

/// `config.unparseable`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigUnparseable {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Describe for ConfigUnparseable {
    const ID: FindingId = FindingId::ConfigUnparseable;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("path", json!(self.path)),
            ("line", json!(self.line)),
            ("column", json!(self.column)),
            ("message", json!(self.message)),
        ])
    }

    fn summary(&self) -> String {
        let Self {
            path,
            line,
            column,
            message,
        } = self;
        format!(
            "{path} is not valid TOML (line {line}, column {column}: {message}), so gitlab-runner cannot load it."
        )
    }

    fn fix(&self) -> String {
        let Self { path, line, .. } = self;
        format!(
            "Correct line {line} of {path} by hand, then run `runnerctl doctor` again; runnerctl never rewrites a file it cannot parse."
        )
    }
}

/// `config.invalid`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigInvalid {
    pub path: String,
    pub key: String,
    pub expected: String,
    pub found: String,
}

impl Describe for ConfigInvalid {
    const ID: FindingId = FindingId::ConfigInvalid;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("path", json!(self.path)),
            ("key", json!(self.key)),
            ("expected", json!(self.expected)),
            ("found", json!(self.found)),
        ])
    }

    fn summary(&self) -> String {
        let Self {
            path,
            key,
            expected,
            found,
        } = self;
        format!(
            "gitlab-runner would refuse to load {path}: `{key}` must be {expected}, but it is {found}."
        )
    }

    fn fix(&self) -> String {
        let Self {
            path,
            key,
            expected,
            ..
        } = self;
        format!("Change `{key}` in {path} to {expected}, then run `runnerctl doctor` again.")
    }
}

/// `config.permissions`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigPermissions {
    pub path: String,
    pub mode: u32,
}

impl Describe for ConfigPermissions {
    const ID: FindingId = FindingId::ConfigPermissions;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("path", json!(self.path)),
            ("mode", json!(format!("{:04o}", self.mode))),
        ])
    }

    fn summary(&self) -> String {
        let Self { path, mode } = self;
        format!(
            "{path} holds runner tokens but is readable by {} (mode {mode:04o}).",
            readable_by(*mode)
        )
    }

    fn fix(&self) -> String {
        format!(
            "Make it readable by its owner only: `chmod 600 {}` (with `sudo` if root owns it).",
            self.path
        )
    }
}

/// `config.no_runners`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigNoRunners {
    pub path: String,
}

impl Describe for ConfigNoRunners {
    const ID: FindingId = FindingId::ConfigNoRunners;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("path", json!(self.path))])
    }

    fn summary(&self) -> String {
        format!(
            "{} has no [[runners]] entry, so gitlab-runner on this machine takes no jobs.",
            self.path
        )
    }

    fn fix(&self) -> String {
        "Register a runner on this machine: `runnerctl register --runner ID --executor shell` for a runner made with `runnerctl create` (other executors need more flags: `runnerctl register --help`), or `runnerctl create -g GROUP --register` to make and register a new one.".to_string()
    }
}

/// `config.duplicate_token`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigDuplicateToken {
    pub path: String,
    pub entry: EntryRef,
    pub same_as: EntryRef,
}

impl Describe for ConfigDuplicateToken {
    const ID: FindingId = FindingId::ConfigDuplicateToken;

    fn subject(&self) -> Subject {
        entry_subject(&self.entry)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("same_as_index", json!(self.same_as.index))])
    }

    fn summary(&self) -> String {
        let Self { entry, same_as, .. } = self;
        format!(
            "Config {entry} uses the same runner token as {same_as}, so both poll GitLab as one runner, and when one of them renews the token the other is locked out."
        )
    }

    fn fix(&self) -> String {
        let Self {
            path,
            entry,
            same_as,
        } = self;
        if entry.name != same_as.name && !entry.name.is_empty() {
            format!(
                "Keep one entry per token: remove {entry} with `runnerctl unregister --name {}`, or give it a runner of its own with `runnerctl create -g GROUP --register`.",
                entry.name
            )
        } else {
            format!(
                "Keep one entry per token: delete {entry} from {path} by hand (its name is not unique), or give it a runner of its own with `runnerctl create -g GROUP --register`."
            )
        }
    }
}

/// `config.legacy_token`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigLegacyToken {
    pub entry: EntryRef,
}

impl Describe for ConfigLegacyToken {
    const ID: FindingId = FindingId::ConfigLegacyToken;

    fn subject(&self) -> Subject {
        entry_subject(&self.entry)
    }

    fn evidence(&self) -> Map<String, Value> {
        Map::new()
    }

    fn summary(&self) -> String {
        format!(
            "Config {} uses a legacy runner token from the registration-token workflow, which GitLab deprecated in 15.6 and plans to remove in 20.0.",
            self.entry
        )
    }

    fn fix(&self) -> String {
        format!(
            "Replace it with a runner authentication token: create a runner with `runnerctl create` (`-g GROUP`, `-p PROJECT` or `--instance`) and `--register`, then remove this entry with `runnerctl unregister --name {}`.",
            self.entry.name
        )
    }
}

/// `config.runner_not_found`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigRunnerNotFound {
    pub entry: EntryRef,
    pub runner_id: u64,
    pub likely: MissingReason,
}

impl Describe for ConfigRunnerNotFound {
    const ID: FindingId = FindingId::ConfigRunnerNotFound;

    fn subject(&self) -> Subject {
        entry_subject(&self.entry)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("runner_id", json!(self.runner_id)),
            ("likely", json!(self.likely.as_str())),
        ])
    }

    fn summary(&self) -> String {
        let Self {
            entry, runner_id, ..
        } = self;
        match self.likely {
            MissingReason::Deleted => format!(
                "Config {entry} belongs to runner {runner_id}, which no longer exists in GitLab, so this entry takes no jobs."
            ),
            MissingReason::NotVisibleToToken => format!(
                "Config {entry} belongs to runner {runner_id}, which your API token cannot see, so its state in GitLab could not be checked."
            ),
        }
    }

    fn fix(&self) -> String {
        let Self {
            entry, runner_id, ..
        } = self;
        match self.likely {
            MissingReason::Deleted => format!(
                "Remove the entry with `runnerctl unregister --name {}`, then make and register a replacement with `runnerctl create -g GROUP --register`.",
                entry.name
            ),
            MissingReason::NotVisibleToToken => format!(
                "Log in with the token of a user who manages runner {runner_id} (`runnerctl auth login`), or, if the entry's `url` is another GitLab, run doctor with `--url` set to it."
            ),
        }
    }
}

/// `config.token_rejected`: GitLab refuses the entry's token.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigTokenRejected {
    pub entry: EntryRef,
    pub runner_id: Option<u64>,
}

impl Describe for ConfigTokenRejected {
    const ID: FindingId = FindingId::ConfigTokenRejected;

    fn subject(&self) -> Subject {
        entry_subject(&self.entry)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("runner_id", json!(self.runner_id)),
            ("reason", json!("rejected")),
        ])
    }

    fn summary(&self) -> String {
        format!(
            "GitLab rejected the token of config {}: it was reset or has expired, or the runner was deleted, so this entry takes no jobs.",
            self.entry
        )
    }

    fn fix(&self) -> String {
        let Self { entry, runner_id } = self;
        format!(
            "Get a new token with `{}`; if the runner was deleted, remove the entry with `runnerctl unregister --name {}` and register a new runner.",
            rotate_command(entry, *runner_id),
            entry.name
        )
    }
}

/// `config.token_rejected` for a runner GitLab calls orphaned: the token is fine, the
/// runner's project or group is gone.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigRunnerOrphaned {
    pub entry: EntryRef,
    pub runner_id: Option<u64>,
}

impl Describe for ConfigRunnerOrphaned {
    const ID: FindingId = FindingId::ConfigTokenRejected;

    fn subject(&self) -> Subject {
        entry_subject(&self.entry)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("runner_id", json!(self.runner_id)),
            ("reason", json!("orphaned")),
        ])
    }

    fn summary(&self) -> String {
        format!(
            "GitLab refuses the token of config {} because its runner is orphaned: the project or group that owned the runner was deleted, so this entry takes no jobs.",
            self.entry
        )
    }

    fn fix(&self) -> String {
        format!(
            "Create a new runner with `runnerctl create -p PROJECT --register` (or `-g GROUP`), then remove this entry with `runnerctl unregister --name {}`.",
            self.entry.name
        )
    }
}

/// `config.token_expiring`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigTokenExpiring {
    pub entry: EntryRef,
    pub runner_id: Option<u64>,
    pub expires_at: DateTime<Utc>,
}

impl Describe for ConfigTokenExpiring {
    const ID: FindingId = FindingId::ConfigTokenExpiring;

    fn subject(&self) -> Subject {
        entry_subject(&self.entry)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("expires_at", json!(timestamp(&self.expires_at)))])
    }

    fn summary(&self) -> String {
        format!(
            "The token of config {} expires at {}, less than 7 days from now; after that this entry takes no jobs.",
            self.entry,
            timestamp(&self.expires_at)
        )
    }

    fn fix(&self) -> String {
        format!(
            "Renew the token now with `{}`.",
            rotate_command(&self.entry, self.runner_id)
        )
    }
}

/// `config.token_expired`
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigTokenExpired {
    pub entry: EntryRef,
    pub runner_id: Option<u64>,
    pub expires_at: DateTime<Utc>,
}

impl Describe for ConfigTokenExpired {
    const ID: FindingId = FindingId::ConfigTokenExpired;

    fn subject(&self) -> Subject {
        entry_subject(&self.entry)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("expires_at", json!(timestamp(&self.expires_at)))])
    }

    fn summary(&self) -> String {
        format!(
            "The token of config {} expired at {}, so GitLab refuses this entry and it takes no jobs.",
            self.entry,
            timestamp(&self.expires_at)
        )
    }

    fn fix(&self) -> String {
        format!(
            "Get a new token with `{}`.",
            rotate_command(&self.entry, self.runner_id)
        )
    }
}
