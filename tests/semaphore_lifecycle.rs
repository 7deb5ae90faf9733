//! The whole Semaphore UI lifecycle through the binary, as an operator lives it: `auth login
//! --url` with no forge variable (Semaphore is detected by `/api/ping` and saved), then every
//! command from the saved login: create → token show → register --credentials-stdin → list →
//! pause/resume → update → doctor → prune --never-contacted → unregister --delete-runner. Each
//! step asserts the server's state, the three host files' bytes and modes, the exit code, and
//! that neither the runner's token nor its private key reaches stdout or stderr (`token
//! show`'s stdout excepted: printing them is its job).

#[path = "support/semaphore.rs"]
mod semaphore_world;
mod support;

use std::os::unix::fs::PermissionsExt;
use std::process::Output;

use semaphore_world::{ADMIN_TOKEN, Fleet, RunnerSeed, SemaphoreWorld};
use support::{json, stderr, stdout};

#[track_caller]
fn assert_code(output: &Output, expected: i32) {
    assert_eq!(
        output.status.code().unwrap_or(-1),
        expected,
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

fn run(world: &SemaphoreWorld, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = world.bare();
    command.args(args).args(["--format", "json"]);
    if let Some(stdin) = stdin {
        command.write_stdin(stdin.to_string());
    }
    command.output().expect("runnerctl runs")
}

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .expect("file exists")
        .permissions()
        .mode()
        & 0o777
}

fn finding_ids(report: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or_default().to_string(),
                f["subject"].clone(),
            )
        })
        .collect()
}

