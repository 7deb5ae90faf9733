//! The diagnosis rules of the contract's doctor section, one behaviour per test.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::{Value, json};

use super::catalogue::{
    EntryRef, JobContext, JobRef, NeverContactedCause, Problem, RunnerRef, Severity,
};
use super::facts::*;
use super::findings::*;
use super::{FindingId, Report, diagnose};
use crate::token::RunnerToken;

const URL: &str = "https://gitlab.example.com";
const CONFIG: &str = "/etc/gitlab-runner/config.toml";

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn runner(id: u64, runner_type: RunnerType) -> RunnerFacts {
    RunnerFacts {
        id,
        description: None,
        runner_type,
        paused: false,
        status: ContactStatus::Online,
        contacted_at: Some(now() - Duration::minutes(1)),
        tag_list: Vec::new(),
        run_untagged: true,
        access_level: AccessLevel::NotProtected,
        locked: false,
        group: None,
        projects: Vec::new(),
        managers: None,
    }
}

fn instance_runner(id: u64) -> RunnerFacts {
    runner(id, RunnerType::Instance)
}

fn group_runner(id: u64, group: &str) -> RunnerFacts {
    RunnerFacts {
        group: Some(group.to_string()),
        ..runner(id, RunnerType::Group)
    }
}

fn project_runner(id: u64, project: &str) -> RunnerFacts {
    RunnerFacts {
        projects: vec![project.to_string()],
        ..runner(id, RunnerType::Project)
    }
}

fn tagged(mut runner: RunnerFacts, tags: &[&str]) -> RunnerFacts {
    runner.tag_list = tags.iter().map(|tag| tag.to_string()).collect();
    runner.run_untagged = false;
    runner
}

fn project(path: &str) -> ProjectFacts {
    ProjectFacts {
        path: path.to_string(),
        shared_runners_enabled: true,
        group_runners_enabled: Some(true),
        protected_refs: Some(ProtectedRefs {
            branches: vec!["main".to_string()],
            tags: Vec::new(),
        }),
    }
}

fn job(id: u64, project: &str, tags: &[&str]) -> PendingJob {
    PendingJob {
        id,
        project: project.to_string(),
        name: format!("job{id}"),
        ref_name: "main".to_string(),
        ref_is_tag: false,
        tag_list: tags.iter().map(|tag| tag.to_string()).collect(),
    }
}

fn entry(index: usize, name: &str, runner_id: u64, token: &str) -> ConfigEntryFacts {
    ConfigEntryFacts {
        index,
        name: name.to_string(),
        runner_id: Some(runner_id),
        url: Some(URL.to_string()),
        token: Some(RunnerToken::new(token)),
        token_expires_at: None,
        verification: None,
    }
}

fn local_with(entries: Vec<ConfigEntryFacts>) -> LocalFacts {
    LocalFacts {
        config_path: CONFIG.to_string(),
        config: ConfigState::Present(ConfigFileFacts {
            mode: Some(0o600),
            contents: ConfigContents::Loaded(entries),
        }),
        service: ServiceFacts {
            manager: Some(ServiceManager::Systemd),
            state: ServiceState::Running,
        },
        stored_runner_ids: Vec::new(),
        runner_log: None,
    }
}

/// One registered, online project runner of `team/app`, a running service, no pending jobs:
/// nothing to report.
fn healthy() -> Facts {
    Facts {
        gitlab_url: Some(URL.to_string()),
        scope: RequestedScope {
            groups: vec!["team".to_string()],
            ..RequestedScope::default()
        },
        local: Some(local_with(vec![entry(0, "host1", 1, "glrt-one")])),
        api: ApiFacts::Gathered(GitlabFacts {
            runners: vec![project_runner(1, "team/app")],
            projects: vec![project("team/app")],
            pending_jobs: Vec::new(),
            missing_runners: Vec::new(),
            missing_scopes: Vec::new(),
        }),
    }
}

fn gitlab(facts: &mut Facts) -> &mut GitlabFacts {
    match &mut facts.api {
        ApiFacts::Gathered(gitlab) => gitlab,
        _ => panic!("the facts have no gathered API part"),
    }
}

fn local(facts: &mut Facts) -> &mut LocalFacts {
    facts.local.as_mut().expect("local checks on")
}

fn entries(facts: &mut Facts) -> &mut Vec<ConfigEntryFacts> {
    match &mut local(facts).config {
        ConfigState::Present(ConfigFileFacts {
            contents: ConfigContents::Loaded(entries),
            ..
        }) => entries,
        _ => panic!("no loaded config"),
    }
}

fn finding_ids(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.id.as_str()).collect()
}

fn only(report: &Report, id: &str) -> Value {
    assert_eq!(finding_ids(report), vec![id], "{report:#?}");
    serde_json::to_value(&report.findings[0]).unwrap()
}

/// The single job finding of a report whose only job is `job_id`.
fn job_finding(facts: &Facts) -> Value {
    let report = diagnose(facts, now());
    let jobs: Vec<_> = report.findings.iter().filter(|f| f.id.is_job()).collect();
    assert_eq!(jobs.len(), 1, "{report:#?}");
    serde_json::to_value(jobs[0]).unwrap()
}

#[test]
fn healthy_machine_and_fleet_report_nothing() {
    let report = diagnose(&healthy(), now());
    assert!(report.findings.is_empty(), "{report:#?}");
    assert!(!report.has_errors());
    assert_eq!(report.summary_line(), "No problems found.");
    assert_eq!(report.checked.config_entries, 1);
    assert_eq!(report.checked.runners, 1);
    assert_eq!(report.checked.projects, 1);
}

// ---- config.*

#[test]
fn missing_config_is_reported_with_its_path() {
    let mut facts = healthy();
    local(&mut facts).config = ConfigState::Missing;
    let report = diagnose(&facts, now());
    let finding = serde_json::to_value(&report.findings[0]).unwrap();
    assert_eq!(finding["id"], "config.missing");
    assert_eq!(finding["subject"], json!({"kind": "machine"}));
    assert_eq!(finding["evidence"], json!({"path": CONFIG}));
    // Runner 1 is no longer registered here, and it is online: nothing else.
    assert_eq!(finding_ids(&report), vec!["config.missing"]);
}

#[test]
fn unparseable_and_invalid_config_name_the_place() {
    let mut facts = healthy();
    local(&mut facts).config = ConfigState::Present(ConfigFileFacts {
        mode: Some(0o600),
        contents: ConfigContents::Unparseable {
            line: 3,
            column: 7,
            message: "expected `=`".to_string(),
        },
    });
    let finding = only(&diagnose(&facts, now()), "config.unparseable");
    assert_eq!(
        finding["evidence"],
        json!({"path": CONFIG, "line": 3, "column": 7, "message": "expected `=`"})
    );

    local(&mut facts).config = ConfigState::Present(ConfigFileFacts {
        mode: Some(0o600),
        contents: ConfigContents::Invalid {
            key: "concurrent".to_string(),
            expected: "an integer".to_string(),
            found: "a string".to_string(),
        },
    });
    let finding = only(&diagnose(&facts, now()), "config.invalid");
    assert_eq!(
        finding["evidence"],
        json!({"path": CONFIG, "key": "concurrent", "expected": "an integer", "found": "a string"})
    );
}

