//! The doctor's gathering and diagnosis against the fake GitLab, on a large fleet and a small
//! one, with an administrator's token and a group maintainer's, at 20 ms and 0 ms of latency
//! per request. Prints wall time (median of three runs) and requests per run.
//!
//! Bars (large fleet: 2,000 runners, 300 projects in nested groups, 500 pending jobs):
//! administrator under 2 s and at most 150 requests at 20 ms; maintainer under 3 s and at
//! most (projects in scope + 60) requests at 20 ms; both under 0.5 s at 0 ms.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fake_gitlab::{
    FakeGitLab, Fleet, JobSeed, MAINTAINER, MAINTAINER_TOKEN, ProjectSeed, RunnerSeed,
};
use runnerctl::doctor::facts::RequestedScope;
use runnerctl::doctor::{GatherRequest, NoProgress, diagnose, gather};
use runnerctl::gitlab::{Client, ClientOptions};
use runnerctl::instance_url::InstanceUrl;
use runnerctl::token::ApiToken;

const ADMIN_TOKEN: &str = fake_gitlab::ADMIN_TOKEN;
const RUNS: usize = 3;

struct Shape {
    name: &'static str,
    groups: usize,
    subgroups_per_group: usize,
    projects_per_subgroup: usize,
    runners: usize,
    pending_jobs: usize,
}

/// `org` > `org/gN` > `org/gN/sM` > projects. Runners: a few instance runners, one per group,
/// one per subgroup, the rest project runners (five of them `ref_protected` for `deploy`).
/// Jobs: mostly matched, some with tags nobody has, some for the protected runners.
fn fleet(shape: &Shape) -> (Fleet, usize) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_member("maintainer", "org", MAINTAINER);
    let mut projects = Vec::new();
    for g in 0..shape.groups {
        for s in 0..shape.subgroups_per_group {
            for p in 0..shape.projects_per_subgroup {
                let path = format!("org/g{g}/s{s}/p{p}");
                fleet.add_project_with(ProjectSeed {
                    path: path.clone(),
                    shared_runners_enabled: p % 5 != 4,
                    ..ProjectSeed::default()
                });
                projects.push(path);
            }
        }
    }
    // A runner that contacted GitLab 16.0+ did so through a runner manager (its host).
    let add = |fleet: &mut Fleet, seed: RunnerSeed| {
        let seed = match seed.contacted_ago.clone() {
            Some(ago) => {
                let host = format!("host-{}", fleet.runners.len());
                seed.manager(&host, &ago)
            }
            None => seed,
        };
        fleet.add_runner(seed);
    };
    let instance = (shape.runners / 40).max(1);
    for n in 0..instance {
        let seed = RunnerSeed::instance().tags(&["docker", "linux"]);
        add(
            &mut fleet,
            if n % 2 == 0 {
                seed.contacted_ago("5m")
            } else {
                seed
            },
        );
    }
    for g in 0..shape.groups {
        add(
            &mut fleet,
            RunnerSeed::group(&format!("org/g{g}"))
                .tags(&["gpu"])
                .contacted_ago("3h"),
        );
        for s in 0..shape.subgroups_per_group {
            if fleet.runners.len() >= shape.runners {
                break;
            }
            add(
                &mut fleet,
                RunnerSeed::group(&format!("org/g{g}/s{s}"))
                    .tags(&["arm"])
                    .paused(s % 2 == 0)
                    .contacted_ago("5m"),
            );
        }
    }
    let mut n = 0;
    while fleet.runners.len() < shape.runners {
        let project = &projects[n % projects.len()];
        let seed = if n < 5 {
            RunnerSeed::project(project)
                .tags(&["deploy"])
                .ref_protected()
                .contacted_ago("5m")
        } else {
            let seed = RunnerSeed::project(project).tags(&["build", "linux"]);
            if n % 3 == 0 {
                seed.contacted_ago("10m")
            } else {
                seed
            }
        };
        add(&mut fleet, seed);
        n += 1;
    }
    for j in 0..shape.pending_jobs {
        let project = &projects[j % projects.len()];
        let job = JobSeed::pending(project, &format!("job-{j}"));
        let job = match j % 6 {
            0 => job.tags(&["docker"]),
            1 => job.tags(&["GPU"]),
            2 => job.tags(&["arm"]),
            3 => job.tags(&["build", "linux"]),
            4 => job,
            _ => job.tags(&["missing"]),
        };
        fleet.add_job(job);
    }
    // Deploy jobs where the protected runners live: one on a protected branch, one not.
    for (j, project) in projects.iter().take(5).enumerate() {
        let job = JobSeed::pending(project, &format!("deploy-{j}")).tags(&["deploy"]);
        fleet.add_job(if j % 2 == 0 {
            job
        } else {
            job.on_ref("feature")
        });
    }
    (fleet, projects.len())
}

