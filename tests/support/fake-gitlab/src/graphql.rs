//! `POST /api/graphql` for the few GitLab types runnerctl reads. Type, field, argument and enum
//! names are GitLab's (app/graphql/types/ci/runner_type.rb, job_type.rb, runner_manager_type.rb,
//! runner_status_enum.rb, runner_membership_filter_enum.rb, project_type.rb, group_type.rb).
//! Errors come back with HTTP 200 and `data` set to null where a field failed, as GitLab does.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_graphql::{
    Context, EmptyMutation, EmptySubscription, Enum, ID, Object, Schema, SimpleObject,
};
use chrono::{DateTime, Utc};

use crate::Shared;
use crate::complexity;
use crate::http::{ApiRequest, ApiResponse};
use crate::rest::{Caller, authenticate, presented_token};
use crate::state::{ContactStatus, GroupMembership, Runner, RunnerType, State, contact_status};

/// GraphQL's `Time` scalar is ISO 8601 to the second (REST adds milliseconds).
fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// GitLab's `default_max_page_size`: `first` above it is capped, and it is the default.
const MAX_PAGE_SIZE: usize = 100;

/// The message of `Gitlab::Graphql::Authorize::AuthorizeResource::RESOURCE_ACCESS_ERROR`.
const ACCESS_ERROR: &str = "The resource that you are attempting to access does not exist or you don't have permission to perform this action";

/// Per request: who asks, when, and how many projects have had `jobs` resolved.
struct RequestData {
    shared: Arc<Shared>,
    caller: Caller,
    now: DateTime<Utc>,
    project_jobs: AtomicUsize,
}

fn data<'a>(ctx: &'a Context<'_>) -> async_graphql::Result<&'a RequestData> {
    ctx.data::<RequestData>()
}

