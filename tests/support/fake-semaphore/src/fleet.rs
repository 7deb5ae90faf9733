//! Seed data: what the fake Semaphore holds when it starts.

use std::time::Duration;

/// API token of user `admin` (id 1, `admin: true`).
pub const ADMIN_TOKEN: &str = "semaphore-admin-token";
/// API token of user `dev` (id 2, `admin: false`), a manager of project [`PROJECT`].
pub const USER_TOKEN: &str = "semaphore-user-token";
/// The server's `runner_registration_token` (config `runner_registration_token`).
pub const REGISTRATION_TOKEN: &str = "semaphore-registration-token";
/// The name of project 1, which [`Fleet::standard`] creates.
pub const PROJECT: &str = "infra";

/// A private key in the format `util.GeneratePrivateKey` writes (PKCS#1 PEM). The real server
/// generates a fresh 2048-bit pair for every runner created through the API; the fake hands out
/// this fixed test key (made once with `openssl genrsa -traditional 2048`), so it needs no RSA
/// code. Never use it for anything else.
pub const TEST_PRIVATE_KEY: &str = include_str!("test_runner_key.pem");
/// The public half of [`TEST_PRIVATE_KEY`], PKCS#1 in a `PUBLIC KEY` block as Semaphore's
/// `loadPublicKey` expects: what a self-registering runner sends.
pub const TEST_PUBLIC_KEY: &str = include_str!("test_runner_key.pub.pem");

/// When a seeded runner last polled.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Touched {
    Ago(Duration),
    Never,
}

#[derive(Debug, Clone)]
pub struct RunnerSeed {
    pub(crate) project_id: Option<u64>,
    pub(crate) name: Option<String>,
    pub(crate) tag: String,
    pub(crate) active: bool,
    pub(crate) max_parallel_tasks: u32,
    pub(crate) webhook: String,
    pub(crate) touched: Touched,
    pub(crate) public_key: Option<String>,
}

impl RunnerSeed {
    /// A global runner named `runner-N` (N its id), no tag, active, 1 parallel task, no
    /// webhook, touched now.
    pub fn global() -> RunnerSeed {
        RunnerSeed {
            project_id: None,
            name: None,
            tag: String::new(),
            active: true,
            max_parallel_tasks: 1,
            webhook: String::new(),
            touched: Touched::Ago(Duration::ZERO),
            public_key: None,
        }
    }

    /// As [`RunnerSeed::global`], belonging to a project (Semaphore Pro's project runners).
    pub fn project(id: u64) -> RunnerSeed {
        RunnerSeed {
            project_id: Some(id),
            ..RunnerSeed::global()
        }
    }

    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_string());
        self
    }

    pub fn tag(mut self, tag: &str) -> Self {
        self.tag = tag.to_string();
        self
    }

    pub fn inactive(mut self) -> Self {
        self.active = false;
        self
    }

    pub fn max_parallel_tasks(mut self, n: u32) -> Self {
        self.max_parallel_tasks = n;
        self
    }

    pub fn webhook(mut self, url: &str) -> Self {
        self.webhook = url.to_string();
        self
    }

    pub fn touched_ago(mut self, ago: Duration) -> Self {
        self.touched = Touched::Ago(ago);
        self
    }

    pub fn never_touched(mut self) -> Self {
        self.touched = Touched::Never;
        self
    }

    /// The PEM public key the runner registered with (self-registered runners send one).
    pub fn public_key(mut self, pem: &str) -> Self {
        self.public_key = Some(pem.to_string());
        self
    }
}

#[derive(Debug, Clone)]
pub(crate) struct ProjectSeed {
    pub id: u64,
    pub name: String,
    /// Users (by id) on the project's team, as managers.
    pub members: Vec<u64>,
}

#[derive(Debug, Clone)]
pub(crate) struct TemplateSeed {
    pub id: u64,
    pub project_id: u64,
    pub name: String,
    pub runner_tag: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct TaskSeed {
    pub id: u64,
    pub project_id: u64,
    pub template_id: u64,
    pub status: String,
}

/// Everything the fake starts with. Users are fixed: `admin` ([`ADMIN_TOKEN`]) and `dev`
/// ([`USER_TOKEN`]).
#[derive(Debug, Clone)]
pub struct Fleet {
    /// What `/api/info` answers.
    pub version: String,
    /// Semaphore Pro: the project runner routes create, update and delete.
    pub pro: bool,
    /// The server's runner registration token; empty turns self-registration off.
    pub registration_token: String,
    pub(crate) projects: Vec<ProjectSeed>,
    pub(crate) runners: Vec<(u64, RunnerSeed)>,
    pub(crate) templates: Vec<TemplateSeed>,
    pub(crate) tasks: Vec<TaskSeed>,
}

impl Fleet {
    /// Users `admin` and `dev`, project 1 [`PROJECT`] with `dev` on its team, open source,
    /// version `v2.16.3`, registration token [`REGISTRATION_TOKEN`].
    pub fn standard() -> Fleet {
        Fleet {
            version: "v2.16.3".to_string(),
            pro: false,
            registration_token: REGISTRATION_TOKEN.to_string(),
            projects: vec![ProjectSeed {
                id: 1,
                name: PROJECT.to_string(),
                members: vec![2],
            }],
            runners: Vec::new(),
            templates: Vec::new(),
            tasks: Vec::new(),
        }
    }

    pub fn pro(mut self, yes: bool) -> Fleet {
        self.pro = yes;
        self
    }

    /// Adds a project (only `admin` sees it); returns its id.
    pub fn project(&mut self, name: &str) -> u64 {
        let id = self.projects.len() as u64 + 1;
        self.projects.push(ProjectSeed {
            id,
            name: name.to_string(),
            members: Vec::new(),
        });
        id
    }

    pub fn runner(&mut self, seed: RunnerSeed) -> u64 {
        let id = self.runners.len() as u64 + 1;
        self.runners.push((id, seed));
        id
    }

    pub fn template(&mut self, project: u64, name: &str, runner_tag: Option<&str>) -> u64 {
        let id = self.templates.len() as u64 + 1;
        self.templates.push(TemplateSeed {
            id,
            project_id: project,
            name: name.to_string(),
            runner_tag: runner_tag.map(str::to_string),
        });
        id
    }

    /// A task of a template, created a minute before the server starts.
    pub fn task(&mut self, project: u64, template: u64, status: &str) -> u64 {
        let id = self.tasks.len() as u64 + 1;
        self.tasks.push(TaskSeed {
            id,
            project_id: project,
            template_id: template,
            status: status.to_string(),
        });
        id
    }

    /// [`Fleet::standard`] with a few runners, templates and tasks, for trying commands by hand.
    pub fn demo() -> Fleet {
        let mut fleet = Fleet::standard();
        fleet.runner(
            RunnerSeed::global()
                .name("build-1")
                .touched_ago(Duration::from_secs(5)),
        );
        fleet.runner(
            RunnerSeed::global()
                .name("old-box")
                .touched_ago(Duration::from_secs(3 * 24 * 3600)),
        );
        // What `semaphore runner register` leaves behind until an admin names and enables it.
        fleet.runner(
            RunnerSeed::global()
                .name("")
                .inactive()
                .never_touched()
                .public_key(TEST_PUBLIC_KEY),
        );
        let deploy = fleet.template(1, "deploy", Some("gpu"));
        fleet.task(1, deploy, "waiting");
        let lint = fleet.template(1, "lint", None);
        fleet.task(1, lint, "success");
        fleet
    }
}