#[test]
fn the_whole_lifecycle_from_a_detected_login() {
    let mut fleet = Fleet::standard();
    let ghost = fleet.runner(RunnerSeed::global().name("ghost").never_touched());
    let template = fleet.template(1, "deploy", Some("gpu"));
    let task = fleet.task(1, template, "waiting");
    let world = SemaphoreWorld::new(fleet);
    let url = world.url();
    let config = world.config_file();
    let config_arg = config.display().to_string();

    // Login: nothing names the forge; /api/ping answers `pong`.
    let login = world
        .bare()
        .args(["auth", "login", "--url", &url, "--token-stdin"])
        .write_stdin(ADMIN_TOKEN)
        .output()
        .unwrap();
    assert_code(&login, 0);
    let settings = std::fs::read_to_string(world.path(".config/runnerctl/config.toml")).unwrap();
    assert!(settings.contains("semaphore"), "{settings}");
    assert!(!format!("{}{}", stdout(&login), stderr(&login)).contains(ADMIN_TOKEN));

    // Create: active, one tag, the token and key kept at once.
    let created = run(
        &world,
        &[
            "create",
            "--instance",
            "--name",
            "build-01",
            "--tag",
            "gpu",
            "--max-parallel-tasks",
            "2",
        ],
        None,
    );
    assert_code(&created, 0);
    world.assert_no_secrets(&created, &[]);
    let document = json(&created);
    let id = document["id"].as_u64().expect("id");
    assert_eq!(document["forge"], "semaphore");
    assert_eq!(document["token_stored"], "file");
    assert_eq!(document["token"], serde_json::Value::Null);
    assert_eq!(document["private_key"], serde_json::Value::Null);
    let runner = world.semaphore.runner(id).expect("on the server");
    assert!(runner.active);
    assert_eq!(
        (
            runner.name.as_str(),
            runner.tag.as_str(),
            runner.max_parallel_tasks
        ),
        ("build-01", "gpu", 2)
    );
    assert_eq!(runner.project_id, None);

    // token show: the credentials document, for another host.
    let shown = run(&world, &["token", "show", &id.to_string()], None);
    assert_code(&shown, 0);
    let credentials = json(&shown);
    assert_eq!(credentials["token"], runner.token.as_str());
    assert_eq!(credentials["private_key"], fake_semaphore::TEST_PRIVATE_KEY);
    assert_eq!(credentials["forge"], "semaphore");
    assert!(!stderr(&shown).contains(&runner.token));

    // register on the host from the piped document: three files, Semaphore's layout, 0600.
    let registered = run(
        &world,
        &[
            "register",
            "--credentials-stdin",
            "--runner-file",
            &config_arg,
        ],
        Some(&stdout(&shown)),
    );
    assert_code(&registered, 0);
    world.assert_no_secrets(&registered, &[]);
    let document = json(&registered);
    assert_eq!(document["action"], "added");
    assert_eq!(document["runner_id"], id);
    assert_eq!(document["files"].as_array().unwrap().len(), 3);
    assert_eq!(
        document["start_command"],
        serde_json::json!(["semaphore", "runner", "start", "--config", config_arg])
    );
    let text = std::fs::read_to_string(&config).unwrap();
    assert_eq!(
        text,
        format!(
            "{{\n \t\"web_host\": \"{url}\",\n \t\"runner\": {{\n \t\t\"token_file\": \"{}\",\n \t\t\"private_key_file\": \"{}\",\n \t\t\"max_parallel_tasks\": 1,\n \t\t\"webhook\": \"\"\n \t}}\n }}",
            world.token_file().display(),
            world.key_file().display()
        )
    );
    assert_eq!(
        std::fs::read_to_string(world.token_file()).unwrap(),
        runner.token
    );
    assert_eq!(
        std::fs::read_to_string(world.key_file()).unwrap(),
        fake_semaphore::TEST_PRIVATE_KEY
    );
    for path in [&config, &world.token_file(), &world.key_file()] {
        assert_eq!(mode(path), 0o600, "{}", path.display());
    }
    let again = run(
        &world,
        &[
            "register",
            "--credentials-stdin",
            "--runner-file",
            &config_arg,
        ],
        Some(&stdout(&shown)),
    );
    assert_code(&again, 0);
    assert_eq!(json(&again)["action"], "unchanged");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);

    // list: the global runners, with the contract's fields.
    let listed = run(&world, &["list"], None);
    assert_code(&listed, 0);
    world.assert_no_secrets(&listed, &[]);
    let runners = json(&listed);
    let row = runners["runners"]
        .as_array()
        .expect("runners")
        .iter()
        .find(|r| r["id"] == id)
        .expect("listed")
        .clone();
    assert_eq!(row["forge"], "semaphore");
    assert_eq!(row["tag_list"], serde_json::json!(["gpu"]));
    assert_eq!(row["paused"], false);
    assert_eq!(row["runner_type"], "instance_type");

    // pause / resume: `active`.
    assert_code(&run(&world, &["pause", &id.to_string()], None), 0);
    assert!(!world.semaphore.runner(id).unwrap().active);
    assert_code(&run(&world, &["resume", &id.to_string()], None), 0);
    assert!(world.semaphore.runner(id).unwrap().active);

    // update: a full PUT that keeps the fields not given.
    let updated = run(
        &world,
        &[
            "update",
            &id.to_string(),
            "--rename",
            "build-02",
            "--max-parallel-tasks",
            "3",
        ],
        None,
    );
    assert_code(&updated, 0);
    let runner = world.semaphore.runner(id).unwrap();
    assert_eq!(
        (
            runner.name.as_str(),
            runner.tag.as_str(),
            runner.max_parallel_tasks,
            runner.active
        ),
        ("build-02", "gpu", 3, true)
    );

    // doctor: the runner here has never polled; once it has, the waiting task waits for it.
    let doctor = run(&world, &["doctor", "--runner-file", &config_arg], None);
    assert_code(&doctor, 1);
    world.assert_no_secrets(&doctor, &[]);
    let report = json(&doctor);
    assert_eq!(report["forge"], "semaphore");
    let ids = finding_ids(&report);
    assert!(
        ids.contains(&(
            "runner.never_contacted".into(),
            serde_json::json!({"kind": "runner", "id": id})
        )),
        "{ids:?}"
    );
    assert!(
        ids.contains(&(
            "runner.never_contacted".into(),
            serde_json::json!({"kind": "runner", "id": ghost})
        )),
        "{ids:?}"
    );
    assert!(
        ids.iter()
            .any(|(id, subject)| id == "job.runners_offline" && subject["id"] == task),
        "{ids:?}"
    );
    world.semaphore.with_state(|s| s.touch(id));
    let report = json(&run(
        &world,
        &["doctor", "--runner-file", &config_arg],
        None,
    ));
    let ids = finding_ids(&report);
    assert!(
        ids.iter()
            .any(|(id, subject)| id == "job.waiting_for_capacity" && subject["id"] == task),
        "{ids:?}"
    );
    assert!(
        !ids.iter()
            .any(|(finding, subject)| finding == "runner.never_contacted" && subject["id"] == id),
        "{ids:?}"
    );
    assert_eq!(report["checked"]["pending_jobs"], 1);

    // prune --never-contacted: the ghost goes, the polling runner stays.
    let pruned = run(&world, &["prune", "--never-contacted", "--yes"], None);
    assert_code(&pruned, 0);
    assert!(world.semaphore.runner(ghost).is_none());
    assert!(world.semaphore.runner(id).is_some());

    // unregister --delete-runner: the server record, then the three files.
    let unregistered = run(
        &world,
        &[
            "unregister",
            "--runner",
            &id.to_string(),
            "--delete-runner",
            "--runner-file",
            &config_arg,
        ],
        None,
    );
    assert_code(&unregistered, 0);
    world.assert_no_secrets(&unregistered, &[]);
    assert!(world.semaphore.runner(id).is_none());
    for path in [&config, &world.token_file(), &world.key_file()] {
        assert!(!path.exists(), "{} is still there", path.display());
    }
}

