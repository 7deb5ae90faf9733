//! Shared helpers for the fake's own tests.
#![allow(dead_code)]

use std::time::Duration;

use fake_gitea::FakeGitea;
use reqwest::blocking::{Client, RequestBuilder, Response};
use serde_json::Value;

pub fn client() -> Client {
    Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
}

pub fn call(gitea: &FakeGitea, method: &str, token: Option<&str>, path: &str) -> RequestBuilder {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = client().request(method, format!("{}{path}", gitea.url()));
    if let Some(token) = token {
        request = request.header("Authorization", format!("token {token}"));
    }
    request
}

pub fn get(gitea: &FakeGitea, token: &str, path: &str) -> Response {
    call(gitea, "GET", Some(token), path)
        .send()
        .expect("request")
}

pub fn status_and_json(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().expect("body");
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub fn header(response: &Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .map(|v| v.to_str().expect("ascii header").to_string())
}

pub fn connect(
    gitea: &FakeGitea,
    method: &str,
    body: Value,
    runner: Option<(&str, &str)>,
) -> (u16, Value) {
    let mut request = client()
        .post(format!(
            "{}/api/actions/runner.v1.RunnerService/{method}",
            gitea.url()
        ))
        .header("Content-Type", "application/json")
        .body(body.to_string());
    if let Some((uuid, token)) = runner {
        request = request
            .header("x-runner-uuid", uuid)
            .header("x-runner-token", token);
    }
    status_and_json(request.send().expect("request"))
}
