//! doctor never reports "no problems" about what it did not check: a group, project or runner
//! that does not exist is a finding, a run that can check nothing is a usage error, and the
//! human summary says what was left out.

mod support;

use std::os::unix::fs::PermissionsExt;

use fake_gitlab::{JobSeed, RunnerSeed};
use serde_json::{Value, json};
use support::*;

fn findings(document: &Value) -> Vec<Value> {
    document["findings"].as_array().cloned().unwrap_or_default()
}

/// doctor on an operator's workstation: no config.toml, so no local checks.
fn doctor(world: &World, args: &[&str]) -> std::process::Output {
    world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .arg("doctor")
        .args(args)
        .output()
        .unwrap()
}

/// A `gitlab-runner` stub first on PATH whose `status` succeeds.
fn service_stub(world: &World) -> String {
    let bin = world.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("gitlab-runner");
    std::fs::write(&script, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

/// A config.toml with one healthy entry for a runner that is online.
fn healthy_machine() -> (World, String) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let runner = fleet.add_runner(
        RunnerSeed::project("team/app")
            .token("glrt-healthy-token-0000")
            .contacted_ago("1m")
            .manager("host-1", "1m"),
    );
    let world = World::new(fleet);
    let config = world.config_file();
    std::fs::write(
        &config,
        format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"host1\"\n  url = \"{}\"\n  id = {runner}\n  \
             token = \"glrt-healthy-token-0000\"\n  executor = \"shell\"\n",
            world.gitlab.url()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let path = service_stub(&world);
    (world, path)
}

fn assert_only_scope_not_found(output: &std::process::Output, kind: &str, reference: &str) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    let document = json(output);
    let all = findings(&document);
    assert_eq!(all.len(), 1, "{document:#}");
    assert_eq!(all[0]["id"], "gitlab.scope_not_found");
    assert_eq!(all[0]["severity"], "error");
    assert_eq!(all[0]["subject"], json!({"kind": "machine"}));
    assert_eq!(
        all[0]["evidence"],
        json!({"kind": kind, "ref": reference}),
        "{document:#}"
    );
    assert_eq!(document["checked"]["runners"], 0);
}

#[test]
fn a_group_that_does_not_exist_is_a_scope_not_found_error() {
    for token in [ADMIN_TOKEN, MAINTAINER_TOKEN] {
        let mut fleet = Fleet::with_standard_users();
        fleet.add_project("team/app");
        let world = World::new(fleet);
        let output = world
            .runnerctl_with_token(Some(token))
            .env_remove("CONFIG_FILE")
            .args(["doctor", "-g", "missing", "--format", "json"])
            .output()
            .unwrap();
        assert_only_scope_not_found(&output, "group", "missing");
    }
}

#[test]
fn a_project_that_does_not_exist_is_a_scope_not_found_error() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let world = World::new(fleet);
    let output = doctor(&world, &["-p", "team/missing", "--format", "json"]);
    assert_only_scope_not_found(&output, "project", "team/missing");
}

#[test]
fn a_runner_that_does_not_exist_is_a_scope_not_found_error() {
    let world = World::new(Fleet::with_standard_users());
    let output = doctor(&world, &["--runner", "9999", "--format", "json"]);
    assert_only_scope_not_found(&output, "runner", "9999");
}

#[test]
fn a_missing_group_beside_a_real_one_is_reported_and_the_real_one_still_checked() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let never = fleet.add_runner(RunnerSeed::group("team"));
    let world = World::new(fleet);
    let output = doctor(&world, &["-g", "team", "-g", "gone", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document = json(&output);
    let ids: Vec<(String, Value)> = findings(&document)
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or_default().to_string(),
                f["evidence"].clone(),
            )
        })
        .collect();
    assert!(
        ids.contains(&(
            "gitlab.scope_not_found".to_string(),
            json!({"kind": "group", "ref": "gone"})
        )),
        "{document:#}"
    );
    assert!(
        findings(&document)
            .iter()
            .any(|f| f["id"] == "runner.never_contacted" && f["subject"]["id"] == never),
        "{document:#}"
    );
}

#[test]
fn human_output_for_a_missing_scope_never_says_no_problems() {
    let world = World::new(Fleet::with_standard_users());
    let output = doctor(&world, &["-g", "missing"]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("gitlab.scope_not_found"), "{text}");
    assert!(text.contains("missing"), "{text}");
    assert!(!text.contains("No problems"), "{text}");
}

