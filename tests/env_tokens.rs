//! `GITLAB_TOKEN` goes only to the URL resolved from `--url`/env/saved: a config.toml entry
//! on another GitLab gets the token saved for its own URL, or nothing and an error naming both.

mod support;

use support::*;

const RUNNER: u64 = 42;
const RUNNER_TOKEN: &str = "glrt-entry-token-abcdefghij";

/// The GitLab the config.toml entry points at, where a maintainer owns group `team`.
fn entry_gitlab() -> FakeGitLab {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_member("maintainer", "team", fake_gitlab::OWNER);
    fleet.add_runner(fake_gitlab::RunnerSeed {
        id: Some(RUNNER),
        ..fake_gitlab::RunnerSeed::group("team").token(RUNNER_TOKEN)
    });
    FakeGitLab::start(fleet).expect("the entry's fake GitLab starts")
}

fn install_config(world: &World, url: &str) {
    std::fs::write(
        world.config_file(),
        format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"host1\"\n  url = \"{url}\"\n  id = {RUNNER}\n  \
             token = \"{RUNNER_TOKEN}\"\n  executor = \"shell\"\n"
        ),
    )
    .unwrap();
}

/// The API tokens `gitlab` received, one per request that carried one.
fn api_tokens_seen(gitlab: &FakeGitLab) -> Vec<String> {
    gitlab
        .requests()
        .iter()
        .filter_map(|request| request.header("private-token").map(str::to_string))
        .collect()
}

#[test]
fn env_token_never_reaches_a_config_entry_on_another_gitlab() {
    let world = World::new(Fleet::with_standard_users());
    let entry = entry_gitlab();
    install_config(&world, &entry.url());

    let rotate = world
        .runnerctl()
        .args(["rotate", "--name", "host1"])
        .output()
        .unwrap();
    let message = stderr(&rotate);
    assert_eq!(rotate.status.code(), Some(1), "{message}");
    assert!(
        message.contains(&world.gitlab.url()) && message.contains(&entry.url()),
        "the error names both URLs: {message}"
    );
    assert!(
        message.contains(&format!("auth login --url {}", entry.url())),
        "{message}"
    );

    let status = world
        .runnerctl()
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    assert_eq!(
        json(&status)["entries"][0]["contact_state"],
        serde_json::Value::Null
    );
    assert!(
        stderr(&status).contains(&entry.url()),
        "{}",
        stderr(&status)
    );

    let unregister = world
        .runnerctl()
        .args(["unregister", "--name", "host1", "--delete-runner", "--yes"])
        .output()
        .unwrap();
    assert_eq!(unregister.status.code(), Some(1), "{}", stderr(&unregister));
    assert!(
        std::fs::read_to_string(world.config_file())
            .unwrap()
            .contains("host1"),
        "the entry is kept"
    );

    assert_eq!(api_tokens_seen(&entry), Vec::<String>::new());
    entry.with_state(|state| {
        assert_eq!(
            state.runner(RUNNER).unwrap().token,
            RUNNER_TOKEN,
            "not rotated"
        );
    });
}

#[test]
fn entry_on_another_gitlab_uses_the_token_saved_for_its_url() {
    let world = World::new(Fleet::with_standard_users());
    let entry = entry_gitlab();
    install_config(&world, &entry.url());
    world.save_api_token(&entry.url(), MAINTAINER_TOKEN);
    entry.clear_requests();

    let rotate = world
        .runnerctl()
        .args(["rotate", "--name", "host1"])
        .output()
        .unwrap();
    assert!(rotate.status.success(), "{}", stderr(&rotate));
    let seen = api_tokens_seen(&entry);
    assert!(!seen.is_empty());
    assert!(
        seen.iter().all(|token| token == MAINTAINER_TOKEN),
        "only the token saved for the entry's URL: {seen:?}"
    );
    assert!(
        world.gitlab.requests().is_empty(),
        "nothing went to GITLAB_URL"
    );
}

