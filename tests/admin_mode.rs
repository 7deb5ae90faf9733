//! GitLab's Admin Mode and orphaned runners: an administrator's token without the `admin_mode`
//! scope is told that scope is the fix, and an orphaned runner is named as such, not as a bad
//! token.

mod support;

use std::os::unix::fs::PermissionsExt;

use fake_gitlab::{RunnerSeed, TokenSeed};
use serde_json::{Value, json};
use support::*;

const ADMIN_MODE_TOKEN: &str = "glpat-admin-with-admin-mode";

fn admin_mode_fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.admin_mode = true;
    fleet.add_token(
        "root",
        TokenSeed::new(ADMIN_MODE_TOKEN, &["api", "admin_mode"]),
    );
    fleet.add_project("team/app");
    // A runner that contacted GitLab 16.0+ did so through a runner manager (its host).
    fleet.add_runner(
        RunnerSeed::group("team")
            .contacted_ago("1m")
            .manager("host-1", "1m"),
    );
    fleet
}

fn findings(document: &Value) -> Vec<Value> {
    document["findings"].as_array().cloned().unwrap_or_default()
}

#[test]
fn doctor_names_the_admin_mode_scope_for_an_administrator_without_it() {
    let world = World::new(admin_mode_fleet());
    for args in [&["-g", "team"][..], &["--runner", "1"][..]] {
        let output = world
            .runnerctl()
            .env_remove("CONFIG_FILE")
            .arg("doctor")
            .args(args)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let document = json(&output);
        let all = findings(&document);
        assert_eq!(all.len(), 1, "{args:?}: {document:#}");
        assert_eq!(all[0]["id"], "gitlab.auth_failed");
        assert_eq!(
            all[0]["evidence"],
            json!({"status": 403, "needed_scope": "admin_mode"})
        );
        assert!(
            all[0]["fix"]
                .as_str()
                .unwrap_or_default()
                .contains("admin_mode"),
            "{document:#}"
        );
    }
}

#[test]
fn doctor_with_the_admin_mode_scope_reads_as_an_administrator() {
    let world = World::new(admin_mode_fleet());
    let output = world
        .runnerctl_with_token(Some(ADMIN_MODE_TOKEN))
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(findings(&json(&output)), Vec::<Value>::new());
}

#[test]
fn listing_every_runner_names_the_admin_mode_scope() {
    let world = World::new(admin_mode_fleet());
    let output = world.runnerctl().args(["list", "--all"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("admin_mode"), "{text}");
    assert!(text.contains("Admin Mode"), "{text}");

    let output = world
        .runnerctl_with_token(Some(ADMIN_MODE_TOKEN))
        .args(["list", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["runners"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_maintainer_refused_every_runner_is_not_told_about_admin_mode() {
    let world = World::new(admin_mode_fleet());
    let output = world
        .runnerctl_with_token(Some(MAINTAINER_TOKEN))
        .args(["list", "--all"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        !stderr(&output).contains("admin_mode"),
        "{}",
        stderr(&output)
    );
}

const ORPHAN_TOKEN: &str = "glrt-orphaned-runner-0000";

fn orphan_fleet(reject_orphaned_runners: bool) -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let id = fleet.add_runner(RunnerSeed::project("team/app").token(ORPHAN_TOKEN));
    fleet.orphan_runner(id);
    fleet.reject_orphaned_runners = reject_orphaned_runners;
    fleet
}

#[test]
fn register_names_an_orphaned_runner_whatever_the_version_answers() {
    // 403 with the reject_orphaned_runners flag, 422 without (lib/api/ci/runner.rb).
    for reject in [true, false] {
        let world = World::new(orphan_fleet(reject));
        let output = world
            .runnerctl()
            .args(["register", "--token-stdin", "--executor", "shell"])
            .write_stdin(format!("{ORPHAN_TOKEN}\n"))
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let text = stderr(&output);
        assert!(text.contains("orphaned"), "reject={reject}: {text}");
        assert!(
            !text.contains("may have been reset"),
            "reject={reject}: {text}"
        );
        assert!(!world.config_file().exists(), "nothing written");
        assert_no_token_text(&output, ORPHAN_TOKEN);
    }
}

#[test]
fn doctor_verify_tokens_names_an_orphaned_runner() {
    for reject in [true, false] {
        let world = World::new(orphan_fleet(reject));
        let config = world.config_file();
        std::fs::write(
            &config,
            format!(
                "concurrent = 1\n\n[[runners]]\n  name = \"orphan\"\n  url = \"{}\"\n  \
                 token = \"{ORPHAN_TOKEN}\"\n  executor = \"shell\"\n",
                world.gitlab.url()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(world.path(".runner_system_id"), "s_0123456789ab\n").unwrap();
        let output = world
            .runnerctl()
            .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
            .args(["doctor", "--verify-tokens", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let document = json(&output);
        let rejected: Vec<Value> = findings(&document)
            .into_iter()
            .filter(|f| f["id"] == "config.token_rejected")
            .collect();
        assert_eq!(rejected.len(), 1, "reject={reject}: {document:#}");
        assert_eq!(rejected[0]["evidence"]["reason"], "orphaned");
        let summary = rejected[0]["summary"].as_str().unwrap_or_default();
        assert!(summary.contains("orphaned"), "{summary}");
        assert!(!summary.contains("was reset"), "{summary}");
        assert_no_token_text(&output, ORPHAN_TOKEN);
    }
}

#[test]
fn changing_a_runner_names_the_admin_mode_scope_for_an_administrator_without_it() {
    // Admin Mode treats the administrator as a regular user, who may not change a group
    // runner of a group they are not a member of: GitLab answers a bare 403 (lib/api/ci/runners.rb
    // `authenticate_update_runner!`, `authenticate_delete_runner!`), whatever the route.
    let world = World::new(admin_mode_fleet());
    let commands: [&[&str]; 3] = [
        &["pause", "1"],
        &["update", "1", "--add-tag", "gpu"],
        &["rotate", "1", "--force"],
    ];
    for args in commands {
        let output = world.runnerctl().args(args).output().unwrap();
        let text = stderr(&output);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {text} {}",
            String::from_utf8_lossy(&output.stdout)
        );
        assert!(text.contains("admin_mode"), "{args:?}: {text}");
    }
    // With the scope the same token acts as an administrator again.
    let output = world
        .runnerctl_with_token(Some(ADMIN_MODE_TOKEN))
        .args(["pause", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_maintainer_refused_a_runner_change_is_not_told_about_admin_mode() {
    let mut fleet = admin_mode_fleet();
    fleet.add_group("other");
    let other = fleet.add_runner(RunnerSeed::group("other").contacted_ago("1m"));
    let world = World::new(fleet);
    let output = world
        .runnerctl_with_token(Some(MAINTAINER_TOKEN))
        .args(["pause", &other.to_string()])
        .output()
        .unwrap();
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(!text.contains("admin_mode"), "{text}");
}
