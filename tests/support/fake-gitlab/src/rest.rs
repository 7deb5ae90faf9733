//! REST v4 handlers. Each follows the GitLab source file named on it; where the fake simplifies,
//! the comment says how.

use chrono::{DateTime, SecondsFormat, Utc};
use percent_encoding::percent_decode_str;
use serde_json::{Value, json};

use crate::Shared;
use crate::fleet::{GUEST, MAINTAINER, OWNER, REPORTER};
use crate::http::{ApiRequest, ApiResponse, Invalid};
use crate::pagination::paginate;
use crate::state::{ContactStatus, Job, Project, Runner, RunnerType, State};

/// `Rack::OAuth2::Server::Resource::ErrorMethods::DEFAULT_DESCRIPTION[:insufficient_scope]`,
/// which lib/api/api_guard.rb puts in the 403 body.
const INSUFFICIENT_SCOPE_DESCRIPTION: &str =
    "The request requires higher privileges than provided by the access token.";

pub(crate) fn time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn opt_time(at: Option<DateTime<Utc>>) -> Value {
    at.map(|at| Value::String(time(at))).unwrap_or(Value::Null)
}

/// The authenticated user behind a personal access token.
pub(crate) struct Caller {
    pub user_id: u64,
    pub admin: bool,
    pub scopes: Vec<String>,
}

impl Caller {
    fn has_any_scope(&self, allowed: &[&str]) -> bool {
        self.scopes.iter().any(|s| allowed.contains(&s.as_str()))
    }
}

fn unauthorized() -> ApiResponse {
    ApiResponse::message(401, "401 Unauthorized")
}

/// `Rack::OAuth2::Server::Resource::Bearer::Unauthorized` with `invalid_token`, as api_guard.rb
/// answers expired and revoked tokens.
fn invalid_token(description: &str) -> ApiResponse {
    ApiResponse::json(
        401,
        &json!({ "error": "invalid_token", "error_description": description }),
    )
    .with_header(
        "www-authenticate",
        format!(
            "Bearer realm=\"The API\", error=\"invalid_token\", error_description=\"{description}\""
        ),
    )
}

/// The 403 of `Gitlab::Auth::InsufficientScopeError` (lib/api/api_guard.rb): `scope` lists the
/// scopes that would have been accepted, space-separated.
fn insufficient_scope(allowed: &[&str]) -> ApiResponse {
    ApiResponse::json(
        403,
        &json!({
            "error": "insufficient_scope",
            "error_description": INSUFFICIENT_SCOPE_DESCRIPTION,
            "scope": allowed.join(" "),
        }),
    )
}

fn forbidden(reason: Option<&str>) -> ApiResponse {
    match reason {
        Some(reason) => ApiResponse::message(403, &format!("403 Forbidden - {reason}")),
        None => ApiResponse::message(403, "403 Forbidden"),
    }
}

fn not_found(what: &str) -> ApiResponse {
    ApiResponse::message(404, &format!("404 {what} Not Found"))
}

fn bad_request(reason: &str) -> ApiResponse {
    ApiResponse::message(400, &format!("400 Bad request - {reason}"))
}

