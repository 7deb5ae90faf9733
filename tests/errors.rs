//! How a failure is shown (contract row "errors as JSON"): `error:`, `caused by:` and `hint:`
//! lines for people; with `--format json`, one error object on stdout in place of the
//! document, unless the command printed its document, which then carries the failure.

mod support;

use support::*;

fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_runner(fake_gitlab::RunnerSeed {
        id: Some(42),
        ..fake_gitlab::RunnerSeed::group("team").description("build host")
    });
    fleet
}

/// The one error object on stdout, checked for the contract's four keys.
fn error_object(output: &std::process::Output) -> serde_json::Value {
    let document = json(output);
    let object = document.as_object().expect("an object");
    assert_eq!(object.keys().collect::<Vec<_>>(), ["error"], "{document}");
    let error = &document["error"];
    let mut keys: Vec<&String> = error.as_object().expect("an object").keys().collect();
    keys.sort();
    assert_eq!(
        keys,
        ["causes", "exit_code", "hints", "message"],
        "{document}"
    );
    error.clone()
}

/// `register` while another process holds config.toml's lock: "cannot register", caused by
/// the lock's holder, with the hint to wait or raise --lock-timeout.
fn register_while_locked(world: &World, extra: &[&str]) -> std::process::Output {
    use std::process::{Command, Stdio};
    std::fs::write(world.config_file(), "concurrent = 1\n").expect("write config.toml");
    let lock = world.path("config.toml.lock");
    let mut holder = Command::new("sh")
        .arg("-c")
        .arg("exec flock -o \"$1\" sh -c 'echo locked; sleep 10'")
        .arg("sh")
        .arg(&lock)
        .stdout(Stdio::piped())
        .spawn()
        .expect("holder starts");
    {
        use std::io::BufRead;
        let mut line = String::new();
        std::io::BufReader::new(holder.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("holder says it holds the lock");
        assert_eq!(line.trim(), "locked");
    }
    let output = world
        .runnerctl()
        .args([
            "register",
            "--token-stdin",
            "--executor",
            "shell",
            "--no-verify",
        ])
        .args(["--lock-timeout", "0"])
        .args(extra)
        .write_stdin("glrt-errors-test-token")
        .output()
        .expect("runs");
    let _ = holder.kill();
    let _ = holder.wait();
    output
}

#[test]
fn a_human_error_prints_its_message_then_causes_then_hints() {
    let world = World::new(fleet());
    let output = register_while_locked(&world, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    let text = stderr(&output);
    let lines: Vec<&str> = text
        .lines()
        .filter(|line| {
            line.starts_with("error: ")
                || line.starts_with("caused by: ")
                || line.starts_with("hint: ")
        })
        .collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "error: cannot register", "{text}");
    assert!(
        lines[1].starts_with("caused by: ") && lines[1].contains("is still held by"),
        "{text}"
    );
    assert_eq!(
        lines[2], "hint: wait for it to finish, or raise --lock-timeout",
        "{text}"
    );
    assert!(
        error_text(&text).contains("error: cannot register: "),
        "the error and its cause read as one sentence: {text}"
    );
}

#[test]
fn a_json_error_carries_its_causes_and_hints() {
    let world = World::new(fleet());
    let output = register_while_locked(&world, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let error = error_object(&output);
    assert_eq!(error["message"], "cannot register", "{error}");
    assert!(
        error["causes"][0]
            .as_str()
            .unwrap_or_default()
            .contains("is still held by"),
        "{error}"
    );
    assert_eq!(
        error["hints"][0], "wait for it to finish, or raise --lock-timeout",
        "{error}"
    );
    assert_eq!(error["exit_code"], 1, "{error}");
}

#[test]
fn a_json_error_is_one_object_on_stdout_in_place_of_the_document() {
    let world = World::new(fleet());
    let output = world
        .runnerctl_with_token(Some("glpat-wrong-token"))
        .args(["list", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let error = error_object(&output);
    assert_eq!(error["exit_code"], 1);
    let message = format!(
        "{} {}",
        error["message"].as_str().unwrap_or_default(),
        error["causes"]
    );
    assert!(message.contains("401 Unauthorized"), "{error}");
    assert!(
        error["hints"][0]
            .as_str()
            .unwrap_or_default()
            .contains("runnerctl auth login"),
        "{error}"
    );
    assert!(
        stderr(&output).contains("error: "),
        "people still read it on stderr"
    );
    assert!(!stdout(&output).contains("glpat-wrong-token"));
}

#[test]
fn an_unreachable_url_is_an_error_object_with_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let output = runnerctl_in(dir.path())
        .env("GITLAB_TOKEN", ADMIN_TOKEN)
        .env("RUNNERCTL_KEYRING", "none")
        .args(["--url", "http://127.0.0.1:1", "list", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let error = error_object(&output);
    assert_eq!(error["exit_code"], 1, "{error}");
    assert!(
        error.to_string().contains("127.0.0.1"),
        "names the address: {error}"
    );
}

#[test]
fn a_usage_error_from_parsing_is_an_error_object_with_exit_code_2() {
    let world = World::new(fleet());
    for args in [
        &[
            "prune",
            "-g",
            "team",
            "--older-than",
            "soon",
            "--format",
            "json",
        ][..],
        &["list", "--no-such-flag", "--format=json"][..],
        &["list", "--no-such-flag", "-F", "json"][..],
    ] {
        let output = world.runnerctl().args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        let error = error_object(&output);
        assert_eq!(error["exit_code"], 2, "{args:?}: {error}");
        let message = error["message"].as_str().unwrap_or_default();
        assert!(
            !message.is_empty() && !message.starts_with("error:"),
            "{error}"
        );
        assert!(
            stderr(&output).starts_with("error: "),
            "{}",
            stderr(&output)
        );
        assert!(world.gitlab.requests().is_empty(), "nothing was sent");
    }
    let human = world
        .runnerctl()
        .args(["list", "--no-such-flag"])
        .output()
        .unwrap();
    assert_eq!(human.status.code(), Some(2));
    assert!(human.stdout.is_empty(), "no object without --format json");
}

#[test]
fn a_token_in_a_usage_error_stays_out_of_the_error_object() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .args(["list", "glpat-pasted-secret", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    error_object(&output);
    assert_no_token_text(&output, "glpat-pasted-secret");
}

#[test]
fn a_command_that_printed_its_results_prints_no_error_object() {
    let world = World::new(fleet());
    let output = world
        .runnerctl()
        .args(["pause", "4242", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document = json(&output);
    assert_eq!(document["results"][0]["action"], "failed", "{document}");
    assert!(document.get("error").is_none(), "{document}");
    assert!(stderr(&output).contains("error: "), "{}", stderr(&output));
}

#[test]
fn a_failed_results_item_carries_the_advice_in_its_reason() {
    // A script that reads only stdout still learns the next step.
    let world = World::new(fleet());
    let output = world
        .runnerctl_with_token(Some("glpat-not-a-valid-token"))
        .args(["pause", "42", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document = json(&output);
    let reason = document["results"][0]["reason"].as_str().expect("a reason");
    assert!(reason.contains("401"), "{reason}");
    assert!(
        reason.contains("; check GITLAB_TOKEN, or run `runnerctl auth login"),
        "{reason}"
    );
    let hint_lines = stderr(&output)
        .lines()
        .filter(|line| line.starts_with("hint: check GITLAB_TOKEN"))
        .count();
    assert_eq!(hint_lines, 1, "{}", stderr(&output));
}

/// Every command, failing, with `-F json`: stdout holds one JSON document, the error object
/// (its `exit_code` the process's) or, for a command that prints results, its document with
/// the failed item (doctor: its report with the error finding); people still read the error
/// on stderr.
#[test]
fn every_command_fails_with_one_json_document_on_stdout() {
    let world = World::new(fleet());
    std::fs::write(world.config_file(), "concurrent = 1\n").expect("write config.toml");
    let broken = world.path("broken.toml");
    std::fs::write(&broken, "[[runners]\n").expect("write broken.toml");
    let broken = broken.display().to_string();
    let empty_path = world.path("bin");
    std::fs::create_dir_all(&empty_path).expect("an empty PATH");
    let cases: &[(&[&str], Option<&str>, i32)] = &[
        (&["auth", "login"], None, 2),
        (&["auth", "status"], Some("glpat-wrong-token"), 1),
        (&["create", "-g", "no-such-group"], Some(ADMIN_TOKEN), 1),
        (
            &["register", "--runner", "4242", "--executor", "shell"],
            Some(ADMIN_TOKEN),
            1,
        ),
        (
            &["create", "-g", "team", "--no-run-untagged"],
            Some(ADMIN_TOKEN),
            2,
        ),
        (&["list", "-g", "team"], Some("glpat-wrong-token"), 1),
        (&["status", "--config", &broken], Some(ADMIN_TOKEN), 1),
        (&["pause", "4242"], Some(ADMIN_TOKEN), 1),
        (&["resume", "4242"], Some(ADMIN_TOKEN), 1),
        (
            &["update", "4242", "--description", "x"],
            Some(ADMIN_TOKEN),
            1,
        ),
        (&["rotate", "4242"], Some(ADMIN_TOKEN), 1),
        (
            &["unregister", "--name", "no-such-entry"],
            Some(ADMIN_TOKEN),
            1,
        ),
        (
            &["prune", "--stale", "-g", "team", "--dry-run"],
            Some("glpat-wrong-token"),
            1,
        ),
        (&["prune", "--stale", "-g", "team"], Some(ADMIN_TOKEN), 2),
        (&["doctor", "-g", "no-such-group"], Some(ADMIN_TOKEN), 1),
        (&["start"], Some(ADMIN_TOKEN), 1),
        (&["stop"], Some(ADMIN_TOKEN), 1),
        (&["restart"], Some(ADMIN_TOKEN), 1),
        (&["token", "show", "4242"], Some(ADMIN_TOKEN), 1),
        (&["completions", "tcsh"], None, 2),
    ];
    for (words, token, code) in cases {
        let output = world
            .runnerctl_with_token(*token)
            .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
            .env("PATH", &empty_path)
            .args(*words)
            .args(["-F", "json"])
            .output()
            .expect("runs");
        assert_eq!(
            output.status.code(),
            Some(*code),
            "{words:?}: {}",
            stderr(&output)
        );
        let document = json(&output);
        if document.get("error").is_some() {
            let error = error_object(&output);
            assert_eq!(error["exit_code"], *code, "{words:?}: {error}");
        } else if let Some(results) = document["results"].as_array() {
            assert!(
                results.iter().any(|result| result["action"] == "failed"),
                "{words:?}: {document}"
            );
        } else {
            // doctor's report carries its error findings; nothing failed to run.
            assert!(
                document["findings"].is_array(),
                "{words:?}: neither an error, results nor a report: {document}"
            );
            continue;
        }
        assert!(
            stderr(&output).contains("error: "),
            "{words:?}: {}",
            stderr(&output)
        );
    }
}
