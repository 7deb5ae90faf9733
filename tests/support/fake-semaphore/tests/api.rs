use std::time::Duration;

use fake_semaphore::{
    ADMIN_TOKEN, FakeSemaphore, Fault, FaultKind, Fleet, REGISTRATION_TOKEN, RunnerSeed, USER_TOKEN,
};
use reqwest::blocking::{Client, RequestBuilder, Response};
use serde_json::{Value, json};

struct Api {
    fake: FakeSemaphore,
    client: Client,
}

impl Api {
    fn start(fleet: Fleet) -> Api {
        Api {
            fake: FakeSemaphore::start(fleet).unwrap(),
            client: Client::new(),
        }
    }

    fn req(&self, method: &str, path: &str, token: Option<&str>) -> RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let builder = self
            .client
            .request(method, format!("{}{path}", self.fake.url()));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    fn admin(&self, method: &str, path: &str, body: Option<Value>) -> Response {
        let builder = self.req(method, path, Some(ADMIN_TOKEN));
        match body {
            Some(body) => builder.json(&body),
            None => builder,
        }
        .send()
        .unwrap()
    }
}

#[test]
fn ping_needs_no_auth_and_other_routes_do() {
    let api = Api::start(Fleet::standard());
    let pong = api.req("GET", "/api/ping", None).send().unwrap();
    assert_eq!(pong.status(), 200);
    assert_eq!(pong.headers()["content-type"], "text/plain; charset=utf-8");
    assert_eq!(pong.text().unwrap(), "pong");

    for path in ["/api/info", "/api/runners", "/api/project/1/runners"] {
        let response = api.req("GET", path, None).send().unwrap();
        assert_eq!(response.status(), 401, "{path}");
        assert_eq!(response.text().unwrap(), "");
        let response = api.req("GET", path, Some("wrong")).send().unwrap();
        assert_eq!(response.status(), 401, "{path}");
    }
    let info: Value = api.admin("GET", "/api/info", None).json().unwrap();
    assert_eq!(info["version"], "v2.16.3");
    let user: Value = api
        .req("GET", "/api/user", Some(USER_TOKEN))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        (user["id"].clone(), user["admin"].clone()),
        (json!(2), json!(false))
    );

    let unknown = api.req("GET", "/api/nothing", None).send().unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.text().unwrap(), "404 page not found\n");
    assert_eq!(api.admin("PATCH", "/api/runners", None).status(), 405);
}

#[test]
fn runner_routes_are_for_admins() {
    let api = Api::start(Fleet::demo());
    let response = api
        .req("GET", "/api/runners", Some(USER_TOKEN))
        .send()
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(response.text().unwrap(), "");
    let list: Vec<Value> = api.admin("GET", "/api/runners", None).json().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["name"], "build-1");
    assert!(list[0]["touched"].is_string());
    assert!(list[2]["touched"].is_null());
    assert!(list.iter().all(|r| r.get("token").is_none()));
}

