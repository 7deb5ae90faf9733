//! The runner protocol: Connect unary calls with JSON bodies under `/api/actions`.
//!
//! Gitea serves it with connect-go (routers/api/actions/runner/runner.go, interceptor.go,
//! ping/ping.go). Errors are Connect's JSON `{"code", "message"}`. Gitea's handlers return plain
//! Go errors and gRPC `status` errors, which connect-go does not recognise as its own: they go
//! out as code `unknown`, HTTP 500, with the error's text (for a gRPC status
//! `rpc error: code = Unauthenticated desc = unregistered runner`). Forgejo returns
//! `connect.NewError(connect.CodeUnauthenticated, …)` for an unknown runner: HTTP 401, code
//! `unauthenticated`, message `unregistered runner`.

use chrono::Utc;
use serde_json::{Value, json};

use crate::Shared;
use crate::http::{ApiRequest, ApiResponse};
use crate::state::{Runner, Scope, State};

const RUNNER_SERVICE: &str = "/api/actions/runner.v1.RunnerService/";
const PING: &str = "/api/actions/ping.v1.PingService/Ping";

/// Connect's error body, with the HTTP status its code maps to (connect protocol spec).
fn connect_error(code: &str, message: &str) -> ApiResponse {
    let status = match code {
        "invalid_argument" | "failed_precondition" | "out_of_range" => 400,
        "unauthenticated" => 401,
        "permission_denied" => 403,
        "not_found" => 404,
        "already_exists" | "aborted" => 409,
        "resource_exhausted" => 429,
        "unimplemented" => 501,
        "unavailable" => 503,
        _ => 500,
    };
    ApiResponse::json(status, &json!({"code": code, "message": message}))
}

/// A plain Go error from a Gitea handler: connect-go sends it as `unknown`.
fn plain_error(message: &str) -> ApiResponse {
    connect_error("unknown", message)
}

pub(crate) fn handle(shared: &Shared, request: &ApiRequest) -> ApiResponse {
    if request.method != "POST" {
        return ApiResponse::text(405, "");
    }
    if request.raw_path == PING {
        // routers/api/actions/ping/ping.go: unauthenticated, does not touch last_online.
        let data = request
            .json_body()
            .and_then(|v| v.get("data").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_default();
        return ApiResponse::json(200, &json!({"data": format!("Hello, {data}!")}));
    }
    let Some(method) = request.raw_path.strip_prefix(RUNNER_SERVICE) else {
        return ApiResponse::text(404, "404 page not found\n");
    };
    let body = request.json_body().unwrap_or(Value::Null);
    let mut state = shared.state();
    match method {
        "Register" => {
            let forgejo = state.flavour.is_forgejo();
            register(&mut state, &body).unwrap_or_else(|message| {
                // Gitea returns plain `errors.New` (code unknown, 500); Forgejo
                // `connect.NewError(connect.CodeInvalidArgument, …)` (400), same words.
                if forgejo {
                    connect_error("invalid_argument", message)
                } else {
                    plain_error(message)
                }
            })
        }
        "Declare" | "FetchTask" | "UpdateTask" | "UpdateLog" => {
            let id = match authenticate(&mut state, request) {
                Ok(id) => id,
                Err(refused) => return refused,
            };
            match method {
                "Declare" => declare(&mut state, id, &body),
                // No task to hand out: the fake never assigns jobs (a real FetchTask would);
                // `tasksVersion` as runner.go `FetchTask` writes it for a fresh scope.
                "FetchTask" => ApiResponse::json(200, &json!({"tasksVersion": "1"})),
                _ => connect_error(
                    "unimplemented",
                    &format!("runner.v1.RunnerService.{method} is not implemented"),
                ),
            }
        }
        _ => connect_error(
            "unimplemented",
            &format!("runner.v1.RunnerService.{method} is not implemented"),
        ),
    }
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn text(value: &Value, key: &str) -> String {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string()
}

/// The protojson form of `runnerv1.Runner`: int64 as a string, zero values left out.
fn runner_message(runner: &Runner, with_token: bool) -> Value {
    let mut message = serde_json::Map::new();
    message.insert("id".into(), json!(runner.id.to_string()));
    message.insert("uuid".into(), json!(runner.uuid));
    if with_token {
        message.insert("token".into(), json!(runner.token));
    }
    message.insert("name".into(), json!(runner.name));
    if !runner.version.is_empty() {
        message.insert("version".into(), json!(runner.version));
    }
    if !runner.labels.is_empty() {
        message.insert("labels".into(), json!(runner.labels));
    }
    if runner.ephemeral {
        message.insert("ephemeral".into(), json!(true));
    }
    Value::Object(message)
}

/// routers/api/actions/runner/runner.go `Register`: the registration token decides the scope;
/// it stays usable (only a reset invalidates it). The error is the handler's message.
fn register(state: &mut State, body: &Value) -> Result<ApiResponse, &'static str> {
    let name = text(body, "name");
    let token = text(body, "token");
    if name.is_empty() || token.is_empty() {
        return Err("missing runner token, name");
    }
    let Some(found) = state
        .registration_tokens
        .iter()
        .find(|t| t.token == token)
        .cloned()
    else {
        return Err("runner registration token not found");
    };
    if !found.active {
        return Err("runner registration token has been invalidated, please use the latest one");
    }
    let scope: Scope = found.scope;
    let ephemeral = body
        .get("ephemeral")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let id = state.add_runner(
        scope,
        &name,
        strings(body, "labels"),
        &text(body, "version"),
        ephemeral,
        "",
    );
    match state.runner(id) {
        Some(runner) => Ok(ApiResponse::json(
            200,
            &json!({"runner": runner_message(runner, true)}),
        )),
        None => Err("can't create new runner"),
    }
}

/// routers/api/actions/runner/interceptor.go: every call but Register carries the runner's
/// uuid and token; an unknown pair is "unregistered runner"; a known one touches
/// `last_online`.
fn authenticate(state: &mut State, request: &ApiRequest) -> Result<i64, ApiResponse> {
    let uuid = request.header("x-runner-uuid").unwrap_or("");
    let token = request.header("x-runner-token").unwrap_or("");
    let id = state
        .runner_by_uuid(uuid)
        .filter(|r| r.token == token)
        .map(|r| r.id);
    let Some(id) = id else {
        return Err(if state.flavour.is_forgejo() {
            connect_error("unauthenticated", "unregistered runner")
        } else {
            plain_error("rpc error: code = Unauthenticated desc = unregistered runner")
        });
    };
    if let Some(runner) = state.runner_mut(id) {
        runner.last_online = Some(Utc::now());
    }
    Ok(id)
}

/// routers/api/actions/runner/runner.go `Declare`: overwrites labels and version.
fn declare(state: &mut State, id: i64, body: &Value) -> ApiResponse {
    let labels = strings(body, "labels");
    let version = text(body, "version");
    if let Some(runner) = state.runner_mut(id) {
        runner.labels = labels;
        runner.version = version;
    }
    match state.runner(id) {
        Some(runner) => ApiResponse::json(200, &json!({"runner": runner_message(runner, false)})),
        None => plain_error("rpc error: code = Unauthenticated desc = unregistered runner"),
    }
}
