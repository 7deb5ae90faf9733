//! The diagnosis: facts in, findings out. Pure and deterministic, so every rule is a unit test.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, Utc};

use super::catalogue::{
    EntryRef, JobContext, JobRef, NeverContactedCause, Problem, Report, RunnerRef,
};
use super::facts::{
    AccessLevel, ApiFacts, ConfigContents, ConfigEntryFacts, ConfigState, ContactStatus, Facts,
    GitlabFacts, LocalFacts, PendingJob, ProjectFacts, RequestedScope, RunnerFacts, RunnerType,
    ScopeKind, ServiceManager, ServiceState, TokenVerification,
};
use super::findings::*;
use super::log_facts::LogCandidate;
use super::{Checked, Finding};

/// A token expiring this soon gets a warning; gitlab-runner renews tokens itself long before
/// (at three quarters of their life), so one this close usually means the runner is not running.
const EXPIRY_WARNING: Duration = Duration::days(7);

/// Diagnoses everything the facts show, as of `now`.
pub fn diagnose(facts: &Facts, now: DateTime<Utc>) -> Report {
    let entries = loaded_entries(facts.local.as_ref());
    let mut problems = Vec::new();
    let mut checked = Checked {
        config_entries: entries.len(),
        ..Checked::default()
    };

    if let Some(local) = &facts.local {
        check_local(local, entries, now, &mut problems);
    }

    match &facts.api {
        ApiFacts::Skipped => {}
        ApiFacts::Unreachable { url, cause } => {
            problems.push(Problem::GitlabUnreachable(GitlabUnreachable {
                url: url.clone(),
                cause: *cause,
            }))
        }
        ApiFacts::Redirected {
            url,
            location,
            new_url,
        } => problems.push(Problem::GitlabRedirected(GitlabRedirected {
            url: url.clone(),
            location: location.clone(),
            new_url: new_url.clone(),
        })),
        ApiFacts::AuthFailed {
            status,
            needed_scope,
        } => problems.push(Problem::GitlabAuthFailed(GitlabAuthFailed {
            url: facts.gitlab_url.clone(),
            status: *status,
            needed_scope: needed_scope.clone(),
        })),
        ApiFacts::Gathered(gitlab) => {
            check_gitlab(facts, gitlab, entries, &mut checked, &mut problems);
        }
    }

    let mut findings: Vec<Finding> = problems.into_iter().map(Problem::into_finding).collect();
    findings.sort_by(|a, b| {
        (a.severity, a.id.as_str(), &a.subject).cmp(&(b.severity, b.id.as_str(), &b.subject))
    });
    let unchecked = match (&facts.api, &facts.local) {
        (ApiFacts::Skipped, Some(_)) => vec!["GitLab's API was not checked".to_string()],
        (ApiFacts::Skipped, None) => vec!["nothing was checked".to_string()],
        _ => Vec::new(),
    };
    Report {
        gitlab_url: facts.gitlab_url.clone(),
        forge: None,
        checked,
        findings,
        unchecked,
    }
}

fn loaded_entries(local: Option<&LocalFacts>) -> &[ConfigEntryFacts] {
    match local.map(|local| &local.config) {
        Some(ConfigState::Present(file)) => match &file.contents {
            ConfigContents::Loaded(entries) => entries,
            _ => &[],
        },
        _ => &[],
    }
}

fn entry_ref(entry: &ConfigEntryFacts) -> EntryRef {
    EntryRef {
        index: entry.index,
        name: entry.name.clone(),
    }
}

