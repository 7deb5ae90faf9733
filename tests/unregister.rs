//! `runnerctl unregister` through the binary against the fake GitLab: exactly its entry goes,
//! GitLab is told as gitlab-runner tells it, and failures keep what they must.

#[path = "support/go_decode.rs"]
mod go_decode;
mod support;

use std::fs;

use fake_gitlab::{FaultKind, RunnerSeed};
use support::*;

const TOKEN_A: &str = "glrt-unregaaaaaaaaaaaaaaa";
const TOKEN_B: &str = "glrt-unregbbbbbbbbbbbbbbb";

const HAND: &str = "# hand-written, kept\nconcurrent = 2\n\n[[runners]]\n  name = \"hand\"\n  url = \"http://127.0.0.1:1\"\n  id = 1\n  token = \"glrt-handwrittenhandwritten\"\n  executor = \"shell\"\n";

struct Setup {
    world: World,
    a: u64,
    b: u64,
    /// The file with the hand entry and runner A's entry.
    with_a: String,
    /// The file with the hand entry, A and B.
    with_both: String,
}

fn register(world: &World, token: &str, name: &str) {
    let output = world
        .runnerctl()
        .args([
            "register",
            "--token-stdin",
            "--executor",
            "shell",
            "--name",
            name,
        ])
        .write_stdin(token)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
}

fn setup() -> Setup {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let a = fleet.add_runner(RunnerSeed::group("team").token(TOKEN_A));
    let b = fleet.add_runner(RunnerSeed::group("team").token(TOKEN_B));
    let world = World::new(fleet);
    fs::write(world.config_file(), HAND).expect("write");
    register(&world, TOKEN_A, "host-a");
    let with_a = fs::read_to_string(world.config_file()).expect("read");
    register(&world, TOKEN_B, "host-b");
    let with_both = fs::read_to_string(world.config_file()).expect("read");
    world.gitlab.clear_requests();
    Setup {
        world,
        a,
        b,
        with_a,
        with_both,
    }
}

fn unregister(world: &World, args: &[&str]) -> std::process::Output {
    let output = world
        .runnerctl()
        .arg("unregister")
        .args(args)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    for token in [TOKEN_A, TOKEN_B, "glrt-handwrittenhandwritten"] {
        assert_no_token_text(&output, token);
    }
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    output
}

fn system_id(world: &World) -> String {
    fs::read_to_string(world.path(".runner_system_id")).expect("system id")
}

fn config(world: &World) -> String {
    fs::read_to_string(world.config_file()).expect("read")
}

