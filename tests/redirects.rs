//! A redirect never carries a token, a header or a body to another host: a 3xx to another
//! origin (scheme, host or port) is an error naming both URLs and `--url NEW`, whatever the
//! method; one to the same origin is followed at most 5 times, 307/308 keeping method and body.

mod support;

use support::*;

const RUNNER: u64 = 42;

fn fleet() -> (Fleet, u64) {
    let mut fleet = Fleet::with_standard_users();
    let group = fleet.add_group("team");
    fleet.add_runner(fake_gitlab::RunnerSeed {
        id: Some(RUNNER),
        ..fake_gitlab::RunnerSeed::group("team")
    });
    (fleet, group)
}

/// A second GitLab, the redirect's target: it must never hear from runnerctl.
fn elsewhere() -> FakeGitLab {
    FakeGitLab::start(fleet().0).expect("second fake GitLab starts")
}

fn redirect(status: u16, location: String) -> FaultKind {
    FaultKind::Redirect { status, location }
}

#[test]
fn cross_origin_redirects_reach_no_other_host_for_get_post_and_put() {
    let (fleet, group) = fleet();
    let world = World::new(fleet);
    let other = elsewhere();
    let group_id = group.to_string();
    let runner_id = RUNNER.to_string();
    let commands: [(&str, &str, Vec<&str>); 3] = [
        ("GET", "/api/v4/user", vec!["auth", "status"]),
        (
            "POST",
            "/api/v4/user/runners",
            vec!["create", "-g", &group_id, "--description", "redirected"],
        ),
        ("PUT", "/api/v4/runners/42", vec!["pause", &runner_id]),
    ];
    for (method, path, args) in &commands {
        for status in [301, 302, 307, 308] {
            world.gitlab.clear_faults();
            world.gitlab.clear_requests();
            world.gitlab.inject(
                Fault::new(redirect(status, format!("{}{path}", other.url())))
                    .method(method)
                    .path(path),
            );
            let output = world.runnerctl().args(args).output().unwrap();
            let message = stderr(&output);
            assert_eq!(
                output.status.code(),
                Some(1),
                "{method} {path} answered {status}: {message}"
            );
            assert!(
                other.requests().is_empty(),
                "{method} {path} answered {status} sent to the other host: {:?}",
                other.requests()
            );
            assert!(
                message.contains(&world.gitlab.url()) && message.contains(&other.url()),
                "the error names both URLs: {message}"
            );
            assert!(
                message.contains(&format!("--url {}", other.url())),
                "the error names the fix: {message}"
            );
            assert_no_token_text(&output, ADMIN_TOKEN);
            let sent = world
                .gitlab
                .requests()
                .iter()
                .filter(|r| r.method == *method && r.path == *path)
                .count();
            assert_eq!(sent, 1, "{method} {path} {status} was not retried");
        }
    }
    world
        .gitlab
        .with_state(|state| assert_eq!(state.runners.len(), 1, "no runner was created"));
}

#[test]
fn another_host_name_for_the_same_server_is_another_origin() {
    // Same server, same port, another name: still not the URL the token was given for.
    let (fleet, _) = fleet();
    let world = World::new(fleet);
    let target = world.gitlab.url().replace("127.0.0.1", "localhost");
    world.gitlab.inject(
        Fault::new(redirect(308, format!("{target}/api/v4/user?from=proxy")))
            .path("/api/v4/user")
            .times(1),
    );
    let output = world.runnerctl().args(["auth", "status"]).output().unwrap();
    let message = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{message}");
    assert_eq!(
        world.gitlab.requests().len(),
        1,
        "{:?}",
        world.gitlab.requests()
    );
    assert!(message.contains(&format!("--url {target}")), "{message}");
}

