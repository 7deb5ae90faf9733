//! `status`, `start`, `stop`, `restart` with stub `systemctl` and `gitlab-runner` scripts first
//! on PATH, in both branches of the service rule.

mod support;
#[path = "support/system.rs"]
mod system;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use fake_gitlab::RunnerSeed;
use support::*;

const TOKEN: &str = "glrt-servicessssssssssssss";

const SYSTEMCTL: &str = r#"#!/bin/sh
echo "systemctl $*" >> "$STUB_STATE/log"
case "$1" in
  show) cat "$STUB_STATE/loadstate" ;;
  is-active) [ -f "$STUB_STATE/running" ] ;;
  start|restart) touch "$STUB_STATE/running" ;;
  stop) rm -f "$STUB_STATE/running" ;;
  *) exit 3 ;;
esac
"#;

const GITLAB_RUNNER: &str = r#"#!/bin/sh
echo "gitlab-runner $*" >> "$STUB_STATE/log"
case "$1" in
  status) [ -f "$STUB_STATE/running" ] ;;
  start|restart) touch "$STUB_STATE/running" ;;
  stop) rm -f "$STUB_STATE/running" ;;
  *) exit 3 ;;
esac
"#;

/// A world, and stubs whose state lives in files: `loadstate` (systemd's LoadState) and
/// `running`; every call is appended to `log`.
struct Stubs {
    world: World,
    runner: u64,
    /// systemctl and gitlab-runner.
    both: PathBuf,
    /// systemctl only: gitlab-runner is not installed.
    systemctl_only: PathBuf,
    state: PathBuf,
}

fn write_script(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    fs::write(&path, text).expect("write stub");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
}

fn stubs() -> Stubs {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let runner = fleet.add_runner(RunnerSeed::group("team").token(TOKEN));
    let world = World::new(fleet);
    let both = world.path("bin-both");
    let systemctl_only = world.path("bin-systemctl");
    let state = world.path("stub-state");
    for dir in [&both, &systemctl_only, &state] {
        fs::create_dir(dir).expect("mkdir");
    }
    write_script(&both, "systemctl", SYSTEMCTL);
    write_script(&both, "gitlab-runner", GITLAB_RUNNER);
    write_script(&systemctl_only, "systemctl", SYSTEMCTL);
    fs::write(state.join("loadstate"), "loaded\n").expect("write");
    Stubs {
        world,
        runner,
        both,
        systemctl_only,
        state,
    }
}

impl Stubs {
    fn command(&self, manager: &str, bin: &Path, token: Option<&str>) -> assert_cmd::Command {
        let mut command = self.world.runnerctl_with_token(token);
        command
            .env("PATH", format!("{}:/usr/bin:/bin", bin.display()))
            .env("STUB_STATE", &self.state)
            .env("RUNNERCTL_SERVICE_MANAGER", manager);
        command
    }

    fn set_running(&self, running: bool) {
        let path = self.state.join("running");
        if running {
            fs::write(path, "").expect("write");
        } else {
            let _ = fs::remove_file(path);
        }
    }

    fn log(&self) -> String {
        fs::read_to_string(self.state.join("log")).unwrap_or_default()
    }

    fn status(&self, manager: &str, bin: &Path) -> serde_json::Value {
        let output = self
            .command(manager, bin, Some(ADMIN_TOKEN))
            .args(["status", "--format", "json"])
            .output()
            .expect("runs");
        assert!(output.status.success(), "{}", stderr(&output));
        assert_no_token_text(&output, TOKEN);
        json(&output)
    }
}