pub(crate) async fn handle(shared: &Arc<Shared>, request: &ApiRequest) -> ApiResponse {
    let now = Utc::now();
    // app/controllers/graphql_controller.rb: no token is an anonymous query (public data only);
    // a token that does not authenticate (unknown, expired, revoked, or without `api`/`read_api`,
    // the scopes of `:graphql_api`) is `401 {"errors":[{"message":"Invalid token"}]}`.
    let caller = if presented_token(request).is_none() {
        Caller {
            user_id: 0,
            admin: false,
            scopes: Vec::new(),
        }
    } else {
        let mut state = shared.state();
        match authenticate(&mut state, request, now) {
            Ok(caller) if caller.scopes.iter().any(|s| s == "api" || s == "read_api") => caller,
            _ => {
                return ApiResponse::json(
                    401,
                    &serde_json::json!({"errors": [{"message": "Invalid token"}]}),
                );
            }
        }
    };
    let Some(body) = request.json_body() else {
        return ApiResponse::json(
            200,
            &serde_json::json!({"errors": [{"message": "Unexpected end of document"}]}),
        );
    };
    let gql_request: async_graphql::Request = match serde_json::from_value(body) {
        Ok(r) => r,
        Err(e) => {
            return ApiResponse::json(
                200,
                &serde_json::json!({"errors": [{"message": e.to_string()}]}),
            );
        }
    };
    let max = complexity::max_complexity(caller.user_id != 0, caller.admin);
    if let Some(cost) = complexity::query_complexity(&gql_request.query, &gql_request.variables)
        && cost > max
    {
        return ApiResponse::json(
            200,
            &serde_json::json!({"errors": [{"message": complexity::too_complex(cost, max)}]}),
        );
    }
    let schema = Schema::build(Query, EmptyMutation, EmptySubscription)
        .limit_depth(20)
        .finish();
    let response = schema
        .execute(gql_request.data(RequestData {
            shared: shared.clone(),
            caller,
            now,
            project_jobs: AtomicUsize::new(0),
        }))
        .await;
    ApiResponse::json(200, &response)
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CiRunnerType")]
#[allow(clippy::enum_variant_names)] // GitLab's enum values are INSTANCE_TYPE, GROUP_TYPE, PROJECT_TYPE
enum CiRunnerType {
    InstanceType,
    GroupType,
    ProjectType,
}

impl From<RunnerType> for CiRunnerType {
    fn from(t: RunnerType) -> Self {
        match t {
            RunnerType::Instance => CiRunnerType::InstanceType,
            RunnerType::Group => CiRunnerType::GroupType,
            RunnerType::Project => CiRunnerType::ProjectType,
        }
    }
}

/// ACTIVE and PAUSED are deprecated filter values GitLab still accepts; `status` never returns
/// them.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CiRunnerStatus")]
enum CiRunnerStatus {
    Active,
    Paused,
    Online,
    Offline,
    Stale,
    NeverContacted,
}

impl From<ContactStatus> for CiRunnerStatus {
    fn from(s: ContactStatus) -> Self {
        match s {
            ContactStatus::Online => CiRunnerStatus::Online,
            ContactStatus::Offline => CiRunnerStatus::Offline,
            ContactStatus::Stale => CiRunnerStatus::Stale,
            ContactStatus::NeverContacted => CiRunnerStatus::NeverContacted,
        }
    }
}

/// The fake runs no jobs, so every runner and manager is IDLE.
#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CiRunnerJobExecutionStatus")]
enum CiRunnerJobExecutionStatus {
    Idle,
    Active,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CiRunnerAccessLevel")]
enum CiRunnerAccessLevel {
    NotProtected,
    RefProtected,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CiRunnerMembershipFilter")]
enum CiRunnerMembershipFilter {
    Direct,
    Descendants,
    AllAvailable,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CiJobStatus")]
enum CiJobStatus {
    Created,
    WaitingForResource,
    Preparing,
    WaitingForCallback,
    Pending,
    Running,
    Success,
    Failed,
    Canceling,
    Canceled,
    Skipped,
    Manual,
    Scheduled,
}

impl CiJobStatus {
    fn as_rest(self) -> &'static str {
        match self {
            CiJobStatus::Created => "created",
            CiJobStatus::WaitingForResource => "waiting_for_resource",
            CiJobStatus::Preparing => "preparing",
            CiJobStatus::WaitingForCallback => "waiting_for_callback",
            CiJobStatus::Pending => "pending",
            CiJobStatus::Running => "running",
            CiJobStatus::Success => "success",
            CiJobStatus::Failed => "failed",
            CiJobStatus::Canceling => "canceling",
            CiJobStatus::Canceled => "canceled",
            CiJobStatus::Skipped => "skipped",
            CiJobStatus::Manual => "manual",
            CiJobStatus::Scheduled => "scheduled",
        }
    }
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "PageInfo")]
struct PageInfo {
    has_next_page: bool,
    has_previous_page: bool,
    start_cursor: Option<String>,
    end_cursor: Option<String>,
}

/// Cursors are opaque to clients; the fake's are the hex of an offset.
fn cursor(offset: usize) -> String {
    format!("{:x}", offset + 1)
}

fn offset_after(after: Option<&str>) -> async_graphql::Result<usize> {
    match after {
        None => Ok(0),
        Some(text) => {
            usize::from_str_radix(text, 16).map_err(|_| "Please provide a valid cursor".into())
        }
    }
}

/// Slices `items` like a GraphQL connection: `first` capped at 100, `after` a cursor.
fn page<T: Clone>(
    items: Vec<T>,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<(Vec<(String, T)>, PageInfo)> {
    let start = offset_after(after.as_deref())?;
    let size = first
        .map(|f| f.clamp(0, MAX_PAGE_SIZE as i32) as usize)
        .unwrap_or(MAX_PAGE_SIZE);
    let total = items.len();
    let slice: Vec<(String, T)> = items
        .into_iter()
        .enumerate()
        .skip(start)
        .take(size)
        .map(|(index, item)| (cursor(index), item))
        .collect();
    let info = PageInfo {
        has_next_page: start + slice.len() < total,
        has_previous_page: start > 0,
        start_cursor: slice.first().map(|(c, _)| c.clone()),
        end_cursor: slice.last().map(|(c, _)| c.clone()),
    };
    Ok((slice, info))
}

macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty) => {
        #[derive(SimpleObject, Clone)]
        struct $edge {
            cursor: String,
            node: $node,
        }

        #[derive(SimpleObject, Clone)]
        struct $connection {
            nodes: Vec<$node>,
            edges: Vec<$edge>,
            page_info: PageInfo,
            count: i32,
        }

        impl $connection {
            fn build(
                items: Vec<$node>,
                first: Option<i32>,
                after: Option<String>,
            ) -> async_graphql::Result<$connection> {
                let count = items.len() as i32;
                let (slice, page_info) = page(items, first, after)?;
                Ok($connection {
                    nodes: slice.iter().map(|(_, n)| n.clone()).collect(),
                    edges: slice
                        .into_iter()
                        .map(|(cursor, node)| $edge { cursor, node })
                        .collect(),
                    page_info,
                    count,
                })
            }
        }
    };
}

connection!(CiRunnerConnection, CiRunnerEdge, CiRunner);
connection!(CiJobConnection, CiJobEdge, CiJob);
connection!(
    CiRunnerManagerConnection,
    CiRunnerManagerEdge,
    CiRunnerManager
);
connection!(ProjectConnection, ProjectEdge, Project);
connection!(GroupConnection, GroupEdge, Group);
connection!(BranchRuleConnection, BranchRuleEdge, BranchRule);
connection!(PipelineConnection, PipelineEdge, Pipeline);

/// GitLab's `BranchRule` (app/graphql/types/projects/branch_rule_type.rb): one per protected
/// branch, `name` with its wildcards. The fake serves the fields that need no repository.
#[derive(SimpleObject, Clone)]
#[graphql(name = "BranchRule")]
struct BranchRule {
    name: String,
    is_protected: bool,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "CiRunnerManager")]
