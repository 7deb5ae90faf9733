//! The pending jobs of many projects in few requests, through their active pipelines.
//!
//! `Project.jobs` resolves for one project per query (app/graphql/resolvers/project_jobs_resolver.rb:
//! `extension ::Gitlab::Graphql::Limit::FieldCallCount, limit: 1`), so reading it costs a request
//! per project. But a pending job always sits in a pipeline whose status is `pending` or
//! `running`: `Gitlab::Ci::Status::Composite#status` (lib/gitlab/ci/status/composite.rb) makes a
//! pipeline `pending` when its jobs are only pending, created or skipped, and `running` when any
//! is running or pending otherwise. Neither `Project.pipelines`
//! (app/graphql/resolvers/ci/project_pipelines_resolver.rb) nor `Pipeline.jobs`
//! (app/graphql/resolvers/ci/jobs_resolver.rb) carries that limit, so one `Query.projects(ids:)`
//! query reads the pending jobs of [`PROJECTS_PER_QUERY`] projects.
//!
//! A pipeline's status is written when its jobs are processed, moments after a job turns
//! pending: a job pending for a second or two may not be seen yet, which is no job a doctor
//! is asked about.
//!
//! Complexity, counted as `Types::BaseField` does (see branch_rules.rs; `Project.pipelines`
//! also `calls_gitaly`, 1 more):
//!
//! | field | complexity |
//! | --- | --- |
//! | job `nodes { id name status tags refName createdByTag kind project { fullPath } }` | 1 + 7 + 2 = 10 |
//! | `jobs(statuses: [PENDING], first: 100) { nodes pageInfo { hasNextPage } }` | (10 + 2 + 1) × 2 = 26 |
//! | `pipelines(status: …, first: 20) { nodes { jobs } pageInfo { hasNextPage } }` | (27 + 2 + 1 + 1) × 1.2 = 37 |
//! | project `nodes { id fullPath pending: pipelines running: pipelines }` | 1 + 2 + 74 = 77 |
//! | `projects(ids: …, first: 50)` | (77 + 1) × 1.5 = 117 |
//!
//! well within the 250 GitLab allows anyone. A project with more than 20 active pipelines of
//! one status, or more than 100 pending jobs in one pipeline, says so in `hasNextPage` and is
//! read again with `Project.jobs`; so is a project the answer lacks.

use serde_json::{Value, json};

use super::client::Client;
use super::error::ApiError;
use super::graphql::{GraphqlError, JOB_FIELDS, JobNode, errors_of, job_from_node};

/// Projects asked about per query (its `first`, and the length of its `ids`).
pub const PROJECTS_PER_QUERY: usize = 50;

/// Active pipelines of one status asked for per project.
const PIPELINES_PER_STATUS: u32 = 20;

/// What one query learnt.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PendingJobsOfProjects {
    /// The pending jobs of the projects read in full.
    pub jobs: Vec<JobNode>,
    /// Full paths of the projects to read again one by one with `Project.jobs`: more than one
    /// page of pipelines or jobs, or missing from the answer.
    pub unread: Vec<String>,
}

fn pending_jobs_query(ids: &[u64]) -> String {
    let ids: Vec<String> = ids
        .iter()
        .map(|id| json!(format!("gid://gitlab/Project/{id}")).to_string())
        .collect();
    let pipelines = |alias: &str, status: &str| {
        format!(
            "{alias}: pipelines(status: {status}, first: {PIPELINES_PER_STATUS}) {{ nodes {{ \
             jobs(statuses: [PENDING], first: 100) {{ nodes {{ {JOB_FIELDS} kind }} \
             pageInfo {{ hasNextPage }} }} }} pageInfo {{ hasNextPage }} }}"
        )
    };
    format!(
        "query {{ projects(ids: [{}], first: {PROJECTS_PER_QUERY}) {{ nodes {{ id fullPath {} {} }} }} }}",
        ids.join(", "),
        pipelines("pending", "PENDING"),
        pipelines("running", "RUNNING"),
    )
}

/// The jobs of one project node, or `None` when a page ran over (or the node lacks a field).
fn project_jobs(node: &Value) -> Option<Vec<JobNode>> {
    let mut jobs = Vec::new();
    for alias in ["pending", "running"] {
        let pipelines = node.get(alias).filter(|value| !value.is_null())?;
        if has_next_page(pipelines) {
            return None;
        }
        for pipeline in pipelines.get("nodes")?.as_array()? {
            let pipeline_jobs = pipeline.get("jobs").filter(|value| !value.is_null())?;
            if has_next_page(pipeline_jobs) {
                return None;
            }
            jobs.extend(
                pipeline_jobs
                    .get("nodes")?
                    .as_array()?
                    .iter()
                    // `Project.jobs` lists builds only; a bridge (trigger job) takes no runner.
                    .filter(|job| job.get("kind").and_then(Value::as_str) != Some("BRIDGE"))
                    .filter_map(job_from_node),
            );
        }
    }
    Some(jobs)
}

