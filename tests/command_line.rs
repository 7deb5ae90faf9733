//! The command line itself: usage errors never echo a token, printed next steps run as
//! printed, scope paths and tag lists are read as GitLab reads them, and a closed stdout is no
//! panic.

mod support;

use std::process::Stdio;

use support::*;

fn world() -> World {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    World::new(fleet)
}

/// A usage error with `words` exits 2 and shows `<redacted>` instead of `secret`.
fn assert_redacted(words: &[&str], secret: &str) {
    let world = world();
    let output = world.runnerctl().args(words).output().expect("runs");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{words:?}: {err}");
    assert!(
        !err.contains(secret) && !stdout(&output).contains(secret),
        "{words:?} echoed the token: {err}"
    );
    assert!(err.contains("<redacted>"), "{words:?}: {err}");
    assert!(err.starts_with("error:"), "{words:?}: {err}");
}

#[test]
fn a_token_pasted_as_an_argument_is_never_echoed_in_a_usage_error() {
    assert_redacted(
        &["auth", "login", "glpat-Abcdefghij1234567890"],
        "glpat-Abcdefghij1234567890",
    );
    assert_redacted(
        &["token", "show", "glrt-t1_Abcdefghij123456"],
        "glrt-t1_Abcdefghij123456",
    );
    // Instance-prefixed runner tokens (GitLab 18.x) and registration tokens.
    assert_redacted(
        &["token", "show", "acme-glrt-t2_Zyxwv98765"],
        "acme-glrt-t2_Zyxwv98765",
    );
    assert_redacted(
        &["register", "GR1348941Qwertyuiop12"],
        "GR1348941Qwertyuiop12",
    );
    // A legacy token has no prefix: 20 characters of its alphabet are enough.
    assert_redacted(
        &["pause", "Aq3dF9kLm2Xv7Pz1Rt8sWb"],
        "Aq3dF9kLm2Xv7Pz1Rt8sWb",
    );
    // As a flag's value, in both spellings.
    assert_redacted(
        &["list", "--status", "glpat-Abcdefghij1234567890"],
        "glpat-Abcdefghij1234567890",
    );
    assert_redacted(
        &["list", "--status=glpat-Abcdefghij1234567890"],
        "glpat-Abcdefghij1234567890",
    );
}

/// Usage errors found after parsing (a bad duration, a bad URL) and other errors that quote
/// an argument back are redacted the same way as clap's.
#[test]
fn a_token_pasted_as_an_argument_is_never_echoed_by_a_later_error() {
    assert_redacted(
        &[
            "prune",
            "--stale",
            "--all",
            "--older-than",
            "glpat-Abcdefghij1234567890",
        ],
        "glpat-Abcdefghij1234567890",
    );
    assert_redacted(
        &[
            "prune",
            "--stale",
            "--all",
            "--older-than=Aq3dF9kLm2Xv7Pz1Rt8sWb",
        ],
        "Aq3dF9kLm2Xv7Pz1Rt8sWb",
    );
    assert_redacted(
        &["--url", "glpat-Abcdefghij1234567890", "list"],
        "glpat-Abcdefghij1234567890",
    );
    assert_redacted(
        &["--url=ftp://glrt-t1_Abcdefghij123456", "list"],
        "glrt-t1_Abcdefghij123456",
    );
    // Not a usage error: the entry a pasted token names does not exist (exit 1).
    let world = world();
    std::fs::write(world.config_file(), "concurrent = 1\n").expect("writes");
    let secret = "glrt-t1_Abcdefghij123456";
    let output = world
        .runnerctl()
        .args(["rotate", "--name", secret])
        .output()
        .expect("runs");
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains(secret), "echoed the token: {err}");
    assert!(err.contains("<redacted>"), "{err}");
}