struct CiRunnerManager {
    id: ID,
    system_id: String,
    status: CiRunnerStatus,
    contacted_at: Option<String>,
    created_at: Option<String>,
    version: Option<String>,
    revision: Option<String>,
    platform_name: Option<String>,
    architecture_name: Option<String>,
    ip_address: Option<String>,
    executor_name: Option<String>,
    job_execution_status: Option<CiRunnerJobExecutionStatus>,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "CiRunner")]
struct CiRunner {
    id: ID,
    description: Option<String>,
    runner_type: CiRunnerType,
    paused: bool,
    status: CiRunnerStatus,
    tag_list: Option<Vec<String>>,
    run_untagged: bool,
    access_level: CiRunnerAccessLevel,
    locked: Option<bool>,
    contacted_at: Option<String>,
    created_at: Option<String>,
    maximum_timeout: Option<i32>,
    maintenance_note: Option<String>,
    token_expires_at: Option<String>,
    job_execution_status: Option<CiRunnerJobExecutionStatus>,
    short_sha: Option<String>,
    project_count: Option<i32>,
    projects: Option<ProjectConnection>,
    groups: Option<GroupConnection>,
    managers: Option<CiRunnerManagerConnection>,
}

fn runner_node(
    state: &State,
    caller: &Caller,
    runner: &Runner,
    now: DateTime<Utc>,
) -> async_graphql::Result<CiRunner> {
    let may_update = state.can_manage_runner(caller.user_id, runner);
    let projects: Vec<Project> = runner
        .project_ids
        .iter()
        .filter_map(|id| state.project(*id))
        .map(project_object)
        .collect();
    let groups: Vec<Group> = runner
        .group_id
        .and_then(|id| state.group(id))
        .map(group_object)
        .into_iter()
        .collect();
    let managers: Vec<CiRunnerManager> = runner
        .managers
        .iter()
        .map(|m| CiRunnerManager {
            id: ID(format!("gid://gitlab/Ci::RunnerManager/{}", m.id)),
            system_id: m.system_id.clone(),
            status: contact_status(m.created_at, m.contacted_at, now).into(),
            contacted_at: m.contacted_at.map(time),
            created_at: Some(time(m.created_at)),
            version: m.version.clone(),
            revision: m.revision.clone(),
            platform_name: m.platform.clone(),
            architecture_name: m.architecture.clone(),
            ip_address: None,
            executor_name: None,
            job_execution_status: Some(CiRunnerJobExecutionStatus::Idle),
        })
        .collect();
    Ok(CiRunner {
        id: ID(format!("gid://gitlab/Ci::Runner/{}", runner.id)),
        description: Some(runner.description.clone()),
        runner_type: runner.runner_type.into(),
        paused: runner.paused,
        status: runner.status(now).into(),
        tag_list: Some(runner.tag_list.clone()),
        run_untagged: runner.run_untagged,
        access_level: if runner.access_level == "ref_protected" {
            CiRunnerAccessLevel::RefProtected
        } else {
            CiRunnerAccessLevel::NotProtected
        },
        locked: Some(runner.locked),
        contacted_at: runner.contacted_at.map(time),
        created_at: Some(time(runner.created_at)),
        maximum_timeout: runner
            .maximum_timeout
            .map(|t| t.min(i32::MAX as u64) as i32),
        // `authorize: :update_runner` and `:read_runner_sensitive_data`: null for readers.
        maintenance_note: runner.maintenance_note.clone().filter(|_| may_update),
        token_expires_at: runner.token_expires_at.map(time).filter(|_| may_update),
        job_execution_status: Some(CiRunnerJobExecutionStatus::Idle),
        short_sha: Some(
            runner
                .token
                .chars()
                .skip(if runner.token.starts_with("glrt-") {
                    5
                } else {
                    0
                })
                .take(8)
                .collect(),
        ),
        project_count: (runner.runner_type == RunnerType::Project)
            .then_some(runner.project_ids.len() as i32),
        projects: Some(ProjectConnection::build(projects, None, None)?),
        groups: Some(GroupConnection::build(groups, None, None)?),
        managers: Some(CiRunnerManagerConnection::build(managers, None, None)?),
    })
}