/// The token from `PRIVATE-TOKEN`, `private_token`, or `Authorization: Bearer`
/// (lib/gitlab/auth/auth_finders.rb).
pub(crate) fn presented_token(request: &ApiRequest) -> Option<String> {
    if let Some(token) = request.header("private-token") {
        return Some(token.to_string());
    }
    if let Some(token) = request.string("private_token") {
        return Some(token);
    }
    let authorization = request.header("authorization")?;
    let (scheme, token) = authorization.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

pub(crate) fn authenticate(
    state: &mut State,
    request: &ApiRequest,
    now: DateTime<Utc>,
) -> Result<Caller, ApiResponse> {
    let Some(presented) = presented_token(request) else {
        return Err(unauthorized());
    };
    let Some(token) = state.tokens.iter_mut().find(|t| t.token == presented) else {
        return Err(unauthorized());
    };
    if token.revoked {
        return Err(invalid_token(
            "Token was revoked. You have to re-authorize from the user.",
        ));
    }
    if token.expired(now) {
        return Err(invalid_token(
            "Token is expired. You can either do re-authorization or token refresh.",
        ));
    }
    token.last_used_at = Some(now);
    let (user_id, scopes) = (token.user_id, token.scopes.clone());
    let Some(user) = state.user(user_id) else {
        return Err(unauthorized());
    };
    // With Admin Mode on, an administrator acts as one only with a token that has the
    // `admin_mode` scope (lib/api/api_guard.rb `bypass_session_for_admin_mode?`); otherwise
    // `can_admin_all_resources?` is false and every admin-only check answers as for anyone else
    // (lib/gitlab/auth/current_user_mode.rb).
    let admin = user.admin && (!state.admin_mode || scopes.iter().any(|s| s == "admin_mode"));
    let refused = (user.admin && !admin).then_some(user_id);
    state.admin_mode_refused = refused;
    Ok(Caller {
        user_id,
        admin,
        scopes,
    })
}

/// Dispatches a request under `/api/`.
pub(crate) fn handle(shared: &Shared, request: &ApiRequest) -> ApiResponse {
    let now = Utc::now();
    let base_url = request
        .header("host")
        .map(|h| format!("http://{h}"))
        .unwrap_or_default();
    let Some(rest) = request.raw_path.strip_prefix("/api/v4/") else {
        return route_not_found();
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let method = request.method.as_str();
    let mut state = shared.state();
    let state = &mut *state;

    // Runner-token endpoints (lib/api/ci/runner.rb): the runner token is the credential.
    match (method, segments.as_slice()) {
        ("POST", ["runners", "verify"]) => return runner_verify(state, request, now),
        ("DELETE", ["runners"]) => return runner_delete_by_token(state, request),
        ("DELETE", ["runners", "managers"]) => {
            return runner_delete_manager(state, request, now);
        }
        ("POST", ["runners", "reset_authentication_token"]) => {
            return runner_reset_by_token(state, request);
        }
        _ => {}
    }

    let known_route = matches!(
        (method, segments.as_slice()),
        ("GET", ["user"])
            | ("GET", ["personal_access_tokens", "self"])
            | ("GET", ["version"])
            | ("POST", ["user", "runners"])
            | ("GET", ["runners"])
            | ("GET", ["runners", "all"])
            | ("GET" | "PUT" | "DELETE", ["runners", _])
            | ("GET", ["runners", _, "managers"])
            | ("POST", ["runners", _, "reset_authentication_token"])
            | ("GET", ["groups", _])
            | (
                "GET",
                ["groups", _, "projects" | "descendant_groups" | "runners"]
            )
            | ("GET", ["projects", _])
            | (
                "GET",
                [
                    "projects",
                    _,
                    "runners" | "jobs" | "protected_branches" | "protected_tags"
                ]
            )
    );
    if !known_route {
        return route_not_found();
    }
    let caller = match authenticate(state, request, now) {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let runner_id_route = matches!(segments.as_slice(), ["runners", id, ..] if *id != "all");
    let allowed: &[&str] = match (method, segments.as_slice()) {
        ("GET", ["user"]) => &["api", "read_api", "read_user"],
        // Any valid token may describe itself.
        ("GET", ["personal_access_tokens", "self"]) => &[],
        ("GET", ["version"]) => &["api", "read_api", "read_user"],
        ("POST", ["user", "runners"]) => &["api", "create_runner"],
        ("GET", _) if runner_id_route => &["api", "read_api", "manage_runner"],
        (_, _) if runner_id_route => &["api", "manage_runner"],
        ("GET", _) => &["api", "read_api"],
        _ => &["api"],
    };
    if !allowed.is_empty() && !caller.has_any_scope(allowed) {
        return insufficient_scope(allowed);
    }

    let result = match (method, segments.as_slice()) {
        ("GET", ["user"]) => Ok(current_user(state, &caller)),
        // lib/api/version.rb: any authenticated user; without a token, 401 as every route.
        ("GET", ["version"]) => Ok(ApiResponse::json(
            200,
            &serde_json::json!({"version": "17.11.0-ee", "revision": "fake", "kas": {"enabled": false}, "enterprise": true}),
        )),
        ("GET", ["personal_access_tokens", "self"]) => Ok(token_self(state, request)),
        ("POST", ["user", "runners"]) => create_runner(state, &caller, request, now),
        ("GET", ["runners"]) => list_runners(
            state,
            request,
            &base_url,
            state.owned_runners(caller.user_id),
            true,
            now,
        ),
        ("GET", ["runners", "all"]) => {
            if !caller.admin {
                return forbidden(None);
            }
            let all = state.runners.keys().copied().collect();
            list_runners(state, request, &base_url, all, true, now)
        }
        ("GET", ["runners", id]) => with_runner(state, id, |state, runner| {
            show_runner(state, &caller, runner, now)
        }),
        ("PUT", ["runners", id]) => update_runner(state, &caller, id, request, now),
        ("DELETE", ["runners", id]) => delete_runner(state, &caller, id),
        ("GET", ["runners", id, "managers"]) => with_runner(state, id, |state, runner| {
            runner_managers(state, &caller, runner, now)
        }),
        ("POST", ["runners", id, "reset_authentication_token"]) => {
            reset_runner_token(state, &caller, id)
        }
        ("GET", ["groups", id]) => find_group(state, &caller, id)
            .map(|g| ApiResponse::json(200, &group_json(state, g, &base_url))),
        ("GET", ["groups", id, "projects"]) => {
            group_projects(state, &caller, id, request, &base_url)
        }
        ("GET", ["groups", id, "descendant_groups"]) => {
            descendant_groups(state, &caller, id, request, &base_url)
        }
        ("GET", ["groups", id, "runners"]) => {
            group_runners(state, &caller, id, request, &base_url, now)
        }
        ("GET", ["projects", id]) => find_project(state, &caller, id)
            .map(|p| ApiResponse::json(200, &project_json(state, &caller, p, &base_url))),
        ("GET", ["projects", id, "runners"]) => {
            project_runners(state, &caller, id, request, &base_url, now)
        }
        ("GET", ["projects", id, "jobs"]) => project_jobs(state, &caller, id, request, &base_url),
        ("GET", ["projects", id, "protected_branches"]) => {
            protected_refs(state, &caller, id, request, &base_url, false)
        }
        ("GET", ["projects", id, "protected_tags"]) => {
            protected_refs(state, &caller, id, request, &base_url, true)
        }
        _ => Err(route_not_found()),
    };
    result.unwrap_or_else(|error| error)
}

/// Grape's catch-all route (lib/api/api.rb): `{"error": "404 Not Found"}`.
fn route_not_found() -> ApiResponse {
    ApiResponse::error(404, "404 Not Found")
}

type Answer = Result<ApiResponse, ApiResponse>;

fn parse_runner_id(id: &str) -> Result<u64, ApiResponse> {
    // `requires :id, type: Integer`: Grape rejects anything else before the handler.
    id.parse()
        .map_err(|_| ApiResponse::error(400, "id is invalid"))
}

fn with_runner(state: &State, id: &str, f: impl FnOnce(&State, &Runner) -> Answer) -> Answer {
    let id = parse_runner_id(id)?;
    let runner = state.runner(id).ok_or_else(|| not_found("Runner"))?;
    f(state, runner)
}

// ---- users and tokens (lib/api/users.rb, lib/api/personal_access_tokens/self_information.rb)

fn current_user(state: &State, caller: &Caller) -> ApiResponse {
    let Some(user) = state.user(caller.user_id) else {
        return unauthorized();
    };
    let mut body = json!({
        "id": user.id,
        "username": user.username,
        "name": user.name,
        "state": "active",
        "locked": false,
        "avatar_url": null,
        "web_url": format!("https://gitlab.example.com/{}", user.username),
        "created_at": "2020-01-01T00:00:00.000Z",
        "bot": false,
    });
    // Entities::UserWithAdmin: only admins see `is_admin` (about themselves).
    if user.admin {
        body["is_admin"] = Value::Bool(true);
    }
    ApiResponse::json(200, &body)
}

fn token_self(state: &State, request: &ApiRequest) -> ApiResponse {
    let presented = presented_token(request).unwrap_or_default();
    let Some(token) = state.token(&presented) else {
        return unauthorized();
    };
    ApiResponse::json(
        200,
        &json!({
            "id": token.id,
            "name": token.name,
            "revoked": token.revoked,
            "created_at": time(token.created_at),
            "description": null,
            "scopes": token.scopes,
            "user_id": token.user_id,
            "last_used_at": opt_time(token.last_used_at),
            "active": !token.revoked && !token.expired(Utc::now()),
            "expires_at": token.expires_at.map(|d| d.format("%Y-%m-%d").to_string()),
        }),
    )
}

// ---- runners (lib/api/user_runners.rb, lib/api/ci/runners.rb, lib/api/entities/ci/*)

fn runner_json(runner: &Runner, now: DateTime<Utc>) -> Value {
    json!({
        "id": runner.id,
        "description": runner.description,
        "ip_address": null,
        "active": !runner.paused,
        "paused": runner.paused,
        "is_shared": runner.runner_type == RunnerType::Instance,
        "runner_type": runner.runner_type.as_str(),
        "name": null,
        "online": runner.online(now),
        "created_at": time(runner.created_at),
        "status": runner.rest_status(now),
        "job_execution_status": "idle",
    })
}

fn runner_details_json(
    state: &State,
    caller: &Caller,
    runner: &Runner,
    now: DateTime<Utc>,
) -> Value {
    let mut body = runner_json(runner, now);
    let latest = runner.latest_manager();
    let can_update = state.can_manage_runner(caller.user_id, runner);
    let projects: Vec<Value> = runner
        .project_ids
        .iter()
        .filter_map(|id| state.project(*id))
        .filter(|p| caller.admin || state.can_see_project(caller.user_id, p.id))
        .map(|p| {
            json!({
                "id": p.id,
                "description": null,
                "name": p.name,
                "name_with_namespace": p.full_path.replace('/', " / "),
                "path": p.path,
                "path_with_namespace": p.full_path,
                "created_at": time(p.created_at),
            })
        })
        .collect();
    let groups: Vec<Value> = runner
        .group_id
        .and_then(|id| state.group(id))
        .filter(|g| caller.admin || state.can_see_group(caller.user_id, g.id))
        .map(|g| json!({ "id": g.id, "web_url": format!("https://gitlab.example.com/groups/{}", g.full_path), "name": g.name }))
        .into_iter()
        .collect();
    let extra = json!({
        "tag_list": runner.tag_list,
        "run_untagged": runner.run_untagged,
        "locked": runner.locked,
        "maximum_timeout": runner.maximum_timeout,
        "access_level": runner.access_level,
        "version": latest.and_then(|m| m.version.clone()),
        "revision": latest.and_then(|m| m.revision.clone()),
        "platform": latest.and_then(|m| m.platform.clone()),
        "architecture": latest.and_then(|m| m.architecture.clone()),
        "contacted_at": opt_time(runner.contacted_at),
        "maintenance_note": if can_update { runner.maintenance_note.clone() } else { None },
        "projects": projects,
        "groups": groups,
    });
    if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    body
}

/// Validations of app/models/ci/runner.rb shared by create and update; the messages are the
/// model's full messages.
fn validate_runner(runner: &Runner) -> Vec<(&'static str, &'static str)> {
    let mut errors = Vec::new();
    if !runner.run_untagged && runner.tag_list.is_empty() {
        errors.push((
            "tags_list",
            "can not be empty when runner is not allowed to pick untagged jobs",
        ));
    }
    if runner.maximum_timeout.is_some_and(|t| t < 600) {
        errors.push(("maximum_timeout", "needs to be at least 10 minutes"));
    }
    if runner.tag_list.len() > 50 {
        errors.push((
            "tags_list",
            "Too many tags specified. Please limit the number of tags to 50",
        ));
    }
    if runner
        .maintenance_note
        .as_ref()
        .is_some_and(|n| n.chars().count() > 1024)
    {
        errors.push((
            "maintenance_note",
            "is too long (maximum is 1024 characters)",
        ));
    }
    errors
}

fn full_message(attribute: &str, message: &str) -> String {
    let mut words = attribute.replace('_', " ");
    if let Some(first) = words.get(0..1) {
        let upper = first.to_ascii_uppercase();
        words.replace_range(0..1, &upper);
    }
    if message.starts_with(char::is_uppercase) {
        message.to_string()
    } else {
        format!("{words} {message}")
    }
}

struct RunnerParams {
    description: Option<String>,
    paused: Option<bool>,
    locked: Option<bool>,
    run_untagged: Option<bool>,
    tag_list: Option<Vec<String>>,
    access_level: Option<String>,
    maximum_timeout: Option<i64>,
    maintenance_note: Option<String>,
}

fn runner_params(request: &ApiRequest) -> Result<RunnerParams, ApiResponse> {
    let invalid = |e: Invalid| e.response();
    let access_level = request.string("access_level");
    if let Some(level) = &access_level
        && level != "not_protected"
        && level != "ref_protected"
    {
        return Err(ApiResponse::error(
            400,
            "access_level does not have a valid value",
        ));
    }
    let mut tag_list = request.list("tag_list");
    if let Some(tags) = &mut tag_list {
        // acts_as_taggable keeps the first of duplicate tags.
        let mut seen = Vec::new();
        tags.retain(|t| {
            let fresh = !seen.contains(t);
            seen.push(t.clone());
            fresh
        });
    }
    Ok(RunnerParams {
        description: request.string("description"),
        paused: request.boolean("paused").map_err(invalid)?,
        locked: request.boolean("locked").map_err(invalid)?,
        run_untagged: request.boolean("run_untagged").map_err(invalid)?,
        tag_list,
        access_level,
        maximum_timeout: request.integer("maximum_timeout").map_err(invalid)?,
        maintenance_note: request.string("maintenance_note"),
    })
}

fn apply_params(runner: &mut Runner, params: RunnerParams) {
    if let Some(description) = params.description {
        runner.description = description;
    }
    if let Some(paused) = params.paused {
        runner.paused = paused;
    }
    if let Some(locked) = params.locked {
        runner.locked = locked;
    }
    if let Some(run_untagged) = params.run_untagged {
        runner.run_untagged = run_untagged;
    }
    if let Some(tags) = params.tag_list {
        runner.tag_list = tags;
    }
    if let Some(level) = params.access_level {
        runner.access_level = level;
    }
    if let Some(timeout) = params.maximum_timeout {
        runner.maximum_timeout = Some(timeout.max(0) as u64);
    }
    if let Some(note) = params.maintenance_note {
        runner.maintenance_note = Some(note);
    }
}

/// POST /user/runners (lib/api/user_runners.rb, Ci::Runners::CreateRunnerService).
fn create_runner(
    state: &mut State,
    caller: &Caller,
    request: &ApiRequest,
    now: DateTime<Utc>,
) -> Answer {
    let Some(runner_type) = request.string("runner_type") else {
        return Err(ApiResponse::error(400, "runner_type is missing"));
    };
    let Some(runner_type) = RunnerType::parse(&runner_type) else {
        return Err(ApiResponse::error(
            400,
            "runner_type does not have a valid value",
        ));
    };
    let id_param = |name: &str| -> Result<Option<i64>, ApiResponse> {
        match request.integer(name) {
            Ok(None) => Err(ApiResponse::error(400, &format!("{name} is missing"))),
            Ok(value) => Ok(value),
            Err(invalid) => Err(invalid.response()),
        }
    };
    let params = runner_params(request)?;
    // `find_by_id`: an unknown id leaves no scope, and the service then refuses with
    // "Insufficient permissions", exactly as for a group the user may not manage.
    let insufficient = || forbidden(Some("Insufficient permissions"));
    let (group_id, project_ids) = match runner_type {
        RunnerType::Instance => {
            if !caller.admin {
                return Err(insufficient());
            }
            (None, Vec::new())
        }
        RunnerType::Group => {
            let id = id_param("group_id")?.unwrap_or(0);
            let group = u64::try_from(id)
                .ok()
                .and_then(|id| state.group(id))
                .ok_or_else(insufficient)?;
            if state.group_access(caller.user_id, group.id) < OWNER {
                return Err(insufficient());
            }
            (Some(group.id), Vec::new())
        }
        RunnerType::Project => {
            let id = id_param("project_id")?.unwrap_or(0);
            let project = u64::try_from(id)
                .ok()
                .and_then(|id| state.project(id))
                .ok_or_else(insufficient)?;
            if state.project_access(caller.user_id, project.id) < MAINTAINER {
                return Err(insufficient());
            }
            (None, vec![project.id])
        }
    };
    let mut runner = Runner {
        id: 0,
        runner_type,
        group_id,
        project_ids,
        description: String::new(),
        paused: false,
        locked: false,
        run_untagged: true,
        tag_list: Vec::new(),
        access_level: "not_protected".to_string(),
        maximum_timeout: None,
        maintenance_note: None,
        token: state.issue_runner_token(),
        token_expires_at: None,
        contacted_at: None,
        created_at: now,
        creator_id: Some(caller.user_id),
        managers: Vec::new(),
        // A new runner's `creation_state` is `started` (the enum's 0, app/models/ci/runner.rb);
        // a job request finishes it.
        creation_finished: false,
    };
    apply_params(&mut runner, params);
    let errors = validate_runner(&runner);
    if !errors.is_empty() {
        let sentence: Vec<String> = errors.iter().map(|(a, m)| full_message(a, m)).collect();
        return Err(bad_request(&to_sentence(&sentence)));
    }
    let token = runner.token.clone();
    let expires = runner.token_expires_at;
    let id = state.insert_runner(runner);
    // Entities::Ci::RunnerRegistrationDetails.
    Ok(ApiResponse::json(
        201,
        &json!({ "id": id, "token": token, "token_expires_at": opt_time(expires) }),
    ))
}

/// Rails' `Array#to_sentence`.
fn to_sentence(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [first, second] => format!("{first} and {second}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

/// The filters of lib/api/ci/runners.rb `apply_filter` (and the deprecated `scope`).
fn filter_runners(
    state: &State,
    request: &ApiRequest,
    ids: Vec<u64>,
    allow_scope: bool,
    now: DateTime<Utc>,
) -> Result<Vec<u64>, ApiResponse> {
    const STATUSES: [&str; 6] = [
        "active",
        "paused",
        "online",
        "offline",
        "never_contacted",
        "stale",
    ];
    let scope = if allow_scope {
        request.string("scope")
    } else {
        None
    };
    if let Some(scope) = &scope
        && !STATUSES.contains(&scope.as_str())
        && RunnerType::parse(scope).is_none()
    {
        return Err(ApiResponse::error(400, "scope does not have a valid value"));
    }
    let runner_type = request.string("type");
    if let Some(t) = &runner_type
        && RunnerType::parse(t).is_none()
    {
        return Err(ApiResponse::error(400, "type does not have a valid value"));
    }
    let status = request.string("status");
    if let Some(s) = &status
        && !STATUSES.contains(&s.as_str())
    {
        return Err(ApiResponse::error(
            400,
            "status does not have a valid value",
        ));
    }
    let paused = request.boolean("paused").map_err(|e| e.response())?;
    let tags = request.list("tag_list");
    let version_prefix = request.string("version_prefix");
    // `with_status` applies the overlapping SQL scopes, not the computed status
    // (app/finders/ci/runners_finder.rb, app/models/concerns/ci/has_runner_status.rb).
    let status_matches = |runner: &Runner, wanted: &str| match wanted {
        "active" => !runner.paused,
        "paused" => runner.paused,
        "online" => runner.in_status_scope(ContactStatus::Online, now),
        "offline" => runner.in_status_scope(ContactStatus::Offline, now),
        "never_contacted" => runner.in_status_scope(ContactStatus::NeverContacted, now),
        "stale" => runner.in_status_scope(ContactStatus::Stale, now),
        _ => false,
    };
    Ok(ids
        .into_iter()
        .filter_map(|id| state.runner(id))
        .filter(|r| match &scope {
            Some(scope) => match RunnerType::parse(scope) {
                Some(t) => r.runner_type == t,
                None => status_matches(r, scope),
            },
            None => true,
        })
        .filter(|r| {
            runner_type
                .as_deref()
                .and_then(RunnerType::parse)
                .is_none_or(|t| r.runner_type == t)
        })
        .filter(|r| status.as_deref().is_none_or(|s| status_matches(r, s)))
        .filter(|r| paused.is_none_or(|p| r.paused == p))
        .filter(|r| {
            tags.as_ref()
                .is_none_or(|tags| tags.iter().all(|t| r.tag_list.contains(t)))
        })
        .filter(|r| {
            version_prefix.as_deref().is_none_or(|prefix| {
                r.managers
                    .iter()
                    .any(|m| m.version.as_deref().is_some_and(|v| v.starts_with(prefix)))
            })
        })
        .map(|r| r.id)
        .collect())
}

fn list_runners(
    state: &State,
    request: &ApiRequest,
    base_url: &str,
    ids: Vec<u64>,
    allow_scope: bool,
    now: DateTime<Utc>,
) -> Answer {
    let mut ids = filter_runners(state, request, ids, allow_scope, now)?;
    ids.sort_unstable();
    let items: Vec<Value> = ids
        .iter()
        .filter_map(|id| state.runner(*id))
        .map(|r| runner_json(r, now))
        .collect();
    Ok(paginate(request, base_url, items, true))
}

fn show_runner(state: &State, caller: &Caller, runner: &Runner, now: DateTime<Utc>) -> Answer {
    if runner.runner_type != RunnerType::Instance
        && !state.can_manage_runner(caller.user_id, runner)
    {
        return Err(forbidden(Some("No access granted")));
    }
    Ok(ApiResponse::json(
        200,
        &runner_details_json(state, caller, runner, now),
    ))
}

/// GET /runners/:id/managers (lib/api/ci/runners.rb): `authenticate_show_runner!` as for
/// `GET /runners/:id`, then `present runner.runner_managers` unpaginated (no `paginate`), each
/// as lib/api/entities/ci/runner_manager.rb.
fn runner_managers(state: &State, caller: &Caller, runner: &Runner, now: DateTime<Utc>) -> Answer {
    if runner.runner_type != RunnerType::Instance
        && !state.can_manage_runner(caller.user_id, runner)
    {
        return Err(forbidden(Some("No access granted")));
    }
    // Entities::Ci::RunnerManager.
    let managers: Vec<Value> = runner
        .managers
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "system_id": m.system_id,
                "version": m.version,
                "revision": m.revision,
                "platform": m.platform,
                "architecture": m.architecture,
                "created_at": time(m.created_at),
                "contacted_at": opt_time(m.contacted_at),
                "ip_address": null,
                "status": crate::state::contact_status(m.created_at, m.contacted_at, now).as_str(),
                "job_execution_status": "idle",
            })
        })
        .collect();
    Ok(ApiResponse::json(200, &managers))
}

fn update_runner(
    state: &mut State,
    caller: &Caller,
    id: &str,
    request: &ApiRequest,
    now: DateTime<Utc>,
) -> Answer {
    let id = parse_runner_id(id)?;
    let runner = state.runner(id).ok_or_else(|| not_found("Runner"))?;
    if !caller.admin && !state.can_manage_runner(caller.user_id, runner) {
        return Err(forbidden(Some("No access granted")));
    }
    const KEYS: [&str; 9] = [
        "description",
        "active",
        "paused",
        "tag_list",
        "run_untagged",
        "locked",
        "access_level",
        "maximum_timeout",
        "maintenance_note",
    ];
    if !KEYS.iter().any(|k| request.has(k)) {
        return Err(ApiResponse::error(
            400,
            &format!(
                "{} are missing, at least one parameter must be provided",
                KEYS.join(", ")
            ),
        ));
    }
    if request.has("active") && request.has("paused") {
        return Err(ApiResponse::error(
            400,
            "active, paused are mutually exclusive",
        ));
    }
    let mut params = runner_params(request)?;
    if let Some(active) = request.boolean("active").map_err(|e| e.response())? {
        params.paused = Some(!active);
    }
    let mut updated = runner.clone();
    apply_params(&mut updated, params);
    let errors = validate_runner(&updated);
    if !errors.is_empty() {
        // render_validation_error!: `{"message": {attribute: [messages]}}`.
        let mut message = serde_json::Map::new();
        for (attribute, text) in errors {
            let entry = message
                .entry(attribute)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = entry {
                list.push(Value::String(text.to_string()));
            }
        }
        return Err(ApiResponse::json(400, &json!({ "message": message })));
    }
    let body = runner_details_json(state, caller, &updated, now);
    state.runners.insert(id, updated);
    Ok(ApiResponse::json(200, &body))
}

fn delete_runner(state: &mut State, caller: &Caller, id: &str) -> Answer {
    let id = parse_runner_id(id)?;
    let runner = state.runner(id).ok_or_else(|| not_found("Runner"))?;
    if !caller.admin {
        if runner.runner_type == RunnerType::Project && runner.project_ids.len() > 1 {
            return Err(forbidden(Some(
                "Runner associated with more than one project",
            )));
        }
        if !state.can_manage_runner(caller.user_id, runner) {
            return Err(forbidden(Some("No access granted")));
        }
    }
    state.runners.remove(&id);
    Ok(ApiResponse::empty(204))
}

fn reset_runner_token(state: &mut State, caller: &Caller, id: &str) -> Answer {
    let id = parse_runner_id(id)?;
    let runner = state.runner(id).ok_or_else(|| not_found("Runner"))?;
    if !caller.admin && !state.can_manage_runner(caller.user_id, runner) {
        return Err(forbidden(Some("No access granted")));
    }
    let token = state.issue_runner_token();
    let runner = state.runner_mut(id).ok_or_else(|| not_found("Runner"))?;
    runner.token = token.clone();
    // Entities::Ci::ResetTokenResult.
    Ok(ApiResponse::json(
        201,
        &json!({ "token": token, "token_expires_at": opt_time(runner.token_expires_at) }),
    ))
}

// ---- runner-token endpoints (lib/api/ci/runner.rb)

fn runner_token_param(request: &ApiRequest) -> Result<String, ApiResponse> {
    request
        .string("token")
        .ok_or_else(|| ApiResponse::error(400, "token is missing"))
}

/// POST /runners/verify: authenticates the runner with a heartbeat, so contacted_at moves and
/// the manager for `system_id` is created or touched.
fn runner_verify(state: &mut State, request: &ApiRequest, now: DateTime<Utc>) -> ApiResponse {
    let token = match runner_token_param(request) {
        Ok(token) => token,
        Err(response) => return response,
    };
    let Some(runner) = state.runner_by_token(&token) else {
        return forbidden(None);
    };
    let (id, expires) = (runner.id, runner.token_expires_at);
    // An orphaned runner (its project or group deleted, `sharding_key_id` null): with the
    // `reject_orphaned_runners` flag `authenticate_runner!` refuses it with 403 (lib/api/ci/
    // helpers/runner.rb); without it verify fails at the runner manager and lib/api/ci/runner.rb
    // answers `unprocessable_entity!('Runner is orphaned')`.
    if state.orphaned_runners.contains(&id) && runner.runner_type != RunnerType::Instance {
        return if state.reject_orphaned_runners {
            forbidden(Some("Runner is orphaned"))
        } else {
            ApiResponse::message(422, "Runner is orphaned")
        };
    }
    let system_id = request.string("system_id");
    state.heartbeat(id, system_id.as_deref(), now);
    ApiResponse::json(
        200,
        &json!({ "id": id, "token": token, "token_expires_at": opt_time(expires) }),
    )
}

/// DELETE /runners: deletes the runner whose token this is.
fn runner_delete_by_token(state: &mut State, request: &ApiRequest) -> ApiResponse {
    let token = match runner_token_param(request) {
        Ok(token) => token,
        Err(response) => return response,
    };
    let Some(runner) = state.runner_by_token(&token) else {
        return forbidden(None);
    };
    let id = runner.id;
    state.runners.remove(&id);
    ApiResponse::empty(204)
}

/// DELETE /runners/managers: removes one manager; the runner stays.
fn runner_delete_manager(
    state: &mut State,
    request: &ApiRequest,
    now: DateTime<Utc>,
) -> ApiResponse {
    let token = match runner_token_param(request) {
        Ok(token) => token,
        Err(response) => return response,
    };
    let Some(system_id) = request.string("system_id") else {
        return ApiResponse::error(400, "system_id is missing");
    };
    let Some(id) = state.runner_by_token(&token).map(|r| r.id) else {
        return forbidden(None);
    };
    // Before 18.x, `authenticate_runner!(ensure_runner_manager: false)` still heartbeat the
    // runner (lib/api/ci/helpers/runner.rb), so deleting the last manager made the runner read
    // online for 2 h.
    if state.heartbeat_on_every_runner_call {
        state.heartbeat_runner(id, now);
    }
    let Some(runner) = state.runner_mut(id) else {
        return forbidden(None);
    };
    let before = runner.managers.len();
    runner.managers.retain(|m| m.system_id != system_id);
    if runner.managers.len() == before {
        return ApiResponse::message(404, "404 Not Found");
    }
    ApiResponse::empty(204)
}

fn runner_reset_by_token(state: &mut State, request: &ApiRequest) -> ApiResponse {
    let token = match runner_token_param(request) {
        Ok(token) => token,
        Err(response) => return response,
    };
    let Some(id) = state.runner_by_token(&token).map(|r| r.id) else {
        return forbidden(None);
    };
    let fresh = state.issue_runner_token();
    let Some(runner) = state.runner_mut(id) else {
        return forbidden(None);
    };
    runner.token = fresh.clone();
    ApiResponse::json(
        201,
        &json!({ "token": fresh, "token_expires_at": opt_time(runner.token_expires_at) }),
    )
}

// ---- groups and projects (lib/api/groups.rb, lib/api/projects.rb, entities/project.rb)

/// `:id` is a numeric id or a URL-encoded full path (`team%2Fsub`).
fn decode_id(raw: &str) -> String {
    percent_decode_str(raw).decode_utf8_lossy().into_owned()
}

fn find_group<'s>(
    state: &'s State,
    caller: &Caller,
    raw: &str,
) -> Result<&'s crate::state::Group, ApiResponse> {
    let id = decode_id(raw);
    let group = match id.parse::<u64>() {
        Ok(number) => state.group(number),
        Err(_) => state.group_by_path(&id),
    };
    match group {
        Some(group) if caller.admin || state.can_see_group(caller.user_id, group.id) => Ok(group),
        _ => Err(not_found("Group")),
    }
}

