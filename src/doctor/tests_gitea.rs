//! The diagnosis rules of a Gitea or Forgejo run, one behaviour per test: facts in, findings
//! out.

use serde_json::{Value, json};

use super::catalogue::{JobRef, Problem};
use super::facts::{ServiceFacts, ServiceManager, ServiceState};
use super::findings::*;
use super::gitea_facts::*;
use super::{Report, Severity, diagnose_gitea};
use crate::instance_url::InstanceUrl;

const URL: &str = "https://git.example.com";
const FILE: &str = "/var/lib/gitea-runner/.runner";

fn url() -> InstanceUrl {
    InstanceUrl::parse(URL).unwrap()
}

fn runner(id: u64, scope: RunnerScope, labels: &[&str]) -> ActionsRunner {
    ActionsRunner {
        id,
        name: format!("runner{id}"),
        scope,
        online: true,
        disabled: false,
        busy: false,
        labels: labels.iter().map(|label| label.to_string()).collect(),
        requested: false,
    }
}

fn org(name: &str) -> RunnerScope {
    RunnerScope::Org(name.to_string())
}

fn repo_scope(full_name: &str) -> RunnerScope {
    RunnerScope::Repo(full_name.to_string())
}

fn repo(full_name: &str, actions_enabled: bool) -> RepoFacts {
    RepoFacts {
        full_name: full_name.to_string(),
        owner: full_name.split('/').next().unwrap().to_string(),
        actions_enabled,
    }
}

fn job(id: u64, repo: &str, labels: &[&str]) -> WaitingJob {
    WaitingJob {
        id,
        run_id: id * 10,
        name: format!("job{id}"),
        repo: repo.to_string(),
        labels: labels.iter().map(|label| label.to_string()).collect(),
        head_branch: "main".to_string(),
        created_at: None,
    }
}

fn parsed_file(mode: u32) -> RunnerFileState {
    RunnerFileState::Parsed(RunnerFileFacts {
        id: 7,
        name: "host1".to_string(),
        address: URL.to_string(),
        labels: vec!["ubuntu-latest:docker://node:20-bookworm".to_string()],
        mode: Some(mode),
    })
}

fn local(runner_file: RunnerFileState) -> GiteaLocalFacts {
    GiteaLocalFacts {
        runner_file_path: FILE.to_string(),
        runner_file,
        service: ServiceFacts {
            manager: Some(ServiceManager::Systemd),
            state: ServiceState::Running,
        },
        service_unit: Some("gitea-runner".to_string()),
        verification: TokenCheck::NotChecked,
        runner_log: None,
        runner_log_notices: Vec::new(),
    }
}

/// An admin's run: this machine's runner 7 of `team`, online, one repo, no waiting jobs.
fn healthy() -> GiteaFacts {
    GiteaFacts {
        kind: ServerKind::Gitea,
        url: Some(url()),
        local: Some(local(parsed_file(0o600))),
        api: Some(ActionsFacts {
            version: "1.26.0".to_string(),
            not_checked: Vec::new(),
            runners: vec![runner(7, org("team"), &["ubuntu-latest"])],
            instance_runners_known: true,
            repos: vec![repo("team/app", true)],
            waiting_jobs: Vec::new(),
        }),
    }
}

/// No local checks; the given runners and one waiting job of `team/app`.
fn job_facts(runners: Vec<ActionsRunner>, labels: &[&str]) -> GiteaFacts {
    let mut facts = healthy();
    facts.local = None;
    let api = api(&mut facts);
    api.runners = runners;
    api.waiting_jobs = vec![job(1001, "team/app", labels)];
    facts
}

fn api(facts: &mut GiteaFacts) -> &mut ActionsFacts {
    facts.api.as_mut().expect("the API part")
}

fn local_mut(facts: &mut GiteaFacts) -> &mut GiteaLocalFacts {
    facts.local.as_mut().expect("local checks on")
}

fn finding_ids(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.id.as_str()).collect()
}

fn only(report: &Report, id: &str) -> Value {
    assert_eq!(finding_ids(report), vec![id], "{report:#?}");
    serde_json::to_value(&report.findings[0]).unwrap()
}

