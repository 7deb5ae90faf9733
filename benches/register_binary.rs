//! `runnerctl register` and `unregister` through the release binary against the fake GitLab,
//! into a config.toml that already holds 1,000 entries: what an operator's run costs, process
//! start, verify or manager deletion over loopback HTTP, and the locked atomic save included.
//! Bar: a median under 30 ms per edit.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_gitlab::{FakeGitLab, Fleet, RunnerSeed};

const ENTRIES: usize = 1_000;
const EDITS: usize = 30;
const BAR: Duration = Duration::from_millis(30);

fn big_config(path: &Path) {
    let mut text = String::from(
        "concurrent = 8\ncheck_interval = 0\n\n[session_server]\n  session_timeout = 1800\n",
    );
    for id in 0..ENTRIES {
        text.push_str(&format!(
            "\n# runner {id}\n[[runners]]\n  name = \"runner-{id}\"\n  url = \"https://gitlab.example.com\"\n  id = {id}\n  token = \"glrt-bench-{id}\"\n  token_obtained_at = 2026-01-01T00:00:00Z\n  token_expires_at = 0001-01-01T00:00:00Z\n  executor = \"docker\"\n  [runners.docker]\n    image = \"alpine:3\"\n    privileged = false\n    volumes = [\"/cache\"]\n"
        ));
    }
    std::fs::write(path, text).expect("write the config");
}

fn runnerctl(home: &Path, url: &str, config: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runnerctl"));
    command
        .env_clear()
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("GITLAB_URL", url)
        .env("RUNNERCTL_KEYRING", "none")
        .env("CONFIG_FILE", config)
        .current_dir(home)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn run(mut command: Command, stdin: Option<&str>) -> Duration {
    let started = Instant::now();
    let mut child = command.spawn().expect("runnerctl starts");
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        pipe.write_all(text.as_bytes()).expect("write stdin");
    }
    let output = child.wait_with_output().expect("wait");
    let elapsed = started.elapsed();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    elapsed
}

fn report(label: &str, mut times: Vec<Duration>) -> bool {
    times.sort();
    let median = times[times.len() / 2];
    let mean = times.iter().sum::<Duration>() / times.len() as u32;
    let max = times[times.len() - 1];
    let ok = median < BAR;
    println!(
        "{label:<34} n={:<3} mean {:>7.2} ms  median {:>7.2} ms  max {:>7.2} ms  {}",
        times.len(),
        mean.as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
        if ok { "ok" } else { "OVER THE 30 ms BAR" }
    );
    ok
}

fn main() {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    let tokens: Vec<String> = (0..EDITS)
        .map(|i| format!("glrt-binary-bench-{i:03}"))
        .collect();
    let ids: Vec<u64> = tokens
        .iter()
        .map(|token| fleet.add_runner(RunnerSeed::group("team").token(token)))
        .collect();
    let gitlab = FakeGitLab::start(fleet).expect("fake GitLab");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    big_config(&config);
    println!(
        "config.toml with {ENTRIES} entries, {} bytes",
        std::fs::metadata(&config).expect("size").len()
    );

    let baseline: Vec<Duration> = (0..EDITS)
        .map(|_| {
            let mut command = runnerctl(dir.path(), &gitlab.url(), &config);
            command.arg("--version");
            run(command, None)
        })
        .collect();
    let register = |token: &str, name: &str, extra: &[&str]| {
        let mut command = runnerctl(dir.path(), &gitlab.url(), &config);
        command
            .args([
                "register",
                "--token-stdin",
                "--executor",
                "shell",
                "--name",
                name,
            ])
            .args(extra);
        run(command, Some(token))
    };
    let adds: Vec<Duration> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| register(token, &format!("bench-{i}"), &[]))
        .collect();
    let unchanged: Vec<Duration> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| register(token, &format!("bench-{i}"), &[]))
        .collect();
    let removes: Vec<Duration> = ids
        .iter()
        .map(|id| {
            let mut command = runnerctl(dir.path(), &gitlab.url(), &config);
            command.args(["unregister", "--runner", &id.to_string()]);
            run(command, None)
        })
        .collect();
    let no_verify: Vec<Duration> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| register(token, &format!("bench-{i}"), &["--no-verify"]))
        .collect();

    report("process start (--version)", baseline);
    let all_ok = [
        report("register (add, verified)", adds),
        report("register (unchanged, verified)", unchanged),
        report("unregister (manager + remove)", removes),
        report("register --no-verify (add)", no_verify),
    ]
    .into_iter()
    .all(|ok| ok);
    if !all_ok {
        std::process::exit(1);
    }
}
