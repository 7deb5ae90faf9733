//! `runnerctl prune`: deletes exactly the selected runners, their config.toml entries and
//! their stored tokens, and never an online runner.

mod support;

use fake_gitlab::RunnerSeed;
use support::*;

struct Planted {
    world: World,
    old_never: Vec<u64>,
    fresh_never: u64,
    online: u64,
    offline: u64,
    stale: u64,
    local: u64,
}

fn planted() -> Planted {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_project("team/app");
    let old_never: Vec<u64> = (0..3)
        .map(|_| fleet.add_runner(RunnerSeed::group("team").created_ago("2d")))
        .collect();
    let local = fleet.add_runner(RunnerSeed::group("team").created_ago("3d"));
    let fresh_never = fleet.add_runner(RunnerSeed::group("team").created_ago("1h"));
    let online = fleet.add_runner(
        RunnerSeed::group("team")
            .created_ago("30d")
            .contacted_ago("5m")
            .manager("keep-host", "5m"),
    );
    let offline = fleet.add_runner(
        RunnerSeed::project("team/app")
            .created_ago("30d")
            .contacted_ago("3d"),
    );
    let stale = fleet.add_runner(
        RunnerSeed::instance()
            .created_ago("90d")
            .contacted_ago("20d"),
    );
    let world = World::new(fleet);
    let url = world.gitlab.url();
    let config = format!(
        "concurrent = 1\n\n# kept by hand\n[[runners]]\n  name = \"keep\"\n  url = \"{url}\"\n  id = {online}\n  token = \"glrt-keep\"\n  executor = \"shell\"\n\n[[runners]]\n  name = \"gone\"\n  url = \"{url}\"\n  id = {local}\n  token = \"glrt-gone\"\n  executor = \"shell\"\n"
    );
    std::fs::write(world.config_file(), config).unwrap();
    Planted {
        world,
        old_never,
        fresh_never,
        online,
        offline,
        stale,
        local,
    }
}

fn store(world: &World) -> runnerctl::secrets::SecretStore {
    runnerctl::secrets::SecretStore::open(&format!("file:{}", world.secrets_file().display()))
        .unwrap()
}

fn url(world: &World) -> runnerctl::instance_url::InstanceUrl {
    runnerctl::instance_url::InstanceUrl::parse(&world.gitlab.url()).unwrap()
}

fn delete_requests(world: &World) -> Vec<String> {
    world
        .gitlab
        .requests()
        .into_iter()
        .filter(|r| r.method == "DELETE")
        .map(|r| r.path)
        .collect()
}

#[test]
fn never_contacted_older_than_a_day_deletes_exactly_the_planted_set() {
    let p = planted();
    // A stored token for a runner that is about to go, and one for a runner that stays.
    for id in [p.local, p.online] {
        store(&p.world)
            .put_runner_token(
                &url(&p.world),
                id,
                &runnerctl::token::RunnerToken::new(format!("glrt-stored-{id}")),
                None,
            )
            .unwrap();
    }

    let output = p
        .world
        .runnerctl()
        .args([
            "prune",
            "--never-contacted",
            "--older-than",
            "1d",
            "--all",
            "--yes",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));

    let mut expected: Vec<u64> = p.old_never.clone();
    expected.push(p.local);
    expected.sort_unstable();
    let document = json(&output);
    let mut deleted: Vec<u64> = document["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "deleted")
        .map(|r| r["runner_id"].as_u64().unwrap())
        .collect();
    deleted.sort_unstable();
    assert_eq!(deleted, expected);

    p.world.gitlab.with_state(|state| {
        for id in &expected {
            assert!(!state.runners.contains_key(id), "runner {id} is gone");
        }
        for id in [p.fresh_never, p.online, p.offline, p.stale] {
            assert!(state.runners.contains_key(&id), "runner {id} stays");
        }
    });

    let config = std::fs::read_to_string(p.world.config_file()).unwrap();
    assert!(
        config.contains("name = \"keep\"") && config.contains("# kept by hand"),
        "{config}"
    );
    assert!(!config.contains("name = \"gone\""), "{config}");

    assert!(
        store(&p.world)
            .runner_token(&url(&p.world), p.local)
            .unwrap()
            .is_none()
    );
    assert!(
        store(&p.world)
            .runner_token(&url(&p.world), p.online)
            .unwrap()
            .is_some()
    );
}

#[test]
fn dry_run_sends_no_delete_and_plans_the_stale_ones() {
    let p = planted();
    let output = p
        .world
        .runnerctl()
        .args(["prune", "--stale", "--all", "--dry-run", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(delete_requests(&p.world).is_empty());
    assert!(
        p.world
            .gitlab
            .requests()
            .iter()
            .all(|r| r.method == "GET" || r.path == "/api/graphql")
    );
    let results = json(&output)["results"].as_array().unwrap().clone();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["runner_id"], p.stale);
    assert_eq!(results[0]["action"], "planned");
}

#[test]
fn selector_and_scope_are_required() {
    let p = planted();
    for args in [
        vec!["prune", "--all", "--yes"],
        vec!["prune", "--never-contacted", "--yes"],
        vec![
            "prune",
            "--never-contacted",
            "--all",
            "--older-than",
            "3x",
            "--yes",
        ],
        vec!["prune", "--never-contacted", "-g", "team", "--all", "--yes"],
    ] {
        let output = p.world.runnerctl().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(p.world.gitlab.requests().is_empty());
}

#[test]
fn without_a_terminal_prune_needs_yes() {
    let p = planted();
    let output = p
        .world
        .runnerctl()
        .args(["prune", "--never-contacted", "--all"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--yes"), "{}", stderr(&output));
    assert!(delete_requests(&p.world).is_empty());
}

#[test]
fn a_runner_shared_by_several_projects_is_skipped_for_a_non_admin() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_project("team/a");
    fleet.add_project("team/b");
    fleet.add_member("maintainer", "team", 50);
    let shared = fleet.add_runner(
        RunnerSeed::project("team/a")
            .also_project("team/b")
            .created_ago("5d"),
    );
    let single = fleet.add_runner(RunnerSeed::project("team/a").created_ago("5d"));
    let world = World::new(fleet);
    let output = world
        .runnerctl_with_token(Some(MAINTAINER_TOKEN))
        .args([
            "prune",
            "--never-contacted",
            "-g",
            "team",
            "--yes",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "a stated skip is not a failure: {}",
        stderr(&output)
    );
    let results = json(&output)["results"].as_array().unwrap().clone();
    let action = |id: u64| {
        results
            .iter()
            .find(|r| r["runner_id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(action(single)["action"], "deleted");
    assert_eq!(action(shared)["action"], "skipped");
    assert!(
        action(shared)["reason"]
            .as_str()
            .unwrap()
            .contains("more than one project")
    );
    world
        .gitlab
        .with_state(|state| assert!(state.runners.contains_key(&shared)));
}

#[test]
fn rate_limits_during_a_large_prune_are_retried_until_every_runner_is_gone() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    for _ in 0..120 {
        fleet.add_runner(RunnerSeed::group("team").created_ago("2d"));
    }
    let world = World::new(fleet);
    world.gitlab.inject(Fault::new(FaultKind::RateLimitEvery {
        every: 50,
        retry_after: 0,
    }));
    let output = world
        .runnerctl()
        .args([
            "prune",
            "--never-contacted",
            "--all",
            "--yes",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    world
        .gitlab
        .with_state(|state| assert!(state.runners.is_empty()));
    assert!(
        world.gitlab.requests().iter().any(|r| r.status == 429),
        "the fault fired"
    );
}