fn job_finding(facts: &GiteaFacts) -> Value {
    let report = diagnose_gitea(facts);
    let jobs: Vec<_> = report.findings.iter().filter(|f| f.id.is_job()).collect();
    assert_eq!(jobs.len(), 1, "{report:#?}");
    serde_json::to_value(jobs[0]).unwrap()
}

#[test]
fn healthy_runner_and_fleet_report_nothing() {
    let report = diagnose_gitea(&healthy());
    assert!(report.findings.is_empty(), "{report:#?}");
    assert!(report.unchecked.is_empty());
    assert_eq!(report.summary_line(), "No problems found.");
}

#[test]
fn missing_runner_file_names_its_path() {
    let mut facts = healthy();
    local_mut(&mut facts).runner_file = RunnerFileState::Missing;
    let finding = only(&diagnose_gitea(&facts), "runner_file.missing");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["subject"],
        json!({"kind": "host_file", "path": FILE})
    );
    assert_eq!(finding["evidence"], json!({"path": FILE}));
}

#[test]
fn unparseable_runner_file_gives_line_and_column_and_a_non_file_is_unparseable() {
    let mut facts = healthy();
    local_mut(&mut facts).runner_file = RunnerFileState::Unparseable { line: 3, column: 9 };
    let finding = only(&diagnose_gitea(&facts), "runner_file.unparseable");
    assert_eq!(
        finding["evidence"],
        json!({"path": FILE, "line": 3, "column": 9})
    );
    assert!(finding["fix"].as_str().unwrap().contains("line 3 of"));

    local_mut(&mut facts).runner_file = RunnerFileState::NotRegularFile;
    let finding = only(&diagnose_gitea(&facts), "runner_file.unparseable");
    assert_eq!(
        finding["evidence"],
        json!({"path": FILE, "line": null, "column": null})
    );
    assert!(
        finding["summary"]
            .as_str()
            .unwrap()
            .contains("not a regular file")
    );
}

#[test]
fn runner_file_readable_by_group_or_others_is_an_error_with_the_mode() {
    let mut facts = healthy();
    for (mode, shown) in [(0o100644, "0644"), (0o640, "0640"), (0o604, "0604")] {
        local_mut(&mut facts).runner_file = parsed_file(mode);
        let finding = only(&diagnose_gitea(&facts), "runner_file.permissions");
        assert_eq!(finding["severity"], "error");
        assert_eq!(finding["evidence"], json!({"path": FILE, "mode": shown}));
        assert!(finding["fix"].as_str().unwrap().contains("chmod 600"));
    }
    for mode in [0o600, 0o400, 0o620, 0o602] {
        local_mut(&mut facts).runner_file = parsed_file(mode);
        assert!(diagnose_gitea(&facts).findings.is_empty(), "{mode:o}");
    }
}

fn with_address(address: &str) -> GiteaFacts {
    let mut facts = healthy();
    if let RunnerFileState::Parsed(file) = &mut local_mut(&mut facts).runner_file {
        file.address = address.to_string();
    }
    facts
}

#[test]
fn runner_file_address_is_compared_with_the_url_normalised() {
    for same in [
        "https://git.example.com",
        "https://Git.Example.com/",
        "https://git.example.com:443",
        " https://git.example.com/ ",
    ] {
        let report = diagnose_gitea(&with_address(same));
        assert!(report.findings.is_empty(), "{same}: {report:#?}");
    }
    for other in [
        "http://git.example.com",
        "https://git.example.com/gitea",
        "https://old.example.com",
        "not a url",
    ] {
        let finding = only(
            &diagnose_gitea(&with_address(other)),
            "runner_file.address_mismatch",
        );
        assert_eq!(finding["evidence"], json!({"address": other}));
        assert_eq!(finding["subject"]["kind"], "host_file");
    }
}

#[test]
fn rejected_token_is_reported_only_when_verified() {
    let mut facts = healthy();
    local_mut(&mut facts).verification = TokenCheck::Accepted;
    assert!(diagnose_gitea(&facts).findings.is_empty());
    local_mut(&mut facts).verification = TokenCheck::Rejected;
    let finding = only(&diagnose_gitea(&facts), "runner_file.token_rejected");
    assert_eq!(finding["evidence"], json!({"runner_id": 7}));
}

