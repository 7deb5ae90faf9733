//! The REST calls: who the token is, repositories and organizations, registration tokens,
//! runners and the jobs waiting for one. Routes follow gitea routers/api/v1/api.go and
//! routers/api/v1/shared/runners.go; Forgejo's differences come from [`Flavour`].

use reqwest::Method;
use serde::Deserialize;

use super::client::{Client, Request, route_missing};
use super::error::GiteaError;
use super::flavour::{Capability, ServerKind};
use super::types::{
    ActionRunner, CreatedRunner, GiteaUser, JobWire, Org, RegistrationToken, Repo, RepoWire,
    RunnerWire, Scope, WaitingJob, int64, segment,
};
use crate::token::RunnerToken;
use crate::transport::RetryPolicy;

#[derive(Deserialize)]
struct TokenAnswer {
    token: String,
}

#[derive(Deserialize)]
struct CreatedWire {
    #[serde(deserialize_with = "int64")]
    id: i64,
    uuid: String,
    token: String,
}

impl Client {
    /// The server lacks `capability`: [`GiteaError::NeedsVersion`] naming the first version
    /// that has it, or [`GiteaError::Unsupported`] when none does.
    fn require(&self, capability: Capability, what: &str) -> Result<(), GiteaError> {
        if self.flavour.has(capability) {
            return Ok(());
        }
        Err(match self.flavour.needs(capability) {
            Some(needs) => GiteaError::NeedsVersion {
                what: what.to_string(),
                needs,
            },
            None => GiteaError::Unsupported {
                what: what.to_string(),
                server: self.flavour.kind,
            },
        })
    }

    pub fn current_user(&self) -> Result<GiteaUser, GiteaError> {
        self.json(&Request::get(
            "/api/v1/user".into(),
            "read the token's user",
        ))
    }

    pub fn repo(&self, owner: &str, name: &str) -> Result<Repo, GiteaError> {
        let path = format!("/api/v1/repos/{}/{}", segment(owner), segment(name));
        let request =
            Request::get(path, "read the repository").subject(format!("repository {owner}/{name}"));
        Ok(self.json::<RepoWire>(&request)?.into())
    }

    /// Every repository of an organization.
    pub fn org_repos(&self, org: &str) -> Result<Vec<Repo>, GiteaError> {
        let path = format!("/api/v1/orgs/{}/repos", segment(org));
        let request = Request::get(path, "list the organization's repositories")
            .subject(format!("organization {org}"));
        let repos: Vec<RepoWire> = self.all_pages(&request, None)?;
        Ok(repos.into_iter().map(Repo::from).collect())
    }

    /// Every organization the token's user belongs to.
    pub fn user_orgs(&self) -> Result<Vec<Org>, GiteaError> {
        let request = Request::get("/api/v1/user/orgs".into(), "list the user's organizations");
        self.all_pages(&request, None)
    }