#[test]
fn status_json_is_exactly_the_contract_shape() {
    let stubs = stubs();
    let world = &stubs.world;
    let output = world
        .runnerctl()
        .args([
            "register",
            "--token-stdin",
            "--executor",
            "shell",
            "--name",
            "host1",
        ])
        .write_stdin(TOKEN)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    stubs.set_running(true);
    let document = stubs.status("systemd", &stubs.both);
    assert_eq!(
        document,
        serde_json::json!({
            "config": world.config_file().display().to_string(),
            "service": {"manager": "systemd", "state": "running"},
            "entries": [{
                "index": 0,
                "name": "host1",
                "runner_id": stubs.runner,
                "url": world.gitlab.url(),
                "executor": "shell",
                "contact_state": "online",
            }],
        })
    );

    // Without an API token GitLab cannot be asked: the state is unknown.
    let output = stubs
        .command("systemd", &stubs.both, None)
        .args(["status", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json(&output)["entries"][0]["contact_state"],
        serde_json::Value::Null
    );

    // The human form says the same.
    let output = stubs
        .command("systemd", &stubs.both, Some(ADMIN_TOKEN))
        .arg("status")
        .output()
        .expect("runs");
    let text = stdout(&output);
    assert!(text.contains("running (systemd)"), "{text}");
    assert!(text.contains("host1") && text.contains("online"), "{text}");
}

#[test]
fn status_reports_every_service_state_under_both_managers() {
    let stubs = stubs();
    let service = |manager: &str, bin: &Path| stubs.status(manager, bin)["service"].clone();
    let expect =
        |manager: &str, state: &str| serde_json::json!({"manager": manager, "state": state});

    stubs.set_running(true);
    assert_eq!(
        service("systemd", &stubs.both),
        expect("systemd", "running")
    );
    assert_eq!(
        service("gitlab-runner", &stubs.both),
        expect("gitlab-runner", "running")
    );
    stubs.set_running(false);
    assert_eq!(
        service("systemd", &stubs.both),
        expect("systemd", "stopped")
    );
    assert_eq!(
        service("gitlab-runner", &stubs.both),
        expect("gitlab-runner", "stopped")
    );
    fs::write(stubs.state.join("loadstate"), "not-found\n").expect("write");
    assert_eq!(
        service("systemd", &stubs.both),
        expect("systemd", "not_installed")
    );
    assert_eq!(
        service("gitlab-runner", &stubs.systemctl_only),
        expect("gitlab-runner", "not_installed")
    );
    // No config.toml: no entries, still a status.
    assert_eq!(
        stubs.status("systemd", &stubs.both)["entries"],
        serde_json::json!([])
    );
    assert!(
        stubs
            .log()
            .contains("systemctl show --property=LoadState --value gitlab-runner")
    );
    assert!(stubs.log().contains("gitlab-runner status"));
}

#[test]
fn start_stop_restart_drive_the_detected_manager() {
    let stubs = stubs();
    for (manager, expected) in [
        (
            "systemd",
            [
                "systemctl start gitlab-runner",
                "systemctl stop gitlab-runner",
                "systemctl restart gitlab-runner",
            ],
        ),
        (
            "gitlab-runner",
            [
                "gitlab-runner start",
                "gitlab-runner stop",
                "gitlab-runner restart",
            ],
        ),
    ] {
        for (action, call) in ["start", "stop", "restart"].iter().zip(expected) {
            let output = stubs
                .command(manager, &stubs.both, Some(ADMIN_TOKEN))
                .args([*action, "--format", "json"])
                .output()
                .expect("runs");
            assert!(
                output.status.success(),
                "{manager} {action}: {}",
                stderr(&output)
            );
            assert_eq!(
                json(&output),
                serde_json::json!({"action": action, "manager": manager})
            );
            assert!(
                stubs.log().lines().any(|line| line == call),
                "{call}: {}",
                stubs.log()
            );
        }
        // Stopped, then restarted: the state follows the calls.
        assert_eq!(
            stubs.status(manager, &stubs.both)["service"]["state"],
            "running"
        );
    }
}

#[test]
fn start_fails_clearly_when_the_service_is_not_installed_or_unknown() {
    let stubs = stubs();
    fs::write(stubs.state.join("loadstate"), "not-found\n").expect("write");
    let output = stubs
        .command("systemd", &stubs.both, None)
        .arg("start")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not installed"),
        "{}",
        stderr(&output)
    );
    assert!(!stubs.log().contains("systemctl start"));

    let output = stubs
        .command("gitlab-runner", &stubs.systemctl_only, None)
        .arg("stop")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not installed"),
        "{}",
        stderr(&output)
    );

    let output = stubs
        .command("upstart", &stubs.both, None)
        .arg("status")
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("RUNNERCTL_SERVICE_MANAGER"));
}

