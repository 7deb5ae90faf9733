//! `runnerctl register` through the binary against the fake GitLab: what lands in config.toml,
//! every other byte left alone, idempotence, refusals before any request, and no token shown.

#[path = "support/go_decode.rs"]
mod go_decode;
#[path = "support/std_command.rs"]
mod std_command;
mod support;

use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;

use runnerctl::runner_config::{ConfigFile, NEW_CONFIG};
use support::*;

const TOKEN_A: &str = "glrt-aaaaaaaaaaaaaaaaaaaa";
const TOKEN_B: &str = "glrt-bbbbbbbbbbbbbbbbbbbb";
const LEGACY_TOKEN: &str = "legacyrunnertoken0123456";

struct Setup {
    world: World,
    a: u64,
    b: u64,
    legacy: u64,
}

fn setup() -> Setup {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let a = fleet.add_runner(fake_gitlab::RunnerSeed::group("team").token(TOKEN_A));
    let b = fleet.add_runner(fake_gitlab::RunnerSeed::group("team").token(TOKEN_B));
    let legacy = fleet.add_runner(fake_gitlab::RunnerSeed::group("team").token(LEGACY_TOKEN));
    Setup {
        world: World::new(fleet),
        a,
        b,
        legacy,
    }
}

fn register(world: &World, token: &str, args: &[&str]) -> std::process::Output {
    let output = world
        .runnerctl()
        .arg("register")
        .arg("--token-stdin")
        .args(args)
        .args(["--format", "json"])
        .write_stdin(format!("{token}\n"))
        .output()
        .expect("runnerctl runs");
    for token in [TOKEN_A, TOKEN_B, LEGACY_TOKEN] {
        assert_no_token_text(&output, token);
    }
    assert!(
        !stderr(&output).contains("panicked"),
        "a panic: {}",
        stderr(&output)
    );
    // Every file a successful run leaves must be one gitlab-runner reads.
    if output.status.success() {
        go_decode::assert_gitlab_runner_reads(&world.config_file());
    }
    output
}

fn ok(output: &std::process::Output) -> serde_json::Value {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        stderr(output)
    );
    json(output)
}

fn verify_requests(world: &World) -> Vec<fake_gitlab::RecordedRequest> {
    world
        .gitlab
        .requests()
        .into_iter()
        .filter(|request| request.path == "/api/v4/runners/verify")
        .collect()
}

fn text(path: &Path) -> String {
    fs::read_to_string(path).expect("read config")
}

const COMMENTED: &str = "# Managed by hand; runnerctl must keep this.\nconcurrent = 4 # four jobs at once\ncheck_interval = 3\n\n[session_server]\n  session_timeout = 1800\n";

const THREE_RUNNERS: &str = r#"concurrent = 3
log_level = "info"
future_key = "unknown to gitlab-runner, kept anyway"

# the first
[[runners]]
  name = "one"
  url = "https://gitlab.example.com"
  id = 1
  token = "glrt-one"
  executor = "shell"
  hand_key = 7

[[runners]]
  name = "two"
  url = "https://gitlab.example.com"
  id = 2
  token = "glrt-two"
  executor = "docker"
  [runners.docker]
    image = "alpine:3"
    # a comment inside a subtable
    privileged = false

[[runners]]
  name = "three"
  url = "https://gitlab.example.com"
  id = 3
  token = "glrt-three"
  executor = "shell"
  [runners.custom_build_dir]
    enabled = true
"#;

