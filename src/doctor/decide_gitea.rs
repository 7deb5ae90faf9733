//! The diagnosis of a Gitea or Forgejo run: facts in, findings out, pure and deterministic.

use std::collections::{BTreeMap, BTreeSet};

use super::catalogue::{ForgeOfReport, JobRef, Problem, Report};
use super::facts::ServiceState;
use super::findings::*;
use super::gitea_facts::{
    ActionsFacts, ActionsRunner, ApiPart, GiteaFacts, GiteaLocalFacts, NotCheckedReason, RepoFacts,
    RunnerFileState, RunnerScope, ServerKind, TokenCheck, WaitingJob,
};
use super::{Checked, Finding};
use crate::instance_url::InstanceUrl;

/// Diagnoses everything the facts show. Each waiting job gets exactly one `job.*` finding,
/// decided in this order: a runner serves the repository → one has every `runs-on` label →
/// enabled → online → free. `checked.config_entries` counts the parsed `.runner` (0 or 1),
/// `checked.projects` the repositories in scope, `checked.pending_jobs` the waiting jobs.
pub fn diagnose_gitea(facts: &GiteaFacts) -> Report {
    let kind = facts.kind;
    let mut problems = Vec::new();
    let mut checked = Checked::default();
    let mut unchecked = Vec::new();

    // The `.runner`'s id names a runner of the server in its `address` only: a file for
    // another server says nothing of this one's runner with that id.
    let local_runner_id = facts
        .local
        .as_ref()
        .and_then(|local| match &local.runner_file {
            RunnerFileState::Parsed(file)
                if facts
                    .url
                    .as_ref()
                    .is_none_or(|url| same_instance(&file.address, url)) =>
            {
                Some(file.id)
            }
            _ => None,
        });
    if let Some(local) = &facts.local {
        check_local(kind, facts.url.as_ref(), local, &mut checked, &mut problems);
        if let Some(log) = &local.runner_log {
            problems.extend(super::decide_log::log_problems(
                log,
                &[],
                super::findings::LogRunner::Actions,
                Some(&local.runner_file_path),
            ));
        }
        unchecked.extend(local.runner_log_notices.iter().cloned());
    }
    match &facts.api {
        Some(api) => check_api(
            kind,
            api,
            local_runner_id,
            &mut checked,
            &mut unchecked,
            &mut problems,
        ),
        None if facts.local.is_some() => {
            unchecked.push(format!("{}'s API was not checked", kind.name()))
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
            forge: kind.as_str(),
            url: facts.url.as_ref().map(|url| url.as_str().to_string()),
        }),
        checked,
        findings,
        unchecked,
    }
}

fn check_local(
    kind: ServerKind,
    url: Option<&InstanceUrl>,
    local: &GiteaLocalFacts,
    checked: &mut Checked,
    problems: &mut Vec<Problem>,
) {
    let path = &local.runner_file_path;
    let mut registered = false;
    match &local.runner_file {
        RunnerFileState::Missing => problems.push(
            RunnerFileMissing {
                kind,
                path: path.clone(),
            }
            .into(),
        ),
        RunnerFileState::NotRegularFile => problems.push(
            RunnerFileUnparseable {
                kind,
                path: path.clone(),
                position: None,
            }
            .into(),
        ),
        RunnerFileState::Unparseable { line, column } => problems.push(
            RunnerFileUnparseable {
                kind,
                path: path.clone(),
                position: Some((*line, *column)),
            }
            .into(),
        ),
        RunnerFileState::Parsed(file) => {
            registered = true;
            checked.config_entries = 1;
            if let Some(mode) = file.mode
                && mode & 0o044 != 0
            {
                problems.push(
                    RunnerFilePermissions {
                        path: path.clone(),
                        mode: mode & 0o7777,
                    }
                    .into(),
                );
            }
            if let Some(url) = url
                && !same_instance(&file.address, url)
            {
                problems.push(
                    RunnerFileAddressMismatch {
                        kind,
                        path: path.clone(),
                        address: file.address.clone(),
                        url: url.as_str().to_string(),
                    }
                    .into(),
                );
            }
            if local.verification == TokenCheck::Rejected {
                problems.push(
                    RunnerFileTokenRejected {
                        kind,
                        path: path.clone(),
                        runner_id: file.id,
                    }
                    .into(),
                );
            }
        }
    }

    // The contract's service rule, as for GitLab: nothing found is "not installed"; a stopped
    // service matters only when a runner is registered here.
    match (local.service.manager, local.service.state) {
        (None, _) | (_, ServiceState::NotInstalled) => {
            problems.push(ActionsServiceNotInstalled { kind }.into())
        }
        (Some(manager), ServiceState::Stopped) if registered => problems.push(
            ActionsServiceNotRunning {
                manager,
                unit: local.service_unit.clone(),
                path: path.clone(),
            }
            .into(),
        ),
        _ => {}
    }
}

