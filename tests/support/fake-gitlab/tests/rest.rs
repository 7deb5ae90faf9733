//! Pins the parts of the fake that must match GitLab.

use std::time::Duration;

use fake_gitlab::{
    ADMIN_TOKEN, FakeGitLab, Fault, FaultKind, Fleet, JobSeed, MAINTAINER, MAINTAINER_TOKEN, OWNER,
    RunnerSeed, TokenSeed,
};
use reqwest::blocking::{Client, Response};
use serde_json::{Value, json};

fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

fn get(gitlab: &FakeGitLab, token: &str, path: &str) -> Response {
    client()
        .get(format!("{}{path}", gitlab.url()))
        .header("PRIVATE-TOKEN", token)
        .send()
        .expect("request")
}

fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("ascii header").to_string())
}

fn team_fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/sub/app");
    fleet.add_member("maintainer", "team/sub/app", MAINTAINER);
    fleet
}

#[test]
fn pagination_headers_walk_250_runners_like_gitlab() {
    let mut fleet = Fleet::with_standard_users();
    for i in 0..250 {
        fleet.add_runner(RunnerSeed::instance().description(&format!("r{i}")));
    }
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let first = get(&gitlab, ADMIN_TOKEN, "/api/v4/runners/all?per_page=100");
    assert_eq!(first.status(), 200);
    assert_eq!(header(&first, "x-total").as_deref(), Some("250"));
    assert_eq!(header(&first, "x-total-pages").as_deref(), Some("3"));
    assert_eq!(header(&first, "x-page").as_deref(), Some("1"));
    assert_eq!(header(&first, "x-per-page").as_deref(), Some("100"));
    assert_eq!(header(&first, "x-next-page").as_deref(), Some("2"));
    assert_eq!(header(&first, "x-prev-page").as_deref(), Some(""));
    let link = header(&first, "link").expect("link");
    assert!(
        link.contains("rel=\"next\"")
            && link.contains("rel=\"first\"")
            && link.contains("rel=\"last\""),
        "{link}"
    );
    assert!(!link.contains("rel=\"prev\""));
    let body: Vec<Value> = first.json().expect("json");
    assert_eq!(body.len(), 100);

    let last = get(
        &gitlab,
        ADMIN_TOKEN,
        "/api/v4/runners/all?per_page=100&page=3",
    );
    assert_eq!(header(&last, "x-next-page").as_deref(), Some(""));
    assert_eq!(header(&last, "x-prev-page").as_deref(), Some("2"));
    assert_eq!(last.json::<Vec<Value>>().expect("json").len(), 50);

    // per_page above 100 is capped; the default is 20.
    let capped = get(&gitlab, ADMIN_TOKEN, "/api/v4/runners/all?per_page=500");
    assert_eq!(header(&capped, "x-per-page").as_deref(), Some("100"));
    let default = get(&gitlab, ADMIN_TOKEN, "/api/v4/runners/all");
    assert_eq!(header(&default, "x-per-page").as_deref(), Some("20"));
}

#[test]
fn project_jobs_are_newest_first_and_never_counted() {
    let mut fleet = team_fleet();
    for _ in 0..30 {
        fleet.add_job(JobSeed::pending("team/sub/app", "build"));
    }
    fleet.add_job(JobSeed::pending("team/sub/app", "done").status("success"));
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let response = get(
        &gitlab,
        MAINTAINER_TOKEN,
        "/api/v4/projects/team%2Fsub%2Fapp/jobs?scope[]=pending&per_page=25",
    );
    assert_eq!(response.status(), 200);
    assert_eq!(header(&response, "x-total"), None);
    assert_eq!(header(&response, "x-next-page").as_deref(), Some("2"));
    assert!(
        !header(&response, "link")
            .expect("link")
            .contains("rel=\"last\"")
    );
    let jobs: Vec<Value> = response.json().expect("json");
    assert_eq!(jobs.len(), 25);
    assert!(jobs[0]["id"].as_u64() > jobs[1]["id"].as_u64());
    assert!(
        jobs.iter()
            .all(|j| j["status"] == "pending" && j["runner"].is_null())
    );
    let single = get(
        &gitlab,
        MAINTAINER_TOKEN,
        "/api/v4/projects/team%2Fsub%2Fapp/jobs?scope=success",
    );
    assert_eq!(single.json::<Vec<Value>>().expect("json").len(), 1);
}

