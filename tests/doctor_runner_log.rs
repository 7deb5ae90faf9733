//! doctor reads the runner's own log: a stub `journalctl` first on PATH prints a journal in
//! `-o json` form (messages with gitlab-runner's colour codes, so stored as byte arrays, as
//! journald stores them), and each planted cause comes out once, on the right entry, with no
//! token in the output. A journal that hangs or is missing is a notice, not a wait.

mod support;

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use fake_gitlab::RunnerSeed;
use serde_json::{Value, json};
use support::*;

const FORBIDDEN_TOKEN: &str = "glrt-t1_Forbid9zyxwvutsr";
const TLS_TOKEN: &str = "glrt-TlsBroken1234567890";

/// A journal entry as `journalctl -o json` prints one: MESSAGE as an array of bytes when it
/// holds control characters (journald's rule), microseconds since the epoch as a string.
fn entry(minutes_ago: i64, message: &str) -> String {
    let at = chrono::Utc::now() - chrono::Duration::minutes(minutes_ago);
    let bytes: Vec<u8> = message.bytes().collect();
    json!({
        "__REALTIME_TIMESTAMP": at.timestamp_micros().to_string(),
        "_SYSTEMD_UNIT": "gitlab-runner.service",
        "MESSAGE": bytes,
    })
    .to_string()
}

/// gitlab-runner's colours (log/runner_formatter.go): red for ERROR, yellow for WARNING.
fn red(message: &str, fields: &str) -> String {
    format!("\u{1b}[31;1mERROR: {message:<43}\u{1b}[0;m {fields}")
}

fn yellow(message: &str, fields: &str) -> String {
    format!("\u{1b}[0;33mWARNING: {message:<41}\u{1b}[0;m {fields}")
}