#[test]
fn rotate_and_verify_are_refused_with_the_way_to_the_same_result() {
    let world = SemaphoreWorld::new(Fleet::standard());
    let rotate = world.api(&["rotate", "1"]).output().unwrap();
    assert_code(&rotate, 2);
    assert!(
        stderr(&rotate).contains("create a new runner"),
        "{}",
        stderr(&rotate)
    );
    let verify = world
        .host(&["register", "--runner", "1", "--verify"])
        .output()
        .unwrap();
    assert_code(&verify, 2);
}

#[test]
fn a_registration_token_alone_self_registers_a_nameless_inactive_runner() {
    let world = SemaphoreWorld::with_token(Fleet::standard(), "");
    let mut command = world.bare();
    command
        .env("SEMAPHORE_URL", world.url())
        .args(["register", "--token-stdin", "--runner-file"])
        .arg(world.config_file())
        .args(["--format", "json"])
        .write_stdin(semaphore_world::REGISTRATION_TOKEN);
    let output = command.output().unwrap();
    assert_code(&output, 0);
    world.assert_no_secrets(&output, &[]);
    let document = json(&output);
    assert_eq!(document["runner_id"], serde_json::Value::Null);
    let runners = world.semaphore.with_state(|s| s.runners());
    let made = runners
        .iter()
        .find(|r| r.public_key.is_some())
        .expect("a self-registered runner");
    assert!(!made.active && made.name.is_empty());
    assert!(
        made.public_key
            .as_deref()
            .unwrap()
            .starts_with("-----BEGIN PUBLIC KEY-----")
    );
    assert_eq!(
        std::fs::read_to_string(world.token_file()).unwrap(),
        made.token
    );
    let key = std::fs::read_to_string(world.key_file()).unwrap();
    assert!(key.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    assert!(!stdout(&output).contains(key.lines().nth(1).unwrap()));
    assert_eq!(mode(&world.key_file()), 0o600);

    // A wrong registration token: refused, nothing written.
    let other = tempfile::tempdir().unwrap();
    let path = other.path().join("config.runner.json");
    let mut command = world.bare();
    command
        .env("SEMAPHORE_URL", world.url())
        .args(["register", "--token-stdin", "--runner-file"])
        .arg(&path)
        .write_stdin("not-the-token");
    let refused = command.output().unwrap();
    assert_code(&refused, 1);
    assert!(!path.exists());
}
