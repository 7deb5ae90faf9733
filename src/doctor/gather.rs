//! Gathering the doctor's facts: config.toml, the service, the secret store and GitLab's API,
//! each by the cheapest path the token allows. Nothing here decides or prints: notices for the
//! operator come back as data, and [`diagnose`](super::diagnose) draws the conclusions.
//!
//! The API part, for a token that can see the runners and jobs:
//!
//! | what | administrator | anyone else |
//! | --- | --- | --- |
//! | admin? | `GET /user` `is_admin`, once | same |
//! | projects of `-g` | `GET /groups/:id/projects?include_subgroups=true&with_shared=false`, 100 a page | same |
//! | runners | `Query.runners`, 100 a page, in three chains side by side (one per contact state) | `Group.runners(membership: DESCENDANTS)` per group, `Project.runners` per `-p` project, each in three chains likewise, and for matching one `Project.runners` in each group tree (ancestor-group and instance runners) |
//! | pending jobs | `Query.jobs(statuses: [PENDING])`, 100 a page, filtered here, beside the runner chains | the projects' pending and running pipelines' pending jobs, 50 projects a query (`Query.projects(ids:)`), then `Project.jobs` for a project past a page |
//! | protected refs | only for projects where a `ref_protected` runner could take a pending job: branches by `Project.branchRules`, 37 projects a query (GitLab's complexity limit), tags by `GET /projects/:id/protected_tags` (no GraphQL field) | same, 31 projects a query |
//! | named runners | `GET /runners/:id` for config entries, `--runner` and stored tokens the bulk reads missed | same |
//! | runner managers | `managers { count }` on every runner page; `GET /runners/:id/managers` only for online runners read over REST (named ones the bulk reads missed) that config entries, `--runner` or a pending job rely on; at most [`MANAGER_READS`] | same |

use crate::runner_id::RunnerId;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use super::decide::{needs_protected_refs, online_runners_for_jobs};
use super::facts::{
    AccessLevel, ApiFacts, ConfigContents, ConfigEntryFacts, ConfigFileFacts, ConfigState,
    ContactStatus, Facts, GitlabFacts, LocalFacts, MissingReason, MissingRunner, MissingScope,
    PendingJob, ProjectFacts, ProtectedRefs, RequestedScope, RunnerFacts, RunnerType, ScopeKind,
    ServiceFacts, ServiceManager, ServiceState, TokenVerification, UnreachableCause,
};
use super::log_facts::LongPollingConfig;
use crate::contact_state::ContactState;
use crate::forge::Forge as _;
use crate::gitlab::RunnerWithOwners;
use crate::gitlab::{ApiError, Client, NetworkCause, RedirectRefusal};
use crate::gitlab::{BranchRules, PROJECTS_PER_QUERY, branch_rules_batch_size};
use crate::gitlab::{
    JobNode, RUNNER_CHAINS, RunnerFilter, RunnerNode, RunnerSource, join_runner_chains,
};
use crate::gitlab::{Project, RunnerType as ApiRunnerType};
use crate::instance_url::InstanceUrl;
use crate::runner_config::{ConfigError, ConfigFile, read_system_id};
use crate::runner_log::LogSource;
use crate::secrets::SecretStore;

/// What the operator asked for, resolved by the command.
#[derive(Debug, Clone)]
pub struct GatherRequest {
    pub scope: RequestedScope,
    pub config_path: PathBuf,
    /// The contract's scope rule: config.toml exists at the path, or the path was given, or
    /// `--offline`. Decided by the caller, which knows where the path came from.
    pub local_checks: bool,
    pub offline: bool,
    pub verify_tokens: bool,
    /// `--runner-log`: the log to read instead of the service's journal.
    pub runner_log: Option<LogSource>,
}

/// Reports how far gathering got; the command shows it as a progress bar on a terminal.
pub trait Progress: Sync {
    /// A new stage; `total` is the number of steps it has, when known.
    fn stage(&self, message: &str, total: Option<u64>);
    /// One step of the current stage done.
    fn advance(&self);
}

/// For callers that show no progress (tests, benchmarks).
pub struct NoProgress;

impl Progress for NoProgress {
    fn stage(&self, _message: &str, _total: Option<u64>) {}
    fn advance(&self) {}
}

/// The facts, and what the operator should be told about how they were gathered.
#[derive(Debug)]
pub struct Gathered {
    pub facts: Facts,
    pub notices: Vec<String>,
    /// Whether the token is an administrator's (`None` when the API was not reached).
    pub admin: Option<bool>,
}

/// Gathers everything `diagnose` reads. `client` is `None` with `--offline`, or when there
/// is no API token (the caller says so); the API part is then skipped.
pub fn gather(
    request: &GatherRequest,
    gitlab_url: Option<&InstanceUrl>,
    client: Option<&Client>,
    store: Option<&SecretStore>,
    progress: &dyn Progress,
) -> anyhow::Result<Gathered> {
    let mut notices = Vec::new();
    let mut local = if request.local_checks {
        progress.stage("reading config.toml and the service", None);
        gather_local(
            &request.config_path,
            gitlab_url,
            store,
            request.runner_log.as_ref(),
            &mut notices,
        )?
    } else {
        None
    };
    let mut admin = None;
    let api = match client {
        Some(client) if !request.offline => {
            let mut api = ApiGatherer {
                client,
                notices: &mut notices,
                progress,
                now: Utc::now(),
            };
            let (facts, is_admin) = api.gather(&request.scope, local.as_ref());
            admin = is_admin;
            if request.verify_tokens
                && let Some(local) = local.as_mut()
                && !matches!(
                    facts,
                    ApiFacts::Unreachable { .. } | ApiFacts::Redirected { .. }
                )
            {
                api.verify_tokens(&request.config_path, local);
            }
            facts
        }
        _ => ApiFacts::Skipped,
    };
    if request.verify_tokens && local.is_none() {
        notices.push(
            "verifying tokens needs local checks (a config.toml at the config path): no token \
             was verified"
                .to_string(),
        );
    }
    Ok(Gathered {
        facts: Facts {
            gitlab_url: gitlab_url.map(|url| url.as_str().to_string()),
            scope: request.scope.clone(),
            local,
            api,
        },
        notices,
        admin,
    })
}

