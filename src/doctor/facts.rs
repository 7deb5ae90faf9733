//! What the doctor knows about this machine and about GitLab: plain data, filled by the
//! gatherer and read by [`diagnose`](super::diagnose).
//!
//! Nothing here talks to the network, the file system or the service manager, so every rule of
//! the diagnosis can be tested by building these values by hand.

use chrono::{DateTime, Utc};

pub use super::log_facts::RunnerLogFacts;
use crate::token::RunnerToken;

/// Everything one `runnerctl doctor` run gathered.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// The normalised GitLab URL, when one is known (even with `--offline`).
    pub gitlab_url: Option<String>,
    /// What the operator asked about with `-g`, `-p` and `--runner`.
    pub scope: RequestedScope,
    /// `None` when local checks are off: no config.toml at the default path, no `--config`, no
    /// `CONFIG_FILE` and no `--offline`. The machine is then taken for an operator workstation.
    pub local: Option<LocalFacts>,
    pub api: ApiFacts,
}

/// The groups, projects and runners named on the command line. Paths are GitLab full paths
/// (`team/app`); give them as GitLab spells them (`full_path`), though they are compared
/// without regard to ASCII case, as GitLab's routes are.
#[derive(Debug, Clone, Default)]
pub struct RequestedScope {
    pub groups: Vec<String>,
    pub projects: Vec<String>,
    pub runner_ids: Vec<u64>,
}

/// This machine: config.toml, the gitlab-runner service and the secret store.
#[derive(Debug, Clone)]
pub struct LocalFacts {
    /// The resolved config.toml path, as the operator should see it in a fix (`chmod 600 …`).
    pub config_path: String,
    pub config: ConfigState,
    pub service: ServiceFacts,
    /// Ids of the runners that `create` stored a token for, for this GitLab URL only.
    pub stored_runner_ids: Vec<u64>,
    /// The service's log as read (`None` when it could not be read; a notice says why).
    pub runner_log: Option<RunnerLogFacts>,
}

#[derive(Debug, Clone)]
pub enum ConfigState {
    Missing,
    Present(ConfigFileFacts),
}

#[derive(Debug, Clone)]
pub struct ConfigFileFacts {
    /// Unix permission bits (`0o644`); `None` where the platform has none.
    pub mode: Option<u32>,
    pub contents: ConfigContents,
}

#[derive(Debug, Clone)]
pub enum ConfigContents {
    /// A TOML syntax error; line and column are 1-based, as editors count them.
    Unparseable {
        line: usize,
        column: usize,
        message: String,
    },
    /// Valid TOML that gitlab-runner would still refuse to load: a known key with the wrong
    /// type, or `[runners]` that is not an array of tables.
    Invalid {
        key: String,
        expected: String,
        found: String,
    },
    /// The `[[runners]]` entries, in file order.
    Loaded(Vec<ConfigEntryFacts>),
}