#[test]
fn create_list_update_activate_delete() {
    let api = Api::start(Fleet::standard());
    let created = api.admin(
        "POST",
        "/api/runners",
        Some(
            json!({"name": "ci", "tag": "docker", "active": true, "max_parallel_tasks": 0,
                    "webhook": "", "project_id": 1}),
        ),
    );
    assert_eq!(created.status(), 201);
    let created: Value = created.json().unwrap();
    let id = created["id"].as_u64().unwrap();
    assert!(created["project_id"].is_null());
    assert_eq!(created["max_parallel_tasks"], 0);
    assert!(created["touched"].is_null());
    assert!(created["token"].as_str().unwrap().len() >= 32);
    assert!(
        created["private_key"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
    let stored = api.fake.runner(id).unwrap();
    assert_eq!(stored.token, created["token"].as_str().unwrap());

    let list: Vec<Value> = api.admin("GET", "/api/runners", None).json().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["tag"], "docker");

    let path = format!("/api/runners/{id}");
    let put = api.admin(
        "PUT",
        &path,
        Some(json!({"name": "ci-2", "tag": "", "active": true, "max_parallel_tasks": 4, "webhook": "http://x"})),
    );
    assert_eq!(put.status(), 204);
    let one: Value = api.admin("GET", &path, None).json().unwrap();
    assert_eq!(
        (one["name"].clone(), one["max_parallel_tasks"].clone()),
        (json!("ci-2"), json!(4))
    );

    let active = api.admin(
        "POST",
        &format!("{path}/active"),
        Some(json!({"active": false})),
    );
    assert_eq!(active.status(), 204);
    assert!(!api.fake.runner(id).unwrap().active);

    assert_eq!(api.admin("DELETE", &path, None).status(), 204);
    let gone = api.admin("GET", &path, None);
    assert_eq!(gone.status(), 404);
    assert_eq!(
        gone.json::<Value>().unwrap(),
        json!({"error": "Runner not found"})
    );
    assert_eq!(api.admin("DELETE", &path, None).status(), 404);
    assert_eq!(api.admin("GET", "/api/runners/x", None).status(), 400);

    let bad = api
        .req("POST", "/api/runners", Some(ADMIN_TOKEN))
        .body("{not json")
        .send()
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[test]
fn project_runners_need_pro_to_change() {
    let mut fleet = Fleet::standard();
    let other = fleet.project("other");
    fleet.runner(RunnerSeed::project(1).name("p1"));
    let foreign = fleet.runner(RunnerSeed::project(other).name("p2"));
    let body = json!({"name": "proj", "active": true, "max_parallel_tasks": 1});

    let open = Api::start(fleet.clone());
    let list: Vec<Value> = open
        .req("GET", "/api/project/1/runners", Some(USER_TOKEN))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["project_id"], 1);
    let refused = open.admin("POST", "/api/project/1/runners", Some(body.clone()));
    assert_eq!(refused.status(), 404);
    // dev is not on project `other`'s team.
    let hidden = open
        .req(
            "GET",
            &format!("/api/project/{other}/runners"),
            Some(USER_TOKEN),
        )
        .send()
        .unwrap();
    assert_eq!(hidden.status(), 404);

    let pro = Api::start(fleet.pro(true));
    let created = pro
        .req("POST", "/api/project/1/runners", Some(USER_TOKEN))
        .json(&body)
        .send()
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().unwrap();
    assert_eq!(created["project_id"], 1);
    let foreign = pro.admin("GET", &format!("/api/project/1/runners/{foreign}"), None);
    assert_eq!(foreign.status(), 404);
    let id = created["id"].as_u64().unwrap();
    let deleted = pro.admin("DELETE", &format!("/api/project/1/runners/{id}"), None);
    assert_eq!(deleted.status(), 204);
}

#[test]
fn self_registration_and_polling() {
    let api = Api::start(Fleet::standard());
    let wrong = api
        .req("POST", "/api/internal/runners", None)
        .json(&json!({"registration_token": "nope", "max_parallel_tasks": 2}))
        .send()
        .unwrap();
    assert_eq!(wrong.status(), 400);
    assert_eq!(
        wrong.json::<Value>().unwrap(),
        json!({"error": "Invalid registration token"})
    );
    let ok = api
        .req("POST", "/api/internal/runners", None)
        .json(
            &json!({"registration_token": REGISTRATION_TOKEN, "max_parallel_tasks": 2,
                      "webhook": "", "public_key": fake_semaphore::TEST_PUBLIC_KEY}),
        )
        .send()
        .unwrap();
    assert_eq!(ok.status(), 200);
    let token = ok.json::<Value>().unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let runner = api.fake.with_state(|s| s.runner_by_token(&token)).unwrap();
    assert_eq!(runner.name, "");
    assert!(!runner.active);
    assert!(runner.touched.is_none());
    assert!(runner.project_id.is_none());
    assert_eq!(runner.max_parallel_tasks, 2);
    assert!(runner.public_key.is_some());

    let poll = api
        .req("GET", "/api/internal/runners", None)
        .header("X-Runner-Token", &token)
        .send()
        .unwrap();
    assert_eq!(poll.status(), 200);
    assert!(api.fake.runner(runner.id).unwrap().touched.is_some());
    let unknown = api
        .req("GET", "/api/internal/runners", None)
        .header("X-Runner-Token", "unknown")
        .send()
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let missing = api
        .req("GET", "/api/internal/runners", None)
        .send()
        .unwrap();
    assert_eq!(missing.status(), 401);
}

#[test]
fn templates_and_tasks_newest_first() {
    let mut fleet = Fleet::demo();
    let deploy = 1;
    let newest = fleet.task(1, deploy, "running");
    let api = Api::start(fleet);
    let tasks: Vec<Value> = api
        .admin("GET", "/api/project/1/tasks", None)
        .json()
        .unwrap();
    assert_eq!(tasks.len(), 3);
    assert_eq!(tasks[0]["id"], newest);
    assert_eq!(tasks[0]["tpl_alias"], "deploy");
    let ids: Vec<u64> = tasks.iter().map(|t| t["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, vec![3, 2, 1]);
    api.fake
        .with_state(|s| s.set_task_status(newest, "success"));
    let tasks: Vec<Value> = api
        .admin("GET", "/api/project/1/tasks", None)
        .json()
        .unwrap();
    assert_eq!(tasks[0]["status"], "success");

    let templates: Vec<Value> = api
        .admin("GET", "/api/project/1/templates", None)
        .json()
        .unwrap();
    assert_eq!(templates[0]["runner_tag"], "gpu");
    assert!(templates[1]["runner_tag"].is_null());
}

#[test]
fn faults_latency_and_records() {
    let api = Api::start(Fleet::standard());
    api.fake.inject(
        Fault::new(FaultKind::Status {
            status: 503,
            retry_after: None,
        })
        .path("/api/runners")
        .times(1),
    );
    let failed = api.admin("GET", "/api/runners", None);
    assert_eq!(failed.status(), 503);
    assert_eq!(
        failed.json::<Value>().unwrap(),
        json!({"error": "Service Unavailable"})
    );
    assert_eq!(api.admin("GET", "/api/runners", None).status(), 200);
    api.fake.set_latency(Duration::from_millis(1));
    assert_eq!(api.admin("GET", "/api/runners", None).status(), 200);
    let requests = api.fake.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].status, 503);
    assert_eq!(
        requests[0].header("Authorization"),
        Some(format!("Bearer {ADMIN_TOKEN}").as_str())
    );
    api.fake.clear_requests();
    assert!(api.fake.requests().is_empty());
}
