//! The seed a fake GitLab starts from: users and their tokens, groups, projects, runners and jobs.
//!
//! A fleet is plain data (serde), so it can live in a JSON file (`examples/fleet.json`) as well as
//! be built in a test with the `add_*` helpers. Times may be absolute (RFC 3339) or relative to
//! the moment the server starts (`"contacted_ago": "3h"`), so a checked-in fleet never ages.

use std::path::Path;

use anyhow::{Context, bail};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// GitLab's membership levels (`Gitlab::Access`).
pub const GUEST: u8 = 10;
pub const REPORTER: u8 = 20;
pub const DEVELOPER: u8 = 30;
pub const MAINTAINER: u8 = 40;
pub const OWNER: u8 = 50;

/// The PAT of the standard admin user `root`.
pub const ADMIN_TOKEN: &str = "glpat-admin-token";
/// The PAT of the standard non-admin user `maintainer`.
pub const MAINTAINER_TOKEN: &str = "glpat-maintainer-token";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fleet {
    pub users: Vec<UserSeed>,
    pub groups: Vec<GroupSeed>,
    pub projects: Vec<ProjectSeed>,
    pub runners: Vec<RunnerSeed>,
    pub jobs: Vec<JobSeed>,
    /// The instance setting "Admin Mode" (`Gitlab::CurrentSettings.admin_mode`): an
    /// administrator's token then acts as an administrator only when it has the `admin_mode`
    /// scope (lib/api/api_guard.rb `bypass_session_for_admin_mode?`,
    /// lib/gitlab/auth/current_user_mode.rb). Without it the user is treated as a regular user
    /// everywhere, although `GET /user` still says `is_admin: true` (lib/api/users.rb presents
    /// `UserWithAdmin` on `current_user.admin?`, the stored flag).
    pub admin_mode: bool,
    /// Runners whose owning project or group is gone (`sharding_key_id` null): GitLab calls them
    /// orphaned and refuses their token (lib/api/ci/helpers/runner.rb).
    pub orphaned_runners: Vec<u64>,
    /// GitLab's `reject_orphaned_runners` feature flag: on, `authenticate_runner!` answers an
    /// orphaned runner `403 Forbidden - Runner is orphaned`; off (older releases), verify gets as
    /// far as the runner manager and answers `422 {"message": "Runner is orphaned"}`
    /// (lib/api/ci/runner.rb, `rescue UnknownRunnerOwnerError`).
    pub reject_orphaned_runners: bool,
    /// GitLab 16.0–17.x: `authenticate_runner!` heartbeats the runner on every runner-token
    /// call (`current_runner.heartbeat if update_contacted_at`, default true), so
    /// `DELETE /runners/managers` and `DELETE /runners` move `contacted_at` and the runner
    /// reads online for 2 h. 18.x heartbeats only when it ensures a manager (verify, job
    /// requests). lib/api/ci/helpers/runner.rb at both versions.
    pub heartbeat_on_every_runner_call: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserSeed {
    pub id: Option<u64>,
    pub username: String,
    pub name: Option<String>,
    pub admin: bool,
    pub tokens: Vec<TokenSeed>,
    /// Memberships of groups or projects, by full path.
    pub memberships: Vec<MembershipSeed>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TokenSeed {
    pub token: String,
    pub name: String,
    pub scopes: Vec<String>,
    /// An absolute expiry date (GitLab PATs expire at a date, not an instant).
    pub expires_at: Option<NaiveDate>,
    /// Expiry relative to now, such as `"30d"`; a negative value (`"-1d"`) gives an expired token.
    pub expires_in: Option<String>,
    pub revoked: bool,
}

impl Default for TokenSeed {
    fn default() -> Self {
        TokenSeed {
            token: String::new(),
            name: "runnerctl".to_string(),
            scopes: vec!["api".to_string()],
            expires_at: None,
            expires_in: None,
            revoked: false,
        }
    }
}

impl TokenSeed {
    pub fn new(token: &str, scopes: &[&str]) -> TokenSeed {
        TokenSeed {
            token: token.to_string(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            ..TokenSeed::default()
        }
    }

    pub fn expires_in(mut self, relative: &str) -> Self {
        self.expires_in = Some(relative.to_string());
        self
    }

    pub fn expires_at(mut self, date: NaiveDate) -> Self {
        self.expires_at = Some(date);
        self
    }

    pub fn revoked(mut self) -> Self {
        self.revoked = true;
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipSeed {
    /// Full path of a group or a project.
    pub path: String,
    /// 10 Guest, 20 Reporter, 30 Developer, 40 Maintainer, 50 Owner.
    pub access_level: u8,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct GroupSeed {
    pub id: Option<u64>,
    /// Full path, `team/sub`. Missing parent groups are created.
    pub path: String,
    pub name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ProjectSeed {
    pub id: Option<u64>,
    /// Full path, `team/sub/app`. The namespace must be a group (created when missing).
    pub path: String,
    pub name: Option<String>,
    pub shared_runners_enabled: bool,
    pub group_runners_enabled: bool,
    /// Protected branch names or wildcards (`release/*`).
    pub protected_branches: Vec<String>,
    pub protected_tags: Vec<String>,
    /// Groups (full paths) this project is shared with.
    pub shared_with_groups: Vec<String>,
}

impl Default for ProjectSeed {
    fn default() -> Self {
        ProjectSeed {
            id: None,
            path: String::new(),
            name: None,
            shared_runners_enabled: true,
            group_runners_enabled: true,
            protected_branches: vec!["main".to_string()],
            protected_tags: Vec::new(),
            shared_with_groups: Vec::new(),
        }
    }
}

/// A point in time: absolute, or relative to when the server starts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ManagerSeed {
    pub system_id: String,
    pub contacted_at: Option<DateTime<Utc>>,
    pub contacted_ago: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub created_ago: Option<String>,
    pub version: Option<String>,
    pub revision: Option<String>,
    pub platform: Option<String>,
    pub architecture: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunnerSeed {
    pub id: Option<u64>,
    /// `instance_type`, `group_type` or `project_type`.
    pub runner_type: String,
    /// The owning group's full path (group_type).
    pub group: Option<String>,
    /// Assigned projects' full paths (project_type); the first is the owner.
    pub projects: Vec<String>,
    pub description: String,
    pub paused: bool,
    pub locked: bool,
    pub run_untagged: bool,
    pub tag_list: Vec<String>,
    /// `not_protected` or `ref_protected`.
    pub access_level: String,
    pub maximum_timeout: Option<u64>,
    pub maintenance_note: Option<String>,
    /// The runner authentication token; a random `glrt-` token when absent.
    pub token: Option<String>,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub contacted_at: Option<DateTime<Utc>>,
    pub contacted_ago: Option<String>,
    pub created_at: Option<DateTime<Utc>>,
    pub created_ago: Option<String>,
    /// Username of the creator (it then counts among that user's runners only through roles,
    /// as in GitLab).
    pub creator: Option<String>,
    pub managers: Vec<ManagerSeed>,
    /// Contacted only by `POST /runners/verify` (`contacted_ago` sets when): the creation
    /// state is not finished, so GitLab 18.x's `status` is still `never_contacted`.
    pub verified_only: bool,
}

impl Default for RunnerSeed {
    fn default() -> Self {
        RunnerSeed {
            id: None,
            runner_type: "instance_type".to_string(),
            group: None,
            projects: Vec::new(),
            description: String::new(),
            paused: false,
            locked: false,
            run_untagged: true,
            tag_list: Vec::new(),
            access_level: "not_protected".to_string(),
            maximum_timeout: None,
            maintenance_note: None,
            token: None,
            token_expires_at: None,
            contacted_at: None,
            contacted_ago: None,
            created_at: None,
            created_ago: None,
            creator: None,
            managers: Vec::new(),
            verified_only: false,
        }
    }
}

impl RunnerSeed {
    pub fn instance() -> RunnerSeed {
        RunnerSeed::default()
    }

    pub fn group(path: &str) -> RunnerSeed {
        RunnerSeed {
            runner_type: "group_type".to_string(),
            group: Some(path.to_string()),
            ..RunnerSeed::default()
        }
    }

    pub fn project(path: &str) -> RunnerSeed {
        RunnerSeed {
            runner_type: "project_type".to_string(),
            projects: vec![path.to_string()],
            ..RunnerSeed::default()
        }
    }

    pub fn description(mut self, description: &str) -> Self {
        self.description = description.to_string();
        self
    }

    pub fn tags(mut self, tags: &[&str]) -> Self {
        self.tag_list = tags.iter().map(|t| t.to_string()).collect();
        self
    }

    pub fn run_untagged(mut self, run_untagged: bool) -> Self {
        self.run_untagged = run_untagged;
        self
    }

    pub fn paused(mut self, paused: bool) -> Self {
        self.paused = paused;
        self
    }

    pub fn locked(mut self, locked: bool) -> Self {
        self.locked = locked;
        self
    }

    pub fn ref_protected(mut self) -> Self {
        self.access_level = "ref_protected".to_string();
        self
    }

    pub fn also_project(mut self, path: &str) -> Self {
        self.projects.push(path.to_string());
        self
    }

    pub fn token(mut self, token: &str) -> Self {
        self.token = Some(token.to_string());
        self
    }

    /// Last contact relative to now: `"5m"`, `"3h"`, `"30d"`.
    pub fn contacted_ago(mut self, ago: &str) -> Self {
        self.contacted_ago = Some(ago.to_string());
        self
    }

    pub fn created_ago(mut self, ago: &str) -> Self {
        self.created_ago = Some(ago.to_string());
        self
    }

    /// Contacted `ago` by a verify only: `contacted_at` set, creation state not finished.
    pub fn verified_only(mut self, ago: &str) -> Self {
        self.contacted_ago = Some(ago.to_string());
        self.verified_only = true;
        self
    }

    pub fn manager(mut self, system_id: &str, contacted_ago: &str) -> Self {
        self.managers.push(ManagerSeed {
            system_id: system_id.to_string(),
            contacted_ago: Some(contacted_ago.to_string()),
            version: Some("18.5.0".to_string()),
            ..ManagerSeed::default()
        });
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobSeed {
    pub id: Option<u64>,
    /// The project's full path.
    pub project: String,
    pub name: String,
    pub stage: String,
    /// A GitLab job status: `pending`, `running`, `success`, ...
    pub status: String,
    pub tag_list: Vec<String>,
    #[serde(rename = "ref")]
    pub ref_name: String,
    /// Whether the ref is a tag rather than a branch.
    pub tag: bool,
    pub created_at: Option<DateTime<Utc>>,
    pub created_ago: Option<String>,
}

impl Default for JobSeed {
    fn default() -> Self {
        JobSeed {
            id: None,
            project: String::new(),
            name: "build".to_string(),
            stage: "test".to_string(),
            status: "pending".to_string(),
            tag_list: Vec::new(),
            ref_name: "main".to_string(),
            tag: false,
            created_at: None,
            created_ago: None,
        }
    }
}

impl JobSeed {
    pub fn pending(project: &str, name: &str) -> JobSeed {
        JobSeed {
            project: project.to_string(),
            name: name.to_string(),
            ..JobSeed::default()
        }
    }

    pub fn tags(mut self, tags: &[&str]) -> Self {
        self.tag_list = tags.iter().map(|t| t.to_string()).collect();
        self
    }

    pub fn on_ref(mut self, ref_name: &str) -> Self {
        self.ref_name = ref_name.to_string();
        self
    }

    pub fn on_tag(mut self, tag: &str) -> Self {
        self.ref_name = tag.to_string();
        self.tag = true;
        self
    }

    pub fn status(mut self, status: &str) -> Self {
        self.status = status.to_string();
        self
    }
}

impl Fleet {
    pub fn from_file(path: impl AsRef<Path>) -> anyhow::Result<Fleet> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the fleet file {}", path.display()))?;
        Fleet::from_json(&text).with_context(|| format!("in the fleet file {}", path.display()))
    }

    pub fn from_json(text: &str) -> anyhow::Result<Fleet> {
        Ok(serde_json::from_str(text)?)
    }

    /// Users `root` (admin, PAT `glpat-admin-token`, scope api) and `maintainer` (PAT
    /// `glpat-maintainer-token`, scope api, no memberships until given some).
    pub fn with_standard_users() -> Fleet {
        let mut fleet = Fleet::default();
        fleet.add_user_with_token("root", true, ADMIN_TOKEN, &["api"]);
        fleet.add_user_with_token("maintainer", false, MAINTAINER_TOKEN, &["api"]);
        fleet
    }

    /// Adds a user with one PAT; returns the user's id.
    pub fn add_user_with_token(
        &mut self,
        username: &str,
        admin: bool,
        token: &str,
        scopes: &[&str],
    ) -> u64 {
        let id = self
            .users
            .iter()
            .filter_map(|u| u.id)
            .max()
            .unwrap_or(0)
            .max(self.users.len() as u64)
            + 1;
        self.users.push(UserSeed {
            id: Some(id),
            username: username.to_string(),
            name: None,
            admin,
            tokens: vec![TokenSeed::new(token, scopes)],
            memberships: Vec::new(),
        });
        id
    }

    /// Gives an existing user another token (chosen scopes, expiry, revocation).
    pub fn add_token(&mut self, username: &str, token: TokenSeed) {
        if let Some(user) = self.users.iter_mut().find(|u| u.username == username) {
            user.tokens.push(token);
        }
    }

    /// Makes `username` a member of the group or project at `path` (levels: [`GUEST`]..[`OWNER`]).
    pub fn add_member(&mut self, username: &str, path: &str, access_level: u8) {
        if let Some(user) = self.users.iter_mut().find(|u| u.username == username) {
            user.memberships.push(MembershipSeed {
                path: path.to_string(),
                access_level,
            });
        }
    }

    /// Adds the group at `path` and any missing parent; returns its id.
    pub fn add_group(&mut self, path: &str) -> u64 {
        let mut id = 0;
        let mut prefix = String::new();
        for part in path.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            id = match self.groups.iter().find(|g| g.path == prefix) {
                Some(group) => group.id.unwrap_or(0),
                None => {
                    let next = self.next_namespace_id();
                    self.groups.push(GroupSeed {
                        id: Some(next),
                        path: prefix.clone(),
                        name: None,
                    });
                    next
                }
            };
        }
        id
    }

    /// Adds a project (creating its groups); returns its id.
    pub fn add_project(&mut self, path: &str) -> u64 {
        self.add_project_with(ProjectSeed {
            path: path.to_string(),
            ..ProjectSeed::default()
        })
    }

    pub fn add_project_with(&mut self, mut project: ProjectSeed) -> u64 {
        if let Some((namespace, _)) = project.path.rsplit_once('/') {
            self.add_group(namespace);
        }
        let id = project
            .id
            .unwrap_or_else(|| self.projects.iter().filter_map(|p| p.id).max().unwrap_or(0) + 1);
        project.id = Some(id);
        self.projects.push(project);
        id
    }

    /// Adds a runner; returns its id.
    pub fn add_runner(&mut self, mut runner: RunnerSeed) -> u64 {
        let id = runner
            .id
            .unwrap_or_else(|| self.runners.iter().filter_map(|r| r.id).max().unwrap_or(0) + 1);
        runner.id = Some(id);
        self.runners.push(runner);
        id
    }

    /// Makes a runner orphaned, as when its project or group is deleted under it.
    pub fn orphan_runner(&mut self, id: u64) {
        self.orphaned_runners.push(id);
    }

    /// Adds a job; returns its id.
    pub fn add_job(&mut self, mut job: JobSeed) -> u64 {
        let id = job
            .id
            .unwrap_or_else(|| self.jobs.iter().filter_map(|j| j.id).max().unwrap_or(1000) + 1);
        job.id = Some(id);
        self.jobs.push(job);
        id
    }

    fn next_namespace_id(&self) -> u64 {
        self.groups.iter().filter_map(|g| g.id).max().unwrap_or(0) + 1
    }
}

/// Parses `"90s"`, `"15m"`, `"3h"`, `"30d"`, `"2w"` (optionally negative) into a duration.
pub fn parse_relative(text: &str) -> anyhow::Result<Duration> {
    let trimmed = text.trim();
    let (negative, rest) = match trimmed.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, trimmed),
    };
    let split = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    let (digits, unit) = rest.split_at(split);
    let Ok(amount) = digits.parse::<i64>() else {
        bail!("bad relative time {text:?}: expected a number and a unit such as 3h or 30d");
    };
    let duration = match unit {
        "s" => Duration::try_seconds(amount),
        "m" => Duration::try_minutes(amount),
        "h" => Duration::try_hours(amount),
        "d" => Duration::try_days(amount),
        "w" => Duration::try_weeks(amount),
        _ => bail!("bad relative time {text:?}: the unit must be s, m, h, d or w"),
    };
    let Some(duration) = duration else {
        bail!("relative time {text:?} is out of range");
    };
    Ok(if negative { -duration } else { duration })
}

/// Resolves an absolute-or-relative pair; both given is an error so a typo cannot hide.
pub(crate) fn resolve_time(
    what: &str,
    absolute: Option<DateTime<Utc>>,
    ago: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    match (absolute, ago) {
        (Some(_), Some(_)) => {
            bail!("{what}: give either the absolute time or the relative one, not both")
        }
        (Some(at), None) => Ok(Some(at)),
        (None, Some(ago)) => Ok(Some(
            now - parse_relative(ago).with_context(|| what.to_string())?,
        )),
        (None, None) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times_parse_with_units_and_sign() {
        assert_eq!(parse_relative("3h").ok(), Some(Duration::hours(3)));
        assert_eq!(parse_relative("2w").ok(), Some(Duration::weeks(2)));
        assert_eq!(parse_relative("-1d").ok(), Some(Duration::days(-1)));
        assert!(parse_relative("3 hours").is_err());
        assert!(parse_relative("h").is_err());
    }

    #[test]
    fn add_project_creates_its_groups_once() {
        let mut fleet = Fleet::default();
        fleet.add_project("team/sub/app");
        fleet.add_project("team/sub/lib");
        let paths: Vec<_> = fleet.groups.iter().map(|g| g.path.as_str()).collect();
        assert_eq!(paths, ["team", "team/sub"]);
    }
}
