//! The diagnosis rules of a Semaphore UI run, one behaviour per test: facts in, findings out.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;

use super::catalogue::{JobRef, Problem};
use super::facts::{ServiceFacts, ServiceManager, ServiceState};
use super::findings::*;
use super::semaphore_facts::*;
use super::{Report, diagnose_semaphore};
use crate::instance_url::InstanceUrl;

const URL: &str = "https://semaphore.example.com";
const CONFIG: &str = "/home/semaphore/config.runner.json";
const TOKEN: &str = "/home/semaphore/runner.token";
const KEY: &str = "/home/semaphore/runner.key";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn runner(id: u64, project_id: Option<u64>, tag: &str) -> SemaphoreRunner {
    SemaphoreRunner {
        id,
        project_id,
        name: format!("runner{id}"),
        tag: tag.to_string(),
        active: true,
        touched: Some(now() - Duration::seconds(5)),
        requested: true,
    }
}

fn waiting(id: u64, tag: Option<&str>) -> WaitingTask {
    WaitingTask {
        id,
        project_id: 1,
        project: "infra".to_string(),
        template: "deploy".to_string(),
        runner_tag: tag.map(str::to_string),
        status: "waiting".to_string(),
    }
}

fn api(runners: Vec<SemaphoreRunner>, tasks: Vec<WaitingTask>) -> SemaphoreApiFacts {
    SemaphoreApiFacts {
        now: now(),
        global_runners_known: true,
        runners,
        projects: vec![ProjectFacts {
            id: 1,
            name: "infra".to_string(),
        }],
        waiting_tasks: tasks,
        not_checked: Vec::new(),
    }
}

fn facts(api: SemaphoreApiFacts) -> SemaphoreFacts {
    SemaphoreFacts {
        url: Some(InstanceUrl::parse(URL).unwrap()),
        local: None,
        api: Some(api),
    }
}

fn running() -> ServiceFacts {
    ServiceFacts {
        manager: Some(ServiceManager::Systemd),
        state: ServiceState::Running,
    }
}

fn file(path: &str, role: FileRole, state: LocalFileState) -> LocalFile {
    LocalFile {
        path: path.to_string(),
        role,
        state,
    }
}

fn present(holds_secret: bool) -> LocalFileState {
    LocalFileState::Present {
        mode: 0o600,
        holds_secret,
    }
}

fn local(config: LocalFileState, secrets: Vec<LocalFile>) -> SemaphoreFacts {
    SemaphoreFacts {
        url: Some(InstanceUrl::parse(URL).unwrap()),
        local: Some(SemaphoreLocalFacts {
            config: file(CONFIG, FileRole::Config, config),
            web_host: Some(URL.to_string()),
            secrets,
            service: running(),
            service_unit: Some("semaphore-runner".to_string()),
            runner_log: None,
            runner_log_notices: Vec::new(),
        }),
        api: None,
    }
}

fn ids(report: &Report) -> Vec<(&str, serde_json::Value)> {
    report
        .findings
        .iter()
        .map(|finding| {
            (
                finding.id.as_str(),
                serde_json::to_value(&finding.subject).unwrap(),
            )
        })
        .collect()
}

fn only(report: &Report) -> &super::Finding {
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    &report.findings[0]
}

#[test]
fn a_healthy_runner_and_files_give_no_findings() {
    let healthy = local(
        present(false),
        vec![
            file(TOKEN, FileRole::Token, present(true)),
            file(KEY, FileRole::PrivateKey, present(true)),
        ],
    );
    let report = diagnose_semaphore(&healthy);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    assert_eq!(report.checked.config_entries, 1);
    // The API was not checked: said, never "no problems".
    assert!(!report.unchecked.is_empty());
    let report = diagnose_semaphore(&facts(api(vec![runner(1, None, "")], vec![])));
    assert!(report.findings.is_empty());
    assert_eq!(report.checked.runners, 1);
}

