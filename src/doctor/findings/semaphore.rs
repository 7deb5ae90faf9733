//! The findings of a Semaphore UI run: the contract's ids, in Semaphore's words (tasks,
//! templates, one tag, active/inactive runners), and its two own runner ids.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::{Describe, capitalize_first, evidence, id_list, job_subject, runner_list, timestamp};
use crate::doctor::catalogue::{FindingId, JobRef, Subject};
use crate::doctor::semaphore_facts::FileRole;

/// A Semaphore runner as findings name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SemaphoreRunnerRef {
    pub id: u64,
    pub name: String,
}

impl fmt::Display for SemaphoreRunnerRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name.trim() {
            "" => write!(f, "runner {} (no name)", self.id),
            name => write!(f, "runner {} ({name})", self.id),
        }
    }
}

/// "Task #7 (template `deploy`) in project infra".
fn task(job: &JobRef) -> String {
    format!(
        "Task #{} (template `{}`) in project {}",
        job.id, job.name, job.project
    )
}

fn tag_words(tags: &[String]) -> String {
    match tags.first() {
        Some(tag) => format!("asks for tag `{tag}`"),
        None => "asks for no tag".to_string(),
    }
}

fn host_file(path: &str) -> Subject {
    Subject::HostFile {
        path: path.to_string(),
    }
}

macro_rules! describe {
    ($type:ident, $id:ident, |$s:ident| subject $subject:expr, evidence $evidence:expr, summary $summary:expr, fix $fix:expr) => {
        impl Describe for $type {
            const ID: FindingId = FindingId::$id;
            fn subject(&self) -> Subject {
                #[allow(unused_variables)]
                let $s = self;
                $subject
            }
            fn evidence(&self) -> Map<String, Value> {
                #[allow(unused_variables)]
                let $s = self;
                $evidence
            }
            fn summary(&self) -> String {
                #[allow(unused_variables)]
                let $s = self;
                $summary
            }
            fn fix(&self) -> String {
                #[allow(unused_variables)]
                let $s = self;
                $fix
            }
        }
    };
}

/// `runner_file.missing` for one of the three files.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreFileMissing {
    pub path: String,
    pub role: FileRole,
}

describe!(SemaphoreFileMissing, RunnerFileMissing, |s|
    subject host_file(&s.path),
    evidence evidence(vec![("path", json!(s.path))]),
    summary match s.role {
        FileRole::Config => format!("There is no Semaphore runner config at {}, so no runner on this machine can reach Semaphore UI.", s.path),
        FileRole::Token => format!("The runner config names the token file {}, which does not exist: the runner starts with no token and Semaphore UI refuses it.", s.path),
        FileRole::PrivateKey => format!("The runner config names the private key file {}, which does not exist: the runner cannot read the tasks Semaphore UI encrypts for it.", s.path),
    },
    fix match s.role {
        FileRole::Config => "Register a runner on this machine with `runnerctl register --runner ID` (create one first with `runnerctl create --instance --name NAME`), or point runnerctl at the config the service reads with --runner-file.".to_string(),
        _ => "Write the runner's files again with `runnerctl register --runner ID` (or `--credentials-stdin` from the machine that created it).".to_string(),
    }
);

/// `runner_file.unparseable`: not the runner's JSON, or not a regular file.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreFileUnparseable {
    pub path: String,
    pub role: FileRole,
    pub position: Option<(usize, usize)>,
}

describe!(SemaphoreFileUnparseable, RunnerFileUnparseable, |s|
    subject host_file(&s.path),
    evidence {
        let (line, column) = s.position.map_or((Value::Null, Value::Null), |(l, c)| (json!(l), json!(c)));
        evidence(vec![("path", json!(s.path)), ("line", line), ("column", column)])
    },
    summary match s.position {
        Some((line, column)) => format!("{} is not the JSON Semaphore's runner reads (line {line}, column {column}), so `semaphore runner start` fails with it.", s.path),
        None => format!("{} (the {}) is not a regular file, so Semaphore's runner cannot read it.", s.path, s.role.describe()),
    },
    fix match s.position {
        Some((line, _)) => format!("Correct line {line} of {} by hand, then run `runnerctl doctor` again; runnerctl never rewrites a file it cannot parse.", s.path),
        None => format!("Move whatever is at {} out of the way, then write the runner's files again with `runnerctl register --runner ID`.", s.path),
    }
);

/// `runner_file.permissions`: `semaphore runner setup` writes its token file 0644.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreFilePermissions {
    pub path: String,
    pub role: FileRole,
    pub mode: u32,
}