/// config.toml, the service and the secret store. `None` when config.toml exists but cannot
/// be read (a notice says why): its findings would be guesses.
pub fn gather_local(
    config_path: &Path,
    gitlab_url: Option<&InstanceUrl>,
    store: Option<&SecretStore>,
    runner_log: Option<&LogSource>,
    notices: &mut Vec<String>,
) -> anyhow::Result<Option<LocalFacts>> {
    let config = match ConfigFile::read(config_path) {
        Ok(document) => ConfigState::Present(ConfigFileFacts {
            mode: file_mode(config_path),
            contents: ConfigContents::Loaded(
                document
                    .runners()
                    .into_iter()
                    .map(|entry| ConfigEntryFacts {
                        runner_id: entry.runner_id().map(RunnerId::get),
                        index: entry.index,
                        name: entry.name.unwrap_or_default(),
                        url: entry.url.map(|url| normalised_url(&url)),
                        token: entry
                            .token
                            .filter(|token| !token.expose().trim().is_empty()),
                        token_expires_at: entry.token_expires_at,
                        verification: None,
                    })
                    .collect(),
            ),
        }),
        Err(ConfigError::NotFound { .. }) => ConfigState::Missing,
        Err(ConfigError::Unparseable {
            line,
            column,
            message,
            ..
        }) => ConfigState::Present(ConfigFileFacts {
            mode: file_mode(config_path),
            contents: ConfigContents::Unparseable {
                line,
                column,
                message,
            },
        }),
        Err(ConfigError::Invalid {
            key,
            expected,
            found,
            ..
        }) => ConfigState::Present(ConfigFileFacts {
            mode: file_mode(config_path),
            contents: ConfigContents::Invalid {
                key,
                expected,
                found,
            },
        }),
        Err(other) => {
            notices.push(format!("local checks skipped: {other}"));
            return Ok(None);
        }
    };
    let (manager, state) = crate::service::status()?;
    let service = ServiceFacts {
        manager: manager.map(|manager| match manager {
            crate::service::Manager::Systemd => ServiceManager::Systemd,
            crate::service::Manager::GitlabRunner => ServiceManager::GitlabRunner,
        }),
        state: match state {
            crate::service::State::Running => ServiceState::Running,
            crate::service::State::Stopped => ServiceState::Stopped,
            crate::service::State::NotInstalled => ServiceState::NotInstalled,
        },
    };
    let stored_runner_ids = match (store, gitlab_url) {
        (Some(store), Some(url)) => match store.stored_runners() {
            Ok(stored) => stored
                .into_iter()
                .filter(|runner| runner.url == url.as_str())
                .map(|runner| runner.runner_id)
                .collect(),
            Err(error) => {
                notices.push(format!(
                    "the secret store could not be listed ({error}): stored tokens not checked"
                ));
                Vec::new()
            }
        },
        _ => Vec::new(),
    };
    let entries: &[ConfigEntryFacts] = match &config {
        ConfigState::Present(ConfigFileFacts {
            contents: ConfigContents::Loaded(entries),
            ..
        }) => entries,
        _ => &[],
    };
    let secrets: Vec<&str> = entries
        .iter()
        .filter_map(|entry| entry.token.as_ref().map(|token| token.expose()))
        .collect();
    let runner_log = super::gather_log::read_runner_log(
        runner_log,
        &[crate::service::UNIT],
        &secrets,
        || long_polling_config(config_path),
        notices,
    );
    Ok(Some(LocalFacts {
        config_path: config_path.display().to_string(),
        config,
        service,
        stored_runner_ids,
        runner_log,
    }))
}

/// config.toml's `concurrent` and each entry's `request_concurrency` (both 1 when absent, as
/// gitlab-runner's defaults are: common/config.go), read only when the log warns of long
/// polling.
fn long_polling_config(config_path: &Path) -> Option<LongPollingConfig> {
    let document = ConfigFile::read(config_path).ok()?;
    let text = crate::regular_file::read(config_path, 64 * 1024 * 1024).ok()?;
    let table: toml_edit::DocumentMut = String::from_utf8_lossy(&text).parse().ok()?;
    let concurrent = table
        .get("concurrent")
        .and_then(toml_edit::Item::as_integer)
        .and_then(|value| u64::try_from(value).ok())
        .unwrap_or(1);
    let runners = document.runners();
    let request_concurrency = runners
        .iter()
        .map(|entry| {
            let value = document
                .value_at(entry.index, &["request_concurrency"])
                .and_then(|item| item.as_integer())
                .and_then(|value| u64::try_from(value).ok())
                .unwrap_or(1);
            (entry.name.clone().unwrap_or_default(), value)
        })
        .collect();
    Some(LongPollingConfig {
        concurrent,
        entries: runners.len(),
        request_concurrency,
    })
}

fn normalised_url(url: &str) -> String {
    InstanceUrl::parse(url)
        .map(|url| url.as_str().to_string())
        .unwrap_or_else(|_| url.trim().trim_end_matches('/').to_string())
}