#[test]
fn missing_scope_gets_gitlabs_insufficient_scope_body() {
    let mut fleet = team_fleet();
    fleet.add_token("maintainer", TokenSeed::new("glpat-reader", &["read_api"]));
    fleet.add_token(
        "maintainer",
        TokenSeed::new("glpat-creator", &["create_runner"]),
    );
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let response = client()
        .post(format!("{}/api/v4/user/runners", gitlab.url()))
        .header("PRIVATE-TOKEN", "glpat-reader")
        .json(&json!({"runner_type": "project_type", "project_id": 1}))
        .send()
        .expect("request");
    assert_eq!(response.status(), 403);
    let body: Value = response.json().expect("json");
    assert_eq!(
        body,
        json!({
            "error": "insufficient_scope",
            "error_description": "The request requires higher privileges than provided by the access token.",
            "scope": "api create_runner",
        })
    );
    // create_runner alone may create but not read.
    assert_eq!(
        get(&gitlab, "glpat-creator", "/api/v4/projects/1").status(),
        403
    );
    assert_eq!(gitlab.with_state(|s| s.runners.len()), 0);
}

#[test]
fn bad_expired_and_revoked_tokens_get_401() {
    let mut fleet = team_fleet();
    fleet.add_token(
        "maintainer",
        TokenSeed::new("glpat-old", &["api"]).expires_in("-1d"),
    );
    fleet.add_token(
        "maintainer",
        TokenSeed::new("glpat-gone", &["api"]).revoked(),
    );
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let unknown = get(&gitlab, "glpat-nope", "/api/v4/user");
    assert_eq!(unknown.status(), 401);
    assert_eq!(
        unknown.json::<Value>().expect("json"),
        json!({"message": "401 Unauthorized"})
    );
    let expired = get(&gitlab, "glpat-old", "/api/v4/user");
    assert_eq!(expired.status(), 401);
    assert_eq!(
        expired.json::<Value>().expect("json")["error"],
        "invalid_token"
    );
    assert_eq!(get(&gitlab, "glpat-gone", "/api/v4/user").status(), 401);
    let bearer = client()
        .get(format!("{}/api/v4/user", gitlab.url()))
        .bearer_auth(MAINTAINER_TOKEN)
        .send()
        .expect("request");
    assert_eq!(
        bearer.json::<Value>().expect("json")["username"],
        "maintainer"
    );
}

#[test]
fn encoded_paths_resolve_and_unseen_things_are_404() {
    let mut fleet = team_fleet();
    fleet.add_project("other/secret");
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let group = get(&gitlab, MAINTAINER_TOKEN, "/api/v4/groups/team%2Fsub");
    assert_eq!(group.status(), 200);
    assert_eq!(
        group.json::<Value>().expect("json")["full_path"],
        "team/sub"
    );
    let project: Value = get(
        &gitlab,
        MAINTAINER_TOKEN,
        "/api/v4/projects/team%2Fsub%2Fapp",
    )
    .json()
    .expect("json");
    assert_eq!(project["path_with_namespace"], "team/sub/app");
    assert_eq!(project["group_runners_enabled"], true);
    let secret = get(&gitlab, MAINTAINER_TOKEN, "/api/v4/projects/other%2Fsecret");
    assert_eq!(secret.status(), 404);
    assert_eq!(
        secret.json::<Value>().expect("json"),
        json!({"message": "404 Project Not Found"})
    );
    assert_eq!(
        get(&gitlab, MAINTAINER_TOKEN, "/api/v4/groups/other").status(),
        404
    );
    let requests = gitlab.requests();
    assert_eq!(requests[0].path, "/api/v4/groups/team%2Fsub");
}

