//! The Gitea/Forgejo commands on the runner's host that need no server: `register` from the
//! store and from `--credentials-stdin`, `unregister`, `status`, `token show`, and
//! `start`/`stop`/`restart`, through the binary. `GITEA_URL` points at a port nothing listens
//! on: none of these may contact the server.

mod support;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use runnerctl::forge_kind::ForgeKind;
use runnerctl::instance_url::InstanceUrl;
use runnerctl::ops::gitea::credentials::RunnerCredentials;
use runnerctl::runner_file::{Registration, RunnerFileKind, render};
use runnerctl::token::RunnerToken;
use support::{assert_no_token_text, json, runnerctl_in, stderr, stdout};

const URL: &str = "http://127.0.0.1:9";
const API_TOKEN: &str = "f00dfeedf00dfeedf00dfeedf00dfeedf00dfeed";
const TOKEN: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

/// systemctl answering per unit: LoadState from `loadstate-UNIT` (absent: not-found),
/// active while `running-UNIT` exists; every call goes to `log`.
const SYSTEMCTL: &str = r#"#!/bin/sh
echo "systemctl $*" >> "$STUB_STATE/log"
case "$1" in
  show) cat "$STUB_STATE/loadstate-$4" 2>/dev/null || echo not-found ;;
  is-active) [ -f "$STUB_STATE/running-$3" ] ;;
  start|restart) touch "$STUB_STATE/running-$2" ;;
  stop) rm -f "$STUB_STATE/running-$2" ;;
  *) exit 3 ;;
esac
"#;

struct Host {
    dir: tempfile::TempDir,
}