#[cfg(unix)]
fn file_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .ok()
        .map(|meta| meta.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn file_mode(_path: &Path) -> Option<u32> {
    None
}

/// The API failures that end the API part: the contract's `gitlab.unreachable` and
/// `gitlab.auth_failed`.
pub fn fatal_api_failure(error: &ApiError, url: &str) -> Option<ApiFacts> {
    match error {
        ApiError::Unauthorized { .. } | ApiError::MissingToken { .. } => {
            Some(ApiFacts::AuthFailed {
                status: 401,
                needed_scope: None,
            })
        }
        ApiError::Forbidden {
            needed_scope: Some(scope),
            ..
        } => Some(ApiFacts::AuthFailed {
            status: 403,
            needed_scope: Some(scope.clone()),
        }),
        ApiError::Network { cause, .. } => Some(ApiFacts::Unreachable {
            url: url.to_string(),
            cause: match cause {
                NetworkCause::Dns => UnreachableCause::Dns,
                NetworkCause::Tls => UnreachableCause::Tls,
                NetworkCause::Timeout => UnreachableCause::Timeout,
                NetworkCause::Dropped => UnreachableCause::Dropped,
                // A connection that could not be made: the nearest of the contract's causes.
                NetworkCause::Refused | NetworkCause::Other => UnreachableCause::Refused,
            },
        }),
        ApiError::NotGitlab { .. } => Some(ApiFacts::Unreachable {
            url: url.to_string(),
            cause: UnreachableCause::NotGitlab,
        }),
        ApiError::Redirect { to, refusal, .. } => Some(ApiFacts::Redirected {
            url: url.to_string(),
            location: to.clone(),
            new_url: match refusal {
                RedirectRefusal::OtherOrigin { new_url } => Some(new_url.clone()),
                _ => None,
            },
        }),
        ApiError::Server { status, .. } if *status >= 500 => Some(ApiFacts::Unreachable {
            url: url.to_string(),
            cause: UnreachableCause::Http5xx,
        }),
        _ => None,
    }
}

/// A [`RunnerNode`] as the diagnosis sees it.
pub fn runner_facts_from_node(node: RunnerNode) -> RunnerFacts {
    RunnerFacts {
        id: node.id,
        description: node.description,
        runner_type: runner_type(node.runner_type),
        paused: node.paused,
        status: contact_status(node.status),
        contacted_at: node.contacted_at,
        tag_list: node.tag_list,
        run_untagged: node.run_untagged,
        access_level: access_level(&node.access_level),
        locked: node.locked,
        group: node.groups.into_iter().next(),
        projects: node.projects,
        managers: node
            .managers
            .map(|count| usize::try_from(count).unwrap_or(usize::MAX)),
    }
}

/// A runner read by id over REST, as the diagnosis sees it.
pub fn runner_facts_from_rest(runner: RunnerWithOwners, now: DateTime<Utc>) -> RunnerFacts {
    let status = contact_status(runner.details.contact_state(now));
    let details = runner.details;
    RunnerFacts {
        id: details.id,
        description: details.description,
        runner_type: runner_type(details.runner_type),
        paused: details.paused,
        status,
        contacted_at: details.contacted_at,
        tag_list: details.tag_list,
        run_untagged: details.run_untagged,
        access_level: access_level(details.access_level.as_deref().unwrap_or_default()),
        locked: details.locked,
        group: runner.groups.into_iter().next(),
        projects: runner.projects,
        managers: None,
    }
}

/// A [`JobNode`] as the diagnosis sees it.
pub fn pending_job_from_node(job: JobNode) -> PendingJob {
    PendingJob {
        id: job.id,
        project: job.project,
        name: job.name,
        ref_name: job.ref_name,
        ref_is_tag: job.created_by_tag,
        tag_list: job.tags,
    }
}

fn runner_type(runner_type: ApiRunnerType) -> RunnerType {
    match runner_type {
        ApiRunnerType::InstanceType => RunnerType::Instance,
        ApiRunnerType::GroupType => RunnerType::Group,
        ApiRunnerType::ProjectType => RunnerType::Project,
    }
}

fn contact_status(state: ContactState) -> ContactStatus {
    match state {
        ContactState::Online => ContactStatus::Online,
        ContactState::Offline => ContactStatus::Offline,
        ContactState::Stale => ContactStatus::Stale,
        ContactState::NeverContacted => ContactStatus::NeverContacted,
    }
}

fn access_level(text: &str) -> AccessLevel {
    if text.eq_ignore_ascii_case("ref_protected") {
        AccessLevel::RefProtected
    } else {
        AccessLevel::NotProtected
    }
}

/// A project as the diagnosis sees it; GitLab's defaults where the token cannot see a
/// setting (`shared_runners_enabled` is shown to every reader, `group_runners_enabled` only
/// to Maintainers).
pub fn project_facts(project: &Project) -> ProjectFacts {
    ProjectFacts {
        path: project.path_with_namespace.clone(),
        shared_runners_enabled: project.shared_runners_enabled.unwrap_or(true),
        group_runners_enabled: project.group_runners_enabled,
        protected_refs: None,
    }
}

fn key(path: &str) -> String {
    path.to_ascii_lowercase()
}

/// `path` is `ancestor` or below it, ignoring ASCII case as GitLab's routes do.
fn within(path: &str, ancestor: &str) -> bool {
    let (path, ancestor) = (key(path), key(ancestor));
    path == ancestor || path.starts_with(&format!("{ancestor}/"))
}

/// The most runner manager lists one doctor run reads (`GET /runners/:id/managers`): enough for
/// the runners this machine names and the few that pending jobs rely on, without a request per
/// runner of a large fleet. Runners beyond it keep GitLab's "online".
pub const MANAGER_READS: usize = 20;

struct ApiGatherer<'a> {
    client: &'a Client,
    notices: &'a mut Vec<String>,
    progress: &'a dyn Progress,
    now: DateTime<Utc>,
}

/// A failure that ends the API part: the facts to report instead of the fleet's.
struct Fatal(ApiFacts);

/// Stops the API part on a failure that affects every later request; any other failure
/// becomes a notice and the value `None`.
macro_rules! or_fatal {
    ($self:ident, $result:expr, $what:expr) => {
        match $result {
            Ok(value) => Some(value),
            Err(error) => {
                if let Some(facts) = fatal_api_failure(&error, $self.client.url().as_str()) {
                    return Err(Fatal(facts));
                }
                $self.notices.push(format!("{}: {error}", $what));
                None
            }
        }
    };
}

/// One request of the protected-refs step.
enum ProtectedRefsRead<'a> {
    /// `Project.branchRules` of these projects, one query.
    BranchRules(&'a [&'a str]),
    /// `GET /projects/:id/protected_tags`.
    Tags(&'a str),
}

enum ProtectedRefsAnswer<'a> {
    BranchRules {
        batch: &'a [&'a str],
        rules: Result<Vec<BranchRules>, ApiError>,
    },
    Tags {
        path: &'a str,
        names: Result<Vec<String>, ApiError>,
    },
}

/// The projects in scope for job findings (keyed by lower-case path), and the groups and
/// projects that were asked for but do not exist.
struct ScopeProjects {
    projects: BTreeMap<String, ProjectFacts>,
    /// GitLab's id of each project, by the same key.
    ids: BTreeMap<String, u64>,
    missing_scopes: Vec<MissingScope>,
}

/// The runners read by id, and those the token could not read.
struct NamedRunners {
    /// The runners reported on by name: their managers are read when they read online.
    reported_by_name: Vec<u64>,
    missing_runners: Vec<MissingRunner>,
}