#[test]
fn a_run_that_can_check_nothing_is_a_usage_error_naming_the_scope_flags() {
    let world = World::new(Fleet::with_standard_users());
    for format in [&[][..], &["--format", "json"][..]] {
        let output = doctor(&world, format);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let text = stderr(&output);
        for flag in ["-g", "-p", "--runner"] {
            assert!(text.contains(flag), "{flag} not named: {text}");
        }
        assert!(!stdout(&output).contains("No problems"));
    }
    assert!(
        world.gitlab.requests().is_empty(),
        "nothing to check, nothing asked"
    );
}

#[test]
fn a_scope_without_an_api_token_is_a_usage_error_naming_the_token() {
    let world = World::new(Fleet::with_standard_users());
    for scope in [
        &["-g", "team"][..],
        &["-p", "team/app"][..],
        &["--runner", "1"][..],
    ] {
        let output = world
            .runnerctl_with_token(None)
            .env_remove("CONFIG_FILE")
            .arg("doctor")
            .args(scope)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{scope:?}: {}",
            stderr(&output)
        );
        let text = stderr(&output);
        assert!(text.contains("GITLAB_TOKEN"), "{text}");
        assert!(text.contains("auth login"), "{text}");
        assert!(!stdout(&output).contains("No problems"));
    }
}

#[test]
fn local_checks_without_an_api_token_say_the_api_was_not_checked() {
    let (world, path) = healthy_machine();
    let output = world
        .runnerctl_with_token(None)
        .env("PATH", &path)
        .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
        .args(["doctor", "-g", "team"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.contains("API was not checked"), "{text}");
    assert!(!summary.starts_with("No problems found."), "{text}");
    assert!(world.gitlab.requests().is_empty());
}

#[test]
fn offline_human_summary_says_the_api_was_not_checked() {
    let (world, path) = healthy_machine();
    let output = world
        .runnerctl()
        .env("PATH", &path)
        .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
        .args(["doctor", "--offline"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let summary = text.lines().last().unwrap_or_default();
    assert!(summary.contains("API was not checked"), "{text}");
}

#[test]
fn a_healthy_full_run_still_says_no_problems() {
    let (world, path) = healthy_machine();
    let output = world
        .runnerctl()
        .env("PATH", &path)
        .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
        .args(["doctor"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().last(), Some("No problems found."), "{text}");
}

#[test]
fn a_summary_after_skipped_reads_says_what_was_not_checked() {
    // A Developer can see the group but not its runners: the jobs are left unjudged.
    let mut fleet = Fleet::with_standard_users();
    fleet.add_user_with_token("dev", false, "glpat-developer", &["api"]);
    fleet.add_member("dev", "team", fake_gitlab::DEVELOPER);
    fleet.add_project("team/app");
    fleet.add_runner(RunnerSeed::group("team").tags(&["a"]).contacted_ago("1m"));
    fleet.add_job(JobSeed::pending("team/app", "build").tags(&["a"]));
    let world = World::new(fleet);
    let output = world
        .runnerctl_with_token(Some("glpat-developer"))
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "team"])
        .output()
        .unwrap();
    let text = stdout(&output);
    let summary = text.lines().last().unwrap_or_default();
    assert!(!summary.starts_with("No problems found."), "{text}");
    assert!(summary.contains("not checked"), "{text}");
}

/// A config.toml that cannot be read (a FIFO, a directory) skips the local checks; with the API
/// not read either (no token, or `--offline`) nothing was checked, which is never exit 0 and
/// an empty list of findings.
#[test]
fn an_unreadable_config_and_no_api_check_is_a_usage_error_not_an_all_clear() {
    let world = World::new(Fleet::with_standard_users());
    let fifo = world.path("fifo.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let directory = world.path("dir.toml");
    std::fs::create_dir(&directory).expect("mkdir");
    let runs: [(&std::path::Path, &[&str], Option<&str>); 4] = [
        (&fifo, &["--offline"], Some(ADMIN_TOKEN)),
        (&fifo, &[], None),
        (&directory, &["-g", "team"], None),
        (&directory, &["--format", "json"], None),
    ];
    for (config, args, token) in runs {
        let output = world
            .runnerctl_with_token(token)
            .env("CONFIG_FILE", config)
            .arg("doctor")
            .args(args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let text = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {text}");
        assert!(
            text.contains(&config.display().to_string()),
            "names the file: {text}"
        );
        assert!(text.contains("nothing was checked"), "{text}");
        assert!(
            !stdout(&output).contains("No problems") && !stdout(&output).contains("findings"),
            "no all-clear: {}",
            stdout(&output)
        );
        if args.contains(&"-g") {
            assert!(text.contains("GITLAB_TOKEN"), "{text}");
        }
    }
}
