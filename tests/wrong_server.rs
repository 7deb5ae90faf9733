//! What answers is really GitLab's API: an HTML page, a login page, a base URL with `/api/v4`
//! pasted in, a dropped connection, and GraphQL's own error answers are each named for what they
//! are, with the URL that was tried, and never by pasting the page.

mod support;

use fake_gitlab::{GRAPHQL_TIMEOUT_MESSAGE, RunnerSeed};
use serde_json::Value;
use support::*;

fn findings(document: &Value) -> Vec<Value> {
    document["findings"].as_array().cloned().unwrap_or_default()
}

fn team_fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    fleet.add_runner(RunnerSeed::group("team").contacted_ago("1m"));
    fleet
}

/// Nothing of the page reaches the operator: no markup, no form field, nothing long.
fn assert_no_page_pasted(output: &std::process::Output) {
    let all = format!("{}{}", stdout(output), stderr(output));
    for piece in ["<html", "<!DOCTYPE", "<form", "authenticity_token", "CSRF"] {
        assert!(!all.contains(piece), "{piece} pasted:\n{all}");
    }
    for line in all.lines() {
        assert!(
            line.len() < 700,
            "a line of {} characters:\n{line}",
            line.len()
        );
    }
}

fn doctor_unreachable_cause(output: &std::process::Output) -> (String, Value) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    let document = json(output);
    let all = findings(&document);
    assert_eq!(all.len(), 1, "{document:#}");
    assert_eq!(all[0]["id"], "gitlab.unreachable", "{document:#}");
    (
        all[0]["evidence"]["cause"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
        all[0].clone(),
    )
}

#[test]
fn doctor_calls_an_html_answer_not_gitlab() {
    for status in [200, 401, 404] {
        let world = World::new(team_fleet());
        world.gitlab.inject(Fault::new(FaultKind::Html { status }));
        let output = world
            .runnerctl()
            .env_remove("CONFIG_FILE")
            .args(["doctor", "-g", "team", "--format", "json"])
            .output()
            .unwrap();
        let (cause, finding) = doctor_unreachable_cause(&output);
        assert_eq!(cause, "not_gitlab", "{status}: {finding:#}");
        assert_eq!(finding["evidence"]["url"], world.gitlab.url());
        assert_no_page_pasted(&output);
    }
}

#[test]
fn doctor_calls_a_base_url_with_api_v4_not_gitlab_and_says_to_drop_it() {
    let world = World::new(team_fleet());
    let pasted = format!("{}/api/v4", world.gitlab.url());
    let output = world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .env("GITLAB_URL", &pasted)
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    let (cause, finding) = doctor_unreachable_cause(&output);
    assert_eq!(cause, "not_gitlab", "{finding:#}");
    let fix = finding["fix"].as_str().unwrap_or_default();
    assert!(fix.contains("/api/v4"), "{fix}");
    assert!(
        fix.contains(&format!("--url {}", world.gitlab.url())),
        "{fix}"
    );
}

#[test]
fn every_command_says_an_html_page_is_not_gitlab_and_shows_the_url_tried() {
    let world = World::new(team_fleet());
    world
        .gitlab
        .inject(Fault::new(FaultKind::Html { status: 200 }));
    let commands: [&[&str]; 3] = [
        &["list", "-g", "team"],
        &["list"],
        &["create", "-p", "team/app"],
    ];
    for args in commands {
        let output = world.runnerctl().args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        let text = stderr(&output);
        assert!(
            text.contains("does not look like GitLab's API"),
            "{args:?}: {text}"
        );
        assert!(
            text.contains(&format!("{}/api/", world.gitlab.url())),
            "{args:?} names no URL tried: {text}"
        );
        assert_no_page_pasted(&output);
    }
}

#[test]
fn a_base_url_with_api_v4_gets_a_hint_to_drop_it_in_every_command() {
    let world = World::new(team_fleet());
    let pasted = format!("{}/api/v4", world.gitlab.url());
    for args in [&["list", "-g", "team"][..], &["list"][..]] {
        let output = world
            .runnerctl()
            .env("GITLAB_URL", &pasted)
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        let text = stderr(&output);
        assert!(text.contains("does not look like GitLab's API"), "{text}");
        assert!(text.contains("/api/v4/api/"), "the URL tried: {text}");
        assert!(
            text.contains(&format!("--url {}", world.gitlab.url())),
            "{text}"
        );
    }
}

#[test]
fn a_connection_closed_after_sending_is_cause_dropped() {
    let world = World::new(team_fleet());
    world.gitlab.inject(Fault::new(FaultKind::DropConnection));
    let output = world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    let (cause, finding) = doctor_unreachable_cause(&output);
    assert_eq!(cause, "dropped", "{finding:#}");
}

