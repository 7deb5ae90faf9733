//! The fake forge's data: users, organisations, repositories, tokens, runners and jobs.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::flavour::Flavour;
use crate::fleet::Fleet;

/// Whose runners: the instance (site admin), an organisation, a user, or one repository.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Instance,
    Org(String),
    User(String),
    /// `owner/name`.
    Repo(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub is_admin: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Org {
    pub id: i64,
    pub name: String,
    pub owners: Vec<String>,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Repo {
    pub id: i64,
    pub owner: String,
    pub name: String,
    /// The repository's Actions unit is enabled.
    pub has_actions: bool,
    pub private: bool,
}

impl Repo {
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct AccessToken {
    pub token: String,
    pub login: String,
    /// `all`, `read:admin`, `write:organization`, …
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegistrationToken {
    pub scope: Scope,
    pub token: String,
    /// Only the newest token of a scope is active (models/actions/runner_token.go).
    pub active: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Runner {
    pub id: i64,
    pub uuid: String,
    pub name: String,
    /// The runner's own secret (40 hex characters), as Register returned it.
    pub token: String,
    /// Label names only, as the runner declares them.
    pub labels: Vec<String>,
    pub version: String,
    pub description: String,
    pub ephemeral: bool,
    pub disabled: bool,
    pub scope: Scope,
    pub last_online: Option<DateTime<Utc>>,
    pub last_active: Option<DateTime<Utc>>,
}

/// models/actions/runner.go: online = contacted within `RunnerOfflineTime` (1 minute);
/// active (busy) = `last_active` within `RunnerIdleTime` (10 s).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RunnerStatus {
    Offline,
    Idle,
    Active,
}

impl Runner {
    pub fn status(&self, now: DateTime<Utc>) -> RunnerStatus {
        let online = self
            .last_online
            .is_some_and(|t| now.signed_duration_since(t) < Duration::seconds(60));
        if !online {
            return RunnerStatus::Offline;
        }
        let active = self
            .last_active
            .is_some_and(|t| now.signed_duration_since(t) < Duration::seconds(10));
        if active {
            RunnerStatus::Active
        } else {
            RunnerStatus::Idle
        }
    }
}

/// A job's state as the REST API names it (routers/api/v1/shared/action.go `convertToInternal`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting for a runner with no task (internal `StatusWaiting`).
    Queued,
    /// Running (internal `StatusRunning`).
    InProgress,
    /// Blocked on other jobs or an approval (internal `StatusBlocked`).
    Waiting,
    /// Finished with success.
    Completed,
}

impl JobStatus {
    /// Gitea's REST word (`ToActionWorkflowJob`).
    pub fn gitea_word(&self) -> &'static str {
        match self {
            JobStatus::Queued => "queued",
            JobStatus::InProgress => "in_progress",
            JobStatus::Waiting => "waiting",
            JobStatus::Completed => "completed",
        }
    }

    /// The internal status name, as Forgejo's job search writes it (models/actions/status.go
    /// `Status.String`).
    pub fn internal_word(&self) -> &'static str {
        match self {
            JobStatus::Queued => "waiting",
            JobStatus::InProgress => "running",
            JobStatus::Waiting => "blocked",
            JobStatus::Completed => "success",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: i64,
    pub run_id: i64,
    /// `owner/name`.
    pub repo: String,
    pub name: String,
    /// Its `runs-on`.
    pub labels: Vec<String>,
    pub needs: Vec<String>,
    pub status: JobStatus,
    pub head_branch: String,
    pub created_at: DateTime<Utc>,
    pub runner_id: Option<i64>,
    pub task_id: i64,
}

/// Everything the server knows. Tests read and change it through `FakeGitea::with_state`.
#[derive(Debug)]
pub struct State {
    pub flavour: Flavour,
    pub users: Vec<User>,
    pub orgs: Vec<Org>,
    pub repos: Vec<Repo>,
    pub tokens: Vec<AccessToken>,
    pub registration_tokens: Vec<RegistrationToken>,
    pub runners: Vec<Runner>,
    pub jobs: Vec<Job>,
    /// Users and organisations share Gitea's `user` table, hence one id sequence.
    next_owner_id: i64,
    next_repo_id: i64,
    next_runner_id: i64,
    rng: StdRng,
}

impl State {
    pub(crate) fn from_fleet(fleet: &Fleet, now: DateTime<Utc>) -> anyhow::Result<State> {
        let mut state = State {
            flavour: fleet.flavour,
            users: Vec::new(),
            orgs: Vec::new(),
            repos: Vec::new(),
            tokens: Vec::new(),
            registration_tokens: Vec::new(),
            runners: Vec::new(),
            jobs: Vec::new(),
            next_owner_id: 1,
            next_repo_id: 1,
            next_runner_id: 1,
            rng: StdRng::seed_from_u64(fleet.seed),
        };
        for user in &fleet.users {
            let id = state.next_owner_id;
            state.next_owner_id += 1;
            state.users.push(User {
                id,
                login: user.login.clone(),
                is_admin: user.admin,
            });
        }
        for token in &fleet.tokens {
            if state.user(&token.login).is_none() {
                anyhow::bail!("token for unknown user {}", token.login);
            }
            state.tokens.push(AccessToken {
                token: token.token.clone(),
                login: token.login.clone(),
                scopes: token.scopes.clone(),
            });
        }
        for org in &fleet.orgs {
            let id = state.next_owner_id;
            state.next_owner_id += 1;
            state.orgs.push(Org {
                id,
                name: org.name.clone(),
                owners: org.owners.clone(),
                members: org.members.clone(),
            });
        }
        for repo in &fleet.repos {
            let Some((owner, name)) = repo.full_name.split_once('/') else {
                anyhow::bail!("repository {} is not owner/name", repo.full_name);
            };
            if state.owner_id(owner).is_none() {
                anyhow::bail!("repository {} has an unknown owner", repo.full_name);
            }
            let id = state.next_repo_id;
            state.next_repo_id += 1;
            state.repos.push(Repo {
                id,
                owner: owner.to_string(),
                name: name.to_string(),
                has_actions: repo.actions_enabled,
                private: repo.private,
            });
        }
        for seed in &fleet.runners {
            state.check_scope(&seed.scope)?;
            let id = seed.id;
            state.next_runner_id = state.next_runner_id.max(id + 1);
            let uuid = state.new_uuid();
            let token = seed.token.clone().unwrap_or_else(|| state.new_hex_token());
            let last_online = seed
                .last_online_ago_secs
                .map(|ago| now - Duration::seconds(ago));
            let last_active = if seed.busy { Some(now) } else { None };
            state.runners.push(Runner {
                id,
                uuid,
                name: seed.name.clone(),
                token,
                labels: seed.labels.clone(),
                version: seed.version.clone(),
                description: seed.description.clone(),
                ephemeral: seed.ephemeral,
                disabled: seed.disabled,
                scope: seed.scope.clone(),
                last_online,
                last_active,
            });
        }
        for seed in &fleet.jobs {
            if state.repo(&seed.repo).is_none() {
                anyhow::bail!("job in unknown repository {}", seed.repo);
            }
            state.jobs.push(Job {
                id: seed.id,
                run_id: seed.run_id,
                repo: seed.repo.clone(),
                name: seed.name.clone(),
                labels: seed.labels.clone(),
                needs: seed.needs.clone(),
                status: seed.status,
                head_branch: seed.head_branch.clone(),
                created_at: now - Duration::seconds(seed.created_ago_secs),
                runner_id: seed.runner_id,
                task_id: seed.runner_id.map(|_| seed.id).unwrap_or(0),
            });
        }
        Ok(state)
    }

    fn check_scope(&self, scope: &Scope) -> anyhow::Result<()> {
        let known = match scope {
            Scope::Instance => true,
            Scope::Org(name) => self.org(name).is_some(),
            Scope::User(login) => self.user(login).is_some(),
            Scope::Repo(full) => self.repo(full).is_some(),
        };
        if !known {
            anyhow::bail!("runner scope {scope:?} names nothing in the fleet");
        }
        Ok(())
    }

    pub fn user(&self, login: &str) -> Option<&User> {
        self.users
            .iter()
            .find(|u| u.login.eq_ignore_ascii_case(login))
    }

    pub fn org(&self, name: &str) -> Option<&Org> {
        self.orgs.iter().find(|o| o.name.eq_ignore_ascii_case(name))
    }

    /// By `owner/name`, case-insensitively as Gitea's lower-name lookups.
    pub fn repo(&self, full_name: &str) -> Option<&Repo> {
        self.repos
            .iter()
            .find(|r| r.full_name().eq_ignore_ascii_case(full_name))
    }

    /// The id of a user or organisation.
    pub fn owner_id(&self, login: &str) -> Option<i64> {
        self.user(login)
            .map(|u| u.id)
            .or_else(|| self.org(login).map(|o| o.id))
    }

    pub fn runner(&self, id: i64) -> Option<&Runner> {
        self.runners.iter().find(|r| r.id == id)
    }

    pub fn runner_mut(&mut self, id: i64) -> Option<&mut Runner> {
        self.runners.iter_mut().find(|r| r.id == id)
    }

    pub fn runner_by_uuid(&self, uuid: &str) -> Option<&Runner> {
        self.runners.iter().find(|r| r.uuid == uuid)
    }

    pub fn runner_by_name(&self, name: &str) -> Option<&Runner> {
        self.runners.iter().find(|r| r.name == name)
    }

    /// Deletes a runner as an admin would in the web UI; its credentials stop working.
    pub fn delete_runner(&mut self, id: i64) -> bool {
        let before = self.runners.len();
        self.runners.retain(|r| r.id != id);
        self.runners.len() != before
    }

    /// The scope's active registration token, created if there is none: what the API returns.
    pub fn registration_token(&mut self, scope: &Scope) -> String {
        if let Some(token) = self
            .registration_tokens
            .iter()
            .find(|t| &t.scope == scope && t.active)
        {
            return token.token.clone();
        }
        let token = self.new_hex_token();
        self.registration_tokens.push(RegistrationToken {
            scope: scope.clone(),
            token: token.clone(),
            active: true,
        });
        token
    }

    /// Invalidates the scope's token and makes a new one, as the web UI's "reset registration
    /// token" does; Register with the old one then answers "invalidated".
    pub fn reset_registration_token(&mut self, scope: &Scope) -> String {
        for token in self
            .registration_tokens
            .iter_mut()
            .filter(|t| &t.scope == scope)
        {
            token.active = false;
        }
        let token = self.new_hex_token();
        self.registration_tokens.push(RegistrationToken {
            scope: scope.clone(),
            token: token.clone(),
            active: true,
        });
        token
    }

    /// Registers a runner in a scope as Register does; returns its id.
    pub(crate) fn add_runner(
        &mut self,
        scope: Scope,
        name: &str,
        labels: Vec<String>,
        version: &str,
        ephemeral: bool,
        description: &str,
    ) -> i64 {
        let id = self.next_runner_id;
        self.next_runner_id += 1;
        let uuid = self.new_uuid();
        let token = self.new_hex_token();
        self.runners.push(Runner {
            id,
            uuid,
            name: name.to_string(),
            token,
            labels,
            version: version.to_string(),
            description: description.to_string(),
            ephemeral,
            disabled: false,
            scope,
            last_online: None,
            last_active: None,
        });
        id
    }

    /// Whether a runner of `scope` shows in the list of `list_scope` (no inheritance; the
    /// instance list shows all; gitea routers/api/v1/shared/runners.go `ListRunners`).
    pub(crate) fn in_scope(runner_scope: &Scope, list_scope: &Scope) -> bool {
        match list_scope {
            Scope::Instance => true,
            other => runner_scope == other,
        }
    }

    /// `(owner_id, repo_id)` of a scope, as models/actions/runner.go stores them.
    pub(crate) fn scope_ids(&self, scope: &Scope) -> (i64, i64) {
        match scope {
            Scope::Instance => (0, 0),
            Scope::Org(name) | Scope::User(name) => (self.owner_id(name).unwrap_or(0), 0),
            Scope::Repo(full) => (0, self.repo(full).map(|r| r.id).unwrap_or(0)),
        }
    }

    /// A runner's 40 hex characters (models/actions/runner.go `GenerateToken`:
    /// `util.CryptoRandomString(40)` over hex in older releases; the shape is what matters).
    pub(crate) fn new_hex_token(&mut self) -> String {
        (0..40)
            .map(|_| {
                let n: u8 = self.rng.random_range(0..16);
                char::from_digit(u32::from(n), 16).unwrap_or('0')
            })
            .collect()
    }

    fn new_uuid(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.random();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        format!(
            "{}-{}-4{}-a{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[13..16],
            &hex[17..20],
            &hex[20..32]
        )
    }
}
