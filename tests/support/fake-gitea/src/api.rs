//! Gitea's and Forgejo's REST API v1: the routes runnerctl uses, by version.
//!
//! Order of checks, as Gitea's middleware chain runs them (routers/api/v1/api.go): the route
//! (404 unknown path, 405 known path with another method), the token (401 "token is
//! required"), the token's scope (`tokenRequiresScopes`, a group middleware, so it comes before
//! the lookup of the org or repo), the org or repo (404), the caller's rights (403).

use chrono::Utc;
use serde_json::{Value, json};

use crate::Shared;
use crate::flavour::Flavour;
use crate::http::{ApiRequest, ApiResponse};
use crate::state::{Job, JobStatus, Repo, Runner, RunnerStatus, Scope, State, User};

/// Gitea's `setting.API.MaxResponseItems` and `DefaultPagingNum` defaults
/// (modules/setting/api.go).
pub const MAX_RESPONSE_ITEMS: usize = 50;
pub const DEFAULT_PAGING_NUM: usize = 30;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Category {
    Admin,
    Organization,
    User,
    Repository,
}

impl Category {
    fn word(self) -> &'static str {
        match self {
            Category::Admin => "admin",
            Category::Organization => "organization",
            Category::User => "user",
            Category::Repository => "repository",
        }
    }
}

/// What a path names, before any check.
enum Target {
    Me,
    MyOrgs,
    MyRepos,
    Org(String),
    OrgRepos(String),
    Repo(String),
    /// `(scope-from-path, what)`; the `User` scope is filled with the caller's login later.
    Actions(PathScope, Action),
}

#[derive(Clone)]
enum PathScope {
    Instance,
    Org(String),
    Me,
    Repo(String),
}

enum Action {
    RegistrationToken,
    Runners,
    Runner(String),
    GiteaJobs,
    ForgejoJobs,
}

/// The JSON 404. Gitea 1.24+ (services/context/api.go `APIErrorNotFound`): `{"message":
/// "not found" or the handler's words, "url"}`; Gitea 1.22–1.23 and Forgejo (`ctx.NotFound`):
/// `{"errors": [], "message": "The target couldn't be found.", "url"}`.
pub(crate) fn not_found(request: &ApiRequest, flavour: Flavour) -> ApiResponse {
    not_found_because(request, flavour, "not found")
}

fn not_found_because(request: &ApiRequest, flavour: Flavour, message: &str) -> ApiResponse {
    let url = format!("{}/api/swagger", request.base_url());
    match flavour {
        Flavour::Gitea { minor } if minor >= 24 => {
            ApiResponse::json(404, &json!({"message": message, "url": url}))
        }
        _ => ApiResponse::json(
            404,
            &json!({"errors": [], "message": "The target couldn't be found.", "url": url}),
        ),
    }
}

/// Gitea's `ctx.APIError(status, message)`: `{"message", "url"}`.
pub(crate) fn api_error(request: &ApiRequest, status: u16, message: &str) -> ApiResponse {
    ApiResponse::json(
        status,
        &json!({"message": message, "url": format!("{}/api/swagger", request.base_url())}),
    )
}

/// chi's answer to a known path with another method: 405 and no body.
fn method_not_allowed() -> ApiResponse {
    ApiResponse::text(405, "")
}

