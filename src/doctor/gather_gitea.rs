//! Fills [`GiteaFacts`] from a Gitea or Forgejo server and this machine's `.runner`.
//!
//! Scopes are read side by side (the Gitea client has no fan-out of its own), at most
//! `concurrency` at a time. A part the server cannot answer (too old, 403) becomes a
//! [`NotChecked`] entry, never an empty list that would read as "no problems".

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::facts::{ServiceFacts, ServiceManager, ServiceState};
use super::gitea_facts::{
    ActionsFacts, ActionsRunner, ApiPart, GiteaFacts, GiteaLocalFacts, NotChecked,
    NotCheckedReason, RepoFacts, RunnerFileFacts, RunnerFileState, RunnerScope, ServerKind,
    TokenCheck, WaitingJob,
};
use crate::gitea::{Client, GiteaError, Scope};
use crate::instance_url::InstanceUrl;
use crate::runner_file::{self, Parsed, RunnerFileError};
use crate::service::{self, GITEA_RUNNER_UNITS};

/// What to gather.
#[derive(Debug, Clone, Default)]
pub struct GiteaRequest {
    pub orgs: Vec<String>,
    /// `(owner, name)`.
    pub repos: Vec<(String, String)>,
    pub user: bool,
    pub instance: bool,
    pub runner_ids: Vec<u64>,
    /// `Some` when local checks are on: the `.runner` path.
    pub runner_file: Option<PathBuf>,
    pub service_unit: Option<String>,
    pub verify_tokens: bool,
    pub concurrency: usize,
    /// `--runner-log`: the log to read instead of the service's journal.
    pub runner_log: Option<crate::runner_log::LogSource>,
}

/// Gathers; `client` is `None` offline.
pub fn gather_gitea(
    kind: ServerKind,
    url: Option<InstanceUrl>,
    request: &GiteaRequest,
    client: Option<&Client>,
) -> anyhow::Result<GiteaFacts> {
    let file = match &request.runner_file {
        Some(path) => Some(read_file(path)?),
        None => None,
    };
    let parsed = file.as_ref().and_then(|(_, parsed)| parsed.as_ref());
    let api = match client {
        Some(client) => Some(gather_api(client, request, parsed)?),
        None => None,
    };
    let local = match (&request.runner_file, file) {
        (Some(path), Some((state, parsed))) => {
            let verification = match (client, parsed.as_ref(), request.verify_tokens) {
                (Some(client), Some(parsed), true) => verify(client, parsed, api.as_ref())?,
                _ => TokenCheck::NotChecked,
            };
            let (service, service_unit) = service_facts(request.service_unit.as_deref())?;
            let units: Vec<&str> = match &service_unit {
                Some(unit) => vec![unit.as_str()],
                None => crate::service::GITEA_RUNNER_UNITS.to_vec(),
            };
            let mut runner_log_notices = Vec::new();
            let runner_log = super::gather_log::read_runner_log(
                request.runner_log.as_ref(),
                &units,
                &[],
                || None,
                &mut runner_log_notices,
            );
            Some(GiteaLocalFacts {
                runner_file_path: path.display().to_string(),
                runner_file: state,
                service,
                service_unit,
                verification,
                runner_log,
                runner_log_notices,
            })
        }
        _ => None,
    };
    Ok(GiteaFacts {
        kind,
        url,
        local,
        api,
    })
}

fn read_file(path: &std::path::Path) -> anyhow::Result<(RunnerFileState, Option<Parsed>)> {
    match runner_file::read_unlocked(path) {
        Ok(None) => Ok((RunnerFileState::Missing, None)),
        Ok(Some(parsed)) => {
            let mode = std::fs::metadata(path).ok().map(|metadata| {
                use std::os::unix::fs::PermissionsExt;
                metadata.permissions().mode() & 0o7777
            });
            let registration = &parsed.registration;
            let facts = RunnerFileFacts {
                id: registration.id,
                name: registration.name.clone(),
                address: registration.address.clone(),
                labels: registration.labels.clone(),
                mode,
            };
            Ok((RunnerFileState::Parsed(facts), Some(parsed)))
        }
        Err(RunnerFileError::Unparseable { line, column, .. }) => {
            Ok((RunnerFileState::Unparseable { line, column }, None))
        }
        Err(RunnerFileError::NotRegularFile { .. }) => Ok((RunnerFileState::NotRegularFile, None)),
        Err(error) => Err(error.into()),
    }
}

