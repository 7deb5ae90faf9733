use serde_json::{Value, json};

use super::*;
use crate::doctor::Severity;

fn job(id: u64, finding: FindingId, evidence: Value) -> Finding {
    let Value::Object(evidence) = evidence else {
        panic!("evidence is an object")
    };
    let subject = Subject::Job {
        id,
        project: "a/b".to_string(),
        name: format!("job{id}"),
    };
    let (summary, fix) = (String::new(), String::new());
    let severity = Severity::Error;
    Finding {
        id: finding,
        severity,
        subject,
        summary,
        fix,
        evidence,
    }
}

fn headline_of(finding: FindingId, evidence: Value, count: u64) -> String {
    let jobs: Vec<Finding> = (1..=count)
        .map(|id| job(id, finding, evidence.clone()))
        .collect();
    headline(&jobs.iter().collect::<Vec<_>>())
}

#[test]
fn tags_unmatched_names_the_missing_tags_and_the_closest_runner() {
    let evidence = json!({"job_tags": ["gpu"], "closest_runner": 42,
        "missing_tags": ["gpu"], "near_miss": {}});
    assert_eq!(
        headline_of(FindingId::JobTagsUnmatched, evidence, 37),
        "37 jobs wait for tag `gpu`: closest runner 42 lacks it"
    );
    let evidence = json!({"job_tags": ["gpu"], "closest_runner": 42,
        "missing_tags": ["gpu"], "near_miss": {"gpu": "GPU"}});
    assert_eq!(
        headline_of(FindingId::JobTagsUnmatched, evidence, 3),
        "3 jobs wait for tag `gpu`: closest runner 42 has `GPU` (tags match exactly, case included)"
    );
    let evidence = json!({"job_tags": ["a", "b"], "closest_runner": null,
        "missing_tags": ["a", "b"], "near_miss": {}});
    assert_eq!(
        headline_of(FindingId::JobTagsUnmatched, evidence, 2),
        "2 jobs wait for tags `a` and `b`: no available runner has them"
    );
}

#[test]
fn headlines_name_few_runners_and_count_the_rest() {
    let evidence = json!({"runners": [1, 2, 3, 4, 5, 6, 7]});
    assert_eq!(
        headline_of(FindingId::JobWaitingForCapacity, evidence, 3),
        "3 jobs wait for a free slot on runners 1, 2, 3, 4, 5 and 2 more"
    );
    let evidence = json!({"runners": [4, 5]});
    assert_eq!(
        headline_of(FindingId::JobRunnersPaused, evidence, 2),
        "2 jobs wait for paused runners 4 and 5"
    );
    let evidence = json!({"runners": [9]});
    assert_eq!(
        headline_of(FindingId::JobRunnersOffline, evidence, 2),
        "2 jobs wait for runner 9, none online"
    );
}

#[test]
fn project_wide_causes_name_the_project() {
    let evidence = json!({"shared_runners_enabled": true, "group_runners_enabled": true});
    assert_eq!(
        headline_of(FindingId::JobNoRunnersAvailable, evidence, 4),
        "4 jobs in a/b: no runner at all is available to the project"
    );
}