impl Host {
    fn new() -> Host {
        let host = Host {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for sub in ["bin", "state"] {
            fs::create_dir(host.path(sub)).expect("mkdir");
        }
        let stub = host.path("bin").join("systemctl");
        fs::write(&stub, SYSTEMCTL).expect("write stub");
        fs::set_permissions(&stub, fs::Permissions::from_mode(0o755)).expect("chmod");
        host
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn runner_file(&self) -> PathBuf {
        self.path(".runner")
    }

    fn install(&self, unit: &str) {
        fs::write(
            self.path("state").join(format!("loadstate-{unit}")),
            "loaded\n",
        )
        .expect("w");
    }

    fn log(&self) -> String {
        fs::read_to_string(self.path("state").join("log")).unwrap_or_default()
    }

    /// runnerctl as the acceptance tests run it on a Gitea host (the forge given, since the
    /// server that would tell is not there).
    fn runnerctl(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command = runnerctl_in(self.dir.path());
        command
            .env("GITEA_URL", URL)
            .env("GITEA_TOKEN", API_TOKEN)
            .env("RUNNERCTL_FORGE", "gitea")
            .env(
                "RUNNERCTL_KEYRING",
                format!("file:{}", self.path("secrets").display()),
            )
            .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
            .env("STUB_STATE", self.path("state"))
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", self.path("bin").display()),
            )
            .arg("--runner-file")
            .arg(self.runner_file())
            .args(args);
        command
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> std::process::Output {
        let mut command = self.runnerctl(args);
        if let Some(stdin) = stdin {
            command.write_stdin(stdin.to_string());
        }
        let output = command.output().expect("runnerctl runs");
        assert_no_token_text(&output, API_TOKEN);
        output
    }

    fn store(&self, credentials: &RunnerCredentials) {
        let spec = format!("file:{}", self.path("secrets").display());
        let store = runnerctl::secrets::SecretStore::open(&spec).expect("store opens");
        credentials.store(&store).expect("stored");
    }
}

fn credentials(forge: ForgeKind, url: &str) -> RunnerCredentials {
    RunnerCredentials {
        runner_id: 17,
        forge,
        url: InstanceUrl::parse(url).expect("url"),
        name: "build-01".into(),
        token: RunnerToken::new(TOKEN),
        uuid: "2f7c4c55-8d2f-4c65-9d73-4b0e2c3a1f00".into(),
        labels: vec!["ubuntu-latest:docker://node:20".into(), "gpu".into()],
        scope: Some("org:team".into()),
    }
}

/// The bytes the runner itself writes for these credentials.
fn runner_bytes(credentials: &RunnerCredentials, kind: RunnerFileKind) -> String {
    let registration = Registration {
        id: credentials.runner_id,
        uuid: credentials.uuid.clone(),
        name: credentials.name.clone(),
        token: credentials.token.clone(),
        address: credentials.url.as_str().to_string(),
        labels: credentials.labels.clone(),
        ephemeral: (kind == RunnerFileKind::Gitea).then_some(false),
    };
    render(&registration, kind, None)
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[test]
fn credentials_stdin_writes_the_runners_file_once() {
    let host = Host::new();
    let document = credentials(ForgeKind::Gitea, URL).to_json();
    let args = ["register", "--credentials-stdin", "--format", "json"];
    let output = host.run(&args, Some(&document));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN);
    let path = host.runner_file().display().to_string();
    assert_eq!(
        json(&output),
        serde_json::json!({
            "runner_id": 17, "name": "build-01", "config": path, "files": [path],
            "action": "added", "verified": false, "forge": "gitea",
        })
    );
    let expected = runner_bytes(&credentials(ForgeKind::Gitea, URL), RunnerFileKind::Gitea);
    assert_eq!(fs::read_to_string(host.runner_file()).unwrap(), expected);
    assert_eq!(mode(&host.runner_file()), 0o600);
    let written = fs::metadata(host.runner_file())
        .unwrap()
        .modified()
        .unwrap();

    std::thread::sleep(std::time::Duration::from_millis(20));
    let output = host.run(&args, Some(&document));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["action"], "unchanged");
    assert_eq!(json(&output)["files"], serde_json::json!([]));
    let again = fs::metadata(host.runner_file())
        .unwrap()
        .modified()
        .unwrap();
    assert_eq!(written, again, "the file was not touched");

    // Human mode names the file on stderr, and still shows no token.
    let output = host.run(&["register", "--credentials-stdin"], Some(&document));
    assert!(stderr(&output).contains(&path), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("already registered"),
        "{}",
        stdout(&output)
    );
    assert_no_token_text(&output, TOKEN);
}

#[test]
fn a_stored_runner_registers_and_its_token_is_shown_only_by_token_show() {
    let host = Host::new();
    let stored = credentials(ForgeKind::Gitea, URL);
    host.store(&stored);

    let output = host.run(&["token", "show", "17", "--format", "json"], None);
    assert!(output.status.success(), "{}", stderr(&output));
    let expected: serde_json::Value = serde_json::from_str(&stored.to_json()).unwrap();
    assert_eq!(json(&output), expected);
    for key in [
        "runner_id",
        "forge",
        "url",
        "name",
        "token",
        "uuid",
        "labels",
    ] {
        assert!(expected.get(key).is_some(), "{key}");
    }
    assert!(!stderr(&output).contains(TOKEN));
    let output = host.run(&["token", "show", "17"], None);
    assert_eq!(stdout(&output), format!("{TOKEN}\n"));
    assert!(!stderr(&output).contains(TOKEN));

    let output = host.run(&["register", "--runner", "17", "--format", "json"], None);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN);
    assert_eq!(json(&output)["action"], "added");
    let expected = runner_bytes(&stored, RunnerFileKind::Gitea);
    assert_eq!(fs::read_to_string(host.runner_file()).unwrap(), expected);

    let output = host.run(&["register", "--runner", "99"], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("no credentials for runner 99"),
        "{}",
        stderr(&output)
    );
    let output = host.run(&["token", "show", "99"], None);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
}

#[test]
fn a_running_runners_lock_stops_register_and_names_the_service() {
    let host = Host::new();
    host.install("act_runner");
    let first = credentials(ForgeKind::Gitea, URL).to_json();
    let output = host.run(&["register", "--credentials-stdin"], Some(&first));
    assert!(output.status.success(), "{}", stderr(&output));
    let before = fs::read(host.runner_file()).unwrap();

    // The runner's daemon holds `<file>.lock` for as long as it runs.
    let lock = fs::File::open(host.path(".runner.lock")).expect("lock file exists");
    lock.lock().expect("flock");
    let mut other = credentials(ForgeKind::Gitea, URL);
    other.runner_id = 18;
    let output = host.run(&["register", "--credentials-stdin"], Some(&other.to_json()));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("in use"), "{text}");
    assert!(text.contains("systemctl stop act_runner"), "{text}");
    assert_no_token_text(&output, TOKEN);
    assert_eq!(fs::read(host.runner_file()).unwrap(), before);

    let output = host.run(&["status", "--format", "json"], None);
    assert_eq!(json(&output)["in_use"], true, "{}", stderr(&output));
    drop(lock);
    let output = host.run(&["status", "--format", "json"], None);
    assert_eq!(json(&output)["in_use"], false);
}