#[test]
fn service_rule_is_gitlabs_stopped_matters_only_with_a_registered_runner() {
    let mut facts = healthy();
    local_mut(&mut facts).service = ServiceFacts {
        manager: None,
        state: ServiceState::NotInstalled,
    };
    let finding = only(&diagnose_gitea(&facts), "service.not_installed");
    assert_eq!(finding["subject"], json!({"kind": "machine"}));

    local_mut(&mut facts).service = ServiceFacts {
        manager: Some(ServiceManager::Systemd),
        state: ServiceState::Stopped,
    };
    let finding = only(&diagnose_gitea(&facts), "service.not_running");
    assert_eq!(finding["evidence"], json!({"manager": "systemd"}));
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("journalctl -u gitea-runner")
    );

    local_mut(&mut facts).runner_file = RunnerFileState::Missing;
    assert_eq!(
        finding_ids(&diagnose_gitea(&facts)),
        vec!["runner_file.missing"]
    );
}

#[test]
fn offline_runner_is_offline_and_disabled_runner_is_paused_only() {
    let mut facts = healthy();
    let mut offline = runner(8, org("team"), &[]);
    offline.online = false;
    offline.requested = true;
    let mut disabled = runner(9, org("team"), &[]);
    disabled.online = false;
    disabled.disabled = true;
    disabled.requested = true;
    api(&mut facts).runners.extend([offline, disabled]);
    let report = diagnose_gitea(&facts);
    assert_eq!(
        finding_ids(&report),
        vec!["runner.offline", "runner.paused"]
    );
    let offline = serde_json::to_value(&report.findings[0]).unwrap();
    assert_eq!(offline["severity"], "warning");
    assert_eq!(offline["subject"], json!({"kind": "runner", "id": 8}));
    assert_eq!(offline["evidence"], json!({"contacted_at": null}));
    let paused = serde_json::to_value(&report.findings[1]).unwrap();
    assert_eq!(paused["subject"], json!({"kind": "runner", "id": 9}));
    assert!(
        paused["fix"]
            .as_str()
            .unwrap()
            .contains("runnerctl resume 9")
    );
    assert_eq!(report.checked.runners, 3);
}

#[test]
fn only_requested_runners_and_this_machines_runner_are_reported_on() {
    let mut facts = healthy();
    let mut instance = runner(1, RunnerScope::Instance, &[]);
    instance.online = false;
    api(&mut facts).runners.push(instance);
    // Runner 7 is the `.runner`'s, reported though no list of the run's scopes showed it.
    api(&mut facts).runners[0].online = false;
    let report = diagnose_gitea(&facts);
    let finding = only(&report, "runner.offline");
    assert_eq!(finding["subject"]["id"], 7);
    assert_eq!(report.checked.runners, 1);
}

#[test]
fn a_runner_file_for_another_server_does_not_name_a_runner_here() {
    let mut facts = with_address("https://old.example.com");
    api(&mut facts).runners[0].online = false;
    let report = diagnose_gitea(&facts);
    assert_eq!(finding_ids(&report), vec!["runner_file.address_mismatch"]);
    assert_eq!(report.checked.runners, 0);
}

#[test]
fn forgejo_runners_are_named_with_forgejos_words() {
    let mut facts = healthy();
    facts.kind = ServerKind::Forgejo;
    api(&mut facts).runners[0].disabled = true;
    let report = diagnose_gitea(&facts);
    let finding = only(&report, "runner.paused");
    assert!(finding["fix"].as_str().unwrap().contains("Forgejo"));
    assert!(
        !finding["fix"]
            .as_str()
            .unwrap()
            .contains("runnerctl resume")
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["forge"], "forgejo");
}

#[test]
fn job_with_no_runner_serving_its_repo_has_no_runners_available() {
    let facts = job_facts(
        vec![runner(2, repo_scope("team/other"), &[])],
        &["ubuntu-latest"],
    );
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.no_runners_available");
    assert_eq!(
        finding["subject"],
        json!({"kind": "job", "id": 1001, "project": "team/app", "name": "job1001"})
    );
    assert_eq!(
        finding["evidence"],
        json!({"actions_enabled": true, "owner_runners": []})
    );
}

