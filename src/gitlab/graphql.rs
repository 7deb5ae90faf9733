//! Typed bulk reads from GitLab's GraphQL API (`POST /api/graphql`): runners 100 a page with
//! their tags, contact state and owners, and pending jobs.
//!
//! Names are GitLab's, checked in `app/graphql/types` (ci/runner_type.rb, ci/job_type.rb,
//! group_type.rb, project_type.rb, query_type.rb). Every field and argument used here is in
//! GitLab 16.0's schema; the milestone each one arrived in is noted beside the query.
//!
//! GitLab answers a query error with HTTP 200, `{"errors": [{"message": …}]}` and `null` where
//! the field failed (gitlab-facts §16); [`GraphqlError`] turns that into an [`ApiError`].

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{Value, json};

use super::client::Client;
use super::error::ApiError;
use super::runners::contact_state_from_rest;
use super::types::RunnerType;
use crate::contact_state::ContactState;

/// GitLab's `default_max_page_size`: a larger `first` is capped to it.
pub const PAGE_SIZE: u32 = 100;

/// The contact states that split every runner into disjoint sets, one chain of pages each
/// ([`Client::graphql_runners_in_chains`]).
pub const RUNNER_CHAINS: [ContactState; 3] = [
    ContactState::Online,
    ContactState::Offline,
    ContactState::NeverContacted,
];

/// The message of GitLab's `RESOURCE_ACCESS_ERROR`, which a field answers instead of a 403.
const ACCESS_DENIED: &str = "you don't have permission";

/// The runner fields every read selects.
///
/// - `id`, `description`, `runnerType`, `status`, `tagList`, `runUntagged`, `locked`,
///   `contactedAt`, `createdAt`, `projects`: 13.x–14.x.
/// - `paused`: 14.8 (replacing `active`). `accessLevel`: 14.x. `groups`: 15.x.
/// - `status` never says `PAUSED` since 16.0 (the deprecated value is only a filter).
/// - `projects` is a connection with GitLab's default page size, 100: a project runner
///   assigned to more projects than that is seen in its first 100 only.
/// - `managers { count }`: 15.10. `RunnerManagersResolver` batches the managers of every
///   runner on the page in one finder call (app/graphql/resolvers/ci/runner_managers_resolver.rb)
///   and `CountableConnectionType#count` counts them all, so a page answers for each runner what
///   `GET /runners/:id/managers` would, at no request of its own.
const RUNNER_FIELDS: &str = "id description runnerType paused status tagList runUntagged \
     accessLevel locked contactedAt createdAt \
     groups { nodes { fullPath } } \
     projects { nodes { fullPath } } \
     managers { count }";

/// `CiJob` fields: `id`, `name`, `status`, `tags`, `refName`, `createdByTag` and `project`
/// are all in 14.x and later.
pub(super) const JOB_FIELDS: &str = "id name status tags refName createdByTag project { fullPath }";

/// A runner as GraphQL's `CiRunner` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerNode {
    pub id: u64,
    pub description: Option<String>,
    pub runner_type: RunnerType,
    pub paused: bool,
    pub status: ContactState,
    pub tag_list: Vec<String>,
    pub run_untagged: bool,
    /// `not_protected` or `ref_protected`, as REST spells it.
    pub access_level: String,
    pub locked: bool,
    pub contacted_at: Option<DateTime<Utc>>,
    /// When the runner was created: prune's age for a runner that never made contact.
    pub created_at: Option<DateTime<Utc>>,
    /// Full paths of the owning group (a group runner has exactly one).
    pub groups: Vec<String>,
    /// Full paths of the projects a project runner is assigned to, as far as the token sees.
    pub projects: Vec<String>,
    /// How many runner managers (hosts) the runner has; `None` when GitLab did not say.
    pub managers: Option<u64>,
}

/// A job as GraphQL's `CiJob` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobNode {
    pub id: u64,
    pub name: String,
    pub project: String,
    pub ref_name: String,
    pub created_by_tag: bool,
    pub tags: Vec<String>,
}

