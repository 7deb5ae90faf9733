//! `runnerctl auth`: a saved token is bound to its URL and never sent to another host; login
//! warns about the commands a token's scopes do not allow; `auth status --all` lists every
//! saved login.

mod support;
#[path = "support/system.rs"]
mod system;

use std::time::Duration;

use support::*;

const READER_TOKEN: &str = "glpat-reader-token";
const RUNNER_ONLY_TOKEN: &str = "glpat-runner-scopes-token";

fn fleet_with_narrow_tokens() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_user_with_token("reader", false, READER_TOKEN, &["read_api"]);
    fleet.add_user_with_token(
        "runners",
        false,
        RUNNER_ONLY_TOKEN,
        &["read_user", "create_runner", "manage_runner"],
    );
    fleet
}

fn login_with(world: &World, token: &str) -> std::process::Output {
    world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin"])
        .write_stdin(format!("{token}\n"))
        .output()
        .unwrap()
}

#[test]
fn login_with_a_read_api_token_warns_which_commands_it_cannot_run_and_still_saves_it() {
    let world = World::new(fleet_with_narrow_tokens());
    let login = login_with(&world, READER_TOKEN);
    assert!(login.status.success(), "{}", stderr(&login));
    assert_no_token_text(&login, READER_TOKEN);
    let warnings = stderr(&login);
    // Creating needs create_runner (or api), changing needs manage_runner (or api).
    assert!(warnings.contains("warning:"), "{warnings}");
    assert!(warnings.contains("`runnerctl create`"), "{warnings}");
    assert!(warnings.contains("create_runner or api"), "{warnings}");
    for command in ["pause", "resume", "update", "rotate", "prune"] {
        assert!(warnings.contains(command), "{command}: {warnings}");
    }
    assert!(warnings.contains("manage_runner or api"), "{warnings}");
    // Reading is allowed: no warning about it.
    assert!(!warnings.contains("read_api or api"), "{warnings}");
    assert!(stdout(&login).contains("@reader"), "{}", stdout(&login));

    // Saved all the same.
    let status = world
        .runnerctl_with_token(None)
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    assert_eq!(json(&status)["username"], "reader");
}

#[test]
fn login_with_runner_scopes_only_warns_that_reading_needs_read_api() {
    let world = World::new(fleet_with_narrow_tokens());
    let login = login_with(&world, RUNNER_ONLY_TOKEN);
    assert!(login.status.success(), "{}", stderr(&login));
    let warnings = stderr(&login);
    assert!(warnings.contains("read_api or api"), "{warnings}");
    assert!(warnings.contains("`runnerctl list`"), "{warnings}");
    assert!(!warnings.contains("create_runner or api"), "{warnings}");
    assert!(!warnings.contains("manage_runner or api"), "{warnings}");
}

#[test]
fn login_with_an_api_token_warns_about_nothing() {
    let world = World::new(Fleet::with_standard_users());
    let login = login_with(&world, ADMIN_TOKEN);
    assert!(login.status.success(), "{}", stderr(&login));
    assert!(!stderr(&login).contains("warning"), "{}", stderr(&login));
}

#[test]
fn login_scope_warnings_stay_on_stderr_with_json() {
    let world = World::new(fleet_with_narrow_tokens());
    let login = world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin", "--format", "json"])
        .write_stdin(READER_TOKEN)
        .output()
        .unwrap();
    assert!(login.status.success(), "{}", stderr(&login));
    assert_eq!(json(&login)["scopes"], serde_json::json!(["read_api"]));
    assert!(stderr(&login).contains("create_runner or api"));
}

