//! register's edits at the engine level: what lands in config.toml, and every byte outside
//! the new entry left alone.

#[path = "support/go_decode.rs"]
mod go_decode;

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

use chrono::{DateTime, TimeZone, Utc};
use go_decode::assert_gitlab_runner_reads;
use runnerctl::runner_config::{
    Action, ConfigDocument, ConfigError, ConfigFile, Executor, NEW_CONFIG, Notice, Registered,
    RunnerSpec, RunnerTemplate, Setting, Verification, ensure_system_id, is_valid_system_id,
    read_system_id,
};
use runnerctl::token::RunnerToken;

fn obtained() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .single()
        .expect("valid time")
}

fn shell_spec(name: &str, id: i64, token: &str) -> RunnerSpec {
    let mut spec = RunnerSpec::new(
        Setting::Given(name.to_string()),
        "https://gitlab.example.com",
        RunnerToken::new(token),
        obtained(),
    );
    spec.verification = Some(Verification {
        runner_id: id,
        token_expires_at: None,
    });
    spec.executor = Some(Executor::Shell);
    spec
}

fn register(path: &Path, spec: &RunnerSpec) -> (Registered, bool, Vec<Notice>) {
    let edit = ConfigFile::edit_path(path, |doc| doc.add_or_update_runner(spec))
        .expect("register succeeds");
    (edit.value, edit.written, edit.notices)
}

fn temp_config(content: Option<&str>) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    if let Some(content) = content {
        fs::write(&path, content).expect("write config");
    }
    (dir, path)
}

const SHELL_ENTRY: &str = "\n[[runners]]\n  name = \"host1\"\n  url = \"https://gitlab.example.com\"\n  id = 42\n  token = \"glrt-secret42\"\n  token_obtained_at = 2026-11-23T10:00:00Z\n  token_expires_at = 0001-01-01T00:00:00Z\n  executor = \"shell\"\n";

#[test]
fn register_into_missing_file_writes_gitlab_runner_defaults_and_entry() {
    let (_dir, path) = temp_config(None);
    let (registered, written, notices) = register(&path, &shell_spec("host1", 42, "glrt-secret42"));
    assert_eq!(registered.action, Action::Added);
    assert!(written);
    assert!(notices.iter().any(|n| matches!(n, Notice::Created { .. })));
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(text, format!("{NEW_CONFIG}{SHELL_ENTRY}"));
    assert_eq!(
        fs::metadata(&path).expect("meta").permissions().mode() & 0o777,
        0o600
    );
    if let Some(summary) = assert_gitlab_runner_reads(&path) {
        assert_eq!(summary["concurrent"], 1);
        assert_eq!(summary["runners"][0]["id"], 42);
        assert_eq!(summary["runners"][0]["token_expires_zero"], true);
        assert_eq!(
            summary["runners"][0]["token_obtained_at"],
            "2026-11-23T10:00:00Z"
        );
    }
}

#[test]
fn register_into_empty_file_appends_only_the_entry() {
    let (_dir, path) = temp_config(Some(""));
    register(&path, &shell_spec("host1", 42, "glrt-secret42"));
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(text, SHELL_ENTRY.trim_start());
    assert_gitlab_runner_reads(&path);
}

const WITH_COMMENTS: &str = r#"# Managed by hand. Do not remove this comment.
concurrent = 4   # four at once
check_interval = 3
log_level = "info"
custom_global = "kept"

[session_server]
  session_timeout = 1800

# the build box
[[runners]]
  name = "alpha"   # hand-chosen
  url = "https://gitlab.example.com/"
  id = 7
  token = "glrt-alpha"
  token_obtained_at = 2025-01-01T00:00:00Z
  token_expires_at = 0001-01-01T00:00:00Z
  executor = "docker"
  limit = 2
  unknown_runner_key = { a = 1 }
  [runners.docker]
    image = "alpine:3"
    privileged = true
    fancy = "hand-edited"
  [runners.cache]
    Type = "s3"

[[runners]]
name = "beta"
url = "https://gitlab.example.com"
id = 8
token = "glrt-beta"
executor = "shell"

[[runners]]
  name = "gamma"
  url = "https://other.example.com"
  id = 42
  token = "glrt-gamma"
  executor = "kubernetes"
  [runners.kubernetes]
    namespace = "ci"
# trailing comment
"#;

