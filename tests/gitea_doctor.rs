//! `doctor` on Gitea and Forgejo through the binary, against the fake server: one test per
//! finding the gatherer must feed, and the notice for a part the server cannot answer.

mod support;

use std::path::PathBuf;

use fake_gitea::{
    ADMIN_TOKEN, FakeGitea, Flavour, Fleet, JobSeed, ORG, ORG_OWNER_TOKEN, REPO, RunnerSeed,
};
use support::{json, runnerctl_in};

struct Doctor {
    dir: tempfile::TempDir,
    server: FakeGitea,
    token: &'static str,
}

impl Doctor {
    fn new(fleet: Fleet) -> Doctor {
        Doctor {
            dir: tempfile::tempdir().expect("temp dir"),
            server: FakeGitea::start(fleet).expect("fake gitea"),
            token: ADMIN_TOKEN,
        }
    }

    fn runner_file(&self) -> PathBuf {
        self.dir.path().join(".runner")
    }

    fn run(&self, args: &[&str]) -> (std::process::Output, serde_json::Value) {
        let output = self.command(&["--format", "json"], args);
        let document = json(&output);
        (output, document)
    }

    fn command(&self, format: &[&str], args: &[&str]) -> std::process::Output {
        runnerctl_in(self.dir.path())
            .env("GITEA_URL", self.server.url())
            .env("GITEA_TOKEN", self.token)
            .env(
                "RUNNERCTL_KEYRING",
                format!("file:{}", self.dir.path().join("secrets").display()),
            )
            .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
            .env("PATH", "/nonexistent:/usr/bin:/bin")
            .args(format)
            .arg("doctor")
            .args(args)
            .output()
            .expect("run runnerctl")
    }
}

fn ids(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .map(|findings| {
            findings
                .iter()
                .filter_map(|finding| finding["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn an_offline_runner_of_an_org_is_reported() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.runner(RunnerSeed::org(ORG).name("gone").offline());
    let doctor = Doctor::new(fleet);
    let (output, report) = doctor.run(&["-g", ORG]);
    assert_eq!(ids(&report), ["runner.offline"], "{report}");
    assert_eq!(report["forge"], "gitea");
    assert_eq!(output.status.code(), Some(0), "{report}");
}

#[test]
fn a_paused_runner_is_reported() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.runner(RunnerSeed::org(ORG).name("held").disabled());
    let doctor = Doctor::new(fleet);
    let (_, report) = doctor.run(&["-g", ORG]);
    assert_eq!(ids(&report), ["runner.paused"], "{report}");
}

#[test]
fn a_job_whose_labels_no_runner_has_is_tags_unmatched() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.runner(RunnerSeed::org(ORG).labels(&["ubuntu-latest"]));
    fleet.job(JobSeed::queued(REPO, &["Ubuntu-latest"]));
    let doctor = Doctor::new(fleet);
    let (output, report) = doctor.run(&["-g", ORG]);
    assert_eq!(ids(&report), ["job.tags_unmatched"], "{report}");
    let evidence = &report["findings"][0]["evidence"];
    let runner = doctor.server.with_state(|s| s.runners[0].id);
    assert_eq!(evidence["closest_runner"], runner, "{report}");
    assert_eq!(
        evidence["missing_tags"],
        serde_json::json!(["Ubuntu-latest"])
    );
    assert_eq!(
        evidence["near_miss"],
        serde_json::json!({"Ubuntu-latest": "ubuntu-latest"})
    );
    assert_eq!(output.status.code(), Some(1), "{report}");
}

#[test]
fn a_job_with_no_runner_for_its_repo_is_reported() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.job(JobSeed::queued(REPO, &["ubuntu-latest"]));
    let doctor = Doctor::new(fleet);
    let (_, report) = doctor.run(&["-g", ORG]);
    assert_eq!(ids(&report), ["job.no_runners_available"], "{report}");
}

#[test]
fn gitea_1_24_says_the_jobs_were_not_checked() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_24);
    fleet.job(JobSeed::queued(REPO, &["ubuntu-latest"]));
    let doctor = Doctor::new(fleet);
    let (_, report) = doctor.run(&["-g", ORG]);
    assert!(ids(&report).is_empty(), "{report}");
    let output = doctor.command(&[], &["-g", ORG]);
    let text = support::stdout(&output);
    assert!(text.contains("Gitea 1.25"), "{text}");
}

