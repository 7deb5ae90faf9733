//! The Gitea/Forgejo client against a tiny in-test HTTP server: routes per flavour, pages in
//! both shapes, the registration-token fallbacks, the runner protocol's Connect JSON, and that
//! a token goes nowhere it should not.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use runnerctl::gitea::{
    Client, Flavour, GiteaError, RegistrationToken, RunnerStatus, Scope, ServerKind, Version,
    detect,
};
use runnerctl::instance_url::InstanceUrl;
use runnerctl::token::{ApiToken, RunnerToken};
use runnerctl::transport::{ClientOptions, NetworkCause, RedirectRefusal};

const PAT: &str = "0123456789abcdef0123456789abcdef01234567";

#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// Path and query, as sent.
    target: String,
    headers: Vec<(String, String)>,
    body: String,
}

impl Seen {
    fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap()
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn reply(status: u16, body: &str) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.to_string(),
    }
}

fn not_found() -> Reply {
    reply(404, r#"{"message":"Not Found"}"#)
}

type Handler = Box<dyn Fn(&Seen) -> Reply + Send + Sync>;

struct Stub {
    url: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Stub {
    fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Stub {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let handler: Handler = Box::new(handler);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                log.lock().unwrap().push(request.clone());
                let answer = handler(&request);
                let mut head = format!(
                    "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                    answer.status,
                    answer.body.len()
                );
                for (name, value) in &answer.headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(answer.body.as_bytes());
            }
        });
        Stub { url, seen }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn client(&self, kind: ServerKind, version: (u64, u64, u64)) -> Client {
        client_at(&self.url, kind, version)
    }
}

fn client_at(url: &str, kind: ServerKind, (major, minor, patch): (u64, u64, u64)) -> Client {
    Client::new(
        InstanceUrl::parse(url).unwrap(),
        Some(ApiToken::new(PAT)),
        Flavour::new(kind, Version::new(major, minor, patch)),
        options(),
    )
    .unwrap()
}

