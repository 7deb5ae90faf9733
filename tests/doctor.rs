//! `runnerctl doctor` end to end against the fake GitLab: every finding where it belongs and
//! nowhere else, the scope rules, the local checks, and the JSON shape of the contract.

mod support;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use fake_gitlab::{JobSeed, MAINTAINER, ProjectSeed, RunnerSeed};
use serde_json::Value;
use support::*;

/// Ids of the fleet's runners and jobs, named for what each one demonstrates.
struct Planted {
    ancestor_gpu: u64,
    instance_docker: u64,
    team_never: u64,
    sub_offline: u64,
    app_stale: u64,
    team_paused: u64,
    app_protected: u64,
    noshared_untagged_off: u64,
    other_never: u64,
    jobs: BTreeMap<&'static str, u64>,
}

/// top (ancestor, not asked about) > top/team (asked) > top/team/sub; top/other outside.
fn fleet() -> (Fleet, Planted) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_member("maintainer", "top/team", MAINTAINER);
    fleet.add_project("top/team/app");
    fleet.add_project("top/team/sub/web");
    fleet.add_project_with(ProjectSeed {
        path: "top/team/noshared".into(),
        shared_runners_enabled: false,
        group_runners_enabled: false,
        ..ProjectSeed::default()
    });
    fleet.add_project_with(ProjectSeed {
        path: "top/team/bare".into(),
        shared_runners_enabled: false,
        group_runners_enabled: false,
        ..ProjectSeed::default()
    });
    fleet.add_project("top/other/x");

    // Lowest id, so it is the closest runner on a tie.
    let ancestor_gpu = fleet.add_runner(
        RunnerSeed::group("top")
            .tags(&["gpu"])
            .contacted_ago("5m")
            .manager("host-1", "5m"),
    );
    let instance_docker = fleet.add_runner(
        RunnerSeed::instance()
            .tags(&["docker"])
            .contacted_ago("5m")
            .manager("host-2", "5m"),
    );
    let team_never = fleet.add_runner(RunnerSeed::group("top/team").tags(&["linux"]));
    let sub_offline = fleet.add_runner(
        RunnerSeed::group("top/team/sub")
            .tags(&["linux"])
            .contacted_ago("3h"),
    );
    let app_stale = fleet.add_runner(
        RunnerSeed::project("top/team/app")
            .tags(&["old"])
            .run_untagged(false)
            .created_ago("30d")
            .contacted_ago("10d"),
    );
    let team_paused = fleet.add_runner(
        RunnerSeed::group("top/team")
            .tags(&["arm"])
            .paused(true)
            .contacted_ago("5m")
            .manager("host-3", "5m"),
    );
    let app_protected = fleet.add_runner(
        RunnerSeed::project("top/team/app")
            .tags(&["deploy"])
            .ref_protected()
            .contacted_ago("5m")
            .manager("host-4", "5m"),
    );
    let noshared_untagged_off = fleet.add_runner(
        RunnerSeed::project("top/team/noshared")
            .tags(&["x"])
            .run_untagged(false)
            .contacted_ago("5m")
            .manager("host-5", "5m"),
    );
    let other_never = fleet.add_runner(RunnerSeed::group("top/other"));

    let mut jobs = BTreeMap::new();
    let mut job = |name: &'static str, seed: JobSeed| {
        jobs.insert(name, fleet.add_job(seed));
    };
    job(
        "docker",
        JobSeed::pending("top/team/app", "docker").tags(&["docker"]),
    );
    job(
        "GPU",
        JobSeed::pending("top/team/app", "GPU").tags(&["GPU"]),
    );
    job(
        "gpu",
        JobSeed::pending("top/team/app", "gpu").tags(&["gpu"]),
    );
    job(
        "untagged",
        JobSeed::pending("top/team/noshared", "untagged"),
    );
    job("bare", JobSeed::pending("top/team/bare", "bare"));
    job(
        "deploy-feature",
        JobSeed::pending("top/team/app", "deploy-feature")
            .tags(&["deploy"])
            .on_ref("feature"),
    );
    job(
        "deploy-main",
        JobSeed::pending("top/team/app", "deploy-main").tags(&["deploy"]),
    );
    job(
        "arm",
        JobSeed::pending("top/team/app", "arm").tags(&["arm"]),
    );
    job(
        "linux",
        JobSeed::pending("top/team/sub/web", "linux").tags(&["linux"]),
    );
    job(
        "outside",
        JobSeed::pending("top/other/x", "outside").tags(&["none"]),
    );
    // Not pending: never a finding.
    job(
        "running",
        JobSeed::pending("top/team/app", "running")
            .tags(&["nothing-matches"])
            .status("running"),
    );

    let planted = Planted {
        ancestor_gpu,
        instance_docker,
        team_never,
        sub_offline,
        app_stale,
        team_paused,
        app_protected,
        noshared_untagged_off,
        other_never,
        jobs,
    };
    (fleet, planted)
}

