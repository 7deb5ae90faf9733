//! The contract's network options beyond timeouts and retries: proxies and a private CA file.

mod support;

use support::*;

#[test]
fn requests_go_through_the_proxy_from_the_environment() {
    // The fake GitLab answers proxied requests too, so it stands in for the proxy: the host in
    // GITLAB_URL does not exist, and only a request sent through the proxy can succeed.
    let world = World::new(Fleet::with_standard_users());
    let output = world
        .runnerctl()
        .env("GITLAB_URL", "http://gitlab.runnerctl-test.invalid")
        .env("HTTP_PROXY", world.gitlab.url())
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["username"], "root");
    assert!(
        world
            .gitlab
            .requests()
            .iter()
            .any(|r| r.path == "/api/v4/user")
    );
}

#[test]
fn no_proxy_sends_the_request_directly() {
    let world = World::new(Fleet::with_standard_users());
    let output = world
        .runnerctl()
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .env("NO_PROXY", "127.0.0.1")
        .args(["auth", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_missing_or_empty_ca_file_is_named() {
    let world = World::new(Fleet::with_standard_users());
    let missing = world.path("no-such-ca.pem");
    let output = world
        .runnerctl()
        .arg("--ca-file")
        .arg(&missing)
        .args(["auth", "status"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("no-such-ca.pem"),
        "{}",
        stderr(&output)
    );

    let garbage = world.path("garbage.pem");
    std::fs::write(&garbage, "not a certificate").unwrap();
    let output = world
        .runnerctl()
        .env("SSL_CERT_FILE", &garbage)
        .args(["auth", "status"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("garbage.pem"),
        "{}",
        stderr(&output)
    );
    assert!(world.gitlab.requests().is_empty());
}