fn service_facts(unit: Option<&str>) -> anyhow::Result<(ServiceFacts, Option<String>)> {
    service_facts_among(unit, &GITEA_RUNNER_UNITS)
}

/// The runner's systemd unit (`unit`, else the first installed of `units`) and its state.
pub(crate) fn service_facts_among(
    unit: Option<&str>,
    units: &[&str],
) -> anyhow::Result<(ServiceFacts, Option<String>)> {
    let manager = service::detect()?.filter(|manager| *manager == service::Manager::Systemd);
    let unit = match unit {
        Some(unit) => Some(unit.to_string()),
        None => service::first_installed_unit(units)?.map(str::to_string),
    };
    let state = match &unit {
        Some(unit) => service::unit_status(unit)?.unwrap_or(service::State::NotInstalled),
        None => service::State::NotInstalled,
    };
    let state = match state {
        service::State::Running => ServiceState::Running,
        service::State::Stopped => ServiceState::Stopped,
        service::State::NotInstalled => ServiceState::NotInstalled,
    };
    let facts = ServiceFacts {
        manager: manager.map(|_| ServiceManager::Systemd),
        state,
    };
    Ok((facts, unit))
}

/// Declare with the file's credentials and the labels the server lists for the runner (so
/// the check changes nothing but the runner's last contact).
fn verify(
    client: &Client,
    parsed: &Parsed,
    api: Option<&ActionsFacts>,
) -> anyhow::Result<TokenCheck> {
    let registration = &parsed.registration;
    let labels: Vec<String> = api
        .and_then(|api| api.runners.iter().find(|r| r.id == registration.id))
        .map(|runner| runner.labels.clone())
        .unwrap_or_else(|| {
            registration
                .labels
                .iter()
                .map(|label| label.split(':').next().unwrap_or(label).to_string())
                .collect()
        });
    match client.declare(&registration.uuid, &registration.token, &labels) {
        Ok(_) => Ok(TokenCheck::Accepted),
        Err(GiteaError::UnregisteredRunner) => Ok(TokenCheck::Rejected),
        Err(error) => Err(error.into()),
    }
}

/// A part that could not be read, or the error that ends the run.
fn not_checked(part: ApiPart, error: GiteaError) -> Result<NotChecked, GiteaError> {
    let reason = match error {
        GiteaError::NeedsVersion { needs, .. } => NotCheckedReason::NeedsVersion(needs),
        GiteaError::Forbidden {
            missing_scope,
            message,
            ..
        } => NotCheckedReason::Forbidden(missing_scope.unwrap_or(message)),
        other => return Err(other),
    };
    Ok(NotChecked { part, reason })
}

/// Runs `f` on every item, at most `limit` at a time, answers in the items' order.
fn fan_out<T: Sync, R: Send>(items: &[T], limit: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut answers = Vec::with_capacity(items.len());
    for chunk in items.chunks(limit.max(1)) {
        std::thread::scope(|threads| {
            let handles: Vec<_> = chunk.iter().map(|item| threads.spawn(|| f(item))).collect();
            for handle in handles {
                if let Ok(answer) = handle.join() {
                    answers.push(answer);
                }
            }
        });
    }
    answers
}

fn scope_of(scope: &Scope, login: &str) -> RunnerScope {
    match scope {
        Scope::Instance => RunnerScope::Unknown,
        Scope::Org(org) => RunnerScope::Org(org.clone()),
        Scope::User => RunnerScope::User(login.to_string()),
        Scope::Repo { owner, name } => RunnerScope::Repo(format!("{owner}/{name}")),
    }
}