#[test]
fn a_missing_runner_file_given_is_reported() {
    let doctor = Doctor::new(Fleet::standard(Flavour::GITEA_1_26));
    let path = doctor.runner_file();
    let path = path.to_str().expect("utf-8 path");
    let output = runnerctl_in(doctor.dir.path())
        .env("GITEA_URL", doctor.server.url())
        .env("RUNNERCTL_FORGE", "gitea")
        .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
        .env("PATH", "/nonexistent:/usr/bin:/bin")
        .args([
            "--format",
            "json",
            "--runner-file",
            path,
            "doctor",
            "--offline",
        ])
        .output()
        .expect("run runnerctl");
    let report = json(&output);
    assert!(
        ids(&report).contains(&"runner_file.missing".to_string()),
        "{report}"
    );
}

/// One job in `team/app` asking for `ubuntu-latest`, and one org runner with that label.
fn job_and_runner(runner: RunnerSeed) -> Doctor {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.runner(runner.labels(&["ubuntu-latest"]));
    fleet.job(JobSeed::queued(REPO, &["ubuntu-latest"]));
    Doctor::new(fleet)
}

fn job_ids(doctor: &Doctor) -> Vec<String> {
    let (_, report) = doctor.run(&["-p", REPO]);
    ids(&report)
        .into_iter()
        .filter(|id| id.starts_with("job."))
        .collect()
}

#[test]
fn a_job_whose_only_runner_is_paused_is_runners_paused() {
    let doctor = job_and_runner(RunnerSeed::org(ORG).disabled());
    assert_eq!(job_ids(&doctor), ["job.runners_paused"]);
}

#[test]
fn a_job_whose_only_runner_is_offline_is_runners_offline() {
    let doctor = job_and_runner(RunnerSeed::org(ORG).offline());
    assert_eq!(job_ids(&doctor), ["job.runners_offline"]);
}

#[test]
fn a_job_whose_only_runner_is_busy_waits_for_capacity() {
    let doctor = job_and_runner(RunnerSeed::org(ORG).busy());
    assert_eq!(job_ids(&doctor), ["job.waiting_for_capacity"]);
}

#[test]
fn without_an_admin_token_an_unserved_job_is_match_unknown() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.job(JobSeed::queued(REPO, &["ubuntu-latest"]));
    let mut doctor = Doctor::new(fleet);
    doctor.token = ORG_OWNER_TOKEN;
    assert_eq!(job_ids(&doctor), ["job.match_unknown"]);
}

#[test]
fn forgejo_11_says_the_runners_were_not_checked() {
    let mut fleet = Fleet::standard(Flavour::FORGEJO_11);
    fleet.runner(RunnerSeed::org(ORG).offline());
    let doctor = Doctor::new(fleet);
    let output = doctor.command(&[], &["-g", ORG]);
    let text = support::stdout(&output);
    assert!(
        text.contains("Forgejo 15"),
        "{text}{}",
        support::stderr(&output)
    );
    assert!(!text.contains("runner.offline"), "{text}");
}

/// Writes a `.runner` for `address` with `mode`.
fn write_runner_file(doctor: &Doctor, id: u64, uuid: &str, token: &str, address: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let registration = runnerctl::runner_file::Registration {
        id,
        uuid: uuid.to_string(),
        name: "host".to_string(),
        token: runnerctl::token::RunnerToken::new(token),
        address: address.to_string(),
        labels: vec!["ubuntu-latest:host".to_string()],
        ephemeral: Some(false),
    };
    let text = runnerctl::runner_file::render(
        &registration,
        runnerctl::runner_file::RunnerFileKind::Gitea,
        None,
    );
    std::fs::write(doctor.runner_file(), text).expect("write .runner");
    std::fs::set_permissions(doctor.runner_file(), std::fs::Permissions::from_mode(mode))
        .expect("chmod");
}