fn has_next_page(connection: &Value) -> bool {
    connection
        .get("pageInfo")
        .and_then(|info| info.get("hasNextPage"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

/// Sorts the answer's projects into read and unread, by the full paths asked about.
fn pending_jobs_of(data: Option<&Value>, projects: &[(u64, &str)]) -> PendingJobsOfProjects {
    let nodes: Vec<&Value> = data
        .and_then(|data| data.get("projects"))
        .and_then(|projects| projects.get("nodes"))
        .and_then(Value::as_array)
        .map(|nodes| nodes.iter().collect())
        .unwrap_or_default();
    let mut answer = PendingJobsOfProjects::default();
    for (_, path) in projects {
        let node = nodes.iter().find(|node| {
            node.get("fullPath")
                .and_then(Value::as_str)
                .is_some_and(|full_path| full_path.eq_ignore_ascii_case(path))
        });
        match node.and_then(|node| project_jobs(node)) {
            Some(jobs) => answer.jobs.extend(jobs),
            None => answer.unread.push(path.to_string()),
        }
    }
    answer
}

impl Client {
    /// The pending jobs of these projects (id and full path; at most [`PROJECTS_PER_QUERY`]),
    /// in one query. An answer with errors and no projects (an older schema, say) is an error:
    /// the caller then reads the projects one by one.
    pub fn graphql_pending_jobs_of_projects(
        &self,
        projects: &[(u64, &str)],
    ) -> Result<PendingJobsOfProjects, ApiError> {
        let action = format!("list the pending jobs of {} projects", projects.len());
        let ids: Vec<u64> = projects.iter().map(|(id, _)| *id).collect();
        let answer = self.graphql_as(&action, &pending_jobs_query(&ids), json!({}))?;
        let data = answer.get("data").filter(|data| !data.is_null());
        let projects_answered = data
            .and_then(|data| data.get("projects"))
            .is_some_and(|projects| !projects.is_null());
        if !projects_answered {
            let errors = errors_of(&answer).unwrap_or(GraphqlError {
                messages: vec!["the answer has no projects".to_string()],
            });
            return Err(errors.into_api_error(&action));
        }
        Ok(pending_jobs_of(data, projects))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_asks_for_pending_and_running_pipelines_of_each_project() {
        let query = pending_jobs_query(&[1, 22]);
        assert!(query.starts_with(
            "query { projects(ids: [\"gid://gitlab/Project/1\", \"gid://gitlab/Project/22\"], \
             first: 50) { nodes { id fullPath pending: pipelines(status: PENDING, first: 20) {"
        ));
        assert!(query.contains(" running: pipelines(status: RUNNING, first: 20) { "));
        assert!(query.contains("jobs(statuses: [PENDING], first: 100)"));
    }

    fn job(id: u64, project: &str, kind: &str) -> Value {
        json!({"id": format!("gid://gitlab/Ci::Build/{id}"), "name": "build", "status": "PENDING",
               "tags": [], "refName": "main", "createdByTag": false, "kind": kind,
               "project": {"fullPath": project}})
    }

    fn pipelines(jobs: Vec<Value>, more_jobs: bool, more_pipelines: bool) -> Value {
        json!({"nodes": [{"jobs": {"nodes": jobs, "pageInfo": {"hasNextPage": more_jobs}}}],
               "pageInfo": {"hasNextPage": more_pipelines}})
    }

    #[test]
    fn answers_sort_projects_into_read_and_unread() {
        let empty = json!({"nodes": [], "pageInfo": {"hasNextPage": false}});
        let data = json!({"projects": {"nodes": [
            {"fullPath": "team/a", "pending": pipelines(vec![job(1, "team/a", "BUILD"),
                                                           job(2, "team/a", "BRIDGE")], false, false),
             "running": empty},
            {"fullPath": "Team/B", "pending": empty, "running": pipelines(vec![], true, false)},
            {"fullPath": "team/c", "pending": pipelines(vec![], false, true), "running": empty},
            {"fullPath": "team/d", "pending": empty, "running": empty}
        ]}});
        let answer = pending_jobs_of(
            Some(&data),
            &[
                (1, "team/a"),
                (2, "team/b"),
                (3, "team/c"),
                (4, "team/d"),
                (5, "team/e"),
            ],
        );
        let ids: Vec<u64> = answer.jobs.iter().map(|job| job.id).collect();
        assert_eq!(ids, [1], "a bridge takes no runner");
        assert_eq!(answer.unread, ["team/b", "team/c", "team/e"]);
    }
}