impl ApiGatherer<'_> {
    /// The steps in the order their requests go out (the benchmark's request counts and the
    /// tests' fault injections depend on that order). Returns the facts and whether the token
    /// is an administrator's (`None` when that was not learnt).
    fn gather(
        &mut self,
        scope: &RequestedScope,
        local: Option<&LocalFacts>,
    ) -> (ApiFacts, Option<bool>) {
        let admin = match self.token_is_admin() {
            Ok(Some(admin)) => admin,
            Ok(None) => return (ApiFacts::Gathered(GitlabFacts::default()), None),
            Err(Fatal(facts)) => return (facts, None),
        };
        match self.gather_as(admin, scope, local) {
            Ok(facts) => (ApiFacts::Gathered(facts), Some(admin)),
            Err(Fatal(facts)) => (facts, Some(admin)),
        }
    }

    fn gather_as(
        &mut self,
        admin: bool,
        scope: &RequestedScope,
        local: Option<&LocalFacts>,
    ) -> Result<GitlabFacts, Fatal> {
        if admin {
            self.check_admin_access()?;
        }
        let ScopeProjects {
            mut projects,
            ids,
            missing_scopes,
        } = self.scope_projects(scope)?;
        let mut runners: BTreeMap<u64, RunnerFacts> = BTreeMap::new();
        let (unjudged, all_pending_jobs) = self.scope_runners(
            admin,
            scope,
            &missing_scopes,
            !projects.is_empty(),
            &mut runners,
        )?;
        // Jobs judged without their runners would all look stuck for want of a runner.
        // A project given with -p whose own runners were read stays, whatever its group.
        projects.retain(|_, project| {
            let given_and_read = scope.projects.iter().any(|p| key(p) == key(&project.path))
                && !unjudged.iter().any(|path| key(path) == key(&project.path));
            given_and_read || !unjudged.iter().any(|path| within(&project.path, path))
        });
        let pending_jobs = self.pending_jobs(admin, &projects, &ids, all_pending_jobs)?;
        if !admin && !pending_jobs.is_empty() {
            self.runners_available_to_groups(scope, &projects, &pending_jobs, &mut runners)?;
        }
        let NamedRunners {
            reported_by_name,
            missing_runners,
        } = self.named_runners(admin, scope, local, &mut runners)?;

        let mut runners: Vec<RunnerFacts> = runners.into_values().collect();
        self.protected_refs(admin, &mut projects, &pending_jobs, &runners);
        self.managers(&mut runners, &projects, &pending_jobs, &reported_by_name);
        Ok(GitlabFacts {
            runners,
            projects: projects.into_values().collect(),
            pending_jobs,
            missing_runners,
            missing_scopes,
        })
    }

    /// `GET /user`: whether the token is an administrator's; `None` when the user could not be
    /// read for a reason that does not end the API part.
    fn token_is_admin(&mut self) -> Result<Option<bool>, Fatal> {
        let client = self.client;
        self.progress
            .stage("asking GitLab who the token belongs to", None);
        // `GET /user` answers every valid token with the user: a JSON body of another shape
        // comes from a server that is not GitLab.
        let current_user = client.current_user().map_err(|error| match error {
            ApiError::Decode { action, detail } => ApiError::NotGitlab {
                url: client.api_url("/user"),
                status: 200,
                what: format!("JSON that is not a GitLab user ({action}: {detail})"),
                base_hint: None,
            },
            other => other,
        });
        Ok(
            or_fatal!(self, current_user, "cannot read the current user")
                .map(|user| user.is_admin == Some(true)),
        )
    }

    /// An administrator's token may still be refused everything an administrator reads
    /// (Admin Mode without the admin_mode scope): find out before any read is taken for
    /// "not found".
    fn check_admin_access(&mut self) -> Result<(), Fatal> {
        match self.client.check_admin_access() {
            Err(error) => match fatal_api_failure(&error, self.client.url().as_str()) {
                Some(facts) => Err(Fatal(facts)),
                None => Ok(()),
            },
            Ok(()) => Ok(()),
        }
    }

    /// The projects of the groups (`-g`) and the projects given (`-p`).
    fn scope_projects(&mut self, scope: &RequestedScope) -> Result<ScopeProjects, Fatal> {
        let client = self.client;
        self.progress.stage(
            "listing the projects of the groups",
            Some(count(&scope.groups)),
        );
        let mut projects: BTreeMap<String, ProjectFacts> = BTreeMap::new();
        let mut ids: BTreeMap<String, u64> = BTreeMap::new();
        let mut missing_scopes: Vec<MissingScope> = Vec::new();
        let group_projects = client.fan_out(&scope.groups, |group| {
            let result = client.group_projects(group);
            self.progress.advance();
            result
        });
        for (group, result) in scope.groups.iter().zip(group_projects) {
            if let Err(ApiError::NotFound { .. }) = &result {
                missing_scopes.push(MissingScope {
                    kind: ScopeKind::Group,
                    reference: group.clone(),
                });
                continue;
            }
            if let Some(list) = or_fatal!(self, result, format!("group {group} skipped")) {
                for project in &list {
                    let path = key(&project.path_with_namespace);
                    ids.insert(path.clone(), project.id);
                    projects
                        .entry(path)
                        .or_insert_with(|| project_facts(project));
                }
            }
        }
        let given_projects = client.fan_out(&scope.projects, |project| client.project(project));
        for (path, result) in scope.projects.iter().zip(given_projects) {
            if let Err(ApiError::NotFound { .. }) = &result {
                missing_scopes.push(MissingScope {
                    kind: ScopeKind::Project,
                    reference: path.clone(),
                });
                continue;
            }
            if let Some(project) = or_fatal!(self, result, format!("project {path} skipped")) {
                let path = key(&project.path_with_namespace);
                ids.insert(path.clone(), project.id);
                projects
                    .entry(path)
                    .or_insert_with(|| project_facts(&project));
            }
        }
        Ok(ScopeProjects {
            projects,
            ids,
            missing_scopes,
        })
    }

    /// The runners of the groups and projects that exist (an administrator reads every runner
    /// at once); returns the paths whose runners could not be read, whose jobs are not judged.
    /// An administrator's read of every pending job (`with_jobs`) depends on nothing read
    /// here, so its chain of pages runs beside the runners' chains and comes back too.
    fn scope_runners(
        &mut self,
        admin: bool,
        scope: &RequestedScope,
        missing_scopes: &[MissingScope],
        with_jobs: bool,
        runners: &mut BTreeMap<u64, RunnerFacts>,
    ) -> Result<(Vec<String>, Option<AllPendingJobs>), Fatal> {
        let client = self.client;
        // The groups and projects that exist: nothing is read under a missing one.
        let found = |kind: ScopeKind, path: &str| {
            !missing_scopes
                .iter()
                .any(|missing| missing.kind == kind && missing.reference == path)
        };
        let groups: Vec<&String> = scope
            .groups
            .iter()
            .filter(|group| found(ScopeKind::Group, group))
            .collect();
        let given: Vec<&String> = scope
            .projects
            .iter()
            .filter(|project| found(ScopeKind::Project, project))
            .collect();
        let scoped = !groups.is_empty() || !given.is_empty();
        let mut unjudged: Vec<String> = Vec::new();
        let mut all_pending_jobs = None;
        if admin && scoped {
            self.progress.stage("reading every runner", None);
            let (every_runner, jobs) = every_runner_and_pending_job(client, with_jobs);
            all_pending_jobs = jobs;
            match or_fatal!(
                self,
                every_runner,
                "the runners were not read, so no pending job is judged"
            ) {
                Some(nodes) => add_nodes(runners, nodes),
                None => unjudged.extend(groups.iter().chain(&given).map(|path| path.to_string())),
            }
        } else if scoped {
            let sources: Vec<RunnerSource<'_>> = groups
                .iter()
                .map(|group| RunnerSource::GroupDescendants(group))
                .chain(given.iter().map(|project| RunnerSource::Project(project)))
                .collect();
            let chains = count(&sources) * count(&RUNNER_CHAINS);
            self.progress.stage(
                "reading the runners of the groups and projects",
                Some(chains),
            );
            let progress = self.progress;
            let answers = client.graphql_runners_in_chains(&sources, || progress.advance());
            for (source, result) in sources.iter().zip(answers) {
                let (path, what) = match source {
                    RunnerSource::GroupDescendants(group) => (
                        *group,
                        format!(
                            "the runners of group {group} were not read, so its pending jobs \
                             are not judged"
                        ),
                    ),
                    RunnerSource::Project(project) => (
                        *project,
                        format!(
                            "the runners of project {project} were not read, so its pending \
                             jobs are not judged"
                        ),
                    ),
                    RunnerSource::Instance => ("", "the runners were not read".to_string()),
                };
                match or_fatal!(self, result, what) {
                    Some(nodes) => add_nodes(runners, nodes),
                    None => unjudged.push(path.to_string()),
                }
            }
        }
        Ok((unjudged, all_pending_jobs))
    }

    /// The pending jobs of the projects in scope: an administrator reads them all at once;
    /// anyone else through the active pipelines of [`PROJECTS_PER_QUERY`] projects a query,
    /// then `Project.jobs` for each project those did not settle.
    fn pending_jobs(
        &mut self,
        admin: bool,
        projects: &BTreeMap<String, ProjectFacts>,
        ids: &BTreeMap<String, u64>,
        all_pending_jobs: Option<AllPendingJobs>,
    ) -> Result<Vec<PendingJob>, Fatal> {
        let client = self.client;
        let mut pending_jobs: Vec<PendingJob> = Vec::new();
        if admin && !projects.is_empty() {
            let all_pending_jobs = all_pending_jobs.unwrap_or_else(|| {
                self.progress.stage("reading the pending jobs", None);
                client.graphql_all_pending_jobs()
            });
            if let Some(jobs) = or_fatal!(self, all_pending_jobs, "cannot list the pending jobs") {
                pending_jobs.extend(
                    jobs.into_iter()
                        .filter(|job| projects.contains_key(&key(&job.project)))
                        .map(pending_job_from_node),
                );
            }
        } else if !projects.is_empty() {
            let (jobs, paths) = self.pending_jobs_through_pipelines(projects, ids)?;
            pending_jobs.extend(jobs);
            if !paths.is_empty() {
                self.progress.stage(
                    "reading the pending jobs of each project",
                    Some(count(&paths)),
                );
            }
            let answers = client.fan_out(&paths, |path| {
                let result = client.graphql_project_pending_jobs(path);
                self.progress.advance();
                result
            });
            for (path, result) in paths.iter().zip(answers) {
                if let Some(jobs) = or_fatal!(
                    self,
                    result,
                    format!("the pending jobs of project {path} were not read")
                ) {
                    pending_jobs.extend(jobs.into_iter().map(pending_job_from_node));
                }
            }
            // By project, newest first, as reading each project's jobs in turn gives them.
            pending_jobs
                .sort_by(|a, b| key(&a.project).cmp(&key(&b.project)).then(b.id.cmp(&a.id)));
        }
        Ok(pending_jobs)
    }

    /// The pending jobs of the projects with a known id, [`PROJECTS_PER_QUERY`] a query, and the
    /// paths still to read one by one: those the queries did not settle, those without an id,
    /// and every project of a query GitLab refused for a reason that does not end the API part
    /// (a schema without one of its fields, say).
    fn pending_jobs_through_pipelines(
        &mut self,
        projects: &BTreeMap<String, ProjectFacts>,
        ids: &BTreeMap<String, u64>,
    ) -> Result<(Vec<PendingJob>, Vec<String>), Fatal> {
        let client = self.client;
        let mut unread: Vec<String> = Vec::new();
        let mut known: Vec<(u64, &str)> = Vec::new();
        for (path, project) in projects {
            match ids.get(path) {
                Some(id) => known.push((*id, project.path.as_str())),
                None => unread.push(project.path.clone()),
            }
        }
        let batches: Vec<&[(u64, &str)]> = known.chunks(PROJECTS_PER_QUERY).collect();
        self.progress.stage(
            "reading the pending jobs of the projects' active pipelines",
            Some(count(&batches)),
        );
        let answers = client.fan_out(&batches, |batch| {
            let result = client.graphql_pending_jobs_of_projects(batch);
            self.progress.advance();
            result
        });
        let mut jobs: Vec<JobNode> = Vec::new();
        for (batch, answer) in batches.iter().zip(answers) {
            match answer {
                Ok(answer) => {
                    jobs.extend(answer.jobs);
                    unread.extend(answer.unread);
                }
                Err(error) => {
                    if let Some(facts) = fatal_api_failure(&error, client.url().as_str()) {
                        return Err(Fatal(facts));
                    }
                    unread.extend(batch.iter().map(|(_, path)| path.to_string()));
                }
            }
        }
        let jobs = jobs.into_iter().map(pending_job_from_node).collect();
        unread.sort_by_key(|path| key(path));
        Ok((jobs, unread))
    }

    /// Without Query.runners, the groups' ancestor-group runners and the instance runners
    /// come from one project of each tree that has pending jobs: Project.runners lists
    /// every runner available to it.
    fn runners_available_to_groups(
        &mut self,
        scope: &RequestedScope,
        projects: &BTreeMap<String, ProjectFacts>,
        pending_jobs: &[PendingJob],
        runners: &mut BTreeMap<u64, RunnerFacts>,
    ) -> Result<(), Fatal> {
        let client = self.client;
        let probes = self.probe_projects(scope, projects, pending_jobs);
        if probes.is_empty() {
            return Ok(());
        }
        self.progress.stage(
            "reading the runners available to the groups",
            Some(count(&probes)),
        );
        let answers = client.fan_out(&probes, |path| {
            let result =
                client.graphql_runners(RunnerSource::Project(path), &RunnerFilter::default());
            self.progress.advance();
            result
        });
        for (path, result) in probes.iter().zip(answers) {
            if let Some(nodes) = or_fatal!(
                self,
                result,
                format!(
                    "the instance and ancestor-group runners available to {path} were \
                     not read; jobs are judged without them"
                )
            ) {
                add_nodes(runners, nodes);
            }
        }
        Ok(())
    }

    /// Runners named by config entries, --runner and the secret store that the bulk reads
    /// did not return, read one by one.
    fn named_runners(
        &mut self,
        admin: bool,
        scope: &RequestedScope,
        local: Option<&LocalFacts>,
        runners: &mut BTreeMap<u64, RunnerFacts>,
    ) -> Result<NamedRunners, Fatal> {
        let client = self.client;
        let mut named: BTreeSet<u64> = scope.runner_ids.iter().copied().collect();
        if let Some(local) = local
            && let ConfigState::Present(file) = &local.config
            && let ConfigContents::Loaded(entries) = &file.contents
        {
            let url = client.url().as_str();
            named.extend(
                entries
                    .iter()
                    .filter(|entry| entry.url.as_deref().is_none_or(|u| u == url))
                    .filter_map(|entry| entry.runner_id),
            );
        }
        let reported_by_name: Vec<u64> = named.iter().copied().collect();
        if let Some(local) = local {
            named.extend(local.stored_runner_ids.iter().copied());
        }
        let unread: Vec<u64> = named
            .into_iter()
            .filter(|id| !runners.contains_key(id))
            .collect();
        let mut missing_runners = Vec::new();
        if !unread.is_empty() {
            self.progress
                .stage("reading the named runners", Some(count(&unread)));
            let answers = client.fan_out(&unread, |id| {
                let result = client.runner_with_owners(*id);
                self.progress.advance();
                result
            });
            for (id, result) in unread.iter().zip(answers) {
                match result {
                    Ok(runner) => {
                        runners.insert(*id, runner_facts_from_rest(runner, self.now));
                    }
                    Err(ApiError::NotFound { .. }) => missing_runners.push(MissingRunner {
                        id: *id,
                        likely: if admin {
                            MissingReason::Deleted
                        } else {
                            MissingReason::NotVisibleToToken
                        },
                    }),
                    Err(ApiError::Forbidden {
                        needed_scope: None, ..
                    }) => missing_runners.push(MissingRunner {
                        id: *id,
                        likely: MissingReason::NotVisibleToToken,
                    }),
                    Err(error) => {
                        if let Some(facts) = fatal_api_failure(&error, client.url().as_str()) {
                            return Err(Fatal(facts));
                        }
                        self.notices
                            .push(format!("runner {id} was not read: {error}"));
                    }
                }
            }
        }
        Ok(NamedRunners {
            reported_by_name,
            missing_runners,
        })
    }

    /// For each requested group with pending jobs, the project whose `Project.runners` brings
    /// the most of what `Group.runners(DESCENDANTS)` lacks: one with both shared and group
    /// runners enabled, else one of each.
    fn probe_projects(
        &self,
        scope: &RequestedScope,
        projects: &BTreeMap<String, ProjectFacts>,
        pending_jobs: &[PendingJob],
    ) -> Vec<String> {
        let with_jobs: BTreeSet<String> =
            pending_jobs.iter().map(|job| key(&job.project)).collect();
        let given: BTreeSet<String> = scope.projects.iter().map(|p| key(p)).collect();
        let mut probes: Vec<String> = Vec::new();
        for group in &scope.groups {
            let candidates: Vec<&ProjectFacts> = projects
                .values()
                .filter(|project| within(&project.path, group))
                .filter(|project| with_jobs.contains(&key(&project.path)))
                .collect();
            // A project given with -p already had its runners read.
            if candidates.iter().any(|p| given.contains(&key(&p.path))) {
                continue;
            }
            let group_on = |p: &&&ProjectFacts| p.group_runners_enabled != Some(false);
            if let Some(both) = candidates
                .iter()
                .find(|p| p.shared_runners_enabled && group_on(p))
            {
                probes.push(both.path.clone());
                continue;
            }
            if let Some(shared) = candidates.iter().find(|p| p.shared_runners_enabled) {
                probes.push(shared.path.clone());
            }
            if let Some(grouped) = candidates.iter().find(group_on) {
                probes.push(grouped.path.clone());
            }
        }
        probes.sort();
        probes.dedup();
        probes
    }

    /// Protected branches (or tags) only of projects where a `ref_protected` runner could
    /// take a pending job: elsewhere the answer cannot change a finding. Branches come from
    /// GraphQL `Project.branchRules`, as many projects a query as GitLab's complexity limit
    /// allows; tags have no GraphQL field, so each project with such a job on a tag is one
    /// REST read. All of them go out at once: none depends on another.
    fn protected_refs(
        &mut self,
        admin: bool,
        projects: &mut BTreeMap<String, ProjectFacts>,
        pending_jobs: &[PendingJob],
        runners: &[RunnerFacts],
    ) {
        // (project key, tags?) pairs to read.
        let mut wanted: BTreeSet<(String, bool)> = BTreeSet::new();
        for job in pending_jobs {
            let project = projects.get(&key(&job.project));
            if needs_protected_refs(job, project, runners) {
                let is_tag = job.ref_is_tag || job.ref_name.starts_with("refs/tags/");
                wanted.insert((key(&job.project), is_tag));
            }
        }
        if wanted.is_empty() {
            return;
        }
        let wanted: Vec<(String, String, bool)> = wanted
            .into_iter()
            .filter_map(|(project_key, is_tag)| {
                projects
                    .get(&project_key)
                    .map(|project| (project_key, project.path.clone(), is_tag))
            })
            .collect();
        let branch_projects: Vec<&str> = wanted
            .iter()
            .filter(|(_, _, is_tag)| !is_tag)
            .map(|(_, path, _)| path.as_str())
            .collect();
        let mut reads: Vec<ProtectedRefsRead<'_>> = branch_projects
            .chunks(branch_rules_batch_size(admin).max(1))
            .map(ProtectedRefsRead::BranchRules)
            .collect();
        reads.extend(
            wanted
                .iter()
                .filter(|(_, _, is_tag)| *is_tag)
                .map(|(_, path, _)| ProtectedRefsRead::Tags(path.as_str())),
        );
        self.progress
            .stage("reading protected branches and tags", Some(count(&reads)));
        let client = self.client;
        let answers = client.fan_out(&reads, |read| {
            let answer = match *read {
                ProtectedRefsRead::BranchRules(batch) => ProtectedRefsAnswer::BranchRules {
                    batch,
                    rules: client.graphql_branch_rules(batch),
                },
                ProtectedRefsRead::Tags(path) => ProtectedRefsAnswer::Tags {
                    path,
                    names: client.protected_tags(path),
                },
            };
            self.progress.advance();
            answer
        });
        // (path, tags?) and what was learnt of it.
        let mut learnt: Vec<(String, bool, Result<Vec<String>, String>)> = Vec::new();
        // Projects with more branch rules than a query asks for, or whose query GitLab
        // rejected (a GitLab without one of its fields): read by REST.
        let mut by_rest: Vec<String> = Vec::new();
        for answer in answers {
            match answer {
                ProtectedRefsAnswer::Tags { path, names } => learnt.push((
                    path.to_string(),
                    true,
                    names.map_err(|error| error.to_string()),
                )),
                ProtectedRefsAnswer::BranchRules {
                    batch,
                    rules: Ok(rules),
                } => {
                    for (path, rules) in batch.iter().zip(rules) {
                        match rules {
                            BranchRules::Complete(names) => {
                                learnt.push((path.to_string(), false, Ok(names)));
                            }
                            BranchRules::Truncated => by_rest.push(path.to_string()),
                            BranchRules::ProjectMissing => learnt.push((
                                path.to_string(),
                                false,
                                Err(ApiError::NotFound {
                                    what: format!("project '{path}'"),
                                    message: String::new(),
                                }
                                .to_string()),
                            )),
                        }
                    }
                }
                ProtectedRefsAnswer::BranchRules {
                    batch,
                    rules: Err(ApiError::Rejected { .. }),
                } => by_rest.extend(batch.iter().map(|path| path.to_string())),
                ProtectedRefsAnswer::BranchRules {
                    batch,
                    rules: Err(error),
                } => {
                    let error = error.to_string();
                    for path in batch {
                        learnt.push((path.to_string(), false, Err(error.clone())));
                    }
                }
            }
        }
        let rest_answers = client.fan_out(&by_rest, |path| client.protected_branches(path));
        for (path, answer) in by_rest.into_iter().zip(rest_answers) {
            learnt.push((path, false, answer.map_err(|error| error.to_string())));
        }
        // Notices in the order of the projects, branches before tags.
        learnt.sort_by_key(|(path, is_tag, _)| (key(path), *is_tag));
        for (path, is_tag, result) in learnt {
            match result {
                Ok(names) => {
                    if let Some(project) = projects.get_mut(&key(&path)) {
                        let refs = project
                            .protected_refs
                            .get_or_insert_with(ProtectedRefs::default);
                        if is_tag {
                            refs.tags = names;
                        } else {
                            refs.branches = names;
                        }
                    }
                }
                Err(error) => self.notices.push(format!(
                    "the protected {} of {path} were not read ({error}): jobs there are not \
                     judged on their ref",
                    if is_tag { "tags" } else { "branches" }
                )),
            }
        }
    }

    /// The managers of the runners whose "online" a finding would rest on: online runners
    /// named by config entries or `--runner`, and, for each pending job that would wait for
    /// capacity, one of the online runners it relies on (preferring runners many such jobs
    /// share), round by round until every such job has a runner with a manager or none
    /// left, at most [`MANAGER_READS`] reads in all. GitLab 16.0–17.x counts the last host's
    /// `DELETE /runners/managers` as a contact, so "online" alone may name a runner no host
    /// runs. Other runners' managers cannot change a finding and are not read.
    fn managers(
        &mut self,
        runners: &mut [RunnerFacts],
        projects: &BTreeMap<String, ProjectFacts>,
        pending_jobs: &[PendingJob],
        reported_by_name: &[u64],
    ) {
        let client = self.client;
        // Runners read by GraphQL came with their managers' count: only the others are read.
        let mut attempted: BTreeSet<u64> = runners
            .iter()
            .filter(|runner| runner.managers.is_some())
            .map(|runner| runner.id)
            .collect();
        let mut reads = 0;
        let mut wanted: Vec<u64> = reported_by_name
            .iter()
            .copied()
            .filter(|id| {
                runners
                    .iter()
                    .any(|runner| runner.id == *id && runner.status == ContactStatus::Online)
            })
            .collect();
        let mut staged = false;
        loop {
            let relied = online_runners_for_jobs(
                pending_jobs,
                |job| projects.get(&key(&job.project)),
                runners,
            );
            // A job is settled once one of the runners it relies on was read: it has a
            // manager, or its managers could not be read and GitLab's "online" stands.
            let unsettled: Vec<&Vec<u64>> = relied
                .iter()
                .filter(|ids| !ids.is_empty() && !ids.iter().any(|id| attempted.contains(id)))
                .collect();
            let mut shared: BTreeMap<u64, usize> = BTreeMap::new();
            for ids in &unsettled {
                for id in ids.iter() {
                    *shared.entry(*id).or_default() += 1;
                }
            }
            let share = |id: &u64| shared.get(id).copied().unwrap_or_default();
            let mut picks: Vec<u64> = Vec::new();
            for ids in &unsettled {
                if ids
                    .iter()
                    .any(|id| wanted.contains(id) || picks.contains(id))
                {
                    continue;
                }
                // The runner most of these jobs share; `max_by_key` keeps the last of
                // equals, so iterate from the highest id to prefer the lowest.
                if let Some(id) = ids.iter().rev().max_by_key(|id| share(id)) {
                    picks.push(*id);
                }
            }
            // Within the bound, the runners that settle the most jobs come first.
            picks.sort_by_key(|id| (std::cmp::Reverse(share(id)), *id));
            wanted.extend(picks);
            let mut seen = BTreeSet::new();
            wanted.retain(|id| !attempted.contains(id) && seen.insert(*id));
            wanted.truncate(MANAGER_READS.saturating_sub(reads));
            if wanted.is_empty() {
                return;
            }
            if !staged {
                self.progress
                    .stage("reading the managers of online runners", None);
                staged = true;
            }
            let answers = client.fan_out(&wanted, |id| {
                let result = client.runner_managers(*id);
                self.progress.advance();
                result
            });
            let mut stop = false;
            let mut found_none = false;
            for (id, result) in wanted.iter().zip(answers) {
                attempted.insert(*id);
                reads += 1;
                match result {
                    Ok(managers) => {
                        found_none |= managers.is_empty();
                        if let Some(runner) = runners.iter_mut().find(|r| r.id == *id) {
                            runner.managers = Some(managers.len());
                        }
                    }
                    // The runner was just read, so a 404 means no managers route (GitLab
                    // before runner managers): nothing more to learn this way.
                    Err(ApiError::NotFound { .. }) => stop = true,
                    // Not allowed to see them: GitLab's "online" stands.
                    Err(ApiError::Forbidden { .. }) => {}
                    Err(error) => {
                        self.notices.push(format!(
                            "the managers of runner {id} were not read ({error}): it is taken \
                             to be online, as GitLab says"
                        ));
                        if fatal_api_failure(&error, client.url().as_str()).is_some() {
                            stop = true;
                        }
                    }
                }
            }
            // Another round can only help when a read turned a runner from online to
            // without managers (the jobs it held now rely on others) and the bound leaves
            // room: otherwise every job with a runner to read got one this round, and deciding
            // every job again (the costly part on a large fleet) would find nothing new.
            if stop || !found_none || reads >= MANAGER_READS {
                return;
            }
            wanted = Vec::new();
        }
    }

    /// `--verify-tokens`: `POST /runners/verify` with each entry's token and this machine's
    /// system id. It records a contact and creates a runner manager, which is why it is
    /// opt-in; without `.runner_system_id` it is skipped rather than create one.
    fn verify_tokens(&mut self, config_path: &Path, local: &mut LocalFacts) {
        let ConfigState::Present(file) = &mut local.config else {
            return;
        };
        let ConfigContents::Loaded(entries) = &mut file.contents else {
            return;
        };
        let dir = config_path
            .parent()
            .filter(|dir| !dir.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let Some(system_id) = read_system_id(dir) else {
            self.notices.push(format!(
                "token verification skipped: there is no valid .runner_system_id in {} \
                 (gitlab-runner creates it when it first loads the config; the doctor only reads)",
                dir.display()
            ));
            return;
        };
        let client = self.client;
        let url = client.url().as_str().to_string();
        let targets: Vec<usize> = entries
            .iter()
            .enumerate()
            .filter(|(_, entry)| entry.token.is_some())
            // An entry without `url` names no GitLab: its token is not this one's to check.
            .filter(|(_, entry)| entry.url.as_deref() == Some(url.as_str()))
            .map(|(position, _)| position)
            .collect();
        self.progress
            .stage("verifying the tokens of config.toml", Some(count(&targets)));
        let entries_view: &Vec<ConfigEntryFacts> = entries;
        let answers = client.fan_out(&targets, |position| {
            let entry = &entries_view[*position];
            // The client's one verify call, with its policy: a repeated verify only touches
            // the same runner manager again, so it is retried like a read.
            let result = entry
                .token
                .as_ref()
                .map(|token| client.verify_runner(token, &system_id).map(drop));
            self.progress.advance();
            result
        });
        for (position, result) in targets.iter().zip(answers) {
            let Some(entry) = entries.get_mut(*position) else {
                continue;
            };
            match result {
                Some(Ok(())) => entry.verification = Some(TokenVerification::Accepted),
                Some(Err(error)) if error.is_orphaned_runner() => {
                    entry.verification = Some(TokenVerification::Orphaned)
                }
                Some(Err(ApiError::Forbidden { .. })) => {
                    entry.verification = Some(TokenVerification::Rejected)
                }
                Some(Err(error)) => self.notices.push(format!(
                    "the token of config entry #{} ({}) was not verified: {error}",
                    entry.index, entry.name
                )),
                None => {}
            }
        }
    }
}