#[test]
fn an_org_runner_does_not_serve_a_repo_with_actions_disabled() {
    let mut facts = job_facts(
        vec![runner(3, org("team"), &["ubuntu-latest"])],
        &["ubuntu-latest"],
    );
    api(&mut facts).repos = vec![repo("team/app", false)];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.no_runners_available");
    assert_eq!(
        finding["evidence"],
        json!({"actions_enabled": false, "owner_runners": [3]})
    );
    assert!(finding["fix"].as_str().unwrap().contains("Turn on Actions"));

    // A repo runner and an instance runner take its jobs all the same.
    for scope in [repo_scope("Team/App"), RunnerScope::Instance] {
        let mut facts = job_facts(
            vec![runner(4, scope, &["ubuntu-latest"])],
            &["ubuntu-latest"],
        );
        api(&mut facts).repos = vec![repo("team/app", false)];
        assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");
    }
}

#[test]
fn owner_runners_serve_their_owners_repos_with_actions_enabled() {
    for scope in [org("Team"), RunnerScope::User("team".to_string())] {
        let facts = job_facts(
            vec![runner(3, scope, &["ubuntu-latest"])],
            &["ubuntu-latest"],
        );
        assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");
    }
    let facts = job_facts(
        vec![runner(3, org("other"), &["ubuntu-latest"])],
        &["ubuntu-latest"],
    );
    assert_eq!(job_finding(&facts)["id"], "job.no_runners_available");
}

#[test]
fn unmatched_labels_name_the_closest_runner_and_its_missing_labels() {
    let facts = job_facts(
        vec![
            runner(5, org("team"), &["docker"]),
            runner(6, org("team"), &["linux", "gpu"]),
            runner(8, org("team"), &["linux", "gpu", "x64"]),
        ],
        &["linux", "gpu", "cuda"],
    );
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.tags_unmatched");
    // Runners 6 and 8 both match two labels: the lower id is the closest.
    assert_eq!(
        finding["evidence"],
        json!({"job_tags": ["linux", "gpu", "cuda"], "closest_runner": 6,
               "missing_tags": ["cuda"], "near_miss": {}})
    );
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("runnerctl update 6 --add-tag cuda")
    );
}

#[test]
fn near_miss_maps_a_label_differing_in_case_or_dash_and_underscore() {
    let facts = job_facts(
        vec![runner(5, org("team"), &["Ubuntu-latest", "self_hosted"])],
        &["ubuntu-latest", "self-hosted"],
    );
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.tags_unmatched");
    assert_eq!(
        finding["evidence"]["near_miss"],
        json!({"ubuntu-latest": "Ubuntu-latest", "self-hosted": "self_hosted"})
    );
    assert!(
        finding["summary"]
            .as_str()
            .unwrap()
            .contains("`Ubuntu-latest` where the job says `ubuntu-latest`")
    );
}

#[test]
fn labels_match_exactly_and_a_runner_may_have_more() {
    let facts = job_facts(
        vec![runner(5, org("team"), &["ubuntu-latest", "gpu"])],
        &["ubuntu-latest"],
    );
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");
    let facts = job_facts(
        vec![runner(5, org("team"), &["ubuntu"])],
        &["ubuntu-latest"],
    );
    assert_eq!(job_finding(&facts)["id"], "job.tags_unmatched");
}

#[test]
fn all_matching_runners_disabled_is_runners_paused() {
    let mut paused = runner(5, org("team"), &["ubuntu-latest"]);
    paused.disabled = true;
    let mut also = runner(6, repo_scope("team/app"), &["ubuntu-latest"]);
    also.disabled = true;
    also.online = false;
    let finding = job_finding(&job_facts(vec![paused, also], &["ubuntu-latest"]));
    assert_eq!(finding["id"], "job.runners_paused");
    assert_eq!(finding["evidence"], json!({"runners": [5, 6]}));
}

#[test]
fn enabled_matching_runners_all_offline_is_runners_offline_listing_only_enabled_ones() {
    let mut offline = runner(5, org("team"), &["ubuntu-latest"]);
    offline.online = false;
    let mut paused = runner(6, org("team"), &["ubuntu-latest"]);
    paused.disabled = true;
    let finding = job_finding(&job_facts(vec![offline, paused], &["ubuntu-latest"]));
    assert_eq!(finding["id"], "job.runners_offline");
    assert_eq!(finding["evidence"], json!({"runners": [5]}));
}

