//! Registering into and removing from a config.toml with 1,000 entries, through the whole
//! save path (lock, re-read, parse, validate, edit, render, write, fsync, rename).
//!
//! Per edit kind it prints the median of each phase (parse, validate, render, write+fsync)
//! and of the part runnerctl controls: the whole edit less its fsyncs, which the disk decides.
//! Bars: that part at most 10 ms, the whole edit under 30 ms (medians). The whole edit's
//! maximum is shown too, but on a shared machine it mostly measures the neighbours; so is the
//! processor time the edit's thread used, which waiting for a busy processor does not inflate.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use runnerctl::runner_config::{
    Action, ConfigDocument, ConfigError, ConfigFile, Edit, EditOptions, EditPhases, Executor,
    RunnerSpec, Setting, Verification,
};
use runnerctl::token::RunnerToken;

const ENTRIES: i64 = 1_000;
const EDITS: i64 = 50;
/// The whole edit, fsyncs included.
const BAR: Duration = Duration::from_millis(30);
/// The edit without its fsyncs: what runnerctl itself spends.
const OWN_BAR: Duration = Duration::from_millis(10);

fn spec(id: i64) -> RunnerSpec {
    let mut spec = RunnerSpec::new(
        Setting::Given(format!("runner-{id}")),
        "https://gitlab.example.com",
        RunnerToken::new(format!("glrt-bench-{id}")),
        Utc::now(),
    );
    spec.verification = Some(Verification {
        runner_id: id,
        token_expires_at: None,
    });
    spec.executor = Some(Executor::Docker);
    spec.docker.image = Some("alpine:3".into());
    spec
}

fn big_config(path: &Path) {
    let mut text = String::from(
        "concurrent = 8\ncheck_interval = 0\n\n[session_server]\n  session_timeout = 1800\n",
    );
    for id in 0..ENTRIES {
        text.push_str(&format!(
            "\n# runner {id}\n[[runners]]\n  name = \"runner-{id}\"\n  url = \"https://gitlab.example.com\"\n  id = {id}\n  token = \"glrt-bench-{id}\"\n  token_obtained_at = 2026-01-01T00:00:00Z\n  token_expires_at = 0001-01-01T00:00:00Z\n  executor = \"docker\"\n  [runners.docker]\n    image = \"alpine:3\"\n    privileged = false\n    volumes = [\"/cache\"]\n  [runners.cache]\n    MaxUploadedArchiveSize = 0\n"
        ));
    }
    std::fs::write(path, text).expect("write the config");
}

/// One timed edit: the whole call, and its phases as the engine measured them.
struct Sample {
    whole: Duration,
    /// The thread's processor time over the whole edit.
    cpu: Duration,
    phases: EditPhases,
}

/// This thread's processor time so far.
fn thread_cpu() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid timespec for the call to fill.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}

impl Sample {
    fn own(&self) -> Duration {
        self.whole.saturating_sub(self.phases.fsync)
    }
}

fn edit<T>(
    path: &Path,
    change: impl FnOnce(&mut ConfigDocument) -> Result<T, ConfigError>,
) -> (Edit<T>, Sample) {
    let cpu_started = thread_cpu();
    let started = Instant::now();
    let (edit, phases) = ConfigFile::edit_path_timed(path, &EditOptions::default(), change)
        .expect("the edit succeeds");
    let whole = started.elapsed();
    let cpu = thread_cpu().saturating_sub(cpu_started);
    (edit, Sample { whole, cpu, phases })
}

fn median(samples: &[Sample], part: impl Fn(&Sample) -> Duration) -> Duration {
    let mut times: Vec<Duration> = samples.iter().map(part).collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(time: Duration) -> String {
    format!("{:>6.2}", time.as_secs_f64() * 1e3)
}

/// Prints one edit kind's line; false if a median is over its bar.
fn report(label: &str, samples: &[Sample]) -> bool {
    let parse = median(samples, |s| s.phases.parse);
    let validate = median(samples, |s| s.phases.validate);
    let render = median(samples, |s| s.phases.render);
    let write = median(samples, |s| s.phases.write + s.phases.fsync);
    let fsync = median(samples, |s| s.phases.fsync);
    let rest = median(samples, |s| {
        let p = &s.phases;
        s.whole
            .saturating_sub(p.parse + p.validate + p.render + p.write + p.fsync)
    });
    let lock = median(samples, |s| s.phases.lock);
    let read = median(samples, |s| s.phases.read);
    let change = median(samples, |s| s.phases.edit);
    let release = median(samples, |s| s.phases.release);
    let cpu = median(samples, |s| s.cpu);
    let own = median(samples, Sample::own);
    let whole = median(samples, |s| s.whole);
    let max = samples.iter().map(|s| s.whole).max().unwrap_or_default();
    let own_ok = own <= OWN_BAR;
    let whole_ok = whole < BAR;
    println!(
        "{label:<22} parse {} validate {} render {} write+fsync {} (fsync {}) other {} | \
         without fsync {} ms {} | whole {} ms (max {}) {}",
        ms(parse),
        ms(validate),
        ms(render),
        ms(write),
        ms(fsync),
        ms(rest),
        ms(own),
        if own_ok { "ok" } else { "OVER 10 ms" },
        ms(whole),
        ms(max),
        if whole_ok { "ok" } else { "OVER 30 ms" },
    );
    println!(
        "{:<22} other: lock {} read {} edit {} release {} | processor time {} ms",
        "",
        ms(lock),
        ms(read),
        ms(change),
        ms(release),
        ms(cpu)
    );
    own_ok && whole_ok
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    big_config(&path);
    let size = std::fs::metadata(&path).expect("size").len();
    println!(
        "config.toml with {ENTRIES} entries, {size} bytes; medians of {EDITS} edits in ms \
         (other: lock, read, the edit itself, release, the rest; validate is 0 when the \
         one-pass check of a plain file did it with the parse)"
    );

    let mut adds = Vec::new();
    for id in ENTRIES..ENTRIES + EDITS {
        let (edit, sample) = edit(&path, |doc| doc.add_or_update_runner(&spec(id)));
        assert_eq!(edit.value.action, Action::Added);
        adds.push(sample);
    }
    let mut unchanged = Vec::new();
    for id in (0..ENTRIES).step_by((ENTRIES / EDITS) as usize) {
        let mut same = spec(id);
        same.token_obtained_at = Utc::now();
        let (edit, sample) = edit(&path, |doc| doc.add_or_update_runner(&same));
        assert!(!edit.written);
        unchanged.push(sample);
    }
    let mut updates = Vec::new();
    for id in (0..ENTRIES).step_by((ENTRIES / EDITS) as usize) {
        let mut changed = spec(id);
        changed.docker.image = Some("debian:12".into());
        let (edit, sample) = edit(&path, |doc| doc.add_or_update_runner(&changed));
        assert_eq!(edit.value.action, Action::Updated);
        updates.push(sample);
    }
    let mut removes = Vec::new();
    for _ in 0..EDITS {
        let (edit, sample) = edit(&path, |doc| {
            let index = doc
                .find_by_name("runner-500")
                .first()
                .copied()
                .unwrap_or(500);
            doc.remove_runner(index)
        });
        assert!(edit.written);
        removes.push(sample);
    }
    let all_ok = [
        report("register (add)", &adds),
        report("register (unchanged)", &unchanged),
        report("register (update)", &updates),
        report("unregister (remove)", &removes),
    ]
    .into_iter()
    .all(|ok| ok);
    if !all_ok {
        std::process::exit(1);
    }
}
