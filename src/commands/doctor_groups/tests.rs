use serde_json::{Map, Value, json};

use super::*;
use crate::doctor::{Finding, FindingId, Severity, Subject};

fn job(id: u64, project: &str, finding: FindingId, evidence: Value, fix: &str) -> Finding {
    let Value::Object(evidence) = evidence else {
        panic!("evidence is an object")
    };
    Finding {
        id: finding,
        severity: finding.severity(),
        subject: Subject::Job {
            id,
            project: project.to_string(),
            name: format!("job{id}"),
        },
        summary: format!("job {id} is stuck"),
        fix: fix.to_string(),
        evidence,
    }
}

fn gpu_job(id: u64, job_tags: &[&str], closest: u64) -> Finding {
    let evidence = json!({"job_tags": job_tags, "closest_runner": closest,
        "missing_tags": ["gpu"], "near_miss": {}});
    let fix = format!("runnerctl update {closest} --add-tag gpu");
    job(id, "team/app", FindingId::JobTagsUnmatched, evidence, &fix)
}

fn machine() -> Finding {
    Finding {
        id: FindingId::ServiceNotRunning,
        severity: Severity::Error,
        subject: Subject::Machine,
        summary: "not running".into(),
        fix: String::new(),
        evidence: Map::new(),
    }
}

fn subjects(findings: &[Finding]) -> Vec<(&Subject, Vec<&Finding>)> {
    findings.iter().map(|f| (&f.subject, vec![f])).collect()
}

/// What each entry is: "jobs 1,3" or the subject's heading.
fn shape(entries: &[Entry<'_>]) -> Vec<String> {
    entries
        .iter()
        .map(|entry| match entry {
            Entry::Subject(subject, _) => subject.to_string(),
            Entry::Jobs(jobs) => {
                let ids: Vec<String> = jobs
                    .iter()
                    .map(|f| match &f.subject {
                        Subject::Job { id, .. } => id.to_string(),
                        other => other.to_string(),
                    })
                    .collect();
                format!("jobs {}", ids.join(","))
            }
        })
        .collect()
}

#[test]
fn jobs_of_one_cause_are_one_entry_where_the_first_was() {
    // Jobs 1 and 3 lack `gpu` on runner 42 (whatever else they ask for); job 2 on runner 7.
    let findings = [
        gpu_job(1, &["gpu"], 42),
        gpu_job(2, &["gpu"], 7),
        gpu_job(3, &["gpu", "linux"], 42),
        machine(),
    ];
    let entries = entries(subjects(&findings), false);
    assert_eq!(
        shape(&entries),
        ["jobs 1,3", "job job2 (#2) in team/app", "this machine"]
    );
    let Entry::Jobs(jobs) = &entries[0] else {
        panic!("a group first")
    };
    assert_eq!(fixes(jobs), ["runnerctl update 42 --add-tag gpu"]);
    assert_eq!(
        job_names(jobs, 1),
        ("in team/app: job1 (#1)".to_string(), 1)
    );
}

#[test]
fn ungrouped_keeps_one_entry_a_job() {
    let findings = [gpu_job(1, &["gpu"], 42), gpu_job(2, &["gpu"], 42)];
    let entries = entries(subjects(&findings), true);
    assert_eq!(
        shape(&entries),
        ["job job1 (#1) in team/app", "job job2 (#2) in team/app"]
    );
}

#[test]
fn different_findings_or_projects_are_different_causes() {
    let none = |id, project| {
        let evidence = json!({"shared_runners_enabled": true, "group_runners_enabled": true});
        job(
            id,
            project,
            FindingId::JobNoRunnersAvailable,
            evidence,
            "create one",
        )
    };
    let paused = |id| {
        let evidence = json!({"runners": [4, 5]});
        job(id, "a/b", FindingId::JobRunnersPaused, evidence, "resume")
    };
    let findings = [
        none(1, "a/x"),
        none(2, "a/y"),
        none(3, "a/x"),
        paused(4),
        paused(5),
    ];
    let entries = entries(subjects(&findings), false);
    assert_eq!(
        shape(&entries),
        ["jobs 1,3", "job job2 (#2) in a/y", "jobs 4,5"]
    );
}

#[test]
fn a_cause_keeps_each_distinct_fix_once() {
    let evidence = json!({"job_tags": ["a"], "closest_runner": null,
        "missing_tags": ["a"], "near_miss": {}});
    let make = |id, project: &str| {
        let fix = format!("make -p {project}");
        job(
            id,
            project,
            FindingId::JobTagsUnmatched,
            evidence.clone(),
            &fix,
        )
    };
    let findings = [make(1, "p/q"), make(2, "p/r"), make(3, "p/q")];
    let refs: Vec<&Finding> = findings.iter().collect();
    assert_eq!(fixes(&refs), ["make -p p/q", "make -p p/r"]);
    let names = "job1 (#1) in p/q, job2 (#2) in p/r, job3 (#3) in p/q".to_string();
    assert_eq!(job_names(&refs, 5), (names, 0));
}
