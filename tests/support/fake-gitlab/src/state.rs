//! The server's data, open to tests through `FakeGitLab::with_state`.

use std::collections::BTreeMap;

use anyhow::{Context, bail};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::Rng;
use rand::distr::Alphanumeric;

use crate::fleet::{Fleet, resolve_time};

/// `Ci::Runner::ONLINE_CONTACT_TIMEOUT` (app/models/ci/runner.rb).
pub const ONLINE_CONTACT_TIMEOUT_HOURS: i64 = 2;
/// `Ci::Runner::STALE_TIMEOUT`, 7 days in current GitLab (app/models/ci/runner.rb).
pub const STALE_TIMEOUT_DAYS: i64 = 7;

#[derive(Debug, Clone)]
pub struct User {
    pub id: u64,
    pub username: String,
    pub name: String,
    pub admin: bool,
}

#[derive(Debug, Clone)]
pub struct PersonalAccessToken {
    pub id: u64,
    pub user_id: u64,
    pub name: String,
    pub token: String,
    pub scopes: Vec<String>,
    pub expires_at: Option<NaiveDate>,
    pub revoked: bool,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

impl PersonalAccessToken {
    /// GitLab PATs expire at the start of their expiry date (`expires_at <= today` is expired).
    pub fn expired(&self, now: DateTime<Utc>) -> bool {
        self.expires_at.is_some_and(|date| date <= now.date_naive())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Group(u64),
    Project(u64),
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub user_id: u64,
    pub source: Source,
    pub access_level: u8,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub id: u64,
    pub name: String,
    pub path: String,
    pub full_path: String,
    pub parent_id: Option<u64>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: u64,
    pub name: String,
    pub path: String,
    pub full_path: String,
    pub namespace_id: u64,
    pub shared_runners_enabled: bool,
    pub group_runners_enabled: bool,
    pub protected_branches: Vec<String>,
    pub protected_tags: Vec<String>,
    pub shared_with_group_ids: Vec<u64>,
    pub created_at: DateTime<Utc>,
}

impl Project {
    /// Whether a branch (or, with `tag`, a tag) is protected, wildcards included.
    pub fn ref_is_protected(&self, ref_name: &str, tag: bool) -> bool {
        let patterns = if tag {
            &self.protected_tags
        } else {
            &self.protected_branches
        };
        patterns.iter().any(|p| ref_matches(p, ref_name))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerType {
    Instance,
    Group,
    Project,
}

impl RunnerType {
    pub fn as_str(self) -> &'static str {
        match self {
            RunnerType::Instance => "instance_type",
            RunnerType::Group => "group_type",
            RunnerType::Project => "project_type",
        }
    }

    pub fn parse(text: &str) -> Option<RunnerType> {
        match text {
            "instance_type" => Some(RunnerType::Instance),
            "group_type" => Some(RunnerType::Group),
            "project_type" => Some(RunnerType::Project),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct RunnerManager {
    pub id: u64,
    pub system_id: String,
    pub version: Option<String>,
    pub revision: Option<String>,
    pub platform: Option<String>,
    pub architecture: Option<String>,
    pub created_at: DateTime<Utc>,
    pub contacted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Runner {
    pub id: u64,
    pub runner_type: RunnerType,
    /// The owning group (group runners).
    pub group_id: Option<u64>,
    /// Assigned projects, owner first (project runners).
    pub project_ids: Vec<u64>,
    pub description: String,
    pub paused: bool,
    pub locked: bool,
    pub run_untagged: bool,
    pub tag_list: Vec<String>,
    pub access_level: String,
    pub maximum_timeout: Option<u64>,
    pub maintenance_note: Option<String>,
    pub token: String,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub contacted_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub creator_id: Option<u64>,
    pub managers: Vec<RunnerManager>,
    /// `creation_state: finished` (app/models/ci/runner.rb): set by the heartbeat of a job
    /// request (`authenticate_runner!(creation_state: :finished)`, lib/api/ci/runner.rb) and,
    /// before 18.x, by every heartbeat. Until then GitLab's `status` is `never_contacted`, even
    /// after a verify set `contacted_at` (app/models/concerns/ci/has_runner_status.rb).
    pub creation_finished: bool,
}

/// A runner's contact state as GitLab computes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactStatus {
    Online,
    Offline,
    Stale,
    NeverContacted,
}

impl ContactStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContactStatus::Online => "online",
            ContactStatus::Offline => "offline",
            ContactStatus::Stale => "stale",
            ContactStatus::NeverContacted => "never_contacted",
        }
    }
}

/// Contact state of anything with a creation and a last-contact time (runners and managers share
/// the rules of app/models/ci/runner.rb: stale beats never_contacted once the runner is 7 days old).
pub fn contact_status(
    created_at: DateTime<Utc>,
    contacted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ContactStatus {
    let stale_before = now - Duration::days(STALE_TIMEOUT_DAYS);
    let stale = created_at <= stale_before && contacted_at.is_none_or(|at| at <= stale_before);
    if stale {
        return ContactStatus::Stale;
    }
    match contacted_at {
        None => ContactStatus::NeverContacted,
        Some(at) if at > now - Duration::hours(ONLINE_CONTACT_TIMEOUT_HOURS) => {
            ContactStatus::Online
        }
        Some(_) => ContactStatus::Offline,
    }
}

impl Runner {
    /// GitLab's `status` (app/models/concerns/ci/has_runner_status.rb): stale, then
    /// never_contacted unless the creation state is finished, then online or offline.
    pub fn status(&self, now: DateTime<Utc>) -> ContactStatus {
        match contact_status(self.created_at, self.contacted_at, now) {
            ContactStatus::Stale => ContactStatus::Stale,
            _ if !self.creation_finished => ContactStatus::NeverContacted,
            ContactStatus::NeverContacted => ContactStatus::Offline,
            status => status,
        }
    }

    /// REST's `deprecated_rest_status` (app/models/ci/runner.rb): stale, then never_contacted
    /// when `contacted_at` is null (not the creation state: a verified-only runner reads
    /// online here), then online/offline when active, else `paused`.
    pub fn rest_status(&self, now: DateTime<Utc>) -> &'static str {
        match contact_status(self.created_at, self.contacted_at, now) {
            ContactStatus::Stale => "stale",
            ContactStatus::NeverContacted => "never_contacted",
            status if !self.paused => status.as_str(),
            _ => "paused",
        }
    }

    /// Whether the runner is in the SQL scope GitLab filters a `status` with
    /// (`with_status`, app/finders/ci/runners_finder.rb `by_status`): the scopes of
    /// app/models/concerns/ci/has_runner_status.rb and app/models/ci/runner.rb, which overlap.
    /// `online` is `contacted_at` within 2 h (a verified-only runner too), `offline` is
    /// `contacted_at` older than 2 h (stale ones too), `never_contacted` is `contacted_at IS
    /// NULL` (stale-looking ones too, and not the verified-only ones), `stale` is created and
    /// last contacted over 7 days ago.
    pub fn in_status_scope(&self, scope: ContactStatus, now: DateTime<Utc>) -> bool {
        let online_deadline = now - Duration::hours(ONLINE_CONTACT_TIMEOUT_HOURS);
        let stale_deadline = now - Duration::days(STALE_TIMEOUT_DAYS);
        match scope {
            ContactStatus::Online => self.contacted_at.is_some_and(|at| at > online_deadline),
            ContactStatus::Offline => self.contacted_at.is_some_and(|at| at <= online_deadline),
            ContactStatus::NeverContacted => self.contacted_at.is_none(),
            ContactStatus::Stale => {
                self.created_at <= stale_deadline
                    && self.contacted_at.is_none_or(|at| at <= stale_deadline)
            }
        }
    }

    /// `online?` (has_runner_status.rb): contacted within 2 h, whatever the creation state.
    pub fn online(&self, now: DateTime<Utc>) -> bool {
        self.contacted_at
            .is_some_and(|at| at > now - Duration::hours(ONLINE_CONTACT_TIMEOUT_HOURS))
    }

    /// The manager that contacted last: REST copies its version, platform... into runner details.
    pub fn latest_manager(&self) -> Option<&RunnerManager> {
        self.managers.iter().max_by_key(|m| m.contacted_at)
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: u64,
    pub project_id: u64,
    pub name: String,
    pub stage: String,
    pub status: String,
    pub tag_list: Vec<String>,
    pub ref_name: String,
    pub tag: bool,
    pub created_at: DateTime<Utc>,
}

/// Everything the fake knows. Fields are public so tests can set up and assert directly.
#[derive(Debug, Default)]
pub struct State {
    pub users: Vec<User>,
    pub tokens: Vec<PersonalAccessToken>,
    pub memberships: Vec<Membership>,
    pub groups: Vec<Group>,
    pub projects: Vec<Project>,
    /// By id, so listings come out in id order as GitLab's default `ORDER BY id`.
    pub runners: BTreeMap<u64, Runner>,
    pub jobs: Vec<Job>,
    /// The instance-wide token prefix an administrator set (application setting
    /// `instance_token_prefix`, behind the `custom_prefix_for_all_token_types` flag, GitLab
    /// 18.x): runner tokens issued from now on are `<prefix>glrt-…`, as
    /// `Ci::Runner.created_runner_prefix` builds them with
    /// `Authn::TokenField::PrefixHelper.prepend_instance_prefix` (lib/authn/token_field/
    /// prefix_helper.rb: `"#{instance_prefix}#{prefix}"`). Empty: plain `glrt-`.
    pub instance_token_prefix: String,
    next_manager_id: u64,
    /// See [`Fleet::admin_mode`](crate::Fleet::admin_mode).
    pub admin_mode: bool,
    /// The administrator whose token, on this request, Admin Mode treats as a regular user
    /// (set by `authenticate`): every permission check then answers as for anyone else, as
    /// `can_admin_all_resources?` does (lib/gitlab/auth/current_user_mode.rb). Requests of one
    /// user with two different tokens at the same instant could see each other's value; no
    /// test does that.
    pub admin_mode_refused: Option<u64>,
    /// See [`Fleet::orphaned_runners`](crate::Fleet::orphaned_runners).
    pub orphaned_runners: std::collections::BTreeSet<u64>,
    /// See [`Fleet::reject_orphaned_runners`](crate::Fleet::reject_orphaned_runners).
    pub reject_orphaned_runners: bool,
    /// Fleet switch `heartbeat_on_every_runner_call` (GitLab 16.0–17.x).
    pub heartbeat_on_every_runner_call: bool,
}

/// A fresh runner authentication token: `glrt-` and 20 random characters, as GitLab's shape.
pub fn new_runner_token() -> String {
    let random: String = rand::rng()
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect();
    format!("glrt-{random}")
}

impl State {
    /// A new runner authentication token with the instance prefix, if one is set.
    pub fn issue_runner_token(&self) -> String {
        format!("{}{}", self.instance_token_prefix, new_runner_token())
    }

    pub fn from_fleet(fleet: &Fleet, now: DateTime<Utc>) -> anyhow::Result<State> {
        let mut state = State {
            next_manager_id: 1,
            heartbeat_on_every_runner_call: fleet.heartbeat_on_every_runner_call,
            ..State::default()
        };
        let mut group_seeds: Vec<_> = fleet.groups.clone();
        // Parents before children, whatever order the file lists them in.
        group_seeds.sort_by_key(|g| g.path.matches('/').count());
        for seed in &group_seeds {
            let full_path = seed.path.trim_matches('/').to_string();
            if full_path.is_empty() {
                bail!("a group has an empty path");
            }
            if state.group_by_path(&full_path).is_some() {
                bail!("group {full_path} is listed twice");
            }
            let (parent_id, path) = match full_path.rsplit_once('/') {
                Some((parent, own)) => {
                    let parent_id = match state.group_by_path(parent) {
                        Some(parent) => parent.id,
                        None => state.insert_group_chain(parent, now),
                    };
                    (Some(parent_id), own.to_string())
                }
                None => (None, full_path.clone()),
            };
            let id = seed.id.unwrap_or_else(|| state.next_group_id());
            if state.groups.iter().any(|g| g.id == id) {
                bail!("group id {id} is used twice");
            }
            state.groups.push(Group {
                id,
                name: seed.name.clone().unwrap_or_else(|| path.clone()),
                path,
                full_path,
                parent_id,
                created_at: now - Duration::days(365),
            });
        }
        for seed in &fleet.projects {
            let full_path = seed.path.trim_matches('/').to_string();
            let Some((namespace, path)) = full_path.rsplit_once('/') else {
                bail!("project {full_path:?} needs a group namespace (group/project)");
            };
            let namespace_id = match state.group_by_path(namespace) {
                Some(group) => group.id,
                None => state.insert_group_chain(namespace, now),
            };
            let id = seed
                .id
                .unwrap_or_else(|| state.projects.iter().map(|p| p.id).max().unwrap_or(0) + 1);
            if state
                .projects
                .iter()
                .any(|p| p.id == id || p.full_path == full_path)
            {
                bail!("project {full_path} (id {id}) is listed twice");
            }
            let mut shared_with_group_ids = Vec::new();
            for group in &seed.shared_with_groups {
                let group = state.group_by_path(group).with_context(|| {
                    format!("project {full_path} is shared with unknown group {group}")
                })?;
                shared_with_group_ids.push(group.id);
            }
            state.projects.push(Project {
                id,
                name: seed.name.clone().unwrap_or_else(|| path.to_string()),
                path: path.to_string(),
                full_path: full_path.clone(),
                namespace_id,
                shared_runners_enabled: seed.shared_runners_enabled,
                group_runners_enabled: seed.group_runners_enabled,
                protected_branches: seed.protected_branches.clone(),
                protected_tags: seed.protected_tags.clone(),
                shared_with_group_ids,
                created_at: now - Duration::days(300),
            });
        }
        let mut next_token_id = 1;
        for (index, seed) in fleet.users.iter().enumerate() {
            let id = seed.id.unwrap_or(index as u64 + 1);
            if state
                .users
                .iter()
                .any(|u| u.id == id || u.username == seed.username)
            {
                bail!("user {} (id {id}) is listed twice", seed.username);
            }
            state.users.push(User {
                id,
                username: seed.username.clone(),
                name: seed.name.clone().unwrap_or_else(|| seed.username.clone()),
                admin: seed.admin,
            });
            for token in &seed.tokens {
                let relative = match &token.expires_in {
                    Some(text) => Some((now + crate::fleet::parse_relative(text)?).date_naive()),
                    None => None,
                };
                state.tokens.push(PersonalAccessToken {
                    id: next_token_id,
                    user_id: id,
                    name: token.name.clone(),
                    token: token.token.clone(),
                    scopes: token.scopes.clone(),
                    expires_at: token.expires_at.or(relative),
                    revoked: token.revoked,
                    created_at: now - Duration::days(10),
                    last_used_at: None,
                });
                next_token_id += 1;
            }
            for membership in &seed.memberships {
                let source = if let Some(group) = state.group_by_path(&membership.path) {
                    Source::Group(group.id)
                } else if let Some(project) = state.project_by_path(&membership.path) {
                    Source::Project(project.id)
                } else {
                    bail!(
                        "user {} is a member of unknown {}",
                        seed.username,
                        membership.path
                    );
                };
                state.memberships.push(Membership {
                    user_id: id,
                    source,
                    access_level: membership.access_level,
                });
            }
        }
        for seed in &fleet.runners {
            let id = seed
                .id
                .unwrap_or_else(|| state.runners.keys().max().copied().unwrap_or(0) + 1);
            let what = format!("runner {id}");
            if state.runners.contains_key(&id) {
                bail!("{what} is listed twice");
            }
            let runner_type = RunnerType::parse(&seed.runner_type).with_context(|| {
                format!("{what}: runner_type must be instance_type, group_type or project_type")
            })?;
            let group_id = match (&seed.group, runner_type) {
                (Some(path), RunnerType::Group) => Some(
                    state
                        .group_by_path(path)
                        .with_context(|| format!("{what}: unknown group {path}"))?
                        .id,
                ),
                (None, RunnerType::Group) => bail!("{what}: a group_type runner needs \"group\""),
                _ => None,
            };
            let mut project_ids = Vec::new();
            if runner_type == RunnerType::Project {
                for path in &seed.projects {
                    project_ids.push(
                        state
                            .project_by_path(path)
                            .with_context(|| format!("{what}: unknown project {path}"))?
                            .id,
                    );
                }
                if project_ids.is_empty() {
                    bail!("{what}: a project_type runner needs \"projects\"");
                }
            }
            let created_at = resolve_time(
                &format!("{what} creation"),
                seed.created_at,
                seed.created_ago.as_deref(),
                now,
            )?
            .unwrap_or(now - Duration::days(1));
            let contacted_at = resolve_time(
                &format!("{what} contact"),
                seed.contacted_at,
                seed.contacted_ago.as_deref(),
                now,
            )?;
            let creator_id = match &seed.creator {
                Some(name) => Some(
                    state
                        .user_by_username(name)
                        .with_context(|| format!("{what}: unknown creator {name}"))?
                        .id,
                ),
                None => None,
            };
            let mut managers = Vec::new();
            for manager in &seed.managers {
                let contacted = resolve_time(
                    &format!("{what} manager contact"),
                    manager.contacted_at,
                    manager.contacted_ago.as_deref(),
                    now,
                )?;
                let created = resolve_time(
                    &format!("{what} manager creation"),
                    manager.created_at,
                    manager.created_ago.as_deref(),
                    now,
                )?
                .unwrap_or(created_at);
                managers.push(RunnerManager {
                    id: state.next_manager_id,
                    system_id: manager.system_id.clone(),
                    version: manager.version.clone(),
                    revision: manager.revision.clone(),
                    platform: manager.platform.clone().or(Some("linux".to_string())),
                    architecture: manager.architecture.clone().or(Some("amd64".to_string())),
                    created_at: created,
                    contacted_at: contacted,
                });
                state.next_manager_id += 1;
            }
            // A runner's contacted_at is at least its newest manager's contact.
            let newest_manager = managers.iter().filter_map(|m| m.contacted_at).max();
            let contacted_at = contacted_at.max(newest_manager);
            state.runners.insert(
                id,
                Runner {
                    id,
                    runner_type,
                    group_id,
                    project_ids,
                    description: seed.description.clone(),
                    paused: seed.paused,
                    locked: seed.locked,
                    run_untagged: seed.run_untagged,
                    tag_list: seed.tag_list.clone(),
                    access_level: seed.access_level.clone(),
                    maximum_timeout: seed.maximum_timeout,
                    maintenance_note: seed.maintenance_note.clone(),
                    token: seed.token.clone().unwrap_or_else(new_runner_token),
                    token_expires_at: seed.token_expires_at,
                    contacted_at,
                    created_at,
                    creator_id,
                    managers,
                    creation_finished: contacted_at.is_some() && !seed.verified_only,
                },
            );
        }
        for seed in &fleet.jobs {
            let id = seed
                .id
                .unwrap_or_else(|| state.jobs.iter().map(|j| j.id).max().unwrap_or(1000) + 1);
            let project = state
                .project_by_path(&seed.project)
                .with_context(|| format!("job {id}: unknown project {}", seed.project))?;
            let created_at = resolve_time(
                &format!("job {id} creation"),
                seed.created_at,
                seed.created_ago.as_deref(),
                now,
            )?
            .unwrap_or(now - Duration::minutes(10));
            state.jobs.push(Job {
                id,
                project_id: project.id,
                name: seed.name.clone(),
                stage: seed.stage.clone(),
                status: seed.status.clone(),
                tag_list: seed.tag_list.clone(),
                ref_name: seed.ref_name.clone(),
                tag: seed.tag,
                created_at,
            });
        }
        state.admin_mode = fleet.admin_mode;
        state.orphaned_runners = fleet.orphaned_runners.iter().copied().collect();
        state.reject_orphaned_runners = fleet.reject_orphaned_runners;
        Ok(state)
    }

    fn next_group_id(&self) -> u64 {
        self.groups.iter().map(|g| g.id).max().unwrap_or(0) + 1
    }

    fn insert_group_chain(&mut self, full_path: &str, now: DateTime<Utc>) -> u64 {
        let mut parent_id = None;
        let mut prefix = String::new();
        for part in full_path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let id = match self.group_by_path(&prefix) {
                Some(group) => group.id,
                None => {
                    let id = self.next_group_id();
                    self.groups.push(Group {
                        id,
                        name: part.to_string(),
                        path: part.to_string(),
                        full_path: prefix.clone(),
                        parent_id,
                        created_at: now - Duration::days(365),
                    });
                    id
                }
            };
            parent_id = Some(id);
        }
        parent_id.unwrap_or(0)
    }

    pub fn user_by_username(&self, username: &str) -> Option<&User> {
        self.users.iter().find(|u| u.username == username)
    }

    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn group(&self, id: u64) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn group_by_path(&self, full_path: &str) -> Option<&Group> {
        self.groups
            .iter()
            .find(|g| g.full_path.eq_ignore_ascii_case(full_path))
    }

    pub fn project(&self, id: u64) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub fn project_by_path(&self, full_path: &str) -> Option<&Project> {
        self.projects
            .iter()
            .find(|p| p.full_path.eq_ignore_ascii_case(full_path))
    }

    pub fn runner(&self, id: u64) -> Option<&Runner> {
        self.runners.get(&id)
    }

    pub fn runner_mut(&mut self, id: u64) -> Option<&mut Runner> {
        self.runners.get_mut(&id)
    }

    pub fn runner_by_token(&self, token: &str) -> Option<&Runner> {
        self.runners.values().find(|r| r.token == token)
    }

    /// The group and its ancestors, nearest first.
    pub fn group_ancestry(&self, group_id: u64) -> Vec<u64> {
        let mut chain = Vec::new();
        let mut current = Some(group_id);
        while let Some(id) = current {
            // A cycle cannot be built from paths, but a test may edit parent ids by hand.
            if chain.contains(&id) {
                break;
            }
            chain.push(id);
            current = self.group(id).and_then(|g| g.parent_id);
        }
        chain
    }

    /// Whether `group_id` is `ancestor_id` or lies below it.
    pub fn group_is_within(&self, group_id: u64, ancestor_id: u64) -> bool {
        self.group_ancestry(group_id).contains(&ancestor_id)
    }

    /// The group's descendants (not itself), in id order.
    pub fn descendant_groups(&self, group_id: u64) -> Vec<u64> {
        let mut ids: Vec<u64> = self
            .groups
            .iter()
            .filter(|g| g.id != group_id && self.group_is_within(g.id, group_id))
            .map(|g| g.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    /// Effective role on a group: the highest membership on it or an ancestor; admins count as
    /// owners everywhere.
    pub fn group_access(&self, user_id: u64, group_id: u64) -> u8 {
        if self.acts_as_admin(user_id) {
            return crate::fleet::OWNER;
        }
        let ancestry = self.group_ancestry(group_id);
        self.memberships
            .iter()
            .filter(|m| m.user_id == user_id)
            .filter_map(|m| match m.source {
                Source::Group(id) if ancestry.contains(&id) => Some(m.access_level),
                _ => None,
            })
            .max()
            .unwrap_or(0)
    }

    /// Effective role on a project: direct membership, or inherited from its groups.
    pub fn project_access(&self, user_id: u64, project_id: u64) -> u8 {
        let Some(project) = self.project(project_id) else {
            return 0;
        };
        let direct = self
            .memberships
            .iter()
            .filter(|m| m.user_id == user_id && m.source == Source::Project(project_id))
            .map(|m| m.access_level)
            .max()
            .unwrap_or(0);
        direct.max(self.group_access(user_id, project.namespace_id))
    }

    /// Whether the user may see the group at all (private groups: members of it or of something
    /// inside it; GitLab answers 404 otherwise).
    pub fn can_see_group(&self, user_id: u64, group_id: u64) -> bool {
        if self.group_access(user_id, group_id) > 0 {
            return true;
        }
        self.memberships.iter().any(|m| {
            m.user_id == user_id
                && match m.source {
                    Source::Group(id) => self.group_is_within(id, group_id),
                    Source::Project(id) => self
                        .project(id)
                        .is_some_and(|p| self.group_is_within(p.namespace_id, group_id)),
                }
        })
    }

    pub fn can_see_project(&self, user_id: u64, project_id: u64) -> bool {
        self.project_access(user_id, project_id) > 0
    }

    /// Runners available to a project, as `Ci::Runner.owned_or_instance_wide`: its own project
    /// runners, its groups' runners when group runners are enabled, instance runners when shared
    /// runners are enabled.
    pub fn runners_available_to_project(&self, project_id: u64) -> Vec<u64> {
        let Some(project) = self.project(project_id) else {
            return Vec::new();
        };
        let ancestry = self.group_ancestry(project.namespace_id);
        self.runners
            .values()
            .filter(|r| match r.runner_type {
                RunnerType::Instance => project.shared_runners_enabled,
                RunnerType::Group => {
                    project.group_runners_enabled
                        && r.group_id.is_some_and(|g| ancestry.contains(&g))
                }
                RunnerType::Project => r.project_ids.contains(&project_id),
            })
            .map(|r| r.id)
            .collect()
    }

    /// REST `GET /groups/:id/runners`: the group's and its ancestors' runners, and instance runners.
    pub fn runners_of_group_rest(&self, group_id: u64) -> Vec<u64> {
        let ancestry = self.group_ancestry(group_id);
        self.runners
            .values()
            .filter(|r| match r.runner_type {
                RunnerType::Instance => true,
                RunnerType::Group => r.group_id.is_some_and(|g| ancestry.contains(&g)),
                RunnerType::Project => false,
            })
            .map(|r| r.id)
            .collect()
    }

    /// GraphQL `Group.runners(membership:)`.
    pub fn runners_of_group_membership(
        &self,
        group_id: u64,
        membership: GroupMembership,
    ) -> Vec<u64> {
        let ancestry = self.group_ancestry(group_id);
        self.runners
            .values()
            .filter(|r| {
                let in_tree = |g: u64| self.group_is_within(g, group_id);
                let direct = r.runner_type == RunnerType::Group && r.group_id == Some(group_id);
                let descendant = match r.runner_type {
                    RunnerType::Group => r.group_id.is_some_and(in_tree),
                    RunnerType::Project => r
                        .project_ids
                        .iter()
                        .any(|p| self.project(*p).is_some_and(|p| in_tree(p.namespace_id))),
                    RunnerType::Instance => false,
                };
                match membership {
                    GroupMembership::Direct => direct,
                    GroupMembership::Descendants => descendant,
                    GroupMembership::AllAvailable => {
                        descendant
                            || r.runner_type == RunnerType::Instance
                            || (r.runner_type == RunnerType::Group
                                && r.group_id.is_some_and(|g| ancestry.contains(&g)))
                    }
                }
            })
            .map(|r| r.id)
            .collect()
    }

    /// `User#ci_owned_runners`: project runners of projects where the user is Maintainer+, and
    /// group runners of groups (and their subgroups) where the user is Owner.
    pub fn owned_runners(&self, user_id: u64) -> Vec<u64> {
        self.runners
            .values()
            .filter(|r| self.user_owns_runner(user_id, r))
            .map(|r| r.id)
            .collect()
    }

    fn user_owns_runner(&self, user_id: u64, runner: &Runner) -> bool {
        let membership_level = |source: Source| {
            self.memberships
                .iter()
                .filter(|m| m.user_id == user_id)
                .filter(|m| match (m.source, source) {
                    (Source::Group(member_of), Source::Group(g)) => {
                        self.group_is_within(g, member_of)
                    }
                    (Source::Group(member_of), Source::Project(p)) => self
                        .project(p)
                        .is_some_and(|p| self.group_is_within(p.namespace_id, member_of)),
                    (Source::Project(member_of), Source::Project(p)) => member_of == p,
                    (Source::Project(_), Source::Group(_)) => false,
                })
                .map(|m| m.access_level)
                .max()
                .unwrap_or(0)
        };
        match runner.runner_type {
            RunnerType::Instance => false,
            RunnerType::Group => runner
                .group_id
                .is_some_and(|g| membership_level(Source::Group(g)) >= crate::fleet::OWNER),
            RunnerType::Project => runner
                .project_ids
                .iter()
                .any(|p| membership_level(Source::Project(*p)) >= crate::fleet::MAINTAINER),
        }
    }

    /// `read_runner`/`update_runner` policy: admins; Owners of a group runner's group (or an
    /// ancestor); Maintainers of a project a project runner is assigned to.
    /// An administrator acting as one: with Admin Mode on, only through a token with the
    /// `admin_mode` scope (see [`State::admin_mode_refused`]).
    pub fn acts_as_admin(&self, user_id: u64) -> bool {
        self.user(user_id).is_some_and(|u| u.admin) && self.admin_mode_refused != Some(user_id)
    }

    pub fn can_manage_runner(&self, user_id: u64, runner: &Runner) -> bool {
        if self.acts_as_admin(user_id) {
            return true;
        }
        match runner.runner_type {
            RunnerType::Instance => false,
            RunnerType::Group => runner
                .group_id
                .is_some_and(|g| self.group_access(user_id, g) >= crate::fleet::OWNER),
            RunnerType::Project => runner
                .project_ids
                .iter()
                .any(|p| self.project_access(user_id, *p) >= crate::fleet::MAINTAINER),
        }
    }

    /// The runner heartbeat of `authenticate_runner!` without a manager (lib/api/ci/helpers/
    /// runner.rb): `contacted_at` moves, and before 18.x the creation state finishes too
    /// (`Ci::Runner#heartbeat` then wrote `creation_state: :finished` on every call).
    pub fn heartbeat_runner(&mut self, runner_id: u64, now: DateTime<Utc>) {
        let finish = self.heartbeat_on_every_runner_call;
        if let Some(runner) = self.runners.get_mut(&runner_id) {
            runner.contacted_at = Some(now);
            runner.creation_finished |= finish;
        }
    }

    /// Records a contact from `system_id` (verify, job requests): the runner's contacted_at and
    /// the manager for that system id, created when new (`ensure_manager`). Verify does not
    /// finish the runner's creation state on 18.x (only a job request does), so a runner that
    /// was only verified still reads `never_contacted` there.
    pub fn heartbeat(&mut self, runner_id: u64, system_id: Option<&str>, now: DateTime<Utc>) {
        let next_manager_id = self.next_manager_id;
        self.heartbeat_runner(runner_id, now);
        let Some(runner) = self.runners.get_mut(&runner_id) else {
            return;
        };
        // Runners that send no system id get GitLab's `<legacy>` manager placeholder.
        let system_id = system_id.filter(|s| !s.is_empty()).unwrap_or("<legacy>");
        match runner
            .managers
            .iter_mut()
            .find(|m| m.system_id == system_id)
        {
            Some(manager) => manager.contacted_at = Some(now),
            None => {
                runner.managers.push(RunnerManager {
                    id: next_manager_id,
                    system_id: system_id.to_string(),
                    version: None,
                    revision: None,
                    platform: None,
                    architecture: None,
                    created_at: now,
                    contacted_at: Some(now),
                });
                self.next_manager_id += 1;
            }
        }
    }

    /// Adds a runner as `POST /user/runners` does; returns its id.
    pub fn insert_runner(&mut self, mut runner: Runner) -> u64 {
        let id = self.runners.keys().max().copied().unwrap_or(0) + 1;
        runner.id = id;
        self.runners.insert(id, runner);
        id
    }

    /// Whether an online, unpaused runner available to the job's project could take it: tags a
    /// subset of the runner's (or untagged and `run_untagged`), and a `ref_protected` runner only
    /// for a protected ref. The negation is GraphQL's `CiJob.stuck` for a pending job
    /// (`Ci::Build#stuck?`, lib/gitlab/ci/matching/runner_matcher.rb).
    pub fn job_has_online_runner(&self, job: &Job, now: DateTime<Utc>) -> bool {
        let protected = self
            .project(job.project_id)
            .is_some_and(|p| p.ref_is_protected(&job.ref_name, job.tag));
        self.runners_available_to_project(job.project_id)
            .iter()
            .filter_map(|id| self.runner(*id))
            .any(|r| {
                !r.paused
                    && r.online(now)
                    && (protected || r.access_level != "ref_protected")
                    && if job.tag_list.is_empty() {
                        r.run_untagged
                    } else {
                        job.tag_list.iter().all(|t| r.tag_list.contains(t))
                    }
            })
    }

    pub fn token(&self, token: &str) -> Option<&PersonalAccessToken> {
        self.tokens.iter().find(|t| t.token == token)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupMembership {
    Direct,
    Descendants,
    AllAvailable,
}

/// Whether a ref name matches a protected-branch pattern (`*` matches any run of characters, as
/// `ProtectedRef#matches?`).
pub fn ref_matches(pattern: &str, name: &str) -> bool {
    if !pattern.contains('*') {
        return pattern == name;
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = name;
    for (index, part) in parts.iter().enumerate() {
        if index == 0 {
            let Some(after) = rest.strip_prefix(part) else {
                return false;
            };
            rest = after;
        } else if index == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(found) = rest.find(part) else {
                return false;
            };
            rest = &rest[found + part.len()..];
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_refs_match_like_gitlab() {
        assert!(ref_matches("release/*", "release/1.0"));
        assert!(!ref_matches("release/*", "main"));
        assert!(ref_matches("*-stable", "16-stable"));
        assert!(ref_matches("main", "main"));
    }

    #[test]
    fn a_week_old_never_contacted_runner_is_stale() {
        let now = Utc::now();
        assert_eq!(
            contact_status(now - Duration::days(8), None, now),
            ContactStatus::Stale
        );
        assert_eq!(
            contact_status(now - Duration::days(1), None, now),
            ContactStatus::NeverContacted
        );
        assert_eq!(
            contact_status(
                now - Duration::days(30),
                Some(now - Duration::hours(1)),
                now
            ),
            ContactStatus::Online
        );
        assert_eq!(
            contact_status(
                now - Duration::days(30),
                Some(now - Duration::hours(3)),
                now
            ),
            ContactStatus::Offline
        );
    }
}