#[test]
fn group_or_world_readable_config_is_a_warning_and_0600_or_0640_write_bits_are_not() {
    let mut facts = healthy();
    let set_mode = |facts: &mut Facts, mode| match &mut local(facts).config {
        ConfigState::Present(file) => file.mode = Some(mode),
        ConfigState::Missing => unreachable!(),
    };
    set_mode(&mut facts, 0o100644);
    let finding = only(&diagnose(&facts, now()), "config.permissions");
    assert_eq!(finding["evidence"], json!({"path": CONFIG, "mode": "0644"}));
    assert_eq!(finding["severity"], "warning");
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("chmod 600 /etc/gitlab-runner/config.toml")
    );

    set_mode(&mut facts, 0o640);
    only(&diagnose(&facts, now()), "config.permissions");
    set_mode(&mut facts, 0o620);
    assert!(diagnose(&facts, now()).findings.is_empty());
    set_mode(&mut facts, 0o600);
    assert!(diagnose(&facts, now()).findings.is_empty());
}

#[test]
fn config_without_entries_warns_and_does_not_need_the_service() {
    let mut facts = healthy();
    entries(&mut facts).clear();
    local(&mut facts).service.state = ServiceState::Stopped;
    let finding = only(&diagnose(&facts, now()), "config.no_runners");
    assert_eq!(finding["evidence"], json!({"path": CONFIG}));
}

#[test]
fn duplicate_tokens_give_one_finding_per_later_entry_pointing_at_the_first() {
    let mut facts = healthy();
    entries(&mut facts).extend([
        entry(1, "host2", 1, "glrt-one"),
        entry(2, "host3", 1, "glrt-one"),
        entry(3, "host4", 1, "glrt-other"),
    ]);
    let report = diagnose(&facts, now());
    assert_eq!(
        finding_ids(&report),
        vec!["config.duplicate_token", "config.duplicate_token"]
    );
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["findings"][0]["subject"],
        json!({"kind": "config_entry", "index": 1, "name": "host2"})
    );
    assert_eq!(json["findings"][0]["evidence"], json!({"same_as_index": 0}));
    assert_eq!(json["findings"][1]["subject"]["index"], 2);
    assert_eq!(json["findings"][1]["evidence"], json!({"same_as_index": 0}));
    // The secret never reaches the words or the debug output.
    let text = format!("{json} {report:?} {facts:?}");
    assert!(!text.contains("glrt-one"), "{text}");
}

#[test]
fn an_instance_prefixed_glrt_token_is_not_reported_legacy() {
    let mut facts = healthy();
    entries(&mut facts)[0].token = Some(RunnerToken::new("abc_glrt-prefixedprefixed"));
    let report = diagnose(&facts, now());
    assert!(report.findings.is_empty(), "{report:#?}");
}

#[test]
fn legacy_token_is_a_warning_on_its_entry() {
    let mut facts = healthy();
    entries(&mut facts)[0].token = Some(RunnerToken::new("a1b2c3d4legacy"));
    let finding = only(&diagnose(&facts, now()), "config.legacy_token");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["evidence"], json!({}));
    assert_eq!(
        finding["subject"],
        json!({"kind": "config_entry", "index": 0, "name": "host1"})
    );
}

#[test]
fn entry_whose_runner_is_gone_says_how_likely() {
    let mut facts = healthy();
    gitlab(&mut facts).runners.clear();
    gitlab(&mut facts).missing_runners.push(MissingRunner {
        id: 1,
        likely: MissingReason::Deleted,
    });
    let finding = only(&diagnose(&facts, now()), "config.runner_not_found");
    assert_eq!(
        finding["evidence"],
        json!({"runner_id": 1, "likely": "deleted"})
    );

    gitlab(&mut facts).missing_runners[0].likely = MissingReason::NotVisibleToToken;
    let finding = only(&diagnose(&facts, now()), "config.runner_not_found");
    assert_eq!(finding["evidence"]["likely"], "not_visible_to_token");

    // An entry for another GitLab is not looked up in this one.
    entries(&mut facts)[0].url = Some("https://other.example.com".to_string());
    assert!(diagnose(&facts, now()).findings.is_empty());
}

#[test]
fn rejected_token_is_reported_only_when_verified() {
    let mut facts = healthy();
    entries(&mut facts)[0].verification = Some(TokenVerification::Accepted);
    assert!(diagnose(&facts, now()).findings.is_empty());
    entries(&mut facts)[0].verification = Some(TokenVerification::Rejected);
    let finding = only(&diagnose(&facts, now()), "config.token_rejected");
    assert_eq!(
        finding["evidence"],
        json!({"runner_id": 1, "reason": "rejected"})
    );
}

#[test]
fn an_orphaned_runner_is_named_as_such_not_as_a_bad_token() {
    let mut facts = healthy();
    entries(&mut facts)[0].verification = Some(TokenVerification::Orphaned);
    let finding = only(&diagnose(&facts, now()), "config.token_rejected");
    assert_eq!(
        finding["evidence"],
        json!({"runner_id": 1, "reason": "orphaned"})
    );
    let summary = finding["summary"].as_str().unwrap_or_default();
    assert!(summary.contains("orphaned"), "{summary}");
    assert!(!summary.contains("reset"), "{summary}");
}

#[test]
fn a_runner_flag_gitlab_does_not_find_is_a_scope_not_found_error() {
    let mut facts = healthy();
    facts.scope.runner_ids = vec![9999];
    gitlab(&mut facts).missing_runners.push(MissingRunner {
        id: 9999,
        likely: MissingReason::NotVisibleToToken,
    });
    let finding = only(&diagnose(&facts, now()), "gitlab.scope_not_found");
    assert_eq!(finding["subject"], json!({"kind": "machine"}));
    assert_eq!(
        finding["evidence"],
        json!({"kind": "runner", "ref": "9999"})
    );
}

#[test]
fn missing_groups_and_projects_are_scope_not_found_errors() {
    let mut facts = healthy();
    gitlab(&mut facts).missing_scopes = vec![
        MissingScope {
            kind: ScopeKind::Group,
            reference: "gone".to_string(),
        },
        MissingScope {
            kind: ScopeKind::Project,
            reference: "team/gone".to_string(),
        },
    ];
    let report = diagnose(&facts, now());
    let evidence: Vec<Value> = report
        .findings
        .iter()
        .filter(|f| f.id.as_str() == "gitlab.scope_not_found")
        .map(|f| Value::Object(f.evidence.clone()))
        .collect();
    assert_eq!(
        evidence,
        [
            json!({"kind": "group", "ref": "gone"}),
            json!({"kind": "project", "ref": "team/gone"})
        ]
    );
    assert!(report.has_errors());
    assert!(!report.summary_line().contains("No problems"));
}

#[test]
fn the_summary_never_says_no_problems_about_what_was_not_checked() {
    let mut facts = healthy();
    facts.api = ApiFacts::Skipped;
    let report = diagnose(&facts, now());
    assert!(report.findings.is_empty(), "{report:#?}");
    assert_eq!(
        report.summary_line(),
        "No problems found in what was checked; GitLab's API was not checked."
    );
    let mut report = diagnose(&healthy(), now());
    assert_eq!(report.summary_line(), "No problems found.");
    report
        .unchecked
        .push("some parts were not checked".to_string());
    assert_eq!(
        report.summary_line(),
        "No problems found in what was checked; some parts were not checked."
    );
}

#[test]
fn token_expiring_within_7_days_warns_and_expired_token_errs() {
    let mut facts = healthy();
    let set_expiry = |facts: &mut Facts, at| entries(facts)[0].token_expires_at = Some(at);

    set_expiry(&mut facts, now() + Duration::days(8));
    assert!(diagnose(&facts, now()).findings.is_empty());

    set_expiry(&mut facts, now() + Duration::days(6));
    let finding = only(&diagnose(&facts, now()), "config.token_expiring");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        finding["evidence"],
        json!({"expires_at": "2026-11-29T12:00:00Z"})
    );

    set_expiry(&mut facts, now() - Duration::hours(1));
    let finding = only(&diagnose(&facts, now()), "config.token_expired");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["evidence"],
        json!({"expires_at": "2026-11-23T11:00:00Z"})
    );

    // gitlab-runner's zero time means "never expires".
    set_expiry(&mut facts, Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap());
    assert!(diagnose(&facts, now()).findings.is_empty());
}