#[test]
fn unregister_by_name_removes_exactly_its_entry_and_this_machines_manager() {
    let setup = setup();
    let world = &setup.world;
    let output = unregister(world, &["--name", "host-b"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json(&output),
        serde_json::json!({"results": [
            {"runner_id": setup.b, "name": "host-b", "action": "deleted", "reason": null}
        ]})
    );
    assert_eq!(config(world), setup.with_a, "only B's entry went");

    let requests = world.gitlab.requests();
    let deletes: Vec<_> = requests
        .iter()
        .filter(|r| r.method == "DELETE" && r.path == "/api/v4/runners/managers")
        .collect();
    assert_eq!(deletes.len(), 1, "{requests:?}");
    assert_eq!(deletes[0].status, 204);
    let body: serde_json::Value = serde_json::from_str(&deletes[0].body).expect("json");
    assert_eq!(body["system_id"], system_id(world).as_str());
    world.gitlab.with_state(|state| {
        let runner = state.runner(setup.b).expect("the runner itself stays");
        assert!(runner.managers.is_empty(), "this machine's manager is gone");
    });
    go_decode::assert_gitlab_runner_reads(&world.config_file());
}

#[test]
fn unregister_a_middle_entry_keeps_the_others_byte_for_byte() {
    let setup = setup();
    let world = &setup.world;
    let output = unregister(world, &["--runner", &setup.a.to_string()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let entry_b = &setup.with_both[setup.with_a.len()..];
    assert_eq!(config(world), format!("{HAND}{entry_b}"));
    go_decode::assert_gitlab_runner_reads(&world.config_file());
}

#[test]
fn a_403_or_404_still_removes_the_entry_with_a_note() {
    let setup = setup();
    let world = &setup.world;
    // B's token was reset elsewhere: 403.
    world.gitlab.with_state(|state| {
        state.runner_mut(setup.b).expect("b").token = "glrt-resetelsewhere".into();
    });
    // A's manager is already gone: 404.
    world.gitlab.with_state(|state| {
        state.runner_mut(setup.a).expect("a").managers.clear();
    });
    let output = unregister(world, &["--name", "host-b"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let results = json(&output);
    assert_eq!(results["results"][0]["action"], "deleted");
    let reason = results["results"][0]["reason"].as_str().expect("reason");
    assert!(reason.contains("403"), "{reason}");
    assert!(stderr(&output).contains("403"), "{}", stderr(&output));

    let output = unregister(world, &["--name", "host-a"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let reason = json(&output)["results"][0]["reason"]
        .as_str()
        .expect("reason")
        .to_string();
    assert!(reason.contains("404"), "{reason}");
    assert_eq!(config(world), HAND);
}

#[test]
fn a_network_error_keeps_the_entry_and_fails() {
    let setup = setup();
    let world = &setup.world;
    world.gitlab.inject(
        Fault::new(FaultKind::DropConnection)
            .method("DELETE")
            .path("/api/v4/runners/managers"),
    );
    let output = unregister(world, &["--name", "host-a"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let results = json(&output);
    assert_eq!(results["results"][0]["action"], "failed");
    assert_eq!(config(world), setup.with_both, "nothing removed");
}

#[test]
fn an_ambiguous_name_is_refused_with_the_list() {
    let setup = setup();
    let world = &setup.world;
    let text = config(world).replace("name = \"host-b\"", "name = \"host-a\"");
    fs::write(world.config_file(), &text).expect("write");
    let output = unregister(world, &["--name", "host-a"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(&format!("--runner {}", setup.a)),
        "{message}"
    );
    assert!(
        message.contains(&format!("--runner {}", setup.b)),
        "{message}"
    );
    assert_eq!(config(world), text);
    assert!(world.gitlab.requests().is_empty());

    let output = unregister(world, &["--name", "nobody"]);
    assert_eq!(output.status.code(), Some(1));
    let output = world
        .runnerctl()
        .args(["unregister"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn unregister_all_removes_every_entry() {
    let setup = setup();
    let world = &setup.world;
    let output = unregister(world, &["--all"]);
    // Nothing listens at the hand entry's GitLab: it is kept, and the run fails.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let results = json(&output)["results"]
        .as_array()
        .expect("results")
        .clone();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["action"], "failed");
    assert_eq!(results[1]["action"], "deleted");
    assert_eq!(results[2]["action"], "deleted");
    assert_eq!(config(world), HAND);
}

#[test]
fn delete_runner_deletes_it_and_its_stored_token_unless_another_manager_is_online() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let world = World::new(fleet);
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--register", "--executor", "shell"])
        .args(["--name", "self", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let id = json(&output)["id"].as_u64().expect("id");
    let token = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").token.clone());

    // Another machine uses the same runner and is online.
    world.gitlab.with_state(|state| {
        state.heartbeat(id, Some("s_othermachine1"), chrono::Utc::now());
    });
    let output = unregister(
        &world,
        &["--runner", &id.to_string(), "--delete-runner", "--yes"],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_no_token_text(&output, &token);
    let reason = json(&output)["results"][0]["reason"]
        .as_str()
        .expect("reason")
        .to_string();
    assert!(
        reason.contains("--force") && reason.contains("s_othermachine1"),
        "{reason}"
    );
    assert!(world.gitlab.with_state(|state| state.runner(id).is_some()));
    assert!(config(&world).contains("name = \"self\""));

    let output = unregister(
        &world,
        &[
            "--runner",
            &id.to_string(),
            "--delete-runner",
            "--force",
            "--yes",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, &token);
    assert!(
        world.gitlab.with_state(|state| state.runner(id).is_none()),
        "the runner is gone from GitLab"
    );
    assert!(!config(&world).contains("[[runners]]"));
    let shown = world
        .runnerctl()
        .args(["token", "show", &id.to_string()])
        .output()
        .expect("runs");
    assert_eq!(shown.status.code(), Some(1), "the stored token is gone too");
}

#[test]
fn delete_runner_without_an_api_token_keeps_the_entry() {
    let setup = setup();
    let world = &setup.world;
    let output = world
        .runnerctl_with_token(None)
        .args(["unregister", "--name", "host-a", "--delete-runner", "--yes"])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let reason = json(&output)["results"][0]["reason"]
        .as_str()
        .expect("reason")
        .to_string();
    assert!(reason.contains("GITLAB_TOKEN"), "{reason}");
    assert_eq!(config(world), setup.with_both);
}

#[test]
fn unregister_by_name_leaves_another_entry_that_shares_its_token() {
    let setup = setup();
    let world = &setup.world;
    // gitlab-runner writes such duplicates when one token is registered twice.
    let twin =
        config(world)[setup.with_a.len()..].replace("name = \"host-b\"", "name = \"twin-of-b\"");
    fs::write(world.config_file(), format!("{}{twin}", setup.with_both)).expect("write");
    let output = unregister(world, &["--name", "host-b"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["results"][0]["action"], "deleted");
    assert_eq!(
        config(world),
        format!("{}{twin}", setup.with_a),
        "only host-b went; its twin with the same token stays"
    );
}

#[test]
fn a_token_less_entry_is_removed_when_reported_deleted() {
    let setup = setup();
    let world = &setup.world;
    let tokenless = "\n[[runners]]\n  name = \"no-token\"\n  url = \"http://127.0.0.1:1\"\n  executor = \"shell\"\n";
    fs::write(
        world.config_file(),
        format!("{}{tokenless}", setup.with_both),
    )
    .expect("write");
    let output = unregister(world, &["--name", "no-token"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["results"][0]["action"], "deleted");
    assert_eq!(
        config(world),
        setup.with_both,
        "the entry is gone, as reported"
    );
    assert!(
        world.gitlab.requests().is_empty(),
        "GitLab has nothing to forget"
    );
}

#[test]
fn an_instance_prefixed_glrt_token_unregisters_only_this_machines_manager() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let world = World::new(fleet);
    // An instance token prefix (GitLab 18.x): tokens are issued as `abc_glrt-…`.
    world
        .gitlab
        .with_state(|state| state.instance_token_prefix = "abc_".into());
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--register", "--executor", "shell"])
        .args(["--name", "prefixed", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("legacy"), "{}", stderr(&output));
    let id = json(&output)["id"].as_u64().expect("id");
    let token = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").token.clone());
    assert!(
        token.starts_with("abc_glrt-"),
        "the fake issues prefixed tokens"
    );
    world.gitlab.clear_requests();

    let output = unregister(&world, &["--name", "prefixed"]);
    assert_no_token_text(&output, &token);
    assert!(output.status.success(), "{}", stderr(&output));
    let requests = world.gitlab.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.method == "DELETE" && r.path == "/api/v4/runners/managers"),
        "{requests:?}"
    );
    assert!(
        !requests
            .iter()
            .any(|r| r.method == "DELETE" && r.path == "/api/v4/runners"),
        "DELETE /runners deletes the runner for every host: {requests:?}"
    );
    assert!(
        world.gitlab.with_state(|state| state.runner(id).is_some()),
        "the runner itself stays"
    );
}

#[test]
fn a_plain_http_entry_url_gets_the_same_warning_as_a_plain_http_url_flag() {
    let setup = setup();
    let world = &setup.world;
    // Loopback is exempt: the setup's entries point at 127.0.0.1 and say nothing.
    let output = unregister(world, &["--name", "host-a"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("plain http"),
        "{}",
        stderr(&output)
    );

    // 0.0.0.0 reaches the fake on this machine but is not a loopback address.
    let port = world
        .gitlab
        .url()
        .rsplit(':')
        .next()
        .expect("port")
        .to_string();
    let open_url = format!("http://0.0.0.0:{port}");
    let text = config(world).replace(&world.gitlab.url(), &open_url);
    fs::write(world.config_file(), text).expect("write");
    let output = unregister(world, &["--name", "host-b"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains(&format!(
            "{open_url} is plain http: tokens cross the network unencrypted; use https"
        )),
        "{message}"
    );
    assert_eq!(message.matches("is plain http").count(), 1, "{message}");
}

/// The requests that change something in GitLab (every method but GET; GraphQL queries read).
fn changes(world: &World) -> Vec<String> {
    world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.method != "GET" && !r.path.ends_with("/api/graphql"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

#[test]
fn delete_runner_without_a_terminal_needs_yes_and_deletes_nothing() {
    let setup = setup();
    let world = &setup.world;
    let secrets = fs::read(world.secrets_file()).ok();
    let output = world
        .runnerctl()
        .args(["unregister", "--name", "host-a", "--delete-runner"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--yes"), "{}", stderr(&output));
    assert!(world.gitlab.requests().is_empty(), "nothing was sent");
    assert_eq!(
        config(world),
        setup.with_both,
        "config.toml is byte-identical"
    );
    assert_eq!(fs::read(world.secrets_file()).ok(), secrets);
    world.gitlab.with_state(|state| {
        let runner = state.runner(setup.a).expect("runner A still exists");
        assert!(
            !runner.managers.is_empty(),
            "and keeps this machine's manager"
        );
    });

    // --yes confirms: the runner goes, and people are told it went in GitLab.
    let output = world
        .runnerctl()
        .args(["unregister", "--name", "host-a", "--delete-runner", "--yes"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains(&format!(
            "Deleted runner {} (\"host-a\") in GitLab",
            setup.a
        )),
        "{said}"
    );
    assert!(
        world
            .gitlab
            .with_state(|state| state.runner(setup.a).is_none())
    );
    assert!(!config(world).contains("host-a"));
}

#[test]
fn dry_run_plans_each_entry_and_sends_no_change() {
    let setup = setup();
    let world = &setup.world;
    let output = unregister(world, &["--all", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let results = json(&output)["results"]
        .as_array()
        .expect("results")
        .clone();
    assert_eq!(results.len(), 3, "{results:?}");
    for result in &results {
        assert_eq!(result["action"], "planned", "{result}");
    }
    let reason_b = results[2]["reason"].as_str().expect("reason");
    assert!(
        reason_b.contains("DELETE /runners/managers") && reason_b.contains("remove its entry"),
        "{reason_b}"
    );
    assert_eq!(results[2]["runner_id"], setup.b);
    assert_eq!(changes(world), Vec::<String>::new());
    assert_eq!(
        config(world),
        setup.with_both,
        "config.toml is byte-identical"
    );

    // With --delete-runner the plan reads the runner's managers (a GET) and deletes nothing;
    // a dry run needs no --yes.
    let output = unregister(world, &["--name", "host-a", "--delete-runner", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let result = &json(&output)["results"][0];
    assert_eq!(result["action"], "planned");
    assert!(
        result["reason"]
            .as_str()
            .is_some_and(|reason| reason.contains("delete the runner itself")),
        "{result}"
    );
    assert!(
        world
            .gitlab
            .requests()
            .iter()
            .any(|r| r.method == "GET" && r.path.ends_with("/managers")),
        "the plan checked the runner's other managers"
    );
    assert_eq!(changes(world), Vec::<String>::new());
    assert_eq!(config(world), setup.with_both);
    assert!(
        world
            .gitlab
            .with_state(|state| state.runner(setup.a).is_some())
    );

    // Human output: the plan, and that nothing changed.
    let output = world
        .runnerctl()
        .args(["unregister", "--name", "host-b", "--dry-run"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("would delete this machine's runner manager"),
        "{said}"
    );
    assert!(said.contains("Dry run: nothing was sent"), "{said}");
    assert_eq!(changes(world), Vec::<String>::new());
}