#[test]
fn start_as_an_unprivileged_user_says_root_is_needed() {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        // Already unprivileged: run it directly.
        let stubs = stubs();
        let output = stubs
            .command("systemd", &stubs.both, None)
            .arg("start")
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1));
        assert!(stderr(&output).contains("root"), "{}", stderr(&output));
        return;
    }
    if let Err(reason) = system::have_program("setpriv") {
        system::require_or_skip("setpriv", &reason);
        return;
    }
    let stubs = stubs();
    for dir in [stubs.world.dir.path(), &stubs.both, &stubs.state] {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o777)).expect("chmod");
    }
    let output = std::process::Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(env!("CARGO_BIN_EXE_runnerctl"))
        .arg("start")
        .env_clear()
        .env("PATH", format!("{}:/usr/bin:/bin", stubs.both.display()))
        .env("STUB_STATE", &stubs.state)
        .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
        .env("HOME", stubs.world.dir.path())
        .output()
        .expect("setpriv runs");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("needs root"),
        "{}",
        stderr(&output)
    );
    assert!(!stubs.log().contains("systemctl start"));
}

/// Dumps its environment, then answers as a running, installed service.
const ENV_DUMPING_STUB: &str = r#"#!/bin/sh
env > "$STUB_STATE/env-$(basename "$0")-$1"
case "$1" in
  show) echo loaded ;;
  *) exit 0 ;;
esac
"#;

#[test]
fn child_processes_get_no_secret_variables() {
    let stubs = stubs();
    let bin = stubs.world.path("bin-env");
    fs::create_dir(&bin).expect("mkdir");
    write_script(&bin, "systemctl", ENV_DUMPING_STUB);
    write_script(&bin, "gitlab-runner", ENV_DUMPING_STUB);
    let secrets = [
        ("GITLAB_TOKEN", "glpat-child-env-secret"),
        ("FOO_SECRET", "foo-child-env-secret"),
        ("my_password", "password-child-env-secret"),
        ("X_PRIVATE_KEY", "key-child-env-secret"),
    ];
    for manager in ["systemd", "gitlab-runner"] {
        for action in ["status", "start"] {
            let mut command = stubs.command(manager, &bin, None);
            for (name, value) in secrets {
                command.env(name, value);
            }
            // start needs root; as anyone else it stops after the status calls, which is
            // enough to see what the children get.
            let output = command
                .args([action, "--format", "json"])
                .output()
                .expect("runs");
            assert!(
                output.status.code().is_some(),
                "{manager} {action}: {}",
                stderr(&output)
            );
        }
    }
    let dumps: Vec<_> = fs::read_dir(&stubs.state)
        .expect("state dir")
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with("env-"))
        .collect();
    assert!(
        dumps.len() >= 3,
        "the stubs were not run: {:?}",
        dumps.iter().map(|d| d.file_name()).collect::<Vec<_>>()
    );
    for dump in dumps {
        let text = fs::read_to_string(dump.path()).expect("read dump");
        for (name, value) in secrets {
            assert!(
                !text.contains(value)
                    && !text
                        .lines()
                        .any(|line| line.starts_with(&format!("{name}="))),
                "{name} reached {:?}:\n{text}",
                dump.file_name()
            );
        }
        assert!(text.lines().any(|line| line.starts_with("PATH=")), "{text}");
        assert!(text.lines().any(|line| line.starts_with("HOME=")), "{text}");
    }
}