#[test]
fn create_runner_follows_roles_and_validations() {
    let gitlab = FakeGitLab::start(team_fleet()).expect("start");
    let create = |body: Value| {
        client()
            .post(format!("{}/api/v4/user/runners", gitlab.url()))
            .header("PRIVATE-TOKEN", MAINTAINER_TOKEN)
            .json(&body)
            .send()
            .expect("request")
    };
    // A project Maintainer may create a project runner, not a group or instance runner.
    let created =
        create(json!({"runner_type": "project_type", "project_id": 1, "tag_list": "a, b"}));
    assert_eq!(created.status(), 201);
    let body: Value = created.json().expect("json");
    let token = body["token"].as_str().expect("token").to_string();
    assert!(token.starts_with("glrt-"));
    let id = body["id"].as_u64().expect("id");
    gitlab.with_state(|s| {
        let runner = s.runner(id).expect("runner");
        assert_eq!(runner.token, token);
        assert_eq!(runner.tag_list, ["a", "b"]);
        assert!(runner.run_untagged);
    });
    let group_id = gitlab
        .with_state(|s| s.group_by_path("team").map(|g| g.id))
        .expect("group");
    let denied = create(json!({"runner_type": "group_type", "group_id": group_id}));
    assert_eq!(denied.status(), 403);
    assert_eq!(
        create(json!({"runner_type": "instance_type"})).status(),
        403
    );
    let untagged =
        create(json!({"runner_type": "project_type", "project_id": 1, "run_untagged": false}));
    assert_eq!(untagged.status(), 400);
    let short =
        create(json!({"runner_type": "project_type", "project_id": 1, "maximum_timeout": 300}));
    assert_eq!(short.status(), 400);
    assert_eq!(
        create(json!({"runner_type": "group_type"}))
            .json::<Value>()
            .expect("json"),
        json!({"error": "group_id is missing"})
    );
    assert_eq!(gitlab.with_state(|s| s.runners.len()), 1);
}

#[test]
fn runner_routes_check_roles_and_delete_rules() {
    let mut fleet = team_fleet();
    fleet.add_project("team/sub/lib");
    fleet.add_member("maintainer", "team/sub/lib", MAINTAINER);
    let shared = fleet.add_runner(RunnerSeed::project("team/sub/app").also_project("team/sub/lib"));
    let group_runner = fleet.add_runner(RunnerSeed::group("team"));
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let delete = |id: u64, token: &str| {
        client()
            .delete(format!("{}/api/v4/runners/{id}", gitlab.url()))
            .header("PRIVATE-TOKEN", token)
            .send()
            .expect("request")
    };
    let refused = delete(shared, MAINTAINER_TOKEN);
    assert_eq!(refused.status(), 403);
    assert_eq!(
        refused.json::<Value>().expect("json"),
        json!({"message": "403 Forbidden - Runner associated with more than one project"})
    );
    assert_eq!(
        get(
            &gitlab,
            MAINTAINER_TOKEN,
            &format!("/api/v4/runners/{group_runner}")
        )
        .status(),
        403
    );
    assert_eq!(
        get(&gitlab, MAINTAINER_TOKEN, "/api/v4/runners/all").status(),
        403
    );
    assert_eq!(
        get(&gitlab, MAINTAINER_TOKEN, "/api/v4/runners/999")
            .json::<Value>()
            .expect("json"),
        json!({"message": "404 Runner Not Found"})
    );
    assert_eq!(delete(shared, ADMIN_TOKEN).status(), 204);
    assert!(gitlab.with_state(|s| s.runner(shared).is_none()));
    gitlab.with_state(|s| s.memberships.clear());
    let mut fleet_owner = Fleet::with_standard_users();
    fleet_owner.add_group("team");
    fleet_owner.add_member("maintainer", "team", OWNER);
    let rg = fleet_owner.add_runner(RunnerSeed::group("team").paused(true).contacted_ago("1h"));
    let owner_gitlab = FakeGitLab::start(fleet_owner).expect("start");
    let details: Value = get(
        &owner_gitlab,
        MAINTAINER_TOKEN,
        &format!("/api/v4/runners/{rg}"),
    )
    .json()
    .expect("json");
    assert_eq!(details["status"], "paused");
    assert_eq!(details["paused"], true);
    assert_eq!(details["groups"][0]["name"], "team");
    let owned: Vec<Value> = get(&owner_gitlab, MAINTAINER_TOKEN, "/api/v4/runners")
        .json()
        .expect("json");
    assert_eq!(owned.len(), 1);
}