/// One `[[runners]]` entry of config.toml.
#[derive(Debug, Clone)]
pub struct ConfigEntryFacts {
    /// 0-based position in the file.
    pub index: usize,
    pub name: String,
    /// The entry's `id`; entries registered before GitLab 15.x have none.
    pub runner_id: Option<u64>,
    /// The entry's `url`, normalised like the GitLab URL (so the two compare equal when they
    /// name the same GitLab). An entry for another GitLab is only checked locally.
    pub url: Option<String>,
    /// The entry's `token`; `None` when it is missing or blank, which gitlab-runner skips.
    pub token: Option<RunnerToken>,
    /// The entry's `token_expires_at`; `None` when absent or gitlab-runner's zero time
    /// (`0001-01-01T00:00:00Z`), both meaning "never expires".
    pub token_expires_at: Option<DateTime<Utc>>,
    /// Set only with `--verify-tokens`: what `POST /runners/verify` said about the token.
    pub verification: Option<TokenVerification>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenVerification {
    Accepted,
    /// 403 from `/runners/verify`: reset, expired, or the runner was deleted.
    Rejected,
    /// 403 or 422 `Runner is orphaned`: the runner's project or group was deleted
    /// (lib/api/ci/helpers/runner.rb, lib/api/ci/runner.rb). The token is fine.
    Orphaned,
}

/// The gitlab-runner service as the contract's service rule finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceFacts {
    /// `None` when neither systemd nor a `gitlab-runner` binary was found.
    pub manager: Option<ServiceManager>,
    pub state: ServiceState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceManager {
    Systemd,
    GitlabRunner,
}

impl ServiceManager {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceManager::Systemd => "systemd",
            ServiceManager::GitlabRunner => "gitlab-runner",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceState {
    Running,
    Stopped,
    NotInstalled,
}

/// How far the API part of the run got.
#[derive(Debug, Clone, Default)]
pub enum ApiFacts {
    /// `--offline`: nothing that needs the API was tried.
    #[default]
    Skipped,
    Unreachable {
        url: String,
        cause: UnreachableCause,
    },
    /// GitLab's URL answered with a redirect runnerctl does not follow (another origin, or
    /// too many): `gitlab.unreachable` with cause `redirect`.
    Redirected {
        url: String,
        /// Where the redirect pointed, without its query.
        location: String,
        /// The GitLab URL it seems to point at, when it is another origin.
        new_url: Option<String>,
    },
    /// 401 (`needed_scope` is `None`), or 403 for a missing scope (`needed_scope` names it).
    AuthFailed {
        status: u16,
        needed_scope: Option<String>,
    },
    Gathered(GitlabFacts),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreachableCause {
    Dns,
    Tls,
    Refused,
    Timeout,
    /// The connection closed after the request was sent, without an answer.
    Dropped,
    Http5xx,
    /// Something answered, but not GitLab's API: HTML, a login page, a body that is not the
    /// API's JSON, or no API route where every GitLab has one.
    NotGitlab,
}

impl UnreachableCause {
    pub fn as_str(self) -> &'static str {
        match self {
            UnreachableCause::Dns => "dns",
            UnreachableCause::Tls => "tls",
            UnreachableCause::Refused => "refused",
            UnreachableCause::Timeout => "timeout",
            UnreachableCause::Dropped => "dropped",
            UnreachableCause::Http5xx => "http_5xx",
            UnreachableCause::NotGitlab => "not_gitlab",
        }
    }
}

/// What the API told us. Which runners are reported on is decided from [`RequestedScope`] and
/// the config entries, so the gatherer may include more runners than those: it must include
/// every runner that is available to a project with pending jobs (instance runners and
/// ancestor-group runners too, since they count when matching), the runners named by config
/// entries, by `--runner` and by the secret store.
#[derive(Debug, Clone, Default)]
pub struct GitlabFacts {
    pub runners: Vec<RunnerFacts>,
    /// The projects in scope for job findings: the given projects and every project of the
    /// given groups and their subgroups (`with_shared=false`).
    pub projects: Vec<ProjectFacts>,
    /// The pending jobs of those projects.
    pub pending_jobs: Vec<PendingJob>,
    /// Config entry runner ids that GitLab did not return.
    pub missing_runners: Vec<MissingRunner>,
    /// The `-g` groups and `-p` projects that do not exist or that the token cannot see
    /// (GitLab answers both with 404): nothing under them was checked. A `--runner` that is
    /// not found is in `missing_runners`.
    pub missing_scopes: Vec<MissingScope>,
}

/// A `-g`, `-p` or `--runner` of the run that GitLab did not find.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingScope {
    pub kind: ScopeKind,
    /// The path or id as given.
    pub reference: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Group,
    Project,
    Runner,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Group => "group",
            ScopeKind::Project => "project",
            ScopeKind::Runner => "runner",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RunnerFacts {
    pub id: u64,
    pub description: Option<String>,
    pub runner_type: RunnerType,
    pub paused: bool,
    /// GitLab's contact state (GraphQL `status`, or REST `status` with `paused` resolved from
    /// `contacted_at` as the contract says).
    pub status: ContactStatus,
    pub contacted_at: Option<DateTime<Utc>>,
    pub tag_list: Vec<String>,
    pub run_untagged: bool,
    pub access_level: AccessLevel,
    pub locked: bool,
    /// The owning group's full path, for a group runner.
    pub group: Option<String>,
    /// Full paths of the projects a project runner is assigned to (those the token can see).
    pub projects: Vec<String>,
    /// How many runner managers (hosts) GitLab lists for the runner: `managers { count }` on
    /// every runner read by GraphQL, and `GET /runners/:id/managers` for an online runner read
    /// over REST that the diagnosis relies on; `None` when not read. GitLab 16.0–17.x counts `DELETE /runners/managers` as a contact, so a
    /// runner whose last host unregistered reads online for 2 hours with no manager left.
    pub managers: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RunnerType {
    Instance,
    Group,
    Project,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactStatus {
    Online,
    Offline,
    Stale,
    NeverContacted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessLevel {
    NotProtected,
    RefProtected,
}

#[derive(Debug, Clone)]
pub struct ProjectFacts {
    /// Full path (`team/sub/app`). Its groups are the prefixes of this path (`team`,
    /// `team/sub`): group full paths are exactly those prefixes.
    pub path: String,
    pub shared_runners_enabled: bool,
    /// `None` when the API token cannot see the setting (below Maintainer).
    pub group_runners_enabled: Option<bool>,
    /// `None` when not gathered (no `ref_protected` runner could take a pending job of the
    /// project). The diagnosis then does not claim a ref is unprotected.
    pub protected_refs: Option<ProtectedRefs>,
}

/// GitLab stores a job's protection when its pipeline is created (`protected: protected_ref?`
/// in the pipeline chain), so these current settings can differ for an old pending job.
///
/// Protected branch and tag names of a project; `*` matches any run of characters, `/`
/// included (GitLab's `Gitlab::RefMatcher`).
#[derive(Debug, Clone, Default)]
pub struct ProtectedRefs {
    pub branches: Vec<String>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PendingJob {
    pub id: u64,
    pub project: String,
    pub name: String,
    /// The job's ref as GitLab gives it: a branch or tag name, or a full ref such as
    /// `refs/merge-requests/7/head`.
    pub ref_name: String,
    /// The ref is a tag: REST `tag`, GraphQL `CiJob.createdByTag`.
    pub ref_is_tag: bool,
    pub tag_list: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MissingRunner {
    pub id: u64,
    pub likely: MissingReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingReason {
    /// 404: no such runner (certain for an administrator's token).
    Deleted,
    /// 403, or a non-administrator's 404: the runner may exist but this token cannot see it.
    NotVisibleToToken,
}

impl MissingReason {
    pub fn as_str(self) -> &'static str {
        match self {
            MissingReason::Deleted => "deleted",
            MissingReason::NotVisibleToToken => "not_visible_to_token",
        }
    }
}

impl ProtectedRefs {
    /// Whether a job on `ref_name` runs as protected, as GitLab's `Project#protected_for?`
    /// decides: branch refs against protected branches, tag refs against protected tags, and
    /// anything else (merge request refs) never.
    pub fn protects(&self, ref_name: &str, is_tag: bool) -> bool {
        let (name, is_tag) = if let Some(name) = ref_name.strip_prefix("refs/heads/") {
            (name, false)
        } else if let Some(name) = ref_name.strip_prefix("refs/tags/") {
            (name, true)
        } else if ref_name.starts_with("refs/") {
            return false;
        } else {
            (ref_name, is_tag)
        };
        let patterns = if is_tag { &self.tags } else { &self.branches };
        patterns
            .iter()
            .any(|pattern| ref_pattern_matches(pattern, name))
    }
}

/// GitLab's `RefMatcher`: an exact name, or a pattern where each `*` stands for any run of
/// characters (slashes included), anchored at both ends.
pub fn ref_pattern_matches(pattern: &str, name: &str) -> bool {
    if pattern.is_empty() {
        return false;
    }
    if pattern == name {
        return true;
    }
    if !pattern.contains('*') {
        return false;
    }
    let mut segments = pattern.split('*');
    // split always yields at least one segment.
    let first = segments.next().unwrap_or_default();
    let Some(mut rest) = name.strip_prefix(first) else {
        return false;
    };
    let segments: Vec<&str> = segments.collect();
    let Some((last, middle)) = segments.split_last() else {
        return false;
    };
    for segment in middle {
        match rest.find(segment) {
            Some(at) => rest = &rest[at + segment.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcard_matches_across_slashes_and_is_anchored() {
        assert!(ref_pattern_matches("release/*", "release/1.0"));
        assert!(ref_pattern_matches("release/*", "release/1/hotfix"));
        assert!(ref_pattern_matches("*-stable", "13-stable"));
        assert!(ref_pattern_matches("v*.*", "v1.2"));
        assert!(ref_pattern_matches("*", "anything/at/all"));
        assert!(ref_pattern_matches("main", "main"));
        assert!(!ref_pattern_matches("main", "main2"));
        assert!(!ref_pattern_matches("release/*", "prerelease/1"));
        assert!(!ref_pattern_matches("*-stable", "13-stable-old"));
        assert!(!ref_pattern_matches("a*a", "a"));
        assert!(!ref_pattern_matches("", ""));
    }

    #[test]
    fn branch_patterns_protect_branches_and_tag_patterns_protect_tags() {
        let refs = ProtectedRefs {
            branches: vec!["main".into(), "release/*".into()],
            tags: vec!["v*".into()],
        };
        assert!(refs.protects("main", false));
        assert!(refs.protects("refs/heads/release/2", false));
        assert!(!refs.protects("main", true));
        assert!(refs.protects("v1.0", true));
        assert!(refs.protects("refs/tags/v1.0", false));
        assert!(!refs.protects("v1.0", false));
        assert!(!refs.protects("refs/merge-requests/7/head", false));
    }
}