#[test]
fn each_file_s_absence_breakage_and_loose_mode_is_its_own_finding() {
    let report = diagnose_semaphore(&local(LocalFileState::Missing, vec![]));
    assert_eq!(
        ids(&report),
        vec![(
            "runner_file.missing",
            json!({"kind": "host_file", "path": CONFIG})
        )]
    );

    let report = diagnose_semaphore(&local(
        LocalFileState::Unparseable { line: 3, column: 7 },
        vec![],
    ));
    let finding = only(&report);
    assert_eq!(finding.id.as_str(), "runner_file.unparseable");
    assert_eq!(finding.evidence["line"], 3);
    assert_eq!(finding.evidence["column"], 7);

    let report = diagnose_semaphore(&local(
        present(false),
        vec![
            file(
                TOKEN,
                FileRole::Token,
                LocalFileState::Present {
                    mode: 0o644,
                    holds_secret: true,
                },
            ),
            file(KEY, FileRole::PrivateKey, LocalFileState::Missing),
        ],
    ));
    assert_eq!(
        ids(&report),
        vec![
            (
                "runner_file.missing",
                json!({"kind": "host_file", "path": KEY})
            ),
            (
                "runner_file.permissions",
                json!({"kind": "host_file", "path": TOKEN})
            ),
        ]
    );
    let permissions = &report.findings[1];
    assert_eq!(permissions.evidence["mode"], "0644");

    // A token file that is a directory is unparseable, with no position.
    let report = diagnose_semaphore(&local(
        present(false),
        vec![file(TOKEN, FileRole::Token, LocalFileState::NotRegularFile)],
    ));
    let finding = only(&report);
    assert_eq!(finding.id.as_str(), "runner_file.unparseable");
    assert_eq!(finding.evidence["line"], serde_json::Value::Null);

    // A config that holds the token itself must be private too; one that does not need not.
    let loose_config = LocalFileState::Present {
        mode: 0o644,
        holds_secret: true,
    };
    assert_eq!(
        only(&diagnose_semaphore(&local(loose_config, vec![])))
            .id
            .as_str(),
        "runner_file.permissions"
    );
    let plain_config = LocalFileState::Present {
        mode: 0o644,
        holds_secret: false,
    };
    assert!(
        diagnose_semaphore(&local(plain_config, vec![]))
            .findings
            .is_empty()
    );
}

#[test]
fn a_web_host_for_another_server_is_a_mismatch() {
    let mut facts = local(present(false), vec![]);
    if let Some(local) = facts.local.as_mut() {
        local.web_host = Some("https://other.example.com".to_string());
    }
    let report = diagnose_semaphore(&facts);
    let finding = only(&report);
    assert_eq!(finding.id.as_str(), "runner_file.address_mismatch");
    assert_eq!(finding.evidence["address"], "https://other.example.com");
}

#[test]
fn a_missing_or_stopped_service() {
    let mut facts = local(present(false), vec![]);
    if let Some(local) = facts.local.as_mut() {
        local.service.state = ServiceState::Stopped;
    }
    assert_eq!(
        only(&diagnose_semaphore(&facts)).id.as_str(),
        "service.not_running"
    );
    if let Some(local) = facts.local.as_mut() {
        local.service.state = ServiceState::NotInstalled;
    }
    assert_eq!(
        only(&diagnose_semaphore(&facts)).id.as_str(),
        "service.not_installed"
    );
}

#[test]
fn one_runner_finding_each_by_semaphore_s_states() {
    let never = SemaphoreRunner {
        touched: None,
        ..runner(1, None, "")
    };
    let self_registered = SemaphoreRunner {
        name: String::new(),
        active: false,
        touched: None,
        ..runner(2, None, "")
    };
    let silent = SemaphoreRunner {
        touched: Some(now() - Duration::minutes(3)),
        ..runner(3, None, "")
    };
    let paused = SemaphoreRunner {
        active: false,
        touched: Some(now() - Duration::days(3)),
        ..runner(4, None, "")
    };
    let fresh = SemaphoreRunner {
        touched: Some(now() - Duration::seconds(119)),
        ..runner(5, None, "")
    };
    let unasked = SemaphoreRunner {
        requested: false,
        touched: None,
        ..runner(6, None, "")
    };
    let report = diagnose_semaphore(&facts(api(
        vec![never, self_registered, silent, paused, fresh, unasked],
        vec![],
    )));
    assert_eq!(
        ids(&report),
        vec![
            (
                "runner.active_but_silent",
                json!({"kind": "runner", "id": 3})
            ),
            (
                "runner.inactive_self_registered",
                json!({"kind": "runner", "id": 2})
            ),
            ("runner.never_contacted", json!({"kind": "runner", "id": 1})),
            ("runner.paused", json!({"kind": "runner", "id": 4})),
        ]
    );
    assert_eq!(report.checked.runners, 5);
    let silent = report
        .findings
        .iter()
        .find(|f| f.id.as_str() == "runner.active_but_silent")
        .unwrap();
    assert_eq!(silent.evidence["touched"], "2026-12-01T11:57:00Z");
}

fn task_finding(runners: Vec<SemaphoreRunner>, tag: Option<&str>) -> super::Finding {
    let runners = runners
        .into_iter()
        .map(|r| SemaphoreRunner {
            requested: false,
            ..r
        })
        .collect();
    let report = diagnose_semaphore(&facts(api(runners, vec![waiting(9, tag)])));
    assert_eq!(report.checked.pending_jobs, 1);
    only(&report).clone()
}

#[test]
fn a_task_with_no_runner_at_all() {
    let finding = task_finding(vec![runner(1, Some(2), "gpu")], Some("gpu"));
    assert_eq!(finding.id.as_str(), "job.no_runners_available");
    assert_eq!(finding.evidence["job_tags"], json!(["gpu"]));
}