#[test]
fn register_into_a_missing_file_writes_defaults_and_the_entry() {
    let setup = setup();
    let world = &setup.world;
    let path = world.config_file();
    let document = ok(&register(
        world,
        TOKEN_A,
        &["--executor", "shell", "--name", "host1"],
    ));
    assert_eq!(
        document,
        serde_json::json!({
            "runner_id": setup.a,
            "name": "host1",
            "config": path.display().to_string(),
            "action": "added",
            "verified": true,
        })
    );
    let written = text(&path);
    assert!(written.starts_with(NEW_CONFIG), "{written}");
    let entry = &written[NEW_CONFIG.len()..];
    assert!(
        entry.starts_with("\n[[runners]]\n  name = \"host1\"\n"),
        "{entry}"
    );
    assert!(entry.contains(&format!("  id = {}\n", setup.a)));
    assert!(entry.contains(&format!("  token = \"{TOKEN_A}\"\n")));
    assert!(entry.contains("  token_expires_at = 0001-01-01T00:00:00Z\n"));
    assert!(entry.contains("  executor = \"shell\"\n"));
    let obtained = entry
        .lines()
        .find(|line| line.trim_start().starts_with("token_obtained_at = "))
        .expect("token_obtained_at");
    assert!(
        !obtained.contains('"') && obtained.ends_with('Z'),
        "a bare UTC datetime: {obtained}"
    );
    assert_eq!(
        fs::metadata(&path).expect("stat").permissions().mode() & 0o777,
        0o600
    );

    // The system id gitlab-runner would have created, sent with the verify.
    let system_id = fs::read_to_string(world.path(".runner_system_id")).expect("system id");
    assert!(runnerctl::runner_config::is_valid_system_id(&system_id));
    let verifies = verify_requests(world);
    assert_eq!(verifies.len(), 1);
    let body: serde_json::Value = serde_json::from_str(&verifies[0].body).expect("json body");
    assert_eq!(body["system_id"], system_id.as_str());
    world.gitlab.with_state(|state| {
        let runner = state.runner(setup.a).expect("runner");
        assert!(runner.managers.iter().any(|m| m.system_id == system_id));
    });

    if let Some(summary) = go_decode::assert_gitlab_runner_reads(&path) {
        assert_eq!(summary["runners"].as_array().map(Vec::len), Some(1));
    }
}

/// The file after registering is the file before, then only the new entry.
fn assert_appended_only(before: &str, after: &str) {
    assert!(
        after.starts_with(before),
        "bytes before the new entry changed:\n--- before\n{before}\n--- after\n{after}"
    );
    let added = &after[before.len()..];
    let added_body = added.trim_start_matches('\n');
    assert!(added_body.starts_with("[[runners]]\n"), "{added}");
    assert_eq!(
        added_body.matches("[[runners]]").count(),
        1,
        "one entry added: {added}"
    );
}

#[test]
fn register_into_empty_commented_and_populated_files_changes_no_other_byte() {
    let setup = setup();
    let world = &setup.world;
    let path = world.config_file();
    for (label, original) in [
        ("empty", ""),
        ("comments", COMMENTED),
        ("three runners and unknown keys", THREE_RUNNERS),
    ] {
        fs::write(&path, original).expect("write");
        ok(&register(
            world,
            TOKEN_A,
            &[
                "--executor",
                "docker",
                "--docker-image",
                "alpine:3",
                "--name",
                "new",
            ],
        ));
        let after = text(&path);
        assert_appended_only(original, &after);
        assert!(after.contains("[runners.docker]"), "{label}: {after}");
        if let Some(summary) = go_decode::assert_gitlab_runner_reads(&path) {
            let runners = summary["runners"].as_array().map(Vec::len).unwrap_or(0);
            assert_eq!(
                runners,
                original.matches("[[runners]]").count() + 1,
                "{label}"
            );
        }
    }
}

#[test]
fn register_twice_keeps_one_entry_and_does_not_rewrite_the_file() {
    let setup = setup();
    let world = &setup.world;
    let path = world.config_file();
    let args = ["--executor", "shell", "--name", "host1"];
    ok(&register(world, TOKEN_A, &args));
    let before = text(&path);
    let mtime = fs::metadata(&path).expect("stat").mtime_nsec();
    let modified = fs::metadata(&path)
        .expect("stat")
        .modified()
        .expect("mtime");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let second = ok(&register(world, TOKEN_A, &args));
    assert_eq!(second["action"], "unchanged");
    assert_eq!(second["runner_id"], setup.a);
    assert_eq!(text(&path), before);
    let after = fs::metadata(&path).expect("stat");
    assert_eq!(after.modified().expect("mtime"), modified);
    assert_eq!(after.mtime_nsec(), mtime);
    let document = ConfigFile::read(&path).expect("valid");
    assert_eq!(document.runners().len(), 1);
    // Without --name the hostname is only a default: the chosen name stays.
    let third = ok(&register(world, TOKEN_A, &[]));
    assert_eq!(third["action"], "unchanged");
    assert_eq!(third["name"], "host1");
    assert_eq!(text(&path), before);
}