fn find_project<'s>(
    state: &'s State,
    caller: &Caller,
    raw: &str,
) -> Result<&'s Project, ApiResponse> {
    let id = decode_id(raw);
    let project = match id.parse::<u64>() {
        Ok(number) => state.project(number),
        Err(_) => state.project_by_path(&id),
    };
    match project {
        Some(project) if caller.admin || state.can_see_project(caller.user_id, project.id) => {
            Ok(project)
        }
        _ => Err(not_found("Project")),
    }
}

fn group_json(state: &State, group: &crate::state::Group, _base_url: &str) -> Value {
    let full_name: Vec<String> = state
        .group_ancestry(group.id)
        .iter()
        .rev()
        .filter_map(|id| state.group(*id).map(|g| g.name.clone()))
        .collect();
    json!({
        "id": group.id,
        "web_url": format!("https://gitlab.example.com/groups/{}", group.full_path),
        "name": group.name,
        "path": group.path,
        "description": "",
        "visibility": "private",
        "share_with_group_lock": false,
        "require_two_factor_authentication": false,
        "project_creation_level": "developer",
        "subgroup_creation_level": "maintainer",
        "lfs_enabled": true,
        "request_access_enabled": true,
        "full_name": full_name.join(" / "),
        "full_path": group.full_path,
        "parent_id": group.parent_id,
        "created_at": time(group.created_at),
        "shared_runners_setting": "enabled",
    })
}