#[test]
fn online_matching_runners_all_busy_is_waiting_for_capacity() {
    let mut busy = runner(5, org("team"), &["ubuntu-latest"]);
    busy.busy = true;
    let mut offline = runner(6, org("team"), &["ubuntu-latest"]);
    offline.online = false;
    let finding = job_finding(&job_facts(vec![busy.clone(), offline], &["ubuntu-latest"]));
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["severity"], "info");
    assert_eq!(finding["evidence"], json!({"runners": [5], "idle": []}));

    let idle = runner(7, RunnerScope::Instance, &["ubuntu-latest"]);
    let finding = job_finding(&job_facts(vec![busy, idle], &["ubuntu-latest"]));
    assert_eq!(finding["evidence"], json!({"runners": [5, 7], "idle": [7]}));
}

#[test]
fn without_instance_runners_a_job_no_visible_runner_takes_is_match_unknown() {
    for runners in [Vec::new(), vec![runner(5, org("team"), &["docker"])]] {
        let mut facts = job_facts(runners, &["ubuntu-latest"]);
        api(&mut facts).instance_runners_known = false;
        let finding = job_finding(&facts);
        assert_eq!(finding["id"], "job.match_unknown");
        assert_eq!(finding["severity"], "warning");
        assert_eq!(
            finding["evidence"],
            json!({"job_tags": ["ubuntu-latest"], "instance_runners_unknown": true})
        );
    }
    // A visible match is decided as usual.
    let mut paused = runner(5, org("team"), &["ubuntu-latest"]);
    paused.disabled = true;
    let mut facts = job_facts(vec![paused], &["ubuntu-latest"]);
    api(&mut facts).instance_runners_known = false;
    assert_eq!(job_finding(&facts)["id"], "job.runners_paused");
}

#[test]
fn a_runner_of_unknown_scope_with_the_labels_makes_the_match_unknown() {
    let facts = job_facts(
        vec![runner(5, RunnerScope::Unknown, &["ubuntu-latest"])],
        &["ubuntu-latest"],
    );
    assert_eq!(job_finding(&facts)["id"], "job.match_unknown");
    let facts = job_facts(
        vec![runner(5, RunnerScope::Unknown, &["docker"])],
        &["ubuntu-latest"],
    );
    assert_eq!(job_finding(&facts)["id"], "job.no_runners_available");
}

#[test]
fn a_runner_listed_twice_keeps_the_list_that_says_whose_it_is() {
    let facts = job_facts(
        vec![
            runner(5, RunnerScope::Unknown, &["ubuntu-latest"]),
            runner(5, org("team"), &["ubuntu-latest"]),
        ],
        &["ubuntu-latest"],
    );
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["evidence"]["runners"], json!([5]));
}

#[test]
fn every_waiting_job_gets_exactly_one_job_finding_and_is_counted_once() {
    let mut facts = job_facts(vec![runner(5, org("team"), &["a"])], &["a"]);
    api(&mut facts).waiting_jobs = vec![
        job(1, "team/app", &["a"]),
        job(2, "team/app", &["b"]),
        job(3, "solo/tool", &["a"]),
        job(1, "team/app", &["a"]),
    ];
    let report = diagnose_gitea(&facts);
    assert_eq!(report.checked.pending_jobs, 3);
    assert_eq!(report.checked.projects, 1);
    let jobs: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id.is_job())
        .map(|f| (f.id.as_str(), f.subject.to_string()))
        .collect();
    assert_eq!(jobs.len(), 3, "{jobs:?}");
}

#[test]
fn runners_not_checked_give_a_notice_and_no_runner_or_job_findings() {
    let mut offline = runner(5, org("team"), &[]);
    offline.online = false;
    offline.requested = true;
    let mut facts = job_facts(vec![offline], &["ubuntu-latest"]);
    api(&mut facts).not_checked = vec![NotChecked {
        part: ApiPart::Runners,
        reason: NotCheckedReason::NeedsVersion("Gitea 1.24".to_string()),
    }];
    let report = diagnose_gitea(&facts);
    assert!(report.findings.is_empty(), "{report:#?}");
    assert_eq!(
        (report.checked.runners, report.checked.pending_jobs),
        (0, 0)
    );
    assert_eq!(
        report.unchecked,
        vec![
            "runners were not checked: needs Gitea 1.24",
            "waiting jobs were not matched, since runners were not checked"
        ]
    );
    let line = report.summary_line();
    assert!(
        line.starts_with("No problems found in what was checked;"),
        "{line}"
    );
    assert!(line.contains("needs Gitea 1.24"), "{line}");
}