#[test]
fn an_unparseable_file_is_named_with_its_place_and_left_alone() {
    let host = Host::new();
    let broken = "{\n  \"id\": 1,\n  oops\n}\n";
    fs::write(host.runner_file(), broken).unwrap();
    let document = credentials(ForgeKind::Gitea, URL).to_json();
    for args in [
        &["register", "--credentials-stdin"][..],
        &["status"][..],
        &["unregister", "--all"][..],
    ] {
        let output = host.run(args, Some(&document));
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        let text = stderr(&output);
        assert!(
            text.contains(&host.runner_file().display().to_string()),
            "{text}"
        );
        assert!(text.contains("line 3, column"), "{text}");
        assert_eq!(fs::read_to_string(host.runner_file()).unwrap(), broken);
    }
}

#[test]
fn status_shows_the_registration_and_the_installed_unit() {
    let host = Host::new();
    let output = host.run(&["status", "--format", "json"], None);
    assert!(output.status.success(), "{}", stderr(&output));
    let path = host.runner_file().display().to_string();
    assert_eq!(
        json(&output),
        serde_json::json!({
            "config": path, "forge": "gitea", "in_use": false,
            "service": {"manager": "systemd", "state": "not_installed", "unit": null},
            "entries": [],
        })
    );

    let document = credentials(ForgeKind::Gitea, URL).to_json();
    let output = host.run(&["register", "--credentials-stdin"], Some(&document));
    assert!(output.status.success(), "{}", stderr(&output));
    host.install("forgejo-runner");
    fs::write(host.path("state").join("running-forgejo-runner"), "").unwrap();
    let output = host.run(&["status", "--format", "json"], None);
    assert_no_token_text(&output, TOKEN);
    assert_eq!(
        json(&output),
        serde_json::json!({
            "config": path, "forge": "gitea", "in_use": false,
            "service": {"manager": "systemd", "state": "running", "unit": "forgejo-runner"},
            "entries": [{
                "index": 0, "name": "build-01", "runner_id": 17, "url": URL,
                "executor": null, "labels": ["ubuntu-latest:docker://node:20", "gpu"],
                "contact_state": null,
            }],
        })
    );
    let output = host.run(&["status"], None);
    assert!(
        stdout(&output).contains("running (forgejo-runner, systemd)"),
        "{}",
        stdout(&output)
    );
    assert_no_token_text(&output, TOKEN);
}

#[test]
fn unregister_plans_then_removes_only_the_selected_runner() {
    let host = Host::new();
    let document = credentials(ForgeKind::Gitea, URL).to_json();
    let output = host.run(&["register", "--credentials-stdin"], Some(&document));
    assert!(output.status.success(), "{}", stderr(&output));

    let output = host.run(&["unregister", "--runner", "5", "--format", "json"], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = host.run(
        &[
            "unregister",
            "--name",
            "build-01",
            "--dry-run",
            "--format",
            "json",
        ],
        None,
    );
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["results"][0]["action"], "planned");
    assert!(host.runner_file().exists());

    let output = host.run(&["unregister", "--runner", "17", "--format", "json"], None);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN);
    assert_eq!(
        json(&output),
        serde_json::json!({"results": [
            {"runner_id": 17, "name": "build-01", "action": "deleted", "reason": null}
        ]})
    );
    assert!(!host.runner_file().exists());
    let output = host.run(&["unregister", "--all"], None);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nothing to unregister"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn start_stop_restart_drive_the_installed_unit() {
    let host = Host::new();
    let output = host.run(&["start"], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("gitea-runner, act_runner, forgejo-runner"));
    assert!(!host.log().contains("systemctl start"));

    host.install("act_runner");
    for action in ["start", "stop", "restart"] {
        let output = host.run(&[action, "--format", "json"], None);
        assert!(output.status.success(), "{action}: {}", stderr(&output));
        assert_eq!(
            json(&output),
            serde_json::json!({"action": action, "manager": "systemd", "unit": "act_runner", "forge": "gitea"})
        );
        let call = format!("systemctl {action} act_runner");
        assert!(
            host.log().lines().any(|line| line == call),
            "{}",
            host.log()
        );
    }
}