/// The runner filters shared by `Query.runners`, `Group.runners` and `Project.runners`.
struct RunnerFilter {
    runner_type: Option<CiRunnerType>,
    status: Option<CiRunnerStatus>,
    paused: Option<bool>,
    tag_list: Option<Vec<String>>,
}

/// Filters and orders runners newest first (GitLab's default `CREATED_DESC`), then pages.
fn runner_connection(
    state: &State,
    caller: &Caller,
    ids: Vec<u64>,
    filter: RunnerFilter,
    first: Option<i32>,
    after: Option<String>,
    now: DateTime<Utc>,
) -> async_graphql::Result<CiRunnerConnection> {
    let mut runners: Vec<&Runner> = ids
        .iter()
        .filter_map(|id| state.runner(*id))
        .filter(|r| {
            filter
                .runner_type
                .is_none_or(|t| CiRunnerType::from(r.runner_type) == t)
        })
        .filter(|r| match filter.status {
            None => true,
            Some(CiRunnerStatus::Active) => !r.paused,
            Some(CiRunnerStatus::Paused) => r.paused,
            // `with_status`: the SQL scopes, which overlap (app/finders/ci/runners_finder.rb,
            // app/models/concerns/ci/has_runner_status.rb), not the computed `status`.
            Some(CiRunnerStatus::Online) => r.in_status_scope(ContactStatus::Online, now),
            Some(CiRunnerStatus::Offline) => r.in_status_scope(ContactStatus::Offline, now),
            Some(CiRunnerStatus::Stale) => r.in_status_scope(ContactStatus::Stale, now),
            Some(CiRunnerStatus::NeverContacted) => {
                r.in_status_scope(ContactStatus::NeverContacted, now)
            }
        })
        .filter(|r| filter.paused.is_none_or(|p| r.paused == p))
        .filter(|r| {
            filter
                .tag_list
                .as_ref()
                .is_none_or(|tags| tags.iter().all(|t| r.tag_list.contains(t)))
        })
        .collect();
    runners.sort_by_key(|r| std::cmp::Reverse((r.created_at, r.id)));
    let nodes = runners
        .into_iter()
        .map(|r| runner_node(state, caller, r, now))
        .collect::<async_graphql::Result<Vec<_>>>()?;
    CiRunnerConnection::build(nodes, first, after)
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "CiStage")]
struct CiStage {
    name: Option<String>,
}