/// `auth login` on a pseudo-terminal with no GITLAB_TOKEN, typing `typed` at the prompt;
/// returns the exit code and the screen.
fn login_on_terminal(world: &World, typed: &str) -> Option<(Option<i32>, String)> {
    if let Err(reason) = system::have_program("script") {
        system::require_or_skip("a pseudo-terminal (util-linux script)", &reason);
        return None;
    }
    let child = terminal_command(world, &["auth", "login"])
        .env_remove("GITLAB_TOKEN")
        .spawn()
        .expect("script runs");
    let output = answer_on_terminal(child, &[typed.as_bytes()], Duration::from_millis(700));
    Some((output.status.code(), stdout(&output)))
}

#[test]
fn the_token_prompt_shows_the_new_token_page_with_name_and_scopes_filled_in() {
    let world = World::new(Fleet::with_standard_users());
    let Some((code, screen)) = login_on_terminal(&world, &format!("{ADMIN_TOKEN}\r")) else {
        return;
    };
    assert_eq!(code, Some(0), "{screen}");
    let page = format!(
        "{}/-/user_settings/personal_access_tokens?name=runnerctl&scopes=create_runner,manage_runner,read_api",
        world.gitlab.url()
    );
    assert!(screen.contains(&page), "{screen}");
    assert!(screen.contains("GitLab API token"), "{screen}");
    assert!(!screen.contains(ADMIN_TOKEN), "{screen}");
    assert!(screen.contains("@root"), "{screen}");
}

