//! One Semaphore test's world: a `fake_semaphore` server, a temporary HOME holding the secret
//! store and `config.runner.json`, a stub `systemctl` first on PATH (with `semaphore-runner`
//! installed and running), and runnerctl run as the contract's last section says
//! (`SEMAPHORE_URL`, `SEMAPHORE_TOKEN`, `RUNNERCTL_KEYRING=file:<tmp>/secrets`, `HOME=<tmp>`,
//! cwd `<tmp>`, `RUNNERCTL_SERVICE_MANAGER=systemd`, no terminal).
//!
//! A test binary uses it beside the shared helpers:
//! `mod support;` and `#[path = "support/semaphore.rs"] mod semaphore_world;`.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::process::Output;

#[allow(unused_imports)]
pub use fake_semaphore::{
    ADMIN_TOKEN, FakeSemaphore, Fleet, PROJECT, REGISTRATION_TOKEN, RunnerSeed, USER_TOKEN,
};

use crate::support::{runnerctl_in, stderr, stdout};

const SYSTEMCTL: &str = r#"#!/bin/sh
echo "systemctl $*" >> "$STUB_LOG"
unit=""
for word in "$@"; do unit="$word"; done
case "$*" in
  *LoadState*)
    if [ "$unit" = "semaphore-runner" ]; then echo loaded; else echo not-found; fi ;;
  *WorkingDirectory*)
    if [ "$unit" = "semaphore-runner" ]; then echo "$STUB_WORKDIR"; else echo; fi ;;
  is-active*)
    if [ "$unit" = "semaphore-runner" ]; then echo "$STUB_ACTIVE"; [ "$STUB_ACTIVE" = active ]; exit $?; else echo inactive; exit 3; fi ;;
  *) exit 0 ;;
esac
"#;

pub struct SemaphoreWorld {
    pub semaphore: FakeSemaphore,
    pub dir: tempfile::TempDir,
    pub token: String,
    /// What the stub says of `semaphore-runner`: `active` or `inactive`.
    pub service_state: &'static str,
}

impl SemaphoreWorld {
    /// The fake with `fleet`, commands run with the admin's token.
    pub fn new(fleet: Fleet) -> SemaphoreWorld {
        SemaphoreWorld::with_token(fleet, ADMIN_TOKEN)
    }

    pub fn with_token(fleet: Fleet, token: &str) -> SemaphoreWorld {
        let semaphore = FakeSemaphore::start(fleet).expect("fake Semaphore starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).expect("bin dir");
        let systemctl = bin.join("systemctl");
        std::fs::write(&systemctl, SYSTEMCTL).expect("stub systemctl");
        std::fs::set_permissions(&systemctl, std::fs::Permissions::from_mode(0o755))
            .expect("chmod stub");
        SemaphoreWorld {
            semaphore,
            dir,
            token: token.to_string(),
            service_state: "active",
        }
    }

    pub fn url(&self) -> String {
        self.semaphore.url()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn config_file(&self) -> PathBuf {
        self.path("config.runner.json")
    }

    pub fn token_file(&self) -> PathBuf {
        self.path("runner.token")
    }

    pub fn key_file(&self) -> PathBuf {
        self.path("runner.key")
    }

    pub fn bare(&self) -> assert_cmd::Command {
        let mut command = runnerctl_in(self.dir.path());
        let path = format!(
            "{}:{}",
            self.path("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        command
            .env("PATH", path)
            .env(
                "RUNNERCTL_KEYRING",
                format!("file:{}", self.path("secrets").display()),
            )
            .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
            .env("STUB_LOG", self.path("systemctl.log"))
            .env("STUB_ACTIVE", self.service_state)
            .env("STUB_WORKDIR", self.dir.path());
        command
    }

    pub fn runnerctl(&self) -> assert_cmd::Command {
        let mut command = self.bare();
        command
            .env("SEMAPHORE_URL", self.url())
            .env("SEMAPHORE_TOKEN", &self.token);
        command
    }

    /// A host command: `--runner-file <tmp>/config.runner.json --format json` after `args`.
    pub fn host(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command = self.runnerctl();
        command
            .args(args)
            .arg("--runner-file")
            .arg(self.config_file())
            .args(["--format", "json"]);
        command
    }

    pub fn api(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command = self.runnerctl();
        command.args(args).args(["--format", "json"]);
        command
    }

    /// Fails when a runner token or key the server knows, or one in `also`, is in the output.
    pub fn assert_no_secrets(&self, output: &Output, also: &[String]) {
        let all = format!("{}{}", stdout(output), stderr(output));
        let mut secrets: Vec<String> = self
            .semaphore
            .with_state(|s| s.runners().into_iter().map(|r| r.token).collect());
        secrets.push(
            fake_semaphore::TEST_PRIVATE_KEY
                .lines()
                .nth(1)
                .unwrap_or_default()
                .to_string(),
        );
        secrets.extend(also.iter().cloned());
        for secret in secrets.iter().filter(|s| s.len() >= 8) {
            assert!(
                !all.contains(secret.as_str()),
                "a secret leaked into the output:\n{all}"
            );
        }
    }
}
