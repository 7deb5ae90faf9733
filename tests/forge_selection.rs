//! Which forge a command talks to (the contract's "which forge" row): `--forge` and
//! `RUNNERCTL_FORGE` decide; the variables say it without a request; only a `--url` nothing
//! explains is asked of the server, in the contract's order; two forges' variables are a
//! usage error.

mod support;

use std::io::{Read, Write};
use std::net::TcpListener;

use support::{Fleet, World, json, runnerctl_in, stderr};

/// A server that answers 404 to everything, counting the requests it saw.
fn not_a_forge() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let read = stream.read(&mut buffer).unwrap_or(0);
            let request = String::from_utf8_lossy(&buffer[..read]).to_string();
            let line = request.lines().next().unwrap_or("").to_string();
            log.lock().unwrap().push(line);
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-type: text/html\r\ncontent-length: 9\r\nconnection: close\r\n\r\nnot found",
            );
        }
    });
    (url, seen)
}

#[test]
fn two_forges_variables_without_forge_are_a_usage_error_naming_them() {
    let home = tempfile::tempdir().unwrap();
    let output = runnerctl_in(home.path())
        .env("GITLAB_URL", "https://gitlab.example.com")
        .env("GITEA_URL", "https://gitea.example.com")
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let error = json(&output)["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        error.contains("GITLAB_URL") && error.contains("GITEA_URL"),
        "{error}"
    );
    assert!(error.contains("--forge"), "{error}");
}

#[test]
fn a_url_nothing_explains_is_asked_of_the_server_and_unknown_is_exit_1_naming_url_and_forge() {
    let (url, seen) = not_a_forge();
    let home = tempfile::tempdir().unwrap();
    let output = runnerctl_in(home.path())
        .args(["--url", &url, "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains(&url) && text.contains("--forge"), "{text}");
    let paths: Vec<String> = seen.lock().unwrap().clone();
    assert_eq!(
        paths,
        [
            "GET /api/forgejo/v1/version HTTP/1.1",
            "GET /api/v1/version HTTP/1.1",
            "GET /api/v4/version HTTP/1.1",
            "GET /api/ping HTTP/1.1",
        ],
        "the contract's order, one request each"
    );
}

#[test]
fn a_gitlab_found_by_asking_is_gitlab_and_gitlab_variables_ask_nothing() {
    let world = World::new(Fleet::with_standard_users());
    let home = tempfile::tempdir().unwrap();
    let output = runnerctl_in(home.path())
        .env("RUNNERCTL_KEYRING", "none")
        .args(["--url", &world.gitlab.url(), "list", "--format", "json"])
        .output()
        .unwrap();
    // No token: GitLab's own answer, reached after detection found GitLab.
    let probes: Vec<String> = world
        .gitlab
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert!(
        probes.iter().any(|p| p == "/api/v4/version"),
        "{probes:?}\n{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("--forge"), "{}", stderr(&output));

    world.gitlab.clear_requests();
    let output = world
        .runnerctl()
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        world
            .gitlab
            .requests()
            .iter()
            .all(|r| !r.path.contains("version")),
        "GITLAB_URL is GitLab without asking"
    );
}

#[test]
fn forge_flag_and_variable_choose_the_forge_without_asking() {
    let (url, seen) = not_a_forge();
    let home = tempfile::tempdir().unwrap();
    let output = runnerctl_in(home.path())
        .env("RUNNERCTL_FORGE", "semaphore")
        .args(["--url", &url, "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("Semaphore"), "{}", stderr(&output));
    assert!(seen.lock().unwrap().is_empty(), "--forge asks nothing");

    let output = runnerctl_in(home.path())
        .args(["--forge", "github", "list"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}
