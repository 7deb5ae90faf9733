//! `runnerctl create`: exactly one runner, and its token is never lost and never shown.

mod support;

use std::os::unix::fs::PermissionsExt;

use support::*;

fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_group("team/sub");
    fleet.add_project("team/app");
    fleet
}

fn only_runner(world: &World) -> (u64, String) {
    world.gitlab.with_state(|state| {
        assert_eq!(state.runners.len(), 1, "exactly one runner exists");
        let runner = state.runners.values().next().expect("one runner");
        (runner.id, runner.token.clone())
    })
}

#[test]
fn create_group_runner_keeps_token_in_file_store_and_never_prints_it() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .args([
            "create",
            "-g",
            "team/sub",
            "--tag",
            "a",
            "--tag",
            "b",
            "--run-untagged",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (id, token) = only_runner(&world);
    assert!(token.starts_with("glrt-"));
    assert_no_token_text(&output, &token);

    let document = json(&output);
    assert_eq!(document["id"], id);
    assert_eq!(document["runner_type"], "group_type");
    assert_eq!(document["tag_list"], serde_json::json!(["a", "b"]));
    assert_eq!(document["run_untagged"], true);
    assert_eq!(document["token_stored"], "file");
    assert_eq!(document["token"], serde_json::Value::Null);

    world.gitlab.with_state(|state| {
        let runner = &state.runners[&id];
        let group = state
            .groups
            .iter()
            .find(|g| g.full_path == "team/sub")
            .unwrap();
        assert_eq!(runner.group_id, Some(group.id));
        assert_eq!(runner.tag_list, vec!["a", "b"]);
        assert!(runner.run_untagged);
    });
    let secrets = std::fs::metadata(world.secrets_file()).unwrap();
    assert_eq!(secrets.permissions().mode() & 0o777, 0o600);

    let shown = world
        .runnerctl()
        .args(["token", "show", &id.to_string()])
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(stdout(&shown), format!("{token}\n"));
}

#[test]
fn create_human_output_says_what_to_do_next_without_the_token() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .args(["create", "-p", "team/app", "--tags", "linux,amd64"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (id, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
    let text = stdout(&output);
    assert!(
        text.contains(&format!("runnerctl register --runner {id}")),
        "{text}"
    );
    assert!(
        text.contains(&format!("runnerctl token show {id} | ssh")),
        "{text}"
    );
}

#[test]
fn unwritable_store_falls_back_to_a_0600_token_file() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .env(
            "RUNNERCTL_KEYRING",
            "file:/proc/runnerctl-cannot-write-here/secrets",
        )
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (id, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
    let document = json(&output);
    assert_eq!(document["token_stored"], "token_file");
    let path = world.path(&format!("runnerctl-runner-{id}.token"));
    assert_eq!(
        document["token_file"],
        format!("runnerctl-runner-{id}.token")
    );
    assert!(
        stderr(&output).contains(&format!("runnerctl-runner-{id}.token")),
        "{}",
        stderr(&output)
    );
    let kept = std::fs::read_to_string(&path).unwrap();
    assert_eq!(kept.trim(), token);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn store_and_token_file_both_failing_hands_the_token_over_in_json() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .env(
            "RUNNERCTL_KEYRING",
            "file:/proc/runnerctl-cannot-write-here/secrets",
        )
        .args([
            "create",
            "-g",
            "team",
            "--token-file",
            "/proc/runnerctl-cannot-write-here/token",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, token) = only_runner(&world);
    let document = json(&output);
    assert_eq!(document["token_stored"], "stdout");
    assert_eq!(document["token"], token.as_str());
    assert!(!stderr(&output).contains(&token));
    assert!(
        stderr(&output).contains("COULD NOT BE STORED"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn keyring_none_writes_the_token_file() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .env("RUNNERCTL_KEYRING", "none")
        .args([
            "create",
            "-g",
            "team",
            "--token-file",
            "my.token",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let (_, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
    assert_eq!(json(&output)["token_stored"], "token_file");
    assert_eq!(
        std::fs::read_to_string(world.path("my.token"))
            .unwrap()
            .trim(),
        token
    );
}

#[test]
fn existing_token_file_is_refused_before_any_request() {
    let world = World::new(fleet());
    std::fs::write(world.path("taken.token"), "precious").unwrap();
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--token-file", "taken.token"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(world.path("taken.token")).unwrap(),
        "precious"
    );
    world
        .gitlab
        .with_state(|state| assert!(state.runners.is_empty()));
}

#[test]
fn rate_limited_create_is_retried_and_makes_exactly_one_runner() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 429,
            retry_after: Some(1),
        })
        .method("POST")
        .path("/api/v4/user/runners")
        .times(1),
    );
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    only_runner(&world);
    let posts = world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.method == "POST" && r.path == "/api/v4/user/runners")
        .count();
    assert_eq!(posts, 2);
}

#[test]
fn bad_gateway_on_create_is_not_retried_and_says_a_runner_may_exist() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::StatusAfterHandling { status: 502 })
            .method("POST")
            .path("/api/v4/user/runners")
            .times(1),
    );
    let output = world
        .runnerctl()
        .args(["create", "-g", "team"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let posts = world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1, "a 502 on POST /user/runners must not be retried");
    let message = stderr(&output);
    assert!(message.contains("may have created the runner"), "{message}");
    assert!(
        message.contains("runnerctl list --status never_contacted"),
        "{message}"
    );
    let (_, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
}

#[test]
fn create_timeout_says_a_runner_may_exist() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::DelayAfterHandling(
            std::time::Duration::from_secs(5),
        ))
        .method("POST")
        .path("/api/v4/user/runners")
        .times(1),
    );
    let output = world
        .runnerctl()
        .args(["--timeout", "1", "create", "-g", "team"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(message.contains("timeout"), "{message}");
    assert!(message.contains("may have created the runner"), "{message}");
    only_runner(&world);
    assert_eq!(
        world
            .gitlab
            .requests()
            .iter()
            .filter(|r| r.method == "POST")
            .count(),
        1,
        "a timed-out POST /user/runners must not be retried"
    );
}

#[test]
fn usage_errors_come_before_any_request() {
    let world = World::new(fleet());
    for args in [
        vec!["create"],
        vec!["create", "-g", "team", "--no-run-untagged"],
        vec!["create", "-g", "team", "--maximum-timeout", "100"],
        vec!["create", "-g", "team", "-p", "team/app"],
    ] {
        let output = world.runnerctl().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = world.runnerctl().args(["create"]).output().unwrap();
    let message = stderr(&output);
    assert!(
        message.contains("--group")
            && message.contains("--project")
            && message.contains("--instance"),
        "{message}"
    );
    assert!(
        world.gitlab.requests().is_empty(),
        "no request before validation passes"
    );
}

#[test]
fn numeric_group_id_works_with_a_create_runner_only_token() {
    let mut fleet = fleet();
    fleet.add_user_with_token("owner", false, "glpat-create-only", &["create_runner"]);
    fleet.add_member("owner", "team", 50);
    let world = World::new(fleet);
    let group_id = world
        .gitlab
        .with_state(|s| s.groups.iter().find(|g| g.full_path == "team").unwrap().id);
    let output = world
        .runnerctl_with_token(Some("glpat-create-only"))
        .args(["create", "-g", &group_id.to_string()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    only_runner(&world);
}

/// A `201` whose answer is lost one way or another: the runner exists, its token is lost,
/// and the error says so and how to find it, without retrying.
fn assert_lost_answer_says_a_runner_was_probably_created(kind: FaultKind, extra: &[&str]) {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(kind.clone())
            .method("POST")
            .path("/api/v4/user/runners")
            .times(1),
    );
    let output = world
        .runnerctl()
        .args(extra)
        .args(["create", "-g", "team"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{kind:?}: {message}");
    assert!(
        message.contains("runner was probably created"),
        "{kind:?}: {message}"
    );
    assert!(
        message.contains("runnerctl list --status never_contacted"),
        "{kind:?}: {message}"
    );
    let (_, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
    let posts = world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 1, "{kind:?}: not retried");
}

#[test]
fn create_201_with_a_cut_body_says_a_runner_was_probably_created() {
    assert_lost_answer_says_a_runner_was_probably_created(FaultKind::CutBody, &[]);
}

#[test]
fn create_201_with_an_html_body_says_a_runner_was_probably_created() {
    assert_lost_answer_says_a_runner_was_probably_created(FaultKind::HtmlPageAfterHandling, &[]);
}

#[test]
fn create_201_that_stalls_after_its_headers_says_a_runner_was_probably_created() {
    assert_lost_answer_says_a_runner_was_probably_created(
        FaultKind::StallAfterHeaders,
        &["--timeout", "1"],
    );
}

#[test]
fn create_closed_after_the_request_was_read_says_a_runner_may_exist() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::CloseAfterReading)
            .method("POST")
            .path("/api/v4/user/runners")
            .times(1),
    );
    let output = world
        .runnerctl()
        .args(["create", "-g", "team"])
        .output()
        .unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("may have created the runner"), "{message}");
    assert!(
        message.contains("runnerctl list --status never_contacted"),
        "{message}"
    );
    only_runner(&world);
}
