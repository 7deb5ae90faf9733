//! config.toml under hostile conditions: a planted lock symlink, files and directories of
//! another user, a lock held by another process, Windows line endings and a BOM, and an edit
//! that would grow the file past its limit. Through the binary where a command is involved.

#[path = "support/go_decode.rs"]
mod go_decode;
#[path = "support/std_command.rs"]
mod std_command;
mod support;
#[path = "support/system.rs"]
mod system;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use runnerctl::runner_config::{
    ConfigError, ConfigFile, EditOptions, Executor, MAX_CONFIG_SIZE, Notice, RunnerSpec, Setting,
};
use runnerctl::token::RunnerToken;
use support::*;

const TOKEN: &str = "glrt-hostilehostilehost";
const OLD: &str = "# kept\nconcurrent = 3\n";
const NOBODY: u32 = 65534;

fn world() -> World {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_runner(fake_gitlab::RunnerSeed::group("team").token(TOKEN));
    World::new(fleet)
}

fn register(world: &World, extra: &[&str]) -> std::process::Output {
    let output = world
        .runnerctl()
        .args(["register", "--token-stdin", "--executor", "shell"])
        .args(["--name", "hostile"])
        .args(extra)
        .write_stdin(TOKEN)
        .output()
        .expect("runs");
    assert_no_token_text(&output, TOKEN);
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
    output
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid)).expect("chown");
}

fn spec() -> RunnerSpec {
    let mut spec = RunnerSpec::new(
        Setting::Given("layout".into()),
        "https://gitlab.example.com",
        RunnerToken::new("glrt-layout-token"),
        Utc::now(),
    );
    spec.executor = Some(Executor::Shell);
    spec
}

// ---- item 8: the lock file ------------------------------------------------------------

#[test]
fn a_planted_lock_symlink_is_refused_and_its_target_never_created() {
    let world = world();
    fs::write(world.config_file(), OLD).expect("write");
    let target = world.path("planted-target");
    std::os::unix::fs::symlink(&target, world.path("config.toml.lock")).expect("symlink");

    let output = register(&world, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("config.toml.lock"), "{message}");
    assert!(message.contains("symlink"), "{message}");
    assert!(
        fs::symlink_metadata(&target).is_err(),
        "the symlink's target was created"
    );
    assert_eq!(fs::read_to_string(world.config_file()).expect("read"), OLD);
    assert!(
        world.gitlab.requests().is_empty(),
        "refused before any request"
    );
}