fn findings(document: &Value) -> Vec<Value> {
    document["findings"].as_array().cloned().unwrap_or_default()
}

/// `finding id -> subject ids`, for runner and job subjects.
fn by_id(document: &Value) -> BTreeMap<String, Vec<u64>> {
    let mut map: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for finding in findings(document) {
        let id = finding["id"].as_str().unwrap_or_default().to_string();
        let entry = map.entry(id).or_default();
        if let Some(subject_id) = finding["subject"]["id"].as_u64() {
            entry.push(subject_id);
        }
    }
    for ids in map.values_mut() {
        ids.sort_unstable();
    }
    map
}

fn doctor_group(world: &World, token: &str) -> (std::process::Output, Value) {
    let output = world
        .runnerctl_with_token(Some(token))
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "top/team", "--format", "json"])
        .output()
        .unwrap();
    let document = json(&output);
    (output, document)
}

fn assert_fleet_findings(planted: &Planted, document: &Value) {
    let jobs = &planted.jobs;
    let mut expected: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    let mut put = |id: &str, subjects: Vec<u64>| {
        let mut subjects = subjects;
        subjects.sort_unstable();
        expected.insert(id.to_string(), subjects);
    };
    put("runner.never_contacted", vec![planted.team_never]);
    put("runner.offline", vec![planted.sub_offline]);
    put("runner.stale", vec![planted.app_stale]);
    put("runner.paused", vec![planted.team_paused]);
    put(
        "job.waiting_for_capacity",
        vec![jobs["docker"], jobs["gpu"], jobs["deploy-main"]],
    );
    put("job.tags_unmatched", vec![jobs["GPU"]]);
    put("job.untagged_not_accepted", vec![jobs["untagged"]]);
    put("job.no_runners_available", vec![jobs["bare"]]);
    put("job.protected_runners_only", vec![jobs["deploy-feature"]]);
    put("job.runners_paused", vec![jobs["arm"]]);
    put("job.runners_offline", vec![jobs["linux"]]);
    assert_eq!(by_id(document), expected, "{document:#}");

    // Instance, ancestor-group and outside runners are matched against, never reported on.
    for finding in findings(document) {
        let subject = finding["subject"]["id"].as_u64();
        for silent in [
            planted.instance_docker,
            planted.ancestor_gpu,
            planted.other_never,
        ] {
            assert!(
                !(finding["subject"]["kind"] == "runner" && subject == Some(silent)),
                "runner {silent} must not be reported on: {finding:#}"
            );
        }
        assert_ne!(finding["subject"]["kind"], "machine", "{finding:#}");
        assert_ne!(finding["subject"]["kind"], "config_entry", "{finding:#}");
    }

    let unmatched = findings(document)
        .into_iter()
        .find(|f| f["id"] == "job.tags_unmatched")
        .expect("tags_unmatched");
    assert_eq!(unmatched["subject"]["project"], "top/team/app");
    assert_eq!(unmatched["subject"]["name"], "GPU");
    assert_eq!(
        unmatched["evidence"]["closest_runner"],
        planted.ancestor_gpu
    );
    assert_eq!(
        unmatched["evidence"]["missing_tags"],
        serde_json::json!(["GPU"])
    );
    assert_eq!(
        unmatched["evidence"]["near_miss"],
        serde_json::json!({"GPU": "gpu"})
    );
    let never = findings(document)
        .into_iter()
        .find(|f| f["id"] == "runner.never_contacted")
        .expect("never_contacted");
    assert_eq!(never["evidence"]["cause"], "unknown");
    let protected = findings(document)
        .into_iter()
        .find(|f| f["id"] == "job.protected_runners_only")
        .expect("protected_runners_only");
    assert_eq!(
        protected["evidence"]["runners"],
        serde_json::json!([planted.app_protected])
    );
    let untagged = findings(document)
        .into_iter()
        .find(|f| f["id"] == "job.untagged_not_accepted")
        .expect("untagged");
    assert_eq!(
        untagged["evidence"]["runners_available"],
        serde_json::json!([planted.noshared_untagged_off])
    );

    let checked = &document["checked"];
    assert_eq!(checked["config_entries"], 0);
    assert_eq!(checked["runners"], 6, "{checked}");
    assert_eq!(checked["projects"], 4, "{checked}");
    assert_eq!(checked["pending_jobs"], 9, "{checked}");
}

