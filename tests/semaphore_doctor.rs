//! doctor on Semaphore UI through the binary: a fleet with one planted cause per runner and
//! per waiting task, each found exactly once and nothing else; and the bad input of a host
//! (a config that is not JSON, a token file that is a directory, a server that is not
//! Semaphore, a deleted runner) met with a clear error and every file left as it was.

#[path = "support/semaphore.rs"]
mod semaphore_world;
mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use semaphore_world::{Fleet, RunnerSeed, SemaphoreWorld};
use support::{json, stderr, stdout};

fn code(output: &std::process::Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

#[test]
fn every_planted_cause_is_found_exactly() {
    let mut fleet = Fleet::standard();
    let minutes = |n: u64| Duration::from_secs(60 * n);
    let ghost = fleet.runner(
        RunnerSeed::project(1)
            .name("ghost")
            .tag("cpu")
            .never_touched(),
    );
    let nameless = fleet.runner(
        RunnerSeed::global()
            .name("")
            .inactive()
            .touched_ago(Duration::from_secs(2)),
    );
    let silent = fleet.runner(
        RunnerSeed::project(1)
            .name("silent")
            .tag("ansible")
            .touched_ago(minutes(10)),
    );
    let paused = fleet.runner(RunnerSeed::project(1).name("paused").tag("arm").inactive());
    let docker = fleet.runner(RunnerSeed::project(1).name("docker").tag("docker-large"));
    let mut task = |name: &str, tag: &str, status: &str| {
        let template = fleet.template(1, name, Some(tag));
        fleet.task(1, template, status)
    };
    let missing = task("gpu-deploy", "gpu", "waiting");
    let near = task("big-build", "Docker_Large", "waiting");
    let arm = task("arm-build", "arm", "starting");
    let lint = task("lint", "ansible", "waiting");
    let fine = task("ok", "docker-large", "waiting");
    task("done", "gpu", "success");
    let world = SemaphoreWorld::new(fleet);

    let output = world
        .api(&["doctor", "--severity", "info"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    let found: BTreeSet<(String, u64)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap().to_string(),
                f["subject"]["id"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: BTreeSet<(String, u64)> = [
        ("runner.never_contacted", ghost),
        ("runner.inactive_self_registered", nameless),
        ("runner.active_but_silent", silent),
        ("runner.paused", paused),
        ("job.tags_unmatched", missing),
        ("job.tags_unmatched", near),
        ("job.runners_paused", arm),
        ("job.runners_offline", lint),
        ("job.waiting_for_capacity", fine),
    ]
    .into_iter()
    .map(|(id, subject)| (id.to_string(), subject))
    .collect();
    assert_eq!(found, expected, "{}", stdout(&output));
    let near_finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["subject"]["id"] == near)
        .unwrap();
    assert_eq!(
        near_finding["evidence"]["near_miss"],
        serde_json::json!({"Docker_Large": "docker-large"})
    );
    assert_eq!(near_finding["evidence"]["closest_runner"], docker);
    assert_eq!(report["checked"]["pending_jobs"], 5);
    assert_eq!(report["checked"]["projects"], 1);
    assert_eq!(report["forge"], "semaphore");
}

/// A registered host: the world's three files from a created runner.
fn registered(world: &SemaphoreWorld) -> u64 {
    let created = world
        .api(&["create", "--instance", "--name", "host-1"])
        .output()
        .unwrap();
    assert_eq!(code(&created), 0, "{}", stderr(&created));
    let id = json(&created)["id"].as_u64().unwrap();
    let written = world
        .host(&["register", "--runner", &id.to_string()])
        .output()
        .unwrap();
    assert_eq!(code(&written), 0, "{}", stderr(&written));
    id
}

fn snapshot(world: &SemaphoreWorld) -> Vec<Option<Vec<u8>>> {
    [world.config_file(), world.token_file(), world.key_file()]
        .iter()
        .map(|path| std::fs::read(path).ok())
        .collect()
}

#[test]
fn a_config_that_is_not_json_is_named_with_its_place_and_kept() {
    let world = SemaphoreWorld::new(Fleet::standard());
    let id = registered(&world);
    std::fs::write(world.config_file(), "{\n \"web_host\": \"x\",\n oops\n}").unwrap();
    let before = snapshot(&world);
    let output = world
        .host(&["register", "--runner", &id.to_string()])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    let error = stderr(&output);
    assert!(
        error.contains("config.runner.json") && error.contains("line 3"),
        "{error}"
    );
    assert_eq!(snapshot(&world), before);
    let doctor = json(&world.host(&["doctor"]).output().unwrap());
    let finding = doctor["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "runner_file.unparseable")
        .expect("unparseable");
    assert_eq!(finding["evidence"]["line"], 3);
    let unregister = world.host(&["unregister", "--all"]).output().unwrap();
    assert_eq!(code(&unregister), 1);
    assert_eq!(snapshot(&world), before);
}

#[test]
fn a_token_file_that_is_a_directory_stops_the_write() {
    let world = SemaphoreWorld::new(Fleet::standard());
    let created = world
        .api(&["create", "--instance", "--name", "host-1"])
        .output()
        .unwrap();
    let id = json(&created)["id"].as_u64().unwrap();
    std::fs::create_dir(world.token_file()).unwrap();
    let output = world
        .host(&["register", "--runner", &id.to_string()])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    let error = stderr(&output);
    assert!(
        error.contains("runner.token") && error.contains("directory"),
        "{error}"
    );
    assert!(!world.config_file().exists() && !world.key_file().exists());
    assert!(world.token_file().is_dir());
}

/// An HTTP server that answers every request with a web page.
fn plain_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer);
            let body = "<!doctype html><html><body>Welcome</body></html>";
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    format!("http://{address}")
}

#[test]
fn a_server_that_is_not_semaphore_is_named() {
    let world = SemaphoreWorld::new(Fleet::standard());
    // A plain web page answers every route.
    let server = plain_server();
    let output = world
        .bare()
        .args(["auth", "login", "--url", &server, "--token-stdin"])
        .write_stdin("whatever")
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(stderr(&output).contains("--forge"), "{}", stderr(&output));
    let output = world
        .bare()
        .env("SEMAPHORE_URL", &server)
        .env("SEMAPHORE_TOKEN", "whatever")
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    assert!(
        stderr(&output).contains("does not look like Semaphore UI"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_deleted_runner_is_said_and_its_files_kept() {
    let world = SemaphoreWorld::new(Fleet::standard());
    let id = registered(&world);
    world.semaphore.with_state(|s| s.delete_runner(id));
    let before = snapshot(&world);
    for args in [
        vec!["pause", "--runner-file"],
        vec!["update", "--rename", "x", "--runner-file"],
    ] {
        let mut command = world.runnerctl();
        command
            .args(&args[..args.len() - 1])
            .arg(id.to_string())
            .args(["--format", "json"]);
        let output = command.output().unwrap();
        assert_eq!(code(&output), 1, "{args:?}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(&format!("runner {id}"))
                && stderr(&output).contains("not found"),
            "{}",
            stderr(&output)
        );
    }
    let output = world
        .host(&["unregister", "--runner", &id.to_string(), "--delete-runner"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(snapshot(&world), before);
}