fn with_file(doctor: &Doctor, args: &[&str]) -> (std::process::Output, serde_json::Value) {
    let path = doctor.runner_file();
    let mut all = vec!["--runner-file", path.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    let output = runnerctl_in(doctor.dir.path())
        .env("GITEA_URL", doctor.server.url())
        .env("GITEA_TOKEN", doctor.token)
        .env("RUNNERCTL_FORGE", "gitea")
        .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
        .env("PATH", "/nonexistent:/usr/bin:/bin")
        .args(["--format", "json", "--runner-file", all[1], "doctor"])
        .args(&all[2..])
        .output()
        .expect("run runnerctl");
    let report = json(&output);
    (output, report)
}

const FILE_TOKEN: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f901234567";

#[test]
fn a_world_readable_runner_file_is_reported() {
    let doctor = Doctor::new(Fleet::standard(Flavour::GITEA_1_26));
    write_runner_file(&doctor, 99, "u-1", FILE_TOKEN, &doctor.server.url(), 0o644);
    let (output, report) = with_file(&doctor, &["--offline"]);
    assert!(
        ids(&report).contains(&"runner_file.permissions".to_string()),
        "{report}"
    );
    support::assert_no_token_text(&output, FILE_TOKEN);
}

#[test]
fn a_runner_file_for_another_server_is_address_mismatch() {
    let doctor = Doctor::new(Fleet::standard(Flavour::GITEA_1_26));
    write_runner_file(
        &doctor,
        99,
        "u-1",
        FILE_TOKEN,
        "https://other.example",
        0o600,
    );
    let (_, report) = with_file(&doctor, &["--offline"]);
    assert!(
        ids(&report).contains(&"runner_file.address_mismatch".to_string()),
        "{report}"
    );
}

#[test]
fn a_deleted_runner_s_token_is_rejected() {
    let doctor = Doctor::new(Fleet::standard(Flavour::GITEA_1_26));
    write_runner_file(
        &doctor,
        99,
        "no-such-uuid",
        FILE_TOKEN,
        &doctor.server.url(),
        0o600,
    );
    let (output, report) = with_file(&doctor, &["--verify-tokens"]);
    assert!(
        ids(&report).contains(&"runner_file.token_rejected".to_string()),
        "{report}"
    );
    support::assert_no_token_text(&output, FILE_TOKEN);
}

/// 1,000 runners over 40 orgs and 300 queued jobs with planted causes: orgs 0–4 have only
/// paused runners, 5–9 only offline ones; every tenth job asks for a label no runner has;
/// the jobs of org 39 are in its repository with Actions off.
fn planted_fleet() -> (Fleet, std::collections::BTreeMap<&'static str, usize>) {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    let mut expected = std::collections::BTreeMap::new();
    for n in 0..40 {
        let org = format!("org-{n}");
        fleet.org(&org, fake_gitea::ORG_OWNER);
        fleet.repo(&format!("{org}/api"), true);
        fleet.repo(&format!("{org}/web"), false);
        for _ in 0..25 {
            let runner = RunnerSeed::org(&org).labels(&["ubuntu-latest"]);
            let runner = match n {
                0..5 => runner.disabled(),
                5..10 => runner.offline(),
                _ => runner,
            };
            fleet.runner(runner);
        }
    }
    expected.insert("runner.paused", 125);
    expected.insert("runner.offline", 125);
    for i in 0..300 {
        let n = i % 40;
        let (repo, label, id) = match (i % 10, n) {
            (0, _) => (format!("org-{n}/api"), "gpu-x", "job.tags_unmatched"),
            (_, 39) => (
                format!("org-{n}/web"),
                "ubuntu-latest",
                "job.no_runners_available",
            ),
            (_, 0..5) => (
                format!("org-{n}/api"),
                "ubuntu-latest",
                "job.runners_paused",
            ),
            (_, 5..10) => (
                format!("org-{n}/api"),
                "ubuntu-latest",
                "job.runners_offline",
            ),
            _ => (
                format!("org-{n}/api"),
                "ubuntu-latest",
                "job.waiting_for_capacity",
            ),
        };
        fleet.job(JobSeed::queued(&repo, &[label]));
        *expected.entry(id).or_insert(0) += 1;
    }
    (fleet, expected)
}

#[test]
fn a_large_fleet_shows_exactly_the_planted_causes() {
    let (fleet, expected) = planted_fleet();
    let doctor = Doctor::new(fleet);
    let orgs: Vec<String> = (0..40).map(|n| format!("org-{n}")).collect();
    let mut args: Vec<&str> = Vec::new();
    for org in &orgs {
        args.extend(["-g", org.as_str()]);
    }
    let (_, report) = doctor.run(&args);
    let mut found = std::collections::BTreeMap::new();
    for id in ids(&report) {
        *found.entry(id).or_insert(0usize) += 1;
    }
    let expected: std::collections::BTreeMap<String, usize> = expected
        .into_iter()
        .map(|(id, count)| (id.to_string(), count))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(report["checked"]["pending_jobs"], 300);
}

#[test]
fn a_runner_file_that_is_not_json_is_unparseable_with_its_place() {
    let doctor = Doctor::new(Fleet::standard(Flavour::GITEA_1_26));
    std::fs::write(doctor.runner_file(), "{\n  \"id\": 1,\n  oops\n}\n").expect("write");
    let before = std::fs::read(doctor.runner_file()).expect("read");
    let (output, report) = with_file(&doctor, &["--offline"]);
    assert_eq!(ids(&report), ["runner_file.unparseable"], "{report}");
    let evidence = &report["findings"][0]["evidence"];
    assert_eq!(evidence["line"], 3, "{report}");
    assert!(evidence["column"].is_u64(), "{report}");
    assert_eq!(output.status.code(), Some(1), "{report}");
    assert_eq!(std::fs::read(doctor.runner_file()).expect("read"), before);
}