pub(crate) fn handle(shared: &Shared, request: &ApiRequest) -> ApiResponse {
    let path = request.raw_path.trim_end_matches('/');
    let flavour = shared.state().flavour;
    if path == "/api/v1/version" {
        return match request.method.as_str() {
            "GET" => ApiResponse::json(200, &json!({"version": flavour.version_string()})),
            _ => method_not_allowed(),
        };
    }
    // Forgejo only (routers/api/forgejo/v1/api.go `Version`).
    if path == "/api/forgejo/v1/version" && flavour.is_forgejo() {
        return match request.method.as_str() {
            "GET" => ApiResponse::json(200, &json!({"version": flavour.version_string()})),
            _ => method_not_allowed(),
        };
    }
    let Some(rest) = path.strip_prefix("/api/v1/") else {
        return not_found(request, flavour);
    };
    let segments: Vec<String> = rest.split('/').map(decode).collect();
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let (target, category, methods) = match route(flavour, &segs) {
        Some(found) => found,
        None => return not_found(request, flavour),
    };
    if !methods.contains(&request.method.as_str()) {
        // A runner route catches `{id}` = "registration-token" for the methods it has: the id
        // does not parse, the runner is not found (routers/api/v1/shared/runners.go).
        if matches!(&target, Target::Actions(_, Action::RegistrationToken))
            && flavour.has_runner_api()
            && ["GET", "DELETE"].contains(&request.method.as_str())
        {
            return not_found(request, flavour);
        }
        return if methods.is_empty() {
            not_found(request, flavour)
        } else {
            method_not_allowed()
        };
    }
    let mut state = shared.state();
    let Some(token) = presented_token(request) else {
        return api_error(request, 401, "token is required");
    };
    let Some(pat) = state.tokens.iter().find(|t| t.token == token).cloned() else {
        // services/auth/oauth2.go: an unknown token signs nobody in; reqToken then answers.
        return api_error(request, 401, "token is required");
    };
    if let Some(refused) = check_scope(flavour, request, &pat.scopes, category) {
        return refused;
    }
    let Some(doer) = state.user(&pat.login).cloned() else {
        return api_error(request, 401, "token is required");
    };
    match target {
        Target::Me => ApiResponse::json(200, &user_json(&doer)),
        Target::MyOrgs => {
            let orgs: Vec<Value> = state
                .orgs
                .iter()
                .filter(|o| is_member(o, &doer.login))
                .map(org_json)
                .collect();
            paged_array(request, orgs)
        }
        Target::MyRepos => {
            let repos: Vec<Value> = state
                .repos
                .iter()
                .filter(|r| can_admin_repo(&state, &doer, r) || is_org_member_of(&state, r, &doer))
                .map(|r| repo_json(&state, &doer, r))
                .collect();
            paged_array(request, repos)
        }
        Target::Org(name) => match state.org(&name) {
            Some(org) => ApiResponse::json(200, &org_json(org)),
            None => not_found(request, flavour),
        },
        Target::OrgRepos(name) => {
            if state.org(&name).is_none() {
                return not_found(request, flavour);
            }
            let repos: Vec<Value> = state
                .repos
                .iter()
                .filter(|r| r.owner.eq_ignore_ascii_case(&name) && can_see_repo(&state, &doer, r))
                .map(|r| repo_json(&state, &doer, r))
                .collect();
            paged_array(request, repos)
        }
        Target::Repo(full) => match state.repo(&full) {
            Some(repo) if can_see_repo(&state, &doer, repo) => {
                ApiResponse::json(200, &repo_json(&state, &doer, repo))
            }
            _ => not_found(request, flavour),
        },
        Target::Actions(path_scope, action) => {
            // Gitea 1.26 moved the job lists to reader routes (`addActionsReaderRoutes`).
            let reader = matches!(action, Action::GiteaJobs) && flavour.job_list_needs_only_read();
            let scope = match resolve_scope(&state, request, &doer, path_scope, reader) {
                Ok(scope) => scope,
                Err(refused) => return refused,
            };
            actions(&mut state, request, scope, action)
        }
    }
}

fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 3 <= bytes.len()
            && let Some(byte) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The route a path names, the token scope category it needs, and the methods it has at
