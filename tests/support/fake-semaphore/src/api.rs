//! The `/api` routes: the parts of Semaphore UI v2.16's API that runner management uses.
//!
//! Routing and middleware order follow api/router.go (gorilla/mux): a path that matches no
//! route gets 404 before any authentication; a path that matches with another method gets 405;
//! then `authentication`, `adminMiddleware` / `projects.ProjectMiddleware`, the runner
//! middleware, and the handler.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::Shared;
use crate::fleet::{RunnerSeed, TEST_PRIVATE_KEY, TEST_PUBLIC_KEY, Touched};
use crate::http::{ApiRequest, ApiResponse};
use crate::state::{Runner, State, User};

/// At most this many tasks from `GET /api/project/{id}/tasks` (api/projects/tasks.go
/// GetAllTasks asks the store for 1000).
pub const MAX_TASKS: usize = 1000;

enum Route<'a> {
    Ping,
    Info,
    User,
    Projects,
    Runners,
    Runner(&'a str),
    RunnerActive(&'a str),
    Project(&'a str, ProjectRoute<'a>),
    Internal,
}

enum ProjectRoute<'a> {
    Runners,
    Runner(&'a str),
    RunnerActive(&'a str),
    Templates,
    Tasks,
}

const GET: &[&str] = &["GET"];
const GET_POST: &[&str] = &["GET", "POST"];
const POST: &[&str] = &["POST"];
const ONE: &[&str] = &["GET", "PUT", "POST", "DELETE"];

/// The route table of api/router.go, for the routes the fake has (HEAD is GET there).
fn route<'a>(segments: &[&'a str]) -> Option<(Route<'a>, &'static [&'static str])> {
    Some(match *segments {
        ["ping"] => (Route::Ping, GET),
        ["info"] => (Route::Info, GET),
        ["user"] => (Route::User, GET),
        ["projects"] => (Route::Projects, GET),
        ["runners"] => (Route::Runners, GET_POST),
        ["runners", id] => (Route::Runner(id), ONE),
        ["runners", id, "active"] => (Route::RunnerActive(id), POST),
        ["project", pid, "runners"] => (Route::Project(pid, ProjectRoute::Runners), GET_POST),
        ["project", pid, "runners", id] => (Route::Project(pid, ProjectRoute::Runner(id)), ONE),
        ["project", pid, "runners", id, "active"] => {
            (Route::Project(pid, ProjectRoute::RunnerActive(id)), POST)
        }
        ["project", pid, "templates"] => (Route::Project(pid, ProjectRoute::Templates), GET),
        ["project", pid, "tasks"] => (Route::Project(pid, ProjectRoute::Tasks), GET),
        ["internal", "runners"] => (Route::Internal, &["GET", "POST", "PUT", "DELETE"]),
        _ => return None,
    })
}

/// What Go's `http.NotFound` answers: no route matched.
pub(crate) fn not_found_page() -> ApiResponse {
    ApiResponse::text(404, "404 page not found\n")
}

pub(crate) fn handle(shared: &Shared, request: &ApiRequest) -> ApiResponse {
    let Some(rest) = request.raw_path.strip_prefix("/api/") else {
        return not_found_page();
    };
    let segments: Vec<&str> = rest.split('/').collect();
    // gorilla/mux without StrictSlash: `/api/runners/` is not `/api/runners`.
    if segments.iter().any(|s| s.is_empty()) {
        return not_found_page();
    }
    let Some((route, methods)) = route(&segments) else {
        return not_found_page();
    };
    let method = match request.method.as_str() {
        "HEAD" => "GET",
        other => other,
    };
    if !methods.contains(&method) {
        // gorilla/mux's methodNotAllowedHandler: a bare 405, no middleware ran.
        let mut response = ApiResponse::empty(405);
        response.content_type = "";
        return response;
    }
    let mut state = shared.state();
    match route {
        // api/router.go pongHandler, behind plainTextMiddleware, no authentication.
        Route::Ping => ApiResponse::text(200, "pong"),
        Route::Internal => internal(&mut state, method, request),
        _ => {
            let Some(user) = authenticate(&state, request) else {
                // api/auth.go authenticationHandler: `w.WriteHeader(http.StatusUnauthorized)`.
                return ApiResponse::empty(401);
            };
            match route {
                Route::Info => info(&state),
                Route::User => user_json(&user),
                Route::Projects => projects(&state, &user),
                Route::Runners | Route::Runner(_) | Route::RunnerActive(_) if !user.admin => {
                    // api/auth.go adminMiddleware.
                    ApiResponse::empty(403)
                }
                Route::Runners if method == "GET" => list_runners(&state, None),
                Route::Runners => create_runner(&mut state, None, request),
                Route::Runner(id) => match find_runner(&state, id, None) {
                    Ok(id) => one_runner(&mut state, id, method, request),
                    Err(response) => response,
                },
                Route::RunnerActive(id) => match find_runner(&state, id, None) {
                    Ok(id) => set_active(&mut state, id, request),
                    Err(response) => response,
                },
                Route::Project(pid, sub) => project(&mut state, &user, pid, sub, method, request),
                Route::Ping | Route::Internal => not_found_page(),
            }
        }
    }
}

/// api/auth.go authenticationHandler: the header is lower-cased, `bearer ` removed, and the
/// rest looked up as an API token (session cookies are not faked).
fn authenticate(state: &State, request: &ApiRequest) -> Option<User> {
    let header = request.header("authorization")?.to_lowercase();
    if !header.contains("bearer") {
        return None;
    }
    let token = header.replacen("bearer ", "", 1);
    state.user_by_token(&token).cloned()
}

/// api/system_info.go getSystemInfo (the fields a client reads).
fn info(state: &State) -> ApiResponse {
    ApiResponse::json(
        200,
        &json!({"version": state.version, "ansible": "", "web_host": "", "use_remote_runner": false}),
    )
}

/// api/user.go getUser: db.User.
fn user_json(user: &User) -> ApiResponse {
    #[derive(Serialize)]
    struct UserJson<'a> {
        id: u64,
        created: DateTime<Utc>,
        username: &'a str,
        name: &'a str,
        email: &'a str,
        admin: bool,
        external: bool,
        alert: bool,
        pro: bool,
    }
    ApiResponse::json(
        200,
        &UserJson {
            id: user.id,
            created: user.created,
            username: &user.username,
            name: &user.name,
            email: &user.email,
            admin: user.admin,
            external: false,
            alert: false,
            pro: false,
        },
    )
}

