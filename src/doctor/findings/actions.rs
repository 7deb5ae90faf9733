//! The `service.*`, `runner.*` and `job.*` findings of a Gitea or Forgejo run: the same ids as
//! GitLab's where the meaning is the same, in the words of Actions (labels, `runs-on`,
//! repositories), and `job.match_unknown`, which only these servers need.

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value, json};

use super::{Describe, capitalize_first, evidence, id_list, job_subject, runner_list};
use crate::doctor::catalogue::{FindingId, JobRef, Subject};
use crate::doctor::facts::ServiceManager;
use crate::doctor::gitea_facts::{RunnerScope, ServerKind};

/// A Gitea or Forgejo runner as findings name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionsRunnerRef {
    pub id: u64,
    pub name: String,
    pub scope: RunnerScope,
}

impl fmt::Display for ActionsRunnerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name.trim() {
            "" => write!(f, "runner {}", self.id),
            name => write!(f, "runner {} ({name})", self.id),
        }
    }
}

fn label_list(labels: &[String]) -> String {
    let quoted: Vec<String> = labels.iter().map(|label| format!("`{label}`")).collect();
    match quoted.as_slice() {
        [] => "no labels".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// How to enable a disabled runner again, after "enable it".
fn resume_advice(kind: ServerKind, id: u64) -> String {
    match kind {
        ServerKind::Gitea => {
            format!(
                "with `runnerctl resume {id}` (Gitea 1.26 or later) or in Gitea's runner settings"
            )
        }
        // Forgejo's API has no disable route: only its web interface changes the setting.
        ServerKind::Forgejo => {
            "in Forgejo's runner settings (Settings > Actions > Runners)".to_string()
        }
    }
}

/// `service.not_installed`
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsServiceNotInstalled {
    pub kind: ServerKind,
}

impl Describe for ActionsServiceNotInstalled {
    const ID: FindingId = FindingId::ServiceNotInstalled;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        Map::new()
    }

    fn summary(&self) -> String {
        "No runner service (gitea-runner, act_runner or forgejo-runner) is installed on this machine, so nothing here picks up jobs.".to_string()
    }

    fn fix(&self) -> String {
        let program = match self.kind {
            ServerKind::Gitea => "gitea-runner",
            ServerKind::Forgejo => "forgejo-runner",
        };
        format!(
            "Install {program} with a systemd unit whose `WorkingDirectory=` holds the `.runner` file, then start it with `sudo runnerctl start`."
        )
    }
}

/// `service.not_running`
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsServiceNotRunning {
    pub manager: ServiceManager,
    pub unit: Option<String>,
    pub path: String,
}

impl Describe for ActionsServiceNotRunning {
    const ID: FindingId = FindingId::ServiceNotRunning;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("manager", json!(self.manager.as_str()))])
    }

    fn summary(&self) -> String {
        let service = match &self.unit {
            Some(unit) => format!("The runner service {unit}"),
            None => "The runner service".to_string(),
        };
        format!(
            "{service} ({}) is installed but not running, so the runner in {} takes no jobs.",
            self.manager.as_str(),
            self.path
        )
    }

    fn fix(&self) -> String {
        match &self.unit {
            Some(unit) => format!(
                "Start it with `sudo runnerctl start`; if it stops again, its log says why (`journalctl -u {unit}`)."
            ),
            None => {
                "Start it with `sudo runnerctl start`; if it stops again, the system log says why."
                    .to_string()
            }
        }
    }
}

/// `runner.offline`: Gitea and Forgejo keep no last-seen time in their API, so a runner never
/// seen is offline too, and `contacted_at` is null.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsRunnerOffline {
    pub kind: ServerKind,
    pub runner: ActionsRunnerRef,
}

impl Describe for ActionsRunnerOffline {
    const ID: FindingId = FindingId::RunnerOffline;

    fn subject(&self) -> Subject {
        Subject::Runner { id: self.runner.id }
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("contacted_at", Value::Null)])
    }

    fn summary(&self) -> String {
        // models/actions/runner.go: RunnerOfflineTime is one minute since the last poll.
        format!(
            "{} is offline: it has not polled {} in the last minute.",
            capitalize_first(&self.runner.to_string()),
            self.kind.name()
        )
    }

    fn fix(&self) -> String {
        "On the runner's machine, run `runnerctl doctor`, and start the service with `sudo runnerctl start` if it is stopped.".to_string()
    }
}

/// `runner.paused`: the runner is disabled.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsRunnerPaused {
    pub kind: ServerKind,
    pub runner: ActionsRunnerRef,
}

impl Describe for ActionsRunnerPaused {
    const ID: FindingId = FindingId::RunnerPaused;