#[test]
fn a_lock_path_that_is_not_a_regular_file_is_refused() {
    let world = world();
    fs::write(world.config_file(), OLD).expect("write");
    fs::create_dir(world.path("config.toml.lock")).expect("mkdir");
    let output = register(&world, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("config.toml.lock"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(world.config_file()).expect("read"), OLD);
}

/// A lock file hard-linked to another file (a user planting `config.toml.lock` as a link to a
/// file of root's) is refused: root editing that user's config with `--allow-other-owner`
/// would otherwise give the linked file to the user along with the lock.
#[test]
fn a_hard_linked_lock_file_is_refused_and_the_linked_file_keeps_its_owner() {
    if !is_root() {
        system::require_or_skip("chown to another user", "needs root");
        return;
    }
    let world = world();
    fs::write(world.config_file(), OLD).expect("write");
    chown(&world.config_file(), NOBODY);
    let precious = world.path("roots-file");
    fs::write(&precious, "root only\n").expect("write");
    fs::set_permissions(&precious, fs::Permissions::from_mode(0o600)).expect("chmod");
    fs::hard_link(&precious, world.path("config.toml.lock")).expect("link");

    let output = register(&world, &["--allow-other-owner"]);
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(message.contains("config.toml.lock"), "{message}");
    assert!(message.contains("link"), "{message}");
    let metadata = fs::metadata(&precious).expect("still there");
    assert_eq!(metadata.uid(), 0, "the linked file was given away");
    assert_eq!(fs::read_to_string(world.config_file()).expect("read"), OLD);
    assert!(
        world.gitlab.requests().is_empty(),
        "refused before any request"
    );
}

// ---- items 8 and 9: other owners --------------------------------------------------------

#[test]
fn a_file_of_another_user_is_refused_naming_the_owner_unless_allowed() {
    if !is_root() {
        system::require_or_skip("chown to another user", "needs root");
        return;
    }
    let world = world();
    fs::write(world.config_file(), OLD).expect("write");
    chown(&world.config_file(), NOBODY);

    let output = register(&world, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("owned by nobody"), "{message}");
    assert!(message.contains("--allow-other-owner"), "{message}");
    assert_eq!(fs::read_to_string(world.config_file()).expect("read"), OLD);
    assert!(
        world.gitlab.requests().is_empty(),
        "refused before any request"
    );

    // Allowed: the edit lands, and every file beside it stays the user's.
    let output = register(&world, &["--allow-other-owner"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(world.config_file()).expect("read");
    assert!(
        text.starts_with(OLD) && text.contains("name = \"hostile\""),
        "{text}"
    );
    for name in ["config.toml", "config.toml.lock", ".runner_system_id"] {
        let metadata = fs::metadata(world.path(name)).expect(name);
        assert_eq!(
            (metadata.uid(), metadata.gid()),
            (NOBODY, NOBODY),
            "{name} must stay readable by its user"
        );
    }
}

#[test]
fn a_new_file_in_another_users_directory_takes_that_users_ownership() {
    if !is_root() {
        system::require_or_skip("chown to another user", "needs root");
        return;
    }
    let world = world();
    let dir = world.path("user-dir");
    fs::create_dir(&dir).expect("mkdir");
    chown(&dir, NOBODY);
    let config = dir.join("config.toml");
    let run = |extra: &[&str]| {
        world
            .runnerctl()
            .args(["register", "--token-stdin", "--executor", "shell"])
            .arg("--config")
            .arg(&config)
            .args(extra)
            .write_stdin(TOKEN)
            .output()
            .expect("runs")
    };
    let output = run(&[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("owned by nobody"),
        "{}",
        stderr(&output)
    );
    assert!(!config.exists());
    assert!(!dir.join("config.toml.lock").exists());

    let output = run(&["--allow-other-owner"]);
    assert!(output.status.success(), "{}", stderr(&output));
    for name in ["config.toml", "config.toml.lock", ".runner_system_id"] {
        let metadata = fs::metadata(dir.join(name)).expect(name);
        assert_eq!((metadata.uid(), metadata.gid()), (NOBODY, NOBODY), "{name}");
    }
}

#[test]
fn a_directory_writable_by_everyone_is_refused() {
    let world = world();
    let dir = world.path("open-dir");
    fs::create_dir(&dir).expect("mkdir");
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).expect("chmod");
    let config = dir.join("config.toml");
    fs::write(&config, OLD).expect("write");
    let output = world
        .runnerctl()
        .args(["register", "--token-stdin", "--executor", "shell"])
        .arg("--config")
        .arg(&config)
        .write_stdin(TOKEN)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("writable by every user"),
        "{}",
        stderr(&output)
    );
    // The runner of runnerctl owns the directory: "run as its owner" would send them to
    // themselves. The advice is the mode.
    assert!(
        !stderr(&output).contains("Run as its owner"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains(&format!("chmod o-w {}", dir.display())),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&config).expect("read"), OLD);
}

#[test]
fn a_symlink_to_another_users_file_is_refused() {
    if !is_root() {
        system::require_or_skip("chown to another user", "needs root");
        return;
    }
    let world = world();
    let real = world.path("real.toml");
    fs::write(&real, OLD).expect("write");
    chown(&real, NOBODY);
    std::os::unix::fs::symlink(&real, world.config_file()).expect("symlink");
    let output = register(&world, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("real.toml") && message.contains("owned by nobody"),
        "{message}"
    );
    assert_eq!(fs::read_to_string(&real).expect("read"), OLD);
}

/// As an unprivileged user (setpriv): a root-owned config is refused naming root; with
/// `--allow-other-owner` the permission error's advice names who can do it, and the user's own
/// read-only directory is not blamed on another owner.
#[test]
fn an_unprivileged_user_hears_who_owns_the_file_and_what_would_work() {
    if !is_root() {
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
    let world = world();
    let base = tempfile::tempdir().expect("temp dir");
    fs::set_permissions(base.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    let home = base.path().join("home");
    fs::create_dir(&home).expect("mkdir");
    chown(&home, NOBODY);

    // root's file in nobody's directory.
    let roots = base.path().join("roots");
    fs::create_dir(&roots).expect("mkdir");
    chown(&roots, NOBODY);
    let roots_file = roots.join("config.toml");
    fs::write(&roots_file, OLD).expect("write");
    fs::set_permissions(&roots_file, fs::Permissions::from_mode(0o600)).expect("chmod");

    // nobody's own file in nobody's own directory that nobody made read-only.
    let own = base.path().join("own");
    fs::create_dir(&own).expect("mkdir");
    let own_file = own.join("config.toml");
    fs::write(&own_file, OLD).expect("write");
    chown(&own_file, NOBODY);
    chown(&own, NOBODY);
    fs::set_permissions(&own, fs::Permissions::from_mode(0o555)).expect("chmod");

    let run = |config: &Path, extra: &[&str]| {
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(env!("CARGO_BIN_EXE_runnerctl"))
            .args(["register", "--token-stdin", "--executor", "shell"])
            .args(extra)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .env("GITLAB_URL", world.gitlab.url())
            .env("RUNNERCTL_KEYRING", "none")
            .env("CONFIG_FILE", config)
            .current_dir(&home)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("setpriv runs");
        {
            use std::io::Write;
            let mut stdin = child.stdin.take().expect("stdin");
            stdin.write_all(TOKEN.as_bytes()).expect("token");
        }
        let output = child.wait_with_output().expect("wait");
        assert_no_token_text(&output, TOKEN);
        assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
        output
    };

    let output = run(&roots_file, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("owned by root, not by nobody"),
        "{message}"
    );

    let output = run(&roots_file, &["--allow-other-owner"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("permission denied"), "{message}");
    assert!(
        message.contains("belongs to root: run as root"),
        "{message}"
    );
    assert!(!message.contains("run as root or root"), "{message}");

    let output = run(&own_file, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("permission denied"), "{message}");
    assert!(
        message.contains("is yours, but its mode 0555"),
        "the advice must not send the owner to the owner: {message}"
    );
    assert!(!message.contains("run as the file's owner"), "{message}");

    assert_eq!(fs::read_to_string(&roots_file).expect("read"), OLD);
    assert_eq!(fs::read_to_string(&own_file).expect("read"), OLD);
    assert!(
        world.gitlab.requests().is_empty(),
        "refused before any request"
    );
}

// ---- item 12: a held lock ----------------------------------------------------------------

#[test]
fn a_held_lock_is_announced_with_the_holders_pid_and_waited_for_with_a_bound() {
    if let Err(reason) = system::have_program("flock") {
        system::require_or_skip("flock", &reason);
        return;
    }
    let world = world();
    fs::write(world.config_file(), OLD).expect("write");
    let lock = world.path("config.toml.lock");
    // The holder writes its pid, as runnerctl does, and keeps the lock (flock(2)) for 10 s.
    let mut holder = Command::new("sh")
        .arg("-c")
        .arg("echo $$ > \"$1\"; exec flock -o \"$1\" sh -c 'echo locked; sleep 10'")
        .arg("sh")
        .arg(&lock)
        .stdout(Stdio::piped())
        .spawn()
        .expect("holder starts");
    {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(holder.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("holder says it holds the lock");
        assert_eq!(line.trim(), "locked");
    }
    let pid = holder.id();

    let started = Instant::now();
    let output = world
        .runnerctl()
        .args(["register", "--token-stdin", "--executor", "shell"])
        .args(["--lock-timeout", "2"])
        .write_stdin(TOKEN)
        .output()
        .expect("runs");
    let took = started.elapsed();
    let _ = holder.kill();
    let _ = holder.wait();

    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert!(
        message.contains(&format!(
            "held by another process (pid {pid}); waiting up to 2 s"
        )),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "still held by another process (pid {pid}) after 2 s"
        )),
        "{message}"
    );
    assert!(message.contains("--lock-timeout"), "{message}");
    assert!(
        took >= Duration::from_secs(2) && took < Duration::from_secs(8),
        "{took:?}"
    );
    assert_eq!(fs::read_to_string(world.config_file()).expect("read"), OLD);
    assert!(
        world.gitlab.requests().is_empty(),
        "refused before any request"
    );
}

#[test]
fn the_wait_for_a_held_lock_is_announced_within_a_second() {
    if let Err(reason) = system::have_program("flock") {
        system::require_or_skip("flock", &reason);
        return;
    }
    let world = world();
    fs::write(world.config_file(), OLD).expect("write");
    let lock = world.path("config.toml.lock");
    let mut holder = Command::new("flock")
        .arg("-o")
        .arg(&lock)
        .args(["sh", "-c", "echo locked; sleep 10"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("holder starts");
    {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(holder.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("holder holds the lock");
    }
    let mut command = std_command::runnerctl_std(
        world.dir.path(),
        &world.gitlab.url(),
        &world.config_file(),
        &world.secrets_file(),
    );
    let mut child = command
        .args(["register", "--token-stdin", "--executor", "shell"])
        .args(["--lock-timeout", "5"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(TOKEN.as_bytes()).expect("token");
    }
    let stderr_pipe = child.stderr.take().expect("stderr");
    let started = Instant::now();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr_pipe)
            .lines()
            .map_while(Result::ok)
        {
            let _ = sender.send((line, started.elapsed()));
        }
    });
    let (line, at) = receiver
        .recv_timeout(Duration::from_secs(3))
        .expect("a line on stderr while waiting");
    assert!(
        line.contains("held by another process (pid unknown)"),
        "{line}"
    );
    assert!(at < Duration::from_millis(1000), "announced after {at:?}");
    // The holder lets go: the waiting run goes on and registers.
    let _ = holder.kill();
    let _ = holder.wait();
    let status = child.wait().expect("wait");
    assert!(status.success());
    assert!(
        fs::read_to_string(world.config_file())
            .expect("read")
            .contains("[[runners]]")
    );
    // The pid is gone from the lock file once the run is over.
    assert_eq!(fs::read_to_string(&lock).expect("read"), "");
}

// ---- item 11: BOM, CRLF, size --------------------------------------------------------------

const CRLF_CONFIG: &str =
    "\u{feff}# windows\r\nconcurrent = 2\r\n\r\n[session_server]\r\n  session_timeout = 1800\r\n";

#[test]
fn register_keeps_a_bom_and_crlf_endings_on_every_line_it_adds() {
    let world = world();
    fs::write(world.config_file(), CRLF_CONFIG).expect("write");
    let output = register(&world, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(world.config_file()).expect("read");
    assert!(text.starts_with(CRLF_CONFIG), "{text:?}");
    assert!(text.contains("[[runners]]\r\n"), "{text:?}");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "a line without CR: {text:?}"
    );
    assert!(!stderr(&output).contains("mixed"), "{}", stderr(&output));
    // A second run finds its entry again: nothing to change, nothing written.
    let before = fs::read(world.config_file()).expect("read");
    let output = register(&world, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(fs::read(world.config_file()).expect("read"), before);
    // BurntSushi/toml takes CRLF as a newline (lex.go `isNL`) and, from v1.4.0 on (which
    // current gitlab-runner builds with), skips a leading UTF-8 BOM (parse.go). Debian's
    // packaged 1.2.0, which this check builds with, predates the BOM skip: decode the same
    // bytes without the BOM the operator's file already had (runnerctl never adds one).
    let without_bom = world.path("config-without-bom.toml");
    fs::write(&without_bom, &text.as_bytes()["\u{feff}".len()..]).expect("write");
    go_decode::assert_gitlab_runner_reads(&without_bom);
}

#[test]
fn mixed_line_endings_go_to_the_majority_with_a_warning() {
    let world = world();
    let mixed = "concurrent = 2\r\ncheck_interval = 0\r\n\n[session_server]\r\n  session_timeout = 1800\r\n";
    fs::write(world.config_file(), mixed).expect("write");
    let output = register(&world, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("mixed CRLF and LF line endings; every line now ends in CRLF"),
        "{message}"
    );
    let text = fs::read_to_string(world.config_file()).expect("read");
    assert!(text.starts_with("concurrent = 2\r\ncheck_interval = 0\r\n\r\n[session_server]\r\n"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "{text:?}"
    );
}

#[test]
fn the_engine_keeps_bom_and_crlf_and_normalises_a_minority_of_crlf() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    fs::write(&path, CRLF_CONFIG).expect("write");
    let edit = ConfigFile::edit_path(&path, |doc| doc.add_or_update_runner(&spec())).expect("edit");
    assert!(edit.written);
    assert!(
        !edit
            .notices
            .iter()
            .any(|notice| matches!(notice, Notice::LineEndingsNormalised { .. })),
        "{:?}",
        edit.notices
    );
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.starts_with(CRLF_CONFIG), "{text:?}");
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    // Removing it again gives back the very bytes.
    ConfigFile::edit_path(&path, |doc| doc.remove_runner(0)).expect("edit");
    assert_eq!(fs::read_to_string(&path).expect("read"), CRLF_CONFIG);

    // One CRLF among LF lines: LF wins, and the operator hears about it.
    fs::write(&path, "concurrent = 2\r\ncheck_interval = 0\n\n").expect("write");
    let edit = ConfigFile::edit_path(&path, |doc| doc.add_or_update_runner(&spec())).expect("edit");
    assert!(
        edit.notices
            .iter()
            .any(|notice| notice.to_string().contains("every line now ends in LF")),
        "{:?}",
        edit.notices
    );
    let text = fs::read_to_string(&path).expect("read");
    assert!(!text.contains('\r'), "{text:?}");
    assert!(text.starts_with("concurrent = 2\ncheck_interval = 0\n"));
}

#[test]
fn an_edit_that_would_pass_the_size_limit_is_refused_before_writing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    let head = "concurrent = 1\n#";
    let padding = MAX_CONFIG_SIZE as usize - head.len() - 1 - 20;
    let text = format!("{head}{}\n", "x".repeat(padding));
    fs::write(&path, &text).expect("write");
    let error =
        ConfigFile::edit_path(&path, |doc| doc.add_or_update_runner(&spec())).expect_err("refused");
    assert!(
        matches!(error, ConfigError::EditTooLarge { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("nothing was written"), "{error}");
    assert!(
        fs::read_to_string(&path).expect("read") == text,
        "file untouched"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .expect("list")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn edit_options_default_to_refusing_other_owners_and_a_minute_of_waiting() {
    let options = EditOptions::default();
    assert!(!options.allow_other_owner);
    assert_eq!(options.lock_timeout, Duration::from_secs(60));
}