fn project_json(state: &State, caller: &Caller, project: &Project, _base_url: &str) -> Value {
    let namespace = state.group(project.namespace_id);
    let mut body = json!({
        "id": project.id,
        "description": null,
        "name": project.name,
        "name_with_namespace": project.full_path.replace('/', " / "),
        "path": project.path,
        "path_with_namespace": project.full_path,
        "created_at": time(project.created_at),
        "default_branch": "main",
        "web_url": format!("https://gitlab.example.com/{}", project.full_path),
        "namespace": namespace.map(|g| json!({
            "id": g.id,
            "name": g.name,
            "path": g.path,
            "kind": "group",
            "full_path": g.full_path,
            "parent_id": g.parent_id,
        })),
        "visibility": "private",
        "archived": false,
        "shared_runners_enabled": project.shared_runners_enabled,
        "builds_access_level": "enabled",
    });
    // entities/project.rb: `group_runners_enabled` only `if: can?(:admin_project)` (Maintainer+).
    if caller.admin || state.project_access(caller.user_id, project.id) >= MAINTAINER {
        body["group_runners_enabled"] = Value::Bool(project.group_runners_enabled);
    }
    body
}

/// GET /groups/:id/projects: `include_subgroups` (default false) and `with_shared` (default
/// true); ordered by created_at desc by default, which for the fake is id desc.
fn group_projects(
    state: &State,
    caller: &Caller,
    raw: &str,
    request: &ApiRequest,
    base_url: &str,
) -> Answer {
    let group = find_group(state, caller, raw)?;
    let include_subgroups = request
        .boolean("include_subgroups")
        .map_err(|e| e.response())?
        .unwrap_or(false);
    let with_shared = request
        .boolean("with_shared")
        .map_err(|e| e.response())?
        .unwrap_or(true);
    let mut projects: Vec<&Project> = state
        .projects
        .iter()
        .filter(|p| {
            let own = if include_subgroups {
                state.group_is_within(p.namespace_id, group.id)
            } else {
                p.namespace_id == group.id
            };
            own || (with_shared && p.shared_with_group_ids.contains(&group.id))
        })
        .filter(|p| caller.admin || state.can_see_project(caller.user_id, p.id))
        .collect();
    projects.sort_by_key(|p| std::cmp::Reverse(p.id));
    let items: Vec<Value> = projects
        .iter()
        .map(|p| project_json(state, caller, p, base_url))
        .collect();
    Ok(paginate(request, base_url, items, true))
}

