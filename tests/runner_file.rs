//! The `.runner` engine on real files: modes, owners, the runner's lock, files it must not
//! touch, and the runners' own decoder reading what it writes.

#[path = "support/go_decode.rs"]
mod go_decode;
#[path = "support/system.rs"]
mod system;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use runnerctl::host_file::{Action, HostFile};
use runnerctl::runner_file::{
    ACT_RUNNER_WARNING, FORGEJO_RUNNER_WARNING, GITEA_RUNNER_WARNING, Notice, Options,
    Registration, RunnerEntry, RunnerFile, RunnerFileError, RunnerFileKind, lock_is_held,
    read_unlocked, render,
};
use runnerctl::token::RunnerToken;

const TOKEN: &str = "0123456789abcdef0123456789abcdef01234567";
const NOBODY: u32 = 65534;

fn registration() -> Registration {
    Registration {
        id: 42,
        uuid: "2d5b4e1c-8f6a-4d3b-9e0f-1a2b3c4d5e6f".to_string(),
        name: "build-01".to_string(),
        token: RunnerToken::new(TOKEN),
        address: "https://gitea.example.com".to_string(),
        labels: vec![
            "ubuntu-latest:docker://node:20-bookworm".to_string(),
            "self-hosted:host".to_string(),
        ],
        ephemeral: Some(false),
    }
}

fn entry(kind: RunnerFileKind) -> RunnerEntry {
    RunnerEntry {
        registration: registration(),
        kind,
    }
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("stat").mode() & 0o777
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

fn example(name: &str) -> String {
    fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(name),
    )
    .expect("read the example")
}

#[test]
fn a_new_file_has_the_runners_bytes_and_mode_0600_under_umask_022() {
    // SAFETY: umask only sets this process's file creation mask.
    unsafe { libc::umask(0o022) };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    assert!(file.parsed().is_none());
    let saved = file.upsert(&entry(RunnerFileKind::Gitea)).expect("upsert");
    assert_eq!(saved.value.action, Action::Added);
    assert!(saved.written);
    assert_eq!(saved.notices, [Notice::Created { path: path.clone() }]);
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        example("gitea.runner")
    );
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&dir.path().join(".runner.lock")), 0o600);
    let names: Vec<_> = fs::read_dir(dir.path())
        .expect("ls")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "only .runner and its lock: {names:?}");
}

#[test]
fn a_0644_file_written_by_the_runner_becomes_0600_when_changed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    fs::write(&path, example("forgejo.runner")).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    let mut changed = entry(RunnerFileKind::Forgejo);
    changed.registration.name = "build-02".to_string();
    let saved = file.upsert(&changed).expect("upsert");
    assert_eq!(saved.value.action, Action::Updated);
    assert_eq!(
        saved.notices,
        [Notice::ModeTightened {
            path: path.clone(),
            was: 0o644
        }]
    );
    assert_eq!(mode(&path), 0o600);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains("\"name\": \"build-02\""), "{text}");
    assert!(text.contains(FORGEJO_RUNNER_WARNING), "{text}");
}

#[test]
fn the_same_registration_leaves_the_file_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    // Laid out by hand: the same registration, other bytes.
    let text = format!(
        "{{\"id\":42,\"uuid\":\"2d5b4e1c-8f6a-4d3b-9e0f-1a2b3c4d5e6f\",\"name\":\"build-01\",\"token\":\"{TOKEN}\",\"address\":\"https://gitea.example.com\",\"labels\":[\"ubuntu-latest:docker://node:20-bookworm\",\"self-hosted:host\"],\"ephemeral\":false}}"
    );
    fs::write(&path, &text).expect("write");
    let before = fs::metadata(&path).expect("stat");
    std::thread::sleep(Duration::from_millis(20));
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    let saved = file.upsert(&entry(RunnerFileKind::Gitea)).expect("upsert");
    assert_eq!(saved.value.action, Action::Unchanged);
    assert!(!saved.written);
    let after = fs::metadata(&path).expect("stat");
    assert_eq!(fs::read_to_string(&path).expect("read"), text);
    assert_eq!(
        (after.ino(), after.mtime(), after.mtime_nsec()),
        (before.ino(), before.mtime(), before.mtime_nsec())
    );
    // The other layout (Forgejo writes no `ephemeral`) is a change.
    let saved = file
        .upsert(&entry(RunnerFileKind::Forgejo))
        .expect("upsert");
    assert_eq!(saved.value.action, Action::Updated);
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        example("forgejo.runner")
    );
}

#[test]
fn an_existing_warning_is_kept_and_the_other_runners_is_replaced() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let mut old = registration();
    old.name = "old".to_string();
    fs::write(
        &path,
        render(&old, RunnerFileKind::Gitea, Some(ACT_RUNNER_WARNING)),
    )
    .expect("write");
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    file.upsert(&entry(RunnerFileKind::Gitea)).expect("upsert");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(ACT_RUNNER_WARNING), "{text}");
    // A Forgejo layout must not keep Gitea Runner's WARNING.
    fs::write(&path, example("gitea.runner")).expect("write");
    file.upsert(&entry(RunnerFileKind::Forgejo))
        .expect("upsert");
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains(FORGEJO_RUNNER_WARNING), "{text}");
    assert!(!text.contains(GITEA_RUNNER_WARNING), "{text}");
}