#[derive(SimpleObject, Clone)]
#[graphql(name = "CiJob")]
struct CiJob {
    id: ID,
    name: Option<String>,
    status: Option<CiJobStatus>,
    tags: Option<Vec<String>>,
    ref_name: Option<String>,
    stage: Option<CiStage>,
    created_by_tag: bool,
    stuck: bool,
    created_at: String,
    project: Option<Project>,
    /// `BUILD` or `BRIDGE` (app/graphql/types/ci/job_kind_enum.rb); the fake has builds only.
    kind: CiJobKind,
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(name = "CiJobKind")]
enum CiJobKind {
    Build,
    Bridge,
}

/// `PipelineStatusEnum` (app/graphql/types/ci/pipeline_status_enum.rb): the pipeline states,
/// spelt as `CiJobStatus` spells the job states.
type PipelineStatusEnum = CiJobStatus;

/// `Pipeline` (app/graphql/types/ci/pipeline_type.rb): the fake groups the jobs of one project,
/// ref and tag-or-branch into one pipeline, whose status is the composite of its jobs' states.
#[derive(Clone)]
struct Pipeline {
    id: u64,
    status: Option<PipelineStatusEnum>,
    job_ids: Vec<u64>,
}

#[Object(name = "Pipeline")]
impl Pipeline {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/Ci::Pipeline/{}", self.id))
    }

    async fn status(&self) -> Option<PipelineStatusEnum> {
        self.status
    }

    /// `Resolvers::Ci::JobsResolver`: the pipeline's jobs (`statuses_order_id_desc`), filtered
    /// by `statuses`; no limit on how many pipelines a query resolves it for.
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        statuses: Option<Vec<CiJobStatus>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<CiJobConnection>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        let jobs: Vec<&crate::state::Job> = state
            .jobs
            .iter()
            .filter(|job| self.job_ids.contains(&job.id))
            .collect();
        job_nodes(&state, jobs, statuses, first, after, data.now).map(Some)
    }
}

/// `Gitlab::Ci::Status::Composite#status` (lib/gitlab/ci/status/composite.rb) for jobs that do
/// not allow failure: the first rule that holds, in GitLab's order.
fn composite_status(statuses: &BTreeSet<&str>) -> Option<&'static str> {
    let only_of = |names: &[&str]| {
        let matching = names.iter().filter(|name| statuses.contains(*name)).count();
        matching > 0 && matching == statuses.len()
    };
    let any_of = |names: &[&str]| names.iter().any(|name| statuses.contains(*name));
    Some(if statuses.is_empty() {
        return None;
    } else if only_of(&["skipped"]) {
        "skipped"
    } else if only_of(&["success", "skipped"]) {
        "success"
    } else if only_of(&["created"]) {
        "created"
    } else if only_of(&["preparing"]) {
        "preparing"
    } else if only_of(&["canceled", "success", "skipped"]) {
        "canceled"
    } else if only_of(&["pending", "created", "skipped"]) {
        "pending"
    } else if any_of(&["running", "pending"]) {
        "running"
    } else if any_of(&["waiting_for_resource"]) {
        "waiting_for_resource"
    } else if any_of(&["manual"]) {
        "manual"
    } else if any_of(&["scheduled"]) {
        "scheduled"
    } else if any_of(&["preparing"]) {
        "preparing"
    } else if any_of(&["created"]) {
        "running"
    } else {
        "failed"
    })
}

/// The project's pipelines, newest first (`Ci::PipelinesFinder` orders by id desc).
fn project_pipelines(state: &State, project_id: u64) -> Vec<Pipeline> {
    let mut pipelines: BTreeMap<(String, bool), Vec<&crate::state::Job>> = BTreeMap::new();
    for job in state.jobs.iter().filter(|job| job.project_id == project_id) {
        pipelines
            .entry((job.ref_name.clone(), job.tag))
            .or_default()
            .push(job);
    }
    let mut pipelines: Vec<Pipeline> = pipelines
        .into_values()
        .map(|jobs| {
            let statuses: BTreeSet<&str> = jobs.iter().map(|job| job.status.as_str()).collect();
            Pipeline {
                id: jobs.iter().map(|job| job.id).min().unwrap_or_default(),
                status: composite_status(&statuses).and_then(job_status),
                job_ids: jobs.iter().map(|job| job.id).collect(),
            }
        })
        .collect();
    pipelines.sort_by_key(|pipeline| std::cmp::Reverse(pipeline.id));
    pipelines
}

