//! The diagnosis of a Semaphore UI run: facts in, findings out, pure and deterministic.
//!
//! A waiting task is matched by Semaphore's own rule (services/tasks/TaskPool.go): its
//! candidates are the project's active runners whose tag is the template's `runner_tag`, and
//! every active global runner; `touched` is not looked at, so a dead active runner is a
//! candidate and its task hangs in `starting`.

use std::collections::BTreeMap;

use chrono::Duration;

use super::catalogue::{ForgeOfReport, JobRef, Problem, Report};
use super::facts::ServiceState;
use super::findings::*;
use super::semaphore_facts::{
    LocalFileState, SemaphoreApiFacts, SemaphoreFacts, SemaphoreLocalFacts, SemaphoreRunner,
    WaitingTask,
};
use super::{Checked, Finding};
use crate::instance_url::InstanceUrl;

/// A runner that has not polled for this long is not running (it polls about every second).
pub const SILENT_AFTER: Duration = Duration::minutes(2);

pub fn diagnose_semaphore(facts: &SemaphoreFacts) -> Report {
    let mut problems = Vec::new();
    let mut checked = Checked::default();
    let mut unchecked = Vec::new();
    if let Some(local) = &facts.local {
        check_local(facts.url.as_ref(), local, &mut checked, &mut problems);
        if let Some(log) = &local.runner_log {
            problems.extend(super::decide_log::log_problems(
                log,
                &[],
                super::findings::LogRunner::Semaphore,
                Some(&local.config.path),
            ));
        }
        unchecked.extend(local.runner_log_notices.iter().cloned());
    }
    match &facts.api {
        Some(api) => check_api(api, &mut checked, &mut unchecked, &mut problems),
        None if facts.local.is_some() => {
            unchecked.push("Semaphore UI's API was not checked".to_string())
        }
        None => unchecked.push("nothing was checked".to_string()),
    }
    let mut findings: Vec<Finding> = problems.into_iter().map(Problem::into_finding).collect();
    findings.sort_by(|a, b| {
        (a.severity, a.id.as_str(), &a.subject).cmp(&(b.severity, b.id.as_str(), &b.subject))
    });
    Report {
        gitlab_url: None,
        forge: Some(ForgeOfReport {
            forge: "semaphore",
            url: facts.url.as_ref().map(|url| url.as_str().to_string()),
        }),
        checked,
        findings,
        unchecked,
    }
}

fn check_local(
    url: Option<&InstanceUrl>,
    local: &SemaphoreLocalFacts,
    checked: &mut Checked,
    problems: &mut Vec<Problem>,
) {
    let registered = matches!(local.config.state, LocalFileState::Present { .. });
    if registered {
        checked.config_entries = 1;
    }
    for file in std::iter::once(&local.config).chain(&local.secrets) {
        let path = file.path.clone();
        let role = file.role;
        match file.state {
            LocalFileState::Missing => problems.push(SemaphoreFileMissing { path, role }.into()),
            LocalFileState::NotRegularFile => problems.push(
                SemaphoreFileUnparseable {
                    path,
                    role,
                    position: None,
                }
                .into(),
            ),
            LocalFileState::Unparseable { line, column } => problems.push(
                SemaphoreFileUnparseable {
                    path,
                    role,
                    position: Some((line, column)),
                }
                .into(),
            ),
            LocalFileState::Present { mode, holds_secret } => {
                if holds_secret && mode & 0o077 != 0 {
                    problems.push(
                        SemaphoreFilePermissions {
                            path,
                            role,
                            mode: mode & 0o7777,
                        }
                        .into(),
                    );
                }
            }
        }
    }
    if let (Some(url), Some(web_host)) = (url, &local.web_host)
        && !InstanceUrl::parse(web_host).is_ok_and(|address| address == *url)
    {
        problems.push(
            SemaphoreWebHostMismatch {
                path: local.config.path.clone(),
                address: web_host.clone(),
                url: url.as_str().to_string(),
            }
            .into(),
        );
    }
    match (local.service.manager, local.service.state) {
        (None, _) | (_, ServiceState::NotInstalled) => {
            problems.push(SemaphoreServiceNotInstalled.into())
        }
        (Some(manager), ServiceState::Stopped) if registered => problems.push(
            ActionsServiceNotRunning {
                manager,
                unit: local.service_unit.clone(),
                path: local.config.path.clone(),
            }
            .into(),
        ),
        _ => {}
    }
}

fn reference(runner: &SemaphoreRunner) -> SemaphoreRunnerRef {
    SemaphoreRunnerRef {
        id: runner.id,
        name: runner.name.clone(),
    }
}

fn polling(runner: &SemaphoreRunner, api: &SemaphoreApiFacts) -> bool {
    runner
        .touched
        .is_some_and(|touched| api.now - touched < SILENT_AFTER)
}