#[test]
fn a_task_whose_tag_no_project_runner_has_names_the_near_miss() {
    let finding = task_finding(
        vec![runner(1, Some(1), "cpu"), runner(2, Some(1), "GPU")],
        Some("gpu"),
    );
    assert_eq!(finding.id.as_str(), "job.tags_unmatched");
    assert_eq!(finding.evidence["closest_runner"], 2);
    assert_eq!(finding.evidence["near_miss"], json!({"gpu": "GPU"}));
    assert_eq!(finding.evidence["missing_tags"], json!(["gpu"]));
    let finding = task_finding(vec![runner(1, Some(1), "cpu")], Some("gpu"));
    assert_eq!(finding.evidence["near_miss"], json!({}));
    assert_eq!(finding.evidence["closest_runner"], 1);
}

#[test]
fn any_global_runner_is_a_candidate_whatever_the_tag() {
    let finding = task_finding(
        vec![runner(1, Some(1), "cpu"), runner(7, None, "")],
        Some("gpu"),
    );
    assert_eq!(finding.id.as_str(), "job.waiting_for_capacity");
    assert_eq!(finding.evidence["runners"], json!([7]));
}

#[test]
fn inactive_candidates_then_silent_ones() {
    let inactive = SemaphoreRunner {
        active: false,
        ..runner(3, Some(1), "gpu")
    };
    let finding = task_finding(vec![inactive.clone()], Some("gpu"));
    assert_eq!(finding.id.as_str(), "job.runners_paused");
    assert_eq!(finding.evidence["runners"], json!([3]));
    // Semaphore gives tasks to active runners that no longer poll: they hang.
    let dead = SemaphoreRunner {
        touched: Some(now() - Duration::hours(1)),
        ..runner(4, None, "")
    };
    let finding = task_finding(vec![inactive, dead], Some("gpu"));
    assert_eq!(finding.id.as_str(), "job.runners_offline");
    assert_eq!(finding.evidence["runners"], json!([4]));
}

#[test]
fn without_the_admin_list_tasks_are_counted_not_matched() {
    let mut api = api(
        vec![runner(1, Some(1), "cpu")],
        vec![waiting(9, Some("gpu"))],
    );
    api.global_runners_known = false;
    let report = diagnose_semaphore(&facts(api));
    assert!(
        report.findings.iter().all(|f| !f.id.is_job()),
        "{:#?}",
        report.findings
    );
    assert_eq!(report.checked.pending_jobs, 1);
    assert!(
        report.unchecked.iter().any(|line| line.contains("admin")),
        "{:?}",
        report.unchecked
    );
}

/// One of each Semaphore finding, for the catalogue snapshot and the printed-commands check.
pub(super) fn catalogue_samples() -> Vec<Problem> {
    let runner = SemaphoreRunnerRef {
        id: 12,
        name: "ansible-01".to_string(),
    };
    let job = JobRef {
        id: 301,
        project: "infra".to_string(),
        name: "deploy".to_string(),
        ref_name: String::new(),
        tags: vec!["gpu".to_string()],
    };
    vec![
        SemaphoreFileMissing {
            path: CONFIG.to_string(),
            role: FileRole::Config,
        }
        .into(),
        SemaphoreFileMissing {
            path: KEY.to_string(),
            role: FileRole::PrivateKey,
        }
        .into(),
        SemaphoreFileUnparseable {
            path: CONFIG.to_string(),
            role: FileRole::Config,
            position: Some((3, 7)),
        }
        .into(),
        SemaphoreFileUnparseable {
            path: TOKEN.to_string(),
            role: FileRole::Token,
            position: None,
        }
        .into(),
        SemaphoreFilePermissions {
            path: TOKEN.to_string(),
            role: FileRole::Token,
            mode: 0o644,
        }
        .into(),
        SemaphoreWebHostMismatch {
            path: CONFIG.to_string(),
            address: "https://old.example.com".to_string(),
            url: URL.to_string(),
        }
        .into(),
        SemaphoreServiceNotInstalled.into(),
        SemaphoreRunnerNeverContacted {
            runner: runner.clone(),
        }
        .into(),
        SemaphoreRunnerPaused {
            runner: runner.clone(),
        }
        .into(),
        SemaphoreRunnerInactiveSelfRegistered {
            runner: SemaphoreRunnerRef {
                id: 13,
                name: String::new(),
            },
        }
        .into(),
        SemaphoreRunnerActiveButSilent {
            runner,
            touched: now(),
        }
        .into(),
        SemaphoreTaskNoRunners { job: job.clone() }.into(),
        SemaphoreTaskTagUnmatched {
            job: job.clone(),
            closest_runner: Some(12),
            missing_tags: vec!["gpu".to_string()],
            near_miss: [("gpu".to_string(), "GPU".to_string())].into(),
        }
        .into(),
        SemaphoreTaskRunnersPaused {
            job: job.clone(),
            runners: vec![12],
        }
        .into(),
        SemaphoreTaskRunnersOffline {
            job: job.clone(),
            runners: vec![12],
        }
        .into(),
        SemaphoreTaskWaiting {
            job,
            runners: vec![12, 14],
        }
        .into(),
    ]
}