/// Adds the runners of a bulk read, keeping the first read of each.
/// What `Query.jobs(statuses: [PENDING])` answered.
type AllPendingJobs = Result<Vec<JobNode>, ApiError>;

/// An administrator's reads that depend on nothing else: every runner, in the chains of
/// [`RUNNER_CHAINS`], and (`with_jobs`) every pending job, all side by side within
/// `--concurrency`.
fn every_runner_and_pending_job(
    client: &Client,
    with_jobs: bool,
) -> (Result<Vec<RunnerNode>, ApiError>, Option<AllPendingJobs>) {
    enum Read {
        Runners(ContactState),
        Jobs,
    }
    enum Answer {
        Runners(Result<Vec<RunnerNode>, ApiError>),
        Jobs(AllPendingJobs),
    }
    let mut reads: Vec<Read> = RUNNER_CHAINS
        .iter()
        .map(|state| Read::Runners(*state))
        .collect();
    if with_jobs {
        reads.push(Read::Jobs);
    }
    let answers = client.fan_out(&reads, |read| match read {
        Read::Runners(state) => {
            Answer::Runners(client.graphql_runner_chain(RunnerSource::Instance, *state))
        }
        Read::Jobs => Answer::Jobs(client.graphql_all_pending_jobs()),
    });
    let mut chains = Vec::new();
    let mut jobs = None;
    for answer in answers {
        match answer {
            Answer::Runners(chain) => chains.push(chain),
            Answer::Jobs(answer) => jobs = Some(answer),
        }
    }
    (join_runner_chains(chains), jobs)
}