fn check_api(
    api: &SemaphoreApiFacts,
    checked: &mut Checked,
    unchecked: &mut Vec<String>,
    problems: &mut Vec<Problem>,
) {
    unchecked.extend(api.not_checked.iter().cloned());
    let mut runners: BTreeMap<u64, &SemaphoreRunner> = BTreeMap::new();
    for runner in &api.runners {
        runners.entry(runner.id).or_insert(runner);
    }
    for runner in runners.values().filter(|runner| runner.requested) {
        checked.runners += 1;
        let runner_ref = reference(runner);
        // One finding per runner: the first of these that holds.
        if !runner.active && runner.name.trim().is_empty() {
            problems.push(SemaphoreRunnerInactiveSelfRegistered { runner: runner_ref }.into());
        } else if !runner.active {
            problems.push(SemaphoreRunnerPaused { runner: runner_ref }.into());
        } else if let Some(touched) = runner.touched {
            if !polling(runner, api) {
                problems.push(
                    SemaphoreRunnerActiveButSilent {
                        runner: runner_ref,
                        touched,
                    }
                    .into(),
                );
            }
        } else {
            problems.push(SemaphoreRunnerNeverContacted { runner: runner_ref }.into());
        }
    }
    checked.projects = api.projects.len();
    let runners: Vec<&SemaphoreRunner> = runners.into_values().collect();
    let mut seen = std::collections::BTreeSet::new();
    for task in &api.waiting_tasks {
        if !seen.insert(task.id) {
            continue;
        }
        checked.pending_jobs += 1;
        if !api.global_runners_known {
            continue;
        }
        problems.push(decide_task(task, &runners, api));
    }
    if !api.global_runners_known && checked.pending_jobs > 0 {
        unchecked.push(
            "waiting tasks were not matched: every active global runner may take them, and only an admin's API token lists them"
                .to_string(),
        );
    }
}

fn tag_of(task: &WaitingTask) -> &str {
    task.runner_tag.as_deref().unwrap_or_default().trim()
}

fn decide_task(
    task: &WaitingTask,
    runners: &[&SemaphoreRunner],
    api: &SemaphoreApiFacts,
) -> Problem {
    let tag = tag_of(task);
    let job = JobRef {
        id: task.id,
        project: task.project.clone(),
        name: task.template.clone(),
        ref_name: String::new(),
        tags: if tag.is_empty() {
            Vec::new()
        } else {
            vec![tag.to_string()]
        },
    };
    let ids = |list: &[&SemaphoreRunner]| list.iter().map(|runner| runner.id).collect::<Vec<_>>();
    let project_runners: Vec<&SemaphoreRunner> = runners
        .iter()
        .copied()
        .filter(|runner| runner.project_id == Some(task.project_id))
        .collect();
    let candidates: Vec<&SemaphoreRunner> = runners
        .iter()
        .copied()
        .filter(|runner| {
            runner.project_id.is_none()
                || (runner.project_id == Some(task.project_id) && runner.tag.trim() == tag)
        })
        .collect();
    let active: Vec<&SemaphoreRunner> = candidates.iter().copied().filter(|r| r.active).collect();
    if active.is_empty() {
        let tag_matched = project_runners
            .iter()
            .any(|runner| runner.tag.trim() == tag);
        // A tag no project runner has is the cause, even beside inactive global runners.
        if !tag.is_empty() && !tag_matched && !project_runners.is_empty() {
            let normal = |text: &str| text.to_ascii_lowercase().replace('_', "-");
            let near = project_runners
                .iter()
                .find(|runner| normal(runner.tag.trim()) == normal(tag));
            let closest = near.or(project_runners.first()).map(|runner| runner.id);
            let near_miss = near
                .map(|runner| BTreeMap::from([(tag.to_string(), runner.tag.trim().to_string())]))
                .unwrap_or_default();
            return SemaphoreTaskTagUnmatched {
                missing_tags: job.tags.clone(),
                job,
                closest_runner: closest,
                near_miss,
            }
            .into();
        }
        if candidates.is_empty() {
            return SemaphoreTaskNoRunners { job }.into();
        }
        return SemaphoreTaskRunnersPaused {
            job,
            runners: ids(&candidates),
        }
        .into();
    }
    let alive: Vec<&SemaphoreRunner> = active
        .iter()
        .copied()
        .filter(|runner| polling(runner, api))
        .collect();
    if alive.is_empty() {
        return SemaphoreTaskRunnersOffline {
            job,
            runners: ids(&active),
        }
        .into();
    }
    SemaphoreTaskWaiting {
        job,
        runners: ids(&alive),
    }
    .into()
}