// ---- service.*

#[test]
fn service_not_installed_is_reported_even_without_entries() {
    let mut facts = healthy();
    local(&mut facts).service = ServiceFacts {
        manager: None,
        state: ServiceState::NotInstalled,
    };
    only(&diagnose(&facts, now()), "service.not_installed");

    local(&mut facts).service = ServiceFacts {
        manager: Some(ServiceManager::Systemd),
        state: ServiceState::NotInstalled,
    };
    entries(&mut facts).clear();
    let report = diagnose(&facts, now());
    assert_eq!(
        finding_ids(&report),
        vec!["service.not_installed", "config.no_runners"]
    );
}

#[test]
fn stopped_service_is_an_error_only_when_entries_exist() {
    let mut facts = healthy();
    local(&mut facts).service = ServiceFacts {
        manager: Some(ServiceManager::GitlabRunner),
        state: ServiceState::Stopped,
    };
    let finding = only(&diagnose(&facts, now()), "service.not_running");
    assert_eq!(finding["evidence"], json!({"manager": "gitlab-runner"}));
    assert_eq!(finding["subject"], json!({"kind": "machine"}));
}

// ---- secrets.*

#[test]
fn stored_token_nobody_uses_is_reported_only_when_never_contacted() {
    let mut facts = healthy();
    local(&mut facts).stored_runner_ids = vec![1, 7, 8, 9];
    let mut fresh = group_runner(7, "elsewhere");
    fresh.status = ContactStatus::NeverContacted;
    fresh.contacted_at = None;
    let mut used_elsewhere = group_runner(8, "elsewhere");
    used_elsewhere.status = ContactStatus::Offline;
    gitlab(&mut facts).runners.extend([fresh, used_elsewhere]);
    // Runner 9 is not visible: nothing is claimed about it. Runner 1 has a local entry.
    let finding = only(&diagnose(&facts, now()), "secrets.unregistered_token");
    assert_eq!(finding["subject"], json!({"kind": "runner", "id": 7}));
    assert_eq!(finding["evidence"], json!({"runner_id": 7}));
    assert!(finding["fix"].as_str().unwrap().contains("-g elsewhere"));
}

// ---- gitlab.*

#[test]
fn unreachable_gitlab_names_url_and_cause() {
    let mut facts = healthy();
    facts.api = ApiFacts::Unreachable {
        url: URL.to_string(),
        cause: UnreachableCause::Http5xx,
    };
    let report = diagnose(&facts, now());
    let finding = only(&report, "gitlab.unreachable");
    assert_eq!(
        finding["evidence"],
        json!({"url": URL, "cause": "http_5xx"})
    );
    assert_eq!(report.checked.runners, 0);
}

#[test]
fn auth_failure_names_status_and_scope() {
    let mut facts = healthy();
    facts.api = ApiFacts::AuthFailed {
        status: 403,
        needed_scope: Some("read_api".to_string()),
    };
    let finding = only(&diagnose(&facts, now()), "gitlab.auth_failed");
    assert_eq!(
        finding["evidence"],
        json!({"status": 403, "needed_scope": "read_api"})
    );
    facts.api = ApiFacts::AuthFailed {
        status: 401,
        needed_scope: None,
    };
    let finding = only(&diagnose(&facts, now()), "gitlab.auth_failed");
    assert_eq!(
        finding["evidence"],
        json!({"status": 401, "needed_scope": null})
    );
}

#[test]
fn offline_run_checks_only_the_machine() {
    let mut facts = healthy();
    facts.api = ApiFacts::Skipped;
    local(&mut facts).config = ConfigState::Missing;
    let report = diagnose(&facts, now());
    assert_eq!(finding_ids(&report), vec!["config.missing"]);
    assert!(report.has_errors());
}

// ---- runner.*

fn never_contacted_cause(facts: &Facts) -> Value {
    let report = diagnose(facts, now());
    let finding = report
        .findings
        .iter()
        .find(|f| f.id == FindingId::RunnerNeverContacted)
        .expect("a never_contacted finding");
    finding.evidence["cause"].clone()
}

#[test]
fn never_contacted_cause_follows_the_local_facts() {
    let mut facts = healthy();
    {
        let runner = &mut gitlab(&mut facts).runners[0];
        runner.status = ContactStatus::NeverContacted;
        runner.contacted_at = None;
    }
    assert_eq!(never_contacted_cause(&facts), "registered_here");

    local(&mut facts).service.state = ServiceState::Stopped;
    assert_eq!(never_contacted_cause(&facts), "service_not_running");

    local(&mut facts).service = ServiceFacts {
        manager: None,
        state: ServiceState::NotInstalled,
    };
    assert_eq!(never_contacted_cause(&facts), "service_not_installed");

    // Named by --runner but not in config.toml.
    facts.scope.runner_ids = vec![1];
    entries(&mut facts).clear();
    assert_eq!(never_contacted_cause(&facts), "not_registered_here");

    local(&mut facts).config = ConfigState::Missing;
    assert_eq!(never_contacted_cause(&facts), "not_registered_here");

    facts.local = None;
    assert_eq!(never_contacted_cause(&facts), "unknown");
    let report = diagnose(&facts, now());
    assert_eq!(finding_ids(&report), vec!["runner.never_contacted"]);
    assert_eq!(report.checked.config_entries, 0);
}

#[test]
fn offline_stale_and_paused_runners_are_reported_with_contact_time() {
    let mut facts = healthy();
    let last = now() - Duration::hours(5);
    {
        let runner = &mut gitlab(&mut facts).runners[0];
        runner.status = ContactStatus::Offline;
        runner.contacted_at = Some(last);
    }
    let finding = only(&diagnose(&facts, now()), "runner.offline");
    assert_eq!(
        finding["evidence"],
        json!({"contacted_at": "2026-11-23T07:00:00Z"})
    );
    assert_eq!(finding["subject"], json!({"kind": "runner", "id": 1}));

    {
        let runner = &mut gitlab(&mut facts).runners[0];
        runner.status = ContactStatus::Stale;
        runner.contacted_at = None;
        runner.paused = true;
    }
    let report = diagnose(&facts, now());
    assert_eq!(finding_ids(&report), vec!["runner.paused", "runner.stale"]);
    assert_eq!(report.findings[1].evidence["contacted_at"], Value::Null);
}

#[test]
fn runner_scope_reports_named_group_and_project_runners_but_not_instance_or_ancestor_ones() {
    let mut facts = healthy();
    facts.local = None;
    facts.scope = RequestedScope {
        groups: vec!["team/sub".to_string()],
        projects: vec!["other/lib".to_string()],
        runner_ids: vec![99],
    };
    let offline = |mut runner: RunnerFacts| {
        runner.status = ContactStatus::Offline;
        runner
    };
    gitlab(&mut facts).runners = vec![
        offline(instance_runner(10)),                // instance: never reported
        offline(group_runner(11, "team")),           // ancestor group: not reported
        offline(group_runner(12, "team/sub")),       // the group itself
        offline(group_runner(13, "Team/Sub/deep")),  // a subgroup, any case
        offline(group_runner(14, "team/subway")),    // a sibling that shares a prefix
        offline(project_runner(15, "team/sub/app")), // a project of the group
        offline(project_runner(16, "other/lib")),    // a given project
        offline(project_runner(17, "other/app")),    // neither
        offline(instance_runner(99)),                // named with --runner
    ];
    let report = diagnose(&facts, now());
    let reported: Vec<u64> = report
        .findings
        .iter()
        .map(|f| match f.subject {
            super::Subject::Runner { id } => id,
            _ => panic!("unexpected {f:?}"),
        })
        .collect();
    assert_eq!(reported, vec![12, 13, 15, 16, 99]);
    assert_eq!(report.checked.runners, 5);
}