fn check_local(
    local: &LocalFacts,
    entries: &[ConfigEntryFacts],
    now: DateTime<Utc>,
    problems: &mut Vec<Problem>,
) {
    let path = &local.config_path;
    match &local.config {
        ConfigState::Missing => {
            problems.push(Problem::ConfigMissing(ConfigMissing { path: path.clone() }))
        }
        ConfigState::Present(file) => {
            if let Some(mode) = file.mode
                && mode & 0o044 != 0
            {
                problems.push(Problem::ConfigPermissions(ConfigPermissions {
                    path: path.clone(),
                    mode: mode & 0o7777,
                }));
            }
            match &file.contents {
                ConfigContents::Unparseable {
                    line,
                    column,
                    message,
                } => problems.push(Problem::ConfigUnparseable(ConfigUnparseable {
                    path: path.clone(),
                    line: *line,
                    column: *column,
                    message: message.clone(),
                })),
                ConfigContents::Invalid {
                    key,
                    expected,
                    found,
                } => problems.push(Problem::ConfigInvalid(ConfigInvalid {
                    path: path.clone(),
                    key: key.clone(),
                    expected: expected.clone(),
                    found: found.clone(),
                })),
                ConfigContents::Loaded(entries) if entries.is_empty() => {
                    problems.push(Problem::ConfigNoRunners(ConfigNoRunners {
                        path: path.clone(),
                    }))
                }
                ConfigContents::Loaded(_) => {}
            }
        }
    }

    for (position, entry) in entries.iter().enumerate() {
        check_entry(path, entry, &entries[..position], now, problems);
    }

    match (local.service.manager, local.service.state) {
        (None, _) | (_, ServiceState::NotInstalled) => {
            problems.push(Problem::ServiceNotInstalled(ServiceNotInstalled))
        }
        (Some(manager), ServiceState::Stopped) if !entries.is_empty() => {
            problems.push(Problem::ServiceNotRunning(ServiceNotRunning {
                manager,
                path: path.clone(),
            }))
        }
        _ => {}
    }

    if let Some(log) = &local.runner_log {
        problems.extend(super::decide_log::log_problems(
            log,
            &log_candidates(entries),
            LogRunner::Gitlab,
            Some(path),
        ));
    }
}

/// The config entries a runner log line may name.
fn log_candidates(entries: &[ConfigEntryFacts]) -> Vec<LogCandidate> {
    entries
        .iter()
        .map(|entry| LogCandidate {
            index: entry.index,
            name: entry.name.clone(),
            short_forms: entry
                .token
                .as_ref()
                .map(|token| crate::runner_log::short_forms(token.expose()))
                .unwrap_or_default(),
        })
        .collect()
}

fn check_entry(
    path: &str,
    entry: &ConfigEntryFacts,
    earlier: &[ConfigEntryFacts],
    now: DateTime<Utc>,
    problems: &mut Vec<Problem>,
) {
    if let Some(token) = &entry.token {
        if let Some(first) = earlier
            .iter()
            .find(|other| other.token.as_ref() == Some(token))
        {
            problems.push(Problem::ConfigDuplicateToken(ConfigDuplicateToken {
                path: path.to_string(),
                entry: entry_ref(entry),
                same_as: entry_ref(first),
            }));
        }
        if !token.is_authentication_token() {
            problems.push(Problem::ConfigLegacyToken(ConfigLegacyToken {
                entry: entry_ref(entry),
            }));
        }
    }
    // gitlab-runner writes year 1 for "no expiry"; a gatherer that passes it through must not
    // make every such entry look expired.
    if let Some(expires_at) = entry.token_expires_at.filter(|at| at.year() > 1) {
        if expires_at <= now {
            problems.push(Problem::ConfigTokenExpired(ConfigTokenExpired {
                entry: entry_ref(entry),
                runner_id: entry.runner_id,
                expires_at,
            }));
        } else if expires_at <= now + EXPIRY_WARNING {
            problems.push(Problem::ConfigTokenExpiring(ConfigTokenExpiring {
                entry: entry_ref(entry),
                runner_id: entry.runner_id,
                expires_at,
            }));
        }
    }
    match entry.verification {
        Some(TokenVerification::Rejected) => {
            problems.push(Problem::ConfigTokenRejected(ConfigTokenRejected {
                entry: entry_ref(entry),
                runner_id: entry.runner_id,
            }))
        }
        Some(TokenVerification::Orphaned) => {
            problems.push(Problem::ConfigRunnerOrphaned(ConfigRunnerOrphaned {
                entry: entry_ref(entry),
                runner_id: entry.runner_id,
            }))
        }
        Some(TokenVerification::Accepted) | None => {}
    }
}