#[test]
fn a_held_lock_is_in_use_at_once_and_nothing_is_read_or_written() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    fs::write(&path, example("gitea.runner")).expect("write");
    assert!(!lock_is_held(&path));
    // As Gitea Runner's daemon holds it: flock(LOCK_EX|LOCK_NB) on <file>.lock, from another
    // open file description (flock locks belong to it, not to the process).
    let daemon = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join(".runner.lock"))
        .expect("open the lock");
    daemon.try_lock().expect("lock");
    assert!(lock_is_held(&path));
    let started = Instant::now();
    let error = RunnerFile::load(&path, &Options::default()).expect_err("in use");
    assert!(started.elapsed() < Duration::from_millis(500), "no waiting");
    match &error {
        RunnerFileError::InUse {
            path: at,
            lock_path,
        } => {
            assert_eq!(at, &path);
            assert_eq!(lock_path, &dir.path().join(".runner.lock"));
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains(".runner.lock"), "{error}");
    assert_eq!(
        fs::read_to_string(&path).expect("read"),
        example("gitea.runner")
    );
    drop(daemon);
    assert!(!lock_is_held(&path));
    let file = RunnerFile::load(&path, &Options::default()).expect("free again");
    assert!(lock_is_held(&path), "runnerctl's own hold shows too");
    drop(file);
}

#[test]
fn a_lock_held_by_another_process_is_in_use() {
    let Ok(flock) = which("flock") else {
        system::require_or_skip("a lock held by another process", "no flock(1) on PATH");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let lock = dir.path().join(".runner.lock");
    let mut child = std::process::Command::new(flock)
        .arg("-x")
        .arg(&lock)
        .args(["sleep", "30"])
        .spawn()
        .expect("spawn flock");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !lock_is_held(&path) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let result = RunnerFile::load(&path, &Options::default());
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        matches!(result, Err(RunnerFileError::InUse { .. })),
        "{result:?}"
    );
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or(())
}

#[test]
fn a_symlinked_lock_file_is_refused_and_its_target_never_created() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let target = dir.path().join("elsewhere");
    std::os::unix::fs::symlink(&target, dir.path().join(".runner.lock")).expect("symlink");
    let error = RunnerFile::load(&path, &Options::default()).expect_err("refused");
    assert!(
        matches!(error, RunnerFileError::NotRegularFile { .. }),
        "{error:?}"
    );
    assert!(!target.exists());
}

#[test]
fn an_unparseable_file_is_refused_with_its_position_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let broken = format!("{{\n  \"id\": 42,\n  \"token\": \"{TOKEN}\",\n  \"id\": 43\n}}\n");
    fs::write(&path, &broken).expect("write");
    let error = RunnerFile::load(&path, &Options::default()).expect_err("unparseable");
    match &error {
        RunnerFileError::Unparseable { line, column, .. } => assert_eq!((*line, *column), (4, 3)),
        other => panic!("{other:?}"),
    }
    assert!(!error.to_string().contains(TOKEN), "{error}");
    // Broken after loading (by hand, meanwhile): the upsert re-reads and refuses too.
    fs::write(&path, example("gitea.runner")).expect("write");
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    fs::write(&path, &broken).expect("write");
    let error = file
        .upsert(&entry(RunnerFileKind::Gitea))
        .expect_err("refused");
    assert!(
        matches!(error, RunnerFileError::Unparseable { .. }),
        "{error:?}"
    );
    let error = file.remove(&[0]).expect_err("refused");
    assert!(
        matches!(error, RunnerFileError::Unparseable { .. }),
        "{error:?}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), broken);
    assert!(matches!(
        read_unlocked(&path),
        Err(RunnerFileError::Unparseable { line: 4, .. })
    ));
}

#[test]
fn a_fifo_is_not_read_and_not_waited_for() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let name = std::ffi::CString::new(path.to_str().expect("utf-8")).expect("cstring");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let error = read_unlocked(&path).expect_err("a FIFO");
    assert!(
        matches!(
            error,
            RunnerFileError::NotRegularFile { kind: "a FIFO", .. }
        ),
        "{error:?}"
    );
    assert!(RunnerFile::load(&path, &Options::default()).is_err());
}

#[test]
fn a_symlinked_runner_file_is_followed_with_a_notice() {
    let dir = tempfile::tempdir().expect("tempdir");
    let real = dir.path().join("real.runner");
    fs::write(&real, example("forgejo.runner")).expect("write");
    let link = dir.path().join(".runner");
    std::os::unix::fs::symlink("real.runner", &link).expect("symlink");
    let file = RunnerFile::load(&link, &Options::default()).expect("load");
    assert_eq!(file.path(), real);
    assert_eq!(
        file.notices(),
        [Notice::SymlinkFollowed {
            link: link.clone(),
            target: real.clone()
        }]
    );
    assert!(dir.path().join("real.runner.lock").exists());
}

