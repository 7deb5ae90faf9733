//! What the fake Semaphore holds while it runs.

use anyhow::bail;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::fleet::{ADMIN_TOKEN, Fleet, RunnerSeed, Touched, USER_TOKEN};

/// A runner with everything the server stores, its token and public key among them (the API
/// never answers those; `GET /__fake/runners` does).
#[derive(Debug, Clone, Serialize)]
pub struct Runner {
    pub id: u64,
    pub project_id: Option<u64>,
    pub name: String,
    pub tag: String,
    pub active: bool,
    pub max_parallel_tasks: u32,
    pub webhook: String,
    /// When the runner last polled `GET /api/internal/runners`; `None` = never.
    pub touched: Option<DateTime<Utc>>,
    pub token: String,
    pub public_key: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub id: u64,
    pub username: String,
    pub name: String,
    pub email: String,
    pub admin: bool,
    pub token: String,
    pub created: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub(crate) struct Project {
    pub id: u64,
    pub name: String,
    pub created: DateTime<Utc>,
    pub members: Vec<u64>,
}

#[derive(Debug, Clone)]
pub(crate) struct Template {
    pub id: u64,
    pub project_id: u64,
    pub name: String,
    pub runner_tag: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Task {
    pub id: u64,
    pub project_id: u64,
    pub template_id: u64,
    pub status: String,
    pub created: DateTime<Utc>,
}

/// Task statuses, as in Semaphore's pkg/task_logger/task_logger.go.
pub const TASK_STATUSES: &[&str] = &[
    "waiting",
    "starting",
    "waiting_confirmation",
    "confirmed",
    "running",
    "stopping",
    "stopped",
    "success",
    "error",
];

#[derive(Debug)]
pub struct State {
    pub version: String,
    pub pro: bool,
    /// Empty: self-registration is off (Semaphore refuses every registration then).
    pub registration_token: String,
    pub(crate) users: Vec<User>,
    pub(crate) projects: Vec<Project>,
    pub(crate) runners: Vec<Runner>,
    pub(crate) templates: Vec<Template>,
    pub(crate) tasks: Vec<Task>,
    next_runner_id: u64,
}

/// A runner token as db/sql/runner.go's CreateRunner makes one:
/// `base64.StdEncoding.EncodeToString(securecookie.GenerateRandomKey(32))`, 44 characters.
pub(crate) fn new_token() -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes: [u8; 32] = rand::random();
    let mut out = String::with_capacity(44);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl State {
    pub(crate) fn from_fleet(fleet: &Fleet, now: DateTime<Utc>) -> anyhow::Result<State> {
        let user = |id, username: &str, name: &str, admin, token: &str| User {
            id,
            username: username.to_string(),
            name: name.to_string(),
            email: format!("{username}@example.com"),
            admin,
            token: token.to_string(),
            created: now - chrono::Duration::days(30),
        };
        let mut state = State {
            version: fleet.version.clone(),
            pro: fleet.pro,
            registration_token: fleet.registration_token.clone(),
            users: vec![
                user(1, "admin", "Admin", true, ADMIN_TOKEN),
                user(2, "dev", "Dev", false, USER_TOKEN),
            ],
            projects: fleet
                .projects
                .iter()
                .map(|p| Project {
                    id: p.id,
                    name: p.name.clone(),
                    created: now - chrono::Duration::days(7),
                    members: p.members.clone(),
                })
                .collect(),
            runners: Vec::new(),
            templates: Vec::new(),
            tasks: Vec::new(),
            next_runner_id: 1,
        };
        for (id, seed) in &fleet.runners {
            if let Some(project) = seed.project_id
                && state.project(project).is_none()
            {
                bail!("runner {id} belongs to project {project}, which does not exist");
            }
            state.next_runner_id = *id;
            state.add_runner_at(seed.clone(), now);
        }
        for t in &fleet.templates {
            if state.project(t.project_id).is_none() {
                bail!(
                    "template {} is in project {}, which does not exist",
                    t.id,
                    t.project_id
                );
            }
            state.templates.push(Template {
                id: t.id,
                project_id: t.project_id,
                name: t.name.clone(),
                runner_tag: t.runner_tag.clone(),
            });
        }
        for t in &fleet.tasks {
            if !state
                .templates
                .iter()
                .any(|tpl| tpl.id == t.template_id && tpl.project_id == t.project_id)
            {
                bail!(
                    "task {} names template {} of project {}, which does not exist",
                    t.id,
                    t.template_id,
                    t.project_id
                );
            }
            state.tasks.push(Task {
                id: t.id,
                project_id: t.project_id,
                template_id: t.template_id,
                status: t.status.clone(),
                created: now - chrono::Duration::minutes(1),
            });
        }
        Ok(state)
    }

    pub(crate) fn project(&self, id: u64) -> Option<&Project> {
        self.projects.iter().find(|p| p.id == id)
    }

    pub(crate) fn user_by_token(&self, token: &str) -> Option<&User> {
        self.users.iter().find(|u| u.token == token)
    }

    /// Every runner, by id.
    pub fn runners(&self) -> Vec<Runner> {
        self.runners.clone()
    }

    pub fn runner(&self, id: u64) -> Option<Runner> {
        self.runners.iter().find(|r| r.id == id).cloned()
    }

    pub fn runner_by_token(&self, token: &str) -> Option<Runner> {
        self.runners.iter().find(|r| r.token == token).cloned()
    }

    pub(crate) fn runner_mut(&mut self, id: u64) -> Option<&mut Runner> {
        self.runners.iter_mut().find(|r| r.id == id)
    }

    /// Adds a runner while the server runs; returns its id.
    pub fn add_runner(&mut self, seed: RunnerSeed) -> u64 {
        self.add_runner_at(seed, Utc::now())
    }

    fn add_runner_at(&mut self, seed: RunnerSeed, now: DateTime<Utc>) -> u64 {
        let id = self.next_runner_id;
        self.next_runner_id += 1;
        let touched = match seed.touched {
            Touched::Ago(ago) => Some(now - chrono::Duration::from_std(ago).unwrap_or_default()),
            Touched::Never => None,
        };
        self.runners.push(Runner {
            id,
            project_id: seed.project_id,
            name: seed.name.unwrap_or_else(|| format!("runner-{id}")),
            tag: seed.tag,
            active: seed.active,
            max_parallel_tasks: seed.max_parallel_tasks,
            webhook: seed.webhook,
            touched,
            token: new_token(),
            public_key: seed.public_key,
        });
        id
    }

    /// Removes a runner; whether it existed.
    pub fn delete_runner(&mut self, id: u64) -> bool {
        let before = self.runners.len();
        self.runners.retain(|r| r.id != id);
        self.runners.len() != before
    }

    /// What a runner's poll does: `touched` = now.
    pub fn touch(&mut self, id: u64) {
        if let Some(runner) = self.runner_mut(id) {
            runner.touched = Some(Utc::now());
        }
    }

    /// Changes a task's status (any string; see [`TASK_STATUSES`]).
    pub fn set_task_status(&mut self, task: u64, status: &str) {
        if let Some(task) = self.tasks.iter_mut().find(|t| t.id == task) {
            task.status = status.to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_look_like_base64_of_32_bytes() {
        let token = new_token();
        assert_eq!(token.len(), 44);
        assert!(token.ends_with('='));
        assert!(!token[..43].contains('='));
        assert_ne!(token, new_token());
    }
}
