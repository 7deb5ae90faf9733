//! `runnerctl create --register`: the self-registering host of on-demand fleets, in one run.

#[path = "support/go_decode.rs"]
mod go_decode;
mod support;

use std::fs;

use runnerctl::runner_config::ConfigFile;
use support::*;

fn world() -> World {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    World::new(fleet)
}

#[test]
fn create_register_creates_stores_and_registers_in_one_run() {
    let world = world();
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--tag", "docker", "--register"])
        .args(["--executor", "docker", "--docker-image", "alpine:3"])
        .args(["--name", "self-registered", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let document = json(&output);
    let id = document["id"].as_u64().expect("id");
    let token = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").token.clone());
    assert_no_token_text(&output, &token);
    assert_eq!(document["token_stored"], "file");
    assert_eq!(document["token"], serde_json::Value::Null);
    assert_eq!(
        document["registered"],
        serde_json::json!({
            "runner_id": id,
            "name": "self-registered",
            "config": world.config_file().display().to_string(),
            "action": "added",
            "verified": true,
        })
    );

    // The token is kept as plain `create` keeps it, and it is the one in config.toml.
    let shown = world
        .runnerctl()
        .args(["token", "show", &id.to_string()])
        .output()
        .expect("runs");
    assert_eq!(stdout(&shown), format!("{token}\n"));
    let entries = ConfigFile::read(&world.config_file())
        .expect("valid")
        .runners();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].id, Some(id as i64));
    assert_eq!(
        entries[0].token.as_ref().map(|t| t.expose().to_string()),
        Some(token)
    );
    go_decode::assert_gitlab_runner_reads(&world.config_file());
    world.gitlab.with_state(|state| {
        assert_eq!(state.runners.len(), 1);
        assert_eq!(state.runner(id).expect("runner").managers.len(), 1);
    });
}

#[test]
fn create_register_checks_register_flags_and_the_config_before_creating() {
    let world = world();
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--register", "--executor", "docker"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--docker-image"),
        "{}",
        stderr(&output)
    );

    fs::write(world.config_file(), "concurrent = \"4\"\n").expect("write");
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--register", "--executor", "shell"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("concurrent"),
        "{}",
        stderr(&output)
    );

    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--executor", "shell"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("--register"),
        "{}",
        stderr(&output)
    );

    assert!(world.gitlab.requests().is_empty(), "no request was sent");
    world
        .gitlab
        .with_state(|state| assert!(state.runners.is_empty(), "no runner was created"));
}

#[test]
fn create_register_human_output_says_where_the_entry_is() {
    let world = world();
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--register", "--executor", "shell"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Registered runner"), "{text}");
    assert!(
        text.contains(&world.config_file().display().to_string()),
        "{text}"
    );
}

#[test]
fn a_failed_registration_after_create_keeps_the_runner_and_says_how_to_retry() {
    let world = world();
    world.gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 500,
            retry_after: None,
        })
        .method("POST")
        .path("/api/v4/runners/verify")
        .times(1),
    );
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--register", "--executor", "shell"])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document = json(&output);
    let id = document["id"].as_u64().expect("the runner is reported");
    let token = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").token.clone());
    assert_no_token_text(&output, &token);
    assert_eq!(document["registered"], serde_json::Value::Null);
    let error = document["register_error"].as_str().expect("why");
    assert!(
        error.contains(&format!("register --runner {id}")),
        "{error}"
    );
    assert!(
        !world.config_file().exists()
            || !fs::read_to_string(world.config_file())
                .expect("read")
                .contains("[[runners]]")
    );

    let output = world
        .runnerctl()
        .args([
            "register",
            "--runner",
            &id.to_string(),
            "--executor",
            "shell",
        ])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["action"], "added");
}