#[test]
fn runner_filters_narrow_lists() {
    let mut fleet = team_fleet();
    fleet.add_runner(
        RunnerSeed::instance()
            .tags(&["docker", "gpu"])
            .contacted_ago("5m"),
    );
    fleet.add_runner(RunnerSeed::instance().tags(&["docker"]).contacted_ago("3h"));
    fleet.add_runner(RunnerSeed::instance().created_ago("30d"));
    fleet.add_runner(RunnerSeed::project("team/sub/app").paused(true));
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let count = |query: &str| {
        get(
            &gitlab,
            ADMIN_TOKEN,
            &format!("/api/v4/runners/all?{query}"),
        )
        .json::<Vec<Value>>()
        .expect("json")
        .len()
    };
    assert_eq!(count("tag_list=docker,gpu"), 1);
    assert_eq!(count("tag_list[]=docker"), 2);
    assert_eq!(count("status=online"), 1);
    assert_eq!(count("status=offline"), 1);
    assert_eq!(count("status=stale"), 1);
    // The scopes overlap as GitLab's SQL does: `contacted_at IS NULL` holds the stale one too.
    assert_eq!(count("status=never_contacted"), 2);
    assert_eq!(count("paused=true"), 1);
    assert_eq!(count("type=project_type"), 1);
    assert_eq!(
        get(&gitlab, ADMIN_TOKEN, "/api/v4/runners/all?status=bogus").status(),
        400
    );
    let available: Vec<Value> = get(&gitlab, MAINTAINER_TOKEN, "/api/v4/projects/1/runners")
        .json()
        .expect("json");
    assert_eq!(available.len(), 4);
}

#[test]
fn verify_heartbeats_and_creates_a_manager() {
    let mut fleet = Fleet::with_standard_users();
    let id = fleet.add_runner(RunnerSeed::instance().token("glrt-known"));
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let verify = |token: &str| {
        client()
            .post(format!("{}/api/v4/runners/verify", gitlab.url()))
            .json(&json!({"token": token, "system_id": "s_0123456789ab"}))
            .send()
            .expect("request")
    };
    assert_eq!(
        gitlab.with_state(|s| s.runner(id).map(|r| r.contacted_at.is_none())),
        Some(true)
    );
    let ok = verify("glrt-known");
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.json::<Value>().expect("json")["id"], id);
    assert_eq!(verify("glrt-unknown").status(), 403);
    gitlab.with_state(|s| {
        let runner = s.runner(id).expect("runner");
        assert!(runner.contacted_at.is_some());
        assert_eq!(runner.managers.len(), 1);
        assert_eq!(runner.managers[0].system_id, "s_0123456789ab");
    });
    let remove = |system_id: &str| {
        client()
            .delete(format!("{}/api/v4/runners/managers", gitlab.url()))
            .json(&json!({"token": "glrt-known", "system_id": system_id}))
            .send()
            .expect("request")
            .status()
    };
    assert_eq!(remove("s_0123456789ab"), 204);
    assert_eq!(remove("s_0123456789ab"), 404);
    let reset: Value = client()
        .post(format!(
            "{}/api/v4/runners/reset_authentication_token",
            gitlab.url()
        ))
        .json(&json!({"token": "glrt-known"}))
        .send()
        .expect("request")
        .json()
        .expect("json");
    let fresh = reset["token"].as_str().expect("token").to_string();
    assert_eq!(
        gitlab.with_state(|s| s.runner(id).map(|r| r.token.clone())),
        Some(fresh)
    );
    assert_eq!(verify("glrt-known").status(), 403);
}

#[test]
fn status_fault_answers_before_the_handler_and_counts_down() {
    let gitlab = FakeGitLab::start(team_fleet()).expect("start");
    gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 429,
            retry_after: Some(3),
        })
        .method("POST")
        .path("/api/v4/user/runners")
        .times(1),
    );
    let post = || {
        client()
            .post(format!("{}/api/v4/user/runners", gitlab.url()))
            .header("PRIVATE-TOKEN", MAINTAINER_TOKEN)
            .json(&json!({"runner_type": "project_type", "project_id": 1}))
            .send()
            .expect("request")
    };
    let limited = post();
    assert_eq!(limited.status(), 429);
    assert_eq!(header(&limited, "retry-after").as_deref(), Some("3"));
    assert_eq!(gitlab.with_state(|s| s.runners.len()), 0);
    assert_eq!(post().status(), 201);
    let statuses: Vec<u16> = gitlab.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 201]);
}

