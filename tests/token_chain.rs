//! The never-lose-a-token chain under hostile conditions: a store that never answers (its lock
//! held by another process, a FIFO at its path), SIGTERM while runnerctl waits on it, stale
//! temporary copies of the store, and a rotate with nowhere to keep the new token. No file
//! runnerctl reads may hang it on a FIFO.

#[path = "support/std_command.rs"]
mod std_command;
mod support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::*;

fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet
}

fn only_runner(world: &World) -> (u64, String) {
    world.gitlab.with_state(|state| {
        assert_eq!(state.runners.len(), 1, "exactly one runner exists");
        let runner = state.runners.values().next().expect("one runner");
        (runner.id, runner.token.clone())
    })
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// Waits for the child at most `limit`; a hang kills it and fails the test.
fn wait_bounded(mut child: Child, limit: Duration, what: &str) -> Output {
    let started = Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let output = child.wait_with_output().expect("output");
            panic!(
                "{what} hung for more than {} s\nstdout:\n{}\nstderr:\n{}",
                limit.as_secs(),
                stdout(&output),
                stderr(&output)
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn spawn(mut command: Command) -> Child {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runnerctl starts")
}

fn runnerctl(world: &World) -> Command {
    std_command::runnerctl_std(
        world.dir.path(),
        &world.gitlab.url(),
        &world.config_file(),
        &world.secrets_file(),
    )
}

/// Another process holding the file store's lock (`flock`, as runnerctl takes it) until the
/// returned child is killed.
fn hold_store_lock(world: &World) -> Child {
    let lock = world.path("secrets.lock");
    let mut holder = Command::new("flock")
        .arg("--exclusive")
        .arg(&lock)
        .args(["-c", "echo locked; exec sleep 120"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("flock runs");
    let mut line = String::new();
    BufReader::new(holder.stdout.as_mut().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    assert_eq!(line.trim(), "locked");
    holder
}

fn assert_token_file_holds(world: &World, id: u64, token: &str) {
    let path = world.path(&format!("runnerctl-runner-{id}.token"));
    let kept = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    assert_eq!(kept.trim(), token);
    assert_eq!(
        std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn create_with_a_fifo_as_the_store_keeps_the_token_in_a_file() {
    let world = World::new(fleet());
    mkfifo(&world.secrets_file());
    let mut command = runnerctl(&world);
    command.args(["create", "-g", "team", "--format", "json"]);
    let output = wait_bounded(spawn(command), Duration::from_secs(40), "create");
    assert!(output.status.success(), "{}", stderr(&output));
    let (id, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
    assert_eq!(json(&output)["token_stored"], "token_file");
    assert!(stderr(&output).contains("FIFO"), "{}", stderr(&output));
    assert_token_file_holds(&world, id, &token);
}

#[test]
fn create_whose_store_lock_is_held_gives_up_on_the_store_and_keeps_the_token_in_a_file() {
    let world = World::new(fleet());
    let mut holder = hold_store_lock(&world);
    let mut command = runnerctl(&world);
    command.args(["create", "-g", "team", "--format", "json"]);
    let started = Instant::now();
    let output = wait_bounded(spawn(command), Duration::from_secs(40), "create");
    let _ = holder.kill();
    let _ = holder.wait();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the store got more than its 10 s"
    );
    let (id, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
    assert_eq!(json(&output)["token_stored"], "token_file");
    assert!(
        stderr(&output).contains("did not take the token within 10 s"),
        "{}",
        stderr(&output)
    );
    assert_token_file_holds(&world, id, &token);
}

#[test]
fn sigterm_while_create_waits_on_the_store_still_keeps_the_token() {
    let world = World::new(fleet());
    let mut holder = hold_store_lock(&world);
    let mut command = runnerctl(&world);
    command.args(["create", "-g", "team", "--format", "json"]);
    let child = spawn(command);
    let pid = i32::try_from(child.id()).expect("pid");
    // Once the runner exists, runnerctl is waiting on the store.
    let started = Instant::now();
    while world.gitlab.with_state(|state| state.runners.is_empty()) {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no runner created"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(300));
    // SAFETY: kill(2) on the pid of our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let output = wait_bounded(child, Duration::from_secs(40), "create after SIGTERM");
    let _ = holder.kill();
    let _ = holder.wait();
    let (id, token) = only_runner(&world);
    assert_no_token_text(&output, &token);
    assert_token_file_holds(&world, id, &token);
    // The signal was held back, not ignored: runnerctl ended by it once the token was safe,
    // after saying where the token is.
    assert_eq!(
        output.status.signal(),
        Some(libc::SIGTERM),
        "{:?}\n{}",
        output.status,
        stderr(&output)
    );
    assert_eq!(json(&output)["token_stored"], "token_file");
    assert!(
        stderr(&output).contains("interrupted"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_write_to_the_store_removes_stale_temporary_copies_of_it() {
    let world = World::new(fleet());
    // What a runnerctl killed between writing and renaming leaves: a full copy of the store.
    let stale = world.path(".secrets.4242.99.tmp");
    std::fs::write(
        &stale,
        r#"{"version":1,"runners":[{"url":"https://x","runner_id":1,"token":"glrt-stale-copy-of-a-token"}]}"#,
    )
    .unwrap();
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["token_stored"], "file");
    assert!(!stale.exists(), "the stale copy is still there");
    assert!(world.secrets_file().is_file());
}

const ROTATED: u64 = 42;

fn rotate_fleet() -> Fleet {
    let mut fleet = fleet();
    fleet.add_runner(fake_gitlab::RunnerSeed {
        id: Some(ROTATED),
        ..fake_gitlab::RunnerSeed::group("team").token("glrt-old-token-abcdefghij")
    });
    fleet
}

#[test]
fn rotate_with_nowhere_to_keep_the_token_hands_it_over_in_json() {
    // An admin workstation (no config.toml), a store that cannot be written, and a working
    // directory where no recovery file can be made.
    let world = World::new(rotate_fleet());
    let output = world
        .runnerctl()
        .env(
            "RUNNERCTL_KEYRING",
            "file:/proc/runnerctl-cannot-write-here/secrets",
        )
        .current_dir("/proc")
        .args(["rotate", "42", "--format", "json"])
        .output()
        .unwrap();
    let token = world
        .gitlab
        .with_state(|state| state.runner(ROTATED).unwrap().token.clone());
    assert_ne!(
        token, "glrt-old-token-abcdefghij",
        "GitLab issued a new token"
    );
    let document = json(&output);
    let result = &document["results"][0];
    assert_eq!(result["runner_id"], ROTATED);
    assert_eq!(result["token"], token.as_str(), "{document}");
    assert!(!stderr(&output).contains(&token), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("COULD NOT BE STORED ANYWHERE"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn rotate_human_hand_over_prints_the_token_once_on_stdout() {
    let world = World::new(rotate_fleet());
    let output = world
        .runnerctl()
        .env(
            "RUNNERCTL_KEYRING",
            "file:/proc/runnerctl-cannot-write-here/secrets",
        )
        .current_dir("/proc")
        .args(["rotate", "42"])
        .output()
        .unwrap();
    let token = world
        .gitlab
        .with_state(|state| state.runner(ROTATED).unwrap().token.clone());
    assert_eq!(
        stdout(&output).matches(&token).count(),
        1,
        "{}",
        stdout(&output)
    );
    assert!(!stderr(&output).contains(&token));
}

#[test]
fn a_fifo_as_ca_file_is_a_clear_error_not_a_hang() {
    let world = World::new(fleet());
    let fifo = world.path("ca.pem");
    mkfifo(&fifo);
    let mut command = runnerctl(&world);
    command
        .args(["list", "--ca-file"])
        .arg(&fifo)
        .args(["--format", "json"]);
    let output = wait_bounded(
        spawn(command),
        Duration::from_secs(30),
        "list --ca-file FIFO",
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains(&fifo.display().to_string()), "{message}");
    assert!(message.contains("FIFO"), "{message}");
}

#[test]
fn a_fifo_as_runner_system_id_is_a_clear_error_not_a_hang() {
    let world = World::new(fleet());
    let fifo = world.path(".runner_system_id");
    mkfifo(&fifo);
    // A runner to register: create one (its token lands in the store), then register it.
    let created = world
        .runnerctl()
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    let (id, _) = only_runner(&world);
    let mut command = runnerctl(&world);
    command.args([
        "register",
        "--runner",
        &id.to_string(),
        "--executor",
        "shell",
    ]);
    let output = wait_bounded(spawn(command), Duration::from_secs(30), "register");
    let message = stderr(&output);
    assert!(message.contains(&fifo.display().to_string()), "{message}");
    assert!(message.contains("FIFO"), "{message}");
    // The FIFO is left for the operator to look at, not silently replaced.
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // Commands that only read the id do not hang either.
    let mut command = runnerctl(&world);
    command.args([
        "unregister",
        "--runner",
        &id.to_string(),
        "--format",
        "json",
    ]);
    wait_bounded(spawn(command), Duration::from_secs(30), "unregister");
}