/// The text with the one new entry cut out must be the original text.
fn assert_only_added(original: &str, new_text: &str, entry_header: &str) {
    let start = new_text.find(entry_header).expect("new entry present");
    let before = &new_text[..start];
    let after_start = new_text[start..]
        .find("# trailing comment")
        .map_or(new_text.len(), |at| start + at);
    let rest = &new_text[after_start..];
    assert_eq!(format!("{before}{rest}").trim_end(), original.trim_end());
}

#[test]
fn register_into_file_with_comments_and_runners_keeps_every_other_byte() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    // Same id as "gamma" but another GitLab: a new entry.
    let (registered, written, _) = register(&path, &shell_spec("host1", 42, "glrt-secret42"));
    assert_eq!(
        registered,
        Registered {
            index: 3,
            action: Action::Added
        }
    );
    assert!(written);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.starts_with(WITH_COMMENTS.trim_end_matches("# trailing comment\n")));
    assert_only_added(WITH_COMMENTS, &text, "\n[[runners]]\n  name = \"host1\"");
    assert!(text.contains(SHELL_ENTRY));
    if let Some(summary) = assert_gitlab_runner_reads(&path) {
        assert_eq!(summary["runners"].as_array().map(Vec::len), Some(4));
    }
}

#[test]
fn register_twice_is_unchanged_and_does_not_touch_the_file() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    let spec = shell_spec("host1", 42, "glrt-secret42");
    register(&path, &spec);
    let before = fs::read(&path).expect("read");
    let mtime = fs::metadata(&path).expect("meta").mtime_nsec();
    let inode = fs::metadata(&path).expect("meta").ino();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let (registered, written, _) = register(&path, &spec);
    assert_eq!(registered.action, Action::Unchanged);
    assert!(!written);
    assert_eq!(fs::read(&path).expect("read"), before);
    assert_eq!(fs::metadata(&path).expect("meta").mtime_nsec(), mtime);
    assert_eq!(fs::metadata(&path).expect("meta").ino(), inode);
}

#[test]
fn update_keeps_position_comments_hand_name_and_hand_edits() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    // Runner 7 again, with the hostname as a default name, a new image and a new token.
    let mut spec = RunnerSpec::new(
        Setting::Default("hostname-default".to_string()),
        "https://gitlab.example.com",
        RunnerToken::new("glrt-alpha-rotated"),
        obtained(),
    );
    spec.verification = Some(Verification {
        runner_id: 7,
        token_expires_at: None,
    });
    spec.docker.image = Some("debian:12".to_string());
    let (registered, written, _) = register(&path, &spec);
    assert_eq!(
        registered,
        Registered {
            index: 0,
            action: Action::Updated
        }
    );
    assert!(written);
    let text = fs::read_to_string(&path).expect("read");
    let expected = WITH_COMMENTS
        .replace("\"glrt-alpha\"", "\"glrt-alpha-rotated\"")
        .replace(
            "token_obtained_at = 2025-01-01T00:00:00Z",
            "token_obtained_at = 2026-11-23T10:00:00Z",
        )
        .replace("image = \"alpine:3\"", "image = \"debian:12\"");
    assert_eq!(text, expected);
    assert_gitlab_runner_reads(&path);

    // The same again changes nothing.
    let (registered, written, _) = register(&path, &spec);
    assert_eq!(registered.action, Action::Unchanged);
    assert!(!written);
}

#[test]
fn update_with_given_name_overwrites_and_without_id_matches_by_token() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    let mut spec = RunnerSpec::new(
        Setting::Given("beta-renamed".to_string()),
        "https://gitlab.example.com",
        RunnerToken::new("glrt-beta"),
        obtained(),
    );
    spec.verification = None;
    let (registered, _, _) = register(&path, &spec);
    assert_eq!(
        registered,
        Registered {
            index: 1,
            action: Action::Updated
        }
    );
    let text = fs::read_to_string(&path).expect("read");
    assert_eq!(
        text,
        WITH_COMMENTS.replace("name = \"beta\"", "name = \"beta-renamed\"")
    );
}

#[test]
fn new_entry_without_executor_is_refused_and_nothing_written() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    let mut spec = shell_spec("host1", 99, "glrt-new");
    spec.executor = None;
    let error = ConfigFile::edit_path(&path, |doc| doc.add_or_update_runner(&spec))
        .expect_err("no executor");
    // The advice to pass --executor is the command layer's hint for this variant.
    assert!(matches!(error, ConfigError::NoExecutor { .. }), "{error}");
    assert!(error.to_string().contains("needs an executor"), "{error}");
    assert_eq!(fs::read_to_string(&path).expect("read"), WITH_COMMENTS);
}