#[test]
fn admin_token_finds_each_problem_where_it_is_and_nowhere_else() {
    let (fleet, planted) = fleet();
    let world = World::new(fleet);
    let (output, document) = doctor_group(&world, ADMIN_TOKEN);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_fleet_findings(&planted, &document);
}

#[test]
fn maintainer_token_reaches_the_same_diagnosis_by_its_own_path() {
    let (fleet, planted) = fleet();
    let world = World::new(fleet);
    let (output, document) = doctor_group(&world, MAINTAINER_TOKEN);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_fleet_findings(&planted, &document);

    // The pending jobs of the four projects in one query through their active pipelines (no
    // `Project.jobs`, which GitLab resolves for one project a query), no admin-only query,
    // protected branches read (by GraphQL, no REST) for the one project where a ref_protected
    // runner could take a job.
    let requests = world.gitlab.requests();
    let graphql: Vec<&str> = requests
        .iter()
        .filter(|r| r.path == "/api/graphql")
        .map(|r| r.body.as_str())
        .collect();
    let job_queries: Vec<&&str> = graphql.iter().filter(|b| b.contains("jobs(")).collect();
    assert_eq!(job_queries.len(), 1, "{job_queries:#?}");
    assert!(
        job_queries[0].contains("query { projects(ids: [") && job_queries[0].contains("pipelines("),
        "{job_queries:#?}"
    );
    assert!(
        !graphql.iter().any(|b| b.contains("query { runners(")),
        "a maintainer never asks for every runner"
    );
    let protected: Vec<&str> = requests
        .iter()
        .filter(|r| r.path.contains("/protected_"))
        .map(|r| r.path.as_str())
        .collect();
    assert!(protected.is_empty(), "{protected:?}");
    let branch_rules: Vec<&&str> = graphql
        .iter()
        .filter(|b| b.contains("branchRules("))
        .collect();
    assert_eq!(branch_rules.len(), 1, "{branch_rules:?}");
    assert!(branch_rules[0].contains(r#"p0: project(fullPath: \"top/team/app\")"#));
    assert!(!branch_rules[0].contains("p1:"), "{}", branch_rules[0]);
}

/// 40 projects each with a `ref_protected` runner and a deploy job on an unprotected branch:
/// their protected branches come in two GraphQL queries (at most 37 projects for an
/// administrator, 31 for anyone else, GitLab's complexity limits), none by REST, and every job
/// is still found waiting for a protected ref.
#[test]
fn protected_branches_of_many_projects_come_in_batches_within_the_complexity_limit() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_member("maintainer", "top/team", MAINTAINER);
    for n in 0..40 {
        let path = format!("top/team/p{n}");
        fleet.add_project(&path);
        fleet.add_runner(
            RunnerSeed::project(&path)
                .tags(&["deploy"])
                .ref_protected()
                .contacted_ago("5m")
                .manager(&format!("host-{n}"), "5m"),
        );
        fleet.add_job(
            JobSeed::pending(&path, "deploy")
                .tags(&["deploy"])
                .on_ref("feature"),
        );
    }
    let world = World::new(fleet);
    for (token, per_query) in [(ADMIN_TOKEN, 37), (MAINTAINER_TOKEN, 31)] {
        world.gitlab.clear_requests();
        let (output, document) = doctor_group(&world, token);
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        assert_eq!(
            by_id(&document)
                .get("job.protected_runners_only")
                .map(Vec::len),
            Some(40),
            "{document}"
        );
        let requests = world.gitlab.requests();
        assert!(
            !requests.iter().any(|r| r.path.contains("/protected_")),
            "no REST read of protected refs"
        );
        let mut projects_per_query: Vec<usize> = requests
            .iter()
            .filter(|r| r.path == "/api/graphql" && r.body.contains("branchRules("))
            .map(|r| r.body.matches("branchRules(").count())
            .collect();
        projects_per_query.sort();
        assert_eq!(projects_per_query, [40 - per_query, per_query]);
    }
}

#[test]
fn admin_uses_instance_wide_reads() {
    let (fleet, _) = fleet();
    let world = World::new(fleet);
    let (output, _) = doctor_group(&world, ADMIN_TOKEN);
    assert_eq!(output.status.code(), Some(1));
    let requests = world.gitlab.requests();
    let graphql: Vec<&str> = requests
        .iter()
        .filter(|r| r.path == "/api/graphql")
        .map(|r| r.body.as_str())
        .collect();
    assert!(graphql.iter().any(|b| b.contains("runners(first: 100")));
    assert!(
        graphql
            .iter()
            .any(|b| b.contains("jobs(statuses: [PENDING]"))
    );
    // Protected branches are read per project (batched), whoever asks; runners and jobs not.
    assert!(
        !graphql
            .iter()
            .any(|b| b.contains("project(fullPath") && !b.contains("branchRules(")),
        "no per-project query for an administrator: {graphql:?}"
    );
}

#[test]
fn json_has_exactly_the_contract_shape() {
    let (fleet, _) = fleet();
    let world = World::new(fleet);
    let (output, document) = doctor_group(&world, ADMIN_TOKEN);
    assert!(stdout(&output).trim_end().ends_with('}'));
    let keys: Vec<&String> = document.as_object().expect("object").keys().collect();
    assert_eq!(keys, ["checked", "findings", "gitlab_url", "version"]);
    assert_eq!(document["version"], 1);
    assert_eq!(document["gitlab_url"], world.gitlab.url());
    let severities: Vec<u8> = findings(&document)
        .iter()
        .map(|f| match f["severity"].as_str() {
            Some("error") => 0,
            Some("warning") => 1,
            _ => 2,
        })
        .collect();
    assert!(
        severities.windows(2).all(|w| w[0] <= w[1]),
        "sorted by severity"
    );
    for finding in findings(&document) {
        let keys: Vec<&String> = finding.as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            ["evidence", "fix", "id", "severity", "subject", "summary"]
        );
        assert!(!finding["summary"].as_str().unwrap_or_default().is_empty());
    }
}