/// GitLab full paths are matched case-insensitively by GitLab's routes; so are ours.
fn same_path(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// `path` is `ancestor` itself or lies below it.
fn within(path: &str, ancestor: &str) -> bool {
    same_path(path, ancestor) || strictly_within(path, ancestor)
}

fn strictly_within(path: &str, ancestor: &str) -> bool {
    path.len() > ancestor.len() + 1
        && path.as_bytes()[ancestor.len()] == b'/'
        && path
            .get(..ancestor.len())
            .is_some_and(|prefix| same_path(prefix, ancestor))
}

fn same_gitlab(entry: &ConfigEntryFacts, gitlab_url: Option<&str>) -> bool {
    match (entry.url.as_deref(), gitlab_url) {
        (Some(entry_url), Some(url)) => {
            entry_url.trim_end_matches('/') == url.trim_end_matches('/')
        }
        _ => true,
    }
}

/// The contract's runner scope: runners named by local entries or `--runner`, group runners of
/// the given groups and their subgroups, project runners of the given projects and of the
/// groups' projects. Instance and ancestor-group runners only count when matching jobs.
fn in_report_scope(
    runner: &RunnerFacts,
    scope: &RequestedScope,
    local_runner_ids: &BTreeSet<u64>,
) -> bool {
    if local_runner_ids.contains(&runner.id) || scope.runner_ids.contains(&runner.id) {
        return true;
    }
    match runner.runner_type {
        RunnerType::Instance => false,
        RunnerType::Group => runner.group.as_deref().is_some_and(|group| {
            scope
                .groups
                .iter()
                .any(|requested| within(group, requested))
        }),
        RunnerType::Project => runner.projects.iter().any(|project| {
            scope
                .projects
                .iter()
                .any(|requested| same_path(project, requested))
                || scope
                    .groups
                    .iter()
                    .any(|requested| within(project, requested))
        }),
    }
}

fn runner_ref(runner: &RunnerFacts) -> RunnerRef {
    RunnerRef {
        id: runner.id,
        description: runner.description.clone(),
        runner_type: runner.runner_type,
        group: runner.group.clone(),
        projects: runner.projects.clone(),
    }
}

fn check_gitlab(
    facts: &Facts,
    gitlab: &GitlabFacts,
    entries: &[ConfigEntryFacts],
    checked: &mut Checked,
    problems: &mut Vec<Problem>,
) {
    let mut runners: BTreeMap<u64, &RunnerFacts> = BTreeMap::new();
    for runner in &gitlab.runners {
        runners.entry(runner.id).or_insert(runner);
    }
    let local_entries: Vec<&ConfigEntryFacts> = entries
        .iter()
        .filter(|entry| same_gitlab(entry, facts.gitlab_url.as_deref()))
        .collect();
    let local_runner_ids: BTreeSet<u64> = local_entries
        .iter()
        .filter_map(|entry| entry.runner_id)
        .collect();

    let missing: BTreeMap<u64, _> = gitlab
        .missing_runners
        .iter()
        .map(|missing| (missing.id, missing.likely))
        .collect();
    // A scope of the run that GitLab did not find: say so, rather than report nothing under it.
    for scope in &gitlab.missing_scopes {
        problems.push(Problem::GitlabScopeNotFound(GitlabScopeNotFound {
            kind: scope.kind,
            reference: scope.reference.clone(),
        }));
    }
    for id in &facts.scope.runner_ids {
        if missing.contains_key(id) && !runners.contains_key(id) {
            problems.push(Problem::GitlabScopeNotFound(GitlabScopeNotFound {
                kind: ScopeKind::Runner,
                reference: id.to_string(),
            }));
        }
    }
    for entry in &local_entries {
        if let Some(runner_id) = entry.runner_id
            && let Some(likely) = missing.get(&runner_id)
            && !runners.contains_key(&runner_id)
        {
            problems.push(Problem::ConfigRunnerNotFound(ConfigRunnerNotFound {
                entry: entry_ref(entry),
                runner_id,
                likely: *likely,
            }));
        }
    }

    let config_path = facts.local.as_ref().map(|local| local.config_path.clone());
    for runner in runners.values() {
        if !in_report_scope(runner, &facts.scope, &local_runner_ids) {
            continue;
        }
        checked.runners += 1;
        let reference = runner_ref(runner);
        match runner.status {
            ContactStatus::Online if online_without_managers(runner) => {
                problems.push(Problem::RunnerOffline(RunnerOffline {
                    runner: reference.clone(),
                    contacted_at: runner.contacted_at,
                    no_managers: true,
                }))
            }
            ContactStatus::Online => {}
            ContactStatus::NeverContacted => {
                problems.push(Problem::RunnerNeverContacted(RunnerNeverContacted {
                    runner: reference.clone(),
                    cause: never_contacted_cause(
                        runner.id,
                        facts.local.as_ref(),
                        &local_runner_ids,
                    ),
                    config_path: config_path.clone(),
                }))
            }
            ContactStatus::Offline => problems.push(Problem::RunnerOffline(RunnerOffline {
                runner: reference.clone(),
                contacted_at: runner.contacted_at,
                no_managers: false,
            })),
            ContactStatus::Stale => problems.push(Problem::RunnerStale(RunnerStale {
                runner: reference.clone(),
                contacted_at: runner.contacted_at,
            })),
        }
        if runner.paused {
            problems.push(Problem::RunnerPaused(RunnerPaused { runner: reference }));
        }
    }

    if let Some(local) = &facts.local {
        let stored: BTreeSet<u64> = local.stored_runner_ids.iter().copied().collect();
        for id in stored.difference(&local_runner_ids) {
            // A runner we cannot see stays silent: "never contacted" is what proves that no
            // other machine registered it.
            if let Some(runner) = runners.get(id)
                && runner.contacted_at.is_none()
                && matches!(
                    runner.status,
                    ContactStatus::NeverContacted | ContactStatus::Stale
                )
            {
                problems.push(Problem::SecretsUnregisteredToken(
                    SecretsUnregisteredToken {
                        runner: runner_ref(runner),
                    },
                ));
            }
        }
    }

    let mut projects: BTreeMap<String, &ProjectFacts> = BTreeMap::new();
    for project in &gitlab.projects {
        projects
            .entry(project.path.to_ascii_lowercase())
            .or_insert(project);
    }
    checked.projects = projects.len();

    let mut seen_jobs = BTreeSet::new();
    for job in &gitlab.pending_jobs {
        if !seen_jobs.insert(job.id) {
            continue;
        }
        checked.pending_jobs += 1;
        let project = projects.get(&job.project.to_ascii_lowercase()).copied();
        problems.push(decide_job(job, project, &runners));
    }
}

fn never_contacted_cause(
    runner_id: u64,
    local: Option<&LocalFacts>,
    local_runner_ids: &BTreeSet<u64>,
) -> NeverContactedCause {
    let Some(local) = local else {
        return NeverContactedCause::Unknown;
    };
    if !local_runner_ids.contains(&runner_id) {
        return NeverContactedCause::NotRegisteredHere;
    }
    match (local.service.manager, local.service.state) {
        (None, _) | (_, ServiceState::NotInstalled) => NeverContactedCause::ServiceNotInstalled,
        (Some(_), ServiceState::Stopped) => NeverContactedCause::ServiceNotRunning,
        (Some(ServiceManager::Systemd | ServiceManager::GitlabRunner), ServiceState::Running) => {
            let entries = loaded_entries(Some(local));
            let candidates = log_candidates(entries);
            entries
                .iter()
                .filter(|entry| entry.runner_id == Some(runner_id))
                .find_map(|entry| {
                    super::decide_log::never_contacted_cause(
                        local.runner_log.as_ref(),
                        &candidates,
                        entry.index,
                    )
                })
                .unwrap_or(NeverContactedCause::RegisteredHere)
        }
    }
}

/// Whether GitLab would offer the project's jobs to this runner at all (gitlab-facts §9.4).
fn is_available(
    runner: &RunnerFacts,
    project_path: &str,
    group_runners_enabled: bool,
    shared_runners_enabled: bool,
) -> bool {
    match runner.runner_type {
        RunnerType::Instance => shared_runners_enabled,
        RunnerType::Group => {
            group_runners_enabled
                && runner
                    .group
                    .as_deref()
                    .is_some_and(|group| strictly_within(project_path, group))
        }
        RunnerType::Project => runner
            .projects
            .iter()
            .any(|assigned| same_path(assigned, project_path)),
    }
}

/// Tags are a subset, compared exactly; an untagged job needs `run_untagged` (§9.3).
fn matches_tags(runner: &RunnerFacts, job_tags: &[String]) -> bool {
    if job_tags.is_empty() {
        runner.run_untagged
    } else {
        job_tags.iter().all(|tag| runner.tag_list.contains(tag))
    }
}

fn missing_tags(runner: &RunnerFacts, job_tags: &[String]) -> Vec<String> {
    job_tags
        .iter()
        .filter(|tag| !runner.tag_list.contains(tag))
        .cloned()
        .collect()
}

fn ids(runners: &[&RunnerFacts]) -> Vec<u64> {
    runners.iter().map(|runner| runner.id).collect()
}

/// One finding per pending job, decided in the contract's order: available, tags, protected
/// ref, paused, online, capacity.
fn decide_job(
    job: &PendingJob,
    project: Option<&ProjectFacts>,
    runners: &BTreeMap<u64, &RunnerFacts>,
) -> Problem {
    // A job whose project was not gathered is judged with GitLab's defaults, both runner
    // kinds on, the group setting marked as assumed.
    let shared_runners_enabled = project.is_none_or(|project| project.shared_runners_enabled);
    let group_setting = project.and_then(|project| project.group_runners_enabled);
    let group_runners_enabled = group_setting.unwrap_or(true);
    let context = JobContext {
        group_runners_enabled_assumed: group_setting.is_none(),
    };
    let mut job_tags: Vec<String> = Vec::new();
    for tag in &job.tag_list {
        if !job_tags.contains(tag) {
            job_tags.push(tag.clone());
        }
    }
    let job_ref = JobRef {
        id: job.id,
        project: job.project.clone(),
        name: job.name.clone(),
        ref_name: job.ref_name.clone(),
        tags: job_tags.clone(),
    };

    // BTreeMap order makes every list below ascend by runner id.
    let available: Vec<&RunnerFacts> = runners
        .values()
        .copied()
        .filter(|runner| {
            is_available(
                runner,
                &job.project,
                group_runners_enabled,
                shared_runners_enabled,
            )
        })
        .collect();
    if available.is_empty() {
        return Problem::JobNoRunnersAvailable(JobNoRunnersAvailable {
            job: job_ref,
            context,
            shared_runners_enabled,
            group_runners_enabled,
        });
    }

    let matching: Vec<&RunnerFacts> = available
        .iter()
        .copied()
        .filter(|runner| matches_tags(runner, &job_tags))
        .collect();
    if matching.is_empty() {
        if job_tags.is_empty() {
            return Problem::JobUntaggedNotAccepted(JobUntaggedNotAccepted {
                job: job_ref,
                context,
                runners_available: ids(&available),
            });
        }
        // Fewest missing tags, then lowest id: min_by_key keeps the first of equals, and
        // `available` ascends by id.
        let closest = available
            .iter()
            .copied()
            .min_by_key(|runner| missing_tags(runner, &job_tags).len());
        let (closest_runner, missing, near_miss) = match closest {
            Some(runner) => {
                let missing = missing_tags(runner, &job_tags);
                let near_miss = near_misses(runner, &missing);
                (Some(runner.id), missing, near_miss)
            }
            None => (None, job_tags.clone(), BTreeMap::new()),
        };
        return Problem::JobTagsUnmatched(JobTagsUnmatched {
            job: job_ref,
            context,
            closest_runner,
            missing_tags: missing,
            near_miss,
        });
    }

    // Protected refs are gathered only where a ref_protected runner could take the job; when
    // they were not, the ref is not claimed to be unprotected.
    let ref_protected = project
        .and_then(|project| project.protected_refs.as_ref())
        .is_none_or(|refs| refs.protects(&job.ref_name, job.ref_is_tag));
    let eligible: Vec<&RunnerFacts> = matching
        .iter()
        .copied()
        .filter(|runner| ref_protected || runner.access_level != AccessLevel::RefProtected)
        .collect();
    if eligible.is_empty() {
        return Problem::JobProtectedRunnersOnly(JobProtectedRunnersOnly {
            job: job_ref,
            context,
            runners: ids(&matching),
        });
    }

    let unpaused: Vec<&RunnerFacts> = eligible
        .iter()
        .copied()
        .filter(|runner| !runner.paused)
        .collect();
    if unpaused.is_empty() {
        return Problem::JobRunnersPaused(JobRunnersPaused {
            job: job_ref,
            context,
            runners: ids(&eligible),
        });
    }

    let online: Vec<&RunnerFacts> = unpaused
        .iter()
        .copied()
        .filter(|runner| runner.status == ContactStatus::Online && !online_without_managers(runner))
        .collect();
    if online.is_empty() {
        let no_managers: Vec<&RunnerFacts> = unpaused
            .iter()
            .copied()
            .filter(|runner| online_without_managers(runner))
            .collect();
        return Problem::JobRunnersOffline(JobRunnersOffline {
            job: job_ref,
            context,
            runners: ids(&unpaused),
            no_managers: ids(&no_managers),
        });
    }

    Problem::JobWaitingForCapacity(JobWaitingForCapacity {
        job: job_ref,
        context,
        runners: ids(&online),
    })
}

/// Each missing job tag that one of the runner's tags equals, ignoring case and surrounding
/// whitespace: `gpu` wanted, `GPU` present.
fn near_misses(runner: &RunnerFacts, missing: &[String]) -> BTreeMap<String, String> {
    let normal = |tag: &str| tag.trim().to_lowercase();
    missing
        .iter()
        .filter_map(|wanted| {
            runner
                .tag_list
                .iter()
                .find(|has| normal(has) == normal(wanted))
                .map(|has| (wanted.clone(), has.clone()))
        })
        .collect()
}

/// Whether the job's decision depends on its ref being protected: some runner available to
/// the project and matching the job's tags is `ref_protected`. The gatherer reads protected
/// branches and tags only for those projects (gitlab-facts §16).
pub fn needs_protected_refs(
    job: &PendingJob,
    project: Option<&ProjectFacts>,
    runners: &[RunnerFacts],
) -> bool {
    let shared_runners_enabled = project.is_none_or(|project| project.shared_runners_enabled);
    let group_runners_enabled = project
        .and_then(|project| project.group_runners_enabled)
        .unwrap_or(true);
    runners.iter().any(|runner| {
        runner.access_level == AccessLevel::RefProtected
            && is_available(
                runner,
                &job.project,
                group_runners_enabled,
                shared_runners_enabled,
            )
            && matches_tags(runner, &job.tag_list)
    })
}

/// For each pending job, the runners its decision relies on as online: those that make it
/// `job.waiting_for_capacity` (empty for any other decision). The gatherer reads the managers
/// of these runners only, since a runner whose last host unregistered may read online.
pub fn online_runners_for_jobs<'p>(
    jobs: &[PendingJob],
    project_of: impl Fn(&PendingJob) -> Option<&'p ProjectFacts>,
    runners: &[RunnerFacts],
) -> Vec<Vec<u64>> {
    let mut by_id: BTreeMap<u64, &RunnerFacts> = BTreeMap::new();
    for runner in runners {
        by_id.entry(runner.id).or_insert(runner);
    }
    jobs.iter()
        .map(|job| match decide_job(job, project_of(job), &by_id) {
            Problem::JobWaitingForCapacity(JobWaitingForCapacity { runners, .. }) => runners,
            _ => Vec::new(),
        })
        .collect()
}

/// GitLab says online, but the runner has no manager left: no host runs it. GitLab 16.0–17.x
/// heartbeats the runner on `DELETE /runners/managers` (`current_runner.heartbeat` in
/// lib/api/ci/helpers/runner.rb), so the last host's unregister keeps it online for 2 hours.
fn online_without_managers(runner: &RunnerFacts) -> bool {
    runner.status == ContactStatus::Online && runner.managers == Some(0)
}