/// api/projects/projects.go GetProjects: an admin sees all projects, anyone else those whose
/// team they are on.
fn projects(state: &State, user: &User) -> ApiResponse {
    let list: Vec<_> = state
        .projects
        .iter()
        .filter(|p| user.admin || p.members.contains(&user.id))
        .map(|p| {
            json!({"id": p.id, "name": p.name, "created": p.created, "alert": false,
                   "max_parallel_tasks": 0, "type": ""})
        })
        .collect();
    ApiResponse::json(200, &list)
}

/// db/Runner.go, as JSON: `Token` and `PublicKey` are `json:"-"`.
#[derive(Serialize)]
struct RunnerJson<'a> {
    id: u64,
    project_id: Option<u64>,
    webhook: &'a str,
    max_parallel_tasks: u32,
    active: bool,
    name: &'a str,
    tag: &'a str,
    touched: Option<DateTime<Utc>>,
    cleaning_requested: Option<DateTime<Utc>>,
}

fn runner_json(runner: &Runner) -> RunnerJson<'_> {
    RunnerJson {
        id: runner.id,
        project_id: runner.project_id,
        webhook: &runner.webhook,
        max_parallel_tasks: runner.max_parallel_tasks,
        active: runner.active,
        name: &runner.name,
        tag: &runner.tag,
        touched: runner.touched,
        cleaning_requested: None,
    }
}

/// The fields of db.Runner a client may send; missing ones are Go's zero values.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RunnerBody {
    name: String,
    tag: String,
    active: bool,
    max_parallel_tasks: u32,
    webhook: String,
}

/// api/runners.go getGlobalRunners (every runner: GlobalRunnerProps is not project-scoped) and
/// api/projects/runners.go GetRunners (the project's).
fn list_runners(state: &State, project: Option<u64>) -> ApiResponse {
    let list: Vec<_> = state
        .runners
        .iter()
        .filter(|r| project.is_none() || r.project_id == project)
        .map(runner_json)
        .collect();
    ApiResponse::json(200, &list)
}

