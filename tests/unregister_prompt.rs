//! `unregister --delete-runner` on a terminal: it asks once, "no" changes nothing (exit 1),
//! "yes" deletes. The terminal is a pseudo-terminal from util-linux `script`.

mod support;
#[path = "support/system.rs"]
mod system;

use std::time::Duration;

use fake_gitlab::RunnerSeed;
use support::*;

const TOKEN: &str = "glrt-promptpromptprompt01";

fn answer(world: &World, key: &[u8]) -> (Option<i32>, String) {
    let child = spawn_on_terminal(
        world,
        &["unregister", "--name", "host-a", "--delete-runner"],
    );
    // The prompt waits for one key; wait until it is on the terminal.
    let output = answer_on_terminal(child, &[key], Duration::from_millis(1500));
    (output.status.code(), stdout(&output))
}

#[test]
fn delete_runner_asks_on_a_terminal_and_no_changes_nothing() {
    if let Err(reason) = system::have_program("script") {
        system::require_or_skip("a pseudo-terminal (util-linux script)", &reason);
        return;
    }
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let id = fleet.add_runner(RunnerSeed::group("team").token(TOKEN));
    let world = World::new(fleet);
    let output = world
        .runnerctl()
        .args([
            "register",
            "--token-stdin",
            "--executor",
            "shell",
            "--name",
            "host-a",
        ])
        .write_stdin(TOKEN)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let before = std::fs::read(world.config_file()).expect("config");
    world.gitlab.clear_requests();

    let (code, screen) = answer(&world, b"n");
    assert_eq!(code, Some(1), "{screen}");
    assert!(screen.contains(&format!("Delete runner {id}")), "{screen}");
    assert!(
        world.gitlab.requests().iter().all(|r| r.method == "GET"),
        "{:?}",
        world.gitlab.requests()
    );
    assert_eq!(std::fs::read(world.config_file()).expect("config"), before);
    assert!(world.gitlab.with_state(|state| state.runner(id).is_some()));

    let (code, screen) = answer(&world, b"y");
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains("in GitLab"), "{screen}");
    assert!(world.gitlab.with_state(|state| state.runner(id).is_none()));
}