struct Lists {
    runners: BTreeMap<u64, ActionsRunner>,
    not_checked: Vec<NotChecked>,
}

impl Lists {
    fn read(
        &mut self,
        client: &Client,
        scopes: &[Scope],
        login: &str,
        requested: bool,
        limit: usize,
    ) -> Result<(), GiteaError> {
        let answers = fan_out(scopes, limit, |scope| client.list_runners(scope));
        for (scope, answer) in scopes.iter().zip(answers) {
            let list = match answer {
                Ok(list) => list,
                // An owner that is a user, not an organization: its list is read as --user
                // or not at all.
                Err(GiteaError::NotFound { .. }) if !requested => continue,
                Err(error) => {
                    let entry = not_checked(ApiPart::Runners, error)?;
                    if !self.not_checked.contains(&entry) {
                        self.not_checked.push(entry);
                    }
                    continue;
                }
            };
            for runner in list {
                let id = u64::try_from(runner.id).unwrap_or_default();
                let mut scope = scope_of(scope, login);
                // Forgejo lists say whose a runner is: no owner and no repository is the
                // instance's (forgejo models/actions/runner.go `OwnerID`/`RepoID`).
                if scope == RunnerScope::Unknown
                    && client.flavour().kind == crate::gitea::ServerKind::Forgejo
                    && runner.owner_id.is_none()
                    && runner.repo_id.is_none()
                {
                    scope = RunnerScope::Instance;
                }
                let entry = self.runners.entry(id).or_insert_with(|| ActionsRunner {
                    id,
                    name: runner.name.clone(),
                    scope: scope.clone(),
                    online: runner.status.online(),
                    disabled: runner.disabled,
                    busy: runner.busy,
                    labels: runner.labels.clone(),
                    requested: false,
                });
                if entry.scope == RunnerScope::Unknown {
                    entry.scope = scope;
                }
                entry.requested |= requested;
            }
        }
        Ok(())
    }
}