fn add_nodes(runners: &mut BTreeMap<u64, RunnerFacts>, nodes: Vec<RunnerNode>) {
    for node in nodes {
        runners
            .entry(node.id)
            .or_insert_with(|| runner_facts_from_node(node));
    }
}

fn count<T>(items: &[T]) -> u64 {
    u64::try_from(items.len()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gitlab::runner_from_node;
    use serde_json::json;

    #[test]
    fn graphql_group_runner_becomes_runner_facts() {
        let node = runner_from_node(&json!({
            "id": "gid://gitlab/Ci::Runner/7",
            "description": "docker",
            "runnerType": "GROUP_TYPE",
            "paused": false,
            "status": "OFFLINE",
            "tagList": ["docker"],
            "runUntagged": true,
            "accessLevel": "NOT_PROTECTED",
            "locked": false,
            "contactedAt": "2026-11-20T10:00:00Z",
            "groups": {"nodes": [{"fullPath": "team/sub"}]},
            "projects": {"nodes": []}
        }))
        .expect("node");
        let facts = runner_facts_from_node(node);
        assert_eq!(facts.id, 7);
        assert_eq!(facts.runner_type, RunnerType::Group);
        assert_eq!(facts.status, ContactStatus::Offline);
        assert_eq!(facts.group.as_deref(), Some("team/sub"));
        assert_eq!(facts.access_level, AccessLevel::NotProtected);
        assert!(facts.contacted_at.is_some());
    }

    #[test]
    fn a_job_created_by_a_tag_keeps_that_fact() {
        let job = pending_job_from_node(JobNode {
            id: 1,
            name: "release".into(),
            project: "team/app".into(),
            ref_name: "v1".into(),
            created_by_tag: true,
            tags: vec![],
        });
        assert!(job.ref_is_tag);
        assert_eq!(job.ref_name, "v1");
    }

    #[test]
    fn network_and_auth_errors_end_the_api_part() {
        let refused = ApiError::Network {
            cause: NetworkCause::Refused,
            host: "h".into(),
            detail: String::new(),
            timeout: std::time::Duration::from_secs(1),
        };
        assert!(matches!(
            fatal_api_failure(&refused, "http://h"),
            Some(ApiFacts::Unreachable {
                cause: UnreachableCause::Refused,
                ..
            })
        ));
        let redirected = ApiError::Redirect {
            status: 301,
            method: "GET".into(),
            base: "http://h".into(),
            from: "http://h/api/v4/user".into(),
            to: "https://n/api/v4/user".into(),
            refusal: RedirectRefusal::OtherOrigin {
                new_url: "https://n".into(),
            },
        };
        assert!(matches!(
            fatal_api_failure(&redirected, "http://h"),
            Some(ApiFacts::Redirected { new_url: Some(new_url), .. }) if new_url == "https://n"
        ));
        let unauthorized = ApiError::Unauthorized { url: "u".into() };
        assert!(matches!(
            fatal_api_failure(&unauthorized, "u"),
            Some(ApiFacts::AuthFailed { status: 401, .. })
        ));
        let not_found = ApiError::NotFound {
            what: "x".into(),
            message: String::new(),
        };
        assert!(fatal_api_failure(&not_found, "u").is_none());
    }

    #[test]
    fn within_ignores_case_and_needs_a_slash() {
        assert!(within("Team/App", "team"));
        assert!(within("team", "TEAM"));
        assert!(!within("teamwork/app", "team"));
    }
}