#[test]
fn no_verify_writes_neither_id_nor_expiry() {
    let (_dir, path) = temp_config(None);
    let mut spec = shell_spec("host1", 1, "glrt-unverified");
    spec.verification = None;
    register(&path, &spec);
    let text = fs::read_to_string(&path).expect("read");
    assert!(!text.contains("id ="), "{text}");
    assert!(!text.contains("token_expires_at"), "{text}");
    assert!(text.contains("token_obtained_at = 2026-11-23T10:00:00Z"));
    assert_gitlab_runner_reads(&path);
}

#[test]
fn expiry_is_a_bare_datetime() {
    let (_dir, path) = temp_config(None);
    let mut spec = shell_spec("host1", 5, "glrt-expiring");
    spec.verification = Some(Verification {
        runner_id: 5,
        token_expires_at: Utc.with_ymd_and_hms(2027, 2, 3, 4, 5, 6).single(),
    });
    register(&path, &spec);
    let text = fs::read_to_string(&path).expect("read");
    assert!(
        text.contains("  token_expires_at = 2027-02-03T04:05:06Z\n"),
        "{text}"
    );
    if let Some(summary) = assert_gitlab_runner_reads(&path) {
        assert_eq!(summary["runners"][0]["token_expires_zero"], false);
    }
}

#[test]
fn every_executor_writes_a_table_gitlab_runner_decodes() {
    for executor in Executor::ALL {
        let (_dir, path) = temp_config(None);
        let mut spec = shell_spec("host1", 1, "glrt-x");
        spec.executor = Some(executor);
        spec.docker.image = Some("alpine:3".into());
        spec.kubernetes.namespace = Some("ci".into());
        spec.kubernetes.image = Some("ubuntu:24.04".into());
        spec.autoscaler.plugin = Some("fleeting-plugin-aws".into());
        spec.autoscaler.max_instances = Some(4);
        spec.autoscaler.idle_count = Some(2);
        spec.autoscaler.idle_time = Some("30m".into());
        register(&path, &spec);
        let text = fs::read_to_string(&path).expect("read");
        assert!(
            text.contains(&format!("executor = \"{}\"", executor.name())),
            "{text}"
        );
        let summary = assert_gitlab_runner_reads(&path);
        match executor {
            Executor::Docker | Executor::DockerMachine => {
                assert!(
                    text.contains("  [runners.docker]\n    image = \"alpine:3\"\n"),
                    "{text}"
                );
            }
            Executor::Kubernetes => {
                assert!(text.contains("  [runners.kubernetes]\n    namespace = \"ci\"\n    image = \"ubuntu:24.04\"\n"), "{text}");
            }
            _ => {}
        }
        if executor == Executor::DockerMachine {
            assert!(
                text.contains("  [runners.machine]\n    IdleCount = 0\n"),
                "{text}"
            );
        }
        if executor.uses_autoscaler() {
            assert!(
                text.contains(
                    "  [runners.autoscaler]\n    plugin = \"fleeting-plugin-aws\"\n    max_instances = 4\n"
                ),
                "{text}"
            );
            assert!(
                text.contains(
                    "\n    [[runners.autoscaler.policy]]\n      idle_count = 2\n      idle_time = \"30m\"\n"
                ),
                "{text}"
            );
            if let Some(summary) = &summary {
                assert_eq!(
                    summary["runners"][0]["autoscaler_plugin"],
                    "fleeting-plugin-aws"
                );
                assert_eq!(summary["runners"][0]["idle_time"], "30m0s");
            }
        }
        // Registering the same again is a no-op for every executor.
        let (registered, written, _) = register(&path, &spec);
        assert_eq!(registered.action, Action::Unchanged, "{executor}");
        assert!(!written);
    }
}

#[test]
fn executor_may_be_omitted_on_update_and_flags_still_apply() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    let mut spec = shell_spec("gamma", 42, "glrt-gamma");
    spec.url = "https://other.example.com".into();
    spec.executor = None;
    spec.kubernetes.namespace = Some("ci-2".into());
    let (registered, _, _) = register(&path, &spec);
    assert_eq!(
        registered,
        Registered {
            index: 2,
            action: Action::Updated
        }
    );
    let text = fs::read_to_string(&path).expect("read");
    // gamma had no token_expires_at: verification adds it.
    let expected = WITH_COMMENTS
        .replace("namespace = \"ci\"", "namespace = \"ci-2\"")
        .replace(
            "  executor = \"kubernetes\"\n",
            "  executor = \"kubernetes\"\n  token_expires_at = 0001-01-01T00:00:00Z\n",
        );
    assert_eq!(text, expected);
}