describe!(SemaphoreFilePermissions, RunnerFilePermissions, |s|
    subject host_file(&s.path),
    evidence evidence(vec![("path", json!(s.path)), ("mode", json!(format!("{:04o}", s.mode)))]),
    summary {
        let what = match s.role {
            FileRole::PrivateKey => "the runner's private key",
            _ => "the runner's token",
        };
        // cli/setup/setup.go writes the token file with os.WriteFile(…, 0644).
        format!("{} holds {what} but is readable by other users (mode {:04o}; `semaphore runner setup` writes 0644): anyone on this machine can take the runner's tasks and their secrets.", s.path, s.mode)
    },
    fix format!("Make it readable by its owner only: `chmod 600 {}` (with `sudo` if another user owns it); the runner keeps working.", s.path)
);

/// `runner_file.address_mismatch`: `web_host` is another server.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreWebHostMismatch {
    pub path: String,
    pub address: String,
    pub url: String,
}

describe!(SemaphoreWebHostMismatch, RunnerFileAddressMismatch, |s|
    subject host_file(&s.path),
    evidence evidence(vec![("address", json!(s.address))]),
    summary format!("{} points the runner at {} (`web_host`), not at {}, so its tasks come from another server than the one checked.", s.path, s.address, s.url),
    fix format!("If the runner belongs to {}, register it there with `runnerctl register --runner ID`; if the file is right, run `runnerctl doctor --url {}` instead.", s.url, s.address)
);

/// `service.not_installed`
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreServiceNotInstalled;

describe!(SemaphoreServiceNotInstalled, ServiceNotInstalled, |_s|
    subject Subject::Machine,
    evidence Map::new(),
    summary "No semaphore-runner service is installed on this machine, so nothing here takes Semaphore UI's tasks.".to_string(),
    fix "Install a systemd unit named semaphore-runner that runs `semaphore runner start --config` with the config's path (its WorkingDirectory= the config's directory), then start it with `sudo runnerctl start`.".to_string()
);

/// `runner.never_contacted`: `touched` is null.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreRunnerNeverContacted {
    pub runner: SemaphoreRunnerRef,
}

describe!(SemaphoreRunnerNeverContacted, RunnerNeverContacted, |s|
    subject Subject::Runner { id: s.runner.id },
    evidence evidence(vec![("contacted_at", Value::Null)]),
    summary format!("{} has never polled Semaphore UI: no runner was started with its token.", capitalize_first(&s.runner.to_string())),
    fix format!("Register it on its machine with `runnerctl register --runner {}` and start the service with `sudo runnerctl start`; if it was never used, remove it with `runnerctl prune --never-contacted`.", s.runner.id)
);

/// `runner.paused`: `active: false`.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreRunnerPaused {
    pub runner: SemaphoreRunnerRef,
}

describe!(SemaphoreRunnerPaused, RunnerPaused, |s|
    subject Subject::Runner { id: s.runner.id },
    evidence Map::new(),
    summary format!("{} is inactive, so Semaphore UI gives it no tasks.", capitalize_first(&s.runner.to_string())),
    fix format!("When it should take tasks again: `runnerctl resume {}`.", s.runner.id)
);

/// `runner.inactive_self_registered`: no name and inactive, as self-registration leaves it.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreRunnerInactiveSelfRegistered {
    pub runner: SemaphoreRunnerRef,
}

describe!(SemaphoreRunnerInactiveSelfRegistered, RunnerInactiveSelfRegistered, |s|
    subject Subject::Runner { id: s.runner.id },
    evidence Map::new(),
    summary format!("Runner {} registered itself and is still nameless and inactive, as Semaphore UI leaves a self-registered runner: it takes no tasks until an admin sees to it.", s.runner.id),
    fix format!("If it is yours, name and activate it: `runnerctl update {0} --rename NAME`, then `runnerctl resume {0}`; if not, delete it with `runnerctl unregister --runner {0} --delete-runner` on its machine, or in Semaphore UI.", s.runner.id)
);

/// `runner.active_but_silent`: active, not touched for 2 minutes.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreRunnerActiveButSilent {
    pub runner: SemaphoreRunnerRef,
    pub touched: DateTime<Utc>,
}

describe!(SemaphoreRunnerActiveButSilent, RunnerActiveButSilent, |s|
    subject Subject::Runner { id: s.runner.id },
    evidence evidence(vec![("touched", json!(timestamp(&s.touched)))]),
    // services/tasks/TaskPool.go picks active runners without looking at `touched`.
    summary format!("{} is active but has not polled since {}: Semaphore UI still gives it tasks, which hang in `starting`.", capitalize_first(&s.runner.to_string()), timestamp(&s.touched)),
    fix format!("Start the runner on its machine (`sudo runnerctl start` there, and `runnerctl doctor` if it stops again), or pause it with `runnerctl pause {}` so its tasks go to other runners.", s.runner.id)
);

