//! Files the engine must refuse without touching them: typed errors naming the file.

#[path = "support/go_decode.rs"]
mod go_decode;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Utc;
use runnerctl::runner_config::{
    ConfigError, ConfigFile, EditOptions, Executor, MAX_CONFIG_SIZE, RunnerSpec, Setting,
};
use runnerctl::token::RunnerToken;

fn spec() -> RunnerSpec {
    let mut spec = RunnerSpec::new(
        Setting::Given("host1".into()),
        "https://gitlab.example.com",
        RunnerToken::new("glrt-bad-files-token"),
        Utc::now(),
    );
    spec.executor = Some(Executor::Shell);
    spec
}

/// Both the edit path and the read-only path refuse the file, and it is byte-identical after.
fn refused(path: &Path) -> ConfigError {
    // Reading a FIFO would block the test itself.
    let readable = fs::metadata(path).is_ok_and(|meta| meta.is_file());
    let snapshot = || readable.then(|| fs::read(path).ok()).flatten();
    let before = snapshot();
    let read_error = ConfigFile::read(path).expect_err("read refuses");
    let edit_error = ConfigFile::edit_path(path, |doc| doc.add_or_update_runner(&spec()))
        .expect_err("edit refuses");
    assert_eq!(
        std::mem::discriminant(&read_error),
        std::mem::discriminant(&edit_error)
    );
    assert_eq!(snapshot(), before, "file untouched");
    let message = edit_error.to_string();
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(!message.contains("glrt-bad-files-token"), "{message}");
    edit_error
}

fn write_config(content: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    fs::write(&path, content).expect("write");
    (dir, path)
}

#[test]
fn unparseable_file_reports_line_and_column() {
    let (_dir, path) = write_config(b"concurrent = 1\n\n[[runners]]\n  name = \"a\n");
    match refused(&path) {
        ConfigError::Unparseable { line, column, .. } => {
            assert_eq!(line, 4);
            assert!(column >= 10, "column {column}");
        }
        other => panic!("{other:?}"),
    }
    let (_dir, path) = write_config(b"[session_server]\n[session_server]\n");
    assert!(matches!(
        refused(&path),
        ConfigError::Unparseable { line: 2, .. }
    ));
}

#[test]
fn wrong_types_are_invalid_naming_the_key() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "concurrent = \"4\"\n",
            "concurrent",
            "an integer",
            "a string",
        ),
        (
            "[[runners]]\ntoken = 123\n",
            "runners[0].token",
            "a string",
            "an integer",
        ),
        (
            "[[runners]]\nname = \"a\"\n[[runners]]\nlimit = \"x\"\n",
            "runners[1].limit",
            "an integer",
            "a string",
        ),
        (
            "[[runners]]\n[runners.docker]\nprivileged = \"yes\"\n",
            "runners[0].docker.privileged",
            "a boolean (true or false)",
            "a string",
        ),
        (
            "[runners]\nname = \"a\"\n",
            "runners",
            "an array of tables ([[...]])",
            "a table",
        ),
        (
            "[[runners]]\ntoken_expires_at = \"soon\"\n",
            "runners[0].token_expires_at",
            "a datetime",
            "a string that is not an RFC 3339 time",
        ),
    ];
    for (text, want_key, want_expected, want_found) in cases {
        let (_dir, path) = write_config(text.as_bytes());
        match refused(&path) {
            ConfigError::Invalid {
                key,
                expected,
                found,
                ..
            } => {
                assert_eq!(
                    (key.as_str(), expected.as_str(), found.as_str()),
                    (want_key, want_expected, want_found)
                );
            }
            other => panic!("{text}: {other:?}"),
        }
        // gitlab-runner's library agrees that these files are broken.
        if let Some(result) = go_decode::go_decode(&path) {
            assert!(result.is_err(), "gitlab-runner would accept {text:?}");
        }
    }
}

#[test]
fn a_directory_is_not_a_regular_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    fs::create_dir(&path).expect("mkdir");
    assert!(matches!(
        refused(&path),
        ConfigError::NotRegularFile {
            kind: "a directory",
            ..
        }
    ));
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let started = Instant::now();
    assert!(matches!(
        refused(&path),
        ConfigError::NotRegularFile { kind: "a FIFO", .. }
    ));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        fs::symlink_metadata(&path)
            .expect("still there")
            .file_type()
            .is_fifo()
    );
}

use std::os::unix::fs::FileTypeExt;

