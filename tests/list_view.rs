//! `runnerctl list` for big fleets: `--limit` reads no further than it shows, `--columns`
//! and the CONTACTED column, progress on a terminal (list's and prune's reads), and the hint
//! of an unscoped empty list.

mod support;
#[path = "support/system.rs"]
mod system;

use fake_gitlab::{OWNER, RunnerSeed};
use serde_json::Value;
use support::*;

/// 250 group runners under `team` (three GraphQL pages), every other one contacted 5m ago.
fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_member("maintainer", "team", OWNER);
    for n in 0..250 {
        let mut seed = RunnerSeed::group("team").description(&format!("runner-{n}"));
        if n % 2 == 0 {
            seed = seed.contacted_ago("5m");
        }
        fleet.add_runner(seed);
    }
    fleet
}

fn list(world: &World, token: &str, args: &[&str]) -> std::process::Output {
    world.gitlab.clear_requests();
    let output = world
        .runnerctl_with_token(Some(token))
        .arg("list")
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    output
}

fn ids(output: &std::process::Output) -> Vec<u64> {
    let document = json(output);
    let runners = document["runners"].as_array().cloned().unwrap_or_default();
    runners.iter().filter_map(|r| r["id"].as_u64()).collect()
}

#[test]
fn limit_stops_reading_once_it_has_enough() {
    let world = World::new(fleet());
    let all = ids(&list(
        &world,
        ADMIN_TOKEN,
        &["-g", "team", "--format", "json"],
    ));
    assert_eq!(all.len(), 250);
    let unlimited = world.gitlab.requests().len();
    assert_eq!(unlimited, 3, "three pages of 100");

    let output = list(
        &world,
        ADMIN_TOKEN,
        &["-g", "team", "--limit", "5", "--format", "json"],
    );
    let limited = ids(&output);
    let requests = world.gitlab.requests();
    assert_eq!(requests.len(), 1, "one page of six");
    assert!(
        requests[0].body.contains("first: 6"),
        "{}",
        requests[0].body
    );
    // The five most recently created (GitLab lists newest first), shown in id order.
    let newest: Vec<u64> = all[245..].to_vec();
    assert_eq!(limited, newest);
    assert!(
        stderr(&output).contains("more runners match"),
        "{}",
        stderr(&output)
    );

    // A limit past the fleet shows everything, and says nothing about more.
    let output = list(
        &world,
        ADMIN_TOKEN,
        &["-g", "team", "--limit", "300", "--format", "json"],
    );
    assert_eq!(ids(&output).len(), 250);
    assert!(
        !stderr(&output).contains("more runners"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn limit_without_a_scope_reads_few_runner_details() {
    let world = World::new(fleet());
    let all = ids(&list(&world, MAINTAINER_TOKEN, &["--format", "json"]));
    assert_eq!(all.len(), 250);
    let unlimited = world.gitlab.requests().len();
    assert!(unlimited > 250, "a request per runner: {unlimited}");

    let output = list(&world, MAINTAINER_TOKEN, &["--limit", "3"]);
    assert_eq!(stdout(&output).lines().count(), 4, "{}", stdout(&output));
    let requests = world.gitlab.requests();
    let listing: Vec<_> = requests
        .iter()
        .filter(|r| r.path == "/api/v4/runners")
        .collect();
    assert_eq!(listing.len(), 1);
    assert!(
        listing[0].query.contains("per_page=4"),
        "{}",
        listing[0].query
    );
    assert_eq!(
        requests.len(),
        5,
        "the page, and the details of its four runners"
    );
    assert!(stderr(&output).contains("--limit 3"), "{}", stderr(&output));
}

#[test]
fn columns_choose_the_table_and_contacted_reads_as_a_time_ago() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let seen = fleet.add_runner(RunnerSeed::project("team/app").contacted_ago("5m"));
    let never = fleet.add_runner(RunnerSeed::project("team/app").tags(&["a"]));
    let world = World::new(fleet);

    let default = stdout(&list(&world, ADMIN_TOKEN, &["--all"]));
    let header = default.lines().next().unwrap_or_default();
    assert!(header.contains("TAGS  CONTACTED  DESCRIPTION"), "{default}");

    let text = stdout(&list(
        &world,
        ADMIN_TOKEN,
        &["--all", "--columns", "id,contacted"],
    ));
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["ID", "CONTACTED"]
    );
    // Contacted 5 minutes ago, give or take the seconds the test takes.
    let row = |id: u64| -> Vec<&str> {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{id} ")))
            .expect("a row");
        line.split_whitespace().skip(1).collect()
    };
    assert!(
        matches!(row(seen).as_slice(), ["5m" | "4m", "ago"]),
        "{text}"
    );
    assert_eq!(row(never), ["never"], "{text}");
}

#[test]
fn an_unknown_column_is_a_usage_error_naming_the_valid_ones() {
    let world = World::new(Fleet::with_standard_users());
    let output = world
        .runnerctl()
        .args(["list", "--all", "--columns", "id,colour"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("colour"), "{text}");
    for name in [
        "id",
        "type",
        "status",
        "paused",
        "here",
        "tags",
        "contacted",
        "description",
    ] {
        assert!(text.contains(name), "{name} in {text}");
    }
    assert!(world.gitlab.requests().is_empty());
}

#[test]
fn an_unscoped_empty_list_hints_at_the_scopes() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_member("maintainer", "team", OWNER);
    fleet.add_runner(RunnerSeed::instance());
    let world = World::new(fleet);
    let output = list(&world, MAINTAINER_TOKEN, &[]);
    assert_eq!(stdout(&output), "No runners.\n");
    let hint = stderr(&output);
    assert!(
        hint.contains("--all") && hint.contains("-g GROUP") && hint.contains("-p"),
        "{hint}"
    );

    // A scope that holds nothing is no reason to name the others.
    let output = list(
        &world,
        MAINTAINER_TOKEN,
        &["-g", "team", "--format", "json"],
    );
    assert_eq!(json(&output)["runners"], Value::Array(Vec::new()));
    assert!(!stderr(&output).contains("--all"), "{}", stderr(&output));
}

#[test]
fn reading_shows_progress_on_a_terminal_only() {
    if let Err(reason) = system::have_program("script") {
        system::require_or_skip("a pseudo-terminal (util-linux script)", &reason);
        return;
    }
    let world = World::new(fleet());
    let screen = |args: &[&str]| {
        let child = spawn_on_terminal(&world, args);
        let output = child.wait_with_output().expect("output");
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        stdout(&output)
    };
    let human = screen(&["list", "-g", "team"]);
    assert!(human.contains("reading runners"), "{human}");
    // prune shows the same while it reads its plan.
    let prune = screen(&["prune", "--never-contacted", "-g", "team", "--dry-run"]);
    assert!(prune.contains("reading runners"), "{prune}");
    let json = screen(&["list", "-g", "team", "--format", "json"]);
    assert!(!json.contains("reading runners"), "{json}");
    // Without a terminal (every other test), nothing of it reaches stderr.
    let output = list(&world, ADMIN_TOKEN, &["-g", "team"]);
    assert!(
        !stderr(&output).contains("reading runners"),
        "{}",
        stderr(&output)
    );
}
