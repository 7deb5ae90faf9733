//! The doctor's gathering and diagnosis against the fake GitLab, on a large fleet and a small
//! one, with an administrator's token and a group maintainer's, at 20 ms and 0 ms of latency
//! per request. Prints wall time (median of three runs), requests per run by kind (REST by
//! route, GraphQL by what the query reads), the longest chain of requests that ran one after
//! another, and T: the projects with a pending job on a tag that a `ref_protected` runner
//! matches (each costs a REST read, protected tags having no GraphQL field).
//!
//! Bars (large fleet: 2,000 runners, 10% of them `ref_protected`, 320 projects in groups
//! nested 4 deep, about 500 pending jobs): administrator under 1.2 s and at most 40 + T
//! requests at 20 ms; maintainer under 2.5 s and at most (projects in scope + 20 + T) requests
//! at 20 ms; both under 0.4 s at 0 ms.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fake_gitlab::{
    FakeGitLab, Fleet, JobSeed, MAINTAINER, MAINTAINER_TOKEN, ProjectSeed, RecordedRequest,
    RunnerSeed,
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
    teams_per_subgroup: usize,
    projects_per_team: usize,
    runners: usize,
    pending_jobs: usize,
}

/// `org` > `org/gN` > `org/gN/sM` > `org/gN/sM/tK` > projects, each protecting `main`,
/// `release/*` and `v*` tags. Runners: a few instance runners, one per group, one per subgroup,
/// the rest project runners, one in ten of them `ref_protected` for `deploy`. Jobs: mostly
/// matched, some with tags nobody has, some untagged, some on tags; and in each project with a
/// protected runner a `deploy` job on a protected branch, one on an unprotected branch, and
/// in every other such project one on a `v*` tag.
fn fleet(shape: &Shape) -> (Fleet, usize) {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_member("maintainer", "org", MAINTAINER);
    let mut projects = Vec::new();
    for g in 0..shape.groups {
        for s in 0..shape.subgroups_per_group {
            for t in 0..shape.teams_per_subgroup {
                for p in 0..shape.projects_per_team {
                    let path = format!("org/g{g}/s{s}/t{t}/p{p}");
                    fleet.add_project_with(ProjectSeed {
                        path: path.clone(),
                        shared_runners_enabled: p % 5 != 4,
                        protected_branches: vec!["main".to_string(), "release/*".to_string()],
                        protected_tags: vec!["v*".to_string()],
                        ..ProjectSeed::default()
                    });
                    projects.push(path);
                }
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
    let mut protected_projects: Vec<&String> = Vec::new();
    let mut n = 0;
    while fleet.runners.len() < shape.runners {
        let project = &projects[n % projects.len()];
        let seed = if n % 10 == 3 {
            if !protected_projects.contains(&project) {
                protected_projects.push(project);
            }
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
    let deploy_jobs = protected_projects.len() * 5 / 2;
    for j in 0..shape.pending_jobs.saturating_sub(deploy_jobs) {
        let project = &projects[j % projects.len()];
        let job = JobSeed::pending(project, &format!("job-{j}"));
        let job = match j % 7 {
            0 => job.tags(&["docker"]),
            1 => job.tags(&["GPU"]),
            2 => job.tags(&["arm"]),
            3 => job.tags(&["build", "linux"]),
            4 => job,
            5 => job.tags(&["docker"]).on_tag(&format!("v1.{j}")),
            _ => job.tags(&["missing"]),
        };
        fleet.add_job(job);
    }
    for (j, project) in protected_projects.iter().enumerate() {
        let deploy =
            |name: &str| JobSeed::pending(project, &format!("{name}-{j}")).tags(&["deploy"]);
        fleet.add_job(deploy("deploy"));
        fleet.add_job(deploy("deploy-feature").on_ref("feature"));
        if j % 2 == 0 {
            fleet.add_job(deploy("release").on_tag(&format!("v2.{j}")));
        }
    }
    (fleet, projects.len())
}

/// T: the projects with a pending job on a tag that a `ref_protected` runner available to the
/// project matches (GitLab's rules, from the seeds).
fn tag_jobs_for_protected_runners(fleet: &Fleet) -> usize {
    let shared_runners = |path: &str| {
        fleet
            .projects
            .iter()
            .find(|p| p.path == path)
            .is_none_or(|p| p.shared_runners_enabled)
    };
    let mut projects: Vec<&str> = fleet
        .jobs
        .iter()
        .filter(|job| job.tag && job.status == "pending")
        .filter(|job| {
            fleet.runners.iter().any(|runner| {
                let available = match runner.runner_type.as_str() {
                    "instance_type" => shared_runners(&job.project),
                    "group_type" => runner
                        .group
                        .as_ref()
                        .is_some_and(|group| job.project.starts_with(&format!("{group}/"))),
                    _ => runner.projects.contains(&job.project),
                };
                let tags_match = if job.tag_list.is_empty() {
                    runner.run_untagged
                } else {
                    job.tag_list.iter().all(|tag| runner.tag_list.contains(tag))
                };
                runner.access_level == "ref_protected" && available && tags_match
            })
        })
        .map(|job| job.project.as_str())
        .collect();
    projects.sort();
    projects.dedup();
    projects.len()
}

struct Figures {
    median: Duration,
    requests: Vec<RecordedRequest>,
    findings: usize,
}

/// What a request reads: REST by method and route (`GET /projects/:id/protected_tags`), GraphQL
/// by its first top-level field and, under `project`/`group`, that field's first child
/// (`project.branchRules`), with the number of aliased copies when there are several.
fn kind(request: &RecordedRequest) -> String {
    if request.path == "/api/graphql" {
        let query = serde_json::from_str::<serde_json::Value>(&request.body)
            .ok()
            .and_then(|body| body["query"].as_str().map(str::to_string))
            .unwrap_or_default();
        return format!("GraphQL {}", graphql_kind(&query));
    }
    let path = request
        .path
        .strip_prefix("/api/v4")
        .unwrap_or(&request.path);
    let mut route = Vec::new();
    let mut previous = "";
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let is_id = matches!(previous, "projects" | "groups" | "runners" | "users")
            && !matches!(segment, "all" | "verify" | "managers");
        route.push(if is_id { ":id" } else { segment });
        previous = segment;
    }
    format!("{} /{}", request.method, route.join("/"))
}

fn graphql_kind(query: &str) -> String {
    // The first word after the n-th `{`, past an alias (`p0:`): the selections nest that way
    // (`query { project(…) { branchRules(…) {`), and no argument here holds a brace.
    let field_in = |depth: usize| {
        query
            .splitn(depth + 1, '{')
            .nth(depth)
            .and_then(|rest| {
                rest.split(|c: char| !(c.is_alphanumeric() || c == ':'))
                    .find(|word| !word.is_empty() && !word.ends_with(':'))
            })
            .unwrap_or("?")
    };
    let field = field_in(1);
    let label = match field {
        "project" | "group" => format!("{field}.{}", field_in(2)),
        _ => field.to_string(),
    };
    let copies = query.matches(&format!("{field}(")).count();
    if copies > 1 {
        format!("{label} ×{copies}")
    } else {
        label
    }
}

/// The longest run of requests each of which started after the previous one had been answered:
/// the rounds of dependent requests, which latency multiplies.
fn longest_chain(requests: &[RecordedRequest]) -> usize {
    let mut spans: Vec<(u64, u64)> = requests
        .iter()
        .map(|r| (r.started_us, r.finished_us))
        .collect();
    spans.sort();
    let mut chain = vec![1usize; spans.len()];
    for i in 0..spans.len() {
        for j in 0..i {
            if spans[j].1 <= spans[i].0 {
                chain[i] = chain[i].max(chain[j] + 1);
            }
        }
    }
    chain.into_iter().max().unwrap_or(0)
}

fn run(gitlab: &FakeGitLab, token: &str) -> Figures {
    let url = InstanceUrl::parse(&gitlab.url()).expect("fake URL");
    let mut times = Vec::new();
    let mut requests = Vec::new();
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
            runner_log: None,
        };
        let gathered =
            gather(&request, Some(&url), Some(&client), None, &NoProgress).expect("gather");
        let report = diagnose(&gathered.facts, chrono::Utc::now());
        times.push(start.elapsed());
        requests = gitlab.requests();
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
        name: "2,000 runners, 320 projects 4 groups deep, 500 pending jobs",
        groups: 5,
        subgroups_per_group: 4,
        teams_per_subgroup: 4,
        projects_per_team: 4,
        runners: 2_000,
        pending_jobs: 500,
    };
    let small = Shape {
        name: "20 runners, 5 projects",
        groups: 1,
        subgroups_per_group: 1,
        teams_per_subgroup: 1,
        projects_per_team: 5,
        runners: 20,
        pending_jobs: 10,
    };
    let mut all_ok = true;
    for shape in [&large, &small] {
        let (fleet, projects) = fleet(shape);
        let t = tag_jobs_for_protected_runners(&fleet);
        let gitlab = FakeGitLab::start(fleet).expect("fake GitLab");
        println!(
            "doctor -g org — {} (median of {RUNS}); T = {t} projects with a pending tag job \
             a ref_protected runner matches",
            shape.name
        );
        for latency in [20, 0] {
            gitlab.set_latency(Duration::from_millis(latency));
            for (who, token) in [
                ("administrator", ADMIN_TOKEN),
                ("maintainer", MAINTAINER_TOKEN),
            ] {
                let figures = run(&gitlab, token);
                let requests = figures.requests.len();
                let (time_bar, request_bar) = match (latency, who) {
                    (20, "administrator") => (Duration::from_millis(1_200), 40 + t),
                    (20, _) => (Duration::from_millis(2_500), projects + 20 + t),
                    _ => (Duration::from_millis(400), usize::MAX),
                };
                let ok =
                    shape.runners < 2_000 || (figures.median < time_bar && requests <= request_bar);
                all_ok &= ok;
                // Without latency requests are over too soon to overlap, and every one would
                // count as following the last.
                let chain = if latency > 0 {
                    longest_chain(&figures.requests).to_string()
                } else {
                    "-".to_string()
                };
                println!(
                    "  {latency:>2} ms  {who:<13} {:>7.3} s  {requests:>4} requests  \
                     longest chain {chain:>3}  {:>4} findings  {}",
                    figures.median.as_secs_f64(),
                    figures.findings,
                    if shape.runners < 2_000 {
                        String::new()
                    } else if request_bar == usize::MAX {
                        format!("{} (bar {:.1} s)", verdict(ok), time_bar.as_secs_f64())
                    } else {
                        format!(
                            "{} (bar {request_bar} requests, {:.1} s)",
                            verdict(ok),
                            time_bar.as_secs_f64()
                        )
                    },
                );
                if latency == 20 {
                    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
                    for request in &figures.requests {
                        *kinds.entry(kind(request)).or_default() += 1;
                    }
                    for (kind, count) in kinds {
                        println!("        {count:>4}  {kind}");
                    }
                }
            }
        }
    }
    if !all_ok {
        std::process::exit(1);
    }
}
