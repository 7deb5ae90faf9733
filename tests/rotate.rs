//! `runnerctl rotate`: GitLab, config.toml and the secret store get the new token together,
//! the old one stops working, other online hosts stop it unless `--force`, and a config.toml
//! that cannot be written after the reset loses nothing.

mod support;

#[path = "support/system.rs"]
mod system;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use support::*;

const RUNNER: u64 = 42;
const OLD_TOKEN: &str = "glrt-old-token-abcdefghij";
const THIS_HOST: &str = "s_0123456789ab";
const OTHER_HOST: &str = "s_ba9876543210";

fn fleet(managers: &[(&str, &str)]) -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let mut seed = fake_gitlab::RunnerSeed {
        id: Some(RUNNER),
        ..fake_gitlab::RunnerSeed::group("team")
            .tags(&["linux"])
            .token(OLD_TOKEN)
            .contacted_ago("5m")
    };
    for (system_id, ago) in managers {
        seed = seed.manager(system_id, ago);
    }
    fleet.add_runner(seed);
    fleet
}

fn config_text(url: &str) -> String {
    format!(
        "# managed by hand and by runnerctl\nconcurrent = 2\n\n[[runners]]\n  name = \"host1\"\n  \
         url = \"{url}\"\n  id = 42\n  token = \"{OLD_TOKEN}\"\n  \
         token_obtained_at = 2025-01-02T03:04:05Z\n  token_expires_at = 0001-01-01T00:00:00Z\n  \
         executor = \"shell\"\n  # keep this comment\n\n[[runners]]\n  name = \"other\"\n  \
         url = \"{url}\"\n  id = 7\n  token = \"glrt-someone-else-entirely\"\n  executor = \"shell\"\n"
    )
}

/// config.toml with runner 42 (and another runner), and this host's system id beside it.
fn install_config(dir: &Path, url: &str) {
    std::fs::write(dir.join("config.toml"), config_text(url)).unwrap();
    std::fs::write(dir.join(".runner_system_id"), format!("{THIS_HOST}\n")).unwrap();
}

fn gitlab_token(world: &World) -> String {
    world
        .gitlab
        .with_state(|state| state.runner(RUNNER).unwrap().token.clone())
}

/// `POST /runners/verify` as gitlab-runner sends it: the status GitLab answers.
fn verify(url: &str, token: &str) -> u16 {
    reqwest::blocking::Client::new()
        .post(format!("{url}/api/v4/runners/verify"))
        .json(&serde_json::json!({ "token": token }))
        .send()
        .unwrap()
        .status()
        .as_u16()
}

fn resets(world: &World) -> usize {
    world
        .gitlab
        .requests()
        .iter()
        .filter(|request| request.path.ends_with("/reset_authentication_token"))
        .count()
}