    fn subject(&self) -> Subject {
        Subject::Runner { id: self.runner.id }
    }

    fn evidence(&self) -> Map<String, Value> {
        Map::new()
    }

    fn summary(&self) -> String {
        format!(
            "{} is disabled, so it takes no new jobs.",
            capitalize_first(&self.runner.to_string())
        )
    }

    fn fix(&self) -> String {
        format!(
            "When it should take jobs again, enable it {}.",
            resume_advice(self.kind, self.runner.id)
        )
    }
}

/// `job.no_runners_available`
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsJobNoRunners {
    pub job: JobRef,
    /// The repository's Actions unit; `None` when the repository was not gathered.
    pub actions_enabled: Option<bool>,
    /// The owner's runners, which Gitea does not offer the job because the repository's
    /// Actions unit is off.
    pub owner_runners: Vec<u64>,
}

impl Describe for ActionsJobNoRunners {
    const ID: FindingId = FindingId::JobNoRunnersAvailable;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("actions_enabled", json!(self.actions_enabled)),
            ("owner_runners", json!(self.owner_runners)),
        ])
    }

    fn summary(&self) -> String {
        let job = &self.job;
        if self.owner_runners.is_empty() {
            format!(
                "{job} is stuck: no runner at all serves {}: it has no runners of its own, its owner has none, and there are no instance runners.",
                job.project
            )
        } else {
            format!(
                "{job} is stuck: {} of its owner could take it, but Actions is turned off for {}, and owners' runners only take jobs of repositories with Actions on.",
                runner_list(&self.owner_runners),
                job.project
            )
        }
    }

    fn fix(&self) -> String {
        let create = format!(
            "`runnerctl create {} --register`",
            create_scope(&self.job.project)
        );
        if self.owner_runners.is_empty() {
            format!(
                "Make a runner for it with {create} (or `-g GROUP` to serve an organization's repositories)."
            )
        } else {
            format!(
                "Turn on Actions in the repository's Settings > Units, or make it a runner of its own with {create}."
            )
        }
    }
}

/// `job.tags_unmatched`: no runner in scope has every `runs-on` label.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsJobLabelsUnmatched {
    pub job: JobRef,
    /// Most labels matched, then lowest id.
    pub closest_runner: Option<u64>,
    pub missing_tags: Vec<String>,
    /// Job label → the closest runner's label equal to it but for ASCII case, `-` or `_`.
    pub near_miss: BTreeMap<String, String>,
}

impl Describe for ActionsJobLabelsUnmatched {
    const ID: FindingId = FindingId::JobTagsUnmatched;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("job_tags", json!(self.job.tags)),
            ("closest_runner", json!(self.closest_runner)),
            ("missing_tags", json!(self.missing_tags)),
            ("near_miss", json!(self.near_miss)),
        ])
    }

    fn summary(&self) -> String {
        let Self {
            job,
            closest_runner,
            missing_tags,
            near_miss,
        } = self;
        let mut summary = format!(
            "{job} is stuck: it runs on {}, and no runner that serves the repository has {}",
            label_list(&job.tags),
            if job.tags.len() == 1 {
                "that label"
            } else {
                "all of them"
            },
        );
        match closest_runner {
            Some(id) => summary.push_str(&format!(
                "; the closest, runner {id}, lacks {}.",
                label_list(missing_tags)
            )),
            None => summary.push('.'),
        }
        if let (Some(id), false) = (closest_runner, near_miss.is_empty()) {
            let pairs: Vec<String> = near_miss
                .iter()
                .map(|(wanted, has)| format!("`{has}` where the job says `{wanted}`"))
                .collect();
            summary.push_str(&format!(
                " Runner {id} has {}: labels must match exactly.",
                pairs.join(" and ")
            ));
        }
        summary
    }

    fn fix(&self) -> String {
        let Self {
            job,
            closest_runner,
            missing_tags,
            near_miss,
        } = self;
        let Some(id) = closest_runner else {
            return format!(
                "Make a runner with these labels: `runnerctl create {} {} --register`.",
                create_scope(&job.project),
                job.tags
                    .iter()
                    .map(|label| format!("--label {label}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        };
        let add = format!(
            "`runnerctl update {id} {}`",
            missing_tags
                .iter()
                .map(|label| format!("--add-tag {label}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        if near_miss.is_empty() {
            format!(
                "Add the missing labels to runner {id} with {add}, or change the job's `runs-on:` in its workflow to labels a runner has."
            )
        } else {
            format!(
                "Spell the job's `runs-on:` in its workflow exactly as runner {id} does, or add the job's spelling to the runner with {add}."
            )
        }
    }
}

/// `job.runners_paused`: every runner that could take the job is disabled.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsJobRunnersPaused {
    pub kind: ServerKind,
    pub job: JobRef,
    pub runners: Vec<u64>,
}

impl Describe for ActionsJobRunnersPaused {
    const ID: FindingId = FindingId::JobRunnersPaused;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("runners", json!(self.runners))])
    }

    fn summary(&self) -> String {
        let job = &self.job;
        match self.runners.as_slice() {
            [id] => format!(
                "{job} is stuck: runner {id}, the only one that could take it, is disabled."
            ),
            _ => format!(
                "{job} is stuck: every runner that could take it ({}) is disabled.",
                id_list(&self.runners)
            ),
        }
    }

    fn fix(&self) -> String {
        // Never empty from the diagnosis; the default keeps a hand-made one from panicking.
        let id = self.runners.first().copied().unwrap_or_default();
        format!("Enable one of them {}.", resume_advice(self.kind, id))
    }
}

/// `job.runners_offline`: the enabled runners that could take the job are all offline.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsJobRunnersOffline {
    pub job: JobRef,
    pub runners: Vec<u64>,
}