#[test]
fn after_handling_faults_change_state_then_fail() {
    let gitlab = FakeGitLab::start(team_fleet()).expect("start");
    gitlab.inject(
        Fault::new(FaultKind::StatusAfterHandling { status: 502 })
            .path("/api/v4/user/*")
            .times(1),
    );
    let post = |timeout: Duration| {
        Client::builder()
            .timeout(timeout)
            .build()
            .expect("client")
            .post(format!("{}/api/v4/user/runners", gitlab.url()))
            .header("PRIVATE-TOKEN", MAINTAINER_TOKEN)
            .json(&json!({"runner_type": "project_type", "project_id": 1}))
            .send()
    };
    assert_eq!(
        post(Duration::from_secs(5)).expect("response").status(),
        502
    );
    assert_eq!(gitlab.with_state(|s| s.runners.len()), 1);
    gitlab.inject(Fault::new(FaultKind::DelayAfterHandling(Duration::from_secs(2))).times(1));
    assert!(post(Duration::from_millis(300)).is_err());
    assert_eq!(gitlab.with_state(|s| s.runners.len()), 2);
    gitlab.inject(Fault::new(FaultKind::DropConnection).times(1));
    assert!(post(Duration::from_secs(5)).is_err());
    assert_eq!(gitlab.with_state(|s| s.runners.len()), 2);
    assert_eq!(
        post(Duration::from_secs(5)).expect("response").status(),
        201
    );
}

#[test]
fn rate_limit_every_nth_request() {
    let gitlab = FakeGitLab::start(team_fleet()).expect("start");
    gitlab.inject(Fault::new(FaultKind::RateLimitEvery {
        every: 3,
        retry_after: 1,
    }));
    let statuses: Vec<u16> = (0..6)
        .map(|_| {
            get(&gitlab, MAINTAINER_TOKEN, "/api/v4/user")
                .status()
                .as_u16()
        })
        .collect();
    assert_eq!(statuses, [200, 200, 429, 200, 200, 429]);
    gitlab.clear_faults();
    assert_eq!(get(&gitlab, MAINTAINER_TOKEN, "/api/v4/user").status(), 200);
}

#[test]
fn big_fleets_build_in_a_few_lines() {
    let mut fleet = Fleet::with_standard_users();
    for i in 0..300 {
        fleet.add_project(&format!("org/team{}/sub{}/app{i}", i % 10, i % 3));
    }
    for i in 0..2000 {
        fleet.add_runner(
            RunnerSeed::group(&format!("org/team{}", i % 10))
                .tags(&["docker"])
                .contacted_ago("10m"),
        );
    }
    for i in 0..500 {
        let p = i % 300;
        let project = format!("org/team{}/sub{}/app{p}", p % 10, p % 3);
        fleet.add_job(JobSeed::pending(&project, "build").tags(&["docker"]));
    }
    let gitlab = FakeGitLab::start(fleet).expect("start");
    assert_eq!(
        gitlab.with_state(|s| (s.runners.len(), s.projects.len(), s.jobs.len())),
        (2000, 300, 500)
    );
}

#[test]
fn example_fleet_file_loads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../examples/fleet.json");
    let fleet = Fleet::from_file(path).expect("examples/fleet.json is valid");
    let gitlab = FakeGitLab::start(fleet).expect("start");
    assert!(gitlab.with_state(|s| !s.runners.is_empty()));
}

#[test]
fn latency_is_added_and_control_endpoints_are_not_recorded() {
    let gitlab = FakeGitLab::start(team_fleet()).expect("start");
    gitlab.set_latency(Duration::from_millis(200));
    let started = std::time::Instant::now();
    assert_eq!(get(&gitlab, MAINTAINER_TOKEN, "/api/v4/user").status(), 200);
    assert!(started.elapsed() >= Duration::from_millis(200));
    gitlab.set_latency(Duration::ZERO);
    let control = client();
    let fault = control
        .post(format!("{}/__fake/faults", gitlab.url()))
        .json(&json!({"kind": "status", "status": 503, "path": "/api/v4/user", "times": 1}))
        .send()
        .expect("request");
    assert_eq!(fault.status(), 204);
    assert_eq!(get(&gitlab, MAINTAINER_TOKEN, "/api/v4/user").status(), 503);
    let stats: Value = control
        .get(format!("{}/__fake/stats", gitlab.url()))
        .send()
        .expect("request")
        .json()
        .expect("json");
    assert_eq!(stats["requests"], 2);
    assert_eq!(stats["by_status"]["503"], 1);
    let recorded: Vec<Value> = control
        .get(format!("{}/__fake/requests", gitlab.url()))
        .send()
        .expect("request")
        .json()
        .expect("json");
    assert_eq!(recorded.len(), 2);
    assert_eq!(
        get(&gitlab, MAINTAINER_TOKEN, "/api/v4/nope")
            .json::<Value>()
            .expect("json"),
        json!({"error": "404 Not Found"})
    );
}