/// api/runners.go addGlobalRunner (and Pro's project AddRunner): `helpers.Bind` failing is a
/// bare 400; `project_id` from the body is overwritten; the answer is runnerWithToken.
fn create_runner(state: &mut State, project: Option<u64>, request: &ApiRequest) -> ApiResponse {
    let Some(body) = request.bind::<RunnerBody>() else {
        return ApiResponse::empty(400);
    };
    let id = state.add_runner(RunnerSeed {
        project_id: project,
        name: Some(body.name),
        tag: body.tag,
        active: body.active,
        max_parallel_tasks: body.max_parallel_tasks,
        webhook: body.webhook,
        touched: Touched::Never,
        // The real server stores the public half of the pair it generated.
        public_key: Some(TEST_PUBLIC_KEY.to_string()),
    });
    let Some(runner) = state.runner(id) else {
        return ApiResponse::empty(500);
    };
    #[derive(Serialize)]
    struct RunnerWithToken<'a> {
        #[serde(flatten)]
        runner: RunnerJson<'a>,
        token: &'a str,
        private_key: &'a str,
    }
    ApiResponse::json(
        201,
        &RunnerWithToken {
            runner: runner_json(&runner),
            token: &runner.token,
            private_key: TEST_PRIVATE_KEY,
        },
    )
}

/// api/runners.go globalRunnerMiddleware (and Pro's projects.RunnerMiddleware, scoped to the
/// project): the runner's id, or the error answer.
fn find_runner(state: &State, id: &str, project: Option<u64>) -> Result<u64, ApiResponse> {
    let Ok(id) = id.parse::<i64>() else {
        return Err(ApiResponse::error(400, "runner_id required"));
    };
    state
        .runners
        .iter()
        .find(|r| i64::try_from(r.id) == Ok(id) && (project.is_none() || r.project_id == project))
        .map(|r| r.id)
        .ok_or_else(|| ApiResponse::error(404, "Runner not found"))
}

/// api/runners.go getGlobalRunner, updateGlobalRunner (PUT or POST) and deleteGlobalRunner.
fn one_runner(state: &mut State, id: u64, method: &str, request: &ApiRequest) -> ApiResponse {
    match method {
        "GET" => match state.runner(id) {
            Some(runner) => ApiResponse::json(200, &runner_json(&runner)),
            None => ApiResponse::error(404, "Runner not found"),
        },
        "DELETE" => {
            state.delete_runner(id);
            ApiResponse::empty(204)
        }
        _ => {
            let Some(body) = request.bind::<RunnerBody>() else {
                return ApiResponse::empty(400);
            };
            // db/sql/runner.go UpdateRunner sets these columns; project_id and the token stay.
            if let Some(runner) = state.runner_mut(id) {
                runner.name = body.name;
                runner.tag = body.tag;
                runner.active = body.active;
                runner.max_parallel_tasks = body.max_parallel_tasks;
                runner.webhook = body.webhook;
            }
            ApiResponse::empty(204)
        }
    }
}

/// api/runners.go setGlobalRunnerActive.
fn set_active(state: &mut State, id: u64, request: &ApiRequest) -> ApiResponse {
    #[derive(Deserialize)]
    struct Body {
        #[serde(default)]
        active: bool,
    }
    let Some(body) = request.bind::<Body>() else {
        return ApiResponse::error(400, "Invalid request body");
    };
    if let Some(runner) = state.runner_mut(id) {
        runner.active = body.active;
    }
    ApiResponse::empty(204)
}

/// `/api/project/{project_id}/...`: api/projects/project.go ProjectMiddleware, then the
/// handler. Someone not on the team gets what `GetProjectUser`'s ErrNotFound gives,
/// `helpers.WriteError` = a bare 404, as does a project that does not exist; team members here
/// are managers, so `GetMustCanMiddleware(CanManageProjectResources)` lets them through.
fn project(
    state: &mut State,
    user: &User,
    pid: &str,
    sub: ProjectRoute<'_>,
    method: &str,
    request: &ApiRequest,
) -> ApiResponse {
    let Ok(pid) = pid.parse::<i64>() else {
        return ApiResponse::error(400, "Invalid project ID");
    };
    let Some(project) = state
        .projects
        .iter()
        .find(|p| i64::try_from(p.id) == Ok(pid))
        .filter(|p| user.admin || p.members.contains(&user.id))
        .map(|p| p.id)
    else {
        return ApiResponse::empty(404);
    };
    match sub {
        ProjectRoute::Runners if method == "GET" => list_runners(state, Some(project)),
        ProjectRoute::Templates => templates(state, project),
        ProjectRoute::Tasks => tasks(state, project),
        // api/projects/runners.go (`//go:build !pro`): AddRunner, GetRunner, UpdateRunner,
        // DeleteRunner and SetRunnerActive are `w.WriteHeader(http.StatusNotFound)`.
        _ if !state.pro => ApiResponse::empty(404),
        ProjectRoute::Runners => create_runner(state, Some(project), request),
        ProjectRoute::Runner(id) => match find_runner(state, id, Some(project)) {
            Ok(id) => one_runner(state, id, method, request),
            Err(response) => response,
        },
        ProjectRoute::RunnerActive(id) => match find_runner(state, id, Some(project)) {
            Ok(id) => set_active(state, id, request),
            Err(response) => response,
        },
    }
}