/// `GITLAB_TOKEN` with no URL at all (glab's default for it is gitlab.com) is given for no
/// GitLab in particular: a config.toml entry does not make its `url` the token's destination.
#[test]
fn env_token_without_any_url_never_reaches_a_config_entrys_gitlab() {
    let world = World::new(Fleet::with_standard_users());
    let entry = entry_gitlab();
    install_config(&world, &entry.url());
    let runnerctl = || {
        let mut command = world.runnerctl();
        command.env_remove("GITLAB_URL");
        command
    };

    let rotate = runnerctl()
        .args(["rotate", "--name", "host1"])
        .output()
        .unwrap();
    let message = stderr(&rotate);
    assert_eq!(rotate.status.code(), Some(1), "{message}");
    assert!(message.contains(&entry.url()), "{message}");
    assert!(
        message.contains(&format!("GITLAB_URL={}", entry.url())),
        "names the fix: {message}"
    );

    let pause = runnerctl()
        .args(["pause", "--name", "host1"])
        .output()
        .unwrap();
    assert_eq!(pause.status.code(), Some(1), "{}", stderr(&pause));

    let status = runnerctl()
        .args(["status", "--format", "json"])
        .output()
        .unwrap();
    assert!(status.status.success(), "{}", stderr(&status));
    assert_eq!(
        json(&status)["entries"][0]["contact_state"],
        serde_json::Value::Null
    );

    // doctor still runs its local checks, and says why the API was left out.
    let doctor = runnerctl()
        .args(["doctor", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        stderr(&doctor).contains(&format!("GITLAB_URL={}", entry.url())),
        "{}",
        stderr(&doctor)
    );
    assert!(
        json(&doctor)["checked"]["config_entries"] == 1,
        "{}",
        stdout(&doctor)
    );

    assert_eq!(api_tokens_seen(&entry), Vec::<String>::new());
    assert!(world.gitlab.requests().is_empty());
    entry.with_state(|state| {
        let runner = state.runner(RUNNER).unwrap();
        assert_eq!(runner.token, RUNNER_TOKEN, "not rotated");
        assert!(!runner.paused, "not paused");
    });
}

/// `doctor --verify-tokens` sends an entry's runner token only to the entry's own GitLab: an
/// entry without `url` names none, so its token goes nowhere (gitlab-runner could not use it
/// either).
#[test]
fn verify_tokens_never_sends_a_url_less_entrys_token_to_the_resolved_gitlab() {
    let world = World::new(Fleet::with_standard_users());
    let orphan = "glrt-no-url-entry-token-0000";
    std::fs::write(
        world.config_file(),
        format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"nourl\"\n  token = \"{orphan}\"\n  \
             executor = \"shell\"\n"
        ),
    )
    .unwrap();
    std::fs::write(world.path(".runner_system_id"), "s_0123456789ab\n").unwrap();
    let output = world
        .runnerctl()
        .args(["doctor", "--verify-tokens", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.code().is_some(), "{}", stderr(&output));
    let leaked: Vec<_> = world
        .gitlab
        .requests()
        .into_iter()
        .filter(|request| request.body.contains(orphan))
        .collect();
    assert!(leaked.is_empty(), "sent to GITLAB_URL: {leaked:?}");
    assert_no_token_text(&output, orphan);
}

/// Credentials written into an entry's `url` (`https://user:TOKEN@host`, for a proxy's basic
/// auth) are secrets: `status` shows the entry's URL without them.
#[test]
fn status_never_shows_credentials_from_an_entry_url() {
    let world = World::new(Fleet::with_standard_users());
    let secret = "glpat-InUrlAbcdefghij123";
    let url = world
        .gitlab
        .url()
        .replacen("://", &format!("://oauth2:{secret}@"), 1);
    install_config(&world, &url);
    for format in ["human", "json"] {
        let output = world
            .runnerctl()
            .args(["status", "--format", format])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        assert_no_token_text(&output, secret);
        assert!(
            stdout(&output).contains(&world.gitlab.url().replace("http://", "")),
            "the host is still shown: {}",
            stdout(&output)
        );
    }
}
