//! The binary prints its URL first and stops when stdin closes.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn prints_its_url_and_serves_the_chosen_flavour_until_stdin_closes() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-gitea"))
        .args(["--flavour", "forgejo-15", "--demo"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("url line");
    let url = line.trim().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let body: serde_json::Value = reqwest::blocking::get(format!("{url}/api/v1/version"))
        .and_then(|r| r.json())
        .expect("version");
    assert_eq!(body["version"], "15.0.1+gitea-1.22.0");
    let stats: serde_json::Value = reqwest::blocking::get(format!("{url}/__fake/stats"))
        .and_then(|r| r.json())
        .expect("stats");
    assert_eq!(stats["runners"], 4);
    let reset = reqwest::blocking::Client::new()
        .post(format!("{url}/__fake/reset-registration-token"))
        .body(r#"{"scope": {"org": "team"}}"#)
        .send()
        .expect("reset");
    assert_eq!(reset.status().as_u16(), 200);
    drop(child.stdin.take());
    let status = child.wait().expect("exit");
    assert!(status.success());
}
