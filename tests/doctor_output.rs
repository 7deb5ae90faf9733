//! `runnerctl doctor` at fleet scale: `--severity` filters what is shown (never the exit code
//! or the `checked` counts), the summary comes first and last, and human output lists the
//! jobs of one cause as one entry unless `--ungrouped`.

mod support;

use fake_gitlab::{JobSeed, RunnerSeed};
use serde_json::Value;
use support::*;

/// Group `team`: six jobs wait for `gpu` (runner `linux_runner` is the closest, lacking it),
/// one waits for a free slot on it (a note), a paused runner (a warning).
fn fleet(gpu_jobs: usize) -> (Fleet, u64) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let linux_runner = fleet.add_runner(
        RunnerSeed::group("team")
            .tags(&["linux"])
            .contacted_ago("5m")
            .manager("host-1", "5m"),
    );
    fleet.add_runner(
        RunnerSeed::group("team")
            .tags(&["arm"])
            .paused(true)
            .contacted_ago("5m")
            .manager("host-2", "5m"),
    );
    for n in 0..gpu_jobs {
        let tags: &[&str] = if n % 2 == 0 {
            &["gpu"]
        } else {
            &["gpu", "linux"]
        };
        fleet.add_job(JobSeed::pending("team/app", &format!("train-{n}")).tags(tags));
    }
    fleet.add_job(JobSeed::pending("team/app", "build").tags(&["linux"]));
    (fleet, linux_runner)
}

fn doctor(world: &World, args: &[&str]) -> std::process::Output {
    world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "team"])
        .args(args)
        .output()
        .unwrap()
}

fn severities(document: &Value) -> Vec<String> {
    let findings = document["findings"].as_array().cloned().unwrap_or_default();
    let severity = |f: &Value| f["severity"].as_str().unwrap_or_default().to_string();
    findings.iter().map(severity).collect()
}

#[test]
fn severity_error_shows_only_errors_and_changes_no_count_or_exit_code() {
    let (fleet, _) = fleet(2);
    let world = World::new(fleet);
    let all = doctor(&world, &["--format", "json"]);
    let errors = doctor(&world, &["--severity", "error", "--format", "json"]);
    let warnings = doctor(&world, &["--severity", "warning", "--format", "json"]);
    for output in [&all, &errors, &warnings] {
        assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    }
    let (all, errors, warnings) = (json(&all), json(&errors), json(&warnings));
    assert_eq!(severities(&all), ["error", "error", "warning", "info"]);
    assert_eq!(severities(&errors), ["error", "error"]);
    assert_eq!(severities(&warnings), ["error", "error", "warning"]);
    assert_eq!(errors["checked"], all["checked"]);
    assert_eq!(warnings["checked"], all["checked"]);
    assert_eq!(all["checked"]["pending_jobs"], 3);

    let human = doctor(&world, &["--severity", "error"]);
    assert_eq!(human.status.code(), Some(1));
    let text = stdout(&human);
    assert!(
        !text.contains("Warnings") && !text.contains("Notes"),
        "{text}"
    );
    let last = text.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        "2 errors: 2 jobs stuck on 1 cause; 1 warning and 1 note not shown (--severity error)"
    );
}

#[test]
fn severity_error_without_errors_exits_zero_and_says_what_it_left_out() {
    let (fleet, _) = fleet(0);
    let world = World::new(fleet);
    let output = doctor(&world, &["--severity", "error"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!text.contains("No problems"), "{text}");
    assert_eq!(
        text.lines().last().unwrap_or_default(),
        "No errors found; 1 warning and 1 note not shown (--severity error)."
    );
    let json_output = doctor(&world, &["--severity", "error", "--format", "json"]);
    assert_eq!(json_output.status.code(), Some(0));
    assert_eq!(json(&json_output)["findings"], serde_json::json!([]));
}

#[test]
fn the_summary_line_comes_first_as_well_as_last() {
    let (fleet, _) = fleet(2);
    let world = World::new(fleet);
    let text = stdout(&doctor(&world, &[]));
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with("2 errors, 1 warning, 1 note"),
        "{text}"
    );
    assert_eq!(lines.first(), lines.last(), "{text}");
}

#[test]
fn jobs_of_one_cause_are_one_entry_unless_ungrouped() {
    let (fleet, linux_runner) = fleet(6);
    let world = World::new(fleet);
    let output = doctor(&world, &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let headline = format!("6 jobs wait for tag `gpu`: closest runner {linux_runner} lacks it");
    assert_eq!(text.matches(&headline).count(), 1, "{text}");
    assert_eq!(text.matches("is stuck").count(), 0, "{text}");
    assert!(
        text.contains("and 1 more (--ungrouped lists each)"),
        "{text}"
    );
    // One fix for the six: the same command for each.
    let fix = format!("runnerctl update {linux_runner} --add-tag gpu");
    assert_eq!(text.matches(&fix).count(), 1, "{text}");

    let ungrouped = stdout(&doctor(&world, &["--ungrouped"]));
    assert!(!ungrouped.contains(&headline), "{ungrouped}");
    assert_eq!(ungrouped.matches("is stuck").count(), 6, "{ungrouped}");
    for n in 0..6 {
        assert!(ungrouped.contains(&format!("`train-{n}`")), "{ungrouped}");
    }

    // JSON keeps one finding a job, grouped or not.
    let document = json(&doctor(&world, &["--format", "json"]));
    let findings = document["findings"].as_array().cloned().unwrap_or_default();
    let unmatched = findings
        .iter()
        .filter(|f| f["id"] == "job.tags_unmatched")
        .count();
    assert_eq!(unmatched, 6);
}