fn job_status(text: &str) -> Option<CiJobStatus> {
    [
        CiJobStatus::Created,
        CiJobStatus::WaitingForResource,
        CiJobStatus::Preparing,
        CiJobStatus::WaitingForCallback,
        CiJobStatus::Pending,
        CiJobStatus::Running,
        CiJobStatus::Success,
        CiJobStatus::Failed,
        CiJobStatus::Canceling,
        CiJobStatus::Canceled,
        CiJobStatus::Skipped,
        CiJobStatus::Manual,
        CiJobStatus::Scheduled,
    ]
    .into_iter()
    .find(|s| s.as_rest() == text)
}

fn job_connection(
    state: &State,
    project_id: Option<u64>,
    statuses: Option<Vec<CiJobStatus>>,
    first: Option<i32>,
    after: Option<String>,
    now: DateTime<Utc>,
) -> async_graphql::Result<CiJobConnection> {
    let jobs: Vec<_> = state
        .jobs
        .iter()
        .filter(|j| project_id.is_none_or(|p| j.project_id == p))
        .collect();
    job_nodes(state, jobs, statuses, first, after, now)
}

/// A page of these jobs, newest first, in `statuses` when given.
fn job_nodes(
    state: &State,
    jobs: Vec<&crate::state::Job>,
    statuses: Option<Vec<CiJobStatus>>,
    first: Option<i32>,
    after: Option<String>,
    now: DateTime<Utc>,
) -> async_graphql::Result<CiJobConnection> {
    let mut jobs: Vec<_> = jobs
        .into_iter()
        .filter(|j| {
            statuses
                .as_ref()
                .is_none_or(|s| s.iter().any(|s| s.as_rest() == j.status))
        })
        .collect();
    jobs.sort_by_key(|j| std::cmp::Reverse(j.id));
    let nodes: Vec<CiJob> = jobs
        .into_iter()
        .map(|j| {
            let project = state.project(j.project_id);
            CiJob {
                id: ID(format!("gid://gitlab/Ci::Build/{}", j.id)),
                name: Some(j.name.clone()),
                status: job_status(&j.status),
                tags: Some(j.tag_list.clone()),
                ref_name: Some(j.ref_name.clone()),
                stage: Some(CiStage {
                    name: Some(j.stage.clone()),
                }),
                created_by_tag: j.tag,
                stuck: j.status == "pending" && !state.job_has_online_runner(j, now),
                created_at: time(j.created_at),
                project: project.map(project_object),
                kind: CiJobKind::Build,
            }
        })
        .collect();
    CiJobConnection::build(nodes, first, after)
}

/// GitLab's `CurrentUser` (app/graphql/types/current_user_type.rb, fields of UserInterface).
/// UserInterface has no field telling whether the user is an administrator: read REST
/// `GET /user`, whose `is_admin` only admins get.
#[derive(SimpleObject)]
#[graphql(name = "CurrentUser")]
struct CurrentUser {
    id: ID,
    username: String,
    name: String,
    state: &'static str,
    bot: bool,
}

struct Query;

#[Object]
impl Query {
    async fn current_user(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CurrentUser>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        Ok(state.user(data.caller.user_id).map(|u| CurrentUser {
            id: ID(format!("gid://gitlab/User/{}", u.id)),
            username: u.username.clone(),
            name: u.name.clone(),
            state: "active",
            bot: false,
        }))
    }

