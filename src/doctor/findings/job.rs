//! `job.*`: why each pending job in scope is stuck, or that it only waits for capacity.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::{Describe, capitalize_first, evidence, id_list, job_subject, runner_list};
use crate::doctor::catalogue::{FindingId, JobRef, Subject, plural};

/// The part of a job's decision that depends on its project's settings, carried into the
/// evidence of every job finding of the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobContext {
    /// The API token could not see `group_runners_enabled`; it was assumed on.
    pub group_runners_enabled_assumed: bool,
}

impl JobContext {
    fn add_to(self, evidence: &mut Map<String, Value>) {
        if self.group_runners_enabled_assumed {
            evidence.insert(
                "group_runners_enabled_assumed".to_string(),
                Value::Bool(true),
            );
        }
    }
}

/// A job finding's own evidence, then its project's context.
fn job_evidence(pairs: Vec<(&str, Value)>, context: JobContext) -> Map<String, Value> {
    let mut map = evidence(pairs);
    context.add_to(&mut map);
    map
}

/// "`gpu`", "`gpu` and `cuda`", "`a`, `b` and `c`".
fn tag_list(tags: &[String]) -> String {
    let quoted: Vec<String> = tags.iter().map(|tag| format!("`{tag}`")).collect();
    match quoted.as_slice() {
        [] => "no tags".to_string(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `job.no_runners_available`
#[derive(Debug, Clone, PartialEq)]
pub struct JobNoRunnersAvailable {
    pub job: JobRef,
    pub context: JobContext,
    pub shared_runners_enabled: bool,
    pub group_runners_enabled: bool,
}

impl Describe for JobNoRunnersAvailable {
    const ID: FindingId = FindingId::JobNoRunnersAvailable;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        job_evidence(
            vec![
                ("shared_runners_enabled", json!(self.shared_runners_enabled)),
                ("group_runners_enabled", json!(self.group_runners_enabled)),
            ],
            self.context,
        )
    }

    fn summary(&self) -> String {
        let job = &self.job;
        let instance = if self.shared_runners_enabled {
            "there are no instance runners"
        } else {
            "instance runners are turned off for the project"
        };
        let group = match (
            self.group_runners_enabled,
            self.context.group_runners_enabled_assumed,
        ) {
            (false, _) => "group runners are turned off for it",
            (true, false) => "its groups have no runners",
            (true, true) => {
                "its groups have no runners (if group runners are on for it: your token cannot see that setting)"
            }
        };
        format!(
            "{job} is stuck: no runner at all is available to {}, because {instance}, {group}, and it has no runners of its own.",
            job.project
        )
    }

    fn fix(&self) -> String {
        let create = format!("`runnerctl create -p {} --register`", self.job.project);
        match (self.shared_runners_enabled, self.group_runners_enabled) {
            (false, _) => format!(
                "Turn on instance runners in the project's Settings > CI/CD > Runners, or make it a runner of its own with {create}."
            ),
            (true, false) => format!(
                "Turn on group runners in the project's Settings > CI/CD > Runners, or make it a runner of its own with {create}."
            ),
            (true, true) => format!(
                "Make a runner for it with {create} (or `-g GROUP` to serve the whole group)."
            ),
        }
    }
}

/// `job.tags_unmatched`
#[derive(Debug, Clone, PartialEq)]
pub struct JobTagsUnmatched {
    pub job: JobRef,
    pub context: JobContext,
    pub closest_runner: Option<u64>,
    pub missing_tags: Vec<String>,
    pub near_miss: BTreeMap<String, String>,
}

impl Describe for JobTagsUnmatched {
    const ID: FindingId = FindingId::JobTagsUnmatched;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        job_evidence(
            vec![
                ("job_tags", json!(self.job.tags)),
                ("closest_runner", json!(self.closest_runner)),
                ("missing_tags", json!(self.missing_tags)),
                ("near_miss", json!(self.near_miss)),
            ],
            self.context,
        )
    }

    fn summary(&self) -> String {
        let Self {
            job,
            closest_runner,
            missing_tags,
            near_miss,
            ..
        } = self;
        let mut summary = format!(
            "{job} is stuck: it needs {} {}, and no runner available to the project has {}",
            if job.tags.len() == 1 {
                "the tag"
            } else {
                "the tags"
            },
            tag_list(&job.tags),
            if job.tags.len() == 1 {
                "it"
            } else {
                "all of them"
            },
        );
        match closest_runner {
            Some(id) => summary.push_str(&format!(
                "; the closest, runner {id}, lacks {}.",
                tag_list(missing_tags)
            )),
            None => summary.push('.'),
        }
        if let (Some(id), false) = (closest_runner, near_miss.is_empty()) {
            let pairs: Vec<String> = near_miss
                .iter()
                .map(|(wanted, has)| format!("`{has}` where the job says `{wanted}`"))
                .collect();
            summary.push_str(&format!(
                " Runner {id} has {}: tags must match exactly, including case.",
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
            ..
        } = self;
        let Some(id) = closest_runner else {
            return format!(
                "Make a runner with these tags: `runnerctl create -p {} {} --register`.",
                job.project,
                job.tags
                    .iter()
                    .map(|tag| format!("--tag {tag}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        };
        let add = format!(
            "`runnerctl update {id} {}`",
            missing_tags
                .iter()
                .map(|tag| format!("--add-tag {tag}"))
                .collect::<Vec<_>>()
                .join(" ")
        );
        if near_miss.is_empty() {
            format!(
                "Add the missing tags to runner {id} with {add}, or change the job's `tags:` in .gitlab-ci.yml to tags a runner has."
            )
        } else {
            format!(
                "Spell the job's `tags:` in .gitlab-ci.yml exactly as runner {id} does, or add the job's spelling to the runner with {add}."
            )
        }
    }
}

/// `job.untagged_not_accepted`
#[derive(Debug, Clone, PartialEq)]
pub struct JobUntaggedNotAccepted {
    pub job: JobRef,
    pub context: JobContext,
    pub runners_available: Vec<u64>,
}

impl Describe for JobUntaggedNotAccepted {
    const ID: FindingId = FindingId::JobUntaggedNotAccepted;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        job_evidence(
            vec![("runners_available", json!(self.runners_available))],
            self.context,
        )
    }

    fn summary(&self) -> String {
        format!(
            "{} is stuck: it has no tags, and none of the {} available to the project runs untagged jobs.",
            self.job,
            plural(self.runners_available.len(), "runner", "runners")
        )
    }

    fn fix(&self) -> String {
        match self.runners_available.first() {
            Some(id) => format!(
                "Give the job `tags:` that one of these runners has, or let a runner take untagged jobs: `runnerctl update {id} --run-untagged`."
            ),
            None => "Give the job `tags:` that an available runner has.".to_string(),
        }
    }
}

/// `job.protected_runners_only`
#[derive(Debug, Clone, PartialEq)]
pub struct JobProtectedRunnersOnly {
    pub job: JobRef,
    pub context: JobContext,
    pub runners: Vec<u64>,
}

impl Describe for JobProtectedRunnersOnly {
    const ID: FindingId = FindingId::JobProtectedRunnersOnly;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        job_evidence(vec![("runners", json!(self.runners))], self.context)
    }

    fn summary(&self) -> String {
        let job = &self.job;
        match self.runners.as_slice() {
            [id] => format!(
                "{job} is stuck: runner {id}, the only one with its tags, takes only jobs on protected branches and tags, and `{}` is not protected.",
                job.ref_name
            ),
            _ => format!(
                "{job} is stuck: the runners with its tags ({}) take only jobs on protected branches and tags, and `{}` is not protected.",
                id_list(&self.runners),
                job.ref_name
            ),
        }
    }

    fn fix(&self) -> String {
        // The diagnosis never builds this finding with an empty runner list; the default only
        // keeps a hand-made one from panicking.
        let id = self.runners.first().copied().unwrap_or_default();
        format!(
            "If `{}` should use these runners, protect it in the project's Settings > Repository and run a new pipeline (a job keeps the protection its pipeline was created with); otherwise let one take any ref: `runnerctl update {id} --access-level not_protected`.",
            self.job.ref_name
        )
    }
}

/// `job.runners_paused`
#[derive(Debug, Clone, PartialEq)]
pub struct JobRunnersPaused {
    pub job: JobRef,
    pub context: JobContext,
    pub runners: Vec<u64>,
}

impl Describe for JobRunnersPaused {
    const ID: FindingId = FindingId::JobRunnersPaused;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        job_evidence(vec![("runners", json!(self.runners))], self.context)
    }

    fn summary(&self) -> String {
        let job = &self.job;
        match self.runners.as_slice() {
            [id] => {
                format!("{job} is stuck: runner {id}, the only one that could take it, is paused.")
            }
            _ => format!(
                "{job} is stuck: every runner that could take it ({}) is paused.",
                id_list(&self.runners)
            ),
        }
    }

    fn fix(&self) -> String {
        match self.runners.as_slice() {
            [id] => format!("Resume it: `runnerctl resume {id}`."),
            // Never empty from the diagnosis; the default keeps a hand-made one from panicking.
            _ => format!(
                "Resume one of them: `runnerctl resume {}`.",
                self.runners.first().copied().unwrap_or_default()
            ),
        }
    }
}

/// `job.runners_offline`
#[derive(Debug, Clone, PartialEq)]
pub struct JobRunnersOffline {
    pub job: JobRef,
    pub context: JobContext,
    pub runners: Vec<u64>,
    /// Those of `runners` that read online but have no runner manager left.
    pub no_managers: Vec<u64>,
}

impl Describe for JobRunnersOffline {
    const ID: FindingId = FindingId::JobRunnersOffline;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        let mut map = evidence(vec![("runners", json!(self.runners))]);
        if !self.no_managers.is_empty() {
            map.insert("no_managers".to_string(), json!(self.no_managers));
        }
        self.context.add_to(&mut map);
        map
    }

    fn summary(&self) -> String {
        let Self {
            job,
            runners,
            no_managers,
            ..
        } = self;
        let stuck = match runners.as_slice() {
            [id] => format!(
                "{job} is stuck: runner {id}, the only unpaused one that could take it, is not online."
            ),
            _ => format!(
                "{job} is stuck: none of the unpaused runners that could take it ({}) is online.",
                id_list(runners)
            ),
        };
        match no_managers.as_slice() {
            [] => stuck,
            [_] => format!(
                "{stuck} {} reads online but has no runner managers: its last host unregistered within the last 2 hours.",
                capitalize_first(&runner_list(no_managers))
            ),
            _ => format!(
                "{stuck} {} read online but have no runner managers: their last hosts unregistered within the last 2 hours.",
                capitalize_first(&runner_list(no_managers))
            ),
        }
    }

    fn fix(&self) -> String {
        match self
            .runners
            .iter()
            .find(|id| !self.no_managers.contains(id))
        {
            Some(id) => format!(
                "Bring one online: on the machine of runner {id}, run `runnerctl doctor` and start the service with `sudo runnerctl start`."
            ),
            // Every one of them lost its last host: one needs a host again.
            None => {
                let id = self.runners.first().copied().unwrap_or_default();
                format!(
                    "Register one on a host again: `runnerctl register --runner {id} --executor shell`."
                )
            }
        }
    }
}

/// `job.waiting_for_capacity`: not a problem, a note.
#[derive(Debug, Clone, PartialEq)]
pub struct JobWaitingForCapacity {
    pub job: JobRef,
    pub context: JobContext,
    pub runners: Vec<u64>,
}

impl Describe for JobWaitingForCapacity {
    const ID: FindingId = FindingId::JobWaitingForCapacity;

    fn subject(&self) -> Subject {
        job_subject(&self.job)
    }

    fn evidence(&self) -> Map<String, Value> {
        job_evidence(vec![("runners", json!(self.runners))], self.context)
    }

    fn summary(&self) -> String {
        format!(
            "{} is waiting for a free slot: {} can take it and {} online.",
            self.job,
            runner_list(&self.runners),
            if self.runners.len() == 1 { "is" } else { "are" }
        )
    }

    fn fix(&self) -> String {
        "Nothing is broken. If jobs often wait, raise `concurrent` (and the runner's `limit`) in config.toml on the runners' machines, or add runners.".to_string()
    }
}