#[test]
fn the_entry_is_found_by_token_or_id_and_removed_with_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    fs::write(&path, example("gitea.runner")).expect("write");
    let mut file = <RunnerFile as HostFile>::load(&path, &Options::default()).expect("load");
    let found = file
        .find_entry(Some(&RunnerToken::new(TOKEN)), None)
        .expect("by token");
    assert_eq!(
        (found.index, found.runner_id, found.url.as_deref()),
        (0, Some(42), Some("https://gitea.example.com"))
    );
    assert!(file.find_entry(None, Some(42)).is_some());
    assert!(
        file.find_entry(Some(&RunnerToken::new("other")), Some(7))
            .is_none()
    );
    assert!(file.entry(1).is_none());
    let removed = file.remove(&[0]).expect("remove");
    assert_eq!(removed.value.len(), 1);
    assert!(removed.written);
    assert!(!path.exists());
    assert!(
        dir.path().join(".runner.lock").exists(),
        "the lock file stays"
    );
    let again = file.remove(&[0]).expect("remove again");
    assert!(again.value.is_empty() && !again.written);
    assert!(read_unlocked(&path).expect("read").is_none());
}

#[test]
fn as_root_a_new_file_takes_its_directorys_owner_and_an_old_one_keeps_its_own() {
    if !is_root() {
        system::require_or_skip("chown to another user", "needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::chown(dir.path(), Some(NOBODY), Some(NOBODY)).expect("chown");
    let path = dir.path().join(".runner");
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    file.upsert(&entry(RunnerFileKind::Gitea)).expect("upsert");
    let metadata = fs::metadata(&path).expect("stat");
    assert_eq!((metadata.uid(), metadata.gid()), (NOBODY, NOBODY));
    let lock = fs::metadata(dir.path().join(".runner.lock")).expect("stat");
    assert_eq!(
        (lock.uid(), lock.gid()),
        (NOBODY, NOBODY),
        "the runner can lock it"
    );
    drop(file);

    // An existing file of another owner in root's directory keeps that owner.
    let other = tempfile::tempdir().expect("tempdir");
    let path = other.path().join(".runner");
    fs::write(&path, example("forgejo.runner")).expect("write");
    std::os::unix::fs::chown(&path, Some(NOBODY), Some(0)).expect("chown");
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    let mut changed = entry(RunnerFileKind::Forgejo);
    changed.registration.labels.push("extra:host".to_string());
    file.upsert(&changed).expect("upsert");
    let metadata = fs::metadata(&path).expect("stat");
    assert_eq!((metadata.uid(), metadata.gid()), (NOBODY, 0));
    assert_eq!(metadata.mode() & 0o777, 0o600);
}

#[test]
fn the_runners_decoder_reads_what_the_engine_writes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let mut file = RunnerFile::load(&path, &Options::default()).expect("load");
    let mut tricky = entry(RunnerFileKind::Gitea);
    tricky.registration.name = "a<b>&c \"q\" \\ é \u{1F600}".to_string();
    tricky.registration.ephemeral = Some(true);
    file.upsert(&tricky).expect("upsert");
    let Some(decoded) = go_decode::go_runner_tool(&["decode"], &path) else {
        return;
    };
    let summary: serde_json::Value =
        serde_json::from_str(&decoded.expect("the runner's decoder reads it")).expect("json");
    assert_eq!(summary["id"], 42);
    assert_eq!(summary["name"], tricky.registration.name.as_str());
    assert_eq!(summary["token_len"], TOKEN.len());
    assert_eq!(summary["ephemeral"], true);
    assert_eq!(summary["warning"], GITEA_RUNNER_WARNING);
    assert_eq!(
        summary["labels"],
        serde_json::json!([
            "ubuntu-latest:docker://node:20-bookworm",
            "self-hosted:host"
        ])
    );
}

#[test]
fn encoding_json_writes_the_same_bytes_as_the_engine_for_forgejo_and_act_runner() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(".runner");
    let mut tricky = registration();
    tricky.name = "a<b>&c \"q\" \\ é \u{2028} \u{1F600} \u{1}".to_string();
    for (kind, warning, mode) in [
        (RunnerFileKind::Forgejo, None, "forgejo"),
        (RunnerFileKind::Gitea, Some(ACT_RUNNER_WARNING), "gitea"),
    ] {
        let ours = render(&tricky, kind, warning);
        fs::write(&path, &ours).expect("write");
        let Some(theirs) = go_decode::go_runner_tool(&["reencode", mode], &path) else {
            return;
        };
        assert_eq!(theirs.expect("re-encode"), ours, "{mode}");
    }
}
