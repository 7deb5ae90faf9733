//! The seed a fake forge starts from, built in a test or read from a JSON file.

use std::path::Path;

use anyhow::Context;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::flavour::Flavour;
use crate::state::{JobStatus, Scope};

/// The site administrator of the standard users.
pub const ADMIN: &str = "root";
/// A PAT of `root` with scope `all`.
pub const ADMIN_TOKEN: &str = "gitea-admin-token";
/// The owner of the standard organisation [`ORG`] (not a site admin).
pub const ORG_OWNER: &str = "owner";
/// A PAT of `owner` with `write:organization`, `write:repository`, `write:user`, `read:user`.
pub const ORG_OWNER_TOKEN: &str = "gitea-owner-token";
/// A user with no rights anywhere but their own account.
pub const OUTSIDER: &str = "outsider";
/// A PAT of `outsider` with scope `all`.
pub const OUTSIDER_TOKEN: &str = "gitea-outsider-token";
/// A PAT of `owner` with only `read:user`: for "the token lacks a scope" answers.
pub const READ_USER_TOKEN: &str = "gitea-read-user-token";
/// The standard organisation, owned by [`ORG_OWNER`].
pub const ORG: &str = "team";
/// The standard repository of [`ORG`], Actions enabled.
pub const REPO: &str = "team/app";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Fleet {
    pub flavour: Flavour,
    /// Seeds the generator of runner tokens and uuids: a fleet gives the same secrets each run.
    pub seed: u64,
    pub users: Vec<UserSeed>,
    pub tokens: Vec<TokenSeed>,
    pub orgs: Vec<OrgSeed>,
    pub repos: Vec<RepoSeed>,
    pub runners: Vec<RunnerSeed>,
    pub jobs: Vec<JobSeed>,
}