#[test]
fn a_usage_error_still_names_what_was_wrong() {
    let world = world();
    let output = world
        .runnerctl()
        .args(["list", "--status", "sleeping"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("'sleeping'"), "{err}");
    assert!(err.contains("never_contacted"), "{err}");
    // Help is not an error.
    let help = world
        .runnerctl()
        .args(["list", "--help"])
        .output()
        .expect("runs");
    assert!(help.status.success());
    assert!(stdout(&help).contains("--status"));
}

#[test]
fn enum_values_take_gitlab_words_and_kebab_case() {
    let world = world();
    for level in [
        "not_protected",
        "not-protected",
        "ref_protected",
        "ref-protected",
    ] {
        let output = world
            .runnerctl()
            .args([
                "create",
                "-g",
                "team",
                "--access-level",
                level,
                "--format",
                "json",
            ])
            .output()
            .expect("runs");
        assert!(output.status.success(), "{level}: {}", stderr(&output));
    }
    let access: Vec<String> = world.gitlab.with_state(|state| {
        state
            .runners
            .values()
            .map(|runner| runner.access_level.clone())
            .collect()
    });
    assert_eq!(
        access,
        [
            "not_protected",
            "not_protected",
            "ref_protected",
            "ref_protected"
        ]
    );
    for status in ["never_contacted", "never-contacted"] {
        let output = world
            .runnerctl()
            .args(["list", "--all", "--status", status, "--format", "json"])
            .output()
            .expect("runs");
        assert!(output.status.success(), "{status}: {}", stderr(&output));
        assert_eq!(json(&output)["runners"].as_array().map(Vec::len), Some(4));
    }
}

/// The words of the "on this machine" line that `create` printed, without `sudo`.
fn printed_register_command(create_output: &str) -> Vec<String> {
    let line = create_output
        .lines()
        .find(|line| line.contains("on this machine:"))
        .unwrap_or_else(|| panic!("no next step in:\n{create_output}"));
    let command = line
        .split_once("runnerctl ")
        .expect("a runnerctl command")
        .1;
    command.split_whitespace().map(str::to_string).collect()
}

#[test]
fn the_next_step_create_prints_registers_without_a_terminal() {
    let world = world();
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--description", "next-step"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let printed = stdout(&output);
    let words = printed_register_command(&printed);
    assert!(
        words.windows(2).any(|w| w == ["--executor", "shell"]),
        "{printed}"
    );
    assert!(
        printed.contains("Other executors need more flags"),
        "{printed}"
    );

    let registered = world
        .runnerctl()
        .args(&words)
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(
        registered.status.success(),
        "{words:?}: {}",
        stderr(&registered)
    );
    assert_eq!(json(&registered)["action"], "added");
    let config = std::fs::read_to_string(world.config_file()).expect("config written");
    assert!(config.contains("executor = \"shell\""), "{config}");
}

#[test]
fn dot_segments_in_a_scope_path_are_refused_before_any_request() {
    let world = world();
    for (command, flag) in [
        (&["list"][..], "-g"),
        (&["list"][..], "-p"),
        (&["create"][..], "-g"),
        (&["doctor"][..], "-g"),
        (&["prune", "--stale", "--dry-run"][..], "-g"),
    ] {
        for path in [
            ".",
            "..",
            "team/..",
            "../team",
            "team//app",
            "team/./app",
            "",
        ] {
            let output = world
                .runnerctl()
                .args(command)
                .args([flag, path])
                .output()
                .expect("runs");
            assert_eq!(
                output.status.code(),
                Some(2),
                "{command:?} {flag} {path:?}: {}",
                stderr(&output)
            );
        }
    }
    assert!(
        world.gitlab.requests().is_empty(),
        "{:?}",
        world.gitlab.requests()
    );
}

#[test]
fn a_comma_in_a_tag_makes_two_tags_as_gitlab_stores_them() {
    let world = world();
    let output = world
        .runnerctl()
        .args([
            "create", "-g", "team", "--tag", "a,b", "--tag", "c", "--format", "json",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!(document["tag_list"], serde_json::json!(["a", "b", "c"]));
    let id = document["id"].as_u64().expect("id");
    let stored = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").tag_list.clone());
    assert_eq!(stored, ["a", "b", "c"]);

    let updated = world
        .runnerctl()
        .args(["update", &id.to_string(), "--tag", "x, y"])
        .output()
        .expect("runs");
    assert!(updated.status.success(), "{}", stderr(&updated));
    let stored = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").tag_list.clone());
    assert_eq!(stored, ["x", "y"]);

    let added = world
        .runnerctl()
        .args([
            "update",
            &id.to_string(),
            "--add-tag",
            "z,w",
            "--remove-tag",
            "x",
        ])
        .output()
        .expect("runs");
    assert!(added.status.success(), "{}", stderr(&added));
    let mut stored = world
        .gitlab
        .with_state(|state| state.runner(id).expect("runner").tag_list.clone());
    stored.sort();
    assert_eq!(stored, ["w", "y", "z"]);

    world.gitlab.clear_requests();
    let listed = world
        .runnerctl()
        .args(["list", "-g", "team", "--tag", "y,z", "--format", "json"])
        .output()
        .expect("runs");
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(json(&listed)["runners"].as_array().map(Vec::len), Some(1));
    let bodies: Vec<String> = world
        .gitlab
        .requests()
        .iter()
        .map(|request| request.body.clone())
        .collect();
    assert!(
        bodies
            .iter()
            .any(|body| body.contains(r#"tagList: [\"y\", \"z\"]"#)),
        "the filter was not sent as two tags: {bodies:?}"
    );
}

/// Runs runnerctl with `args` and `keyring` as the acceptance tests do, but with a stdout
/// whose reader is gone before anything is written (`| head -0`).
fn run_with_closed_stdout(world: &World, keyring: &str, args: &[&str]) -> std::process::Output {
    let mut command = std::process::Command::new(assert_cmd::cargo::cargo_bin("runnerctl"));
    command
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", world.dir.path())
        .env("NO_COLOR", "1")
        .env("GITLAB_URL", world.gitlab.url())
        .env("GITLAB_TOKEN", ADMIN_TOKEN)
        .env("CONFIG_FILE", world.config_file())
        .env("RUNNERCTL_KEYRING", keyring)
        .current_dir(world.dir.path())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawns");
    drop(child.stdout.take());
    child.wait_with_output().expect("waits")
}

#[test]
fn a_closed_stdout_ends_quietly_with_status_0() {
    let world = world();
    let keyring = format!("file:{}", world.secrets_file().display());
    for format in ["human", "json"] {
        let output =
            run_with_closed_stdout(&world, &keyring, &["list", "--all", "--format", format]);
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "{format}: {err}");
        assert!(!err.contains("Broken pipe"), "{format}: {err}");
        assert_eq!(output.status.code(), Some(0), "{format}: {err}");
    }
}

#[test]
fn a_closed_stdout_that_was_to_carry_a_handed_over_token_is_an_error() {
    let world = world();
    // No store and an unwritable token file: stdout is the token's last resort.
    let output = run_with_closed_stdout(
        &world,
        "none",
        &[
            "create",
            "-g",
            "team",
            "--token-file",
            "/nonexistent/dir/runner.token",
        ],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(err.contains("token") && err.contains("lost"), "{err}");
    let token = world.gitlab.with_state(|state| {
        state
            .runners
            .values()
            .next()
            .expect("the runner was created")
            .token
            .clone()
    });
    assert!(!err.contains(&token), "{err}");
}

/// The reader leaving does not turn a failure into success: doctor with an error finding, and a
/// bulk command with a failed item, still exit 1 when stdout is closed.
#[test]
fn a_closed_stdout_keeps_a_failures_exit_status() {
    let world = world();
    let keyring = format!("file:{}", world.secrets_file().display());
    // No service on PATH: service.not_installed is an error finding.
    std::fs::write(world.config_file(), "concurrent = 1\n").expect("writes");
    for format in ["human", "json"] {
        let output = run_with_closed_stdout(
            &world,
            &keyring,
            &["doctor", "--offline", "--format", format],
        );
        let err = stderr(&output);
        assert!(!err.contains("panicked"), "{format}: {err}");
        assert_eq!(output.status.code(), Some(1), "doctor {format}: {err}");
    }
    // A pause of a runner that does not exist fails its one item.
    for format in ["human", "json"] {
        let output =
            run_with_closed_stdout(&world, &keyring, &["pause", "999", "--format", format]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "pause {format}: {err}");
    }
}