#[test]
fn update_keeps_position_comments_hand_chosen_name_and_hand_edits() {
    let setup = setup();
    let world = &setup.world;
    let path = world.config_file();
    // An update talks to the entry's own GitLab.
    let original = THREE_RUNNERS.replace(
        "  url = \"https://gitlab.example.com\"\n  id = 2\n  token = \"glrt-two\"",
        &format!(
            "  url = \"{}\"\n  id = 2\n  token = \"{TOKEN_B}\"",
            world.gitlab.url()
        ),
    );
    assert!(original.contains(TOKEN_B));
    fs::write(&path, &original).expect("write");
    // `--docker-image` alone: the executor and the name are the entry's own.
    let output = register(world, TOKEN_B, &["--docker-image", "debian:12"]);
    let document = ok(&output);
    assert_eq!(document["action"], "updated");
    assert_eq!(document["name"], "two");
    assert_eq!(document["runner_id"], setup.b);
    let after = text(&path);
    let expected = original
        .replace("  id = 2\n", &format!("  id = {}\n", setup.b))
        .replace("image = \"alpine:3\"", "image = \"debian:12\"");
    // Only the id, the expiry the verify reported and the image may differ.
    let after_without_expiry = after.replace("  token_expires_at = 0001-01-01T00:00:00Z\n", "");
    assert_eq!(after_without_expiry, expected, "{after}");
    let entries = ConfigFile::read(&path).expect("valid").runners();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[1].name.as_deref(), Some("two"));
    assert_eq!(entries[1].executor.as_deref(), Some("docker"));
    go_decode::assert_gitlab_runner_reads(&path);
}

#[test]
fn a_broken_or_unwritable_config_fails_before_any_request() {
    let setup = setup();
    let world = &setup.world;
    // A config whose directory cannot be created: its parent is a file (root too is refused).
    let blocker = world.path("not-a-dir");
    fs::write(&blocker, "x").expect("write");
    let output = world
        .runnerctl()
        .args(["register", "--token-stdin", "--executor", "shell"])
        .arg("--config")
        .arg(blocker.join("config.toml"))
        .write_stdin(TOKEN_A)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("not-a-dir"), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN_A);

    fs::write(world.config_file(), "concurrent = = 1\n").expect("write");
    let output = register(world, TOKEN_A, &["--executor", "shell"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("line 1, column"),
        "{}",
        stderr(&output)
    );
    assert!(verify_requests(world).is_empty(), "no verify was sent");
    assert!(world.gitlab.requests().is_empty(), "no request at all");
}