impl Default for Fleet {
    fn default() -> Fleet {
        Fleet::new(Flavour::GITEA_1_26)
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserSeed {
    pub login: String,
    pub admin: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TokenSeed {
    pub login: String,
    pub token: String,
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OrgSeed {
    pub name: String,
    pub owners: Vec<String>,
    pub members: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RepoSeed {
    /// `owner/name`; the owner is a user or an organisation.
    pub full_name: String,
    pub actions_enabled: bool,
    pub private: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunnerSeed {
    /// Given by [`Fleet::runner`].
    pub id: i64,
    pub scope: Scope,
    pub name: String,
    pub labels: Vec<String>,
    pub version: String,
    pub description: String,
    pub ephemeral: bool,
    pub disabled: bool,
    /// Its own 40-hex token; a random one when absent.
    pub token: Option<String>,
    /// Seconds since it last contacted the server when the fake starts; `None` = never.
    pub last_online_ago_secs: Option<i64>,
    /// Ran a task in the last 10 s (`busy: true`, Forgejo `active`).
    pub busy: bool,
}

impl Default for RunnerSeed {
    fn default() -> RunnerSeed {
        RunnerSeed {
            id: 0,
            scope: Scope::Instance,
            name: String::new(),
            labels: Vec::new(),
            version: "v0.2.11".to_string(),
            description: String::new(),
            ephemeral: false,
            disabled: false,
            token: None,
            last_online_ago_secs: Some(5),
            busy: false,
        }
    }
}

impl RunnerSeed {
    pub fn in_scope(scope: Scope) -> RunnerSeed {
        RunnerSeed {
            scope,
            ..RunnerSeed::default()
        }
    }

    pub fn instance() -> RunnerSeed {
        RunnerSeed::in_scope(Scope::Instance)
    }

    pub fn org(name: &str) -> RunnerSeed {
        RunnerSeed::in_scope(Scope::Org(name.to_string()))
    }

    pub fn user(login: &str) -> RunnerSeed {
        RunnerSeed::in_scope(Scope::User(login.to_string()))
    }

    /// `owner/name`.
    pub fn repo(full_name: &str) -> RunnerSeed {
        RunnerSeed::in_scope(Scope::Repo(full_name.to_string()))
    }

    pub fn name(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }

    pub fn labels(mut self, labels: &[&str]) -> Self {
        self.labels = labels.iter().map(|l| l.to_string()).collect();
        self
    }

    pub fn version(mut self, version: &str) -> Self {
        self.version = version.to_string();
        self
    }

    pub fn description(mut self, description: &str) -> Self {
        self.description = description.to_string();
        self
    }

    pub fn token(mut self, token: &str) -> Self {
        self.token = Some(token.to_string());
        self
    }

    pub fn ephemeral(mut self) -> Self {
        self.ephemeral = true;
        self
    }

    pub fn disabled(mut self) -> Self {
        self.disabled = true;
        self
    }

    /// Last contact an hour ago: `status` offline.
    pub fn offline(mut self) -> Self {
        self.last_online_ago_secs = Some(3600);
        self
    }

    pub fn never_online(mut self) -> Self {
        self.last_online_ago_secs = None;
        self
    }

    pub fn last_online_ago_secs(mut self, secs: i64) -> Self {
        self.last_online_ago_secs = Some(secs);
        self
    }

    pub fn busy(mut self) -> Self {
        self.busy = true;
        self.last_online_ago_secs = Some(1);
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JobSeed {
    /// Given by [`Fleet::job`].
    pub id: i64,
    /// 0 = the job's own id.
    pub run_id: i64,
    pub repo: String,
    pub name: String,
    pub labels: Vec<String>,
    pub needs: Vec<String>,
    pub status: JobStatus,
    pub head_branch: String,
    pub created_ago_secs: i64,
    pub runner_id: Option<i64>,
}

impl Default for JobSeed {
    fn default() -> JobSeed {
        JobSeed {
            id: 0,
            run_id: 0,
            repo: String::new(),
            name: "build".to_string(),
            labels: Vec::new(),
            needs: Vec::new(),
            status: JobStatus::Queued,
            head_branch: "main".to_string(),
            created_ago_secs: 60,
            runner_id: None,
        }
    }
}

impl JobSeed {
    /// Waiting for a runner with these `runs-on` labels.
    pub fn queued(repo: &str, labels: &[&str]) -> JobSeed {
        JobSeed {
            repo: repo.to_string(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            ..JobSeed::default()
        }
    }

    pub fn status(mut self, status: JobStatus) -> Self {
        self.status = status;
        self
    }

    /// Running on a runner.
    pub fn running_on(mut self, runner_id: i64) -> Self {
        self.status = JobStatus::InProgress;
        self.runner_id = Some(runner_id);
        self
    }

    /// Blocked on other jobs (`waiting` in Gitea's REST words).
    pub fn blocked(mut self, needs: &[&str]) -> Self {
        self.status = JobStatus::Waiting;
        self.needs = needs.iter().map(|n| n.to_string()).collect();
        self
    }

    pub fn name(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self
    }

    pub fn run_id(mut self, run_id: i64) -> Self {
        self.run_id = run_id;
        self
    }

    pub fn head_branch(mut self, branch: &str) -> Self {
        self.head_branch = branch.to_string();
        self
    }

    pub fn created_ago_secs(mut self, secs: i64) -> Self {
        self.created_ago_secs = secs;
        self
    }
}

impl Fleet {
    /// An empty fleet: no users, no tokens.
    pub fn new(flavour: Flavour) -> Fleet {
        Fleet {
            flavour,
            seed: 0x6974_6561,
            users: Vec::new(),
            tokens: Vec::new(),
            orgs: Vec::new(),
            repos: Vec::new(),
            runners: Vec::new(),
            jobs: Vec::new(),
        }
    }

    /// [`ADMIN`] with [`ADMIN_TOKEN`], [`ORG_OWNER`] with [`ORG_OWNER_TOKEN`] and
    /// [`READ_USER_TOKEN`], [`OUTSIDER`] with [`OUTSIDER_TOKEN`], the organisation [`ORG`] and
    /// its repository [`REPO`] (Actions enabled).
    pub fn standard(flavour: Flavour) -> Fleet {
        let mut fleet = Fleet::new(flavour);
        fleet
            .user(ADMIN, true)
            .token(ADMIN, ADMIN_TOKEN, &["all"])
            .user(ORG_OWNER, false)
            .token(
                ORG_OWNER,
                ORG_OWNER_TOKEN,
                &[
                    "write:organization",
                    "write:repository",
                    "write:user",
                    "read:user",
                ],
            )
            .token(ORG_OWNER, READ_USER_TOKEN, &["read:user"])
            .user(OUTSIDER, false)
            .token(OUTSIDER, OUTSIDER_TOKEN, &["all"])
            .org(ORG, ORG_OWNER)
            .repo(REPO, true);
        fleet
    }

    pub fn from_file(path: impl AsRef<Path>) -> anyhow::Result<Fleet> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        Fleet::from_json(&text)
    }

    pub fn from_json(text: &str) -> anyhow::Result<Fleet> {
        let mut fleet: Fleet = serde_json::from_str(text).context("the fleet is not valid JSON")?;
        fleet.number();
        Ok(fleet)
    }

    /// Gives ids to seeds from a file that has none.
    fn number(&mut self) {
        let first = self.runners.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        for (next, runner) in (first..).zip(self.runners.iter_mut().filter(|r| r.id == 0)) {
            runner.id = next;
        }
        let first = self.jobs.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        for (next, job) in (first..).zip(self.jobs.iter_mut().filter(|j| j.id == 0)) {
            job.id = next;
            if job.run_id == 0 {
                job.run_id = next;
            }
        }
    }

    pub fn user(&mut self, login: &str, admin: bool) -> &mut Self {
        self.users.push(UserSeed {
            login: login.to_string(),
            admin,
        });
        self
    }

    pub fn token(&mut self, login: &str, token: &str, scopes: &[&str]) -> &mut Self {
        self.tokens.push(TokenSeed {
            login: login.to_string(),
            token: token.to_string(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
        });
        self
    }

    pub fn org(&mut self, name: &str, owner: &str) -> &mut Self {
        self.orgs.push(OrgSeed {
            name: name.to_string(),
            owners: vec![owner.to_string()],
            members: Vec::new(),
        });
        self
    }

    /// Adds a member (not an owner) to an organisation added before.
    pub fn member(&mut self, org: &str, login: &str) -> &mut Self {
        if let Some(seed) = self.orgs.iter_mut().find(|o| o.name == org) {
            seed.members.push(login.to_string());
        }
        self
    }

    /// `owner/name`.
    pub fn repo(&mut self, full_name: &str, actions_enabled: bool) -> &mut Self {
        self.repos.push(RepoSeed {
            full_name: full_name.to_string(),
            actions_enabled,
            private: false,
        });
        self
    }

    pub fn private_repo(&mut self, full_name: &str, actions_enabled: bool) -> &mut Self {
        self.repos.push(RepoSeed {
            full_name: full_name.to_string(),
            actions_enabled,
            private: true,
        });
        self
    }

    /// Adds a runner; returns its id. A runner without a name is called `runner-<id>`.
    pub fn runner(&mut self, mut seed: RunnerSeed) -> i64 {
        let id = self.runners.iter().map(|r| r.id).max().unwrap_or(0) + 1;
        seed.id = id;
        if seed.name.is_empty() {
            seed.name = format!("runner-{id}");
        }
        self.runners.push(seed);
        id
    }

    /// Adds a job; returns its id.
    pub fn job(&mut self, mut seed: JobSeed) -> i64 {
        let id = self.jobs.iter().map(|j| j.id).max().unwrap_or(0) + 1;
        seed.id = id;
        if seed.run_id == 0 {
            seed.run_id = id;
        }
        self.jobs.push(seed);
        id
    }

    /// A big fleet for benchmarks, the same for the same arguments: the standard users, `orgs`
    /// organisations `org-N` owned by [`ORG_OWNER`] with two repositories each, `runners`
    /// runners spread over them (a fifth on repositories, a tenth on the instance, some
    /// offline, some disabled) and `jobs` queued jobs.
    pub fn large(flavour: Flavour, orgs: usize, runners: usize, jobs: usize, seed: u64) -> Fleet {
        const LABELS: [&str; 5] = ["ubuntu-latest", "ubuntu-22.04", "docker", "arm64", "gpu"];
        let mut fleet = Fleet::standard(flavour);
        fleet.seed = seed;
        let mut rng = StdRng::seed_from_u64(seed);
        let orgs = orgs.max(1);
        for n in 0..orgs {
            let org = format!("org-{n}");
            fleet.org(&org, ORG_OWNER);
            fleet.repo(&format!("{org}/api"), true);
            fleet.repo(&format!("{org}/web"), n % 7 != 3);
        }
        for n in 0..runners {
            let org = format!("org-{}", rng.random_range(0..orgs));
            let mut runner = match rng.random_range(0..10) {
                0 => RunnerSeed::instance(),
                1 | 2 => RunnerSeed::repo(&format!("{org}/api")),
                _ => RunnerSeed::org(&org),
            };
            let first = LABELS[rng.random_range(0..LABELS.len())];
            let second = LABELS[rng.random_range(0..LABELS.len())];
            let labels: Vec<&str> = if first == second {
                vec![first]
            } else {
                vec![first, second]
            };
            runner = runner.name(&format!("runner-{n:05}")).labels(&labels);
            runner = runner.last_online_ago_secs(rng.random_range(0..7200));
            if rng.random_range(0..20) == 0 {
                runner = runner.disabled();
            }
            fleet.runner(runner);
        }
        for _ in 0..jobs {
            let org = rng.random_range(0..orgs);
            let label = LABELS[rng.random_range(0..LABELS.len())];
            let job = JobSeed::queued(&format!("org-{org}/api"), &[label])
                .created_ago_secs(rng.random_range(0..3600));
            fleet.job(job);
        }
        fleet
    }
}