struct Figures {
    median: Duration,
    requests: usize,
    findings: usize,
}

fn run(gitlab: &FakeGitLab, token: &str) -> Figures {
    let url = InstanceUrl::parse(&gitlab.url()).expect("fake URL");
    let mut times = Vec::new();
    let mut requests = 0;
    let mut findings = 0;
    for _ in 0..RUNS {
        gitlab.clear_requests();
        let start = Instant::now();
        let client = Client::new(
            url.clone(),
            Some(ApiToken::new(token)),
            ClientOptions::default(),
        )
        .expect("client");
        let request = GatherRequest {
            scope: RequestedScope {
                groups: vec!["org".to_string()],
                projects: Vec::new(),
                runner_ids: Vec::new(),
            },
            config_path: PathBuf::from("/nonexistent/config.toml"),
            local_checks: false,
            offline: false,
            verify_tokens: false,
        };
        let gathered =
            gather(&request, Some(&url), Some(&client), None, &NoProgress).expect("gather");
        let report = diagnose(&gathered.facts, chrono::Utc::now());
        times.push(start.elapsed());
        requests = gitlab.requests().len();
        findings = report.findings.len();
        assert!(
            gathered.notices.is_empty(),
            "gathering complained: {:?}",
            gathered.notices
        );
    }
    times.sort();
    Figures {
        median: times[RUNS / 2],
        requests,
        findings,
    }
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "OVER THE BAR" }
}

fn main() {
    let large = Shape {
        name: "2,000 runners, 300 projects, 500 pending jobs",
        groups: 10,
        subgroups_per_group: 3,
        projects_per_subgroup: 10,
        runners: 2_000,
        pending_jobs: 500,
    };
    let small = Shape {
        name: "20 runners, 5 projects",
        groups: 1,
        subgroups_per_group: 1,
        projects_per_subgroup: 5,
        runners: 20,
        pending_jobs: 10,
    };
    let mut all_ok = true;
    for shape in [&large, &small] {
        let (fleet, projects) = fleet(shape);
        let gitlab = FakeGitLab::start(fleet).expect("fake GitLab");
        println!("doctor -g org — {} (median of {RUNS})", shape.name);
        for latency in [20, 0] {
            gitlab.set_latency(Duration::from_millis(latency));
            for (who, token) in [
                ("administrator", ADMIN_TOKEN),
                ("maintainer", MAINTAINER_TOKEN),
            ] {
                let figures = run(&gitlab, token);
                let (time_bar, request_bar) = match (latency, who) {
                    (20, "administrator") => (Duration::from_secs(2), 150),
                    (20, _) => (Duration::from_secs(3), projects + 60),
                    _ => (Duration::from_millis(500), usize::MAX),
                };
                let ok = shape.runners < 2_000
                    || (figures.median < time_bar && figures.requests <= request_bar);
                all_ok &= ok;
                println!(
                    "  {latency:>2} ms  {who:<13} {:>7.3} s  {:>4} requests  {:>4} findings  {}",
                    figures.median.as_secs_f64(),
                    figures.requests,
                    figures.findings,
                    if shape.runners < 2_000 {
                        ""
                    } else {
                        verdict(ok)
                    },
                );
            }
        }
    }
    if !all_ok {
        std::process::exit(1);
    }
}