/// this version (gitea routers/api/v1/api.go; forgejo routers/api/v1/api.go).
fn route(flavour: Flavour, segs: &[&str]) -> Option<(Target, Category, Vec<&'static str>)> {
    let get = vec!["GET"];
    let (path_scope, category, rest): (PathScope, Category, &[&str]) = match segs {
        ["user"] => return Some((Target::Me, Category::User, get)),
        ["user", "orgs"] => return Some((Target::MyOrgs, Category::Organization, get)),
        ["user", "repos"] => return Some((Target::MyRepos, Category::Repository, get)),
        ["orgs", org] => {
            return Some((Target::Org(org.to_string()), Category::Organization, get));
        }
        ["orgs", org, "repos"] => {
            return Some((
                Target::OrgRepos(org.to_string()),
                Category::Organization,
                get,
            ));
        }
        ["repos", owner, name] => {
            return Some((
                Target::Repo(format!("{owner}/{name}")),
                Category::Repository,
                get,
            ));
        }
        ["admin", rest @ ..] => (PathScope::Instance, Category::Admin, rest),
        ["orgs", org, rest @ ..] => (
            PathScope::Org(org.to_string()),
            Category::Organization,
            rest,
        ),
        ["user", rest @ ..] => (PathScope::Me, Category::User, rest),
        ["repos", owner, name, rest @ ..] => (
            PathScope::Repo(format!("{owner}/{name}")),
            Category::Repository,
            rest,
        ),
        _ => return None,
    };
    let instance = matches!(path_scope, PathScope::Instance);
    // Forgejo's admin group has `actions/runners` only from v15; before, its instance token and
    // job search live under `/admin/runners/` alone (forgejo routers/api/v1/api.go).
    if instance
        && flavour.is_forgejo()
        && !flavour.has_runner_api()
        && rest.first() == Some(&"actions")
    {
        return None;
    }
    let (action, methods): (Action, Vec<&'static str>) = match rest {
        ["actions", "runners", "registration-token"] => {
            let mut methods = Vec::new();
            if flavour.has_registration_token_get() {
                methods.push("GET");
            }
            if flavour.has_registration_token_post() {
                methods.push("POST");
            }
            (Action::RegistrationToken, methods)
        }
        // The old instance route, without `actions/` (gitea routers/api/v1/api.go admin group
        // `m.Get("/runners/registration-token", admin.GetRegistrationToken)`, removed with the
        // other GET routes by PR #36801; Forgejo keeps it).
        ["runners", "registration-token"] if instance => {
            let methods = if flavour.has_registration_token_get() {
                vec!["GET"]
            } else {
                Vec::new()
            };
            (Action::RegistrationToken, methods)
        }
        // Forgejo's instance job search sits beside its registration token (forgejo
        // routers/api/v1/api.go admin group `m.Get("/runners/jobs", admin.SearchActionRunJobs)`).
        ["runners", "jobs"] if instance && flavour.has_forgejo_job_search() => {
            (Action::ForgejoJobs, vec!["GET"])
        }
        ["actions", "runners", "jobs"] if flavour.has_forgejo_job_search() => {
            (Action::ForgejoJobs, vec!["GET"])
        }
        ["actions", "runners"] => {
            let mut methods = Vec::new();
            if flavour.has_runner_api() {
                methods.push("GET");
            }
            if flavour.has_runner_create() {
                methods.push("POST");
            }
            (Action::Runners, methods)
        }
        ["actions", "runners", id] => {
            let mut methods = Vec::new();
            if flavour.has_runner_api() {
                methods.extend(["GET", "DELETE"]);
            }
            if flavour.has_runner_patch() {
                methods.push("PATCH");
            }
            (Action::Runner(id.to_string()), methods)
        }
        ["actions", "jobs"] => {
            let methods = if flavour.has_gitea_job_list() {
                vec!["GET"]
            } else {
                Vec::new()
            };
            (Action::GiteaJobs, methods)
        }
        _ => return None,
    };
    Some((Target::Actions(path_scope, action), category, methods))
}

/// `Authorization: token X` or `Bearer X`, or `?token=` / `?access_token=`
/// (services/auth/oauth2.go `parseToken`).
fn presented_token(request: &ApiRequest) -> Option<String> {
    if let Some(value) = request.header("authorization") {
        let value = value.trim();
        if let Some((kind, token)) = value.split_once(' ')
            && (kind.eq_ignore_ascii_case("token") || kind.eq_ignore_ascii_case("bearer"))
        {
            let token = token.trim();
            if !token.is_empty() {
                return Some(token.to_string());
            }
        }
        return None;
    }
    request
        .query_param("token")
        .or_else(|| request.query_param("access_token"))
        .filter(|t| !t.is_empty())
}