#[test]
fn binary_garbage_is_unparseable() {
    let (_dir, path) = write_config(b"concurrent = 1\n\xff\xfe\x00\x01garbage\x80");
    match refused(&path) {
        ConfigError::Unparseable { line, message, .. } => {
            assert_eq!(line, 2);
            assert!(message.contains("UTF-8"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let (_dir, path) = write_config(b"\x00\x01\x02\x03");
    assert!(matches!(refused(&path), ConfigError::Unparseable { .. }));
}

#[test]
fn a_file_over_10_mib_is_too_large() {
    let mut content = b"concurrent = 1\n".to_vec();
    content.resize(MAX_CONFIG_SIZE as usize + 1, b'\n');
    let (_dir, path) = write_config(&content);
    assert!(matches!(refused(&path), ConfigError::TooLarge { .. }));
}

#[test]
fn a_missing_file_is_not_found_for_readers_and_nothing_is_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    assert!(matches!(
        ConfigFile::read(&path),
        Err(ConfigError::NotFound { .. })
    ));
    // An edit that adds nothing does not create the file.
    let edit = ConfigFile::edit_path(&path, |doc| doc.remove_runner(0)).expect("no-op edit");
    assert!(!edit.written);
    assert!(!path.exists());
}

#[test]
fn errors_from_the_edit_closure_write_nothing() {
    let (_dir, path) = write_config(b"concurrent = 1\n");
    let result: Result<_, ConfigError> = ConfigFile::edit_path(&path, |doc| {
        doc.add_or_update_runner(&spec())?;
        Err::<(), _>(ConfigError::Refused {
            path: doc.path().to_path_buf(),
            message: "changed my mind".into(),
        })
    });
    assert!(result.is_err());
    assert_eq!(fs::read_to_string(&path).expect("read"), "concurrent = 1\n");
}

/// Permission checks mean nothing to root: run as nobody via setpriv, where available.
#[test]
fn unreadable_file_and_read_only_directory_as_unprivileged_user() {
    // The binary for this check is the test itself, re-run under setpriv with a filter.
    if let Ok(path) = std::env::var("RUNNERCTL_TEST_UNPRIVILEGED_PATH") {
        let path = Path::new(&path);
        // The files are root's: allowed, so that the permission check itself is what refuses.
        let options = EditOptions {
            allow_other_owner: true,
            ..EditOptions::default()
        };
        let error =
            ConfigFile::edit_path_with(path, &options, |doc| doc.add_or_update_runner(&spec()))
                .expect_err("refused");
        assert!(
            matches!(error, ConfigError::PermissionDenied { .. }),
            "{error:?}"
        );
        println!("REFUSED-AS-EXPECTED {error}");
        return;
    }
    // SAFETY: geteuid has no preconditions and cannot fail.
    let is_root = unsafe { libc::geteuid() } == 0;
    let has_setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if !is_root || !has_setpriv {
        go_decode::skip::skip(
            "the unreadable-file check",
            "needs root and setpriv to run as an unprivileged user",
        );
        return;
    }
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).expect("chmod");
    // Unreadable file in a writable directory.
    let writable = dir.path().join("writable");
    fs::create_dir(&writable).expect("mkdir");
    fs::set_permissions(&writable, fs::Permissions::from_mode(0o777)).expect("chmod");
    let unreadable = writable.join("config.toml");
    fs::write(&unreadable, "concurrent = 1\n").expect("write");
    fs::set_permissions(&unreadable, fs::Permissions::from_mode(0o600)).expect("chmod");
    // Readable file in a read-only directory.
    let read_only = dir.path().join("read-only");
    fs::create_dir(&read_only).expect("mkdir");
    let in_read_only = read_only.join("config.toml");
    fs::write(&in_read_only, "concurrent = 1\n").expect("write");
    fs::set_permissions(&in_read_only, fs::Permissions::from_mode(0o644)).expect("chmod");
    fs::set_permissions(&read_only, fs::Permissions::from_mode(0o555)).expect("chmod");

    for path in [&unreadable, &in_read_only] {
        let before = fs::read(path).expect("read");
        let output = std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
            .arg(std::env::current_exe().expect("test binary"))
            .args([
                "--exact",
                "unreadable_file_and_read_only_directory_as_unprivileged_user",
                "--nocapture",
            ])
            .env("RUNNERCTL_TEST_UNPRIVILEGED_PATH", path)
            .output()
            .expect("setpriv runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("REFUSED-AS-EXPECTED"),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(fs::read(path).expect("read"), before);
    }
}