fn descendant_groups(
    state: &State,
    caller: &Caller,
    raw: &str,
    request: &ApiRequest,
    base_url: &str,
) -> Answer {
    let group = find_group(state, caller, raw)?;
    let items: Vec<Value> = state
        .descendant_groups(group.id)
        .iter()
        .filter_map(|id| state.group(*id))
        .filter(|g| caller.admin || state.can_see_group(caller.user_id, g.id))
        .map(|g| group_json(state, g, base_url))
        .collect();
    Ok(paginate(request, base_url, items, true))
}

/// GET /groups/:id/runners: `read_group_runners` (Maintainer+ in the fake); the group's and its
/// ancestors' runners and instance runners; no deprecated `scope`.
fn group_runners(
    state: &State,
    caller: &Caller,
    raw: &str,
    request: &ApiRequest,
    base_url: &str,
    now: DateTime<Utc>,
) -> Answer {
    let group = find_group(state, caller, raw)?;
    if !caller.admin && state.group_access(caller.user_id, group.id) < MAINTAINER {
        return Err(forbidden(None));
    }
    list_runners(
        state,
        request,
        base_url,
        state.runners_of_group_rest(group.id),
        false,
        now,
    )
}

/// GET /projects/:id/runners: `read_project_runners` (Maintainer+); `owned_or_instance_wide`.
fn project_runners(
    state: &State,
    caller: &Caller,
    raw: &str,
    request: &ApiRequest,
    base_url: &str,
    now: DateTime<Utc>,
) -> Answer {
    let project = find_project(state, caller, raw)?;
    if !caller.admin && state.project_access(caller.user_id, project.id) < MAINTAINER {
        return Err(forbidden(None));
    }
    list_runners(
        state,
        request,
        base_url,
        state.runners_available_to_project(project.id),
        true,
        now,
    )
}