// ---- job.*

/// `team/sub/app` with one pending job tagged `tags`, no runners yet.
fn job_facts(tags: &[&str]) -> Facts {
    let mut facts = healthy();
    facts.local = None;
    facts.scope = RequestedScope {
        projects: vec!["team/sub/app".to_string()],
        ..RequestedScope::default()
    };
    let gitlab = gitlab(&mut facts);
    gitlab.runners.clear();
    gitlab.projects = vec![project("team/sub/app")];
    gitlab.pending_jobs = vec![job(1001, "team/sub/app", tags)];
    facts
}

#[test]
fn job_without_any_available_runner_reports_the_project_settings() {
    let mut facts = job_facts(&[]);
    // Runners that exist but are not available: another project's, a sibling group's.
    gitlab(&mut facts).runners = vec![
        project_runner(1, "team/sub/other"),
        group_runner(2, "team/sub2"),
        group_runner(3, "team/sub/app"), // a group named like the project is not its group
    ];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.no_runners_available");
    assert_eq!(
        finding["evidence"],
        json!({"shared_runners_enabled": true, "group_runners_enabled": true})
    );
    assert_eq!(
        finding["subject"],
        json!({"kind": "job", "id": 1001, "project": "team/sub/app", "name": "job1001"})
    );
}

#[test]
fn disabled_instance_or_group_runners_make_them_unavailable() {
    let mut facts = job_facts(&[]);
    gitlab(&mut facts).runners = vec![instance_runner(1), group_runner(2, "team")];
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");

    gitlab(&mut facts).projects[0].shared_runners_enabled = false;
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["evidence"]["runners"], json!([2]));

    gitlab(&mut facts).projects[0].group_runners_enabled = Some(false);
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.no_runners_available");
    assert_eq!(
        finding["evidence"],
        json!({"shared_runners_enabled": false, "group_runners_enabled": false})
    );
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("instance runners")
    );

    gitlab(&mut facts).projects[0].shared_runners_enabled = true;
    gitlab(&mut facts).runners = vec![group_runner(2, "team")];
    let finding = job_finding(&facts);
    assert_eq!(
        finding["evidence"],
        json!({"shared_runners_enabled": true, "group_runners_enabled": false})
    );
}

#[test]
fn hidden_group_runner_setting_is_assumed_on_and_says_so() {
    let mut facts = job_facts(&[]);
    gitlab(&mut facts).projects[0].group_runners_enabled = None;
    gitlab(&mut facts).projects[0].shared_runners_enabled = false;
    gitlab(&mut facts).runners = vec![group_runner(5, "team")];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(
        finding["evidence"],
        json!({"runners": [5], "group_runners_enabled_assumed": true})
    );

    gitlab(&mut facts).runners.clear();
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.no_runners_available");
    assert_eq!(
        finding["evidence"],
        json!({
            "shared_runners_enabled": false,
            "group_runners_enabled": true,
            "group_runners_enabled_assumed": true
        })
    );
}

#[test]
fn ancestor_group_runners_take_jobs_of_nested_projects() {
    let mut facts = job_facts(&["linux"]);
    gitlab(&mut facts).runners = vec![tagged(group_runner(3, "team"), &["linux"])];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["evidence"]["runners"], json!([3]));

    // An ancestor-group runner takes the job but is not reported on when offline.
    gitlab(&mut facts).runners[0].status = ContactStatus::Offline;
    let report = diagnose(&facts, now());
    assert_eq!(finding_ids(&report), vec!["job.runners_offline"]);
}

#[test]
fn offline_instance_runner_is_not_reported_but_still_matched() {
    let mut facts = job_facts(&["docker"]);
    let mut shared = tagged(instance_runner(40), &["docker"]);
    shared.status = ContactStatus::Offline;
    gitlab(&mut facts).runners = vec![shared];
    let report = diagnose(&facts, now());
    assert_eq!(finding_ids(&report), vec!["job.runners_offline"]);
    assert_eq!(report.findings[0].evidence["runners"], json!([40]));
    assert_eq!(report.checked.runners, 0);
}

#[test]
fn unmatched_tags_name_the_closest_runner_and_its_missing_tags() {
    let mut facts = job_facts(&["gpu", "linux"]);
    gitlab(&mut facts).runners = vec![
        tagged(instance_runner(9), &["windows"]),
        tagged(project_runner(8, "team/sub/app"), &["linux", "cpu"]),
        tagged(group_runner(7, "team"), &["linux"]),
    ];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.tags_unmatched");
    // 7 and 8 both miss one tag: the lower id wins.
    assert_eq!(
        finding["evidence"],
        json!({"job_tags": ["gpu", "linux"], "closest_runner": 7, "missing_tags": ["gpu"], "near_miss": {}})
    );
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("runnerctl update 7 --add-tag gpu")
    );
}

#[test]
fn near_miss_maps_a_job_tag_to_the_runner_tag_differing_in_case_or_space() {
    let mut facts = job_facts(&["gpu", "linux", "arm"]);
    gitlab(&mut facts).runners = vec![tagged(instance_runner(4), &["GPU", " linux ", "x86"])];
    let finding = job_finding(&facts);
    assert_eq!(
        finding["evidence"],
        json!({
            "job_tags": ["gpu", "linux", "arm"],
            "closest_runner": 4,
            "missing_tags": ["gpu", "linux", "arm"],
            "near_miss": {"gpu": "GPU", "linux": " linux "}
        })
    );
}

#[test]
fn runner_with_more_tags_than_the_job_matches_and_untagged_runner_takes_no_tagged_job() {
    let mut facts = job_facts(&["linux"]);
    gitlab(&mut facts).runners = vec![
        instance_runner(1), // untagged, run_untagged: not a match for a tagged job
        tagged(instance_runner(2), &["linux", "docker", "big"]),
    ];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["evidence"]["runners"], json!([2]));
}

#[test]
fn untagged_job_needs_a_runner_that_runs_untagged_jobs() {
    let mut facts = job_facts(&[]);
    gitlab(&mut facts).runners = vec![
        tagged(instance_runner(21), &["a"]),
        tagged(group_runner(20, "team"), &["b"]),
    ];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.untagged_not_accepted");
    assert_eq!(finding["evidence"], json!({"runners_available": [20, 21]}));
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("runnerctl update 20 --run-untagged")
    );
}

#[test]
fn ref_protected_runners_take_only_jobs_on_protected_refs() {
    let mut facts = job_facts(&["deploy"]);
    let mut protected_runner = tagged(project_runner(30, "team/sub/app"), &["deploy"]);
    protected_runner.access_level = AccessLevel::RefProtected;
    gitlab(&mut facts).runners = vec![protected_runner];
    gitlab(&mut facts).projects[0].protected_refs = Some(ProtectedRefs {
        branches: vec!["main".to_string(), "release/*".to_string()],
        tags: vec!["v*".to_string()],
    });
    let set_ref = |facts: &mut Facts, name: &str, is_tag: bool| {
        let job = &mut gitlab(facts).pending_jobs[0];
        job.ref_name = name.to_string();
        job.ref_is_tag = is_tag;
    };

    set_ref(&mut facts, "main", false);
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");
    set_ref(&mut facts, "release/2.0/rc1", false);
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");
    set_ref(&mut facts, "v1.2", true);
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");

    set_ref(&mut facts, "feature/x", false);
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.protected_runners_only");
    assert_eq!(finding["evidence"], json!({"runners": [30]}));
    assert!(finding["summary"].as_str().unwrap().contains("`feature/x`"));

    // A branch named like a protected tag pattern is not protected.
    set_ref(&mut facts, "v1.2", false);
    assert_eq!(job_finding(&facts)["id"], "job.protected_runners_only");

    // On an unprotected ref, later steps look only at the runners that are not ref_protected:
    // the paused unprotected runner decides, not the online protected one.
    set_ref(&mut facts, "feature/x", false);
    let mut open_runner = tagged(instance_runner(31), &["deploy"]);
    open_runner.paused = true;
    gitlab(&mut facts).runners.push(open_runner);
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.runners_paused");
    assert_eq!(finding["evidence"], json!({"runners": [31]}));

    // On a protected ref both count, and the online protected runner takes it.
    set_ref(&mut facts, "main", false);
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["evidence"]["runners"], json!([30]));
}