/// gitea routers/api/v1/api.go `tokenRequiresScopes`: GET needs `read:<cat>`, POST, PUT,
/// PATCH and DELETE `write:<cat>`; `write` implies `read`, `all` covers everything
/// (models/auth/access_token_scope.go).
fn check_scope(
    flavour: Flavour,
    request: &ApiRequest,
    scopes: &[String],
    category: Category,
) -> Option<ApiResponse> {
    let write = matches!(request.method.as_str(), "POST" | "PUT" | "PATCH" | "DELETE");
    let cat = category.word();
    let allowed = scopes.iter().any(|s| {
        s == "all" || *s == format!("write:{cat}") || (!write && *s == format!("read:{cat}"))
    });
    if allowed {
        return None;
    }
    let required = format!("[{}:{cat}]", if write { "write" } else { "read" });
    // Gitea 1.23+ names both sides; Forgejo keeps the older wording (forgejo
    // routers/api/v1/api.go `tokenRequiresScopes`, as Codeberg answers).
    let message = match flavour {
        Flavour::Gitea { .. } => format!(
            "token does not have at least one of required scope(s), required={required}, token scope={}",
            scopes.join(",")
        ),
        Flavour::Forgejo { .. } => {
            format!("token does not have at least one of required scope(s): {required}")
        }
    };
    Some(api_error(request, 403, &message))
}

fn is_member(org: &crate::state::Org, login: &str) -> bool {
    org.owners
        .iter()
        .chain(org.members.iter())
        .any(|m| m.eq_ignore_ascii_case(login))
}

fn is_org_owner(state: &State, org: &str, doer: &User) -> bool {
    state
        .org(org)
        .is_some_and(|o| o.owners.iter().any(|m| m.eq_ignore_ascii_case(&doer.login)))
}

fn is_org_member_of(state: &State, repo: &Repo, doer: &User) -> bool {
    state
        .org(&repo.owner)
        .is_some_and(|o| is_member(o, &doer.login))
}

/// Owner (or owner of the owning org) or site admin: gitea `reqAdmin`/`reqOwner`.
fn can_admin_repo(state: &State, doer: &User, repo: &Repo) -> bool {
    doer.is_admin
        || repo.owner.eq_ignore_ascii_case(&doer.login)
        || is_org_owner(state, &repo.owner, doer)
}

fn can_see_repo(state: &State, doer: &User, repo: &Repo) -> bool {
    !repo.private || can_admin_repo(state, doer, repo) || is_org_member_of(state, repo, doer)
}

/// The scope the route names, after the org/repo lookup and the rights check. `reader`: the
/// route needs only read access (Gitea 1.26's job list, `addActionsReaderRoutes`).
fn resolve_scope(
    state: &State,
    request: &ApiRequest,
    doer: &User,
    path_scope: PathScope,
    reader: bool,
) -> Result<Scope, ApiResponse> {
    match path_scope {
        PathScope::Instance => {
            if doer.is_admin {
                Ok(Scope::Instance)
            } else {
                // gitea routers/api/v1/api.go `reqSiteAdmin`.
                Err(api_error(request, 403, "user should be the site admin"))
            }
        }
        PathScope::Me => Ok(Scope::User(doer.login.clone())),
        PathScope::Org(name) => {
            let Some(org) = state.org(&name) else {
                return Err(not_found(request, state.flavour));
            };
            if doer.is_admin || is_org_owner(state, &name, doer) {
                Ok(Scope::Org(org.name.clone()))
            } else if reader && is_member(org, &doer.login) {
                // gitea routers/api/v1/api.go: the org's run and job lists take
                // `reqOrgMembership()` as their reader check.
                Ok(Scope::Org(org.name.clone()))
            } else if reader {
                Err(api_error(request, 403, "Must be an organization member"))
            } else {
                // gitea routers/api/v1/api.go `reqOrgOwnership`.
                Err(api_error(request, 403, "Must be an organization owner"))
            }
        }
        PathScope::Repo(full) => {
            let Some(repo) = state.repo(&full) else {
                return Err(not_found(request, state.flavour));
            };
            if !can_see_repo(state, doer, repo) {
                return Err(not_found(request, state.flavour));
            }
            let admin = can_admin_repo(state, doer, repo);
            if reader {
                // gitea `reqRepoReader(unit.TypeActions)`: a repo admin passes even with the
                // unit off; anyone else needs the unit readable.
                if !admin && !repo.has_actions {
                    return Err(api_error(
                        request,
                        403,
                        "user should have specific read permission or be a repo admin or a site admin",
                    ));
                }
                return Ok(Scope::Repo(repo.full_name()));
            }
            if !admin {
                // gitea routers/api/v1/api.go: the repo's actions routes take `reqOwner()`;
                // forgejo `reqOwner(unit.TypeActions)`.
                return Err(api_error(
                    request,
                    403,
                    "user should be the owner of the repo",
                ));
            }
            // Forgejo's `reqOwner(unit.TypeActions)` answers 404 for a repository whose Actions
            // unit is off. Gitea's `reqOwner()` names no unit, so Gitea serves its owner there
            // (read in api.go's route table, not against a live server).
            if !repo.has_actions && state.flavour.is_forgejo() {
                return Err(not_found(request, state.flavour));
            }
            Ok(Scope::Repo(repo.full_name()))
        }
    }
}

