//! Prune of 1,000 never-contacted runners against the fake GitLab at 20 ms latency per
//! request, with the default concurrency of 8. The floor is 1,000 ÷ 8 × 20 ms = 2.5 s; the
//! bar is 3.5 s. Then the same with a 429 every 50 requests: every runner must still go.
//!
//! Run: cargo bench --bench prune

use std::process::Command;
use std::time::{Duration, Instant};

use fake_gitlab::{FakeGitLab, Fault, FaultKind, Fleet, RunnerSeed};

const RUNNERS: usize = 1_000;
const BAR: Duration = Duration::from_millis(3_500);

fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("fleet");
    for _ in 0..RUNNERS {
        fleet.add_runner(RunnerSeed::group("fleet").created_ago("3d"));
    }
    fleet
}

fn prune(gitlab: &FakeGitLab, home: &std::path::Path) -> (Duration, bool) {
    let started = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_runnerctl"))
        .args([
            "prune",
            "--never-contacted",
            "--all",
            "--yes",
            "--format",
            "json",
        ])
        .env("HOME", home)
        .env("GITLAB_URL", gitlab.url())
        .env("GITLAB_TOKEN", fake_gitlab::ADMIN_TOKEN)
        .env("RUNNERCTL_KEYRING", "none")
        .env("CONFIG_FILE", home.join("config.toml"))
        .output()
        .expect("runnerctl runs");
    let elapsed = started.elapsed();
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    }
    (elapsed, output.status.success())
}

/// Wall time, and whether every runner was deleted.
fn run(label: &str, fault: Option<Fault>) -> (Duration, bool) {
    let gitlab = FakeGitLab::start(fleet()).expect("fake GitLab starts");
    gitlab.set_latency(Duration::from_millis(20));
    if let Some(fault) = fault {
        gitlab.inject(fault);
    }
    let home = tempfile::tempdir().expect("temp dir");
    let (elapsed, success) = prune(&gitlab, home.path());
    let left = gitlab.with_state(|state| state.runners.len());
    let requests = gitlab.requests();
    let deletes = requests.iter().filter(|r| r.method == "DELETE").count();
    let limited = requests.iter().filter(|r| r.status == 429).count();
    println!(
        "prune {RUNNERS} runners, 20 ms latency, {label}: {:.2} s wall, {} requests ({deletes} DELETE, {limited} answered 429), {left} left",
        elapsed.as_secs_f64(),
        requests.len()
    );
    (elapsed, success && left == 0)
}

fn main() {
    let (elapsed, all_gone) = run("no faults", None);
    let (_, all_gone_despite_429) = run(
        "429 every 50 requests",
        Some(Fault::new(FaultKind::RateLimitEvery {
            every: 50,
            retry_after: 1,
        })),
    );
    let verdict = if elapsed < BAR && all_gone && all_gone_despite_429 {
        "PASS"
    } else {
        "FAIL"
    };
    println!(
        "{verdict}: bar under {:.1} s without faults, and every runner deleted with 429s",
        BAR.as_secs_f64()
    );
    if verdict == "FAIL" {
        std::process::exit(1);
    }
}