#[test]
fn protected_refs_not_gathered_do_not_make_a_ref_unprotected() {
    let mut facts = job_facts(&["deploy"]);
    let mut protected_runner = tagged(instance_runner(30), &["deploy"]);
    protected_runner.access_level = AccessLevel::RefProtected;
    gitlab(&mut facts).runners = vec![protected_runner];
    gitlab(&mut facts).projects[0].protected_refs = None;
    gitlab(&mut facts).pending_jobs[0].ref_name = "feature/x".to_string();
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");
}

#[test]
fn job_findings_follow_the_contract_precedence() {
    // Each step, with one runner, in the table's order.
    let mut facts = job_facts(&["gpu"]);
    assert_eq!(job_finding(&facts)["id"], "job.no_runners_available");

    gitlab(&mut facts).runners = vec![tagged(instance_runner(1), &["cpu"])];
    assert_eq!(job_finding(&facts)["id"], "job.tags_unmatched");

    let mut runner = tagged(instance_runner(1), &["gpu"]);
    runner.access_level = AccessLevel::RefProtected;
    runner.paused = true;
    runner.status = ContactStatus::Offline;
    gitlab(&mut facts).runners = vec![runner];
    gitlab(&mut facts).pending_jobs[0].ref_name = "topic".to_string();
    // Protected-ref beats paused and offline.
    assert_eq!(job_finding(&facts)["id"], "job.protected_runners_only");

    gitlab(&mut facts).pending_jobs[0].ref_name = "main".to_string();
    // Paused beats offline.
    assert_eq!(job_finding(&facts)["id"], "job.runners_paused");

    gitlab(&mut facts).runners[0].paused = false;
    assert_eq!(job_finding(&facts)["id"], "job.runners_offline");

    gitlab(&mut facts).runners[0].status = ContactStatus::Online;
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["severity"], "info");
}

#[test]
fn offline_finding_lists_only_unpaused_runners_and_capacity_only_online_ones() {
    let mut facts = job_facts(&[]);
    let mut paused = instance_runner(1);
    paused.paused = true;
    let mut offline = instance_runner(2);
    offline.status = ContactStatus::Offline;
    let mut never = instance_runner(3);
    never.status = ContactStatus::NeverContacted;
    gitlab(&mut facts).runners = vec![paused, offline, never];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.runners_offline");
    assert_eq!(finding["evidence"], json!({"runners": [2, 3]}));

    gitlab(&mut facts).runners.push(instance_runner(4));
    assert_eq!(job_finding(&facts)["evidence"], json!({"runners": [4]}));
}

#[test]
fn every_pending_job_gets_exactly_one_job_finding() {
    let mut facts = job_facts(&["gpu"]);
    let gitlab = gitlab(&mut facts);
    gitlab.runners = vec![tagged(instance_runner(1), &["cpu"])];
    gitlab
        .pending_jobs
        .push(job(1002, "team/sub/app", &["cpu"]));
    gitlab
        .pending_jobs
        .push(job(1003, "team/sub/app", &["gpu"]));
    gitlab
        .pending_jobs
        .push(job(1002, "team/sub/app", &["cpu"])); // listed twice
    let report = diagnose(&facts, now());
    assert_eq!(
        finding_ids(&report),
        vec![
            "job.tags_unmatched",
            "job.tags_unmatched",
            "job.waiting_for_capacity"
        ]
    );
    assert_eq!(report.checked.pending_jobs, 3);
    assert_eq!(
        report.summary_line(),
        "2 errors, 1 note: 2 jobs stuck on 1 cause"
    );
}

// ---- the report

#[test]
fn report_json_has_the_contract_shape_and_order() {
    let mut facts = healthy();
    local(&mut facts).service.state = ServiceState::Stopped;
    entries(&mut facts).push(entry(1, "host2", 2, "glrt-two"));
    entries(&mut facts)[1].token_expires_at = Some(now() + Duration::days(1));
    let gitlab = gitlab(&mut facts);
    let mut paused = project_runner(2, "team/app");
    paused.paused = true;
    gitlab.runners.push(paused);
    gitlab.pending_jobs = vec![job(7, "team/app", &["gpu"]), job(5, "team/app", &["gpu"])];

    let report = diagnose(&facts, now());
    let json = serde_json::to_value(&report).unwrap();
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4);
    assert_eq!(json["version"], 1);
    assert_eq!(json["gitlab_url"], URL);
    assert_eq!(
        json["checked"],
        json!({"config_entries": 2, "runners": 2, "projects": 1, "pending_jobs": 2})
    );
    let order: Vec<(String, Value)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap().to_string(), f["subject"].clone()))
        .collect();
    assert_eq!(
        order,
        vec![
            (
                "job.tags_unmatched".into(),
                json!({"kind": "job", "id": 5, "project": "team/app", "name": "job5"})
            ),
            (
                "job.tags_unmatched".into(),
                json!({"kind": "job", "id": 7, "project": "team/app", "name": "job7"})
            ),
            ("service.not_running".into(), json!({"kind": "machine"})),
            (
                "config.token_expiring".into(),
                json!({"kind": "config_entry", "index": 1, "name": "host2"})
            ),
            ("runner.paused".into(), json!({"kind": "runner", "id": 2})),
        ]
    );
    for finding in json["findings"].as_array().unwrap() {
        let keys: Vec<&str> = finding
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys.len(),
            6,
            "id, severity, subject, summary, fix, evidence: {finding}"
        );
        for key in ["id", "severity", "subject", "summary", "fix", "evidence"] {
            assert!(finding.get(key).is_some(), "{key} in {finding}");
        }
    }
    assert!(report.has_errors());
    assert_eq!(
        report.summary_line(),
        "3 errors, 2 warnings: 2 jobs stuck on 1 cause"
    );

    let groups = report.grouped();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].severity, Severity::Error);
    // Errors: the machine, then the two jobs, each its own subject, sorted by kind.
    let subjects: Vec<String> = groups[0]
        .subjects
        .iter()
        .map(|(s, _)| s.to_string())
        .collect();
    assert_eq!(
        subjects,
        vec![
            "job job5 (#5) in team/app",
            "job job7 (#7) in team/app",
            "this machine"
        ]
    );
}

#[test]
fn findings_with_equal_id_sort_by_subject_kind_then_id() {
    let mut facts = healthy();
    for index in [2, 10] {
        entries(&mut facts).push(ConfigEntryFacts {
            token: Some(RunnerToken::new(format!("legacy{index}"))),
            ..entry(index, &format!("h{index}"), 1, "")
        });
    }
    let report = diagnose(&facts, now());
    let indexes: Vec<String> = report
        .findings
        .iter()
        .map(|f| f.subject.to_string())
        .collect();
    assert_eq!(
        indexes,
        vec!["config entry #2 (h2)", "config entry #10 (h10)"]
    );
}

// ---- the catalogue