#[test]
fn template_fills_what_flags_leave_empty_and_never_its_token() {
    let dir = tempfile::tempdir().expect("temp dir");
    let template_path = dir.path().join("template.toml");
    fs::write(
        &template_path,
        r#"[[runners]]
  name = "template-name"
  token = "glrt-template-must-not-land"
  id = 999
  limit = 3
  executor = "docker"
  [runners.docker]
    image = "template-image"
    privileged = true
    volumes = ["/cache", "/var/run/docker.sock:/var/run/docker.sock"]
  [runners.cache]
    Type = "s3"
    [runners.cache.s3]
      BucketName = "ci-cache"
"#,
    )
    .expect("write template");
    let template = RunnerTemplate::load(&template_path).expect("template loads");
    let path = dir.path().join("config.toml");
    let mut spec = shell_spec("host1", 42, "glrt-secret42");
    spec.executor = Some(Executor::Docker);
    spec.docker.image = Some("flag-image".into());
    spec.template = Some(template);
    register(&path, &spec);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.contains("name = \"host1\""), "{text}");
    assert!(text.contains("id = 42"), "{text}");
    assert!(!text.contains("999"), "{text}");
    assert!(!text.contains("glrt-template-must-not-land"), "{text}");
    assert!(text.contains("image = \"flag-image\""), "{text}");
    assert!(text.contains("privileged = true"), "{text}");
    assert!(text.contains("limit = 3"), "{text}");
    assert!(text.contains("BucketName = \"ci-cache\""), "{text}");
    assert!(!text.contains("template-image"), "{text}");
    if let Some(summary) = assert_gitlab_runner_reads(&path) {
        assert_eq!(summary["runners"][0]["docker_image"], "flag-image");
    }
    let (registered, _, _) = register(&path, &spec);
    assert_eq!(registered.action, Action::Unchanged);
}

#[test]
fn template_needs_exactly_one_runner() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("template.toml");
    fs::write(
        &path,
        "[[runners]]\nname = \"a\"\n[[runners]]\nname = \"b\"\n",
    )
    .expect("write");
    let error = RunnerTemplate::load(&path).expect_err("two runners");
    assert!(error.to_string().contains("exactly one"), "{error}");
    fs::write(&path, "concurrent = 1\n").expect("write");
    assert!(RunnerTemplate::load(&path).is_err());
}

#[test]
fn remove_takes_exactly_its_entry() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    let edit = ConfigFile::edit_path(&path, |doc| {
        let index = doc.find_by_name("beta");
        assert_eq!(index, [1]);
        doc.remove_runner(1)
    })
    .expect("remove");
    assert_eq!(
        edit.value.and_then(|entry| entry.name),
        Some("beta".to_string())
    );
    let text = fs::read_to_string(&path).expect("read");
    let beta = "\n[[runners]]\nname = \"beta\"\nurl = \"https://gitlab.example.com\"\nid = 8\ntoken = \"glrt-beta\"\nexecutor = \"shell\"\n";
    assert_eq!(text, WITH_COMMENTS.replace(beta, ""));
    assert_gitlab_runner_reads(&path);
}

#[test]
fn runners_view_reads_what_commands_need() {
    let document = ConfigDocument::parse(WITH_COMMENTS, Path::new("config.toml")).expect("valid");
    let entries = document.runners();
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[0].name.as_deref(), Some("alpha"));
    assert_eq!(entries[0].id, Some(7));
    assert_eq!(entries[0].executor.as_deref(), Some("docker"));
    assert_eq!(entries[0].token_expires_at, None);
    assert_eq!(
        entries[0].token.as_ref().map(|token| token.expose()),
        Some("glrt-alpha")
    );
    assert_eq!(
        document.find_by_id(42, Some("https://other.example.com/")),
        [2]
    );
    assert_eq!(
        document.find_by_id(42, Some("https://gitlab.example.com")),
        Vec::<usize>::new()
    );
    assert_eq!(document.find_by_token(&RunnerToken::new("glrt-beta")), [1]);
    // The Debug form of the document must not leak tokens.
    assert!(!format!("{document:?}").contains("glrt-"));
}

