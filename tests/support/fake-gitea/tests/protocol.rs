//! The runner protocol: Register, Declare, Ping and a deleted runner's answers.

mod common;

use common::{call, client, connect, get, status_and_json};
use fake_gitea::{
    ADMIN_TOKEN, FakeGitea, Flavour, Fleet, ORG, ORG_OWNER_TOKEN, REPO, RunnerSeed, Scope,
};
use serde_json::json;

fn start(flavour: Flavour) -> FakeGitea {
    FakeGitea::start(Fleet::standard(flavour)).expect("fake starts")
}

#[test]
fn register_creates_a_runner_in_the_token_scope() {
    let gitea = start(Flavour::GITEA_1_26);
    let token = gitea.registration_token(&Scope::Repo(REPO.into()));
    let (status, body) = connect(
        &gitea,
        "Register",
        json!({"name": "r1", "token": token, "version": "v0.2.11", "labels": ["ubuntu-latest", "docker"]}),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let runner = &body["runner"];
    let id: i64 = runner["id"]
        .as_str()
        .expect("int64 as a string")
        .parse()
        .unwrap();
    assert_eq!(runner["name"], "r1");
    assert_eq!(runner["version"], "v0.2.11");
    assert_eq!(runner["labels"], json!(["ubuntu-latest", "docker"]));
    assert!(
        runner.get("ephemeral").is_none(),
        "zero values are left out"
    );
    let secret = runner["token"].as_str().unwrap();
    assert_eq!(secret.len(), 40);
    assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
    let stored = gitea.runner(id).unwrap();
    assert_eq!(stored.scope, Scope::Repo(REPO.into()));
    assert_eq!(stored.uuid, runner["uuid"].as_str().unwrap());
    // The same registration token registers a second runner.
    let (status, _) = connect(
        &gitea,
        "Register",
        json!({"name": "r2", "token": token, "ephemeral": true}),
        None,
    );
    assert_eq!(status, 200);
    let (_, list) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/repos/team/app/actions/runners",
    ));
    assert_eq!(list["total_count"], 2);
    assert_eq!(
        list["runners"][0]["status"], "offline",
        "registered, never contacted"
    );
}

#[test]
fn register_errors_carry_gitea_messages() {
    let gitea = start(Flavour::GITEA_1_26);
    let (status, body) = connect(&gitea, "Register", json!({"name": "", "token": "x"}), None);
    assert_eq!(
        (status, body),
        (
            500,
            json!({"code": "unknown", "message": "missing runner token, name"})
        )
    );
    let (_, body) = connect(
        &gitea,
        "Register",
        json!({"name": "r", "token": "0123"}),
        None,
    );
    assert_eq!(body["message"], "runner registration token not found");
    let scope = Scope::Org(ORG.into());
    let old = gitea.registration_token(&scope);
    gitea.reset_registration_token(&scope);
    let (_, body) = connect(&gitea, "Register", json!({"name": "r", "token": old}), None);
    assert_eq!(
        body["message"],
        "runner registration token has been invalidated, please use the latest one"
    );
}

#[test]
fn forgejo_register_errors_are_invalid_argument() {
    let gitea = start(Flavour::FORGEJO_11);
    let (status, body) = connect(
        &gitea,
        "Register",
        json!({"name": "r", "token": "0123"}),
        None,
    );
    assert_eq!(
        (status, body),
        (
            400,
            json!({"code": "invalid_argument", "message": "runner registration token not found"})
        )
    );
}

#[test]
fn declare_overwrites_labels_and_version_and_touches_last_online() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    let id = fleet.runner(RunnerSeed::org(ORG).labels(&["old"]).offline());
    let gitea = FakeGitea::start(fleet).unwrap();
    let runner = gitea.runner(id).unwrap();
    let (status, body) = connect(
        &gitea,
        "Declare",
        json!({"version": "v1.0.0", "labels": ["new", "docker"]}),
        Some((&runner.uuid, &runner.token)),
    );
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["runner"]["labels"], json!(["new", "docker"]));
    assert_eq!(body["runner"]["id"], id.to_string());
    assert!(body["runner"].get("token").is_none());
    let after = gitea.runner(id).unwrap();
    assert_eq!(after.labels, vec!["new", "docker"]);
    assert_eq!(after.version, "v1.0.0");
    assert!(after.last_online > runner.last_online);
    let (_, list) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        &format!("/api/v1/admin/actions/runners/{id}"),
    ));
    assert_eq!(list["status"], "online");
}

#[test]
fn a_deleted_runner_is_unregistered() {
    for (flavour, status, code, message) in [
        (
            Flavour::GITEA_1_26,
            500,
            "unknown",
            "rpc error: code = Unauthenticated desc = unregistered runner",
        ),
        (
            Flavour::FORGEJO_15,
            401,
            "unauthenticated",
            "unregistered runner",
        ),
    ] {
        let mut fleet = Fleet::standard(flavour);
        let id = fleet.runner(RunnerSeed::org(ORG));
        let gitea = FakeGitea::start(fleet).unwrap();
        let runner = gitea.runner(id).unwrap();
        let response = call(
            &gitea,
            "DELETE",
            Some(ADMIN_TOKEN),
            &format!("/api/v1/admin/actions/runners/{id}"),
        )
        .send()
        .unwrap();
        assert_eq!(response.status().as_u16(), 204);
        let (got, body) = connect(
            &gitea,
            "Declare",
            json!({}),
            Some((&runner.uuid, &runner.token)),
        );
        assert_eq!(
            (got, body),
            (status, json!({"code": code, "message": message})),
            "{flavour}"
        );
        let (got, _) = connect(
            &gitea,
            "FetchTask",
            json!({}),
            Some((&runner.uuid, "wrong")),
        );
        assert_eq!(got, status);
    }
}

#[test]
fn ping_answers_without_credentials() {
    let gitea = start(Flavour::GITEA_1_22);
    let response = client()
        .post(format!(
            "{}/api/actions/ping.v1.PingService/Ping",
            gitea.url()
        ))
        .header("Content-Type", "application/json")
        .body(r#"{"data":"runnerctl"}"#)
        .send()
        .unwrap();
    let (status, body) = status_and_json(response);
    assert_eq!((status, body), (200, json!({"data": "Hello, runnerctl!"})));
}

#[test]
fn registration_then_register_works_on_the_oldest_gitea() {
    let gitea = start(Flavour::GITEA_1_22);
    let (status, body) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/admin/runners/registration-token",
    ));
    assert_eq!(status, 200);
    let (status, body) = connect(
        &gitea,
        "Register",
        json!({"name": "old", "token": body["token"]}),
        None,
    );
    assert_eq!(status, 200);
    let id: i64 = body["runner"]["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(gitea.runner(id).unwrap().scope, Scope::Instance);
}
