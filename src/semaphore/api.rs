//! Semaphore UI's routes for runners, projects, templates and tasks (v2.16 api/router.go).

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::client::{Client, Request};
use super::error::SemaphoreError;
use super::types::{
    CreatedRunner, Info, Project, Runner, RunnerFields, Scope, Task, Template, User,
};
use crate::token::{PrivateKey, RunnerToken};
use crate::transport::RetryPolicy;

/// The answer of a create: the runner with its token and key beside it (api/runners.go
/// `addGlobalRunner`, `RunnerWithToken`).
#[derive(Deserialize)]
struct CreatedAnswer {
    #[serde(flatten)]
    runner: Runner,
    #[serde(default)]
    token: String,
    #[serde(default)]
    private_key: String,
}

#[derive(Deserialize)]
struct RegisteredAnswer {
    #[serde(default)]
    token: String,
}

fn runners_path(scope: Scope) -> String {
    match scope {
        Scope::Global => "/api/runners".to_string(),
        Scope::Project(project) => format!("/api/project/{project}/runners"),
    }
}

fn body(fields: &RunnerFields, scope: Scope) -> serde_json::Value {
    json!({
        "name": fields.name,
        "tag": fields.tag,
        "active": fields.active,
        "max_parallel_tasks": fields.max_parallel_tasks,
        "webhook": fields.webhook,
        "project_id": match scope { Scope::Global => None, Scope::Project(id) => Some(id) },
    })
}

/// A project route's 404 on a change: the open-source server lists project runners but has no
/// route to change them (Semaphore Pro's).
fn pro_only(error: SemaphoreError, scope: Scope, action: &str) -> SemaphoreError {
    match (scope, error) {
        (Scope::Project(_), SemaphoreError::NotFound { .. }) => SemaphoreError::NeedsPro {
            action: action.to_string(),
        },
        (_, error) => error,
    }
}

impl Client {
    /// The token's user (`GET /api/user`): whether it is an admin.
    pub fn user(&self) -> Result<User, SemaphoreError> {
        self.json(&Request::get("/api/user".into(), "read the token's user"))
    }

    /// The server's version (`GET /api/info`).
    pub fn info(&self) -> Result<Info, SemaphoreError> {
        self.json(&Request::get(
            "/api/info".into(),
            "read the server's version",
        ))
    }

    /// Every runner of `scope`: the admin list holds global and project runners alike.
    pub fn runners(&self, scope: Scope) -> Result<Vec<Runner>, SemaphoreError> {
        let action = match scope {
            Scope::Global => "list the runners".to_string(),
            Scope::Project(id) => format!("list the runners of project {id}"),
        };
        let mut request = Request::get(runners_path(scope), &action);
        if scope == Scope::Global {
            request = request.admin();
        }
        let runners: Option<Vec<Runner>> = self.json(&request)?;
        Ok(runners.unwrap_or_default())
    }

    pub fn runner(&self, scope: Scope, id: u64) -> Result<Runner, SemaphoreError> {
        let action = format!("read runner {id}");
        let mut request = Request::get(format!("{}/{id}", runners_path(scope)), &action)
            .subject(format!("runner {id}"));
        if scope == Scope::Global {
            request = request.admin();
        }
        self.json(&request)
    }

    /// Creates a runner; its token and private key come back once.
    pub fn create_runner(
        &self,
        scope: Scope,
        fields: &RunnerFields,
    ) -> Result<CreatedRunner, SemaphoreError> {
        let action = format!("create a runner in {scope}");
        let mut request = Request::new(Method::POST, runners_path(scope), &action)
            .body(body(fields, scope))
            .subject(format!("the runners of {scope}"));
        if scope == Scope::Global {
            request = request.admin();
        }
        let answer: CreatedAnswer = self
            .json(&request)
            .map_err(|error| pro_only(error, scope, &action))?;
        if answer.token.trim().is_empty() {
            return Err(SemaphoreError::Decode {
                what: action,
                detail: "the answer has no token".to_string(),
            });
        }
        Ok(CreatedRunner {
            runner: answer.runner,
            token: RunnerToken::new(answer.token.trim()),
            private_key: PrivateKey::new(answer.private_key),
        })
    }