fn options() -> ClientOptions {
    ClientOptions {
        backoff: Duration::from_millis(1),
        timeout: Duration::from_secs(5),
        ..ClientOptions::default()
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

fn query_value(seen: &Seen, key: &str) -> Option<String> {
    url::Url::parse(&format!("http://x{}", seen.target))
        .unwrap()
        .query_pairs()
        .find(|(name, _)| name == key)
        .map(|(_, value)| value.into_owned())
}

fn gitea_runner(id: u64) -> serde_json::Value {
    serde_json::json!({"id": id, "name": format!("r{id}"), "status": "online", "busy": false,
        "disabled": false, "ephemeral": false,
        "labels": [{"id": 1, "name": "ubuntu", "type": "custom"}]})
}

#[test]
fn detect_tells_forgejo_from_gitea_and_from_neither() {
    let forgejo = Stub::start(|seen| match seen.path() {
        "/api/forgejo/v1/version" => reply(200, r#"{"version":"11.0.1+gitea-1.22.0"}"#),
        _ => not_found(),
    });
    let gitea = Stub::start(|seen| match seen.path() {
        "/api/v1/version" => reply(200, r#"{"version":"1.24.2"}"#),
        _ => not_found(),
    });
    let neither = Stub::start(|_| reply(200, "<html><title>Sign in</title></html>"));
    let detected = |stub: &Stub| detect(&InstanceUrl::parse(&stub.url).unwrap(), None, &options());
    assert_eq!(
        detected(&forgejo).unwrap(),
        Some(Flavour::new(ServerKind::Forgejo, Version::new(11, 0, 1)))
    );
    assert_eq!(
        detected(&gitea).unwrap(),
        Some(Flavour::new(ServerKind::Gitea, Version::new(1, 24, 2)))
    );
    assert_eq!(detected(&neither).unwrap(), None);
    let closed = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let error = detect(&InstanceUrl::parse(&url).unwrap(), None, &options()).unwrap_err();
    assert_eq!(
        error.network_cause(),
        Some(NetworkCause::Refused),
        "{error}"
    );
}

#[test]
fn gitea_runner_pages_are_read_to_the_total_each_id_once_with_the_token() {
    // 101 runners; page 2 repeats the last runner of page 1, as a list sorted by last contact
    // does when a runner polls between two pages.
    let stub = Stub::start(|seen| {
        let page: u64 = query_value(seen, "page").unwrap().parse().unwrap();
        let ids: Vec<u64> = match page {
            1 => (1..=50).collect(),
            2 => (50..=99).collect(),
            3 => (100..=101).collect(),
            _ => Vec::new(),
        };
        let runners: Vec<_> = ids.into_iter().map(gitea_runner).collect();
        reply(
            200,
            &serde_json::json!({"runners": runners, "total_count": 101}).to_string(),
        )
    });
    let client = stub.client(ServerKind::Gitea, (1, 24, 0));
    let runners = client.list_runners(&Scope::Org("team".into())).unwrap();
    assert_eq!(runners.len(), 101);
    assert_eq!(runners[0].labels, ["ubuntu"]);
    assert_eq!(runners[0].status, RunnerStatus::Online);
    let seen = stub.seen();
    assert_eq!(seen.len(), 3, "{seen:?}");
    for request in &seen {
        assert_eq!(request.path(), "/api/v1/orgs/team/actions/runners");
        assert_eq!(query_value(request, "limit").as_deref(), Some("50"));
        assert_eq!(
            request.header("authorization"),
            Some(&*format!("token {PAT}"))
        );
    }
}

#[test]
fn forgejo_runner_lists_are_bare_arrays_counted_by_header() {
    let stub = Stub::start(|seen| {
        let page: u64 = query_value(seen, "page").unwrap().parse().unwrap();
        let runners: Vec<_> = (1..=if page == 1 { 2 } else { 0 })
            .map(|id| {
                serde_json::json!({"id": id, "uuid": format!("u{id}"), "name": "f",
                    "owner_id": 0, "repo_id": 3, "version": "v12", "status": "active",
                    "labels": null, "ephemeral": false})
            })
            .collect();
        let mut answer = reply(200, &serde_json::Value::from(runners).to_string());
        answer.headers.push(("X-Total-Count".into(), "2".into()));
        answer
    });
    let client = stub.client(ServerKind::Forgejo, (15, 0, 1));
    let scope = Scope::Repo {
        owner: "o".into(),
        name: "r".into(),
    };
    let runners = client.list_runners(&scope).unwrap();
    assert_eq!(runners.len(), 2);
    assert!(runners[0].busy && runners[0].status.online() && runners[0].labels.is_empty());
    assert_eq!(runners[0].repo_id, Some(3));
    assert_eq!(
        stub.seen().len(),
        1,
        "the total was reached on the first page"
    );
    assert_eq!(stub.seen()[0].path(), "/api/v1/repos/o/r/actions/runners");
}

#[test]
fn a_route_the_version_lacks_is_an_error_naming_it_and_sends_nothing() {
    let stub = Stub::start(|_| not_found());
    let old_gitea = stub.client(ServerKind::Gitea, (1, 23, 0));
    let error = old_gitea.list_runners(&Scope::User).unwrap_err();
    assert!(
        matches!(&error, GiteaError::NeedsVersion { needs, .. } if needs == "Gitea 1.24"),
        "{error:?}"
    );
    let gitea_125 = stub.client(ServerKind::Gitea, (1, 25, 0));
    let error = gitea_125.set_disabled(&Scope::User, 1, true).unwrap_err();
    assert!(
        matches!(&error, GiteaError::NeedsVersion { needs, .. } if needs == "Gitea 1.26"),
        "{error:?}"
    );
    let old_forgejo = stub.client(ServerKind::Forgejo, (14, 0, 0));
    let error = old_forgejo.runner(&Scope::User, 1).unwrap_err();
    assert!(error.to_string().contains("Forgejo 15"), "{error}");
    let forgejo = stub.client(ServerKind::Forgejo, (15, 0, 0));
    assert!(matches!(
        forgejo.set_disabled(&Scope::User, 1, true).unwrap_err(),
        GiteaError::Unsupported {
            server: ServerKind::Forgejo,
            ..
        }
    ));
    assert!(stub.seen().is_empty(), "{:?}", stub.seen());
}

#[test]
fn registration_token_falls_back_from_post_to_get_to_the_old_admin_route() {
    let stub = Stub::start(|seen| match (seen.method.as_str(), seen.path()) {
        ("POST", "/api/v1/admin/actions/runners/registration-token") => {
            reply(405, r#"{"message":"Method Not Allowed"}"#)
        }
        ("GET", "/api/v1/admin/runners/registration-token") => {
            reply(200, r#"{"token":"REGTOKEN123"}"#)
        }
        _ => not_found(),
    });
    let client = stub.client(ServerKind::Gitea, (1, 24, 0));
    let token = client.registration_token(&Scope::Instance).unwrap();
    assert_eq!(token.expose(), "REGTOKEN123");
    let asked: Vec<_> = stub
        .seen()
        .iter()
        .map(|seen| format!("{} {}", seen.method, seen.path()))
        .collect();
    assert_eq!(
        asked,
        [
            "POST /api/v1/admin/actions/runners/registration-token",
            "GET /api/v1/admin/actions/runners/registration-token",
            "GET /api/v1/admin/runners/registration-token",
        ]
    );
    // Before 1.24 there is no POST to try; an org has no old route to fall back to.
    let old = Stub::start(|_| not_found());
    let error = old
        .client(ServerKind::Gitea, (1, 22, 0))
        .registration_token(&Scope::Org("team".into()))
        .unwrap_err();
    assert!(matches!(error, GiteaError::NotFound { .. }), "{error:?}");
    let asked: Vec<_> = old.seen().iter().map(|s| s.method.clone()).collect();
    assert_eq!(asked, ["GET"]);
}

#[test]
fn forgejo_creates_a_runner_in_one_call_and_others_fall_back() {
    let stub = Stub::start(|seen| match (seen.method.as_str(), seen.path()) {
        ("POST", "/api/v1/orgs/team/actions/runners") => {
            reply(201, r#"{"id": 9, "uuid": "u-9", "token": "RUNNERSECRET"}"#)
        }
        _ => reply(405, "{}"),
    });
    let forgejo = stub.client(ServerKind::Forgejo, (15, 0, 0));
    let created = forgejo
        .create_runner(&Scope::Org("team".into()), "build-1", "a runner", true)
        .unwrap()
        .unwrap();
    assert_eq!((created.id, created.uuid.as_str()), (9, "u-9"));
    assert_eq!(created.token.expose(), "RUNNERSECRET");
    assert!(!format!("{created:?}").contains("RUNNERSECRET"));
    let seen = stub.seen();
    assert_eq!(
        seen[0].json(),
        serde_json::json!({"name": "build-1", "description": "a runner", "ephemeral": true})
    );
    assert!(
        seen[0]
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(
        forgejo.create_runner(&Scope::User, "x", "", false).unwrap(),
        None,
        "405: fall back to registering"
    );
    let gitea = stub.client(ServerKind::Gitea, (1, 26, 0));
    assert_eq!(
        gitea.create_runner(&Scope::User, "x", "", false).unwrap(),
        None
    );
    assert_eq!(
        stub.seen().len(),
        2,
        "Gitea has no create route: nothing sent"
    );
}

#[test]
fn register_and_declare_speak_connect_json_without_the_api_token() {
    let stub = Stub::start(|seen| match seen.path() {
        "/api/actions/runner.v1.RunnerService/Register" => reply(
            200,
            r#"{"runner":{"id":"17","uuid":"u-17","token":"RUNNERSECRET","name":"build-1","labels":["ubuntu"]}}"#,
        ),
        "/api/actions/runner.v1.RunnerService/Declare" => reply(
            200,
            r#"{"runner":{"id":"17","labels":["ubuntu","gpu"],"version":"runnerctl/x"}}"#,
        ),
        _ => not_found(),
    });
    let client = stub.client(ServerKind::Gitea, (1, 22, 0));
    let registered = client
        .register(
            &RegistrationToken::new("REGTOKEN"),
            "build-1",
            &["ubuntu".to_string()],
            true,
        )
        .unwrap();
    assert_eq!((registered.id, registered.uuid.as_str()), (17, "u-17"));
    assert_eq!(registered.token.expose(), "RUNNERSECRET");
    let declared = client
        .declare(
            "u-17",
            &RunnerToken::new("RUNNERSECRET"),
            &["ubuntu".to_string(), "gpu".to_string()],
        )
        .unwrap();
    assert_eq!(declared.labels, ["ubuntu", "gpu"]);
    let seen = stub.seen();
    let register = &seen[0];
    assert_eq!(register.method, "POST");
    assert_eq!(register.header("connect-protocol-version"), Some("1"));
    assert!(
        register
            .header("content-type")
            .unwrap()
            .starts_with("application/json")
    );
    assert_eq!(register.header("authorization"), None);
    let body = register.json();
    assert_eq!(body["token"], "REGTOKEN");
    assert_eq!(body["labels"], serde_json::json!(["ubuntu"]));
    assert_eq!(body["ephemeral"], true);
    assert_eq!(
        body["version"],
        format!("runnerctl/{}", env!("CARGO_PKG_VERSION"))
    );
    let declare = &seen[1];
    assert_eq!(declare.header("x-runner-uuid"), Some("u-17"));
    assert_eq!(declare.header("x-runner-token"), Some("RUNNERSECRET"));
    assert_eq!(declare.header("authorization"), None);
}

#[test]
fn the_runner_protocols_refusals_are_told_apart() {
    let stub = Stub::start(|seen| match seen.path() {
        "/api/actions/runner.v1.RunnerService/Register" => reply(
            500,
            r#"{"code":"unknown","message":"runner registration token not found"}"#,
        ),
        _ => reply(
            401,
            r#"{"code":"unauthenticated","message":"unregistered runner"}"#,
        ),
    });
    let client = stub.client(ServerKind::Forgejo, (12, 0, 0));
    let error = client
        .register(&RegistrationToken::new("REGTOKEN"), "n", &[], false)
        .unwrap_err();
    assert!(
        matches!(error, GiteaError::RegistrationTokenNotFound),
        "{error:?}"
    );
    assert!(!error.to_string().contains("REGTOKEN"));
    assert_eq!(stub.seen().len(), 1, "a Register is never sent twice");
    let error = client
        .declare("u", &RunnerToken::new("RUNNERSECRET"), &[])
        .unwrap_err();
    assert!(matches!(error, GiteaError::UnregisteredRunner), "{error:?}");
}

#[test]
fn waiting_jobs_are_gitea_queued_jobs_or_forgejo_waiting_ones() {
    let stub = Stub::start(|seen| match seen.path() {
        "/api/v1/repos/o/r/actions/jobs" => reply(
            200,
            r#"{"jobs":[{"id":1,"run_id":4,"name":"build","labels":["ubuntu"],"status":"queued",
                "url":"http://x/api/v1/repos/o/r/actions/jobs/1","head_branch":"main"}],
                "total_count":1}"#,
        ),
        "/api/v1/orgs/team/actions/runners/jobs" => reply(
            200,
            r#"[{"id":2,"repo_id":3,"owner_id":1,"name":"t","runs_on":["docker"],"status":"waiting"},
                {"id":3,"repo_id":3,"owner_id":1,"name":"u","runs_on":["docker"],"status":"running"}]"#,
        ),
        "/api/v1/user/actions/runners/jobs" => reply(200, "null"),
        _ => not_found(),
    });
    let repo = Scope::Repo {
        owner: "o".into(),
        name: "r".into(),
    };
    let jobs = stub
        .client(ServerKind::Gitea, (1, 25, 0))
        .waiting_jobs(&repo)
        .unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].repo.as_deref(), Some("o/r"));
    assert_eq!(jobs[0].labels, ["ubuntu"]);
    assert_eq!(
        query_value(&stub.seen()[0], "status").as_deref(),
        Some("queued")
    );
    let forgejo = stub.client(ServerKind::Forgejo, (11, 0, 0));
    let jobs = forgejo.waiting_jobs(&Scope::Org("team".into())).unwrap();
    assert_eq!(jobs.iter().map(|job| job.id).collect::<Vec<_>>(), [2]);
    assert_eq!(jobs[0].labels, ["docker"]);
    assert!(forgejo.waiting_jobs(&Scope::User).unwrap().is_empty());
    let error = stub
        .client(ServerKind::Gitea, (1, 24, 0))
        .waiting_jobs(&repo)
        .unwrap_err();
    assert!(error.to_string().contains("Gitea 1.25"), "{error}");
}

#[test]
fn pausing_a_runner_patches_disabled_and_deleting_expects_no_body() {
    let stub = Stub::start(|seen| match seen.method.as_str() {
        "PATCH" => reply(200, &gitea_runner(5).to_string()),
        "DELETE" => Reply {
            status: 204,
            headers: Vec::new(),
            body: String::new(),
        },
        _ => not_found(),
    });
    let client = stub.client(ServerKind::Gitea, (1, 26, 0));
    let runner = client.set_disabled(&Scope::Instance, 5, true).unwrap();
    assert_eq!(runner.id, 5);
    client.delete_runner(&Scope::Instance, 5).unwrap();
    let seen = stub.seen();
    assert_eq!(seen[0].path(), "/api/v1/admin/actions/runners/5");
    assert_eq!(seen[0].json(), serde_json::json!({"disabled": true}));
    assert_eq!(seen[1].method, "DELETE");
}

#[test]
fn a_redirect_to_another_origin_is_refused_and_the_other_host_hears_nothing() {
    let elsewhere = Stub::start(|_| reply(200, "{}"));
    let target = format!("{}/api/v1/user", elsewhere.url);
    let stub = Stub::start(move |_| Reply {
        status: 302,
        headers: vec![("Location".into(), target.clone())],
        body: String::new(),
    });
    let error = stub
        .client(ServerKind::Gitea, (1, 24, 0))
        .current_user()
        .unwrap_err();
    assert!(
        matches!(
            &error,
            GiteaError::Redirect {
                refusal: RedirectRefusal::OtherOrigin { .. },
                ..
            }
        ),
        "{error:?}"
    );
    assert!(elsewhere.seen().is_empty());
    assert!(!error.to_string().contains(PAT));
}

#[test]
fn refusals_name_the_missing_scope_and_never_the_token() {
    let stub = Stub::start(|seen| match seen.path() {
        "/api/v1/user" => reply(401, r#"{"message":"token is required"}"#),
        _ => reply(
            403,
            r#"{"message":"token does not have at least one of required scope(s), required=[write:organization], token scope=read:organization"}"#,
        ),
    });
    let client = stub.client(ServerKind::Gitea, (1, 24, 0));
    let error = client.current_user().unwrap_err();
    assert!(
        matches!(error, GiteaError::Unauthorized { .. }),
        "{error:?}"
    );
    let error = client
        .registration_token(&Scope::Org("team".into()))
        .unwrap_err();
    assert!(
        matches!(&error, GiteaError::Forbidden { missing_scope: Some(scope), .. } if scope == "write:organization"),
        "{error:?}"
    );
    assert!(!error.to_string().contains(PAT) && !format!("{error:?}").contains(PAT));
}

#[test]
fn reads_are_retried_after_a_503_and_creates_are_not() {
    let count = Arc::new(Mutex::new(0));
    let seen_count = count.clone();
    let stub = Stub::start(move |seen| {
        let mut calls = seen_count.lock().unwrap();
        *calls += 1;
        match (seen.method.as_str(), *calls) {
            ("GET", 1) => reply(503, r#"{"message":"busy"}"#),
            ("GET", _) => reply(200, r#"{"id":1,"login":"ann","is_admin":true}"#),
            _ => reply(503, r#"{"message":"busy"}"#),
        }
    });
    let client = stub.client(ServerKind::Forgejo, (15, 0, 0));
    let user = client.current_user().unwrap();
    assert_eq!((user.login.as_str(), user.is_admin), ("ann", true));
    let error = client
        .create_runner(&Scope::User, "x", "", false)
        .unwrap_err();
    assert!(error.may_have_run(), "{error:?}");
    assert_eq!(
        *count.lock().unwrap(),
        3,
        "one retried GET, one POST sent once"
    );
}