fn job_json(state: &State, job: &Job) -> Value {
    let project = state.project(job.project_id);
    let path = project.map(|p| p.full_path.clone()).unwrap_or_default();
    let mut tags = job.tag_list.clone();
    tags.sort();
    json!({
        "id": job.id,
        "status": job.status,
        "stage": job.stage,
        "name": job.name,
        "ref": job.ref_name,
        "tag": job.tag,
        "coverage": null,
        "allow_failure": false,
        "created_at": time(job.created_at),
        "started_at": null,
        "finished_at": null,
        "erased_at": null,
        "duration": null,
        "queued_duration": (Utc::now() - job.created_at).num_milliseconds() as f64 / 1000.0,
        "user": null,
        "commit": { "id": "0000000000000000000000000000000000000000", "short_id": "00000000", "title": "commit" },
        "pipeline": {
            "id": job.id,
            "project_id": job.project_id,
            "sha": "0000000000000000000000000000000000000000",
            "ref": job.ref_name,
            "status": job.status,
        },
        "web_url": format!("https://gitlab.example.com/{path}/-/jobs/{}", job.id),
        "project": { "ci_job_token_scope_enabled": false },
        "artifacts": [],
        // No runner is assigned while a job is pending.
        "runner": null,
        "runner_manager": null,
        "artifacts_expire_at": null,
        "archived": false,
        "tag_list": tags,
    })
}