/// The filters `runners` takes in all three places (`Query`, `Group`, `Project`); each is sent
/// to the server, never applied afterwards.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunnerFilter {
    pub status: Option<ContactState>,
    /// The runner must have all of them.
    pub tags: Vec<String>,
    pub paused: Option<bool>,
    /// `INSTANCE_TYPE`, `GROUP_TYPE` or `PROJECT_TYPE`.
    pub runner_type: Option<RunnerType>,
}

impl RunnerFilter {
    /// The filter as the arguments of a `runners` connection, each after `, `.
    pub(super) fn arguments(&self) -> String {
        let mut arguments = Vec::new();
        if let Some(status) = self.status {
            arguments.push(format!("status: {}", status.as_str().to_ascii_uppercase()));
        }
        if !self.tags.is_empty() {
            // JSON string literals are valid GraphQL string literals.
            let tags: Vec<String> = self.tags.iter().map(|tag| json!(tag).to_string()).collect();
            arguments.push(format!("tagList: [{}]", tags.join(", ")));
        }
        if let Some(paused) = self.paused {
            arguments.push(format!("paused: {paused}"));
        }
        if let Some(runner_type) = self.runner_type {
            arguments.push(format!(
                "type: {}",
                runner_type.as_str().to_ascii_uppercase()
            ));
        }
        arguments
            .into_iter()
            .map(|argument| format!(", {argument}"))
            .collect()
    }
}

/// Where a runners connection hangs in the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerSource<'a> {
    /// `Query.runners`: every runner of the instance; administrators only.
    Instance,
    /// `Group.runners(membership: DESCENDANTS)`: the group's and its subgroups' group runners
    /// and the project runners of every project in the tree (14.x; the default membership).
    GroupDescendants(&'a str),
    /// `Project.runners`: the runners available to the project (its own, its groups' if group
    /// runners are enabled, instance runners if shared runners are enabled).
    Project(&'a str),
}

/// The runners of one source from its chains: every chain's, each runner once (one whose state
/// changed between two chains comes in both), or the first chain's error.
pub fn join_runner_chains(
    chains: impl IntoIterator<Item = Result<Vec<RunnerNode>, ApiError>>,
) -> Result<Vec<RunnerNode>, ApiError> {
    let mut nodes: Vec<RunnerNode> = Vec::new();
    for chain in chains {
        nodes.extend(chain?);
    }
    let mut seen = std::collections::BTreeSet::new();
    nodes.retain(|node| seen.insert(node.id));
    Ok(nodes)
}

/// A GraphQL answer that carried errors where data was needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphqlError {
    pub messages: Vec<String>,
}

impl GraphqlError {
    pub(super) fn into_api_error(self, action: &str) -> ApiError {
        let message = self.messages.join("; ");
        if message.to_ascii_lowercase().contains("timed out") {
            ApiError::QueryTimedOut {
                action: action.to_string(),
                status: 200,
                message,
            }
        } else if message.to_ascii_lowercase().contains(ACCESS_DENIED) {
            ApiError::Forbidden {
                action: action.to_string(),
                needed_scope: None,
                message,
            }
        } else {
            ApiError::Rejected {
                action: action.to_string(),
                status: 200,
                message,
            }
        }
    }
}

/// The `errors` of a GraphQL answer, if any.
pub fn errors_of(answer: &Value) -> Option<GraphqlError> {
    let errors = answer.get("errors")?.as_array()?;
    if errors.is_empty() {
        return None;
    }
    Some(GraphqlError {
        messages: errors
            .iter()
            .map(|error| {
                error
                    .get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown GraphQL error")
                    .to_string()
            })
            .collect(),
    })
}

/// `gid://gitlab/Ci::Runner/42` → 42; `gid://gitlab/Ci::Build/1001` → 1001.
pub fn id_from_gid(gid: &str) -> Option<u64> {
    gid.rsplit('/').next()?.parse().ok()
}

