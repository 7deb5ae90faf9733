//! The global output flags: `-v`/`--verbose` and `RUNNERCTL_LOG=debug` (one stderr line per
//! request and per local action, never a token), `-q`/`--quiet`, `--color` and `-F`.

mod support;
#[path = "support/system.rs"]
mod system;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use fake_gitlab::RunnerSeed;
use support::*;

const RUNNER_TOKEN: &str = "glrt-outputflagsssssssssss";

fn world() -> (World, u64) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_project("team/app");
    fleet.add_member("maintainer", "team", fake_gitlab::MAINTAINER);
    let id = fleet.add_runner(
        RunnerSeed::group("team")
            .token(RUNNER_TOKEN)
            .tags(&["linux"]),
    );
    fleet.add_runner(RunnerSeed::project("team/app").description("app-runner"));
    (World::new(fleet), id)
}

/// Every token the fake knows, and the header that carries the API token: none may reach the
/// output.
fn assert_no_secret(world: &World, output: &std::process::Output) {
    let all = format!("{}{}", stdout(output), stderr(output));
    let mut secrets = vec![
        ADMIN_TOKEN.to_string(),
        MAINTAINER_TOKEN.to_string(),
        fake_gitlab::ADMIN_TOKEN.to_string(),
        "PRIVATE-TOKEN".to_string(),
        "private-token".to_string(),
        RUNNER_TOKEN.trim_start_matches("glrt-").to_string(),
    ];
    secrets.extend(world.gitlab.with_state(|state| {
        state
            .runners
            .values()
            .map(|runner| runner.token.clone())
            .collect::<Vec<_>>()
    }));
    for secret in secrets {
        assert!(
            !all.contains(&secret),
            "{secret:?} leaked into the output:\n{all}"
        );
    }
}

/// The `debug:` lines that name an HTTP request.
fn request_lines(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| {
            ["GET ", "POST ", "PUT ", "DELETE "]
                .iter()
                .any(|method| line.starts_with(&format!("debug: {method}")))
        })
        .collect()
}