    /// Every runner of the instance: administrators only.
    #[allow(clippy::too_many_arguments)]
    async fn runners(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "type")] runner_type: Option<CiRunnerType>,
        status: Option<CiRunnerStatus>,
        paused: Option<bool>,
        tag_list: Option<Vec<String>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<CiRunnerConnection>> {
        let data = data(ctx)?;
        if !data.caller.admin {
            return Err(ACCESS_ERROR.into());
        }
        let state = data.shared.state();
        let ids = state.runners.keys().copied().collect();
        runner_connection(
            &state,
            &data.caller,
            ids,
            RunnerFilter {
                runner_type,
                status,
                paused,
                tag_list,
            },
            first,
            after,
            data.now,
        )
        .map(Some)
    }

    /// Every job of the instance: administrators only; others get an empty list.
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        statuses: Option<Vec<CiJobStatus>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<CiJobConnection>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        if !data.caller.admin {
            return CiJobConnection::build(Vec::new(), first, after).map(Some);
        }
        job_connection(&state, None, statuses, first, after, data.now).map(Some)
    }

    async fn group(
        &self,
        ctx: &Context<'_>,
        full_path: ID,
    ) -> async_graphql::Result<Option<Group>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        Ok(state
            .group_by_path(&full_path)
            .filter(|g| data.caller.admin || state.can_see_group(data.caller.user_id, g.id))
            .map(group_object))
    }

    /// `Resolvers::ProjectsResolver` (`ids`: global ids): the projects the caller can see among
    /// them, by id (`ProjectsFinder`'s default `id_desc`).
    async fn projects(
        &self,
        ctx: &Context<'_>,
        ids: Option<Vec<ID>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<ProjectConnection>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        let wanted: Option<Vec<u64>> = ids.map(|ids| {
            ids.iter()
                .filter_map(|id| id.strip_prefix("gid://gitlab/Project/")?.parse().ok())
                .collect()
        });
        let mut projects: Vec<&crate::state::Project> = state
            .projects
            .iter()
            .filter(|p| wanted.as_ref().is_none_or(|ids| ids.contains(&p.id)))
            .filter(|p| data.caller.admin || state.can_see_project(data.caller.user_id, p.id))
            .collect();
        projects.sort_by_key(|p| std::cmp::Reverse(p.id));
        let projects = projects.into_iter().map(project_object).collect();
        ProjectConnection::build(projects, first, after).map(Some)
    }

    async fn project(
        &self,
        ctx: &Context<'_>,
        full_path: ID,
    ) -> async_graphql::Result<Option<Project>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        Ok(state
            .project_by_path(&full_path)
            .filter(|p| data.caller.admin || state.can_see_project(data.caller.user_id, p.id))
            .map(project_object))
    }
}

#[derive(Clone)]
struct Group {
    id: u64,
    full_path: String,
    name: String,
}

#[Object(name = "Group")]
impl Group {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/Group/{}", self.id))
    }

    async fn full_path(&self) -> ID {
        ID(self.full_path.clone())
    }

    async fn name(&self) -> &str {
        &self.name
    }

    /// Needs `read_group_runners` (Maintainer+ in the fake).
    #[allow(clippy::too_many_arguments)]
    async fn runners(
        &self,
        ctx: &Context<'_>,
        #[graphql(default_with = "CiRunnerMembershipFilter::Descendants")]
        membership: CiRunnerMembershipFilter,
        #[graphql(name = "type")] runner_type: Option<CiRunnerType>,
        status: Option<CiRunnerStatus>,
        paused: Option<bool>,
        tag_list: Option<Vec<String>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<CiRunnerConnection>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        if !data.caller.admin
            && state.group_access(data.caller.user_id, self.id) < crate::fleet::MAINTAINER
        {
            return Err(ACCESS_ERROR.into());
        }
        let membership = match membership {
            CiRunnerMembershipFilter::Direct => GroupMembership::Direct,
            CiRunnerMembershipFilter::Descendants => GroupMembership::Descendants,
            CiRunnerMembershipFilter::AllAvailable => GroupMembership::AllAvailable,
        };
        let ids = state.runners_of_group_membership(self.id, membership);
        runner_connection(
            &state,
            &data.caller,
            ids,
            RunnerFilter {
                runner_type,
                status,
                paused,
                tag_list,
            },
            first,
            after,
            data.now,
        )
        .map(Some)
    }
}

#[derive(Clone)]
struct Project {
    id: u64,
    full_path: String,
    name: String,
    shared_runners_enabled: bool,
}

#[Object(name = "Project")]
impl Project {
    async fn id(&self) -> ID {
        ID(format!("gid://gitlab/Project/{}", self.id))
    }

    async fn full_path(&self) -> ID {
        ID(self.full_path.clone())
    }

