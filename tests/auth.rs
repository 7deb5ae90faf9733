//! `runnerctl auth`: a saved token is bound to its URL and never sent to another host.

mod support;

use support::*;

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