    /// A full update (`PUT`): every field is sent, so the caller starts from the runner's own.
    pub fn update_runner(
        &self,
        scope: Scope,
        id: u64,
        fields: &RunnerFields,
    ) -> Result<(), SemaphoreError> {
        let action = format!("update runner {id}");
        let mut request = Request::new(
            Method::PUT,
            format!("{}/{id}", runners_path(scope)),
            &action,
        )
        .body(body(fields, scope))
        .subject(format!("runner {id}"))
        .retry(RetryPolicy::Idempotent);
        if scope == Scope::Global {
            request = request.admin();
        }
        self.empty(&request)
            .map_err(|error| pro_only(error, scope, &action))
    }

    /// Pauses (`false`) or resumes (`true`) a runner.
    pub fn set_active(&self, scope: Scope, id: u64, active: bool) -> Result<(), SemaphoreError> {
        let action = format!("{} runner {id}", if active { "resume" } else { "pause" });
        let mut request = Request::new(
            Method::POST,
            format!("{}/{id}/active", runners_path(scope)),
            &action,
        )
        .body(json!({ "active": active }))
        .subject(format!("runner {id}"))
        // Setting a flag to a value is idempotent, though sent as a POST.
        .retry(RetryPolicy::Idempotent);
        if scope == Scope::Global {
            request = request.admin();
        }
        self.empty(&request)
            .map_err(|error| pro_only(error, scope, &action))
    }

    pub fn delete_runner(&self, scope: Scope, id: u64) -> Result<(), SemaphoreError> {
        let action = format!("delete runner {id}");
        let mut request = Request::new(
            Method::DELETE,
            format!("{}/{id}", runners_path(scope)),
            &action,
        )
        .subject(format!("runner {id}"));
        if scope == Scope::Global {
            request = request.admin();
        }
        self.empty(&request)
            .map_err(|error| pro_only(error, scope, &action))
    }

    /// A runner registering itself with the server's registration token (no API token):
    /// api/runners/runners.go `RegisterRunner`. The runner it makes has no name and is not
    /// active until an admin sees to it.
    pub fn self_register(
        &self,
        registration_token: &RunnerToken,
        public_key: &str,
        max_parallel_tasks: u32,
        webhook: &str,
    ) -> Result<RunnerToken, SemaphoreError> {
        let action = "register the runner with the registration token";
        let mut request =
            Request::new(Method::POST, "/api/internal/runners".into(), action).body(json!({
                "registration_token": registration_token.expose(),
                "webhook": webhook,
                "max_parallel_tasks": max_parallel_tasks,
                "public_key": public_key,
            }));
        request.authenticated = false;
        let answer = self.exchange(&request)?;
        if matches!(answer.status, 400 | 401 | 403 | 404) && !answer.is_html() {
            return Err(SemaphoreError::RegistrationRefused {
                status: answer.status,
                message: super::error::message_from_body(&answer.text()),
            });
        }
        if !(200..300).contains(&answer.status) {
            return Err(self.rest_error(&answer, &request));
        }
        let registered: RegisteredAnswer = super::client::decode(&answer, action)?;
        if registered.token.trim().is_empty() {
            return Err(SemaphoreError::Decode {
                what: action.to_string(),
                detail: "the answer has no token".to_string(),
            });
        }
        Ok(RunnerToken::new(registered.token.trim()))
    }

    /// The projects the token's user sees.
    pub fn projects(&self) -> Result<Vec<Project>, SemaphoreError> {
        let projects: Option<Vec<Project>> =
            self.json(&Request::get("/api/projects".into(), "list the projects"))?;
        Ok(projects.unwrap_or_default())
    }

    pub fn templates(&self, project: u64) -> Result<Vec<Template>, SemaphoreError> {
        let action = format!("list the templates of project {project}");
        let templates: Option<Vec<Template>> = self.json(
            &Request::get(format!("/api/project/{project}/templates"), &action)
                .subject(format!("project {project}")),
        )?;
        Ok(templates.unwrap_or_default())
    }

    /// The project's most recent tasks (api/projects/tasks.go `GetAllTasks`: up to 1000,
    /// newest first), among them those waiting for a runner.
    pub fn tasks(&self, project: u64) -> Result<Vec<Task>, SemaphoreError> {
        let action = format!("list the tasks of project {project}");
        let tasks: Option<Vec<Task>> = self.json(
            &Request::get(format!("/api/project/{project}/tasks"), &action)
                .subject(format!("project {project}")),
        )?;
        Ok(tasks.unwrap_or_default())
    }
}