#[test]
fn verbose_prints_one_line_per_request_with_method_url_status_and_time_but_no_token() {
    let (world, _) = world();
    world.gitlab.clear_requests();
    let output = world
        .runnerctl_with_token(Some(MAINTAINER_TOKEN))
        .args(["-v", "list", "--tag", "linux", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(json(&output)["runners"].is_array());
    let text = stderr(&output);
    let lines = request_lines(&text);
    assert_eq!(
        lines.len(),
        world.gitlab.requests().len(),
        "one line per request:\n{text}"
    );
    let base = world.gitlab.url();
    assert!(
        lines.iter().any(|line| {
            line.starts_with(&format!("debug: GET {base}/api/v4/runners?"))
                && line.contains("tag_list=linux")
                && line.contains("page=1")
                && line.contains(" -> 200 OK (")
                && line.ends_with(" ms)")
        }),
        "{text}"
    );
    assert_no_secret(&world, &output);
}

#[test]
fn without_verbose_no_debug_line_is_printed() {
    let (world, _) = world();
    let output = world
        .runnerctl()
        .args(["list", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("debug:"), "{}", stderr(&output));
}

#[test]
fn runnerctl_log_debug_prints_the_same_lines_and_graphql_by_its_action_only() {
    let (world, _) = world();
    world.gitlab.clear_requests();
    let output = world
        .runnerctl()
        .env("RUNNERCTL_LOG", "debug")
        .args(["list", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stderr(&output);
    let lines = request_lines(&text);
    assert_eq!(lines.len(), world.gitlab.requests().len(), "{text}");
    let graphql = format!("debug: POST {}/api/graphql \"list ", world.gitlab.url());
    assert!(
        lines.iter().any(|line| line.starts_with(&graphql)),
        "{text}"
    );
    for hidden in ["query", "variables", "fullPath", "{"] {
        assert!(!text.contains(hidden), "{hidden} shown:\n{text}");
    }
    assert_no_secret(&world, &output);
}

#[test]
fn an_unknown_runnerctl_log_value_is_a_warning_not_silence() {
    let (world, _) = world();
    let output = world
        .runnerctl()
        .env("RUNNERCTL_LOG", "loud")
        .args(["list", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("RUNNERCTL_LOG"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("debug:"), "{}", stderr(&output));
}

#[test]
fn a_retried_request_shows_each_attempt_and_its_retry_number() {
    let (world, id) = world();
    world.gitlab.inject(
        Fault::new(FaultKind::Status {
            status: 503,
            retry_after: None,
        })
        .method("PUT")
        .path(&format!("/api/v4/runners/{id}"))
        .times(1),
    );
    let output = world
        .runnerctl()
        .args(["--verbose", "pause", &id.to_string(), "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stderr(&output);
    let put = format!("debug: PUT {}/api/v4/runners/{id} -> ", world.gitlab.url());
    let attempts: Vec<&str> = text.lines().filter(|l| l.starts_with(&put)).collect();
    assert_eq!(attempts.len(), 2, "{text}");
    assert!(attempts[0].contains("503 Service Unavailable"), "{text}");
    assert!(!attempts[0].contains("retry"), "{text}");
    assert!(attempts[1].contains("200 OK"), "{text}");
    assert!(attempts[1].contains("retry 1 of 3"), "{text}");
    assert_no_secret(&world, &output);
}

#[test]
fn verbose_register_shows_verify_lock_and_write_but_not_the_runner_token() {
    let (world, _) = world();
    let output = world
        .runnerctl()
        .args([
            "-v",
            "register",
            "--token-stdin",
            "--executor",
            "shell",
            "--format",
            "json",
        ])
        .write_stdin(format!("{RUNNER_TOKEN}\n"))
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stderr(&output);
    let verify = format!(
        "debug: POST {}/api/v4/runners/verify -> 200 OK",
        world.gitlab.url()
    );
    assert!(text.lines().any(|l| l.starts_with(&verify)), "{text}");
    let config = world.config_file().display().to_string();
    assert!(
        text.lines()
            .any(|l| l == format!("debug: locked {config}.lock").as_str()
                || l.starts_with(&format!("debug: locked {config}.lock ("))),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("debug: wrote {config} ("))),
        "{text}"
    );
    assert_no_token_text(&output, RUNNER_TOKEN);
    assert_no_secret(&world, &output);
}

const SYSTEMCTL: &str = "#!/bin/sh\ncase \"$1\" in\n  show) echo loaded ;;\n  is-active) exit 0 ;;\n  *) exit 3 ;;\nesac\n";

#[test]
fn verbose_status_shows_each_service_command_run() {
    let (world, _) = world();
    let bin = world.path("bin");
    fs::create_dir(&bin).unwrap();
    fs::write(bin.join("systemctl"), SYSTEMCTL).unwrap();
    fs::set_permissions(bin.join("systemctl"), fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = world
        .runnerctl()
        .env("PATH", path)
        .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
        .args(["-v", "status", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["service"]["state"], "running");
    let text = stderr(&output);
    assert!(
        text.lines().any(|l| l.starts_with(
            "debug: ran systemctl show --property=LoadState --value gitlab-runner -> exit status: 0 ("
        )),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("debug: ran systemctl is-active")),
        "{text}"
    );
}

#[test]
fn verbose_and_quiet_together_are_a_usage_error() {
    let (world, _) = world();
    let output = world
        .runnerctl()
        .args(["-v", "-q", "list", "--all"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(world.gitlab.requests().is_empty());
}

#[test]
fn quiet_wins_over_runnerctl_log() {
    let (world, _) = world();
    let output = world
        .runnerctl()
        .env("RUNNERCTL_LOG", "debug")
        .args(["-q", "list", "--all", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

/// `create` with nowhere to store the token but a file: a warning says where it is.
fn create_into_token_file(world: &World, extra: &[&str]) -> std::process::Output {
    world
        .runnerctl()
        .env("RUNNERCTL_KEYRING", "none")
        .args(extra)
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn quiet_hides_warnings_and_leaves_stdout_as_it_was() {
    let (world, _) = world();
    let loud = create_into_token_file(&world, &[]);
    assert!(loud.status.success(), "{}", stderr(&loud));
    assert!(stderr(&loud).contains("warning:"), "{}", stderr(&loud));

    let quiet = create_into_token_file(&world, &["-q"]);
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!(stderr(&quiet), "");
    let (loud, quiet) = (json(&loud), json(&quiet));
    assert_eq!(quiet["token_stored"], loud["token_stored"]);
    assert_eq!(quiet["token_stored"], "token_file");
    let keys =
        |doc: &serde_json::Value| doc.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&quiet), keys(&loud), "the same document");
}

#[test]
fn quiet_never_hides_the_warning_that_a_token_was_printed() {
    let (world, _) = world();
    // A file where the token file's directory should be: even root cannot write below it.
    let token_file = world.path("a-file").join("token");
    fs::write(world.path("a-file"), "x").unwrap();
    let output = world
        .runnerctl()
        .env("RUNNERCTL_KEYRING", "none")
        .args(["--quiet", "create", "-g", "team", "--token-file"])
        .arg(&token_file)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!(document["token_stored"], "stdout");
    assert!(document["token"].as_str().unwrap().starts_with("glrt-"));
    let text = stderr(&output);
    assert!(text.contains("COULD NOT BE STORED"), "{text}");
    assert_eq!(
        text.lines().count(),
        text.lines()
            .filter(|l| l.contains("COULD NOT BE STORED"))
            .count(),
        "only the hand-over's warning:\n{text}"
    );
}

#[test]
fn quiet_still_prints_errors() {
    let (world, _) = world();
    let output = world
        .runnerctl()
        .args(["-q", "pause", "424242"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with("error: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn color_always_colours_even_without_a_terminal_and_with_no_color() {
    let (world, _) = world();
    // runnerctl_in sets NO_COLOR=1; no terminal either.
    let plain = world
        .runnerctl()
        .args(["pause", "424242"])
        .output()
        .unwrap();
    assert!(!stderr(&plain).contains('\u{1b}'), "{}", stderr(&plain));
    let coloured = world
        .runnerctl()
        .args(["--color", "always", "pause", "424242"])
        .output()
        .unwrap();
    assert_eq!(coloured.status.code(), Some(1));
    assert!(
        stderr(&coloured).contains("\u{1b}["),
        "{:?}",
        stderr(&coloured)
    );
    let never = world
        .runnerctl()
        .args(["--color", "never", "pause", "424242"])
        .output()
        .unwrap();
    assert!(!stderr(&never).contains('\u{1b}'), "{}", stderr(&never));
}

/// runnerctl on a pseudo-terminal (util-linux `script`) without NO_COLOR: what the terminal
/// showed.
fn on_terminal(world: &World, args: &[&str]) -> Option<String> {
    if let Err(reason) = system::have_program("script") {
        system::require_or_skip("a pseudo-terminal (util-linux script)", &reason);
        return None;
    }
    let child = terminal_command(world, args)
        .env_remove("NO_COLOR")
        .spawn()
        .expect("script runs");
    let output = answer_on_terminal(child, &[], Duration::ZERO);
    Some(stdout(&output))
}

#[test]
fn on_a_terminal_auto_colours_and_never_does_not() {
    let (world, _) = world();
    let Some(auto) = on_terminal(&world, &["pause", "424242"]) else {
        return;
    };
    assert!(auto.contains("error"), "{auto}");
    assert!(
        auto.contains("\u{1b}["),
        "auto colours a terminal: {auto:?}"
    );
    let Some(never) = on_terminal(&world, &["--color", "never", "pause", "424242"]) else {
        return;
    };
    assert!(never.contains("error"), "{never}");
    assert!(!never.contains('\u{1b}'), "{never:?}");
}

#[test]
fn on_a_terminal_help_follows_color_too() {
    let (world, _) = world();
    let Some(auto) = on_terminal(&world, &["list", "--help"]) else {
        return;
    };
    assert!(auto.contains("Usage"), "{auto}");
    assert!(
        auto.contains("\u{1b}["),
        "clap styles help on a terminal: {auto:?}"
    );
    let Some(never) = on_terminal(&world, &["--color", "never", "list", "--help"]) else {
        return;
    };
    assert!(never.contains("Usage"), "{never}");
    assert!(!never.contains('\u{1b}'), "{never:?}");
}

#[test]
fn short_f_is_format() {
    let (world, _) = world();
    let output = world
        .runnerctl()
        .args(["list", "--all", "-F", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["runners"].as_array().unwrap().len(), 2);
}