#[test]
fn graphql_error_messages_on_non_200_answers_reach_the_user() {
    let world = World::new(team_fleet());
    // graphql_controller.rb answers a bad variable with 422 and its own errors list.
    world.gitlab.inject(
        Fault::new(FaultKind::GraphqlError {
            status: 422,
            message: "Variable $after of type String was provided invalid value".to_string(),
        })
        .path("/api/graphql"),
    );
    let output = world
        .runnerctl()
        .args(["list", "-g", "team"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(
        text.contains("Variable $after of type String was provided invalid value"),
        "{text}"
    );
}

#[test]
fn a_graphql_timeout_is_not_retried_and_names_the_query() {
    let world = World::new(team_fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::GraphqlError {
            status: 503,
            message: GRAPHQL_TIMEOUT_MESSAGE.to_string(),
        })
        .path("/api/graphql"),
    );
    let output = world
        .runnerctl()
        .args(["list", "-g", "team"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("timed out"), "{text}");
    assert!(text.contains("the runners of group team"), "{text}");
    assert!(
        text.contains("smaller"),
        "no smaller scope suggested: {text}"
    );
    let graphql = world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.path == "/api/graphql")
        .count();
    assert_eq!(graphql, 1, "a timed-out query is not sent again");
}

#[test]
fn a_login_page_answering_register_s_verify_is_not_taken_for_a_refused_token() {
    let world = World::new(team_fleet());
    world
        .gitlab
        .inject(Fault::new(FaultKind::Html { status: 403 }));
    let output = world
        .runnerctl()
        .args(["register", "--token-stdin", "--executor", "shell"])
        .write_stdin("glrt-some-runner-token-00\n")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("does not look like GitLab's API"), "{text}");
    assert!(!text.contains("refused the runner token"), "{text}");
    assert!(!world.config_file().exists());
    assert_no_page_pasted(&output);
}

#[test]
fn doctor_calls_a_json_server_that_is_not_gitlab_not_gitlab() {
    // Another JSON API at the URL: its own 404 for `GET /api/v4/user`, which every GitLab has.
    let world = World::new(team_fleet());
    world.gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 404,
            retry_after: None,
        })
        .path("/api/v4/user"),
    );
    let output = world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    let (cause, finding) = doctor_unreachable_cause(&output);
    assert_eq!(cause, "not_gitlab", "{finding:#}");
}

#[test]
fn a_redirect_to_the_sign_in_page_is_not_gitlab() {
    let world = World::new(team_fleet());
    // Only the API routes: the sign-in page itself answers.
    world
        .gitlab
        .inject(Fault::new(FaultKind::LoginRedirect).path("/api/v4/*"));
    let output = world.runnerctl().args(["list"]).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("does not look like GitLab's API"), "{text}");
    assert!(
        text.contains("Sign in"),
        "names the page by its title: {text}"
    );
    assert_no_page_pasted(&output);
}

/// A DELETE answered 200 with a page (a proxy's or a sign-in page) did not reach GitLab's API:
/// it is not taken for GitLab's empty 204, so nothing is reported deleted that still exists.
#[test]
fn an_html_page_answering_a_delete_is_not_taken_for_a_deletion() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let token = "glrt-html-delete-token-0000";
    fleet.add_runner(RunnerSeed::group("team").token(token));
    // Never contacted, for prune (registering the first one records a contact).
    let runner = fleet.add_runner(RunnerSeed::group("team"));
    let world = World::new(fleet);
    let register = world
        .runnerctl()
        .args([
            "register",
            "--token-stdin",
            "--executor",
            "shell",
            "--name",
            "host1",
        ])
        .write_stdin(token)
        .output()
        .unwrap();
    assert!(register.status.success(), "{}", stderr(&register));
    world
        .gitlab
        .inject(Fault::new(FaultKind::Html { status: 200 }).method("DELETE"));

    let unregister = world
        .runnerctl()
        .args(["unregister", "--name", "host1", "--format", "json"])
        .output()
        .unwrap();
    let text = stderr(&unregister);
    assert_eq!(unregister.status.code(), Some(1), "{text}");
    assert_ne!(
        json(&unregister)["results"][0]["action"],
        "deleted",
        "{text}"
    );
    assert!(text.contains("does not look like GitLab's API"), "{text}");
    assert!(
        std::fs::read_to_string(world.config_file())
            .unwrap()
            .contains("host1"),
        "the entry is kept"
    );
    assert_no_page_pasted(&unregister);

    let prune = world
        .runnerctl()
        .args([
            "prune",
            "--never-contacted",
            "-g",
            "team",
            "--yes",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let text = stderr(&prune);
    assert_eq!(prune.status.code(), Some(1), "{text}");
    let document = json(&prune);
    let results = document["results"].as_array().cloned().unwrap_or_default();
    assert!(!results.is_empty(), "{document:#}");
    assert!(
        results.iter().all(|result| result["action"] != "deleted"),
        "{document:#}"
    );
    world.gitlab.with_state(|state| {
        assert!(state.runner(runner).is_some(), "the runner still exists");
    });
    assert_no_page_pasted(&prune);
}