fn actions(state: &mut State, request: &ApiRequest, scope: Scope, action: Action) -> ApiResponse {
    match action {
        // gitea routers/api/v1/shared/runners.go `GetRegistrationToken`: the scope's active
        // token, created when there is none (models/actions/runner_token.go).
        Action::RegistrationToken => {
            let token = state.registration_token(&scope);
            ApiResponse::json(200, &json!({ "token": token }))
        }
        Action::Runners if request.method == "POST" => create_runner(state, request, scope),
        Action::Runners => list_runners(state, request, &scope),
        Action::Runner(id) => {
            // gitea routers/api/v1/shared/runners.go `getRunnerByID`: an unknown id is "Runner
            // not found", a runner of another scope "No permission to access this runner".
            let Some(runner) = id.parse::<i64>().ok().and_then(|id| state.runner(id)) else {
                return not_found_because(request, state.flavour, "Runner not found");
            };
            if !State::in_scope(&runner.scope, &scope) {
                return not_found_because(
                    request,
                    state.flavour,
                    "No permission to access this runner",
                );
            }
            let id = runner.id;
            match request.method.as_str() {
                "DELETE" => {
                    state.delete_runner(id);
                    ApiResponse::empty(204)
                }
                "PATCH" => patch_runner(state, request, id),
                _ => match state.runner(id) {
                    Some(runner) => ApiResponse::json(200, &runner_json(state, runner)),
                    None => not_found(request, state.flavour),
                },
            }
        }
        Action::GiteaJobs => gitea_jobs(state, request, &scope),
        Action::ForgejoJobs => forgejo_jobs(state, request, &scope),
    }
}

/// `(page, limit)` as gitea routers/api/v1/utils/page.go `GetListOptions`: page < 1 is 1,
/// limit < 1 is `DEFAULT_PAGING_NUM`, above `MAX_RESPONSE_ITEMS` it is clamped.
fn list_options(request: &ApiRequest) -> (usize, usize) {
    let number = |name: &str| {
        request
            .query_param(name)
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or(0)
    };
    let page = usize::try_from(number("page").max(1)).unwrap_or(1);
    let limit = match number("limit") {
        n if n <= 0 => DEFAULT_PAGING_NUM,
        n => usize::try_from(n)
            .unwrap_or(MAX_RESPONSE_ITEMS)
            .min(MAX_RESPONSE_ITEMS),
    };
    (page, limit)
}

fn page_of<T: Clone>(items: &[T], page: usize, limit: usize) -> Vec<T> {
    items
        .iter()
        .skip((page - 1).saturating_mul(limit))
        .take(limit)
        .cloned()
        .collect()
}

/// services/context/api.go `SetLinkHeader` (modules/paginator): next, last, first, prev with
/// absolute URLs; only the links that lead somewhere.
fn link_header(request: &ApiRequest, total: usize, page: usize, limit: usize) -> Option<String> {
    let pages = total.div_ceil(limit).max(1);
    let others: Vec<(String, String)> = form_urlencoded::parse(request.query.as_bytes())
        .filter(|(k, _)| k != "page")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let url = |page: usize| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (k, v) in &others {
            query.append_pair(k, v);
        }
        query.append_pair("page", &page.to_string());
        format!(
            "<{}{}?{}>",
            request.base_url(),
            request.raw_path,
            query.finish()
        )
    };
    let mut links = Vec::new();
    if page < pages {
        links.push(format!("{}; rel=\"next\"", url(page + 1)));
        links.push(format!("{}; rel=\"last\"", url(pages)));
    }
    if page > 1 {
        links.push(format!("{}; rel=\"first\"", url(1)));
        links.push(format!("{}; rel=\"prev\"", url(page - 1)));
    }
    if links.is_empty() {
        None
    } else {
        Some(links.join(","))
    }
}

