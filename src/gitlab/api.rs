//! Typed calls, one per GitLab endpoint runnerctl uses.

use reqwest::Method;

use super::client::{Call, Client};
use super::error::ApiError;
use super::types::{
    AccessTokenInfo, CreatedRunner, Group, Project, RunnerOwner, RunnerSettings, User,
};
use super::url::encode_id_or_path;

impl Client {
    pub fn current_user(&self) -> Result<User, ApiError> {
        self.send(&Call::get("/user", "read the current user"))
    }

    /// Scopes and expiry of the token in use. Only personal access tokens answer here.
    pub fn access_token_info(&self) -> Result<AccessTokenInfo, ApiError> {
        self.send(&Call::get(
            "/personal_access_tokens/self",
            "read the API token's scopes",
        ))
    }

    /// A group by numeric id or full path.
    pub fn group(&self, id_or_path: &str) -> Result<Group, ApiError> {
        let endpoint = format!("/groups/{}", encode_id_or_path(id_or_path));
        let action = format!("read group {id_or_path}");
        self.send(&Call::get(&endpoint, &action).subject(format!("group '{id_or_path}'")))
    }

    /// A project by numeric id or full path.
    pub fn project(&self, id_or_path: &str) -> Result<Project, ApiError> {
        let endpoint = format!("/projects/{}", encode_id_or_path(id_or_path));
        let action = format!("read project {id_or_path}");
        self.send(&Call::get(&endpoint, &action).subject(format!("project '{id_or_path}'")))
    }

    /// `POST /user/runners`. Retried only on 429: after a 5xx, a timeout or a dropped
    /// connection GitLab may have created the runner (see `ApiError::may_have_run`).
    pub fn create_runner(
        &self,
        owner: RunnerOwner,
        settings: &RunnerSettings,
    ) -> Result<CreatedRunner, ApiError> {
        let mut body = settings.to_json();
        body.insert("runner_type".into(), owner.runner_type().as_str().into());
        match owner {
            RunnerOwner::Instance => {}
            RunnerOwner::Group(id) => {
                body.insert("group_id".into(), id.into());
            }
            RunnerOwner::Project(id) => {
                body.insert("project_id".into(), id.into());
            }
        }
        let call = Call::new(Method::POST, "/user/runners", "create a runner")
            .body(serde_json::Value::Object(body))
            .scope("create_runner (or api)");
        self.send(&call)
    }
}
