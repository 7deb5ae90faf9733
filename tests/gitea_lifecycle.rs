//! The whole Gitea/Forgejo lifecycle through the binary, as an operator lives it: `auth login
//! --url` with no forge variable (the forge is detected and saved), then every command with no
//! forge variable at all, from the saved login: create → token show → register
//! --credentials-stdin → list → pause/resume (or its refusal) → update labels → doctor → prune
//! --offline → unregister --delete-runner. Each step asserts the server's state, the `.runner`
//! bytes and mode, the exit code, and that no registration or runner token reaches stdout or
//! stderr (`token show`'s stdout excepted: printing it is its job).
//!
//! Old flavours (Gitea 1.22, Forgejo 11) run the part the contract keeps for them (create and
//! register) and the refusals of the rest.

#[path = "support/gitea.rs"]
mod gitea_world;
mod support;

use std::process::Output;

use gitea_world::{Flavour, Fleet, GiteaWorld, JobSeed, ORG, ORG_OWNER_TOKEN, REPO, RunnerSeed};
use support::{json, stderr, stdout};

const LABEL: &str = "ubuntu-latest:docker://node:20";

fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

#[track_caller]
fn assert_code(output: &Output, expected: i32) {
    assert_eq!(
        code(output),
        expected,
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// The world's fleet plus a runner of the org that is offline (for prune) and a queued job
/// on a label no runner has (for doctor). Returns the offline runner's id.
fn fleet(flavour: Flavour) -> (Fleet, i64) {
    let mut fleet = Fleet::standard(flavour);
    let offline = fleet.runner(
        RunnerSeed::org(ORG)
            .name("old-builder")
            .labels(&["ubuntu-latest"])
            .offline(),
    );
    fleet.job(JobSeed::queued(REPO, &["windows-latest"]).name("build-windows"));
    (fleet, offline)
}

/// runnerctl with no forge variable, `--format json`, and `.runner` at the world's path for
/// the host commands.
fn run(world: &GiteaWorld, args: &[&str], stdin: Option<&str>) -> Output {
    let mut command = world.bare();
    command.args(args).args(["--format", "json"]);
    if let Some(stdin) = stdin {
        command.write_stdin(stdin.to_string());
    }
    command.output().expect("runnerctl runs")
}

fn host(world: &GiteaWorld, args: &[&str], stdin: Option<&str>) -> Output {
    let mut all = args.to_vec();
    let file = world.runner_file().display().to_string();
    all.extend_from_slice(&["--runner-file", &file]);
    run(world, &all, stdin)
}

/// Step 1: `auth login --url` with the token on stdin, no forge variable: the forge is asked
/// of the server once, and saved with the URL.
fn login(world: &GiteaWorld) {
    let output = run(
        world,
        &["auth", "login", "--url", &world.url(), "--token-stdin"],
        Some(ORG_OWNER_TOKEN),
    );
    assert_code(&output, 0);
    assert_eq!(json(&output)["forge"], world.forge(), "{}", stdout(&output));
    world.assert_no_secrets(&output, &[ORG_OWNER_TOKEN.to_string()]);
    let asked: Vec<String> = world
        .gitea
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert!(
        asked.iter().any(|p| p == "/api/forgejo/v1/version"),
        "{asked:?}"
    );
    let settings = std::fs::read_to_string(world.settings_file()).expect("settings saved");
    assert!(
        settings.contains(&format!("\"{}\"", world.forge())),
        "{settings}"
    );
    // auth status asks the saved forge who the saved token is.
    let output = run(world, &["auth", "status"], None);
    assert_code(&output, 0);
    let status = json(&output);
    assert_eq!(status["forge"], world.forge(), "{status}");
    assert_eq!(status["username"], gitea_world::ORG_OWNER, "{status}");
    assert_eq!(status["token_source"], "saved", "{status}");
    assert!(status["scopes"].is_null());
    world.assert_no_secrets(&output, &[ORG_OWNER_TOKEN.to_string()]);
    world.gitea.clear_requests();
}

/// Step 2: create in the org; the server holds the runner with the label names, the store
/// its credentials. Returns the runner's id.
fn create(world: &GiteaWorld) -> i64 {
    let output = run(
        world,
        &[
            "create", "-g", ORG, "--name", "build-01", "--label", LABEL, "--label", "arm64",
        ],
        None,
    );
    assert_code(&output, 0);
    world.assert_no_secrets(&output, &[]);
    let created = json(&output);
    assert_eq!(created["forge"], world.forge());
    assert!(created["token"].is_null(), "{created}");
    let id = created["id"].as_i64().expect("an id");
    let runner = world.gitea.runner(id).expect("the server holds the runner");
    assert_eq!(runner.name, "build-01");
    assert_eq!(runner.labels, ["ubuntu-latest", "arm64"]);
    assert_eq!(created["uuid"], runner.uuid.as_str());
    // The saved forge is used: create reads the server's version for its routes (Forgejo's,
    // then Gitea's), and asks no other forge's API what it is.
    let asked: Vec<String> = world
        .gitea
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert!(
        !asked
            .iter()
            .any(|p| p.starts_with("/api/v4") || p == "/api/ping"),
        "{asked:?}"
    );
    id
}

/// Step 3: `token show ID --format json` prints the hand-over document; its token only on
/// stdout.
fn token_show(world: &GiteaWorld, id: i64) -> String {
    let output = run(world, &["token", "show", &id.to_string()], None);
    assert_code(&output, 0);
    world.assert_no_secrets_on_stderr(&output);
    let shown = json(&output);
    let expected: serde_json::Value =
        serde_json::from_str(&world.credentials_document(id, &[LABEL, "arm64"])).expect("json");
    for key in [
        "runner_id",
        "forge",
        "url",
        "name",
        "token",
        "uuid",
        "labels",
    ] {
        assert_eq!(shown[key], expected[key], "{key}: {shown}");
    }
    stdout(&output)
}

/// Step 4: `register --credentials-stdin` writes the forge's runner's `.runner`, 0600; a
/// second run leaves it untouched.
fn register(world: &GiteaWorld, id: i64, document: &str) {
    let output = host(world, &["register", "--credentials-stdin"], Some(document));
    assert_code(&output, 0);
    world.assert_no_secrets(&output, &[]);
    let registered = json(&output);
    assert_eq!(registered["action"], "added", "{registered}");
    assert_eq!(registered["forge"], world.forge());
    assert_eq!(registered["runner_id"], id);
    let expected = world.expected_runner_file(id, &[LABEL, "arm64"]);
    let written = std::fs::read_to_string(world.runner_file()).expect(".runner written");
    assert_eq!(written, expected);
    assert_eq!(gitea_world::mode(&world.runner_file()), 0o600);

    let again = host(world, &["register", "--credentials-stdin"], Some(document));
    assert_code(&again, 0);
    assert_eq!(json(&again)["action"], "unchanged");
    assert_eq!(
        std::fs::read_to_string(world.runner_file()).expect(".runner"),
        expected
    );
}

#[test]
fn gitea_1_26_lives_the_whole_lifecycle_from_a_saved_login() {
    whole_lifecycle(Flavour::GITEA_1_26);
}

#[test]
fn forgejo_15_lives_the_whole_lifecycle_from_a_saved_login() {
    whole_lifecycle(Flavour::FORGEJO_15);
}

fn whole_lifecycle(flavour: Flavour) {
    let (fleet, offline) = fleet(flavour);
    let world = GiteaWorld::new(fleet);
    login(&world);
    let id = create(&world);
    let document = token_show(&world, id);
    register(&world, id, &document);

    // list: the org's runners in the contract's shape.
    let output = run(&world, &["list", "-g", ORG], None);
    assert_code(&output, 0);
    world.assert_no_secrets(&output, &[]);
    let listed = json(&output);
    let ours = listed["runners"]
        .as_array()
        .expect("runners")
        .iter()
        .find(|r| r["id"] == id)
        .cloned()
        .expect("the created runner is listed");
    assert_eq!(
        ours["tag_list"],
        serde_json::json!(["ubuntu-latest", "arm64"])
    );
    assert_eq!(ours["runner_type"], "group_type");
    assert_eq!(ours["forge"], world.forge());

    // pause/resume: Gitea 1.26 toggles `disabled`; Forgejo has no such API (exit 2).
    for (verb, disabled) in [("pause", true), ("resume", false)] {
        let output = run(&world, &[verb, &id.to_string()], None);
        world.assert_no_secrets(&output, &[]);
        if world.is_forgejo() {
            assert_code(&output, 2);
            assert!(stderr(&output).contains("Forgejo"), "{}", stderr(&output));
            assert!(!world.gitea.runner(id).expect("runner").disabled);
        } else {
            assert_code(&output, 0);
            assert_eq!(world.gitea.runner(id).expect("runner").disabled, disabled);
        }
    }

    // update: Declare with the stored credentials, and this host's `.runner` follows.
    let output = host(
        &world,
        &[
            "update",
            &id.to_string(),
            "--labels",
            "ubuntu-latest:host,gpu",
        ],
        None,
    );
    assert_code(&output, 0);
    world.assert_no_secrets(&output, &[]);
    assert_eq!(
        world.gitea.runner(id).expect("runner").labels,
        ["ubuntu-latest", "gpu"]
    );
    let labels = ["ubuntu-latest:host", "gpu"];
    assert_eq!(
        std::fs::read_to_string(world.runner_file()).expect(".runner"),
        world.expected_runner_file(id, &labels)
    );
    assert_eq!(gitea_world::mode(&world.runner_file()), 0o600);

    // doctor: the offline runner, and the job whose label no runner has.
    let output = host(&world, &["doctor", "-g", ORG], None);
    world.assert_no_secrets(&output, &[]);
    let report = json(&output);
    assert_eq!(report["forge"], world.forge(), "{report}");
    let findings = report["findings"].as_array().expect("findings").clone();
    let ids: Vec<&str> = findings.iter().filter_map(|f| f["id"].as_str()).collect();
    assert!(ids.contains(&"runner.offline"), "{report}");
    // The owner's token cannot see instance runners: the job may yet be taken by one.
    assert!(ids.contains(&"job.match_unknown"), "{report}");
    assert!(
        !ids.iter().any(|i| i.starts_with("runner_file.")),
        "{report}"
    );
    let unmatched = findings
        .iter()
        .find(|f| f["id"] == "job.match_unknown")
        .expect("finding");
    assert_eq!(
        unmatched["evidence"]["job_tags"],
        serde_json::json!(["windows-latest"])
    );
    assert_eq!(unmatched["subject"]["project"], REPO, "{report}");
    assert_eq!(report["checked"]["pending_jobs"], 1, "{report}");
    assert_eq!(report["unchecked"], serde_json::json!([]), "{report}");
    // Warnings only: exit 0.
    assert_code(&output, 0);

    // prune --offline: the plan, then the offline runner only; ours was seen by Declare.
    let output = run(&world, &["prune", "--offline", "-g", ORG, "--yes"], None);
    assert_code(&output, 0);
    world.assert_no_secrets(&output, &[]);
    assert!(
        world.gitea.runner(offline).is_none(),
        "the offline runner is deleted"
    );
    assert!(
        world.gitea.runner(id).is_some(),
        "the runner seen by Declare stays"
    );

    // unregister --delete-runner: the file loses the runner, the server its record, the store
    // its credentials.
    let secrets = world.runner_tokens();
    let output = host(
        &world,
        &["unregister", "--runner", &id.to_string(), "--delete-runner"],
        None,
    );
    assert_code(&output, 0);
    world.assert_no_secrets(&output, &secrets);
    assert!(world.gitea.runner(id).is_none());
    assert!(
        !world.runner_file().exists(),
        "the only runner's .runner is removed"
    );
    let shown = run(&world, &["token", "show", &id.to_string()], None);
    assert_code(&shown, 1);
    world.assert_no_secrets(&shown, &secrets);
}

#[test]
fn gitea_1_22_creates_and_registers_and_names_the_version_the_rest_needs() {
    old_flavour(Flavour::GITEA_1_22, "Gitea 1.24", 1);
}

#[test]
fn forgejo_11_creates_and_registers_and_names_the_version_the_rest_needs() {
    old_flavour(Flavour::FORGEJO_11, "Forgejo 15", 2);
}

fn old_flavour(flavour: Flavour, needed: &str, pause_code: i32) {
    let (fleet, _) = fleet(flavour);
    let world = GiteaWorld::new(fleet);
    login(&world);
    let id = create(&world);
    let document = token_show(&world, id);
    register(&world, id, &document);

    let output = run(&world, &["list", "-g", ORG], None);
    assert_code(&output, 1);

    let output = run(&world, &["pause", &id.to_string()], None);
    assert_code(&output, pause_code);
    world.assert_no_secrets(&output, &[]);
    assert!(!world.gitea.runner(id).expect("runner").disabled);

    let output = run(&world, &["prune", "--offline", "-g", ORG, "--yes"], None);
    assert_code(&output, 1);
    assert_eq!(
        world.gitea.with_state(|s| s.runners.len()),
        2,
        "nothing deleted"
    );

    // doctor says what it could not check, never "no problems".
    let output = host(&world, &["doctor", "-g", ORG], None);
    world.assert_no_secrets(&output, &[]);
    let report = json(&output);
    assert_eq!(report["checked"]["runners"], 0, "{report}");
    let unchecked = report["unchecked"].to_string();
    assert!(unchecked.contains(needed), "{report}");

    // unregister (the file only) works on every version.
    let output = host(&world, &["unregister", "--runner", &id.to_string()], None);
    assert_code(&output, 0);
    assert!(!world.runner_file().exists());
    assert!(
        world.gitea.runner(id).is_some(),
        "the server record is kept"
    );
}
