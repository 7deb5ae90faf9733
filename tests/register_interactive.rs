//! `register` on a terminal asks for what is missing (dialoguer); without one it never asks and
//! names the flag instead. The terminal is a pseudo-terminal from util-linux `script`.

#[path = "support/go_decode.rs"]
mod go_decode;
mod support;
#[path = "support/system.rs"]
mod system;

use std::time::Duration;

use runnerctl::runner_config::ConfigFile;
use support::*;

/// Runs runnerctl with `args` on a pseudo-terminal, typing `keys` once it had time to draw its
/// prompt; returns the exit code and what the terminal showed.
fn on_terminal(world: &World, args: &[&str], keys: &[&str]) -> Option<(Option<i32>, String)> {
    if let Err(reason) = system::have_program("script") {
        system::require_or_skip("a pseudo-terminal (util-linux script)", &reason);
        return None;
    }
    let keys: Vec<&[u8]> = keys.iter().map(|key| key.as_bytes()).collect();
    let output = answer_on_terminal(
        spawn_on_terminal(world, args),
        &keys,
        Duration::from_millis(700),
    );
    Some((output.status.code(), stdout(&output)))
}

fn created_runner(world: &World) -> u64 {
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    json(&output)["id"].as_u64().expect("id")
}

fn world() -> World {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    World::new(fleet)
}

#[test]
fn on_a_terminal_register_asks_for_the_runner_executor_and_image() {
    let world = world();
    let id = created_runner(&world);
    // The stored runner is offered first; docker is the second executor; then the image.
    let Some((code, screen)) =
        on_terminal(&world, &["register"], &["\r", "\x1b[B\r", "alpine:3\r"])
    else {
        return;
    };
    assert_eq!(code, Some(0), "{screen}");
    assert!(screen.contains(&format!("runner {id}")), "{screen}");
    assert!(screen.contains("Executor"), "{screen}");
    let token = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").token.clone());
    assert!(
        !screen.contains(token.trim_start_matches("glrt-")),
        "{screen}"
    );
    let entries = ConfigFile::read(&world.config_file())
        .expect("valid")
        .runners();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].id, Some(id as i64));
    assert_eq!(entries[0].executor.as_deref(), Some("docker"));
    assert!(
        std::fs::read_to_string(world.config_file())
            .expect("read")
            .contains("image = \"alpine:3\"")
    );
    go_decode::assert_gitlab_runner_reads(&world.config_file());
}

#[test]
fn without_a_terminal_nothing_is_asked_and_the_flag_is_named() {
    let world = world();
    let id = created_runner(&world);
    let output = world
        .runnerctl()
        .args(["register", "--runner", &id.to_string()])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--executor"),
        "{}",
        stderr(&output)
    );
    let output = world
        .runnerctl()
        .args([
            "register",
            "--runner",
            &id.to_string(),
            "--executor",
            "docker",
        ])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--docker-image"),
        "{}",
        stderr(&output)
    );
    // --no-input refuses to ask even on a terminal.
    if let Some((code, screen)) = on_terminal(&world, &["--no-input", "register"], &[]) {
        assert_eq!(code, Some(2), "{screen}");
        assert!(screen.contains("--runner"), "{screen}");
    }
    assert!(!world.config_file().exists());
}