#[test]
fn editing_a_0644_file_makes_it_0600_with_a_notice_and_keeps_the_owner() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).expect("chmod");
    let owner = fs::metadata(&path).expect("meta");
    let (_, written, notices) = register(&path, &shell_spec("host1", 42, "glrt-secret42"));
    assert!(written);
    let after = fs::metadata(&path).expect("meta");
    assert_eq!(after.permissions().mode() & 0o777, 0o600);
    assert_eq!((after.uid(), after.gid()), (owner.uid(), owner.gid()));
    let notice = notices
        .iter()
        .find(|n| matches!(n, Notice::ModeTightened { was: 0o644, .. }))
        .expect("mode notice");
    assert!(notice.to_string().contains("0644"));
}

#[test]
fn a_symlink_is_edited_at_its_target_with_a_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let real_dir = dir.path().join("real");
    fs::create_dir(&real_dir).expect("mkdir");
    let target = real_dir.join("config.toml");
    fs::write(&target, WITH_COMMENTS).expect("write");
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink("real/config.toml", &link).expect("symlink");
    let (_, _, notices) = register(&link, &shell_spec("host1", 42, "glrt-secret42"));
    assert!(
        fs::symlink_metadata(&link)
            .expect("meta")
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&target)
            .expect("read")
            .contains("glrt-secret42")
    );
    assert!(real_dir.join("config.toml.lock").exists());
    assert!(
        notices
            .iter()
            .any(|n| matches!(n, Notice::SymlinkFollowed { .. }))
    );
}

#[test]
fn system_id_is_created_once_valid_and_0600() {
    let dir = tempfile::tempdir().expect("temp dir");
    assert_eq!(read_system_id(dir.path()), None);
    assert!(
        !dir.path().join(".runner_system_id").exists(),
        "read-only never creates"
    );
    let id = ensure_system_id(dir.path()).expect("created");
    assert!(is_valid_system_id(&id), "{id}");
    let file = dir.path().join(".runner_system_id");
    assert_eq!(fs::read_to_string(&file).expect("read"), id);
    assert_eq!(
        fs::metadata(&file).expect("meta").permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(ensure_system_id(dir.path()).expect("again"), id);
    assert_eq!(read_system_id(dir.path()), Some(id));

    // A valid hand-written id is never changed; an invalid one is replaced.
    fs::write(&file, "r_handwritten1\n").expect("write");
    assert_eq!(
        ensure_system_id(dir.path()).expect("kept"),
        "r_handwritten1"
    );
    fs::write(&file, "garbage").expect("write");
    let replaced = ensure_system_id(dir.path()).expect("replaced");
    assert!(is_valid_system_id(&replaced));
}

#[test]
fn an_edit_rereads_the_file_changed_after_open() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    let mut file = ConfigFile::open(&path).expect("open");
    // gitlab-runner rotates beta's token between our open and our edit.
    let rotated = WITH_COMMENTS.replace("\"glrt-beta\"", "\"glrt-beta-rotated-by-runner\"");
    fs::write(&path, &rotated).expect("rewrite");
    let edit = file
        .edit(|doc| doc.add_or_update_runner(&shell_spec("host1", 42, "glrt-secret42")))
        .expect("edit");
    assert!(edit.written);
    let text = fs::read_to_string(&path).expect("read");
    assert!(text.starts_with(rotated.trim_end_matches("# trailing comment\n")));
    assert!(text.contains("glrt-beta-rotated-by-runner"));
    // A second edit through the same handle sees its own write and changes nothing.
    let again = file
        .edit(|doc| doc.add_or_update_runner(&shell_spec("host1", 42, "glrt-secret42")))
        .expect("edit");
    assert!(!again.written);
    assert_eq!(again.value.action, Action::Unchanged);
}

#[test]
fn edits_that_cancel_out_do_not_write() {
    let (_dir, path) = temp_config(Some(WITH_COMMENTS));
    let mtime = fs::metadata(&path).expect("meta").mtime_nsec();
    let edit = ConfigFile::edit_path(&path, |doc| {
        let added = doc.add_or_update_runner(&shell_spec("host1", 42, "glrt-secret42"))?;
        doc.remove_runner(added.index)
    })
    .expect("edit");
    assert!(!edit.written);
    assert_eq!(fs::read_to_string(&path).expect("read"), WITH_COMMENTS);
    assert_eq!(fs::metadata(&path).expect("meta").mtime_nsec(), mtime);
}