/// A bare JSON array page with `X-Total-Count` and `Link`, as Gitea's user, org and repo lists.
fn paged_array(request: &ApiRequest, items: Vec<Value>) -> ApiResponse {
    let (page, limit) = list_options(request);
    let total = items.len();
    let mut response = ApiResponse::json(200, &page_of(&items, page, limit))
        .with_header("x-total-count", total.to_string());
    if let Some(link) = link_header(request, total, page, limit) {
        response = response.with_header("link", link);
    }
    response
}

fn user_json(user: &User) -> Value {
    json!({
        "id": user.id,
        "login": user.login,
        "login_name": "",
        "full_name": "",
        "email": format!("{}@example.com", user.login),
        "is_admin": user.is_admin,
        "username": user.login,
    })
}

fn org_json(org: &crate::state::Org) -> Value {
    json!({
        "id": org.id,
        "name": org.name,
        "username": org.name,
        "full_name": "",
        "visibility": "public",
    })
}

fn repo_json(state: &State, doer: &User, repo: &Repo) -> Value {
    let admin = can_admin_repo(state, doer, repo);
    json!({
        "id": repo.id,
        "owner": {"id": state.owner_id(&repo.owner).unwrap_or(0), "login": repo.owner, "username": repo.owner},
        "name": repo.name,
        "full_name": repo.full_name(),
        "private": repo.private,
        "has_actions": repo.has_actions,
        "permissions": {"admin": admin, "push": admin, "pull": true},
    })
}

/// Sorted by `last_online DESC` (models/actions/runner.go `FindRunnerOptions.ToOrders`), then id.
fn sorted_runners<'a>(state: &'a State, scope: &Scope) -> Vec<&'a Runner> {
    let mut runners: Vec<&Runner> = state
        .runners
        .iter()
        .filter(|r| State::in_scope(&r.scope, scope))
        .collect();
    runners.sort_by(|a, b| {
        b.last_online
            .cmp(&a.last_online)
            .then_with(|| b.id.cmp(&a.id))
    });
    runners
}

fn list_runners(state: &State, request: &ApiRequest, scope: &Scope) -> ApiResponse {
    let (page, limit) = list_options(request);
    let mut runners = sorted_runners(state, scope);
    // Forgejo 15 `?visible=true`: also the runners the scope can use (its owner's and the
    // instance's), as the web UI's runner list shows them.
    if state.flavour.is_forgejo() && request.query_param("visible").as_deref() == Some("true") {
        let owner = match scope {
            Scope::Repo(full) => full.split_once('/').map(|(o, _)| o.to_string()),
            _ => None,
        };
        runners = state
            .runners
            .iter()
            .filter(|r| {
                State::in_scope(&r.scope, scope)
                    || r.scope == Scope::Instance
                    || owner.as_deref().is_some_and(|o| {
                        matches!(&r.scope, Scope::Org(n) | Scope::User(n) if n.eq_ignore_ascii_case(o))
                    })
            })
            .collect();
        runners.sort_by(|a, b| {
            b.last_online
                .cmp(&a.last_online)
                .then_with(|| b.id.cmp(&a.id))
        });
    }
    // gitea shared/runners.go `ListRunners`: `opts.IsDisabled = ctx.FormOptionalBool("disabled")`.
    if !state.flavour.is_forgejo()
        && let Some(wanted) = request
            .query_param("disabled")
            .and_then(|v| v.parse::<bool>().ok())
    {
        runners.retain(|r| r.disabled == wanted);
    }
    let total = runners.len();
    let items: Vec<Value> = page_of(&runners, page, limit)
        .into_iter()
        .map(|r| runner_json(state, r))
        .collect();
    if state.flavour.is_forgejo() {
        // Forgejo 15: a bare array with X-Total-Count and Link.
        let mut response =
            ApiResponse::json(200, &items).with_header("x-total-count", total.to_string());
        if let Some(link) = link_header(request, total, page, limit) {
            response = response.with_header("link", link);
        }
        response
    } else {
        // gitea routers/api/v1/shared/runners.go `ListRunners`: `api.ActionRunnersResponse`,
        // no paging headers.
        ApiResponse::json(200, &json!({"runners": items, "total_count": total}))
    }
}