fn node_paths(connection: Option<&Value>) -> Vec<String> {
    connection
        .and_then(|connection| connection.get("nodes"))
        .and_then(Value::as_array)
        .map(|nodes| {
            nodes
                .iter()
                .filter_map(|node| node.get("fullPath").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn parse_runner_type(text: &str) -> Option<RunnerType> {
    match text {
        "INSTANCE_TYPE" => Some(RunnerType::InstanceType),
        "GROUP_TYPE" => Some(RunnerType::GroupType),
        "PROJECT_TYPE" => Some(RunnerType::ProjectType),
        _ => None,
    }
}

fn parse_status(text: &str) -> Option<ContactState> {
    match text {
        "ONLINE" => Some(ContactState::Online),
        "OFFLINE" => Some(ContactState::Offline),
        "STALE" => Some(ContactState::Stale),
        "NEVER_CONTACTED" => Some(ContactState::NeverContacted),
        _ => None,
    }
}

/// One `CiRunner` node; `None` when a field GitLab always sets is missing.
pub fn runner_from_node(node: &Value) -> Option<RunnerNode> {
    let text = |key: &str| node.get(key).and_then(Value::as_str);
    let time = |key: &str| {
        text(key)
            .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
            .map(|at| at.with_timezone(&Utc))
    };
    let contacted_at = time("contactedAt");
    let status = match text("status").and_then(parse_status) {
        Some(status) => status,
        // GitLab before 16.0 could still answer the deprecated PAUSED/ACTIVE; the contact
        // state then follows from contactedAt, as for REST.
        None => contact_state_from_rest(None, contacted_at, Utc::now()),
    };
    Some(RunnerNode {
        id: id_from_gid(text("id")?)?,
        description: text("description").map(str::to_string),
        runner_type: parse_runner_type(text("runnerType")?)?,
        paused: node.get("paused").and_then(Value::as_bool).unwrap_or(false),
        status,
        tag_list: string_list(node.get("tagList")),
        run_untagged: node
            .get("runUntagged")
            .and_then(Value::as_bool)
            .unwrap_or(true),
        access_level: match text("accessLevel") {
            Some("REF_PROTECTED") => "ref_protected".to_string(),
            _ => "not_protected".to_string(),
        },
        locked: node.get("locked").and_then(Value::as_bool).unwrap_or(false),
        contacted_at,
        created_at: time("createdAt"),
        groups: node_paths(node.get("groups")),
        projects: node_paths(node.get("projects")),
        managers: node
            .get("managers")
            .and_then(|managers| managers.get("count"))
            .and_then(Value::as_u64),
    })
}

/// One `CiJob` node; `None` without an id or a project.
pub fn job_from_node(node: &Value) -> Option<JobNode> {
    let text = |key: &str| node.get(key).and_then(Value::as_str);
    Some(JobNode {
        id: id_from_gid(text("id")?)?,
        name: text("name").unwrap_or_default().to_string(),
        project: node
            .get("project")
            .and_then(|project| project.get("fullPath"))
            .and_then(Value::as_str)?
            .to_string(),
        ref_name: text("refName").unwrap_or_default().to_string(),
        created_by_tag: node
            .get("createdByTag")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        tags: string_list(node.get("tags")),
    })
}

#[derive(Deserialize)]
struct PageInfo {
    #[serde(rename = "hasNextPage", default)]
    has_next_page: bool,
    #[serde(rename = "endCursor", default)]
    end_cursor: Option<String>,
}

/// What one page of a connection said: its nodes and where the next page starts.
struct ConnectionPage {
    nodes: Vec<Value>,
    next: Option<String>,
    /// The connection's parent was null without an error: a group or project the token
    /// cannot see (GitLab answers those with null, not an error).
    parent_missing: bool,
}

impl Client {
    /// Walks a connection to its end, 100 a page. `wrap` builds the query for a cursor;
    /// `path` leads from `data` to the connection.
    fn connection_nodes(
        &self,
        action: &str,
        path: &[&str],
        wrap: &dyn Fn(&str) -> String,
    ) -> Result<Vec<Value>, ApiError> {
        let mut nodes = Vec::new();
        self.connection_pages(action, path, wrap, &mut |page| {
            nodes.extend(page);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(nodes)
    }

    /// [`Client::connection_nodes`] a page at a time: each page's nodes go to `each` as they
    /// arrive, and `each` answering `Break` (it has enough) ends the walk there.
    fn connection_pages(
        &self,
        action: &str,
        path: &[&str],
        wrap: &dyn Fn(&str) -> String,
        each: &mut dyn FnMut(Vec<Value>) -> Result<ControlFlow<()>, ApiError>,
    ) -> Result<(), ApiError> {
        let mut after: Option<String> = None;
        loop {
            let after_argument = match &after {
                Some(cursor) => format!(", after: {}", json!(cursor)),
                None => String::new(),
            };
            let page = self.connection_page(action, path, &wrap(&after_argument))?;
            if page.parent_missing {
                return Err(ApiError::NotFound {
                    what: action.to_string(),
                    message: String::new(),
                });
            }
            if each(page.nodes)?.is_break() {
                return Ok(());
            }
            match page.next {
                Some(cursor) if after.as_deref() != Some(cursor.as_str()) => after = Some(cursor),
                _ => return Ok(()),
            }
        }
    }

    fn connection_page(
        &self,
        action: &str,
        path: &[&str],
        query: &str,
    ) -> Result<ConnectionPage, ApiError> {
        let answer = self.graphql_as(action, query, json!({}))?;
        let mut value = answer.get("data");
        for (depth, key) in path.iter().enumerate() {
            value = value.and_then(|v| v.get(*key)).filter(|v| !v.is_null());
            if value.is_none() {
                if let Some(errors) = errors_of(&answer) {
                    return Err(errors.into_api_error(action));
                }
                // A null group or project (depth 0) is one the token cannot see; a null
                // connection below it is an empty answer.
                return Ok(ConnectionPage {
                    nodes: Vec::new(),
                    next: None,
                    parent_missing: depth == 0 && path.len() > 1,
                });
            }
        }
        let connection = value.cloned().unwrap_or(Value::Null);
        let nodes = connection
            .get("nodes")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let info: Option<PageInfo> = connection
            .get("pageInfo")
            .and_then(|info| serde_json::from_value(info.clone()).ok());
        let next = info
            .filter(|info| info.has_next_page)
            .and_then(|info| info.end_cursor);
        Ok(ConnectionPage {
            nodes,
            next,
            parent_missing: false,
        })
    }

    /// Every runner of `source` matching `filter`, to the last page.
    pub fn graphql_runners(
        &self,
        source: RunnerSource<'_>,
        filter: &RunnerFilter,
    ) -> Result<Vec<RunnerNode>, ApiError> {
        let mut runners = Vec::new();
        self.graphql_runner_pages(source, filter, PAGE_SIZE, &mut |page| {
            runners.extend(page);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(runners)
    }

    /// [`Client::graphql_runners`] a page of at most `page_size` (capped at 100) at a time:
    /// each page goes to `each` as it arrives, and `each` answering `Break` ends the reading.
    pub fn graphql_runner_pages(
        &self,
        source: RunnerSource<'_>,
        filter: &RunnerFilter,
        page_size: u32,
        each: &mut dyn FnMut(Vec<RunnerNode>) -> Result<ControlFlow<()>, ApiError>,
    ) -> Result<(), ApiError> {
        let page_size = page_size.clamp(1, PAGE_SIZE);
        let arguments = filter.arguments();
        // The connection sits at `{open}runners({membership}first: …){close}`.
        let (action, path, open, membership, close) = match source {
            RunnerSource::Instance => (
                "list every runner of the instance (administrators only)".to_string(),
                vec!["runners"],
                String::new(),
                "",
                "",
            ),
            RunnerSource::GroupDescendants(group) => (
                format!("list the runners of group {group}"),
                vec!["group", "runners"],
                format!("group(fullPath: {}) {{ ", json!(group)),
                "membership: DESCENDANTS, ",
                " }",
            ),
            RunnerSource::Project(project) => (
                format!("list the runners of project {project}"),
                vec!["project", "runners"],
                format!("project(fullPath: {}) {{ ", json!(project)),
                "",
                " }",
            ),
        };
        let wrap = |after: &str| {
            format!(
                "query {{ {open}runners({membership}first: {page_size}{after}{arguments}) {{ \
                 nodes {{ {RUNNER_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }}{close} }}"
            )
        };
        self.connection_pages(&action, &path, &wrap, &mut |nodes| {
            each(nodes.iter().filter_map(runner_from_node).collect())
        })
        .map_err(|error| match error {
            ApiError::NotFound { .. } => ApiError::NotFound {
                what: match source {
                    RunnerSource::GroupDescendants(group) => format!("group '{group}'"),
                    RunnerSource::Project(project) => format!("project '{project}'"),
                    RunnerSource::Instance => "the runners".to_string(),
                },
                message: String::new(),
            },
            ApiError::Forbidden {
                needed_scope: None, ..
            } if source == RunnerSource::Instance => self.explain_admin_only(error),
            other => other,
        })
    }

    /// Every runner of each source, read as three chains of pages per source that run side by
    /// side within `--concurrency`: one per contact state that splits the runners into disjoint
    /// sets. `online` is `contacted_at` after the 2-hour deadline, `offline` at or before it,
    /// `never_contacted` null (the scopes of app/models/ci/runner.rb that `status:` applies);
    /// `stale` overlaps them and is not used. A chain of N pages becomes about N/3 when the
    /// states are even, for at most two requests more per source (a state with no runner still
    /// answers once). A runner whose state changes between two chains may be read by both
    /// (kept once) or, in the rare case it changes from a chain not yet read to one already
    /// read, by neither: a single chain has the same race with a runner created mid-read.
    /// `on_chain` runs as each chain ends, for progress.
    pub fn graphql_runners_in_chains(
        &self,
        sources: &[RunnerSource<'_>],
        on_chain: impl Fn() + Sync,
    ) -> Vec<Result<Vec<RunnerNode>, ApiError>> {
        let chains: Vec<(usize, ContactState)> = (0..sources.len())
            .flat_map(|index| RUNNER_CHAINS.iter().map(move |status| (index, *status)))
            .collect();
        let mut answers = self
            .fan_out(&chains, |(index, status)| {
                let result = self.graphql_runner_chain(sources[*index], *status);
                on_chain();
                result
            })
            .into_iter();
        sources
            .iter()
            .map(|_| join_runner_chains(answers.by_ref().take(RUNNER_CHAINS.len())))
            .collect()
    }

    /// One chain of [`Client::graphql_runners_in_chains`]: the runners of `source` in `state`.
    pub fn graphql_runner_chain(
        &self,
        source: RunnerSource<'_>,
        state: ContactState,
    ) -> Result<Vec<RunnerNode>, ApiError> {
        let filter = RunnerFilter {
            status: Some(state),
            ..RunnerFilter::default()
        };
        self.graphql_runners(source, &filter)
    }

    /// `Query.jobs(statuses: [PENDING])`: every pending job of the instance. Administrators
    /// only; GitLab answers others with an empty list, not an error.
    pub fn graphql_all_pending_jobs(&self) -> Result<Vec<JobNode>, ApiError> {
        let wrap = |after: &str| {
            format!(
                "query {{ jobs(statuses: [PENDING], first: {PAGE_SIZE}{after}) {{ \
                 nodes {{ {JOB_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }} }}"
            )
        };
        let nodes =
            self.connection_nodes("list the pending jobs of the instance", &["jobs"], &wrap)?;
        Ok(nodes.iter().filter_map(job_from_node).collect())
    }

    /// `Project.jobs(statuses: [PENDING])`: GitLab resolves `jobs` for one project per query,
    /// so this is one request per project (more only past 100 pending jobs).
    pub fn graphql_project_pending_jobs(&self, project: &str) -> Result<Vec<JobNode>, ApiError> {
        let full_path = json!(project).to_string();
        let wrap = |after: &str| {
            format!(
                "query {{ project(fullPath: {full_path}) {{ \
                 jobs(statuses: [PENDING], first: {PAGE_SIZE}{after}) {{ \
                 nodes {{ {JOB_FIELDS} }} pageInfo {{ hasNextPage endCursor }} }} }} }}"
            )
        };
        let action = format!("list the pending jobs of project {project}");
        let nodes = self
            .connection_nodes(&action, &["project", "jobs"], &wrap)
            .map_err(|error| match error {
                ApiError::NotFound { .. } => ApiError::NotFound {
                    what: format!("project '{project}'"),
                    message: String::new(),
                },
                other => other,
            })?;
        Ok(nodes.iter().filter_map(job_from_node).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runner_node_maps_every_field() {
        let node = json!({
            "id": "gid://gitlab/Ci::Runner/42",
            "description": "build-01",
            "runnerType": "PROJECT_TYPE",
            "paused": true,
            "status": "NEVER_CONTACTED",
            "tagList": ["gpu", "linux"],
            "runUntagged": false,
            "accessLevel": "REF_PROTECTED",
            "locked": true,
            "contactedAt": null,
            "groups": {"nodes": []},
            "projects": {"nodes": [{"fullPath": "team/app"}, {"fullPath": "team/web"}]}
        });
        let runner = runner_from_node(&node).expect("maps");
        assert_eq!(runner.id, 42);
        assert_eq!(runner.runner_type, RunnerType::ProjectType);
        assert!(runner.paused);
        assert_eq!(runner.status, ContactState::NeverContacted);
        assert_eq!(runner.tag_list, ["gpu", "linux"]);
        assert!(!runner.run_untagged);
        assert_eq!(runner.access_level, "ref_protected");
        assert_eq!(runner.projects, ["team/app", "team/web"]);
        assert!(runner.groups.is_empty());
    }

    #[test]
    fn chains_join_each_runner_once_or_give_the_first_error() {
        let runner = |id: u64| {
            runner_from_node(&json!({"id": format!("gid://gitlab/Ci::Runner/{id}"),
                                     "runnerType": "GROUP_TYPE", "status": "ONLINE"}))
            .expect("maps")
        };
        let joined = join_runner_chains([Ok(vec![runner(1), runner(2)]), Ok(vec![runner(2)])])
            .expect("joined");
        let ids: Vec<u64> = joined.iter().map(|node| node.id).collect();
        assert_eq!(ids, [1, 2]);
        let refused = |what: &str| ApiError::NotFound {
            what: what.to_string(),
            message: String::new(),
        };
        let failed = join_runner_chains([
            Ok(vec![runner(1)]),
            Err(refused("first")),
            Err(refused("second")),
        ]);
        assert!(matches!(failed, Err(ApiError::NotFound { what, .. }) if what == "first"));
    }

    #[test]
    fn runner_node_without_id_or_type_is_skipped() {
        assert_eq!(runner_from_node(&json!({"runnerType": "GROUP_TYPE"})), None);
        assert_eq!(
            runner_from_node(&json!({"id": "gid://gitlab/Ci::Runner/1", "runnerType": "X"})),
            None
        );
    }

    #[test]
    fn job_node_maps_ref_tags_and_project() {
        let node = json!({
            "id": "gid://gitlab/Ci::Build/1001",
            "name": "build",
            "status": "PENDING",
            "tags": ["gpu"],
            "refName": "v1.0",
            "createdByTag": true,
            "project": {"fullPath": "team/app"}
        });
        let job = job_from_node(&node).expect("maps");
        assert_eq!(job.id, 1001);
        assert_eq!(job.project, "team/app");
        assert!(job.created_by_tag);
        assert_eq!(job.tags, ["gpu"]);
    }

    #[test]
    fn filters_become_graphql_arguments() {
        let filter = RunnerFilter {
            status: Some(ContactState::NeverContacted),
            tags: vec!["gpu".into(), "a\"b".into()],
            paused: Some(false),
            runner_type: Some(RunnerType::GroupType),
        };
        assert_eq!(
            filter.arguments(),
            ", status: NEVER_CONTACTED, tagList: [\"gpu\", \"a\\\"b\"], paused: false, type: GROUP_TYPE"
        );
        assert_eq!(RunnerFilter::default().arguments(), "");
    }

    #[test]
    fn access_errors_become_forbidden() {
        let answer = json!({"data": {"runners": null}, "errors": [{"message":
            "The resource that you are attempting to access does not exist or you don't have permission to perform this action"}]});
        let error = errors_of(&answer).expect("errors").into_api_error("list");
        assert_eq!(error.status(), Some(403));
    }
}