#[test]
fn status_all_lists_every_saved_login() {
    let world = World::new(Fleet::with_standard_users());
    let other = FakeGitLab::start(Fleet::with_standard_users()).unwrap();
    world.save_api_token(&world.gitlab.url(), ADMIN_TOKEN);
    world.save_api_token(&other.url(), MAINTAINER_TOKEN);

    let status = world
        .runnerctl_with_token(None)
        .env_remove("GITLAB_URL")
        .args(["auth", "status", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    assert_no_token_text(&status, ADMIN_TOKEN);
    assert_no_token_text(&status, MAINTAINER_TOKEN);
    let mut expected = vec![(world.gitlab.url(), "root"), (other.url(), "maintainer")];
    expected.sort();
    let logins = json(&status)["logins"].as_array().unwrap().clone();
    assert_eq!(logins.len(), 2, "{logins:?}");
    for (login, (url, username)) in logins.iter().zip(&expected) {
        assert_eq!(login["url"], url.as_str(), "{login}");
        assert_eq!(login["forge"], "gitlab", "{login}");
        assert_eq!(login["username"], *username, "{login}");
        assert_eq!(login["scopes"], serde_json::json!(["api"]), "{login}");
        assert!(login.get("expires_at").is_some(), "{login}");
    }
    // Each saved token went only to its own host.
    assert!(
        other
            .requests()
            .iter()
            .all(|request| !format!("{request:?}").contains(ADMIN_TOKEN))
    );

    let table = world
        .runnerctl_with_token(None)
        .args(["auth", "status", "--all"])
        .output()
        .unwrap();
    assert!(table.status.success(), "{}", stderr(&table));
    let text = stdout(&table);
    assert!(text.starts_with("URL"), "{text}");
    for (url, username) in &expected {
        let line = text
            .lines()
            .find(|line| line.starts_with(url.as_str()))
            .unwrap_or_else(|| panic!("no line for {url}: {text}"));
        assert!(line.contains("gitlab"), "{line}");
        assert!(line.contains(&format!("@{username}")), "{line}");
    }
}

#[test]
fn status_all_with_no_saved_login_says_so() {
    let world = World::new(Fleet::with_standard_users());
    let status = world
        .runnerctl_with_token(None)
        .args(["auth", "status", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    assert_eq!(json(&status), serde_json::json!({"logins": []}));
    let status = world
        .runnerctl_with_token(None)
        .args(["auth", "status", "--all"])
        .output()
        .unwrap();
    assert!(
        stdout(&status).contains("No saved logins"),
        "{}",
        stdout(&status)
    );
}

#[test]
fn status_all_reports_a_login_whose_token_was_revoked_and_fails() {
    let world = World::new(Fleet::with_standard_users());
    world.save_api_token(&world.gitlab.url(), ADMIN_TOKEN);
    world.gitlab.with_state(|state| {
        for token in state.tokens.iter_mut().filter(|t| t.token == ADMIN_TOKEN) {
            token.revoked = true;
        }
    });
    let status = world
        .runnerctl_with_token(None)
        .args(["auth", "status", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1), "{}", stderr(&status));
    let logins = json(&status)["logins"].clone();
    assert_eq!(logins[0]["url"], world.gitlab.url());
    assert_eq!(logins[0]["username"], serde_json::Value::Null);
    assert!(
        logins[0]["error"].as_str().unwrap().contains("401"),
        "{logins}"
    );
    assert_no_token_text(&status, ADMIN_TOKEN);
}

#[test]
fn login_saves_token_and_url_and_status_uses_them() {
    let world = World::new(Fleet::with_standard_users());
    let login = world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin", "--format", "json"])
        .write_stdin(format!("{ADMIN_TOKEN}\n"))
        .output()
        .unwrap();
    assert!(login.status.success(), "{}", stderr(&login));
    assert_no_token_text(&login, ADMIN_TOKEN);
    let document = json(&login);
    assert_eq!(document["username"], "root");
    assert_eq!(document["url"], world.gitlab.url());
    assert_eq!(document["scopes"], serde_json::json!(["api"]));

    // No GITLAB_URL, no GITLAB_TOKEN: both come from what login saved.
    let status = world
        .runnerctl_with_token(None)
        .env_remove("GITLAB_URL")
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    let document = json(&status);
    assert_eq!(document["username"], "root");
    assert!(document.get("expires_at").is_some());
    assert_no_token_text(&status, ADMIN_TOKEN);
}

#[test]
fn saved_token_is_never_sent_to_another_host() {
    let world = World::new(Fleet::with_standard_users());
    let other = FakeGitLab::start(Fleet::with_standard_users()).unwrap();
    let login = world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin"])
        .write_stdin(ADMIN_TOKEN)
        .output()
        .unwrap();
    assert!(login.status.success(), "{}", stderr(&login));

    let status = world
        .runnerctl_with_token(None)
        .env("GITLAB_URL", other.url())
        .args(["auth", "status"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(
        stderr(&status).contains("no API token"),
        "{}",
        stderr(&status)
    );
    assert!(
        other
            .requests()
            .iter()
            .all(|r| !r.body.contains(ADMIN_TOKEN))
    );
    assert!(
        other.requests().is_empty(),
        "nothing was sent to the other host"
    );
}

#[test]
fn login_refuses_a_bad_token_and_saves_nothing() {
    let world = World::new(Fleet::with_standard_users());
    let login = world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin"])
        .write_stdin("glpat-wrong")
        .output()
        .unwrap();
    assert_eq!(login.status.code(), Some(1));
    assert!(stderr(&login).contains("401"), "{}", stderr(&login));
    assert!(!world.path(".config/runnerctl/config.toml").exists());
}

#[test]
fn login_without_a_token_or_terminal_is_a_usage_error() {
    let world = World::new(Fleet::with_standard_users());
    let login = world
        .runnerctl_with_token(None)
        .args(["auth", "login"])
        .output()
        .unwrap();
    assert_eq!(login.status.code(), Some(2));
    assert!(
        stderr(&login).contains("--token-stdin"),
        "{}",
        stderr(&login)
    );
}

#[test]
fn logout_forgets_the_token() {
    let world = World::new(Fleet::with_standard_users());
    world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin"])
        .write_stdin(ADMIN_TOKEN)
        .assert()
        .success();
    world
        .runnerctl_with_token(None)
        .args(["auth", "logout"])
        .assert()
        .success();
    let status = world
        .runnerctl_with_token(None)
        .args(["auth", "status"])
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(
        stderr(&status).contains("no API token"),
        "{}",
        stderr(&status)
    );
}