#[test]
fn rotate_changes_the_token_in_gitlab_config_and_store_and_the_old_one_is_refused() {
    // This host is online; another host's manager last called 3 hours ago (offline).
    let world = World::new(fleet(&[(THIS_HOST, "5m"), (OTHER_HOST, "3h")]));
    install_config(world.dir.path(), &world.gitlab.url());

    let output = world
        .runnerctl()
        .args(["rotate", "42", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json(&output),
        serde_json::json!({"results": [{"runner_id": 42, "action": "rotated", "reason": null}]})
    );

    let new_token = gitlab_token(&world);
    assert_ne!(new_token, OLD_TOKEN);
    assert!(new_token.starts_with("glrt-"));
    assert_no_token_text(&output, &new_token);
    assert_no_token_text(&output, OLD_TOKEN);

    // config.toml: the entry has the new token and a fresh obtained time; the rest is as it was.
    let after = std::fs::read_to_string(world.config_file()).unwrap();
    let expected_rest = config_text(&world.gitlab.url()).replace(OLD_TOKEN, &new_token);
    let obtained_line = after
        .lines()
        .find(|line| line.trim_start().starts_with("token_obtained_at"))
        .unwrap();
    assert!(
        !obtained_line.contains('"') && obtained_line.ends_with('Z'),
        "a bare TOML datetime: {obtained_line}"
    );
    assert!(!obtained_line.contains("2025-01-02"), "the time moved on");
    assert_eq!(
        after.replace(obtained_line, "  token_obtained_at = 2025-01-02T03:04:05Z"),
        expected_rest,
        "only the token and its time changed"
    );

    // The secret store.
    let shown = world
        .runnerctl()
        .args(["token", "show", "42"])
        .output()
        .unwrap();
    assert!(shown.status.success(), "{}", stderr(&shown));
    assert_eq!(stdout(&shown), format!("{new_token}\n"));

    // GitLab refuses the old token and takes the new one.
    assert_eq!(verify(&world.gitlab.url(), OLD_TOKEN), 403);
    assert_eq!(verify(&world.gitlab.url(), &new_token), 200);
}

#[test]
fn rotate_refuses_while_another_host_is_online_and_force_overrides() {
    let world = World::new(fleet(&[(THIS_HOST, "5m"), (OTHER_HOST, "10m")]));
    install_config(world.dir.path(), &world.gitlab.url());

    let output = world.runnerctl().args(["rotate", "42"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("--force"), "{message}");
    assert!(message.contains(OTHER_HOST), "{message}");
    assert_eq!(resets(&world), 0, "nothing was reset");
    assert_eq!(gitlab_token(&world), OLD_TOKEN);
    assert_eq!(
        std::fs::read_to_string(world.config_file()).unwrap(),
        config_text(&world.gitlab.url())
    );

    let output = world
        .runnerctl()
        .args(["rotate", "42", "--force", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["results"][0]["action"], "rotated");
    assert!(
        stderr(&output).contains(OTHER_HOST),
        "the operator is warned"
    );
    let new_token = gitlab_token(&world);
    assert_ne!(new_token, OLD_TOKEN);
    assert!(
        std::fs::read_to_string(world.config_file())
            .unwrap()
            .contains(&new_token)
    );
}

#[test]
fn rotate_by_name_uses_the_entry_url_and_id() {
    let world = World::new(fleet(&[(THIS_HOST, "5m")]));
    install_config(world.dir.path(), &world.gitlab.url());
    // GITLAB_TOKEN goes only to GITLAB_URL: the entry's GitLab gets the token saved for it.
    world.save_api_token(&world.gitlab.url(), ADMIN_TOKEN);
    let output = world
        .runnerctl()
        .env("GITLAB_URL", "http://127.0.0.1:9")
        .args(["rotate", "--name", "host1"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Rotated the token of runner 42"));
    let new_token = gitlab_token(&world);
    assert!(
        std::fs::read_to_string(world.config_file())
            .unwrap()
            .contains(&new_token)
    );
}

#[test]
fn rotate_without_a_config_entry_updates_the_secret_store_only_and_says_so() {
    // An admin workstation: no config.toml, and the runner has never run anywhere.
    let world = World::new(fleet(&[]));
    let output = world.runnerctl().args(["rotate", "42"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("no config.toml was changed"),
        "{}",
        stdout(&output)
    );
    assert!(!world.config_file().exists(), "nothing was created");
    let new_token = gitlab_token(&world);
    assert_no_token_text(&output, &new_token);
    let shown = world
        .runnerctl()
        .args(["token", "show", "42"])
        .output()
        .unwrap();
    assert_eq!(stdout(&shown), format!("{new_token}\n"));
}

#[test]
fn rotate_from_a_workstation_refuses_while_any_host_is_online() {
    let world = World::new(fleet(&[(OTHER_HOST, "1m")]));
    let output = world.runnerctl().args(["rotate", "42"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("--force"));
    assert_eq!(resets(&world), 0);
}

#[test]
fn a_broken_config_stops_rotate_before_gitlab_is_asked() {
    let world = World::new(fleet(&[(THIS_HOST, "5m")]));
    std::fs::write(world.config_file(), "concurrent = \n[[runners]]\n").unwrap();
    let output = world.runnerctl().args(["rotate", "42"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(resets(&world), 0);
    assert_eq!(gitlab_token(&world), OLD_TOKEN);
}

/// The nobody user, for a config.toml runnerctl may read and lock but not replace.
const NOBODY: u32 = 65534;

fn chown(path: &Path, uid: u32) {
    std::os::unix::fs::chown(path, Some(uid), Some(uid)).unwrap();
}

#[test]
fn config_write_failure_after_the_reset_keeps_the_token_and_says_how_to_finish() {
    let is_root = std::fs::metadata("/proc/self").is_ok_and(|meta| {
        use std::os::unix::fs::MetadataExt;
        meta.uid() == 0
    });
    if !is_root {
        system::require_or_skip(
            "root (to run runnerctl as an unprivileged user)",
            "the tests do not run as root",
        );
        return;
    }
    if let Err(reason) = system::have_program("setpriv") {
        system::require_or_skip("setpriv (util-linux)", &reason);
        return;
    }
    let world = World::new(fleet(&[(THIS_HOST, "5m")]));

    // An operator without root on a host whose config.toml belongs to root: the directory is
    // theirs, so runnerctl can lock and read the file, but replacing it would change its owner,
    // which only root may do. That failure comes after GitLab issued the new token.
    let base = tempfile::tempdir().unwrap();
    std::fs::set_permissions(base.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let home = base.path().join("home");
    let config_dir = base.path().join("gitlab-runner");
    for dir in [&home, &config_dir] {
        std::fs::create_dir(dir).unwrap();
        chown(dir, NOBODY);
    }
    install_config(&config_dir, &world.gitlab.url());
    let config = config_dir.join("config.toml");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let secrets = home.join("secrets");

    let binary = system::runnerctl_bin();
    let as_nobody = |args: &[&str]| {
        let mut command = std::process::Command::new("setpriv");
        command
            .args([
                format!("--reuid={NOBODY}"),
                format!("--regid={NOBODY}"),
                "--clear-groups".to_string(),
            ])
            .arg(&binary)
            .args(args)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .env("NO_COLOR", "1")
            .env("GITLAB_URL", world.gitlab.url())
            .env("GITLAB_TOKEN", ADMIN_TOKEN)
            .env("RUNNERCTL_KEYRING", format!("file:{}", secrets.display()))
            .env("CONFIG_FILE", &config)
            .current_dir(&home);
        command.output().unwrap()
    };
    let probe = as_nobody(&["--version"]);
    if !probe.status.success() {
        system::require_or_skip(
            "running the runnerctl binary as nobody",
            &format!("{}: {}", binary.display(), stderr(&probe)),
        );
        return;
    }

    // root's file: refused before GitLab is asked (contract row "other owners").
    let output = as_nobody(&["rotate", "42", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("owned by root, not by nobody"),
        "{}",
        stderr(&output)
    );
    assert_eq!(gitlab_token(&world), OLD_TOKEN, "no reset without the flag");

    // Allowed: the write itself fails, after the reset.
    let output = as_nobody(&["rotate", "42", "--format", "json", "--allow-other-owner"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let new_token = gitlab_token(&world);
    assert_ne!(new_token, OLD_TOKEN, "GitLab did issue a new token");
    assert_no_token_text(&output, &new_token);
    assert_no_token_text(&output, OLD_TOKEN);

    // config.toml is untouched.
    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        config_text(&world.gitlab.url())
    );
    // The secret store has the new token.
    let store = std::fs::read_to_string(&secrets).unwrap();
    assert!(store.contains(&new_token), "the store keeps the new token");
    // A 0600 recovery file has it too.
    let recovery = home.join("runnerctl-runner-42.token");
    assert_eq!(
        std::fs::read_to_string(&recovery).unwrap(),
        format!("{new_token}\n")
    );
    assert_eq!(
        std::fs::metadata(&recovery).unwrap().permissions().mode() & 0o777,
        0o600
    );
    // The error says what happened and exactly how to finish.
    let message = stderr(&output);
    assert!(
        message.contains("GitLab issued a new token for runner 42"),
        "{message}"
    );
    assert!(message.contains("no longer works"), "{message}");
    assert!(
        message.contains("runnerctl register --runner 42"),
        "{message}"
    );
    assert!(
        message.contains(&recovery.display().to_string()),
        "{message}"
    );
    let result = &json(&output)["results"][0];
    assert_eq!(result["action"], "failed");
    assert_eq!(result["token_file"], recovery.display().to_string());

    // Finishing as the message says (as root, with the new token from the store) works: the
    // token in the store is the one GitLab accepts.
    assert_eq!(verify(&world.gitlab.url(), &new_token), 200);
    assert_eq!(verify(&world.gitlab.url(), OLD_TOKEN), 403);
}

/// A `201` to the reset whose answer is lost: the old token is probably dead, the new one
/// unknown, and the error says so without retrying.
fn assert_lost_reset_says_the_token_was_probably_reset(kind: FaultKind, extra: &[&str]) {
    let world = World::new(fleet(&[]));
    world.gitlab.inject(
        Fault::new(kind.clone())
            .method("POST")
            .path("/api/v4/runners/42/reset_authentication_token")
            .times(1),
    );
    let output = world
        .runnerctl()
        .args(extra)
        .args(["rotate", "42"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{kind:?}: {message}");
    assert!(
        message.contains("token was probably reset"),
        "{kind:?}: {message}"
    );
    assert!(
        message.contains("runnerctl rotate 42"),
        "{kind:?}: {message}"
    );
    let token = gitlab_token(&world);
    assert_ne!(token, OLD_TOKEN, "the reset ran");
    assert_no_token_text(&output, &token);
    assert_eq!(resets(&world), 1, "{kind:?}: not retried");
}

#[test]
fn reset_201_with_a_cut_body_says_the_token_was_probably_reset() {
    assert_lost_reset_says_the_token_was_probably_reset(FaultKind::CutBody, &[]);
}

#[test]
fn reset_201_with_an_html_body_says_the_token_was_probably_reset() {
    assert_lost_reset_says_the_token_was_probably_reset(FaultKind::HtmlPageAfterHandling, &[]);
}

#[test]
fn reset_201_that_stalls_after_its_headers_says_the_token_was_probably_reset() {
    assert_lost_reset_says_the_token_was_probably_reset(
        FaultKind::StallAfterHeaders,
        &["--timeout", "1"],
    );
}
