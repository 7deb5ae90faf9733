//! `--dry-run` on register, update and rotate through the binary against the fake GitLab:
//! the plan (or config.toml's diff) is printed, nothing changes in GitLab (no request but
//! reads reaches the fake) and config.toml stays byte for byte.

mod support;

use std::fs;

use fake_gitlab::RunnerSeed;
use support::*;

const TOKEN: &str = "glrt-dryrundryrundryrun01";

fn world() -> (World, u64) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let id = fleet.add_runner(
        RunnerSeed::group("team")
            .token(TOKEN)
            .description("old")
            .tags(&["linux"]),
    );
    (World::new(fleet), id)
}

/// Every request that is not a read (GraphQL queries read too).
fn changes(world: &World) -> Vec<String> {
    world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.method != "GET" && !r.path.ends_with("/api/graphql"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect()
}

fn register(world: &World, args: &[&str]) -> std::process::Output {
    let output = world
        .runnerctl()
        .args(["register", "--token-stdin", "--executor", "shell"])
        .args(args)
        .write_stdin(TOKEN)
        .output()
        .expect("runs");
    assert_no_token_text(&output, TOKEN);
    output
}

#[test]
fn register_dry_run_prints_the_diff_and_writes_and_sends_nothing() {
    let (world, _) = world();
    // A missing file: the diff is the whole new file, and nothing is created.
    let output = register(&world, &["--name", "host1", "--dry-run"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("--- /dev/null\n"), "{said}");
    assert!(said.contains("+  name = \"host1\"\n"), "{said}");
    assert!(said.contains("+  token = \"glrt-…\"\n"), "{said}");
    assert!(said.contains("would be added"), "{said}");
    assert!(!world.config_file().exists(), "config.toml was written");
    assert!(
        !world.path(".runner_system_id").exists(),
        "a dry run creates no system id"
    );
    assert!(world.gitlab.requests().is_empty(), "no verify, no request");

    // An existing entry: the diff of the change, in JSON with the register document's fields.
    let output = register(&world, &["--name", "host1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let before = fs::read(world.config_file()).expect("config");
    world.gitlab.clear_requests();
    let output = register(
        &world,
        &["--name", "host2", "--dry-run", "--format", "json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!(document["action"], "updated", "{document}");
    assert_eq!(document["dry_run"], true);
    assert_eq!(document["verified"], false);
    assert_eq!(document["name"], "host2");
    let diff = document["diff"].as_str().expect("diff");
    assert!(
        diff.contains("-  name = \"host1\"\n+  name = \"host2\"\n"),
        "{diff}"
    );
    assert_eq!(fs::read(world.config_file()).expect("config"), before);
    assert!(world.gitlab.requests().is_empty(), "no verify, no request");

    // Nothing to change: an empty diff.
    let output = register(
        &world,
        &["--name", "host1", "--dry-run", "--format", "json"],
    );
    let document = json(&output);
    assert_eq!(document["action"], "unchanged", "{document}");
    assert_eq!(document["diff"], "");
    assert_eq!(fs::read(world.config_file()).expect("config"), before);
}

#[test]
fn update_dry_run_plans_each_field_from_what_to_what_and_sends_no_put() {
    let (world, id) = world();
    let output = world
        .runnerctl()
        .args(["update", &id.to_string(), "--description", "new"])
        .args(["--add-tag", "gpu", "--run-untagged", "--dry-run"])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let result = &json(&output)["results"][0];
    assert_eq!(result["runner_id"], id);
    assert_eq!(result["action"], "planned");
    let reason = result["reason"].as_str().expect("reason");
    assert!(
        reason.contains(r#"description from "old" to "new""#)
            && reason.contains(r#"tag_list from ["linux"] to ["linux","gpu"]"#),
        "{reason}"
    );
    // run_untagged is already true: not a change.
    assert!(!reason.contains("run_untagged"), "{reason}");
    assert_eq!(changes(&world), Vec::<String>::new());
    world.gitlab.with_state(|state| {
        let runner = state.runner(id).expect("runner");
        assert_eq!(runner.description, "old");
        assert_eq!(runner.tag_list, ["linux"]);
    });

    let output = world
        .runnerctl()
        .args(["update", &id.to_string(), "--tags", "a,b", "--dry-run"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains(r#"tag_list from ["linux"] to ["a","b"]"#),
        "{said}"
    );
    assert!(said.contains("nothing was sent"), "{said}");
    assert_eq!(changes(&world), Vec::<String>::new());
}

#[test]
fn rotate_dry_run_plans_the_reset_and_resets_nothing() {
    let (world, id) = world();
    let output = register(&world, &["--name", "host1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let before = fs::read(world.config_file()).expect("config");
    world.gitlab.clear_requests();

    let output = world
        .runnerctl()
        .args(["rotate", &id.to_string(), "--dry-run", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN);
    let result = &json(&output)["results"][0];
    assert_eq!(result["action"], "planned", "{result}");
    let reason = result["reason"].as_str().expect("reason");
    assert!(
        reason.contains("reset runner") && reason.contains("\"host1\""),
        "{reason}"
    );
    assert_eq!(changes(&world), Vec::<String>::new());
    assert_eq!(fs::read(world.config_file()).expect("config"), before);
    world.gitlab.with_state(|state| {
        assert_eq!(state.runner(id).expect("runner").token, TOKEN);
    });

    // Another host online: the dry run refuses as the rotation would.
    world.gitlab.with_state(|state| {
        state.heartbeat(id, Some("s_othermachine1"), chrono::Utc::now());
    });
    let output = world
        .runnerctl()
        .args(["rotate", &id.to_string(), "--dry-run"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(changes(&world), Vec::<String>::new());
}
