//! GitLab versions whose runner authentication heartbeats every runner-token call
//! (lib/api/ci/helpers/runner.rb before the heartbeat moved behind `ensure_runner_manager`)
//! count `DELETE /runners/managers` as a contact: the runner reads online for 2 hours after
//! its last host unregistered. unregister says so, and the "another host is online" checks
//! look at the managers, not at the runner's own state.

mod support;

use std::path::Path;

use fake_gitlab::{JobSeed, RunnerSeed};
use serde_json::{Value, json};
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
        .args([
            "unregister",
            "--runner",
            &id.to_string(),
            "--delete-runner",
            "--yes",
        ])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(deleted.status.success(), "{}", stderr(&deleted));
    assert_eq!(json(&deleted)["results"][0]["action"], "deleted");
    assert!(world.gitlab.with_state(|state| state.runner(id).is_none()));
}

/// `team/app` with a pending `gpu` job that only the heartbeating runner could take.
fn world_with_job() -> (World, u64, u64) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_project("team/app");
    fleet.heartbeat_on_every_runner_call = true;
    let id = fleet.add_runner(
        RunnerSeed::group("team")
            .token(TOKEN)
            .tags(&["gpu"])
            .created_ago("3d"),
    );
    let job = fleet.add_job(JobSeed::pending("team/app", "train").tags(&["gpu"]));
    (World::new(fleet), id, job)
}