/// api/projects/templates.go GetTemplates: db.Template (the fields a runner client reads).
fn templates(state: &State, project: u64) -> ApiResponse {
    let list: Vec<_> = state
        .templates
        .iter()
        .filter(|t| t.project_id == project)
        .map(|t| {
            json!({"id": t.id, "project_id": t.project_id, "name": t.name, "playbook": "",
                   "inventory_id": null, "repository_id": 1, "environment_id": 1, "type": "",
                   "app": "ansible", "runner_tag": t.runner_tag})
        })
        .collect();
    ApiResponse::json(200, &list)
}

/// api/projects/tasks.go GetAllTasks: db.TaskWithTpl, newest first (`created desc, id desc`).
fn tasks(state: &State, project: u64) -> ApiResponse {
    let mut list: Vec<_> = state
        .tasks
        .iter()
        .filter(|t| t.project_id == project)
        .collect();
    list.sort_by(|a, b| b.created.cmp(&a.created).then(b.id.cmp(&a.id)));
    let list: Vec<_> = list
        .into_iter()
        .take(MAX_TASKS)
        .map(|t| {
            let alias = state
                .templates
                .iter()
                .find(|tpl| tpl.id == t.template_id)
                .map(|tpl| tpl.name.as_str())
                .unwrap_or("");
            json!({"id": t.id, "template_id": t.template_id, "project_id": t.project_id,
                   "status": t.status, "created": t.created, "start": null, "end": null,
                   "message": "", "user_id": null, "tpl_alias": alias, "tpl_type": "",
                   "tpl_app": "ansible", "runner_id": null})
        })
        .collect();
    ApiResponse::json(200, &list)
}

/// `/api/internal/runners`: api/runners/runners.go, what `semaphore runner` speaks.
fn internal(state: &mut State, method: &str, request: &ApiRequest) -> ApiResponse {
    if method == "POST" {
        return register(state, request);
    }
    // RunnerMiddleware.
    let token = request.header("x-runner-token").unwrap_or("");
    if token.is_empty() {
        return ApiResponse::error(401, "Invalid token");
    }
    let Some(runner) = state.runner_by_token(token) else {
        return ApiResponse::error(404, "Runner not found");
    };
    // Every call of a runner counts as a sign of life (`touched`).
    state.touch(runner.id);
    match method {
        // GetRunner: the jobs to start and the states of running ones. The real server
        // encrypts this with the runner's public key when it has one (application/octet-stream);
        // the fake always answers plain JSON, and has no jobs to hand out.
        "GET" => ApiResponse::json(
            200,
            &json!({"CurrentJobs": null, "new_jobs": null, "access_keys": {}}),
        ),
        // UnregisterRunner.
        "DELETE" => {
            state.delete_runner(runner.id);
            ApiResponse::empty(204)
        }
        // UpdateRunner: job progress, accepted and dropped.
        _ => match request.bind::<serde_json::Value>() {
            Some(_) => ApiResponse::empty(204),
            None => ApiResponse::error(400, "Invalid format"),
        },
    }
}

/// api/runners/runners.go RegisterRunner. A wrong registration token is 400 there (not 401),
/// and so is any token while the server has none configured. The new runner is global,
/// nameless, untagged and inactive until an admin enables it; the answer is 200 `{"token"}`.
fn register(state: &mut State, request: &ApiRequest) -> ApiResponse {
    #[derive(Deserialize)]
    struct Registration {
        #[serde(default)]
        registration_token: String,
        #[serde(default)]
        webhook: String,
        #[serde(default)]
        max_parallel_tasks: u32,
        public_key: Option<String>,
    }
    let Some(body) = request.bind::<Registration>() else {
        return ApiResponse::error(400, "Invalid format");
    };
    if state.registration_token.is_empty() || body.registration_token != state.registration_token {
        return ApiResponse::error(400, "Invalid registration token");
    }
    let mut seed = RunnerSeed::global()
        .name("")
        .inactive()
        .never_touched()
        .max_parallel_tasks(body.max_parallel_tasks)
        .webhook(&body.webhook);
    seed.public_key = body.public_key;
    let id = state.add_runner(seed);
    let token = state.runner(id).map(|r| r.token).unwrap_or_default();
    ApiResponse::json(200, &json!({ "token": token }))
}