    /// The scope's registration token (the current one, made if there is none: asking twice
    /// gives the same). `POST` from Gitea 1.24 (PR #33873); on 404/405, and on servers before
    /// it, `GET` on the same path; for the instance, last, the old
    /// `GET /api/v1/admin/runners/registration-token` (without `actions/`).
    pub fn registration_token(&self, scope: &Scope) -> Result<RegistrationToken, GiteaError> {
        let action = "get a registration token";
        let path = format!("{}/actions/runners/registration-token", scope.prefix());
        let subject = format!("the registration token of {scope}");
        let read = |request: Request<'_>| {
            self.json::<TokenAnswer>(&request.subject(subject.clone()))
                .map(|answer| RegistrationToken::new(answer.token))
        };
        if self.flavour.registration_token_post() {
            // Not a new token each time: the server hands back the active one, so a retry
            // after a 5xx is safe.
            let post =
                Request::new(Method::POST, path.clone(), action).retry(RetryPolicy::Idempotent);
            match read(post) {
                Err(error) if route_missing(&error) => {}
                other => return other,
            }
        }
        match read(Request::get(path, action)) {
            Err(error) if route_missing(&error) && *scope == Scope::Instance => read(Request::get(
                "/api/v1/admin/runners/registration-token".into(),
                action,
            )),
            other => other,
        }
    }

    /// A runner made in one call (Forgejo 15+, `POST {scope}/actions/runners` with a JSON
    /// body, routers/api/v1/shared/runners.go `RegisterRunner`; it has no labels until a Declare). `None` where the server has no such route
    /// (Gitea, older Forgejo, or a 404/405): the caller then takes a registration token and
    /// registers.
    pub fn create_runner(
        &self,
        scope: &Scope,
        name: &str,
        description: &str,
        ephemeral: bool,
    ) -> Result<Option<CreatedRunner>, GiteaError> {
        if !self.flavour.create_endpoint() {
            return Ok(None);
        }
        let request = Request::new(
            Method::POST,
            format!("{}/actions/runners", scope.prefix()),
            "create a runner",
        )
        // forgejo modules/structs/action.go `RegisterRunnerOptions`: name, description, ephemeral.
        .body(serde_json::json!({
            "name": name,
            "description": description,
            "ephemeral": ephemeral,
        }))
        .subject(scope.to_string());
        match self.json::<CreatedWire>(&request) {
            Ok(created) => Ok(Some(CreatedRunner {
                id: created.id,
                uuid: created.uuid,
                token: RunnerToken::new(created.token),
            })),
            Err(error) if route_missing(&error) => Ok(None),
            Err(error) => Err(error),
        }
    }

    /// Every runner of the scope, every page, each id once (the list is sorted by last
    /// contact, so a page boundary can move while runners poll: gitea
    /// routers/api/v1/shared/runners.go `ListRunners`). Scopes do not inherit: the
    /// instance's list holds every runner, an org's only its own.
    pub fn list_runners(&self, scope: &Scope) -> Result<Vec<ActionRunner>, GiteaError> {
        self.require(Capability::RunnerApi, "listing runners")?;
        let request = Request::get(
            format!("{}/actions/runners", scope.prefix()),
            "list the runners",
        )
        .subject(scope.to_string());
        let wires: Vec<RunnerWire> = self.all_pages(&request, Some("runners"))?;
        let mut seen = std::collections::BTreeSet::new();
        Ok(wires
            .into_iter()
            .map(ActionRunner::from)
            .filter(|runner| seen.insert(runner.id))
            .collect())
    }

    pub fn runner(&self, scope: &Scope, id: i64) -> Result<ActionRunner, GiteaError> {
        self.require(Capability::RunnerApi, "reading a runner")?;
        let request = Request::get(runner_path(scope, id), "read the runner")
            .subject(format!("runner {id} of {scope}"));
        Ok(self.json::<RunnerWire>(&request)?.into())
    }

    pub fn delete_runner(&self, scope: &Scope, id: i64) -> Result<(), GiteaError> {
        self.require(Capability::RunnerApi, "deleting a runner")?;
        let request = Request::new(Method::DELETE, runner_path(scope, id), "delete the runner")
            .subject(format!("runner {id} of {scope}"));
        self.empty(&request)
    }

    /// Pauses (`true`) or resumes a runner: `PATCH … {"disabled"}`, Gitea 1.26+ (PR #36776);
    /// Forgejo has no such route.
    pub fn set_disabled(
        &self,
        scope: &Scope,
        id: i64,
        disabled: bool,
    ) -> Result<ActionRunner, GiteaError> {
        let what = if disabled {
            "pause a runner"
        } else {
            "resume a runner"
        };
        self.require(Capability::Disable, what)?;
        let request = Request::new(Method::PATCH, runner_path(scope, id), what)
            .body(serde_json::json!({ "disabled": disabled }))
            .subject(format!("runner {id} of {scope}"));
        match self.json::<RunnerWire>(&request) {
            Ok(runner) => Ok(runner.into()),
            // A server that reported 1.26 but has no PATCH route (a patched build).
            Err(error)
                if error.status() == Some(405)
                    || matches!(&error, GiteaError::NotFound { message, .. }
                        if !message.to_ascii_lowercase().contains("runner")) =>
            {
                Err(GiteaError::NeedsVersion {
                    what: what.to_string(),
                    needs: "Gitea 1.26".to_string(),
                })
            }
            Err(error) => Err(error),
        }
    }

    /// The jobs of the scope that wait for a runner. Gitea 1.25+: `{scope}/actions/jobs?
    /// status=queued` (the REST API's `queued` is the model's Waiting with no task; its
    /// `waiting` means blocked on other jobs: routers/api/v1/shared/action.go). Forgejo:
    /// `{scope}/actions/runners/jobs`, which lists waiting and running jobs (`null` when
    /// none; v11–v13 answer `null` without a `labels` filter).
    pub fn waiting_jobs(&self, scope: &Scope) -> Result<Vec<WaitingJob>, GiteaError> {
        self.require(Capability::JobList, "listing the jobs waiting for a runner")?;
        match self.flavour.kind {
            ServerKind::Gitea => {
                let request = Request::get(
                    format!("{}/actions/jobs", scope.prefix()),
                    "list the jobs waiting for a runner",
                )
                .query("status", "queued")
                .subject(scope.to_string());
                let jobs: Vec<JobWire> = self.all_pages(&request, Some("jobs"))?;
                Ok(keep_waiting(jobs, &["queued"]))
            }
            ServerKind::Forgejo => {
                let request = Request::get(
                    format!("{}/actions/runners/jobs", scope.prefix()),
                    "list the jobs waiting for a runner",
                )
                .subject(scope.to_string());
                let jobs: Option<Vec<JobWire>> = self.json(&request)?;
                Ok(keep_waiting(
                    jobs.unwrap_or_default(),
                    &["waiting", "queued"],
                ))
            }
        }
    }
}

fn runner_path(scope: &Scope, id: i64) -> String {
    format!("{}/actions/runners/{id}", scope.prefix())
}

fn keep_waiting(jobs: Vec<JobWire>, statuses: &[&str]) -> Vec<WaitingJob> {
    let mut seen = std::collections::BTreeSet::new();
    jobs.into_iter()
        .map(WaitingJob::from)
        .filter(|job| statuses.contains(&job.status.to_ascii_lowercase().as_str()))
        .filter(|job| seen.insert(job.id))
        .collect()
}