    async fn name(&self) -> &str {
        &self.name
    }

    async fn shared_runners_enabled(&self) -> Option<bool> {
        Some(self.shared_runners_enabled)
    }

    /// The runners available to the project; needs Maintainer+.
    #[allow(clippy::too_many_arguments)]
    async fn runners(
        &self,
        ctx: &Context<'_>,
        #[graphql(name = "type")] runner_type: Option<CiRunnerType>,
        status: Option<CiRunnerStatus>,
        paused: Option<bool>,
        tag_list: Option<Vec<String>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<CiRunnerConnection>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        if !data.caller.admin
            && state.project_access(data.caller.user_id, self.id) < crate::fleet::MAINTAINER
        {
            return Err(ACCESS_ERROR.into());
        }
        let ids = state.runners_available_to_project(self.id);
        runner_connection(
            &state,
            &data.caller,
            ids,
            RunnerFilter {
                runner_type,
                status,
                paused,
                tag_list,
            },
            first,
            after,
            data.now,
        )
        .map(Some)
    }

    /// app/graphql/resolvers/projects/branch_rules_resolver.rb: the project's protected branches
    /// sorted by name, each a `Projects::BranchRule` (`protected?` true). `BranchRule` is
    /// `authorize :read_protected_branch`, and a connection drops the nodes the caller may not
    /// read instead of failing: below Guest the list is empty.
    async fn branch_rules(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<BranchRuleConnection>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        let readable = data.caller.admin
            || state.project_access(data.caller.user_id, self.id) >= crate::fleet::GUEST;
        let mut names: Vec<String> = match state.project(self.id) {
            Some(project) if readable => project.protected_branches.clone(),
            _ => Vec::new(),
        };
        names.sort();
        let rules = names
            .into_iter()
            .map(|name| BranchRule {
                name,
                is_protected: true,
            })
            .collect();
        BranchRuleConnection::build(rules, first, after).map(Some)
    }

    /// `Resolvers::Ci::ProjectPipelinesResolver` (`ResolvesPipelines`: `status`, `ref`, `sha`,
    /// `source`): the pipelines of the project, newest first; `Pipeline` is `authorize
    /// :read_pipeline`, so a caller below Reporter sees none. Unlike `jobs`, GitLab resolves it
    /// for any number of projects in one query.
    async fn pipelines(
        &self,
        ctx: &Context<'_>,
        status: Option<PipelineStatusEnum>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<PipelineConnection>> {
        let data = data(ctx)?;
        let state = data.shared.state();
        let readable = data.caller.admin
            || state.project_access(data.caller.user_id, self.id) >= crate::fleet::REPORTER;
        let pipelines = if readable {
            project_pipelines(&state, self.id)
                .into_iter()
                .filter(|pipeline| status.is_none_or(|status| pipeline.status == Some(status)))
                .collect()
        } else {
            Vec::new()
        };
        PipelineConnection::build(pipelines, first, after).map(Some)
    }

    /// GitLab limits this field to one project per query (`complexity`/`calls_gitaly` guard):
    /// a second project gets null and an error.
    async fn jobs(
        &self,
        ctx: &Context<'_>,
        statuses: Option<Vec<CiJobStatus>>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Option<CiJobConnection>> {
        let data = data(ctx)?;
        if data.project_jobs.fetch_add(1, Ordering::SeqCst) >= 1 {
            return Err("\"jobs\" field can be requested only for 1 Project(s) at a time.".into());
        }
        let state = data.shared.state();
        if !data.caller.admin
            && state.project_access(data.caller.user_id, self.id) < crate::fleet::REPORTER
        {
            return Ok(None);
        }
        job_connection(&state, Some(self.id), statuses, first, after, data.now).map(Some)
    }
}

fn project_object(project: &crate::state::Project) -> Project {
    Project {
        id: project.id,
        full_path: project.full_path.clone(),
        name: project.name.clone(),
        shared_runners_enabled: project.shared_runners_enabled,
    }
}

fn group_object(group: &crate::state::Group) -> Group {
    Group {
        id: group.id,
        full_path: group.full_path.clone(),
        name: group.name.clone(),
    }
}
