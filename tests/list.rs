//! `runnerctl list` against the fake GitLab: bulk reads, server-side filters, the contract's
//! JSON and `registered_here`.

mod support;

use std::os::unix::fs::PermissionsExt;

use fake_gitlab::{MAINTAINER, OWNER, RunnerSeed};
use serde_json::Value;
use support::*;

/// 450 runners under `team`: group runners in nested groups and project runners, a tenth of
/// them with `gpu`, some online, some paused; plus instance runners and an outside group.
fn big_fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_member("maintainer", "team", MAINTAINER);
    fleet.add_project("team/a/app");
    fleet.add_project("team/b/web");
    fleet.add_project("elsewhere/x");
    for n in 0..450 {
        let seed = match n % 3 {
            0 => RunnerSeed::group("team"),
            1 => RunnerSeed::group("team/a"),
            _ => RunnerSeed::project(if n % 2 == 0 {
                "team/a/app"
            } else {
                "team/b/web"
            }),
        };
        let mut seed = seed.description(&format!("runner-{n}"));
        seed = if n % 10 == 0 {
            seed.tags(&["gpu", "linux"])
        } else {
            seed.tags(&["linux"])
        };
        if n % 4 == 0 {
            seed = seed.contacted_ago("5m");
        }
        if n % 7 == 0 {
            seed = seed.paused(true);
        }
        fleet.add_runner(seed);
    }
    fleet
}

fn runners(document: &Value) -> Vec<Value> {
    document["runners"].as_array().cloned().unwrap_or_default()
}

fn list(world: &World, token: &str, args: &[&str]) -> Value {
    world.gitlab.clear_requests();
    let output = world
        .runnerctl_with_token(Some(token))
        .arg("list")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    json(&output)
}

#[test]
fn list_all_reads_450_runners_in_a_few_requests() {
    let world = World::new(big_fleet());
    let document = list(&world, ADMIN_TOKEN, &["--all"]);
    let all = runners(&document);
    assert_eq!(all.len(), 450);
    let requests = world.gitlab.requests().len();
    assert!(requests < 10, "{requests} requests");
    let gpu = all
        .iter()
        .filter(|r| {
            r["tag_list"]
                .as_array()
                .is_some_and(|t| t.iter().any(|t| t == "gpu"))
        })
        .count();
    assert_eq!(gpu, 45);
    let online = all.iter().filter(|r| r["status"] == "online").count();
    assert_eq!(online, 113);
    assert!(all.iter().all(|r| r["status"] != "paused"));
}

#[test]
fn list_group_reads_450_runners_in_a_few_requests() {
    let world = World::new(big_fleet());
    let document = list(&world, MAINTAINER_TOKEN, &["-g", "team"]);
    assert_eq!(runners(&document).len(), 450);
    let requests = world.gitlab.requests();
    assert!(requests.len() < 10, "{} requests", requests.len());
    assert!(requests.iter().all(|r| r.path == "/api/graphql"));
    assert!(
        requests
            .iter()
            .all(|r| r.body.contains("membership: DESCENDANTS"))
    );
}

#[test]
fn filters_are_sent_to_the_server() {
    let world = World::new(big_fleet());
    let document = list(
        &world,
        ADMIN_TOKEN,
        &[
            "-g", "team", "--tag", "gpu", "--status", "online", "--active",
        ],
    );
    // n % 10 == 0, n % 4 == 0 and n % 7 != 0: the 23 multiples of 20 below 450 but 0, 140,
    // 280 and 420.
    assert_eq!(runners(&document).len(), 19);
    for request in world.gitlab.requests() {
        assert!(
            request.body.contains("tagList: [\\\"gpu\\\"]"),
            "{}",
            request.body
        );
        assert!(request.body.contains("status: ONLINE"), "{}", request.body);
        assert!(request.body.contains("paused: false"), "{}", request.body);
    }
}