#[test]
fn human_output_groups_by_severity_and_ends_with_a_summary() {
    let (fleet, _) = fleet();
    let world = World::new(fleet);
    let output = world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "top/team"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    let errors = text.find("Errors").expect("an Errors section");
    let warnings = text.find("Warnings").expect("a Warnings section");
    let notes = text.find("Notes").expect("a Notes section");
    assert!(errors < warnings && warnings < notes, "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("7 errors, 3 warnings, 3 notes: 6 jobs stuck on"),
        "{text}"
    );
    assert!(!text.contains('\u{1b}'), "no colour without a terminal");
}

fn write_config(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// A `gitlab-runner` stub first on PATH whose `status` exits with `code`.
fn service_stub(world: &World, code: i32) -> String {
    let bin = world.path("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = bin.join("gitlab-runner");
    std::fs::write(&script, format!("#!/bin/sh\nexit {code}\n")).unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn offline_without_config_reports_config_missing() {
    let world = World::new(Fleet::with_standard_users());
    let path = service_stub(&world, 0);
    let output = world
        .runnerctl()
        .env("PATH", path)
        .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
        .args(["doctor", "--offline", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let document = json(&output);
    let ids: Vec<String> = findings(&document)
        .iter()
        .map(|f| f["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["config.missing"], "{document:#}");
    assert_eq!(
        findings(&document)[0]["evidence"]["path"],
        world.config_file().display().to_string()
    );
    assert!(
        world.gitlab.requests().is_empty(),
        "--offline sends nothing"
    );
}

#[test]
fn healthy_machine_exits_zero() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let runner = fleet.add_runner(
        RunnerSeed::project("team/app")
            .token("glrt-healthy-token-0000")
            .contacted_ago("1m")
            .manager("host-6", "1m"),
    );
    let world = World::new(fleet);
    write_config(
        &world.config_file(),
        &format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"host1\"\n  url = \"{}\"\n  id = {runner}\n  \
             token = \"glrt-healthy-token-0000\"\n  executor = \"shell\"\n",
            world.gitlab.url()
        ),
    );
    let path = service_stub(&world, 0);
    for extra in [&["--offline"][..], &[][..]] {
        let output = world
            .runnerctl()
            .env("PATH", &path)
            .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
            .args(["doctor", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        let document = json(&output);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{document:#}\n{}",
            stderr(&output)
        );
        assert_eq!(findings(&document), Vec::<Value>::new(), "{extra:?}");
        assert_eq!(document["checked"]["config_entries"], 1);
        assert_no_token_text(&output, "glrt-healthy-token-0000");
    }
}

#[test]
fn without_local_config_there_are_no_local_findings() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let never = fleet.add_runner(RunnerSeed::group("team"));
    let world = World::new(fleet);
    let output = world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    let document = json(&output);
    assert_eq!(output.status.code(), Some(1));
    let all = findings(&document);
    assert_eq!(all.len(), 1, "{document:#}");
    assert_eq!(all[0]["id"], "runner.never_contacted");
    assert_eq!(all[0]["subject"]["id"], never);
    assert_eq!(all[0]["evidence"]["cause"], "unknown");
    assert_eq!(document["checked"]["config_entries"], 0);
}

#[test]
fn local_entries_explain_never_contacted_runners_and_missing_ones() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let registered = fleet.add_runner(
        RunnerSeed::project("team/app")
            .token("glrt-registered-never-00")
            .tags(&["a"]),
    );
    let world = World::new(fleet);
    // A runner created by runnerctl, whose token sits in the store and nowhere else.
    let created = world
        .runnerctl()
        .args(["create", "-p", "team/app", "--format", "json"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    let stored_id = json(&created)["id"].as_u64().expect("id");
    write_config(
        &world.config_file(),
        &format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"host1\"\n  url = \"{url}\"\n  id = {registered}\n  \
             token = \"glrt-registered-never-00\"\n  executor = \"shell\"\n\n\
             [[runners]]\n  name = \"gone\"\n  url = \"{url}\"\n  id = 9999\n  \
             token = \"glrt-deleted-runner-0000\"\n  executor = \"shell\"\n",
            url = world.gitlab.url()
        ),
    );
    let path = service_stub(&world, 0);
    let output = world
        .runnerctl()
        .env("PATH", &path)
        .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
        .args(["doctor", "--format", "json"])
        .output()
        .unwrap();
    let document = json(&output);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let mut seen: BTreeMap<String, Value> = BTreeMap::new();
    for finding in findings(&document) {
        seen.insert(
            format!(
                "{} {}",
                finding["id"].as_str().unwrap_or_default(),
                finding["subject"]
            ),
            finding["evidence"].clone(),
        );
    }
    let key = |id: &str, subject: Value| format!("{id} {subject}");
    assert_eq!(
        seen[&key(
            "runner.never_contacted",
            serde_json::json!({"kind": "runner", "id": registered})
        )]["cause"],
        "registered_here"
    );
    assert_eq!(
        seen[&key(
            "config.runner_not_found",
            serde_json::json!({"kind": "config_entry", "index": 1, "name": "gone"})
        )]["likely"],
        "deleted"
    );
    assert_eq!(
        seen[&key(
            "secrets.unregistered_token",
            serde_json::json!({"kind": "runner", "id": stored_id})
        )]["runner_id"],
        stored_id
    );
    // A stored runner is reported through secrets.*; runner.* covers only the runners of the
    // config entries, --runner, -g and -p.
    assert_eq!(seen.len(), 3, "{document:#}");
    assert_no_token_text(&output, "glrt-registered-never-00");
}

#[test]
fn verify_tokens_needs_the_system_id_and_reports_rejected_tokens() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    let runner = fleet.add_runner(
        RunnerSeed::project("team/app")
            .token("glrt-good-token-000000")
            .contacted_ago("1m")
            .manager("host-7", "1m"),
    );
    let world = World::new(fleet);
    write_config(
        &world.config_file(),
        &format!(
            "concurrent = 1\n\n[[runners]]\n  name = \"good\"\n  url = \"{url}\"\n  id = {runner}\n  \
             token = \"glrt-good-token-000000\"\n  executor = \"shell\"\n\n\
             [[runners]]\n  name = \"bad\"\n  url = \"{url}\"\n  \
             token = \"glrt-rejected-token-000\"\n  executor = \"shell\"\n",
            url = world.gitlab.url()
        ),
    );
    let path = service_stub(&world, 0);
    let run = || {
        world
            .runnerctl()
            .env("PATH", &path)
            .env("RUNNERCTL_SERVICE_MANAGER", "gitlab-runner")
            .args(["doctor", "--verify-tokens", "--format", "json"])
            .output()
            .unwrap()
    };

    let output = run();
    assert!(
        stderr(&output).contains(".runner_system_id"),
        "{}",
        stderr(&output)
    );
    assert!(
        !world.path(".runner_system_id").exists(),
        "doctor creates nothing"
    );
    assert!(
        !world
            .gitlab
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/runners/verify")),
        "no verify without a system id"
    );

    std::fs::write(world.path(".runner_system_id"), "s_0123456789ab\n").unwrap();
    let output = run();
    let document = json(&output);
    assert_eq!(output.status.code(), Some(1));
    let rejected: Vec<Value> = findings(&document)
        .into_iter()
        .filter(|f| f["id"] == "config.token_rejected")
        .collect();
    assert_eq!(rejected.len(), 1, "{document:#}");
    assert_eq!(rejected[0]["subject"]["name"], "bad");
    let verify: Vec<_> = world
        .gitlab
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/runners/verify"))
        .collect();
    assert_eq!(verify.len(), 2);
    assert!(verify.iter().all(|r| r.body.contains("s_0123456789ab")));
    assert_no_token_text(&output, "glrt-rejected-token-000");
}

#[test]
fn unreachable_gitlab_is_a_finding() {
    let world = World::new(Fleet::with_standard_users());
    // A port nothing listens on.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let output = world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .env("GITLAB_URL", &url)
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let document = json(&output);
    let all = findings(&document);
    assert_eq!(all.len(), 1, "{document:#}");
    assert_eq!(all[0]["id"], "gitlab.unreachable");
    assert_eq!(all[0]["evidence"]["cause"], "refused");
    assert_eq!(all[0]["evidence"]["url"], url);
}

#[test]
fn a_refused_token_is_an_auth_finding() {
    let world = World::new(Fleet::with_standard_users());
    let output = world
        .runnerctl_with_token(Some("glpat-wrong"))
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let document = json(&output);
    let all = findings(&document);
    assert_eq!(all.len(), 1, "{document:#}");
    assert_eq!(all[0]["id"], "gitlab.auth_failed");
    assert_eq!(all[0]["evidence"]["status"], 401);
    assert_no_token_text(&output, "glpat-wrong");
}

#[test]
fn runner_flag_reports_an_instance_runner() {
    let mut fleet = Fleet::with_standard_users();
    let instance = fleet.add_runner(RunnerSeed::instance().paused(true).contacted_ago("1m"));
    let world = World::new(fleet);
    let output = world
        .runnerctl()
        .env_remove("CONFIG_FILE")
        .args([
            "doctor",
            "--runner",
            &instance.to_string(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let document = json(&output);
    assert_eq!(output.status.code(), Some(0), "warnings only: {document:#}");
    assert_eq!(by_id(&document)["runner.paused"], vec![instance]);
    assert_eq!(document["checked"]["runners"], 1);
}

#[test]
fn jobs_are_not_judged_when_their_runners_cannot_be_read() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_user_with_token("dev", false, "glpat-developer", &["api"]);
    fleet.add_member("dev", "team", fake_gitlab::DEVELOPER);
    fleet.add_project("team/app");
    fleet.add_runner(
        RunnerSeed::group("team")
            .tags(&["a"])
            .contacted_ago("1m")
            .manager("host-8", "1m"),
    );
    fleet.add_job(JobSeed::pending("team/app", "build").tags(&["a"]));
    let world = World::new(fleet);
    let output = world
        .runnerctl_with_token(Some("glpat-developer"))
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    let document = json(&output);
    assert_eq!(findings(&document), Vec::<Value>::new(), "{document:#}");
    assert_eq!(document["checked"]["pending_jobs"], 0);
    assert!(
        stderr(&output).contains("pending jobs are not judged"),
        "{}",
        stderr(&output)
    );
}

/// 120 runners that never made contact, 110 online, 30 offline, in one group.
fn fleet_in_three_states() -> fake_gitlab::Fleet {
    let mut fleet = fake_gitlab::Fleet::with_standard_users();
    fleet.add_group("big");
    fleet.add_member("maintainer", "big", MAINTAINER);
    for n in 0..260 {
        let seed = RunnerSeed::group("big").tags(&["idle"]);
        fleet.add_runner(match n % 26 {
            0..=11 => seed,
            12..=22 => seed.contacted_ago("5m").manager(&format!("host-{n}"), "5m"),
            _ => seed.contacted_ago("3h").manager(&format!("host-{n}"), "3h"),
        });
    }
    fleet
}

#[test]
fn runner_pages_are_read_as_one_chain_per_contact_state_without_reading_a_runner_twice() {
    for token in [ADMIN_TOKEN, MAINTAINER_TOKEN] {
        let world = World::new(fleet_in_three_states());
        let output = world
            .runnerctl_with_token(Some(token))
            .env_remove("CONFIG_FILE")
            .args(["doctor", "-g", "big", "--format", "json"])
            .output()
            .unwrap();
        let document = json(&output);
        assert_eq!(document["checked"]["runners"], 260, "{token}: {document:#}");
        let pages: Vec<String> = world
            .gitlab
            .requests()
            .iter()
            .filter(|r| r.path == "/api/graphql" && r.body.contains("runners("))
            .map(|r| r.body.clone())
            .collect();
        let of_state = |state: &str| {
            pages
                .iter()
                .filter(|body| body.contains(&format!("status: {state}")))
                .count()
        };
        // 120 never contacted: two pages; 110 online: two; 30 offline: one. Every page asks for
        // one state, so no runner comes twice, and the three chains are independent.
        assert_eq!(of_state("NEVER_CONTACTED"), 2, "{token}: {pages:#?}");
        assert_eq!(of_state("ONLINE"), 2, "{token}: {pages:#?}");
        assert_eq!(of_state("OFFLINE"), 1, "{token}: {pages:#?}");
        assert_eq!(pages.len(), 5, "{token}: {pages:#?}");
    }
}

#[test]
fn a_maintainer_reads_pending_jobs_through_pipelines_and_one_by_one_only_past_a_page() {
    let mut fleet = fake_gitlab::Fleet::with_standard_users();
    fleet.add_group("busy");
    fleet.add_member("maintainer", "busy", MAINTAINER);
    for n in 0..5 {
        fleet.add_project(&format!("busy/p{n}"));
    }
    fleet.add_runner(
        RunnerSeed::group("busy")
            .tags(&["linux"])
            .contacted_ago("5m")
            .manager("host-1", "5m"),
    );
    // busy/p0: 120 pending jobs in one pipeline, more than a page of a pipeline's jobs.
    for n in 0..120 {
        fleet.add_job(JobSeed::pending("busy/p0", &format!("matrix-{n}")).tags(&["gpu"]));
    }
    // busy/p1..p3: a job each, waiting for a tag nobody has; busy/p4 none.
    for n in 1..4 {
        fleet.add_job(JobSeed::pending(&format!("busy/p{n}"), "build").tags(&["gpu"]));
    }
    let world = World::new(fleet);
    let output = world
        .runnerctl_with_token(Some(MAINTAINER_TOKEN))
        .env_remove("CONFIG_FILE")
        .args(["doctor", "-g", "busy", "--format", "json"])
        .output()
        .unwrap();
    let document = json(&output);
    assert_eq!(document["checked"]["pending_jobs"], 123, "{document:#}");
    let unmatched = findings(&document)
        .iter()
        .filter(|finding| finding["id"] == "job.tags_unmatched")
        .count();
    assert_eq!(unmatched, 123, "{document:#}");
    let job_queries: Vec<String> = world
        .gitlab
        .requests()
        .iter()
        .filter(|r| r.path == "/api/graphql" && r.body.contains("jobs("))
        .map(|r| r.body.clone())
        .collect();
    // One query for the five projects' pipelines, then `Project.jobs` for busy/p0 alone.
    assert_eq!(job_queries.len(), 1 + 2, "{job_queries:#?}");
    assert!(job_queries[0].contains("pipelines("), "{job_queries:#?}");
    assert!(
        job_queries[1..]
            .iter()
            .all(|body| body.contains(r#"project(fullPath: \"busy/p0\") { jobs("#)),
        "{job_queries:#?}"
    );
}