#[test]
fn waiting_jobs_not_checked_say_which_version_they_need() {
    let mut facts = job_facts(vec![], &["ubuntu-latest"]);
    api(&mut facts).not_checked = vec![NotChecked {
        part: ApiPart::WaitingJobs,
        reason: NotCheckedReason::NeedsVersion("Gitea 1.25".to_string()),
    }];
    let report = diagnose_gitea(&facts);
    assert!(report.findings.is_empty(), "{report:#?}");
    assert_eq!(report.checked.pending_jobs, 0);
    assert_eq!(
        report.summary_line(),
        "No problems found in what was checked; waiting jobs were not checked: needs Gitea 1.25."
    );

    api(&mut facts).not_checked = vec![NotChecked {
        part: ApiPart::WaitingJobs,
        reason: NotCheckedReason::Forbidden("read:repository".to_string()),
    }];
    let report = diagnose_gitea(&facts);
    assert_eq!(
        report.unchecked,
        vec![
            "waiting jobs were not checked: the API token may not read them (needs read:repository)"
        ]
    );
}

#[test]
fn an_unchecked_api_is_never_no_problems() {
    let mut facts = healthy();
    facts.api = None;
    let report = diagnose_gitea(&facts);
    assert_eq!(
        report.summary_line(),
        "No problems found in what was checked; Gitea's API was not checked."
    );
    facts.local = None;
    assert_eq!(
        diagnose_gitea(&facts).unchecked,
        vec!["nothing was checked"]
    );
}

#[test]
fn report_json_names_the_forge_and_url_and_keeps_gitlab_url_null() {
    let mut facts = job_facts(vec![], &["ubuntu-latest"]);
    facts.local = Some(local(RunnerFileState::Missing));
    let report = diagnose_gitea(&facts);
    assert!(report.has_errors());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["forge"], "gitea");
    assert_eq!(json["url"], URL);
    assert_eq!(json["gitlab_url"], Value::Null);
    assert_eq!(
        json["checked"],
        json!({"config_entries": 0, "runners": 0, "projects": 1, "pending_jobs": 1})
    );
    let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, vec!["job.no_runners_available", "runner_file.missing"]);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Error)
    );
}

