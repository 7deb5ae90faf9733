//! doctor's gathering and diagnosis against the fake Gitea 1.26 and Forgejo 15: 1,000 runners
//! over 40 orgs and 300 queued jobs, with an administrator's token, at 20 ms and 0 ms of
//! latency per request. Prints wall time (median of three runs), requests per run by route,
//! the longest chain of requests that ran one after another, and the findings by id.
//!
//! No bar yet (issue "Gitea and Forgejo Actions runners"): the figures go in its note.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use fake_gitea::{ADMIN_TOKEN, FakeGitea, Flavour, Fleet, JobSeed, RecordedRequest, RunnerSeed};
use runnerctl::doctor::diagnose_gitea;
use runnerctl::doctor::gather_gitea::{GiteaRequest, gather_gitea};
use runnerctl::doctor::gitea_facts::ServerKind;
use runnerctl::gitea::{Client, detect};
use runnerctl::instance_url::InstanceUrl;
use runnerctl::token::ApiToken;
use runnerctl::transport::ClientOptions;

const RUNS: usize = 3;
const ORGS: usize = 40;

/// 25 runners an org (orgs 0–4 paused, 5–9 offline), 300 jobs spread over the orgs, one in
/// ten on a label no runner has.
fn fleet(flavour: Flavour) -> Fleet {
    let mut fleet = Fleet::standard(flavour);
    for n in 0..ORGS {
        let org = format!("org-{n}");
        fleet.org(&org, fake_gitea::ORG_OWNER);
        fleet.repo(&format!("{org}/api"), true);
        for _ in 0..25 {
            let runner = RunnerSeed::org(&org).labels(&["ubuntu-latest"]);
            fleet.runner(match n {
                0..5 => runner.disabled(),
                5..10 => runner.offline(),
                _ => runner,
            });
        }
    }
    for i in 0..300 {
        let label = if i % 10 == 0 {
            "gpu-x"
        } else {
            "ubuntu-latest"
        };
        fleet.job(JobSeed::queued(&format!("org-{}/api", i % ORGS), &[label]));
    }
    fleet
}

/// A request's route: org, owner, repo names and ids in the path replaced by `:x`.
fn route(request: &RecordedRequest) -> String {
    let mut route: Vec<&str> = Vec::new();
    let mut names_left = 0;
    for segment in request.path.split('/').filter(|s| !s.is_empty()) {
        if names_left > 0 {
            route.push(":x");
            names_left -= 1;
            continue;
        }
        route.push(segment);
        names_left = match segment {
            "repos" => 2,
            "orgs" | "users" => 1,
            _ => 0,
        };
    }
    format!("{} /{}", request.method, route.join("/"))
}

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

struct Figures {
    median: Duration,
    requests: Vec<RecordedRequest>,
    findings: BTreeMap<String, usize>,
}

fn run(server: &FakeGitea, kind: ServerKind) -> Figures {
    let url = InstanceUrl::parse(&server.url()).expect("fake URL");
    let token = ApiToken::new(ADMIN_TOKEN);
    let request = GiteaRequest {
        orgs: (0..ORGS).map(|n| format!("org-{n}")).collect(),
        repos: Vec::new(),
        user: false,
        instance: false,
        runner_ids: Vec::new(),
        runner_file: None,
        service_unit: None,
        verify_tokens: false,
        concurrency: 8,
        runner_log: None,
    };
    let mut times = Vec::new();
    let mut requests = Vec::new();
    let mut findings = BTreeMap::new();
    for _ in 0..RUNS {
        server.clear_requests();
        let start = Instant::now();
        let options = ClientOptions::default();
        let flavour = detect(&url, Some(&token), &options)
            .expect("detect")
            .expect("a Gitea-family server");
        let client =
            Client::new(url.clone(), Some(token.clone()), flavour, options).expect("client");
        let facts = gather_gitea(kind, Some(url.clone()), &request, Some(&client)).expect("gather");
        let report = diagnose_gitea(&facts);
        times.push(start.elapsed());
        requests = server.requests();
        findings.clear();
        for finding in &report.findings {
            *findings.entry(finding.id.as_str().to_string()).or_insert(0) += 1;
        }
    }
    times.sort();
    Figures {
        median: times[RUNS / 2],
        requests,
        findings,
    }
}

fn main() {
    for (name, flavour, kind) in [
        ("Gitea 1.26", Flavour::GITEA_1_26, ServerKind::Gitea),
        ("Forgejo 15", Flavour::FORGEJO_15, ServerKind::Forgejo),
    ] {
        let server = FakeGitea::start(fleet(flavour)).expect("fake Gitea");
        for latency in [Duration::from_millis(20), Duration::ZERO] {
            server.set_latency(latency);
            let figures = run(&server, kind);
            let mut by_route: BTreeMap<String, usize> = BTreeMap::new();
            for request in &figures.requests {
                *by_route.entry(route(request)).or_insert(0) += 1;
            }
            println!(
                "{name}, 1,000 runners over {ORGS} orgs, 300 queued jobs, admin token, {} ms: \
                 {:.3} s (median of {RUNS}), {} requests, longest chain {}",
                latency.as_millis(),
                figures.median.as_secs_f64(),
                figures.requests.len(),
                longest_chain(&figures.requests),
            );
            for (route, count) in &by_route {
                println!("    {count:>5}  {route}");
            }
            let findings: Vec<String> = figures
                .findings
                .iter()
                .map(|(id, count)| format!("{id} {count}"))
                .collect();
            println!("    findings: {}", findings.join(", "));
        }
    }
}