fn doctor(world: &World, args: &[&str]) -> Value {
    let output = world
        .runnerctl()
        .args(["doctor", "--format", "json"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    json(&output)
}

fn finding<'a>(document: &'a Value, id: &str, subject_id: u64) -> Option<&'a Value> {
    document["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|finding| finding["id"] == id && finding["subject"]["id"] == subject_id)
}

#[test]
fn doctor_does_not_count_a_runner_without_managers_as_online() {
    let (world, id, job) = world_with_job();
    register_host(&world, &world.config_file(), "host-a");
    // Its host worked: a job waits for a free slot.
    let before = doctor(&world, &["-g", "team"]);
    assert!(
        finding(&before, "job.waiting_for_capacity", job).is_some(),
        "{before:#}"
    );

    let output = world
        .runnerctl()
        .args(["unregister", "--name", "host-a"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(listed_status(&world, id), "online");

    world.gitlab.clear_requests();
    let after = doctor(&world, &["-g", "team"]);
    assert!(
        finding(&after, "job.waiting_for_capacity", job).is_none(),
        "{after:#}"
    );
    let stuck = finding(&after, "job.runners_offline", job).expect("job.runners_offline");
    assert_eq!(stuck["evidence"]["runners"], json!([id]), "{stuck:#}");
    assert_eq!(stuck["evidence"]["no_managers"], json!([id]), "{stuck:#}");
    let offline = finding(&after, "runner.offline", id).expect("runner.offline");
    assert_eq!(
        offline["evidence"]["no_managers"],
        json!(true),
        "{offline:#}"
    );
    assert!(
        offline["summary"]
            .as_str()
            .expect("summary")
            .contains("unregistered within the last 2 hours"),
        "{offline:#}"
    );
    // The runner page counted its managers (`managers { count }`): no read of its own.
    assert_eq!(managers_reads(&world), 0);

    // Named with --runner, it is read over REST, its managers too, and reported the same way
    // without any job.
    world.gitlab.clear_requests();
    let named = doctor(&world, &["--runner", &id.to_string()]);
    let offline = finding(&named, "runner.offline", id).expect("runner.offline");
    assert_eq!(offline["evidence"]["no_managers"], json!(true), "{named:#}");
    let reads: Vec<String> = world
        .gitlab
        .requests()
        .iter()
        .map(|request| request.path.clone())
        .filter(|path| path.ends_with("/managers"))
        .collect();
    assert_eq!(reads, vec![format!("/api/v4/runners/{id}/managers")]);
}

fn managers_reads(world: &World) -> usize {
    world
        .gitlab
        .requests()
        .iter()
        .filter(|request| request.path.ends_with("/managers"))
        .count()
}

#[test]
fn doctor_counts_managers_on_runner_pages_and_reads_them_over_rest_only_when_relied_on_and_bounded()
{
    // Thirty projects, each with a job that only its own online runner (no managers) takes.
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let mut ids = Vec::new();
    for n in 0..30 {
        let path = format!("team/p{n}");
        fleet.add_project(&path);
        ids.push(
            fleet.add_runner(
                RunnerSeed::project(&path)
                    .tags(&["own"])
                    .contacted_ago("5m"),
            ),
        );
        fleet.add_job(JobSeed::pending(&path, "build").tags(&["own"]));
    }
    let world = World::new(fleet);
    let count = |document: &Value, id: &str| {
        document["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|finding| finding["id"] == id)
            .count()
    };
    // Every runner page says how many managers each runner has: every job is judged by them,
    // and no managers route is read.
    let document = doctor(&world, &["-g", "team"]);
    assert_eq!(managers_reads(&world), 0, "{document:#}");
    assert_eq!(count(&document, "job.runners_offline"), 30, "{document:#}");
    assert_eq!(
        count(&document, "job.waiting_for_capacity"),
        0,
        "{document:#}"
    );

    // Runners read one by one over REST (named with --runner) have no such count: the online
    // ones are read, at most 20, and the rest keep GitLab's "online".
    world.gitlab.clear_requests();
    let mut args = Vec::new();
    for id in &ids {
        args.push("--runner".to_string());
        args.push(id.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let document = doctor(&world, &args);
    assert_eq!(managers_reads(&world), 20, "{document:#}");
    let no_managers = document["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|finding| finding["id"] == "runner.offline")
        .filter(|finding| finding["evidence"]["no_managers"] == json!(true))
        .count();
    assert_eq!(no_managers, 20, "{document:#}");
}

#[test]
fn prune_keeps_a_runner_that_reads_online_after_its_last_unregister_and_says_why() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.heartbeat_on_every_runner_call = true;
    let id = fleet.add_runner(RunnerSeed::group("team").token(TOKEN).created_ago("30d"));
    // Online with a host: kept silently, as ever.
    let busy = fleet.add_runner(
        RunnerSeed::group("team")
            .created_ago("30d")
            .contacted_ago("5m")
            .manager("busy-host", "5m"),
    );
    let world = World::new(fleet);
    register_host(&world, &world.config_file(), "host-a");
    // Its host went silent 10 days ago: stale.
    world.gitlab.with_state(|state| {
        let at = chrono::Utc::now() - chrono::Duration::days(10);
        let runner = state.runner_mut(id).expect("runner");
        runner.contacted_at = Some(at);
        for manager in &mut runner.managers {
            manager.contacted_at = Some(at);
        }
    });
    assert_eq!(listed_status(&world, id), "stale");
    let output = world
        .runnerctl()
        .args(["unregister", "--name", "host-a"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(listed_status(&world, id), "online");

    for extra in [&["--dry-run"][..], &["--yes"][..]] {
        let output = world
            .runnerctl()
            .args(["prune", "--stale", "-g", "team", "--format", "json"])
            .args(extra)
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let document = json(&output);
        let results = document["results"].as_array().expect("results");
        assert_eq!(results.len(), 1, "{document:#}");
        assert_eq!(results[0]["runner_id"], id);
        assert_eq!(results[0]["action"], "skipped");
        let reason = results[0]["reason"].as_str().expect("reason");
        assert!(reason.contains("no runner managers"), "{reason}");
        assert!(
            reason.contains("unregistered within the last 2 hours"),
            "{reason}"
        );
        assert!(reason.contains("run prune again"), "{reason}");
        assert!(world.gitlab.with_state(|state| state.runner(id).is_some()));
        assert!(
            world
                .gitlab
                .with_state(|state| state.runner(busy).is_some())
        );
    }

    // Human output says the same.
    let output = world
        .runnerctl()
        .args(["prune", "--stale", "-g", "team", "--yes"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains(&format!("skipped runner {id}: reads online")),
        "{text}"
    );

    let help = world
        .runnerctl()
        .args(["prune", "--help"])
        .output()
        .expect("runs");
    assert!(
        stdout(&help).contains("when to run prune again"),
        "{}",
        stdout(&help)
    );
}
