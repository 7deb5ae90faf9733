//! The GitLab client against the fake: pagination to the end, retries as the contract says.

mod support;

use std::time::Duration;

use runnerctl::gitlab::{ApiError, Client, ClientOptions};
use runnerctl::gitlab::{Call, RetryPolicy};
use runnerctl::instance_url::InstanceUrl;
use runnerctl::token::ApiToken;
use support::*;

fn client(gitlab: &FakeGitLab) -> Client {
    let options = ClientOptions {
        backoff: Duration::from_millis(10),
        ..ClientOptions::default()
    };
    Client::new(
        InstanceUrl::parse(&gitlab.url()).unwrap(),
        Some(ApiToken::new(ADMIN_TOKEN)),
        options,
    )
    .unwrap()
}

#[derive(serde::Deserialize)]
struct Listed {
    id: u64,
}

fn fleet_with_runners(count: usize) -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    for _ in 0..count {
        fleet.add_runner(fake_gitlab::RunnerSeed::group("team"));
    }
    fleet
}

#[test]
fn follows_pagination_to_the_end_over_250_runners() {
    let gitlab = FakeGitLab::start(fleet_with_runners(250)).unwrap();
    let runners: Vec<Listed> = client(&gitlab)
        .get_all(&Call::get("/runners/all", "list runners"))
        .unwrap();
    assert_eq!(runners.len(), 250);
    let mut ids: Vec<u64> = runners.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 250, "no runner twice");
    let pages = gitlab
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v4/runners/all")
        .count();
    assert_eq!(pages, 3, "100 a page");
}

#[test]
fn reads_are_retried_on_502_503_504_but_only_three_times() {
    let gitlab = FakeGitLab::start(fleet_with_runners(1)).unwrap();
    gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 503,
            retry_after: None,
        })
        .path("/api/v4/user")
        .times(3),
    );
    assert!(client(&gitlab).current_user().is_ok());
    gitlab.clear_requests();
    gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 502,
            retry_after: None,
        })
        .path("/api/v4/user")
        .times(4),
    );
    let error = client(&gitlab).current_user().unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(gitlab.requests().len(), 4, "one try and three retries");
}

#[test]
fn creating_posts_are_retried_only_on_429() {
    let gitlab = FakeGitLab::start(fleet_with_runners(0)).unwrap();
    gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 503,
            retry_after: None,
        })
        .method("POST")
        .times(1),
    );
    let call = Call::new(reqwest::Method::POST, "/user/runners", "create a runner")
        .body(serde_json::json!({"runner_type": "instance_type"}));
    assert_eq!(call.retry, RetryPolicy::OnlyRateLimited);
    let error = client(&gitlab)
        .send::<serde_json::Value>(&call)
        .unwrap_err();
    assert!(matches!(error, ApiError::Server { status: 503, .. }));
    assert!(error.may_have_run());
    assert_eq!(gitlab.requests().len(), 1);
}

#[test]
fn dropped_connections_are_retried_for_reads() {
    let gitlab = FakeGitLab::start(fleet_with_runners(0)).unwrap();
    gitlab.inject(
        Fault::new(FaultKind::DropConnection)
            .path("/api/v4/user")
            .times(2),
    );
    assert!(client(&gitlab).current_user().is_ok());
}

#[test]
fn fan_out_keeps_order_and_bounds_concurrency() {
    let gitlab = FakeGitLab::start(fleet_with_runners(0)).unwrap();
    let client = client(&gitlab);
    let in_flight = std::sync::atomic::AtomicUsize::new(0);
    let peak = std::sync::atomic::AtomicUsize::new(0);
    let items: Vec<u32> = (0..40).collect();
    let results = client.fan_out(&items, |item| {
        let now = in_flight.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        peak.fetch_max(now, std::sync::atomic::Ordering::SeqCst);
        std::thread::sleep(Duration::from_millis(5));
        in_flight.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
        item * 2
    });
    assert_eq!(results, items.iter().map(|i| i * 2).collect::<Vec<_>>());
    assert!(peak.load(std::sync::atomic::Ordering::SeqCst) <= 8);
    assert!(peak.load(std::sync::atomic::Ordering::SeqCst) > 1);
}