impl Describe for ActionsJobRunnersOffline {
    const ID: FindingId = FindingId::JobRunnersOffline;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![("runners", json!(self.runners))])
    }

    fn summary(&self) -> String {
        let job = &self.job;
        match self.runners.as_slice() {
            [id] => format!(
                "{job} is stuck: runner {id}, the only enabled one that could take it, is offline."
            ),
            _ => format!(
                "{job} is stuck: none of the enabled runners that could take it ({}) is online.",
                id_list(&self.runners)
            ),
        }
    }

    fn fix(&self) -> String {
        let id = self.runners.first().copied().unwrap_or_default();
        format!(
            "Bring one online: on the machine of runner {id}, run `runnerctl doctor` and start the service with `sudo runnerctl start`."
        )
    }
}

/// `job.waiting_for_capacity`: not a problem, a note.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionsJobWaiting {
    pub job: JobRef,
    /// The online, enabled runners that can take it.
    pub runners: Vec<u64>,
    /// Those of them that are not busy: one takes the job at its next poll.
    pub idle: Vec<u64>,
}

impl Describe for ActionsJobWaiting {
    const ID: FindingId = FindingId::JobWaitingForCapacity;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("runners", json!(self.runners)),
            ("idle", json!(self.idle)),
        ])
    }

    fn summary(&self) -> String {
        let runners = runner_list(&self.runners);
        if self.idle.is_empty() {
            format!(
                "{} is waiting for a free runner: {runners} can take it, and {} busy.",
                self.job,
                if self.runners.len() == 1 {
                    "it is"
                } else {
                    "all are"
                }
            )
        } else {
            format!(
                "{} is waiting for the next poll: {} can take it and {} idle.",
                self.job,
                runner_list(&self.idle),
                if self.idle.len() == 1 { "is" } else { "are" }
            )
        }
    }

    fn fix(&self) -> String {
        "Nothing is broken. If jobs often wait, raise `runner.capacity` in the runners' config.yaml, or add runners.".to_string()
    }
}

/// `job.match_unknown`: no visible runner can take the job, but instance runners cannot be
/// seen without an admin token, so one of them may.
#[derive(Debug, Clone, PartialEq)]
pub struct JobMatchUnknown {
    pub kind: ServerKind,
    pub job: JobRef,
}

impl Describe for JobMatchUnknown {
    const ID: FindingId = FindingId::JobMatchUnknown;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("job_tags", json!(self.job.tags)),
            ("instance_runners_unknown", json!(true)),
        ])
    }

    fn summary(&self) -> String {
        format!(
            "{} runs on {}, and no runner your token can see can take it; {} shows its instance runners only to an administrator, so one of them may still take it.",
            self.job,
            label_list(&self.job.tags),
            self.kind.name()
        )
    }

    fn fix(&self) -> String {
        format!(
            "Run `runnerctl doctor` again with a site administrator's token to see the instance runners, or make a runner for the repository with `runnerctl create {} --register`.",
            create_scope(&self.job.project)
        )
    }
}

/// The scope flag of `runnerctl create` for a job's repository: `-p owner/repo`; `-g owner`
/// when only the owner is known (Forgejo's job lists name a repository by id alone, and one
/// outside the repositories read stays unnamed); `--instance` when not even that.
fn create_scope(project: &str) -> String {
    match project.split_once('/') {
        Some((owner, "")) if !owner.is_empty() => format!("-g {owner}"),
        Some(_) => format!("-p {project}"),
        None if project.is_empty() => "--instance".to_string(),
        None => format!("-p {project}"),
    }
}
