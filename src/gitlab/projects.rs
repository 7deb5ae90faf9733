//! REST reads that GraphQL cannot do: the projects of a group tree with their
//! `group_runners_enabled` setting, protected branches and tags, and the token's own runners.

use std::ops::ControlFlow;

use serde::Deserialize;

use super::client::{Call, Client};
use super::error::ApiError;
use super::runners::RunnerDetails;
use super::types::{Project, RunnerType};
use super::url::encode_id_or_path;
use crate::contact_state::ContactState;

/// A protected branch or tag: only its name (or wildcard) matters here.
#[derive(Debug, Clone, Deserialize)]
struct ProtectedRef {
    name: String,
}

/// An item of `GET /runners` (lib/api/entities/ci/runner.rb): no tags, no contact time.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct RunnerListItem {
    pub id: u64,
    #[serde(default)]
    pub description: Option<String>,
    pub runner_type: RunnerType,
}

/// The REST filters of `GET /runners` (lib/api/ci/runners.rb): `status`, `tag_list`, `paused`.
#[derive(Debug, Clone, Default)]
pub(super) struct RestRunnerFilter {
    pub status: Option<ContactState>,
    pub tags: Vec<String>,
    pub paused: Option<bool>,
}

impl RestRunnerFilter {
    /// The query parameters of `GET /runners`, in the order they are sent.
    pub(super) fn query(&self) -> Vec<(&'static str, String)> {
        let mut query = Vec::new();
        if let Some(status) = self.status {
            query.push(("status", status.as_str().to_string()));
        }
        if !self.tags.is_empty() {
            query.push(("tag_list", self.tags.join(",")));
        }
        if let Some(paused) = self.paused {
            query.push(("paused", paused.to_string()));
        }
        query
    }
}

/// A runner read by id with the owners GitLab lists for it (RunnerDetails' `groups` and
/// `projects`, limited to those the token may see unless it is an administrator's).
#[derive(Debug, Clone)]
pub struct RunnerWithOwners {
    pub details: RunnerDetails,
    /// Full paths of the owning groups. REST's group entity has no `full_path`; it is the
    /// path of `web_url` after `/groups/`.
    pub groups: Vec<String>,
    pub projects: Vec<String>,
}

#[derive(Deserialize)]
struct Owners {
    #[serde(default)]
    groups: Vec<OwnerGroup>,
    #[serde(default)]
    projects: Vec<OwnerProject>,
}

#[derive(Deserialize)]
struct OwnerGroup {
    #[serde(default)]
    web_url: Option<String>,
    #[serde(default)]
    full_path: Option<String>,
}

#[derive(Deserialize)]
struct OwnerProject {
    path_with_namespace: String,
}

/// `https://gitlab.example.com/groups/team/sub` → `team/sub`.
fn group_path_from_web_url(web_url: &str) -> Option<String> {
    let (_, path) = web_url.split_once("/groups/")?;
    let path = path.trim_end_matches('/');
    (!path.is_empty()).then(|| path.to_string())
}

impl Client {
    /// `GET /groups/:id/projects?include_subgroups=true&with_shared=false`, 100 a page: the
    /// projects of the group and its subgroups, not those merely shared with it.
    /// `group_runners_enabled` is set only for projects the token may administer.
    pub fn group_projects(&self, group: &str) -> Result<Vec<Project>, ApiError> {
        let endpoint = format!("/groups/{}/projects", encode_id_or_path(group));
        let action = format!("list the projects of group {group}");
        self.get_all(
            &Call::get(&endpoint, &action)
                .query("include_subgroups", true)
                .query("with_shared", false)
                .query("simple", false)
                .subject(format!("group '{group}'")),
        )
    }

    /// Protected branch names and wildcards of a project.
    pub fn protected_branches(&self, project: &str) -> Result<Vec<String>, ApiError> {
        self.protected_refs(project, "protected_branches")
    }

    /// Protected tag names and wildcards of a project.
    pub fn protected_tags(&self, project: &str) -> Result<Vec<String>, ApiError> {
        self.protected_refs(project, "protected_tags")
    }

    fn protected_refs(&self, project: &str, kind: &str) -> Result<Vec<String>, ApiError> {
        let endpoint = format!("/projects/{}/{kind}", encode_id_or_path(project));
        let action = format!("list the {} of project {project}", kind.replace('_', " "));
        let refs: Vec<ProtectedRef> =
            self.get_all(&Call::get(&endpoint, &action).subject(format!("project '{project}'")))?;
        Ok(refs.into_iter().map(|r| r.name).collect())
    }

    /// `GET /runners`: the runners the token's user owns or manages (`ci_owned_runners`),
    /// filtered by GitLab, `per_page` a page (at most 100), each page to `each` until it
    /// answers `Break` or the pages end.
    pub(super) fn owned_runner_pages(
        &self,
        filter: &RestRunnerFilter,
        per_page: u32,
        each: &mut dyn FnMut(Vec<RunnerListItem>) -> Result<ControlFlow<()>, ApiError>,
    ) -> Result<(), ApiError> {
        let mut call =
            Call::get("/runners", "list your runners").query("per_page", per_page.clamp(1, 100));
        for (key, value) in filter.query() {
            call = call.query(key, value);
        }
        self.get_pages(&call, each)
    }

    /// `GET /runners/:id` with its owning groups and projects.
    pub fn runner_with_owners(&self, id: u64) -> Result<RunnerWithOwners, ApiError> {
        let endpoint = format!("/runners/{id}");
        let action = format!("read runner {id}");
        let value: serde_json::Value =
            self.send(&Call::get(&endpoint, &action).subject(format!("runner {id}")))?;
        let decode = |detail: serde_json::Error| ApiError::Decode {
            action: action.clone(),
            detail: detail.to_string(),
        };
        let details: RunnerDetails = serde_json::from_value(value.clone()).map_err(decode)?;
        let owners: Owners = serde_json::from_value(value).map_err(decode)?;
        Ok(RunnerWithOwners {
            details,
            groups: owners
                .groups
                .into_iter()
                .filter_map(|group| {
                    group
                        .full_path
                        .or_else(|| group.web_url.as_deref().and_then(group_path_from_web_url))
                })
                .collect(),
            projects: owners
                .projects
                .into_iter()
                .map(|project| project.path_with_namespace)
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_path_comes_from_the_web_url() {
        assert_eq!(
            group_path_from_web_url("https://gitlab.example.com/groups/team/sub"),
            Some("team/sub".to_string())
        );
        assert_eq!(
            group_path_from_web_url("https://example.com/gitlab/groups/a/"),
            Some("a".to_string())
        );
        assert_eq!(group_path_from_web_url("https://example.com/a"), None);
    }
}