fn write_stub(world: &World, name: &str, script: &str) -> String {
    let bin = world.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let path = bin.join(name);
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

struct Planted {
    world: World,
    forbidden: u64,
    tls: u64,
    path: String,
}

fn planted(journal: &[String]) -> Planted {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let forbidden = fleet.add_runner(RunnerSeed::project("team/app").token(FORBIDDEN_TOKEN));
    let tls = fleet.add_runner(RunnerSeed::project("team/app").token(TLS_TOKEN));
    let world = World::new(fleet);
    let config = format!(
        "concurrent = 1\n\n[[runners]]\n  name = \"forbidden-host\"\n  url = \"{url}\"\n  id = {forbidden}\n  \
         token = \"{FORBIDDEN_TOKEN}\"\n  executor = \"shell\"\n\n[[runners]]\n  name = \"tls-host\"\n  \
         url = \"{url}\"\n  id = {tls}\n  token = \"{TLS_TOKEN}\"\n  executor = \"shell\"\n",
        url = world.gitlab.url()
    );
    std::fs::write(world.config_file(), config).unwrap();
    std::fs::set_permissions(world.config_file(), std::fs::Permissions::from_mode(0o600)).unwrap();
    let journal_file = world.path("journal.json");
    std::fs::write(&journal_file, journal.join("\n") + "\n").unwrap();
    write_stub(&world, "gitlab-runner", "#!/bin/sh\nexit 0\n");
    let path = write_stub(
        &world,
        "journalctl",
        &format!(
            "#!/bin/sh\necho \"journalctl $*\" >> '{log}'\ncat '{journal}'\n",
            log = world.path("journalctl.args").display(),
            journal = journal_file.display()
        ),
    );
    Planted {
        world,
        forbidden,
        tls,
        path,
    }
}

fn doctor(planted: &Planted, extra: &[&str]) -> (std::process::Output, Value) {
    let output = planted
        .world
        .runnerctl()
        .env("PATH", &planted.path)
        .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
        .args(["doctor", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    let document = json(&output);
    (output, document)
}

fn with_id<'a>(document: &'a Value, id: &str) -> Vec<&'a Value> {
    document["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|finding| finding["id"] == id)
        .collect()
}

fn the_journal() -> Vec<String> {
    // 18.2+ short forms: `Forbid9zy` for glrt-t1_Forbid9zy…, `TlsBroken` for glrt-TlsBroken….
    vec![
        entry(50, &yellow("Running in user-mode.", "")),
        entry(
            40,
            &red(
                "Checking for jobs... forbidden",
                "correlation_id=01JX runner=Forbid9zy runner_name=forbidden-host status=POST https://gitlab.example.com/api/v4/jobs/request: 403 Forbidden",
            ),
        ),
        entry(
            30,
            &red(
                "Checking for jobs... forbidden",
                "correlation_id=01JY runner=Forbid9zy runner_name=forbidden-host status=POST https://gitlab.example.com/api/v4/jobs/request: 403 Forbidden",
            ),
        ),
        entry(
            20,
            &yellow(
                "Checking for jobs... failed",
                "runner=TlsBroken status=couldn't execute POST against https://gitlab.example.com/api/v4/jobs/request: Post \"https://gitlab.example.com/api/v4/jobs/request\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
            ),
        ),
        // A line that carries a whole token must still be shown redacted.
        entry(
            10,
            &red(
                &format!(
                    "Failed to load config decoding configuration file: token {FORBIDDEN_TOKEN} is bad"
                ),
                "builds=0 max_builds=1",
            ),
        ),
        entry(
            5,
            "Checking for jobs... received                       job=77 repo_url=https://gitlab.example.com/team/app.git runner=TlsBroken",
        ),
    ]
}

#[test]
fn each_planted_cause_appears_once_on_its_entry_and_no_token_reaches_the_output() {
    let planted = planted(&the_journal());
    let (output, document) = doctor(&planted, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));

    let forbidden = with_id(&document, "runner_log.forbidden");
    assert_eq!(forbidden.len(), 1, "{document:#}");
    assert_eq!(
        forbidden[0]["subject"],
        json!({"kind": "config_entry", "index": 0, "name": "forbidden-host"})
    );
    assert_eq!(forbidden[0]["evidence"]["count"], 2);
    assert_eq!(forbidden[0]["evidence"]["source"], "journal");
    let line = forbidden[0]["evidence"]["line"].as_str().unwrap();
    assert!(line.contains("runner=forbidden-host"), "{line}");
    assert!(
        !line.contains('\u{1b}'),
        "colour codes are removed: {line:?}"
    );
    assert!(forbidden[0]["evidence"]["last_seen"].is_string());

    let tls = with_id(&document, "runner_log.tls");
    assert_eq!(tls.len(), 1, "{document:#}");
    assert_eq!(
        tls[0]["subject"],
        json!({"kind": "config_entry", "index": 1, "name": "tls-host"})
    );
    assert_eq!(tls[0]["evidence"]["url"], "https://gitlab.example.com");

    let user_mode = with_id(&document, "runner_log.user_mode");
    assert_eq!(user_mode.len(), 1);
    assert_eq!(user_mode[0]["subject"], json!({"kind": "machine"}));
    assert_eq!(with_id(&document, "runner_log.config_error").len(), 1);

    // The never-contacted runners take the log's causes.
    let never = with_id(&document, "runner.never_contacted");
    let cause_of = |id: u64| {
        never
            .iter()
            .find(|finding| finding["subject"]["id"] == id)
            .map(|finding| finding["evidence"]["cause"].clone())
    };
    assert_eq!(cause_of(planted.forbidden), Some(json!("token_rejected")));
    assert_eq!(cause_of(planted.tls), Some(json!("unreachable")));

    for token in [FORBIDDEN_TOKEN, TLS_TOKEN] {
        assert_no_token_text(&output, token);
    }
    let args = std::fs::read_to_string(planted.world.path("journalctl.args")).unwrap();
    assert!(args.contains("-u gitlab-runner"), "{args}");
    assert!(args.contains("--output=json"), "{args}");
    assert!(args.contains("--since=-"), "bounded in time: {args}");
    assert!(args.contains("--lines="), "bounded in lines: {args}");
}

#[test]
fn a_named_log_file_is_read_instead_of_the_journal() {
    let planted = planted(&[]);
    let file = planted.world.path("runner.log");
    std::fs::write(
        &file,
        format!(
            "{}\n",
            red("Checking for jobs... forbidden", "runner=Forbid9zy status=POST https://gitlab.example.com/api/v4/jobs/request: 403 Forbidden")
        ),
    )
    .unwrap();
    let (output, document) = doctor(&planted, &["--runner-log", file.to_str().unwrap()]);
    let forbidden = with_id(&document, "runner_log.forbidden");
    assert_eq!(forbidden.len(), 1, "{document:#}\n{}", stderr(&output));
    assert_eq!(forbidden[0]["evidence"]["source"], "file");
    assert!(
        !planted.world.path("journalctl.args").exists(),
        "the journal is not read when a log is named"
    );
}

#[test]
fn a_hanging_journal_is_given_up_within_five_seconds_with_a_notice() {
    let planted = planted(&[]);
    write_stub(&planted.world, "journalctl", "#!/bin/sh\nsleep 60\n");
    let started = Instant::now();
    let (output, document) = doctor(&planted, &[]);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(9), "doctor took {took:?}");
    let stderr = stderr(&output);
    assert!(stderr.contains("the runner's log was not read"), "{stderr}");
    assert!(stderr.contains("took longer than 5 s"), "{stderr}");
    assert!(with_id(&document, "runner_log.forbidden").is_empty());
    assert!(stderr.contains("its causes were not checked"), "{stderr}");
}

#[test]
fn a_journal_this_user_may_not_read_is_a_notice() {
    let planted = planted(&[]);
    write_stub(
        &planted.world,
        "journalctl",
        "#!/bin/sh\necho 'No journal files were opened due to insufficient permissions.' >&2\nexit 1\n",
    );
    let (output, _) = doctor(&planted, &[]);
    let stderr = stderr(&output);
    assert!(
        stderr.contains("this user may not read the journal of gitlab-runner"),
        "{stderr}"
    );
}