/// GET /projects/:id/jobs (lib/api/ci/jobs.rb): `scope` is one status or `scope[]` several;
/// newest first; paginated without counts; needs `read_build` (Reporter+ on a private project).
fn project_jobs(
    state: &State,
    caller: &Caller,
    raw: &str,
    request: &ApiRequest,
    base_url: &str,
) -> Answer {
    const STATUSES: [&str; 13] = [
        "created",
        "waiting_for_resource",
        "preparing",
        "pending",
        "running",
        "success",
        "failed",
        "canceling",
        "canceled",
        "skipped",
        "manual",
        "scheduled",
        "waiting_for_callback",
    ];
    let project = find_project(state, caller, raw)?;
    if !caller.admin && state.project_access(caller.user_id, project.id) < REPORTER {
        return Err(forbidden(None));
    }
    let scopes = request.list("scope");
    if let Some(scopes) = &scopes
        && scopes.iter().any(|s| !STATUSES.contains(&s.as_str()))
    {
        return Err(ApiResponse::error(400, "scope does not have a valid value"));
    }
    let mut jobs: Vec<&Job> = state
        .jobs
        .iter()
        .filter(|j| j.project_id == project.id)
        .filter(|j| {
            scopes
                .as_ref()
                .is_none_or(|s| s.is_empty() || s.contains(&j.status))
        })
        .collect();
    jobs.sort_by_key(|j| std::cmp::Reverse(j.id));
    let items: Vec<Value> = jobs.iter().map(|j| job_json(state, j)).collect();
    Ok(paginate(request, base_url, items, false))
}

/// GET /projects/:id/protected_branches and /protected_tags; `name` may be a wildcard.
fn protected_refs(
    state: &State,
    caller: &Caller,
    raw: &str,
    request: &ApiRequest,
    base_url: &str,
    tags: bool,
) -> Answer {
    let project = find_project(state, caller, raw)?;
    if !caller.admin && state.project_access(caller.user_id, project.id) < GUEST {
        return Err(forbidden(None));
    }
    let names = if tags {
        &project.protected_tags
    } else {
        &project.protected_branches
    };
    let items: Vec<Value> = names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let access = json!([{ "id": index + 1, "access_level": MAINTAINER, "access_level_description": "Maintainers" }]);
            if tags {
                json!({ "name": name, "create_access_levels": access })
            } else {
                json!({
                    "id": index + 1,
                    "name": name,
                    "push_access_levels": access,
                    "merge_access_levels": access,
                    "allow_force_push": false,
                    "code_owner_approval_required": false,
                })
            }
        })
        .collect();
    Ok(paginate(request, base_url, items, true))
}