fn sample_runner(id: u64) -> RunnerRef {
    RunnerRef {
        id,
        description: Some("build-box".to_string()),
        runner_type: RunnerType::Group,
        group: Some("team".to_string()),
        projects: Vec::new(),
    }
}

fn sample_job(tags: &[&str]) -> JobRef {
    JobRef {
        id: 1001,
        project: "team/app".to_string(),
        name: "build".to_string(),
        ref_name: "feature/login".to_string(),
        tags: tags.iter().map(|tag| tag.to_string()).collect(),
    }
}

/// One problem of every kind and every wording branch.
fn catalogue_samples() -> Vec<Problem> {
    let path = CONFIG.to_string();
    let entry = EntryRef {
        index: 1,
        name: "host2".to_string(),
    };
    let first = EntryRef {
        index: 0,
        name: "host1".to_string(),
    };
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 8, 30, 0).unwrap();
    let context = JobContext {
        group_runners_enabled_assumed: false,
    };
    let assumed = JobContext {
        group_runners_enabled_assumed: true,
    };
    let mut samples = vec![
        Problem::ConfigMissing(ConfigMissing { path: path.clone() }),
        Problem::ConfigUnparseable(ConfigUnparseable {
            path: path.clone(),
            line: 12,
            column: 5,
            message: "expected `=`".to_string(),
        }),
        Problem::ConfigInvalid(ConfigInvalid {
            path: path.clone(),
            key: "concurrent".to_string(),
            expected: "an integer".to_string(),
            found: "a string".to_string(),
        }),
        Problem::ConfigPermissions(ConfigPermissions {
            path: path.clone(),
            mode: 0o644,
        }),
        Problem::ConfigPermissions(ConfigPermissions {
            path: path.clone(),
            mode: 0o640,
        }),
        Problem::ConfigNoRunners(ConfigNoRunners { path: path.clone() }),
        Problem::ConfigDuplicateToken(ConfigDuplicateToken {
            path: path.clone(),
            entry: entry.clone(),
            same_as: first.clone(),
        }),
        Problem::ConfigDuplicateToken(ConfigDuplicateToken {
            path: path.clone(),
            entry: EntryRef {
                index: 1,
                name: "host1".to_string(),
            },
            same_as: first.clone(),
        }),
        Problem::ConfigLegacyToken(ConfigLegacyToken {
            entry: entry.clone(),
        }),
        Problem::ConfigRunnerNotFound(ConfigRunnerNotFound {
            entry: entry.clone(),
            runner_id: 42,
            likely: MissingReason::Deleted,
        }),
        Problem::ConfigRunnerNotFound(ConfigRunnerNotFound {
            entry: entry.clone(),
            runner_id: 42,
            likely: MissingReason::NotVisibleToToken,
        }),
        Problem::ConfigTokenRejected(ConfigTokenRejected {
            entry: entry.clone(),
            runner_id: Some(42),
        }),
        Problem::ConfigTokenRejected(ConfigTokenRejected {
            entry: entry.clone(),
            runner_id: None,
        }),
        Problem::ConfigRunnerOrphaned(ConfigRunnerOrphaned {
            entry: entry.clone(),
            runner_id: Some(42),
        }),
        Problem::ConfigTokenExpiring(ConfigTokenExpiring {
            entry: entry.clone(),
            runner_id: Some(42),
            expires_at: at,
        }),
        Problem::ConfigTokenExpired(ConfigTokenExpired {
            entry: entry.clone(),
            runner_id: Some(42),
            expires_at: at,
        }),
        Problem::ServiceNotInstalled(ServiceNotInstalled),
        Problem::ServiceNotRunning(ServiceNotRunning {
            manager: ServiceManager::Systemd,
            path: path.clone(),
        }),
        Problem::ServiceNotRunning(ServiceNotRunning {
            manager: ServiceManager::GitlabRunner,
            path: path.clone(),
        }),
        Problem::SecretsUnregisteredToken(SecretsUnregisteredToken {
            runner: sample_runner(42),
        }),
    ];
    for cause in [
        UnreachableCause::Dns,
        UnreachableCause::Tls,
        UnreachableCause::Refused,
        UnreachableCause::Timeout,
        UnreachableCause::Dropped,
        UnreachableCause::Http5xx,
        UnreachableCause::NotGitlab,
    ] {
        samples.push(Problem::GitlabUnreachable(GitlabUnreachable {
            url: URL.to_string(),
            cause,
        }));
    }
    samples.push(Problem::GitlabUnreachable(GitlabUnreachable {
        url: format!("{URL}/api/v4"),
        cause: UnreachableCause::NotGitlab,
    }));
    for (kind, reference) in [
        (ScopeKind::Group, "team/gone"),
        (ScopeKind::Project, "team/gone"),
        (ScopeKind::Runner, "9999"),
    ] {
        samples.push(Problem::GitlabScopeNotFound(GitlabScopeNotFound {
            kind,
            reference: reference.to_string(),
        }));
    }
    samples.push(Problem::GitlabRedirected(GitlabRedirected {
        url: URL.to_string(),
        location: "https://new.example.com/api/v4/user".to_string(),
        new_url: Some("https://new.example.com".to_string()),
    }));
    samples.push(Problem::GitlabRedirected(GitlabRedirected {
        url: URL.to_string(),
        location: format!("{URL}/api/v4/user"),
        new_url: None,
    }));
    for (status, needed_scope) in [
        (401, None),
        (403, Some("read_api".to_string())),
        (403, Some("admin_mode".to_string())),
        (403, None),
    ] {
        samples.push(Problem::GitlabAuthFailed(GitlabAuthFailed {
            url: Some(URL.to_string()),
            status,
            needed_scope,
        }));
    }
    for cause in [
        NeverContactedCause::NotRegisteredHere,
        NeverContactedCause::ServiceNotInstalled,
        NeverContactedCause::ServiceNotRunning,
        NeverContactedCause::RegisteredHere,
    ] {
        samples.push(Problem::RunnerNeverContacted(RunnerNeverContacted {
            runner: sample_runner(42),
            cause,
            config_path: Some(path.clone()),
        }));
    }
    samples.push(Problem::RunnerNeverContacted(RunnerNeverContacted {
        runner: RunnerRef {
            description: None,
            ..sample_runner(42)
        },
        cause: NeverContactedCause::Unknown,
        config_path: None,
    }));
    samples.extend([
        Problem::RunnerOffline(RunnerOffline {
            runner: sample_runner(42),
            contacted_at: Some(at),
            no_managers: false,
        }),
        Problem::RunnerOffline(RunnerOffline {
            runner: sample_runner(42),
            contacted_at: Some(at),
            no_managers: true,
        }),
        Problem::RunnerStale(RunnerStale {
            runner: sample_runner(42),
            contacted_at: Some(at),
        }),
        Problem::RunnerStale(RunnerStale {
            runner: RunnerRef {
                runner_type: RunnerType::Project,
                group: None,
                projects: vec!["team/app".to_string()],
                ..sample_runner(43)
            },
            contacted_at: None,
        }),
        Problem::RunnerPaused(RunnerPaused {
            runner: sample_runner(42),
        }),
    ]);
    for (shared, group, context) in [
        (true, true, context),
        (true, true, assumed),
        (true, false, context),
        (false, false, context),
    ] {
        samples.push(Problem::JobNoRunnersAvailable(JobNoRunnersAvailable {
            job: sample_job(&[]),
            context,
            shared_runners_enabled: shared,
            group_runners_enabled: group,
        }));
    }
    samples.extend([
        Problem::JobTagsUnmatched(JobTagsUnmatched {
            job: sample_job(&["gpu", "linux"]),
            context,
            closest_runner: Some(42),
            missing_tags: vec!["gpu".to_string()],
            near_miss: Default::default(),
        }),
        Problem::JobTagsUnmatched(JobTagsUnmatched {
            job: sample_job(&["gpu"]),
            context,
            closest_runner: Some(42),
            missing_tags: vec!["gpu".to_string()],
            near_miss: [("gpu".to_string(), "GPU".to_string())].into(),
        }),
        Problem::JobUntaggedNotAccepted(JobUntaggedNotAccepted {
            job: sample_job(&[]),
            context,
            runners_available: vec![42, 43],
        }),
        Problem::JobProtectedRunnersOnly(JobProtectedRunnersOnly {
            job: sample_job(&["deploy"]),
            context,
            runners: vec![42],
        }),
        Problem::JobProtectedRunnersOnly(JobProtectedRunnersOnly {
            job: sample_job(&["deploy"]),
            context,
            runners: vec![42, 43],
        }),
        Problem::JobRunnersPaused(JobRunnersPaused {
            job: sample_job(&[]),
            context,
            runners: vec![42],
        }),
        Problem::JobRunnersPaused(JobRunnersPaused {
            job: sample_job(&[]),
            context,
            runners: vec![42, 43, 44],
        }),
        Problem::JobRunnersOffline(JobRunnersOffline {
            job: sample_job(&[]),
            context,
            runners: vec![42],
            no_managers: Vec::new(),
        }),
        Problem::JobRunnersOffline(JobRunnersOffline {
            job: sample_job(&[]),
            context,
            runners: vec![42, 43],
            no_managers: vec![42],
        }),
        Problem::JobRunnersOffline(JobRunnersOffline {
            job: sample_job(&[]),
            context,
            runners: (1..=9).collect(),
            no_managers: Vec::new(),
        }),
        Problem::JobWaitingForCapacity(JobWaitingForCapacity {
            job: sample_job(&[]),
            context,
            runners: vec![42],
        }),
        Problem::JobWaitingForCapacity(JobWaitingForCapacity {
            job: sample_job(&[]),
            context,
            runners: vec![42, 43],
        }),
    ]);
    samples.extend(super::tests_gitea::catalogue_samples());
    samples.extend(super::tests_semaphore::catalogue_samples());
    samples.extend(runner_log_samples());
    samples
}

