//! `secrets.*`: the tokens runnerctl keeps in its secret store.

use serde_json::{Map, Value, json};

use super::{Describe, evidence, runner_subject};
use crate::doctor::catalogue::{FindingId, RunnerRef, Subject};

/// `secrets.unregistered_token`
#[derive(Debug, Clone, PartialEq)]
pub struct SecretsUnregisteredToken {
    pub runner: RunnerRef,
}

impl Describe for SecretsUnregisteredToken {
    const ID: FindingId = FindingId::SecretsUnregisteredToken;

    fn subject(&self) -> Subject {
        runner_subject(&self.runner)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("runner_id", json!(self.runner.id))])
    }

    fn summary(&self) -> String {
        format!(
            "The token of {}, made by `runnerctl create`, is in the secret store, but no entry in config.toml uses it and the runner has never contacted GitLab.",
            self.runner
        )
    }

    fn fix(&self) -> String {
        format!(
            "Register it on the machine that should run its jobs with `runnerctl register --runner {} --executor shell` (other executors need more flags: `runnerctl register --help`); if nobody needs it, `runnerctl prune --never-contacted {} --dry-run` shows what deleting never-contacted runners would remove.",
            self.runner.id,
            self.runner.prune_scope()
        )
    }
}
