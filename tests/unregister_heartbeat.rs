//! GitLab versions whose runner authentication heartbeats every runner-token call
//! (lib/api/ci/helpers/runner.rb before the heartbeat moved behind `ensure_runner_manager`)
//! count `DELETE /runners/managers` as a contact: the runner reads online for 2 hours after
//! its last host unregistered. unregister says so, and the "another host is online" checks
//! look at the managers, not at the runner's own state.

mod support;

use std::path::Path;

use fake_gitlab::RunnerSeed;
use support::*;

const TOKEN: &str = "glrt-heartbeatheartbeat01";

fn world(heartbeat_on_every_call: bool) -> (World, u64) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.heartbeat_on_every_runner_call = heartbeat_on_every_call;
    let id = fleet.add_runner(RunnerSeed::group("team").token(TOKEN).created_ago("3d"));
    (World::new(fleet), id)
}

/// Registers the runner with `config` (its own `.runner_system_id` beside it) and returns
/// that host's system id.
fn register_host(world: &World, config: &Path, name: &str) -> String {
    let output = world
        .runnerctl()
        .env("CONFIG_FILE", config)
        .args([
            "register",
            "--token-stdin",
            "--executor",
            "shell",
            "--name",
            name,
        ])
        .write_stdin(TOKEN)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let dir = config.parent().expect("dir");
    std::fs::read_to_string(dir.join(".runner_system_id"))
        .expect("system id written")
        .trim()
        .to_string()
}

/// Every contact of the runner and its managers moved 5 hours back: long silent.
fn age_contacts(world: &World, id: u64) {
    world.gitlab.with_state(|state| {
        let at = chrono::Utc::now() - chrono::Duration::hours(5);
        let runner = state.runner_mut(id).expect("runner");
        runner.contacted_at = Some(at);
        for manager in &mut runner.managers {
            manager.contacted_at = Some(at);
        }
    });
}

fn listed_status(world: &World, id: u64) -> String {
    let output = world
        .runnerctl()
        .args(["list", "-g", "team", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    json(&output)["runners"]
        .as_array()
        .expect("runners")
        .iter()
        .find(|runner| runner["id"] == id)
        .expect("listed")["status"]
        .as_str()
        .expect("status")
        .to_string()
}

#[test]
fn unregister_warns_that_the_runner_may_read_online_for_two_hours() {
    let (world, id) = world(true);
    register_host(&world, &world.config_file(), "host-a");
    age_contacts(&world, id);
    assert_eq!(listed_status(&world, id), "offline");

    let output = world
        .runnerctl()
        .args(["unregister", "--name", "host-a"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("up to 2 hours"), "{err}");
    assert!(err.contains(&format!("runner {id}")), "{err}");
    assert_no_token_text(&output, TOKEN);

    // The fake pins what such a GitLab does: no manager left, yet the runner reads online.
    let managers = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").managers.len());
    assert_eq!(managers, 0);
    assert_eq!(listed_status(&world, id), "online");

    // The help says so too.
    let help = world
        .runnerctl()
        .args(["unregister", "--help"])
        .output()
        .expect("runs");
    assert!(stdout(&help).contains("up to 2 hours"), "{}", stdout(&help));
}

#[test]
fn current_gitlab_does_not_count_an_unregister_as_a_contact() {
    let (world, id) = world(false);
    register_host(&world, &world.config_file(), "host-a");
    age_contacts(&world, id);
    let contacted = |world: &World| {
        world
            .gitlab
            .with_state(|state| state.runner(id).expect("runner").contacted_at)
    };
    let before = (contacted(&world), listed_status(&world, id));
    // Only verified, never asked for a job: 18.x still calls it never_contacted.
    assert_eq!(before.1, "never_contacted");
    let output = world
        .runnerctl()
        .args(["unregister", "--name", "host-a"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!((contacted(&world), listed_status(&world, id)), before);
}

#[test]
fn a_runner_whose_other_host_unregistered_is_not_online_elsewhere() {
    let (world, id) = world(true);
    let other_dir = world.path("other-host");
    std::fs::create_dir_all(&other_dir).expect("dir");
    let other_config = other_dir.join("config.toml");
    register_host(&world, &other_config, "host-b");
    register_host(&world, &world.config_file(), "host-a");
    age_contacts(&world, id);

    // The other host unregisters: its manager goes, and the runner reads online again.
    let output = world
        .runnerctl()
        .env("CONFIG_FILE", &other_config)
        .args(["unregister", "--name", "host-b"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(listed_status(&world, id), "online");

    // rotate and unregister --delete-runner here see no other host online: no --force needed.
    let rotated = world
        .runnerctl()
        .args(["rotate", &id.to_string(), "--format", "json"])
        .output()
        .expect("runs");
    assert!(rotated.status.success(), "{}", stderr(&rotated));
    let deleted = world
        .runnerctl()
        .args(["unregister", "--runner", &id.to_string(), "--delete-runner"])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert_eq!(json(&deleted)["results"][0]["action"], "deleted");
    assert!(world.gitlab.with_state(|state| state.runner(id).is_none()));
}