#[test]
fn what_the_server_refuses_or_gitlab_needs_writes_nothing() {
    let host = Host::new();
    let document = credentials(ForgeKind::Gitea, URL).to_json();
    // A dry run shows the file with the token redacted, and writes nothing.
    let args = [
        "register",
        "--credentials-stdin",
        "--dry-run",
        "--format",
        "json",
    ];
    let output = host.run(&args, Some(&document));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN);
    assert_eq!(json(&output)["dry_run"], true);
    assert!(
        json(&output)["diff"]
            .as_str()
            .unwrap()
            .contains("\"build-01\"")
    );
    assert!(!host.runner_file().exists() && !host.path(".runner.lock").exists());

    let output = host.run(
        &["register", "--credentials-stdin", "--executor", "shell"],
        Some(&document),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--executor") && stderr(&output).contains("Gitea"));

    let output = host.run(
        &["register", "--credentials-stdin", "--verify"],
        Some(&document),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // Nothing answers at URL: the server half fails, and nothing is written.
    assert!(!host.runner_file().exists(), "{}", stderr(&output));
    let output = host.run(
        &["register", "--token-stdin"],
        Some("registration-secret-0123"),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    // Nothing answers at URL: the server half fails, and nothing is written.
    assert!(!host.runner_file().exists(), "{}", stderr(&output));
    assert_no_token_text(&output, "registration-secret-0123");
    assert!(!host.runner_file().exists());

    let output = host.run(&["register", "--credentials-stdin"], Some("not json"));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let forgejo = credentials(ForgeKind::Forgejo, URL).to_json();
    let output = host.run(&["register", "--credentials-stdin"], Some(&forgejo));
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("Forgejo runner"),
        "{}",
        stderr(&output)
    );
    assert!(!host.runner_file().exists());

    // Written first; --delete-runner without a stored scope or a scope flag is exit 2 naming
    // the flags, and with one it stops at the unreachable server: the file stays either way.
    host.run(&["register", "--credentials-stdin"], Some(&document));
    let output = host.run(&["unregister", "--all", "--delete-runner"], None);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("-g ORG"), "{}", stderr(&output));
    assert!(host.runner_file().exists());
    let output = host.run(&["unregister", "--all", "--delete-runner", "--user"], None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(host.runner_file().exists());
}

#[test]
fn forgejo_gets_its_runners_layout_and_credentials_keep_their_own_url() {
    let host = Host::new();
    let elsewhere = "http://127.0.0.1:10";
    let document = credentials(ForgeKind::Forgejo, elsewhere).to_json();
    let output = host
        .runnerctl(&["register", "--credentials-stdin", "--format", "json"])
        .env_remove("GITEA_URL")
        .env_remove("RUNNERCTL_FORGE")
        .env("FORGEJO_URL", URL)
        .write_stdin(document)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN);
    assert_eq!(json(&output)["forge"], "forgejo");
    assert!(stderr(&output).contains(elsewhere), "{}", stderr(&output));
    let expected = runner_bytes(
        &credentials(ForgeKind::Forgejo, elsewhere),
        RunnerFileKind::Forgejo,
    );
    assert_eq!(fs::read_to_string(host.runner_file()).unwrap(), expected);
    assert!(!expected.contains("ephemeral"));
}

/// The issue's hand-over: `token show ID --format json | ssh HOST sudo runnerctl register
/// --credentials-stdin` on a host with no forge variable, no saved login and no `--forge`: the
/// piped document names its forge and URL, and no request is sent to find out.
#[test]
fn piped_credentials_name_their_forge_on_a_host_that_knows_none() {
    let host = Host::new();
    let document = credentials(ForgeKind::Forgejo, URL).to_json();
    let output = runnerctl_in(host.dir.path())
        .env(
            "RUNNERCTL_KEYRING",
            format!("file:{}", host.path("secrets").display()),
        )
        .arg("--runner-file")
        .arg(host.runner_file())
        .args(["register", "--credentials-stdin", "--format", "json"])
        .write_stdin(document)
        .output()
        .expect("runnerctl runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_no_token_text(&output, TOKEN);
    assert_eq!(json(&output)["forge"], "forgejo");
    let expected = runner_bytes(
        &credentials(ForgeKind::Forgejo, URL),
        RunnerFileKind::Forgejo,
    );
    assert_eq!(fs::read_to_string(host.runner_file()).unwrap(), expected);
    assert_eq!(mode(&host.runner_file()), 0o600);
}