/// gitea services/convert/convert.go `ToActionRunner`; Forgejo 15's own ActionRunner.
fn runner_json(state: &State, runner: &Runner) -> Value {
    let status = runner.status(Utc::now());
    if state.flavour.is_forgejo() {
        let (owner_id, repo_id) = state.scope_ids(&runner.scope);
        let labels = if runner.labels.is_empty() {
            Value::Null
        } else {
            json!(runner.labels)
        };
        return json!({
            "id": runner.id,
            "uuid": runner.uuid,
            "name": runner.name,
            "owner_id": owner_id,
            "repo_id": repo_id,
            "description": runner.description,
            "version": runner.version,
            "status": match status {
                RunnerStatus::Offline => "offline",
                RunnerStatus::Idle => "idle",
                RunnerStatus::Active => "active",
            },
            "labels": labels,
            "ephemeral": runner.ephemeral,
        });
    }
    let labels: Vec<Value> = runner
        .labels
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"id": i + 1, "name": name, "type": "custom"}))
        .collect();
    let mut value = json!({
        "id": runner.id,
        "name": runner.name,
        "status": if status == RunnerStatus::Offline { "offline" } else { "online" },
        "busy": status == RunnerStatus::Active,
        "ephemeral": runner.ephemeral,
        "labels": labels,
    });
    if state.flavour.runner_json_has_disabled()
        && let Some(map) = value.as_object_mut()
    {
        map.insert("disabled".to_string(), json!(runner.disabled));
    }
    value
}

/// gitea routers/api/v1/shared/runners.go `UpdateRunner` (1.26, PR #36776): without
/// `disabled`, 422 `{"message": "[Disabled]: Required"}`.
fn patch_runner(state: &mut State, request: &ApiRequest, id: i64) -> ApiResponse {
    let disabled = request
        .json_body()
        .and_then(|v| v.get("disabled").and_then(Value::as_bool));
    let Some(disabled) = disabled else {
        return api_error(request, 422, "[Disabled]: Required");
    };
    if let Some(runner) = state.runner_mut(id) {
        runner.disabled = disabled;
    }
    match state.runner(id) {
        Some(runner) => ApiResponse::json(200, &runner_json(state, runner)),
        None => not_found(request, state.flavour),
    }
}

/// Forgejo 15 `POST {scope}/actions/runners` `{"name", "description"}` → 201
/// `{"id", "uuid", "token"}`: the runner exists at once, with no labels until it declares.
fn create_runner(state: &mut State, request: &ApiRequest, scope: Scope) -> ApiResponse {
    if !request.content_type_is_json() {
        return api_error(request, 422, "the body must be JSON");
    }
    let body = request.json_body().unwrap_or(Value::Null);
    let name = body.get("name").and_then(Value::as_str).unwrap_or("");
    if name.is_empty() {
        return ApiResponse::json(
            422,
            &json!([{"fieldNames": ["Name"], "classification": "RequiredError", "message": "Required"}]),
        );
    }
    let description = body
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    let id = state.add_runner(scope, name, Vec::new(), "", false, description);
    match state.runner(id) {
        Some(runner) => ApiResponse::json(
            201,
            &json!({"id": runner.id, "uuid": runner.uuid, "token": runner.token}),
        ),
        None => api_error(request, 500, "runner vanished"),
    }
}

/// Whether a job's repository is within a scope: the repo itself, the owner's repos, or all.
fn job_in_scope(job: &Job, scope: &Scope) -> bool {
    match scope {
        Scope::Instance => true,
        Scope::Repo(full) => job.repo.eq_ignore_ascii_case(full),
        Scope::Org(owner) | Scope::User(owner) => job
            .repo
            .split_once('/')
            .is_some_and(|(o, _)| o.eq_ignore_ascii_case(owner)),
    }
}