#[test]
fn same_origin_307_is_followed_keeping_method_body_and_token() {
    let (fleet, group) = fleet();
    let world = World::new(fleet);
    world.gitlab.inject(
        Fault::new(redirect(
            307,
            format!("{}/api/v4/user/runners", world.gitlab.url()),
        ))
        .method("POST")
        .path("/api/v4/user/runners")
        .times(1),
    );
    let output = world
        .runnerctl()
        .args([
            "create",
            "-g",
            &group.to_string(),
            "--description",
            "followed",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let posts: Vec<_> = world
        .gitlab
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v4/user/runners")
        .collect();
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert!(posts.iter().all(|r| r.method == "POST"));
    assert_eq!(posts[0].body, posts[1].body, "307 keeps the body");
    assert!(posts[1].body.contains("followed"));
    assert_eq!(posts[1].header("private-token"), Some(ADMIN_TOKEN));
    assert_eq!(json(&output)["description"], "followed");
    world
        .gitlab
        .with_state(|state| assert_eq!(state.runners.len(), 2, "exactly one runner created"));
}

#[test]
fn same_origin_redirects_stop_after_five() {
    let (fleet, _) = fleet();
    let world = World::new(fleet);
    world.gitlab.inject(
        Fault::new(redirect(302, "/api/v4/user".to_string()))
            .method("GET")
            .path("/api/v4/user"),
    );
    let output = world.runnerctl().args(["auth", "status"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("redirect"), "{}", stderr(&output));
    let gets = world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.path == "/api/v4/user")
        .count();
    assert_eq!(gets, 6, "the request and 5 redirects");
}

#[test]
fn doctor_reports_a_cross_origin_redirect_as_unreachable_with_cause_redirect() {
    let (fleet, _) = fleet();
    let world = World::new(fleet);
    let other = elsewhere();
    world
        .gitlab
        .inject(Fault::new(redirect(301, format!("{}/api/v4/x", other.url()))).path("/api/*"));
    let output = world
        .runnerctl()
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(other.requests().is_empty(), "{:?}", other.requests());
    let report = json(&output);
    let findings = report["findings"].as_array().expect("findings");
    let unreachable = findings
        .iter()
        .find(|finding| finding["id"] == "gitlab.unreachable")
        .unwrap_or_else(|| panic!("no gitlab.unreachable: {report}"));
    assert_eq!(
        unreachable["evidence"]["cause"], "redirect",
        "{unreachable}"
    );
    assert_eq!(unreachable["evidence"]["url"], world.gitlab.url());
    assert!(
        unreachable["fix"]
            .as_str()
            .unwrap_or_default()
            .contains(&format!("--url {}", other.url())),
        "{unreachable}"
    );
}

/// 150 group runners of `team`, which the maintainer owns: `list` without a scope reads them
/// from `GET /runners` in two pages.
fn paged_fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_member("maintainer", "team", fake_gitlab::OWNER);
    for n in 0..150 {
        fleet.add_runner(
            fake_gitlab::RunnerSeed::group("team")
                .description(&format!("r{n}"))
                .contacted_ago("1m"),
        );
    }
    fleet
}

#[test]
fn a_next_page_link_to_another_host_is_read_from_gitlab_itself() {
    let world = World::new(paged_fleet());
    let other = elsewhere();
    world.gitlab.inject(
        Fault::new(FaultKind::PaginationHeaders {
            next_page: None,
            link: Some(format!(
                "<{}/api/v4/runners?page=2&per_page=100>; rel=\"next\"",
                other.url()
            )),
        })
        .method("GET")
        .path("/api/v4/runners")
        .times(1),
    );
    let output = world
        .runnerctl_with_token(Some(MAINTAINER_TOKEN))
        .args(["list", "--format", "json"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        json(&output)["runners"].as_array().map(Vec::len),
        Some(150),
        "page 2 came from GitLab's own URL"
    );
    assert!(
        other.requests().is_empty(),
        "the Link's host heard from runnerctl: {:?}",
        other.requests()
    );
}

#[test]
fn a_next_page_that_does_not_move_forward_is_an_error_not_an_endless_walk() {
    let world = World::new(paged_fleet());
    let other = elsewhere();
    for next_page in [
        "1".to_string(),
        format!("{}/api/v4/runners?page=2", other.url()),
    ] {
        world.gitlab.clear_faults();
        world.gitlab.inject(
            Fault::new(FaultKind::PaginationHeaders {
                next_page: Some(next_page.clone()),
                link: None,
            })
            .method("GET")
            .path("/api/v4/runners"),
        );
        let output = world
            .runnerctl_with_token(Some(MAINTAINER_TOKEN))
            .args(["list", "--format", "json"])
            .timeout(std::time::Duration::from_secs(30))
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{next_page}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("next"), "{}", stderr(&output));
    }
    assert!(other.requests().is_empty());
}

#[test]
fn a_graphql_redirect_to_another_host_is_refused() {
    let (fleet, _) = fleet();
    let world = World::new(fleet);
    let other = elsewhere();
    for status in [307, 308, 302] {
        world.gitlab.clear_faults();
        world.gitlab.inject(
            Fault::new(redirect(status, format!("{}/api/graphql", other.url())))
                .method("POST")
                .path("/api/graphql"),
        );
        let output = world
            .runnerctl()
            .args(["list", "-g", "team"])
            .output()
            .unwrap();
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{status}: {message}");
        assert!(
            message.contains(&format!("--url {}", other.url())),
            "{status}: {message}"
        );
        assert_no_token_text(&output, ADMIN_TOKEN);
    }
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}
