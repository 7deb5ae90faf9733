//! Crashes and concurrent writers: the file is always the old one or the new one, and
//! concurrent registrations all land.
//!
//! Child processes are this test binary run again with a test-name filter and an env var
//! telling the `child_*` test what to do; without that env var those tests do nothing.

#[path = "support/go_decode.rs"]
mod go_decode;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use runnerctl::runner_config::{
    Action, ConfigDocument, ConfigFile, Executor, RunnerSpec, Setting, Verification,
};
use runnerctl::token::RunnerToken;

const CHILD_PATH: &str = "RUNNERCTL_TEST_CHILD_CONFIG";
const CHILD_RUNNER: &str = "RUNNERCTL_TEST_CHILD_RUNNER";

const OLD: &str = "# hand-written\nconcurrent = 2\n\n[[runners]]\n  name = \"old\"\n  url = \"https://gitlab.example.com\"\n  id = 1\n  token = \"glrt-old\"\n  executor = \"shell\"\n";

fn spec(runner: i64) -> RunnerSpec {
    let mut spec = RunnerSpec::new(
        Setting::Given(format!("runner-{runner}")),
        "https://gitlab.example.com",
        RunnerToken::new(format!("glrt-token-{runner}")),
        Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .single()
            .expect("time"),
    );
    spec.verification = Some(Verification {
        runner_id: 1000 + runner,
        token_expires_at: None,
    });
    spec.executor = Some(Executor::Docker);
    spec.docker.image = Some("alpine:3".into());
    spec
}

/// The child's work: one register into the file named by the env var.
fn child_register() {
    let (Ok(path), Ok(runner)) = (std::env::var(CHILD_PATH), std::env::var(CHILD_RUNNER)) else {
        return;
    };
    let runner: i64 = runner.parse().expect("runner number");
    ConfigFile::edit_path(Path::new(&path), |doc| {
        doc.add_or_update_runner(&spec(runner))
    })
    .expect("child register");
}

#[test]
fn child_saves_once() {
    child_register();
}

fn run_child(path: &Path, runner: i64, crash_at: Option<&str>) -> Command {
    let mut command = Command::new(std::env::current_exe().expect("test binary"));
    command
        .args([
            "--exact",
            "child_saves_once",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_PATH, path)
        .env(CHILD_RUNNER, runner.to_string());
    match crash_at {
        Some(stage) => command.env("RUNNERCTL_CRASH_AT", stage),
        None => command.env_remove("RUNNERCTL_CRASH_AT"),
    };
    command
}

fn expected_new(old: &str, runner: i64) -> String {
    let mut doc = ConfigDocument::parse(old, Path::new("config.toml")).expect("valid");
    doc.add_or_update_runner(&spec(runner)).expect("edit");
    doc.render()
}

fn leftover_temp_files(dir: &Path) -> usize {
    fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

#[cfg(feature = "crash-points")]
#[test]
fn a_crash_at_each_stage_leaves_the_old_or_the_new_file() {
    let new = expected_new(OLD, 7);
    for (stage, survives_as_new) in [
        ("after_temp_write", false),
        ("after_fsync", false),
        ("before_rename", false),
        ("after_rename", true),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        fs::write(&path, OLD).expect("write");
        let output = run_child(&path, 7, Some(stage))
            .output()
            .expect("child runs");
        assert!(
            !output.status.success(),
            "{stage}: the child should have aborted"
        );
        let text = fs::read_to_string(&path).expect("read");
        let wanted = if survives_as_new { &new } else { OLD };
        assert_eq!(&text, wanted, "after a crash at {stage}");
        go_decode::assert_gitlab_runner_reads(&path);
        // The next run works normally, lands the entry and clears the crashed run's
        // temporary file.
        let output = run_child(&path, 7, None).output().expect("child runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(fs::read_to_string(&path).expect("read"), new);
        assert_eq!(
            leftover_temp_files(dir.path()),
            0,
            "after a crash at {stage}"
        );
    }
}

// Without the feature there are no crash points: `cargo test` lists this test as ignored.
#[cfg(not(feature = "crash-points"))]
#[test]
#[ignore = "needs the crash points: cargo test --features crash-points"]
fn a_crash_at_each_stage_leaves_the_old_or_the_new_file() {
    panic!("built without the crash points: run with `cargo test --features crash-points`");
}

#[test]
fn sigkill_at_random_moments_leaves_the_old_or_the_new_file() {
    use rand::Rng;
    let runs = 200;
    let new = expected_new(OLD, 9);
    let mut rng = rand::rng();
    let (mut killed, mut mid_write, mut finished) = (0, 0, 0);
    for _ in 0..runs {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        fs::write(&path, OLD).expect("write");
        let mut child = run_child(&path, 9, None)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("child runs");
        std::thread::sleep(std::time::Duration::from_micros(rng.random_range(0..5_000)));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
            if leftover_temp_files(dir.path()) > 0 {
                mid_write += 1;
            }
        }
        let text = fs::read_to_string(&path).expect("read");
        assert!(
            text == OLD || text == new,
            "a kill left a third state:\n{text}"
        );
    }
    eprintln!(
        "{runs} runs: {killed} killed ({mid_write} while a temporary file existed), {finished} finished"
    );
}

fn assert_all_registered(path: &Path, count: i64) {
    let document = ConfigFile::read(path).expect("valid file");
    let entries = document.runners();
    assert_eq!(entries.len() as i64, count + 1, "every registration landed");
    for runner in 0..count {
        assert_eq!(
            document.find_by_id(1000 + runner, None).len(),
            1,
            "runner {runner}"
        );
    }
    assert!(fs::read_to_string(path).expect("read").starts_with(OLD));
    if let Some(summary) = go_decode::assert_gitlab_runner_reads(path) {
        assert_eq!(
            summary["runners"].as_array().map(Vec::len),
            Some(count as usize + 1)
        );
    }
}

#[test]
fn twenty_threads_registering_at_once_all_land() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("config.toml");
    fs::write(&path, OLD).expect("write");
    std::thread::scope(|scope| {
        for runner in 0..20 {
            let path = &path;
            scope.spawn(move || {
                let edit =
                    ConfigFile::edit_path(path, |doc| doc.add_or_update_runner(&spec(runner)))
                        .expect("register");
                assert_eq!(edit.value.action, Action::Added);
            });
        }
    });
    assert_all_registered(&path, 20);
}

#[test]
fn twenty_processes_registering_at_once_all_land() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    fs::write(&path, OLD).expect("write");
    let children: Vec<_> = (0..20)
        .map(|runner| {
            run_child(&path, runner, None)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("child runs")
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_all_registered(&path, 20);
}