/// One problem of every Gitea and Forgejo shape and wording branch, for the catalogue tests.
pub(super) fn catalogue_samples() -> Vec<Problem> {
    let job = |labels: &[&str]| JobRef {
        id: 2001,
        project: "team/app".to_string(),
        name: "build".to_string(),
        ref_name: "main".to_string(),
        tags: labels.iter().map(|label| label.to_string()).collect(),
    };
    let runner = ActionsRunnerRef {
        id: 42,
        name: "build-box".to_string(),
        scope: org("team"),
    };
    let path = FILE.to_string();
    let mut samples: Vec<Problem> = Vec::new();
    for kind in [ServerKind::Gitea, ServerKind::Forgejo] {
        samples.extend([
            Problem::from(RunnerFileMissing {
                kind,
                path: path.clone(),
            }),
            RunnerFileUnparseable {
                kind,
                path: path.clone(),
                position: Some((3, 9)),
            }
            .into(),
            RunnerFileAddressMismatch {
                kind,
                path: path.clone(),
                address: "https://old.example.com".to_string(),
                url: URL.to_string(),
            }
            .into(),
            RunnerFileTokenRejected {
                kind,
                path: path.clone(),
                runner_id: 42,
            }
            .into(),
            ActionsServiceNotInstalled { kind }.into(),
            ActionsRunnerOffline {
                kind,
                runner: runner.clone(),
            }
            .into(),
            ActionsRunnerPaused {
                kind,
                runner: runner.clone(),
            }
            .into(),
            ActionsJobRunnersPaused {
                kind,
                job: job(&["ubuntu-latest"]),
                runners: vec![42, 43],
            }
            .into(),
            JobMatchUnknown {
                kind,
                job: job(&["ubuntu-latest", "gpu"]),
            }
            .into(),
        ]);
    }
    samples.extend([
        Problem::from(RunnerFileUnparseable {
            kind: ServerKind::Gitea,
            path: path.clone(),
            position: None,
        }),
        RunnerFilePermissions {
            path: path.clone(),
            mode: 0o644,
        }
        .into(),
        RunnerFilePermissions {
            path: path.clone(),
            mode: 0o640,
        }
        .into(),
        ActionsServiceNotRunning {
            manager: ServiceManager::Systemd,
            unit: Some("gitea-runner".to_string()),
            path: path.clone(),
        }
        .into(),
        ActionsServiceNotRunning {
            manager: ServiceManager::Systemd,
            unit: None,
            path,
        }
        .into(),
        ActionsRunnerOffline {
            kind: ServerKind::Gitea,
            runner: ActionsRunnerRef {
                name: String::new(),
                ..runner
            },
        }
        .into(),
        ActionsJobNoRunners {
            job: job(&["ubuntu-latest"]),
            actions_enabled: Some(true),
            owner_runners: Vec::new(),
        }
        .into(),
        ActionsJobNoRunners {
            job: job(&["ubuntu-latest"]),
            actions_enabled: Some(false),
            owner_runners: vec![42],
        }
        .into(),
        ActionsJobLabelsUnmatched {
            job: job(&["linux", "cuda"]),
            closest_runner: Some(42),
            missing_tags: vec!["cuda".to_string()],
            near_miss: Default::default(),
        }
        .into(),
        ActionsJobLabelsUnmatched {
            job: job(&["ubuntu-latest"]),
            closest_runner: Some(42),
            missing_tags: vec!["ubuntu-latest".to_string()],
            near_miss: [("ubuntu-latest".to_string(), "Ubuntu-latest".to_string())]
                .into_iter()
                .collect(),
        }
        .into(),
        ActionsJobLabelsUnmatched {
            job: job(&["ubuntu-latest", "gpu"]),
            closest_runner: None,
            missing_tags: vec!["ubuntu-latest".to_string(), "gpu".to_string()],
            near_miss: Default::default(),
        }
        .into(),
        ActionsJobRunnersPaused {
            kind: ServerKind::Gitea,
            job: job(&["ubuntu-latest"]),
            runners: vec![42],
        }
        .into(),
        ActionsJobRunnersOffline {
            job: job(&["ubuntu-latest"]),
            runners: vec![42],
        }
        .into(),
        ActionsJobRunnersOffline {
            job: job(&["ubuntu-latest"]),
            runners: vec![42, 43],
        }
        .into(),
        ActionsJobWaiting {
            job: job(&["ubuntu-latest"]),
            runners: vec![42, 43],
            idle: Vec::new(),
        }
        .into(),
        ActionsJobWaiting {
            job: job(&["ubuntu-latest"]),
            runners: vec![42],
            idle: Vec::new(),
        }
        .into(),
        ActionsJobWaiting {
            job: job(&["ubuntu-latest"]),
            runners: vec![42, 43],
            idle: vec![43],
        }
        .into(),
    ]);
    samples
}

#[test]
fn the_runner_log_explains_a_deleted_runner_and_an_unread_log_is_unchecked() {
    use super::log_facts::{LogEvent, RunnerLogFacts, Signal};
    let mut facts = healthy();
    let line = "time=\"2026-08-22T10:00:00Z\" level=error msg=\"failed to fetch task\" error=\"unknown: rpc error: code = Unauthenticated desc = unregistered runner\"";
    let event = LogEvent {
        signal: Signal::UnregisteredRunner,
        runner: None,
        runner_name: None,
        url: None,
        line: line.to_string(),
        at: None,
    };
    local_mut(&mut facts).runner_log = Some(RunnerLogFacts {
        source: "journal",
        events: vec![event.clone(), event],
        long_polling: None,
    });
    let report = diagnose_gitea(&facts);
    let logged: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == super::FindingId::RunnerLogUnregisteredRunner)
        .collect();
    assert_eq!(logged.len(), 1, "{:#?}", report.findings);
    assert_eq!(logged[0].subject, super::Subject::Machine);
    assert_eq!(logged[0].evidence["count"], 2);

    let mut facts = healthy();
    local_mut(&mut facts).runner_log_notices =
        vec!["the runner's log was not read (x)".to_string()];
    let report = diagnose_gitea(&facts);
    assert!(
        report
            .unchecked
            .iter()
            .any(|u| u.contains("log was not read"))
    );
}