fn runner_log_samples() -> Vec<Problem> {
    use super::log_facts::{LongPollingConfig, Signal};
    use strum::IntoEnumIterator;
    let mut samples = Vec::new();
    for signal in Signal::iter() {
        let (runner, subject) = match signal {
            Signal::UnregisteredRunner
            | Signal::RegistrationTokenInvalid
            | Signal::RunnerFileLocked => (LogRunner::Actions, super::Subject::Machine),
            _ => (
                LogRunner::Gitlab,
                super::Subject::ConfigEntry {
                    index: 0,
                    name: "host1".to_string(),
                },
            ),
        };
        samples.push(
            RunnerLogFinding {
                signal,
                runner,
                subject,
                line: format!("ERROR: a {} line runner=host1", signal.as_str()),
                last_seen: Some(now()),
                count: 3,
                source: "journal",
                url: matches!(signal, Signal::Tls | Signal::Unreachable).then(|| URL.to_string()),
                long_polling: (signal == Signal::LongPolling).then(|| LongPollingConfig {
                    concurrent: 1,
                    entries: 2,
                    request_concurrency: vec![("host1".into(), 1), ("host2".into(), 1)],
                }),
                config_path: Some(CONFIG.to_string()),
            }
            .into_problem(),
        );
    }
    for cause in [
        NeverContactedCause::TokenRejected,
        NeverContactedCause::Unreachable,
    ] {
        samples.push(Problem::RunnerNeverContacted(RunnerNeverContacted {
            runner: sample_runner(42),
            cause,
            config_path: Some(CONFIG.to_string()),
        }));
    }
    samples
}

#[test]
fn catalogue_covers_every_finding_id() {
    let samples = catalogue_samples();
    for id in FindingId::ALL {
        assert!(
            samples.iter().any(|problem| problem.id() == *id),
            "no sample for {id}"
        );
    }
}

#[test]
fn every_summary_and_fix_is_a_sentence() {
    for problem in catalogue_samples() {
        let finding = problem.into_finding();
        for text in [&finding.summary, &finding.fix] {
            let first = text.chars().next().unwrap();
            assert!(
                first.is_uppercase()
                    || first == '/'
                    || first == '`'
                    || text.starts_with("gitlab-runner"),
                "{}: {text}",
                finding.id
            );
            assert!(text.ends_with('.'), "{}: {text}", finding.id);
            assert!(!text.contains("  "), "{}: {text}", finding.id);
        }
    }
}

/// Summaries and fixes are reviewed together here; `UPDATE_SNAPSHOTS=1` rewrites the file.
#[test]
fn catalogue_snapshot() {
    let mut rendered = String::new();
    for problem in catalogue_samples() {
        let finding = problem.into_finding();
        rendered.push_str(&format!(
            "{} [{}] {}\n  summary: {}\n  fix:     {}\n\n",
            finding.id,
            finding.severity.as_str(),
            finding.subject,
            finding.summary,
            finding.fix
        ));
    }
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/doctor/snapshots/catalogue.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|value| value == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &rendered).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        expected == rendered,
        "the catalogue changed; review it and run with UPDATE_SNAPSHOTS=1.\n{rendered}"
    );
}

/// Contract row "values": every command a doctor fix or summary prints parses with the real
/// command line, placeholders filled in.
#[test]
fn every_command_in_a_fix_parses() {
    let mut commands = Vec::new();
    for problem in catalogue_samples() {
        let finding = problem.into_finding();
        for text in [&finding.summary, &finding.fix] {
            commands.extend(crate::printed_commands::commands_in(text));
        }
    }
    assert!(commands.len() > 30, "found only {commands:?}");
    let failed = crate::printed_commands::failures(&commands);
    assert!(
        failed.is_empty(),
        "doctor prints commands that do not parse:\n{}",
        failed.join("\n")
    );
}

/// GitLab 16.0–17.x heartbeats the runner on `DELETE /runners/managers`: a runner whose last
/// host unregistered reads online for 2 hours with no manager left. It takes no job.
#[test]
fn an_online_runner_without_managers_does_not_take_the_job() {
    let mut facts = job_facts(&["linux"]);
    let mut gone = tagged(group_runner(3, "team"), &["linux"]);
    gone.managers = Some(0);
    gitlab(&mut facts).runners = vec![gone];
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.runners_offline");
    assert_eq!(
        finding["evidence"],
        json!({"runners": [3], "no_managers": [3]})
    );
    assert!(
        finding["summary"]
            .as_str()
            .unwrap()
            .contains("no runner managers"),
        "{finding}"
    );
    assert!(
        finding["fix"]
            .as_str()
            .unwrap()
            .contains("runnerctl register --runner 3"),
        "{finding}"
    );

    // One manager left, or managers not read: it is online as GitLab says.
    gitlab(&mut facts).runners[0].managers = Some(1);
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");
    gitlab(&mut facts).runners[0].managers = None;
    assert_eq!(job_finding(&facts)["id"], "job.waiting_for_capacity");

    // Another online runner with a host still takes it.
    gitlab(&mut facts).runners[0].managers = Some(0);
    let mut live = tagged(instance_runner(4), &["linux"]);
    live.managers = Some(2);
    gitlab(&mut facts).runners.push(live);
    let finding = job_finding(&facts);
    assert_eq!(finding["id"], "job.waiting_for_capacity");
    assert_eq!(finding["evidence"]["runners"], json!([4]));
}

