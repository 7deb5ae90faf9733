//! `pause`, `resume` and `update` through the binary against the fake GitLab.

mod support;

use support::*;

const RUNNER: u64 = 42;

fn fleet_with(tags: &[&str], run_untagged: bool) -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_runner(fake_gitlab::RunnerSeed {
        id: Some(RUNNER),
        ..fake_gitlab::RunnerSeed::group("team")
            .tags(tags)
            .run_untagged(run_untagged)
            .description("build host")
    });
    fleet
}

fn tags_of(world: &World) -> Vec<String> {
    world
        .gitlab
        .with_state(|state| state.runner(RUNNER).unwrap().tag_list.clone())
}

fn writes(world: &World) -> Vec<String> {
    world
        .gitlab
        .requests()
        .into_iter()
        .filter(|request| request.method != "GET")
        .map(|request| format!("{} {}", request.method, request.path))
        .collect()
}

fn results(output: &std::process::Output) -> serde_json::Value {
    json(output)["results"].clone()
}

#[test]
fn update_add_tag_keeps_the_other_tags() {
    let world = World::new(fleet_with(&["linux", "docker"], true));
    let output = world
        .runnerctl()
        .args(["update", "42", "--add-tag", "gpu", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        results(&output),
        serde_json::json!([{"runner_id": 42, "action": "updated", "reason": null}])
    );
    assert_eq!(tags_of(&world), vec!["linux", "docker", "gpu"]);
    let put = world
        .gitlab
        .requests()
        .into_iter()
        .find(|request| request.method == "PUT")
        .expect("one PUT");
    assert_eq!(put.path, "/api/v4/runners/42");
    let body: serde_json::Value = serde_json::from_str(&put.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"tag_list": ["linux", "docker", "gpu"]}),
        "only the tags are sent"
    );
}

#[test]
fn update_add_and_remove_edit_the_set_and_tags_replace_it() {
    let world = World::new(fleet_with(&["linux", "docker", "old"], true));
    let output = world
        .runnerctl()
        .args([
            "update",
            "42",
            "--remove-tag",
            "old",
            "--add-tag",
            "new",
            "--description",
            "renamed",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(tags_of(&world), vec!["linux", "docker", "new"]);
    assert!(stdout(&output).contains("Updated runner 42"));
    world.gitlab.with_state(|state| {
        assert_eq!(state.runner(RUNNER).unwrap().description, "renamed");
    });

    let output = world
        .runnerctl()
        .args(["update", "42", "--tags", "a,b", "--tag", "c"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let mut tags = tags_of(&world);
    tags.sort();
    assert_eq!(tags, vec!["a", "b", "c"]);
}

#[test]
fn update_maximum_timeout_below_600_is_refused_before_any_request() {
    let world = World::new(fleet_with(&["linux"], true));
    let output = world
        .runnerctl()
        .args(["update", "42", "--maximum-timeout", "100"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--maximum-timeout"));
    assert!(
        world.gitlab.requests().is_empty(),
        "the fake saw {:?}",
        world.gitlab.requests()
    );
}

#[test]
fn update_with_nothing_to_change_is_a_usage_error() {
    let world = World::new(fleet_with(&["linux"], true));
    let output = world.runnerctl().args(["update", "42"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("nothing to change"));
    assert!(world.gitlab.requests().is_empty());
}

#[test]
fn removing_the_last_tag_of_a_tagged_only_runner_is_refused_before_the_put() {
    let world = World::new(fleet_with(&["linux"], false));
    for args in [
        vec!["update", "42", "--remove-tag", "linux"],
        vec!["update", "42", "--remove-tag", "linux", "--no-run-untagged"],
    ] {
        let output = world.runnerctl().args(&args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("no tags"), "{}", stderr(&output));
    }
    assert!(writes(&world).is_empty(), "no PUT: {:?}", writes(&world));
    assert_eq!(tags_of(&world), vec!["linux"]);

    // Replacing the set with nothing while refusing untagged jobs needs no request at all.
    world.gitlab.clear_requests();
    let output = world
        .runnerctl()
        .args(["update", "42", "--tags", "", "--no-run-untagged"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(world.gitlab.requests().is_empty());

    // With --run-untagged the last tag may go.
    let output = world
        .runnerctl()
        .args(["update", "42", "--remove-tag", "linux", "--run-untagged"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(tags_of(&world).is_empty());
}

#[test]
fn update_tags_and_add_tag_together_are_a_usage_error() {
    let world = World::new(fleet_with(&["linux"], true));
    let output = world
        .runnerctl()
        .args(["update", "42", "--tag", "a", "--add-tag", "b"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(world.gitlab.requests().is_empty());
}

#[test]
fn pause_and_resume_flip_paused() {
    let world = World::new(fleet_with(&["linux"], true));
    let paused = || {
        world
            .gitlab
            .with_state(|state| state.runner(RUNNER).unwrap().paused)
    };
    assert!(!paused());

    let output = world
        .runnerctl()
        .args(["pause", "42", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        results(&output),
        serde_json::json!([{"runner_id": 42, "action": "updated", "reason": null}])
    );
    assert!(paused());

    let output = world.runnerctl().args(["resume", "42"]).output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("Resumed runner 42"));
    assert!(!paused());
    assert_eq!(
        writes(&world),
        vec!["PUT /api/v4/runners/42", "PUT /api/v4/runners/42"]
    );
}

#[test]
fn pause_by_name_uses_the_config_entry_id_and_url() {
    let world = World::new(fleet_with(&["linux"], true));
    std::fs::write(
        world.config_file(),
        format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"host1\"\n  url = \"{}\"\n  id = 42\n  \
             token = \"glrt-not-used-here\"\n  executor = \"shell\"\n",
            world.gitlab.url()
        ),
    )
    .unwrap();
    // The resolved GitLab URL points nowhere: only the entry's own url can work, with the
    // token saved for it (GITLAB_TOKEN goes only to GITLAB_URL).
    world.save_api_token(&world.gitlab.url(), ADMIN_TOKEN);
    let output = world
        .runnerctl()
        .env("GITLAB_URL", "http://127.0.0.1:9")
        .args(["pause", "--name", "host1", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(results(&output)[0]["runner_id"], 42);
    assert!(
        world
            .gitlab
            .with_state(|state| state.runner(RUNNER).unwrap().paused)
    );

    let output = world
        .runnerctl()
        .args(["pause", "--name", "nobody"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no [[runners]] entry named"));
}

#[test]
fn pausing_an_unknown_runner_fails_with_a_failed_result() {
    let world = World::new(fleet_with(&["linux"], true));
    let output = world
        .runnerctl()
        .args(["pause", "4242", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let results = results(&output);
    assert_eq!(results[0]["runner_id"], 4242);
    assert_eq!(results[0]["action"], "failed");
    assert!(results[0]["reason"].as_str().unwrap().contains("404"));
}
