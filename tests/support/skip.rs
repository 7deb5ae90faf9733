//! The skip rule for tests whose system part (a Secret Service, kernel keyrings, Go, openssl,
//! root, a pseudo-terminal…) is missing on this machine.
//!
//! A skipped test passes without having checked anything, so a skip must be seen in a plain
//! `cargo test`, which hides what passing tests print. [`skip`] therefore writes straight to the
//! process's stderr (libtest captures only the `print!` family, not `std::io::stderr()`):
//!
//! ```text
//! SKIPPED stores_in_the_secret_service: a private Secret Service: cannot run dbus-daemon: …
//! ```
//!
//! and, after the test binary's `test result:` line, one summary line per binary:
//!
//! ```text
//! tls_ca_file: skipped checks for a missing system part: 3 tests without openssl (a_self_signed_…, …); RUNNERCTL_REQUIRE_SYSTEM_TESTS=1 fails them instead
//! ```
//!
//! With `RUNNERCTL_REQUIRE_SYSTEM_TESTS=1` (CI, where `.ci/run` installs every part) a skip is a
//! failure instead, so a broken CI image cannot turn the tests into silent passes.
//!
//! Included by `system.rs` and `go_decode.rs`; a test binary that includes both has two
//! copies and so up to two summary lines.

#![allow(dead_code)]

use std::io::Write;
use std::sync::{Mutex, Once};

/// Set to `1` to turn every skip into a failure.
pub const REQUIRE_ENV: &str = "RUNNERCTL_REQUIRE_SYSTEM_TESTS";

pub fn system_tests_required() -> bool {
    std::env::var(REQUIRE_ENV).is_ok_and(|value| value.trim() == "1")
}

/// What this binary's tests missed so far and which test: (part, test).
static SKIPPED: Mutex<Vec<(String, String)>> = Mutex::new(Vec::new());
static SUMMARY: Once = Once::new();

/// Applies the skip rule for a missing part: panics when the system tests are required;
/// otherwise reports the skip (once per test and part; see the module's documentation) and
/// returns, so that the caller skips that check.
pub fn skip(what: &str, reason: &str) {
    if system_tests_required() {
        panic!("{what} is required ({REQUIRE_ENV}=1) but unavailable: {reason}");
    }
    let test = current_test();
    let entry = (what.to_string(), test.clone());
    let mut skipped = SKIPPED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Once per test and part, however often the test meets the missing part.
    if skipped.contains(&entry) {
        return;
    }
    skipped.push(entry);
    drop(skipped);
    // The captured copy, for a failing test's output; the line on stderr is the one seen.
    println!("skipped: {what}: {reason}");
    let _ = writeln!(std::io::stderr().lock(), "SKIPPED {test}: {what}: {reason}");
    SUMMARY.call_once(|| {
        // SAFETY: `print_summary` is an `extern "C" fn()` that does not panic (a poisoned
        // lock and a failed write are ignored); `atexit` runs it when the test binary exits,
        // after libtest's `test result:` line.
        unsafe {
            libc::atexit(print_summary);
        }
    });
}

/// libtest names each test's thread after the test.
fn current_test() -> String {
    match std::thread::current().name() {
        Some(name) if name != "main" => name.to_string(),
        _ => "(this test)".to_string(),
    }
}

extern "C" fn print_summary() {
    let Ok(skipped) = SKIPPED.lock() else {
        return;
    };
    if skipped.is_empty() {
        return;
    }
    let binary = std::env::current_exe()
        .ok()
        .and_then(|path| Some(path.file_stem()?.to_string_lossy().into_owned()))
        .map(|stem| match stem.rsplit_once('-') {
            Some((name, hash)) if hash.chars().all(|c| c.is_ascii_hexdigit()) => name.to_string(),
            _ => stem,
        })
        .unwrap_or_default();
    // One group per missing part, in the order they were met.
    let mut parts: Vec<(&str, Vec<&str>)> = Vec::new();
    for (what, test) in skipped.iter() {
        match parts.iter_mut().find(|(part, _)| part == what) {
            Some((_, tests)) => tests.push(test),
            None => parts.push((what, vec![test])),
        }
    }
    let groups: Vec<String> = parts
        .iter()
        .map(|(part, tests)| {
            let count = tests.len();
            let noun = if count == 1 { "test" } else { "tests" };
            format!("{count} {noun} without {part} ({})", tests.join(", "))
        })
        .collect();
    let _ = writeln!(
        std::io::stderr().lock(),
        "{binary}: skipped checks for a missing system part: {}; \
         {REQUIRE_ENV}=1 fails them instead\n",
        groups.join("; ")
    );
}