#[test]
fn a_reported_runner_that_reads_online_without_managers_is_offline() {
    let mut facts = healthy();
    gitlab(&mut facts).runners[0].managers = Some(0);
    let report = diagnose(&facts, now());
    let finding = only(&report, "runner.offline");
    assert_eq!(finding["subject"], json!({"kind": "runner", "id": 1}));
    assert_eq!(finding["evidence"]["no_managers"], json!(true));
    let summary = finding["summary"].as_str().unwrap();
    assert!(summary.contains("reads online"), "{summary}");
    assert!(summary.contains("2 hours"), "{summary}");

    gitlab(&mut facts).runners[0].managers = Some(1);
    assert!(diagnose(&facts, now()).findings.is_empty());
}

/// The gatherer reads managers only for the runners a decision relies on as online.
#[test]
fn managers_are_wanted_only_for_online_runners_a_job_relies_on() {
    let mut facts = job_facts(&["linux"]);
    let mut offline = tagged(group_runner(2, "team"), &["linux"]);
    offline.status = ContactStatus::Offline;
    let mut paused = tagged(group_runner(5, "team"), &["linux"]);
    paused.paused = true;
    gitlab(&mut facts).runners = vec![
        offline,
        tagged(group_runner(3, "team"), &["linux"]),
        tagged(instance_runner(4), &["linux"]),
        paused,
        tagged(instance_runner(6), &["windows"]),
    ];
    let gitlab = gitlab(&mut facts);
    let project = gitlab.projects[0].clone();
    let job = gitlab.pending_jobs[0].clone();
    let relied = |runners: &[RunnerFacts]| {
        super::decide::online_runners_for_jobs(
            std::slice::from_ref(&job),
            |_| Some(&project),
            runners,
        )
    };
    assert_eq!(relied(&gitlab.runners), vec![vec![3, 4]]);
    // Known to have no managers: not relied on any more.
    gitlab.runners[1].managers = Some(0);
    assert_eq!(relied(&gitlab.runners), vec![vec![4]]);
    gitlab.runners[2].managers = Some(0);
    assert_eq!(relied(&gitlab.runners), vec![Vec::<u64>::new()]);
}

// --- The runner log (runner_log.*, and the never-contacted causes it proves) ---

fn log_event(
    signal: super::log_facts::Signal,
    runner: Option<&str>,
    line: &str,
    at_minutes_ago: i64,
) -> super::log_facts::LogEvent {
    super::log_facts::LogEvent {
        signal,
        runner: runner.map(str::to_string),
        runner_name: None,
        url: None,
        line: line.to_string(),
        at: Some(now() - Duration::minutes(at_minutes_ago)),
    }
}

fn with_log(facts: &mut Facts, events: Vec<super::log_facts::LogEvent>) {
    local(facts).runner_log = Some(super::log_facts::RunnerLogFacts {
        source: "journal",
        events,
        long_polling: None,
    });
}

#[test]
fn a_logged_403_names_the_entry_by_either_short_form_once_with_its_count() {
    use super::log_facts::Signal;
    let mut facts = healthy();
    // glrt-t1_… shortens to `t1_AbCdEf` before 18.2 and `AbCdEfGhI` since.
    local(&mut facts).config = ConfigState::Present(ConfigFileFacts {
        mode: Some(0o600),
        contents: ConfigContents::Loaded(vec![entry(0, "host1", 1, "glrt-t1_AbCdEfGhIjKlMnOp")]),
    });
    with_log(
        &mut facts,
        vec![
            log_event(
                Signal::Forbidden,
                Some("t1_AbCdEf"),
                "ERROR: Checking for jobs... forbidden runner=t1_AbCdEf status=403 Forbidden",
                30,
            ),
            log_event(
                Signal::Forbidden,
                Some("AbCdEfGhI"),
                "ERROR: Checking for jobs... forbidden runner=AbCdEfGhI status=403 Forbidden",
                5,
            ),
            log_event(
                Signal::Forbidden,
                Some("zzzzzzzzz"),
                "ERROR: Checking for jobs... forbidden runner=zzzzzzzzz status=403 Forbidden",
                1,
            ),
        ],
    );
    let report = diagnose(&facts, now());
    let logged: Vec<&super::Finding> = report
        .findings
        .iter()
        .filter(|f| f.id == FindingId::RunnerLogForbidden)
        .collect();
    assert_eq!(logged.len(), 2, "{:#?}", report.findings);
    let entry_finding = logged
        .iter()
        .find(|f| {
            f.subject
                == super::Subject::ConfigEntry {
                    index: 0,
                    name: "host1".into(),
                }
        })
        .expect("the entry's finding");
    assert_eq!(entry_finding.evidence["count"], 2);
    assert_eq!(entry_finding.evidence["source"], "journal");
    assert_eq!(
        entry_finding.evidence["line"],
        "ERROR: Checking for jobs... forbidden runner=host1 status=403 Forbidden"
    );
    assert!(logged.iter().any(|f| f.subject == super::Subject::Machine));
}

#[test]
fn a_never_contacted_runner_whose_log_shows_403_or_no_route_gets_that_cause() {
    use super::log_facts::Signal;
    let cause_with = |events: Vec<super::log_facts::LogEvent>| {
        let mut facts = healthy();
        gitlab(&mut facts).runners[0].status = ContactStatus::NeverContacted;
        with_log(&mut facts, events);
        let report = diagnose(&facts, now());
        report
            .findings
            .iter()
            .find(|f| f.id == FindingId::RunnerNeverContacted)
            .map(|f| f.evidence["cause"].clone())
    };
    // "glrt-one" is shorter than any cut: gitlab-runner logs it whole.
    assert_eq!(
        cause_with(vec![log_event(
            Signal::Forbidden,
            Some("glrt-one"),
            "403",
            1
        )]),
        Some(json!("token_rejected"))
    );
    assert_eq!(
        cause_with(vec![log_event(
            Signal::Unreachable,
            None,
            "dial tcp: no such host",
            1
        )]),
        Some(json!("unreachable"))
    );
    // Another runner's 403 says nothing of this one.
    assert_eq!(
        cause_with(vec![log_event(
            Signal::Forbidden,
            Some("otherxxxx"),
            "403",
            1
        )]),
        Some(json!("registered_here"))
    );
    assert_eq!(cause_with(Vec::new()), Some(json!("registered_here")));
}

#[test]
fn long_polling_says_which_setting_to_raise() {
    use super::log_facts::{LongPollingConfig, Signal};
    let mut facts = healthy();
    with_log(
        &mut facts,
        vec![log_event(
            Signal::LongPolling,
            None,
            "WARNING: CONFIGURATION: Long polling issues detected.",
            1,
        )],
    );
    let config = |concurrent, values: &[u64]| LongPollingConfig {
        concurrent,
        entries: values.len(),
        request_concurrency: values
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("host{i}"), *v))
            .collect(),
    };
    let fix_for = |facts: &mut Facts, long: LongPollingConfig| {
        if let Some(log) = local(facts).runner_log.as_mut() {
            log.long_polling = Some(long);
        }
        let report = diagnose(facts, now());
        let finding = report
            .findings
            .into_iter()
            .find(|f| f.id == FindingId::RunnerLogLongPolling)
            .expect("long polling finding");
        assert_eq!(finding.severity, Severity::Warning);
        (finding.fix, finding.evidence)
    };
    let (fix, evidence) = fix_for(&mut facts, config(1, &[1, 4, 4]));
    assert!(fix.contains("from 1 to at least 3"), "{fix}");
    assert_eq!(evidence["concurrent"], 1);
    assert_eq!(evidence["entries"], 3);
    assert_eq!(evidence["request_concurrency"], 1);
    let (fix, _) = fix_for(&mut facts, config(4, &[1, 4]));
    assert!(
        fix.contains("`request_concurrency` above 1 for host0"),
        "{fix}"
    );
}
