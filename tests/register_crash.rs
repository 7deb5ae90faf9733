//! `runnerctl register` killed or crashing at any instant, and run as an unprivileged user:
//! config.toml is always the old file or the new one, and a refused file is left as it was.

#[path = "support/go_decode.rs"]
mod go_decode;
#[path = "support/std_command.rs"]
mod std_command;
mod support;
#[path = "support/system.rs"]
mod system;

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

use runnerctl::runner_config::ConfigFile;
use support::*;

const TOKEN: &str = "glrt-crashcrashcrashcrash";

const OLD: &str = "# hand-written\nconcurrent = 2\n\n[[runners]]\n  name = \"old\"\n  url = \"https://gitlab.example.com\"\n  id = 1\n  token = \"glrt-old\"\n  executor = \"shell\"\n";

/// `register --no-verify` into `config`: no request, so only the write is timed.
fn register_command(world: &World, config: &Path) -> Command {
    let mut command = std_command::runnerctl_std(
        world.dir.path(),
        &world.gitlab.url(),
        config,
        &world.secrets_file(),
    );
    command
        .args(["register", "--token-stdin", "--no-verify"])
        .args(["--executor", "shell", "--name", "new"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn spawn_with_token(mut command: Command) -> std::process::Child {
    let mut child = command.spawn().expect("runnerctl starts");
    if let Some(mut stdin) = child.stdin.take() {
        // A child killed before it reads its stdin makes this fail: that is fine.
        let _ = stdin.write_all(TOKEN.as_bytes());
    }
    child
}

/// The old file, or the old file with exactly the new entry appended (token_obtained_at is
/// the run's own time, so the new text is recognised by shape, not compared byte for byte).
fn assert_old_or_new(path: &Path) -> bool {
    let text = fs::read_to_string(path).expect("read");
    if text == OLD {
        return false;
    }
    assert!(text.starts_with(OLD), "a third state:\n{text}");
    let document = ConfigFile::read(path).expect("the new file is valid");
    let entries = document.runners();
    assert_eq!(entries.len(), 2, "{text}");
    assert_eq!(entries[1].name.as_deref(), Some("new"));
    assert_eq!(
        entries[1].token.as_ref().map(|t| t.expose().to_string()),
        Some(TOKEN.to_string())
    );
    true
}

fn temp_files(dir: &Path) -> usize {
    fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".tmp"))
        .count()
}

#[cfg(feature = "crash-points")]
#[test]
fn a_crash_at_each_write_stage_leaves_the_old_or_the_new_file() {
    let world = World::new(Fleet::with_standard_users());
    for (stage, becomes_new) in [
        ("after_temp_write", false),
        ("after_fsync", false),
        ("before_rename", false),
        ("after_rename", true),
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("config.toml");
        fs::write(&path, OLD).expect("write");
        let mut command = register_command(&world, &path);
        command.env("RUNNERCTL_CRASH_AT", stage);
        let output = spawn_with_token(command).wait_with_output().expect("wait");
        assert!(
            !output.status.success(),
            "{stage}: runnerctl should have aborted"
        );
        assert_eq!(
            assert_old_or_new(&path),
            becomes_new,
            "after a crash at {stage}"
        );
        go_decode::assert_gitlab_runner_reads(&path);
        // The next run lands the entry and clears the crashed run's temporary file.
        let output = spawn_with_token(register_command(&world, &path))
            .wait_with_output()
            .expect("wait");
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(assert_old_or_new(&path));
        assert_eq!(temp_files(dir.path()), 0, "after a crash at {stage}");
    }
}

// Without the feature there are no crash points: `cargo test` lists this test as ignored.
#[cfg(not(feature = "crash-points"))]
#[test]
#[ignore = "needs the crash points: cargo test --features crash-points"]
fn a_crash_at_each_write_stage_leaves_the_old_or_the_new_file() {
    panic!("built without the crash points: run with `cargo test --features crash-points`");
}

#[test]
fn two_hundred_sigkills_at_random_moments_leave_the_old_or_the_new_file() {
    use rand::Rng;
    let world = World::new(Fleet::with_standard_users());
    let mut rng = rand::rng();
    let runs = 200;
    let (mut killed, mut mid_write, mut finished, mut new_files) = (0, 0, 0, 0);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    // Calibrate the delays to this machine: how long one whole run takes.
    fs::write(&path, OLD).expect("write");
    let started = std::time::Instant::now();
    let output = spawn_with_token(register_command(&world, &path))
        .wait_with_output()
        .expect("wait");
    assert!(output.status.success(), "{}", stderr(&output));
    let whole_run = started.elapsed().as_micros().clamp(1_000, 50_000) as u64;
    for _ in 0..runs {
        fs::write(&path, OLD).expect("write");
        let mut child = spawn_with_token(register_command(&world, &path));
        let delay = rng.random_range(0..whole_run + whole_run / 4);
        std::thread::sleep(std::time::Duration::from_micros(delay));
        let _ = child.kill();
        let status = child.wait().expect("wait");
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
            if temp_files(dir.path()) > 0 {
                mid_write += 1;
            }
        }
        if assert_old_or_new(&path) {
            new_files += 1;
        }
    }
    eprintln!(
        "{runs} runs (whole run {whole_run} µs): {killed} killed, {mid_write} of them mid-write \
         (a temporary file was left), {finished} finished; {new_files} ended with the new file"
    );
    go_decode::assert_gitlab_runner_reads(&path);
}