/// The runner writes `address` as the operator typed it at `register`; compared normalised,
/// `https://Git.example.com/` is the instance `https://git.example.com`. An address that is
/// not a URL names no instance doctor checks.
fn same_instance(address: &str, url: &InstanceUrl) -> bool {
    InstanceUrl::parse(address).is_ok_and(|address| address == *url)
}

fn check_api(
    kind: ServerKind,
    api: &ActionsFacts,
    local_runner_id: Option<u64>,
    checked: &mut Checked,
    unchecked: &mut Vec<String>,
    problems: &mut Vec<Problem>,
) {
    for part in &api.not_checked {
        let why = match &part.reason {
            NotCheckedReason::NeedsVersion(version) => format!("needs {version}"),
            NotCheckedReason::Forbidden(scope) => {
                format!("the API token may not read them (needs {scope})")
            }
        };
        unchecked.push(format!("{} were not checked: {why}", part.part.describe()));
    }
    let readable = |wanted: ApiPart| api.not_checked.iter().all(|part| part.part != wanted);
    let runners_read = readable(ApiPart::Runners);
    let jobs_read = readable(ApiPart::WaitingJobs);

    // A runner may come from several lists (the admin list and its org's): keep it once, by
    // the list that says whose it is.
    let mut runners: BTreeMap<u64, &ActionsRunner> = BTreeMap::new();
    for runner in &api.runners {
        let kept = runners.entry(runner.id).or_insert(runner);
        if kept.scope == RunnerScope::Unknown && runner.scope != RunnerScope::Unknown {
            *kept = runner;
        }
    }
    let requested: BTreeSet<u64> = api
        .runners
        .iter()
        .filter(|runner| runner.requested)
        .map(|runner| runner.id)
        .chain(local_runner_id)
        .collect();

    if runners_read {
        for runner in runners.values() {
            if !requested.contains(&runner.id) {
                continue;
            }
            checked.runners += 1;
            let reference = runner_ref(runner);
            if runner.disabled {
                problems.push(
                    ActionsRunnerPaused {
                        kind,
                        runner: reference,
                    }
                    .into(),
                );
            } else if !runner.online {
                problems.push(
                    ActionsRunnerOffline {
                        kind,
                        runner: reference,
                    }
                    .into(),
                );
            }
        }
    }

    let mut repos: BTreeMap<String, &RepoFacts> = BTreeMap::new();
    for repo in &api.repos {
        repos
            .entry(repo.full_name.to_ascii_lowercase())
            .or_insert(repo);
    }
    checked.projects = repos.len();

    if !jobs_read {
        return;
    }
    if !runners_read {
        unchecked.push("waiting jobs were not matched, since runners were not checked".to_string());
        return;
    }
    let runners: Vec<&ActionsRunner> = runners.into_values().collect();
    let mut seen = BTreeSet::new();
    for job in &api.waiting_jobs {
        if !seen.insert(job.id) {
            continue;
        }
        checked.pending_jobs += 1;
        let repo = repos.get(&job.repo.to_ascii_lowercase()).copied();
        problems.push(decide_job(
            kind,
            job,
            repo,
            &runners,
            api.instance_runners_known,
        ));
    }
}

fn runner_ref(runner: &ActionsRunner) -> ActionsRunnerRef {
    ActionsRunnerRef {
        id: runner.id,
        name: runner.name.clone(),
        scope: runner.scope.clone(),
    }
}

/// The repository's owner: as gathered, else the part of `owner/repo` before the slash.
fn owner_of<'a>(job: &'a WaitingJob, repo: Option<&'a RepoFacts>) -> &'a str {
    match repo {
        Some(repo) => &repo.owner,
        None => job.repo.split('/').next().unwrap_or_default(),
    }
}

/// Whether the server offers the repository's jobs to the runner at all.
// gitea models/actions/task.go CreateTaskForRunner: a repo runner takes its repo's jobs, an
// owner's runner the jobs of the owner's repositories that have the Actions unit
// (`repo_unit.type = TypeActions`), any other runner every repository's.
fn serves(runner: &ActionsRunner, job: &WaitingJob, repo: Option<&RepoFacts>) -> bool {
    // Gitea's names are case-insensitive (`lower_name`).
    match &runner.scope {
        RunnerScope::Instance => true,
        RunnerScope::Repo(full_name) => full_name.eq_ignore_ascii_case(&job.repo),
        RunnerScope::Org(owner) | RunnerScope::User(owner) => {
            owner.eq_ignore_ascii_case(owner_of(job, repo))
                && repo.is_none_or(|repo| repo.actions_enabled)
        }
        RunnerScope::Unknown => false,
    }
}

/// The owner's runners that would serve the repository if its Actions unit were on.
fn skipped_owner_runner(
    runner: &ActionsRunner,
    job: &WaitingJob,
    repo: Option<&RepoFacts>,
) -> bool {
    match &runner.scope {
        RunnerScope::Org(owner) | RunnerScope::User(owner) => {
            owner.eq_ignore_ascii_case(owner_of(job, repo))
                && repo.is_some_and(|repo| !repo.actions_enabled)
        }
        _ => false,
    }
}

