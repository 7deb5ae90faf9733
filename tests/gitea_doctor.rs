//! `doctor` on Gitea and Forgejo through the binary, against the fake server: one test per
//! finding the gatherer must feed, and the notice for a part the server cannot answer.

mod support;

use std::path::PathBuf;

use fake_gitea::{ADMIN_TOKEN, FakeGitea, Flavour, Fleet, JobSeed, ORG, REPO, RunnerSeed};
use support::{json, runnerctl_in};

struct Doctor {
    dir: tempfile::TempDir,
    server: FakeGitea,
}

impl Doctor {
    fn new(fleet: Fleet) -> Doctor {
        Doctor {
            dir: tempfile::tempdir().expect("temp dir"),
            server: FakeGitea::start(fleet).expect("fake gitea"),
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
            .env("GITEA_TOKEN", ADMIN_TOKEN)
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
    assert!(report.to_string().contains("ubuntu-latest"), "{report}");
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