/// gitea routers/api/v1/shared/action.go `ListJobs`, converted by services/convert/convert.go
/// `ToActionWorkflowJob`; `status` may repeat; an unknown one is 400 "Invalid status X".
fn gitea_jobs(state: &State, request: &ApiRequest, scope: &Scope) -> ApiResponse {
    let mut wanted = Vec::new();
    for word in request.query_params("status") {
        let status = match word.as_str() {
            "pending" | "waiting" | "requested" | "action_required" => JobStatus::Waiting,
            "queued" => JobStatus::Queued,
            "in_progress" => JobStatus::InProgress,
            "completed" | "success" => JobStatus::Completed,
            "failure" | "skipped" | "neutral" | "cancelled" | "timed_out" => continue,
            other => return api_error(request, 400, &format!("Invalid status {other}")),
        };
        wanted.push(status);
    }
    let jobs: Vec<&Job> = state
        .jobs
        .iter()
        .filter(|j| job_in_scope(j, scope))
        .filter(|j| wanted.is_empty() || wanted.contains(&j.status))
        .collect();
    let (page, limit) = list_options(request);
    let total = jobs.len();
    let base = request.base_url();
    let items: Vec<Value> = page_of(&jobs, page, limit)
        .into_iter()
        .map(|job| {
            let runner_name = job
                .runner_id
                .and_then(|id| state.runner(id))
                .map(|r| r.name.clone())
                .unwrap_or_default();
            json!({
                "id": job.id,
                "url": format!("{base}/api/v1/repos/{}/actions/jobs/{}", job.repo, job.id),
                "html_url": format!("{base}/{}/actions/runs/{}/jobs/0", job.repo, job.run_id),
                "run_id": job.run_id,
                "run_url": format!("{base}/api/v1/repos/{}/actions/runs/{}", job.repo, job.run_id),
                "name": job.name,
                "labels": job.labels,
                "status": job.status.gitea_word(),
                "conclusion": if job.status == JobStatus::Completed { "success" } else { "" },
                "runner_id": job.runner_id.unwrap_or(0),
                "runner_name": runner_name,
                "head_branch": job.head_branch,
                "head_sha": "0000000000000000000000000000000000000000",
                "created_at": job.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "steps": [],
            })
        })
        .collect();
    let mut response = ApiResponse::json(200, &json!({"jobs": items, "total_count": total}));
    if state.flavour.job_list_has_paging_headers() {
        response = response.with_header("x-total-count", total.to_string());
        if let Some(link) = link_header(request, total, page, limit) {
            response = response.with_header("link", link);
        }
    }
    response
}

/// forgejo routers/api/v1/shared/runners.go `GetActionRunJobs`: the waiting and running jobs
/// of the scope whose every `runs-on` label is among `labels`; without `labels`, `null` on
/// v11–v13 and every such job from v14.
fn forgejo_jobs(state: &State, request: &ApiRequest, scope: &Scope) -> ApiResponse {
    let labels: Option<Vec<String>> = request.query_param("labels").map(|v| {
        v.split(',')
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    });
    if labels.is_none() && state.flavour.forgejo_jobs_without_labels_is_null() {
        return ApiResponse::json(200, &Value::Null);
    }
    let items: Vec<Value> = state
        .jobs
        .iter()
        .filter(|j| job_in_scope(j, scope))
        .filter(|j| matches!(j.status, JobStatus::Queued | JobStatus::InProgress))
        .filter(|j| {
            labels
                .as_ref()
                .is_none_or(|have| j.labels.iter().all(|l| have.contains(l)))
        })
        .map(|job| {
            let repo = state.repo(&job.repo);
            json!({
                "id": job.id,
                "repo_id": repo.map(|r| r.id).unwrap_or(0),
                "owner_id": repo.and_then(|r| state.owner_id(&r.owner)).unwrap_or(0),
                "name": job.name,
                "needs": job.needs,
                "runs_on": job.labels,
                "task_id": job.task_id,
                "status": job.status.internal_word(),
            })
        })
        .collect();
    ApiResponse::json(200, &items)
}