/// Every `runs-on` label is one of the runner's label names, compared exactly
/// (models/actions/runner.go `CanMatchLabels`).
fn has_labels(runner: &ActionsRunner, labels: &[String]) -> bool {
    labels.iter().all(|label| runner.labels.contains(label))
}

fn missing_labels(runner: &ActionsRunner, labels: &[String]) -> Vec<String> {
    labels
        .iter()
        .filter(|label| !runner.labels.contains(label))
        .cloned()
        .collect()
}

fn ids(runners: &[&ActionsRunner]) -> Vec<u64> {
    runners.iter().map(|runner| runner.id).collect()
}

fn decide_job(
    kind: ServerKind,
    job: &WaitingJob,
    repo: Option<&RepoFacts>,
    runners: &[&ActionsRunner],
    instance_runners_known: bool,
) -> Problem {
    let mut labels: Vec<String> = Vec::new();
    for label in &job.labels {
        if !labels.contains(label) {
            labels.push(label.clone());
        }
    }
    let job_ref = JobRef {
        id: job.id,
        project: job.repo.clone(),
        name: job.name.clone(),
        ref_name: job.head_branch.clone(),
        tags: labels.clone(),
    };
    // A runner the token cannot place, or an instance runner it cannot see, may take the job:
    // doctor then says it does not know rather than that nothing can.
    let unseen_may_take = !instance_runners_known
        || runners
            .iter()
            .any(|runner| runner.scope == RunnerScope::Unknown && has_labels(runner, &labels));
    let match_unknown = || {
        Problem::from(JobMatchUnknown {
            kind,
            job: job_ref.clone(),
        })
    };

    // `runners` ascends by id, and so does every list below.
    let serving: Vec<&ActionsRunner> = runners
        .iter()
        .copied()
        .filter(|runner| serves(runner, job, repo))
        .collect();
    if serving.is_empty() {
        if unseen_may_take {
            return match_unknown();
        }
        let owner_runners: Vec<&ActionsRunner> = runners
            .iter()
            .copied()
            .filter(|runner| skipped_owner_runner(runner, job, repo))
            .collect();
        return ActionsJobNoRunners {
            job: job_ref,
            actions_enabled: repo.map(|repo| repo.actions_enabled),
            owner_runners: ids(&owner_runners),
        }
        .into();
    }

    let matching: Vec<&ActionsRunner> = serving
        .iter()
        .copied()
        .filter(|runner| has_labels(runner, &labels))
        .collect();
    if matching.is_empty() {
        if unseen_may_take {
            return match_unknown();
        }
        // Most labels matched is fewest missing; min_by_key keeps the first of equals, the
        // lowest id.
        let closest = serving
            .iter()
            .copied()
            .min_by_key(|runner| missing_labels(runner, &labels).len());
        let (closest_runner, missing_tags, near_miss) = match closest {
            Some(runner) => {
                let missing = missing_labels(runner, &labels);
                let near_miss = near_misses(runner, &missing);
                (Some(runner.id), missing, near_miss)
            }
            None => (None, labels.clone(), BTreeMap::new()),
        };
        return ActionsJobLabelsUnmatched {
            job: job_ref,
            closest_runner,
            missing_tags,
            near_miss,
        }
        .into();
    }

    let enabled: Vec<&ActionsRunner> = matching
        .iter()
        .copied()
        .filter(|runner| !runner.disabled)
        .collect();
    if enabled.is_empty() {
        return ActionsJobRunnersPaused {
            kind,
            job: job_ref,
            runners: ids(&matching),
        }
        .into();
    }

    let online: Vec<&ActionsRunner> = enabled
        .iter()
        .copied()
        .filter(|runner| runner.online)
        .collect();
    if online.is_empty() {
        return ActionsJobRunnersOffline {
            job: job_ref,
            runners: ids(&enabled),
        }
        .into();
    }

    let idle: Vec<&ActionsRunner> = online
        .iter()
        .copied()
        .filter(|runner| !runner.busy)
        .collect();
    ActionsJobWaiting {
        job: job_ref,
        runners: ids(&online),
        idle: ids(&idle),
    }
    .into()
}

/// Each missing label that one of the runner's labels equals but for ASCII case and `-`
/// against `_`: `ubuntu-latest` wanted, `Ubuntu_latest` present.
fn near_misses(runner: &ActionsRunner, missing: &[String]) -> BTreeMap<String, String> {
    let normal = |label: &str| label.to_ascii_lowercase().replace('_', "-");
    missing
        .iter()
        .filter_map(|wanted| {
            runner
                .labels
                .iter()
                .find(|has| normal(has) == normal(wanted))
                .map(|has| (wanted.clone(), has.clone()))
        })
        .collect()
}
