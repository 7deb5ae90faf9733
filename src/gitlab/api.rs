//! Typed calls, one per GitLab endpoint runnerctl uses.

use reqwest::Method;

use super::client::{Call, Client};
use super::error::ApiError;
use super::types::{
    AccessTokenInfo, CreatedRunner, Group, Project, RunnerOwner, RunnerSettings, User,
};
use super::url::encode_id_or_path;

/// The scope an administrator's token needs on an instance with Admin Mode on
/// (`Gitlab::Auth::ADMIN_MODE_SCOPE`, lib/gitlab/auth.rb).
pub const ADMIN_MODE_SCOPE: &str = "admin_mode";

impl Client {
    pub fn current_user(&self) -> Result<User, ApiError> {
        self.send(&Call::get("/user", "read the current user"))
    }

    /// A refusal of an administrators-only request. When the token's user is an administrator
    /// (`GET /user` shows `is_admin` from the stored flag, lib/api/users.rb), the refusal can only
    /// come from Admin Mode: the token then acts as an administrator only with the `admin_mode`
    /// scope (lib/api/api_guard.rb, lib/gitlab/auth/current_user_mode.rb).
    pub fn explain_admin_only(&self, error: ApiError) -> ApiError {
        match error {
            ApiError::Forbidden {
                action,
                needed_scope: None,
                message,
            } if self.current_user().ok().and_then(|user| user.is_admin) == Some(true) => {
                ApiError::Forbidden {
                    action,
                    needed_scope: Some(ADMIN_MODE_SCOPE.to_string()),
                    message,
                }
            }
            other => other,
        }
    }

    /// Whether this token acts as an administrator: `GET /runners/all` (administrators only,
    /// `authenticated_as_admin!` in lib/api/ci/runners.rb) for one runner. For an
    /// administrator's token without the `admin_mode` scope on an instance with Admin Mode on,
    /// the error names that scope.
    pub fn check_admin_access(&self) -> Result<(), ApiError> {
        let call = Call::get("/runners/all", "list every runner (administrators only)")
            .query("per_page", 1);
        self.send::<serde_json::Value>(&call)
            .map(drop)
            .map_err(|error| self.explain_admin_only(error))
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
    pub(super) fn create_runner(
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
        let result = self.send(&call);
        match owner {
            // Instance runners are for administrators only.
            RunnerOwner::Instance => result.map_err(|error| self.explain_admin_only(error)),
            _ => result,
        }
    }
}