#[test]
fn no_scope_lists_the_tokens_own_runners_with_rest_filters() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_member("maintainer", "team", OWNER);
    fleet.add_project("team/app");
    let gpu = fleet.add_runner(
        RunnerSeed::group("team")
            .tags(&["gpu"])
            .contacted_ago("1m")
            .paused(true),
    );
    fleet.add_runner(RunnerSeed::group("team").tags(&["cpu"]).contacted_ago("1m"));
    fleet.add_runner(RunnerSeed::instance().tags(&["gpu"]).contacted_ago("1m"));
    let world = World::new(fleet);

    let document = list(
        &world,
        MAINTAINER_TOKEN,
        &["--tag", "gpu", "--status", "online"],
    );
    let all = runners(&document);
    assert_eq!(all.len(), 1, "{document:#}");
    assert_eq!(all[0]["id"], gpu);
    // Paused but contacted a minute ago: the contact state, not REST's `paused`.
    assert_eq!(all[0]["status"], "online");
    assert_eq!(all[0]["paused"], true);
    assert_eq!(all[0]["tag_list"], serde_json::json!(["gpu"]));
    let requests = world.gitlab.requests();
    let listing = requests
        .iter()
        .find(|r| r.path == "/api/v4/runners")
        .expect("GET /runners");
    assert!(listing.query.contains("tag_list=gpu"), "{}", listing.query);
    assert!(listing.query.contains("status=online"), "{}", listing.query);
}

#[test]
fn json_row_has_the_contract_fields_and_registered_here() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let here = fleet.add_runner(
        RunnerSeed::project("team/app")
            .description("build-01")
            .tags(&["a"])
            .contacted_ago("1m"),
    );
    let elsewhere = fleet.add_runner(RunnerSeed::project("team/app"));
    let world = World::new(fleet);
    let config = world.config_file();
    std::fs::write(
        &config,
        format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"h\"\n  url = \"{}\"\n  id = {here}\n  \
             token = \"glrt-x\"\n  executor = \"shell\"\n\n[[runners]]\n  name = \"other\"\n  \
             url = \"https://other.example.com\"\n  id = {elsewhere}\n  token = \"glrt-y\"\n  \
             executor = \"shell\"\n",
            world.gitlab.url()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();

    let document = list(&world, ADMIN_TOKEN, &["-p", "team/app"]);
    let all = runners(&document);
    assert_eq!(all.len(), 2);
    let first = all[0].as_object().expect("object");
    let keys: Vec<&String> = first.keys().collect();
    assert_eq!(
        keys,
        [
            "contacted_at",
            "description",
            "id",
            "paused",
            "registered_here",
            "run_untagged",
            "runner_type",
            "status",
            "tag_list"
        ]
    );
    assert_eq!(all[0]["id"], here);
    assert_eq!(all[0]["registered_here"], true);
    assert_eq!(all[0]["runner_type"], "project_type");
    assert_eq!(all[0]["description"], "build-01");
    assert!(
        all[0]["contacted_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    assert_eq!(all[1]["id"], elsewhere);
    assert_eq!(
        all[1]["registered_here"], false,
        "an entry for another GitLab"
    );
    assert_eq!(all[1]["status"], "never_contacted");
    assert_eq!(all[1]["contacted_at"], Value::Null);
}

#[test]
fn human_table_lists_each_runner() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    fleet.add_runner(
        RunnerSeed::project("team/app")
            .description("build-01")
            .tags(&["a", "b"]),
    );
    let world = World::new(fleet);
    let output = world.runnerctl().args(["list", "--all"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].starts_with("ID"));
    assert!(
        lines[1].contains("never_contacted") && lines[1].contains("a,b"),
        "{text}"
    );
    assert!(lines[1].ends_with("build-01"));
}

#[test]
fn list_all_is_for_administrators() {
    let world = World::new(big_fleet());
    let output = world
        .runnerctl_with_token(Some(MAINTAINER_TOKEN))
        .args(["list", "--all"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("administrators only"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn two_scopes_are_a_usage_error() {
    let world = World::new(Fleet::with_standard_users());
    for args in [
        &["-g", "a", "--all"][..],
        &["-g", "a", "-p", "b"],
        &["--paused", "--active"],
    ] {
        let output = world.runnerctl().arg("list").args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(world.gitlab.requests().is_empty());
    }
}
