//! prune on a terminal: the plan is shown, the operator answers, and only then are runners
//! deleted. A runner that makes contact while the prompt waits is not deleted on the strength
//! of the read made before it. The terminal is a pseudo-terminal from util-linux `script`.

mod support;
#[path = "support/system.rs"]
mod system;

use std::io::Write;
use std::time::{Duration, Instant};

use chrono::Utc;
use fake_gitlab::RunnerSeed;
use support::*;

#[test]
fn a_runner_that_makes_contact_while_the_prompt_waits_is_not_deleted() {
    if let Err(reason) = system::have_program("script") {
        system::require_or_skip("a pseudo-terminal (util-linux script)", &reason);
        return;
    }
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let waking = fleet.add_runner(RunnerSeed::group("team").created_ago("2d"));
    let dead = fleet.add_runner(RunnerSeed::group("team").created_ago("2d"));
    let world = World::new(fleet);

    let mut child = spawn_on_terminal(
        &world,
        &[
            "prune",
            "--never-contacted",
            "--older-than",
            "1d",
            "-g",
            "team",
        ],
    );
    let mut stdin = child.stdin.take().expect("stdin");

    // Wait until the plan has been read (the runner list is a GraphQL POST), then let one
    // planned runner call GitLab, as a host that just came up would, before answering.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !world
        .gitlab
        .requests()
        .iter()
        .any(|r| r.method == "POST" && r.path.ends_with("/api/graphql"))
    {
        assert!(Instant::now() < deadline, "prune never read its plan");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_millis(700));
    world
        .gitlab
        .with_state(|state| state.heartbeat_runner(waking, Utc::now()));
    let _ = stdin.write_all(b"y");
    let _ = stdin.flush();

    while child.try_wait().expect("wait").is_none() {
        assert!(Instant::now() < deadline, "prune hung on the terminal");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(stdin);
    let output = child.wait_with_output().expect("output");
    let screen = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{screen}");
    world.gitlab.with_state(|state| {
        assert!(
            state.runner(waking).is_some(),
            "the runner that made contact was deleted: {screen}"
        );
        assert!(state.runner(dead).is_none(), "{screen}");
    });
    assert!(screen.contains("no longer matches"), "{screen}");
}