fn gather_api(
    client: &Client,
    request: &GiteaRequest,
    parsed: Option<&Parsed>,
) -> anyhow::Result<ActionsFacts> {
    let limit = request.concurrency.max(1);
    let user = client.current_user()?;
    let version = client.flavour().version.to_string();
    let mut scopes: Vec<Scope> = request.orgs.iter().cloned().map(Scope::Org).collect();
    scopes.extend(request.repos.iter().map(|(owner, name)| Scope::Repo {
        owner: owner.clone(),
        name: name.clone(),
    }));
    let nothing_named = scopes.is_empty() && !request.instance && request.runner_ids.is_empty();
    if request.user || nothing_named {
        scopes.push(Scope::User);
    }
    if request.instance {
        scopes.push(Scope::Instance);
    }
    let mut wanted: Vec<u64> = request.runner_ids.clone();
    wanted.extend(parsed.map(|parsed| parsed.registration.id));

    let mut lists = Lists {
        runners: BTreeMap::new(),
        not_checked: Vec::new(),
    };
    lists.read(client, &scopes, &user.login, true, limit)?;

    // The repositories in scope, with their Actions switch, and their names by id (Forgejo's
    // job lists name a repository by id alone).
    let mut read: Vec<crate::gitea::Repo> = Vec::new();
    let org_scopes: Vec<&String> = request.orgs.iter().collect();
    for answer in fan_out(&org_scopes, limit, |org| client.org_repos(org)) {
        read.extend(answer?);
    }
    for answer in fan_out(&request.repos, limit, |(owner, name)| {
        client.repo(owner, name)
    }) {
        read.push(answer?);
    }
    let repo_names: BTreeMap<i64, String> = read
        .iter()
        .filter(|repo| repo.id != 0)
        .map(|repo| (repo.id, repo.full_name.clone()))
        .collect();
    let repos: Vec<RepoFacts> = read.into_iter().map(repo_facts).collect();

    // The waiting jobs of every scope given.
    let mut jobs: BTreeMap<u64, WaitingJob> = BTreeMap::new();
    for (scope, answer) in scopes
        .iter()
        .zip(fan_out(&scopes, limit, |scope| client.waiting_jobs(scope)))
    {
        match answer {
            Ok(list) => {
                for job in list {
                    let job = waiting_job(job, scope, &user.login, &repo_names);
                    jobs.entry(job.id).or_insert(job);
                }
            }
            Err(error) => {
                let entry = not_checked(ApiPart::WaitingJobs, error)?;
                if !lists.not_checked.contains(&entry) {
                    lists.not_checked.push(entry);
                }
            }
        }
    }

    // For matching: each job's repository and owner lists, and the instance's with an admin
    // token. Scopes do not inherit (gitea routers/api/v1/shared/runners.go `ListRunners`).
    let mut extra: Vec<Scope> = Vec::new();
    let mut push = |scope: Scope| {
        if !scopes.contains(&scope) && !extra.contains(&scope) {
            extra.push(scope);
        }
    };
    for job in jobs.values() {
        if let Some((owner, name)) = job.repo.split_once('/')
            && !name.is_empty()
        {
            push(Scope::Repo {
                owner: owner.to_string(),
                name: name.to_string(),
            });
            if owner.eq_ignore_ascii_case(&user.login) {
                push(Scope::User);
            } else {
                push(Scope::Org(owner.to_string()));
            }
        }
    }
    if user.is_admin {
        // Gitea's admin list does not say whose a runner is: every repository in scope is
        // read so that its runners are not taken for the instance's.
        for repo in &repos {
            if let Some((owner, name)) = repo.full_name.split_once('/') {
                push(Scope::Repo {
                    owner: owner.to_string(),
                    name: name.to_string(),
                });
            }
        }
    }
    lists.read(client, &extra, &user.login, false, limit)?;
    let mut instance_runners_known = false;
    if user.is_admin {
        let before = lists.not_checked.len();
        let admin = [Scope::Instance];
        lists.read(client, &admin, &user.login, false, limit)?;
        instance_runners_known = lists.not_checked.len() == before;
        for runner in lists.runners.values_mut() {
            if runner.scope == RunnerScope::Unknown {
                runner.scope = RunnerScope::Instance;
            }
        }
    }
    for runner in lists.runners.values_mut() {
        if wanted.contains(&runner.id) {
            runner.requested = true;
        }
    }
    Ok(ActionsFacts {
        version,
        not_checked: lists.not_checked,
        runners: lists.runners.into_values().collect(),
        instance_runners_known,
        repos,
        waiting_jobs: jobs.into_values().collect(),
    })
}

fn repo_facts(repo: crate::gitea::Repo) -> RepoFacts {
    RepoFacts {
        full_name: repo.full_name,
        owner: repo.owner,
        actions_enabled: repo.has_actions,
    }
}

fn waiting_job(
    job: crate::gitea::WaitingJob,
    scope: &Scope,
    login: &str,
    repo_names: &BTreeMap<i64, String>,
) -> WaitingJob {
    // Forgejo's job list names no repository, only its id: the repositories read say which,
    // else a repository scope; at an org or user scope only the owner is known.
    let named = job.repo_id.and_then(|id| repo_names.get(&id).cloned());
    let repo = job.repo.or(named).unwrap_or_else(|| match scope {
        Scope::Repo { owner, name } => format!("{owner}/{name}"),
        Scope::Org(org) => format!("{org}/"),
        Scope::User => format!("{login}/"),
        Scope::Instance => String::new(),
    });
    WaitingJob {
        id: u64::try_from(job.id).unwrap_or_default(),
        run_id: job
            .run_id
            .and_then(|id| u64::try_from(id).ok())
            .unwrap_or_default(),
        name: job.name,
        repo,
        labels: job.labels,
        head_branch: job.head_branch.unwrap_or_default(),
        created_at: None,
    }
}