#[test]
fn unreadable_file_and_read_only_directory_are_refused_as_an_unprivileged_user() {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let is_root = unsafe { libc::geteuid() } == 0;
    if !is_root {
        system::require_or_skip(
            "running as another user",
            "needs root to switch with setpriv",
        );
        return;
    }
    if let Err(reason) = system::have_program("setpriv") {
        system::require_or_skip("setpriv", &reason);
        return;
    }
    let world = World::new(Fleet::with_standard_users());
    let base = tempfile::tempdir().expect("temp dir");
    fs::set_permissions(base.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let home = base.path().join("home");
    fs::create_dir(&home).expect("mkdir");
    fs::set_permissions(&home, fs::Permissions::from_mode(0o777)).expect("chmod");

    let writable = base.path().join("writable");
    fs::create_dir(&writable).expect("mkdir");
    fs::set_permissions(&writable, fs::Permissions::from_mode(0o777)).expect("chmod");
    let unreadable = writable.join("config.toml");
    fs::write(&unreadable, OLD).expect("write");
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o600)).expect("chmod");

    let read_only = base.path().join("read-only");
    fs::create_dir(&read_only).expect("mkdir");
    let in_read_only = read_only.join("config.toml");
    fs::write(&in_read_only, OLD).expect("write");
    fs::set_permissions(&in_read_only, fs::Permissions::from_mode(0o644)).expect("chmod");
    fs::set_permissions(&read_only, fs::Permissions::from_mode(0o555)).expect("chmod");

    for path in [&unreadable, &in_read_only] {
        let before = fs::read(path).expect("read");
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_runnerctl"))
            .args(["register", "--token-stdin", "--executor", "shell"])
            // The files are root's: allowed, so that the permission check itself is what refuses.
            .arg("--allow-other-owner")
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .env("GITLAB_URL", world.gitlab.url())
            .env("RUNNERCTL_KEYRING", "none")
            .env("CONFIG_FILE", path)
            .current_dir(&home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let output = spawn_with_token(command).wait_with_output().expect("wait");
        let message = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}: {message}",
            path.display()
        );
        assert!(message.contains("permission denied"), "{message}");
        assert!(
            message.contains("belongs to root: run as root"),
            "{message}"
        );
        assert!(
            message.contains(&path.parent().expect("dir").display().to_string()),
            "{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
        assert_no_token_text(&output, TOKEN);
        assert_eq!(fs::read(path).expect("read"), before);
    }
    assert!(
        world.gitlab.requests().is_empty(),
        "refused before any request"
    );
}
