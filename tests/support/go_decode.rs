//! Decodes a config.toml with gitlab-runner's TOML library (Go, BurntSushi/toml) via the
//! program in `tests/go-decode/`, so tests know gitlab-runner reads what runnerctl writes.
//!
//! Needs `go` and Debian's `golang-github-burntsushi-toml-dev` (built offline in GOPATH mode).
//! Without them the check is skipped by the rule of `skip.rs` (a line a plain `cargo test`
//! shows), unless `RUNNERCTL_REQUIRE_SYSTEM_TESTS=1`, where it fails.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

const DEBIAN_GOPATH: &str = "/usr/share/gocode";
const TOML_PACKAGE: &str = "src/github.com/BurntSushi/toml";

// A test binary that includes both system.rs and go_decode.rs has two copies (skip.rs says so).
#[allow(clippy::duplicate_mod)]
#[path = "skip.rs"]
pub mod skip;

fn build() -> Result<PathBuf, String> {
    if !Path::new(DEBIAN_GOPATH).join(TOML_PACKAGE).is_dir() {
        return Err(format!(
            "{DEBIAN_GOPATH}/{TOML_PACKAGE} is missing (install golang-github-burntsushi-toml-dev)"
        ));
    }
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-decode");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    let binary = out_dir.join("go-decode");
    // Several test binaries may build at once: build to a private name, then rename.
    let private = out_dir.join(format!("go-decode.{}", std::process::id()));
    let output = Command::new("go")
        .args(["build", "-o"])
        .arg(&private)
        .arg(".")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go-decode"))
        .env("GO111MODULE", "off")
        .env("GOPATH", DEBIAN_GOPATH)
        .env("GOCACHE", out_dir.join("cache"))
        .env("GOFLAGS", "")
        .output()
        .map_err(|e| format!("cannot run go (install golang-go): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "go build failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::rename(&private, &binary).map_err(|e| format!("renaming the Go binary: {e}"))?;
    Ok(binary)
}

fn decoder() -> Option<&'static Path> {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match BINARY.get_or_init(build) {
        Ok(binary) => Some(binary),
        Err(reason) => {
            skip::skip("the gitlab-runner (Go) decode check", reason);
            None
        }
    }
}

/// What gitlab-runner's library made of the file (a JSON summary without tokens), or Err with
/// its error message. None when the check is skipped.
pub fn go_decode(path: &Path) -> Option<Result<serde_json::Value, String>> {
    let binary = decoder()?;
    let output = Command::new(binary)
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", binary.display()));
    Some(if output.status.success() {
        serde_json::from_slice(&output.stdout).map_err(|e| format!("bad summary: {e}"))
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    })
}

/// Panics unless gitlab-runner's library decodes the file with every written key in place.
pub fn assert_gitlab_runner_reads(path: &Path) -> Option<serde_json::Value> {
    match go_decode(path)? {
        Ok(summary) => Some(summary),
        Err(message) => panic!(
            "gitlab-runner's TOML library refuses {}: {message}",
            path.display()
        ),
    }
}

/// Builds `tests/go-decode-runner/` (the standard library only), once per test binary.
fn build_runner_decoder() -> Result<PathBuf, String> {
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("go-decode-runner");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("creating {}: {e}", out_dir.display()))?;
    let binary = out_dir.join("go-decode-runner");
    let private = out_dir.join(format!("go-decode-runner.{}", std::process::id()));
    let output = Command::new("go")
        .args(["build", "-o"])
        .arg(&private)
        .arg(".")
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/go-decode-runner"))
        .env("GO111MODULE", "off")
        .env("GOCACHE", out_dir.join("cache"))
        .env("GOFLAGS", "")
        .output()
        .map_err(|e| format!("cannot run go (install golang-go): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "go build failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    std::fs::rename(&private, &binary).map_err(|e| format!("renaming the Go binary: {e}"))?;
    Ok(binary)
}

/// Runs the `.runner` decoder (`decode FILE` or `reencode FILE KIND`): its stdout, or Err
/// with its error message. None when the check is skipped (no Go).
pub fn go_runner_tool(args: &[&str], path: &Path) -> Option<Result<String, String>> {
    static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let binary = match BINARY.get_or_init(build_runner_decoder) {
        Ok(binary) => binary,
        Err(reason) => {
            skip::skip("the Gitea/Forgejo runner (Go) decode check", reason);
            return None;
        }
    };
    let mut command = Command::new(binary);
    command.arg(args[0]).arg(path).args(&args[1..]);
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("running {}: {e}", binary.display()));
    Some(if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    })
}