/// `job.no_runners_available`: no runner at all could take the task.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreTaskNoRunners {
    pub job: JobRef,
}

describe!(SemaphoreTaskNoRunners, JobNoRunnersAvailable, |s|
    subject job_subject(&s.job),
    evidence evidence(vec![("job_tags", json!(s.job.tags))]),
    summary format!("{} is stuck: there is no global runner, and no runner of the project {}.", task(&s.job), if s.job.tags.is_empty() { "without a tag".to_string() } else { format!("with tag `{}`", s.job.tags[0]) }),
    fix "Make a runner for it with `runnerctl create --instance --name NAME --register` on the machine that should run it.".to_string()
);

/// `job.tags_unmatched`: the project has runners, none with the template's tag.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreTaskTagUnmatched {
    pub job: JobRef,
    pub closest_runner: Option<u64>,
    pub missing_tags: Vec<String>,
    /// The task's tag → the closest runner's, equal but for ASCII case, `-` or `_`.
    pub near_miss: BTreeMap<String, String>,
}

describe!(SemaphoreTaskTagUnmatched, JobTagsUnmatched, |s|
    subject job_subject(&s.job),
    evidence evidence(vec![
        ("job_tags", json!(s.job.tags)),
        ("closest_runner", json!(s.closest_runner)),
        ("missing_tags", json!(s.missing_tags)),
        ("near_miss", json!(s.near_miss)),
    ]),
    summary {
        let mut summary = format!("{} is stuck: its template {}, no project runner has it, and there is no global runner.", task(&s.job), tag_words(&s.job.tags));
        if let (Some(id), Some((wanted, has))) = (s.closest_runner, s.near_miss.iter().next()) {
            summary.push_str(&format!(" Runner {id} has `{has}` where the template says `{wanted}`: tags must match exactly."));
        }
        summary
    },
    fix match (s.closest_runner, s.job.tags.first()) {
        (Some(id), Some(tag)) => format!("Give runner {id} the template's tag with `runnerctl update {id} --tag {tag}`, or set the template's runner tag to one a runner has."),
        _ => "Make a global runner with `runnerctl create --instance --name NAME --register`, or a project runner with the template's tag.".to_string(),
    }
);

/// `job.runners_paused`: every runner that could take the task is inactive.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreTaskRunnersPaused {
    pub job: JobRef,
    pub runners: Vec<u64>,
}

describe!(SemaphoreTaskRunnersPaused, JobRunnersPaused, |s|
    subject job_subject(&s.job),
    evidence evidence(vec![("runners", json!(s.runners))]),
    summary format!("{} is stuck: every runner that could take it ({}) is inactive.", task(&s.job), id_list(&s.runners)),
    fix format!("Activate one: `runnerctl resume {}`.", s.runners.first().copied().unwrap_or_default())
);

/// `job.runners_offline`: the active candidates have all stopped polling.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreTaskRunnersOffline {
    pub job: JobRef,
    pub runners: Vec<u64>,
}

describe!(SemaphoreTaskRunnersOffline, JobRunnersOffline, |s|
    subject job_subject(&s.job),
    evidence evidence(vec![("runners", json!(s.runners))]),
    summary format!("{} is stuck: {} could take it but {} not polled for 2 minutes; Semaphore UI gives tasks to active runners whether or not they poll.", task(&s.job), runner_list(&s.runners), if s.runners.len() == 1 { "has" } else { "have" }),
    fix format!("Start runner {0} on its machine (`sudo runnerctl start` there), or pause it with `runnerctl pause {0}` so its tasks go to a runner that polls.", s.runners.first().copied().unwrap_or_default())
);

/// `job.waiting_for_capacity`: a polling runner can take it.
#[derive(Debug, Clone, PartialEq)]
pub struct SemaphoreTaskWaiting {
    pub job: JobRef,
    pub runners: Vec<u64>,
}

describe!(SemaphoreTaskWaiting, JobWaitingForCapacity, |s|
    subject job_subject(&s.job),
    evidence evidence(vec![("runners", json!(s.runners))]),
    summary format!("{} is waiting: {} can take it and {} polling.", task(&s.job), runner_list(&s.runners), if s.runners.len() == 1 { "is" } else { "are" }),
    fix "Nothing is broken. If tasks often wait, raise the runners' `max_parallel_tasks` (`runnerctl update ID --max-parallel-tasks N`) or add runners.".to_string()
);