#[test]
fn bad_files_are_refused_untouched() {
    let setup = setup();
    let world = &setup.world;
    let path = world.config_file();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("unparseable", b"[[runners]\nname = 1\n".to_vec(), "line 1"),
        (
            "wrong type",
            b"concurrent = \"4\"\n".to_vec(),
            "`concurrent`",
        ),
        (
            "token of the wrong type",
            b"[[runners]]\n  token = 123\n".to_vec(),
            "token",
        ),
        (
            "runners as a table",
            b"[runners]\n  name = \"x\"\n".to_vec(),
            "runners",
        ),
        (
            "binary garbage",
            vec![0xff, 0xfe, 0x00, 0x12, 0x80, 0x81],
            "not UTF-8",
        ),
    ];
    for (label, content, named) in cases {
        fs::write(&path, &content).expect("write");
        let output = register(world, TOKEN_A, &["--executor", "shell"]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{label}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains(&path.display().to_string()),
            "{label}: {message}"
        );
        assert!(message.contains(named), "{label}: {message}");
        assert_eq!(fs::read(&path).expect("read"), content, "{label}");
    }

    // Over 10 MiB.
    let mut big = b"# padding\n".repeat(1024 * 1024 + 10);
    big.extend_from_slice(b"concurrent = 1\n");
    fs::write(&path, &big).expect("write");
    let output = register(world, TOKEN_A, &["--executor", "shell"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("bytes"), "{}", stderr(&output));
    assert_eq!(fs::read(&path).expect("read").len(), big.len());
    fs::remove_file(&path).expect("rm");

    // A directory.
    fs::create_dir(&path).expect("mkdir");
    let output = register(world, TOKEN_A, &["--executor", "shell"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("a directory"),
        "{}",
        stderr(&output)
    );
    assert!(path.is_dir());
    fs::remove_dir(&path).expect("rmdir");

    // A FIFO: refused without blocking on it.
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    let output = register(world, TOKEN_A, &["--executor", "shell"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("FIFO"), "{}", stderr(&output));
    assert!(
        fs::symlink_metadata(&path)
            .expect("stat")
            .file_type()
            .is_fifo()
    );
    assert!(verify_requests(world).is_empty());
}

#[test]
fn mode_becomes_0600_on_create_and_on_edit_with_a_warning_and_the_owner_stays() {
    let setup = setup();
    let world = &setup.world;
    let path = world.config_file();
    fs::write(&path, COMMENTED).expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let owner_before = fs::metadata(&path).expect("stat");
    // As root, hand the file to another owner: the edit must keep it.
    let is_root = owner_before.uid() == 0 && unsafe { libc::geteuid() } == 0;
    if is_root {
        std::os::unix::fs::chown(&path, Some(65534), Some(65534)).expect("chown");
    }
    // Another user's file is edited only when allowed (contract row "other owners").
    let output = register(
        world,
        TOKEN_A,
        &["--executor", "shell", "--allow-other-owner"],
    );
    ok(&output);
    assert!(
        stderr(&output).contains("0644") && stderr(&output).contains("0600"),
        "the mode change is announced: {}",
        stderr(&output)
    );
    let after = fs::metadata(&path).expect("stat");
    assert_eq!(after.permissions().mode() & 0o777, 0o600);
    if is_root {
        assert_eq!((after.uid(), after.gid()), (65534, 65534));
    } else {
        assert_eq!(
            (after.uid(), after.gid()),
            (owner_before.uid(), owner_before.gid())
        );
    }
}

#[test]
fn executors_missing_their_required_flag_are_usage_errors_before_any_request() {
    let setup = setup();
    let world = &setup.world;
    for (args, flag) in [
        (vec!["--executor", "docker"], "--docker-image"),
        (vec!["--executor", "docker+machine"], "--docker-image"),
        (
            vec!["--executor", "docker-autoscaler", "--docker-image", "a:1"],
            "--autoscaler-plugin",
        ),
        (vec!["--executor", "instance"], "--autoscaler-plugin"),
        (vec![], "--executor"),
        (
            vec![
                "--executor",
                "instance",
                "--autoscaler-plugin",
                "aws",
                "--autoscaler-idle-time",
                "soon",
            ],
            "--autoscaler-idle-time",
        ),
    ] {
        let output = register(world, TOKEN_A, &args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(flag),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    let output = world
        .runnerctl()
        .args(["register", "--executor", "shell"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--token-stdin"),
        "{}",
        stderr(&output)
    );
    let output = register(world, TOKEN_A, &["--executor", "podman"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(world.gitlab.requests().is_empty());
    assert!(!world.config_file().exists(), "nothing was written");
}

#[test]
fn autoscaler_executors_get_an_autoscaler_table_and_a_policy() {
    let setup = setup();
    let world = &setup.world;
    let path = world.config_file();
    ok(&register(
        world,
        TOKEN_A,
        &[
            "--executor",
            "docker-autoscaler",
            "--docker-image",
            "alpine:3",
            "--autoscaler-plugin",
            "aws:latest",
            "--autoscaler-max-instances",
            "20",
            "--autoscaler-idle-count",
            "2",
            "--autoscaler-idle-time",
            "30m",
        ],
    ));
    let written = text(&path);
    for expected in [
        "[runners.autoscaler]",
        "plugin = \"aws:latest\"",
        "max_instances = 20",
        "[[runners.autoscaler.policy]]",
        "idle_count = 2",
        "idle_time = \"30m\"",
        "image = \"alpine:3\"",
    ] {
        assert!(written.contains(expected), "{expected}: {written}");
    }
    go_decode::assert_gitlab_runner_reads(&path);
}

#[test]
fn a_registration_token_is_refused_and_a_legacy_token_is_accepted_with_a_warning() {
    let setup = setup();
    let world = &setup.world;
    let registration = "GR1348941abcdefghijklmnop";
    let output = register(world, registration, &["--executor", "shell"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("registration token"), "{message}");
    assert!(message.contains("runnerctl create"), "{message}");
    assert!(!message.contains("abcdefghijklmnop"), "{message}");
    assert!(world.gitlab.requests().is_empty());

    let output = register(world, LEGACY_TOKEN, &["--executor", "shell"]);
    let document = ok(&output);
    assert_eq!(document["runner_id"], setup.legacy);
    assert!(stderr(&output).contains("glrt-"), "{}", stderr(&output));
    assert!(stderr(&output).contains("warning"), "{}", stderr(&output));
}

#[test]
fn an_invalid_token_fails_with_403_explained_and_writes_nothing() {
    let setup = setup();
    let world = &setup.world;
    let output = register(world, "glrt-not-known-anywhere", &["--executor", "shell"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("403"), "{}", stderr(&output));
    assert_no_token_text(&output, "glrt-not-known-anywhere");
    // The lock file may exist; config.toml must not.
    assert!(!world.config_file().exists());
}

#[test]
fn register_by_stored_runner_id_uses_the_secret_store() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let world = World::new(fleet);
    let created = world
        .runnerctl()
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .expect("runs");
    let id = ok(&created)["id"].as_u64().expect("id");
    let output = world
        .runnerctl()
        .args([
            "register",
            "--runner",
            &id.to_string(),
            "--executor",
            "shell",
        ])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    let document = ok(&output);
    assert_eq!(document["runner_id"], id);
    assert_eq!(document["action"], "added");
    let token = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").token.clone());
    assert_no_token_text(&output, &token);
    assert!(text(&world.config_file()).contains(&token));

    let output = world
        .runnerctl()
        .args(["register", "--runner", "999999", "--executor", "shell"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("999999"), "{}", stderr(&output));
}

#[test]
fn no_verify_writes_no_id_and_no_expiry_and_sends_nothing() {
    let setup = setup();
    let world = &setup.world;
    let document = ok(&register(
        world,
        TOKEN_A,
        &["--executor", "shell", "--no-verify", "--name", "offline"],
    ));
    assert_eq!(document["verified"], false);
    assert_eq!(document["runner_id"], serde_json::Value::Null);
    let written = text(&world.config_file());
    assert!(!written.contains("  id = "), "{written}");
    assert!(!written.contains("token_expires_at"), "{written}");
    assert!(world.gitlab.requests().is_empty());
}

#[test]
fn twenty_concurrent_registrations_all_land() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let tokens: Vec<String> = (0..20).map(|i| format!("glrt-concurrent-{i:02}")).collect();
    let ids: Vec<u64> = tokens
        .iter()
        .map(|token| fleet.add_runner(fake_gitlab::RunnerSeed::group("team").token(token)))
        .collect();
    let world = World::new(fleet);
    let path = world.config_file();
    fs::write(&path, COMMENTED).expect("write");
    let children: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let mut child = std_command::runnerctl_std(
                world.dir.path(),
                &world.gitlab.url(),
                &world.config_file(),
                &world.secrets_file(),
            )
            .args(["register", "--token-stdin", "--executor", "shell"])
            .args(["--name", &format!("host-{i:02}"), "--format", "json"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn");
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(token.as_bytes())
                .expect("write token");
            child
        })
        .collect();
    for child in children {
        let output = child.wait_with_output().expect("wait");
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(json(&output)["action"], "added");
    }
    let document = ConfigFile::read(&path).expect("valid");
    assert_eq!(document.runners().len(), 20);
    for id in ids {
        assert_eq!(document.find_by_id(id as i64, None).len(), 1, "runner {id}");
    }
    assert!(text(&path).starts_with(COMMENTED));
    if let Some(summary) = go_decode::assert_gitlab_runner_reads(&path) {
        assert_eq!(summary["runners"].as_array().map(Vec::len), Some(20));
    }
}
