//! Every way talking to GitLab can fail gives one paragraph naming the cause, exit 1, no panic.

mod support;

use std::net::TcpListener;
use std::time::Duration;

use support::*;

fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_user_with_token("reader", false, "glpat-read-only", &["read_api"]);
    fleet.add_member("reader", "team", 50);
    fleet.add_user_with_token("creator", false, "glpat-create-only", &["create_runner"]);
    fleet.add_member("creator", "team", 50);
    fleet
}

/// One paragraph: a single `error:` line, no panic, no backtrace.
fn assert_one_paragraph_failure(output: &std::process::Output) -> String {
    assert_eq!(output.status.code(), Some(1), "stderr: {}", stderr(output));
    let message = stderr(output);
    assert!(!message.contains("panicked"), "{message}");
    let errors: Vec<&str> = message
        .lines()
        .filter(|line| line.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "{message}");
    errors[0].to_string()
}

#[test]
fn invalid_token_is_a_401_message() {
    let world = World::new(fleet());
    let output = world
        .runnerctl_with_token(Some("glpat-nope"))
        .args(["create", "-g", "team"])
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("401"), "{message}");
    assert!(message.contains("invalid, expired"), "{message}");
    assert!(!message.contains("glpat-nope"), "{message}");
}

#[test]
fn token_without_create_runner_scope_names_the_scope() {
    let world = World::new(fleet());
    let group_id = world.gitlab.with_state(|s| s.groups[0].id);
    let output = world
        .runnerctl_with_token(Some("glpat-read-only"))
        .args(["create", "-g", &group_id.to_string()])
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("403"), "{message}");
    assert!(message.contains("create_runner"), "{message}");
}

#[test]
fn path_needs_read_api_and_says_so() {
    let world = World::new(fleet());
    let output = world
        .runnerctl_with_token(Some("glpat-create-only"))
        .args(["create", "-g", "team"])
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("403"), "{message}");
    assert!(message.contains("read_api"), "{message}");
    world
        .gitlab
        .with_state(|state| assert!(state.runners.is_empty()));
}

#[test]
fn unknown_group_is_a_404_naming_it() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .args(["create", "-g", "no/such-group"])
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("404"), "{message}");
    assert!(message.contains("no/such-group"), "{message}");
}

#[test]
fn connection_refused_says_refused() {
    let home = tempfile::tempdir().unwrap();
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let output = runnerctl_in(home.path())
        .env("GITLAB_URL", format!("http://127.0.0.1:{port}"))
        .env("GITLAB_TOKEN", ADMIN_TOKEN)
        .env("RUNNERCTL_KEYRING", "none")
        .args(["create", "-g", "42"])
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("refused"), "{message}");
}

#[test]
fn tls_handshake_failure_says_tls() {
    // An https URL pointed at a plain-http server: the handshake fails.
    let world = World::new(fleet());
    let url = world.gitlab.url().replace("http://", "https://");
    let output = world
        .runnerctl()
        .env("GITLAB_URL", url)
        .args(["create", "-g", "42"])
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("TLS"), "{message}");
    world
        .gitlab
        .with_state(|state| assert!(state.runners.is_empty()));
}

#[test]
fn silent_server_is_a_timeout() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    // Accept connections and never answer.
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    let home = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let output = runnerctl_in(home.path())
        .env("GITLAB_URL", format!("http://127.0.0.1:{port}"))
        .env("GITLAB_TOKEN", ADMIN_TOKEN)
        .env("RUNNERCTL_KEYRING", "none")
        .args(["--timeout", "1", "auth", "status"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("timeout"), "{message}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn unresolvable_host_says_dns() {
    let home = tempfile::tempdir().unwrap();
    let output = runnerctl_in(home.path())
        .env("GITLAB_URL", "http://runnerctl-test.invalid")
        .env("GITLAB_TOKEN", ADMIN_TOKEN)
        .env("RUNNERCTL_KEYRING", "none")
        .args(["--timeout", "5", "auth", "status"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let message = assert_one_paragraph_failure(&output);
    assert!(message.contains("DNS"), "{message}");
}

#[test]
fn rate_limited_get_is_retried_after_retry_after() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 429,
            retry_after: Some(1),
        })
        .method("GET")
        .path("/api/v4/user")
        .times(1),
    );
    let started = std::time::Instant::now();
    let output = world
        .runnerctl()
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After was honoured"
    );
    assert_eq!(json(&output)["username"], "root");
    let gets = world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v4/user")
        .count();
    assert_eq!(gets, 2);
}

#[test]
fn rate_limited_get_honours_a_retry_after_http_date() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::RetryAfterDate {
            status: 429,
            after: Duration::from_secs(3),
        })
        .method("GET")
        .path("/api/v4/user")
        .times(1),
    );
    let started = std::time::Instant::now();
    let output = world
        .runnerctl()
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    // The date has whole seconds, so the wait is between 2 and 3 s.
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "the HTTP date was honoured: waited only {:?}",
        started.elapsed()
    );
    assert_eq!(json(&output)["username"], "root");
}

#[test]
fn a_wait_of_more_than_five_seconds_is_announced_in_one_line() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 429,
            retry_after: Some(6),
        })
        .method("GET")
        .path("/api/v4/user")
        .times(1),
    );
    let output = world
        .runnerctl()
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let message = stderr(&output);
    let waits: Vec<&str> = message
        .lines()
        .filter(|line| line.contains("waiting"))
        .collect();
    assert_eq!(waits.len(), 1, "{message}");
    assert!(waits[0].contains("6 s"), "{message}");
    assert!(waits[0].contains("/api/v4/user"), "{message}");
    assert!(waits[0].contains("429"), "{message}");
    assert_no_token_text(&output, ADMIN_TOKEN);
}

#[test]
fn a_short_wait_is_not_announced() {
    let world = World::new(fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 503,
            retry_after: Some(1),
        })
        .method("GET")
        .path("/api/v4/user")
        .times(1),
    );
    let output = world
        .runnerctl()
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("waiting"), "{}", stderr(&output));
}
