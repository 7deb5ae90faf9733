//! One Gitea/Forgejo test's world: a `fake_gitea` server, a temporary HOME holding the secret
//! store and `.runner`, a stub `systemctl` first on PATH, and runnerctl run as the contract's
//! last section says (`GITEA_URL`/`FORGEJO_URL` and the matching token, `RUNNERCTL_KEYRING=
//! file:<tmp>/secrets`, `HOME=<tmp>`, cwd `<tmp>`, `RUNNERCTL_SERVICE_MANAGER=systemd`, no
//! terminal).
//!
//! A test binary uses it beside the shared helpers:
//! `mod support;` and `#[path = "support/gitea.rs"] mod gitea_world;`.
#![allow(dead_code)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

// Re-exported for the test binaries that use this world; each uses some.
#[allow(unused_imports)]
pub use fake_gitea::{
    ADMIN_TOKEN, FakeGitea, Flavour, Fleet, JobSeed, ORG, ORG_OWNER, ORG_OWNER_TOKEN, REPO,
    RunnerSeed, Scope,
};
use runnerctl::runner_file::{Registration, RunnerFileKind, render};
use runnerctl::token::RunnerToken;

use crate::support::{runnerctl_in, stderr, stdout};

/// `systemctl` as a systemd host with `gitea-runner` (or `forgejo-runner`) installed and
/// running answers; every call is logged to `$STUB_LOG`.
const SYSTEMCTL: &str = r#"#!/bin/sh
echo "systemctl $*" >> "$STUB_LOG"
unit=""
for word in "$@"; do unit="$word"; done
case "$*" in
  *LoadState*)
    if [ "$unit" = "$STUB_UNIT" ]; then echo loaded; else echo not-found; fi ;;
  *WorkingDirectory*)
    if [ "$unit" = "$STUB_UNIT" ]; then echo "$STUB_WORKDIR"; else echo; fi ;;
  is-active*)
    if [ "$unit" = "$STUB_UNIT" ]; then echo active; exit 0; else echo inactive; exit 3; fi ;;
  *) exit 0 ;;
esac
"#;

pub struct GiteaWorld {
    pub gitea: FakeGitea,
    pub dir: tempfile::TempDir,
    pub flavour: Flavour,
    /// The API token the commands get in `GITEA_TOKEN`/`FORGEJO_TOKEN`.
    pub token: String,
}

impl GiteaWorld {
    /// The fake with `fleet`, commands run with the organisation owner's token.
    pub fn new(fleet: Fleet) -> GiteaWorld {
        GiteaWorld::with_token(fleet, ORG_OWNER_TOKEN)
    }

    pub fn with_token(fleet: Fleet, token: &str) -> GiteaWorld {
        let flavour = fleet.flavour;
        let gitea = FakeGitea::start(fleet).expect("fake Gitea starts");
        let dir = tempfile::tempdir().expect("temp dir");
        let bin = dir.path().join("bin");
        std::fs::create_dir(&bin).expect("bin dir");
        let systemctl = bin.join("systemctl");
        std::fs::write(&systemctl, SYSTEMCTL).expect("stub systemctl");
        std::fs::set_permissions(&systemctl, std::fs::Permissions::from_mode(0o755))
            .expect("chmod stub");
        GiteaWorld {
            gitea,
            dir,
            flavour,
            token: token.to_string(),
        }
    }

    pub fn url(&self) -> String {
        self.gitea.url()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn runner_file(&self) -> PathBuf {
        self.path(".runner")
    }

    pub fn secrets_file(&self) -> PathBuf {
        self.path("secrets")
    }

    /// `~/.config/runnerctl/config.toml`: runnerctl's own settings (saved URL and forges).
    pub fn settings_file(&self) -> PathBuf {
        self.path(".config/runnerctl/config.toml")
    }

    pub fn is_forgejo(&self) -> bool {
        self.flavour.is_forgejo()
    }

    /// The contract's word for the fake's forge: `gitea` or `forgejo`.
    pub fn forge(&self) -> &'static str {
        if self.is_forgejo() {
            "forgejo"
        } else {
            "gitea"
        }
    }

    /// The systemd unit the stub reports installed and running.
    pub fn unit(&self) -> &'static str {
        if self.is_forgejo() {
            "forgejo-runner"
        } else {
            "gitea-runner"
        }
    }

    /// What the stub `systemctl` was asked, one call a line.
    pub fn systemctl_log(&self) -> String {
        std::fs::read_to_string(self.path("systemctl.log")).unwrap_or_default()
    }

    /// runnerctl with no forge variable at all: only HOME, the secret store, the stub PATH.
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
                format!("file:{}", self.secrets_file().display()),
            )
            .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
            .env("STUB_LOG", self.path("systemctl.log"))
            .env("STUB_UNIT", self.unit())
            .env("STUB_WORKDIR", self.dir.path());
        command
    }

    /// runnerctl as the contract's acceptance tests run it against this forge: its URL
    /// variable and token variable (`GITEA_*` for Gitea, `FORGEJO_*` for Forgejo).
    pub fn runnerctl(&self) -> assert_cmd::Command {
        let mut command = self.bare();
        let (url, token) = if self.is_forgejo() {
            ("FORGEJO_URL", "FORGEJO_TOKEN")
        } else {
            ("GITEA_URL", "GITEA_TOKEN")
        };
        command.env(url, self.url()).env(token, &self.token);
        command
    }

    /// As [`GiteaWorld::runnerctl`] with `--runner-file <tmp>/.runner` and `--format json`
    /// after `args`: a host command.
    pub fn host(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command = self.runnerctl();
        command
            .args(args)
            .arg("--runner-file")
            .arg(self.runner_file())
            .args(["--format", "json"]);
        command
    }

    /// As [`GiteaWorld::runnerctl`] with `--format json` after `args`: a workstation command.
    pub fn api(&self, args: &[&str]) -> assert_cmd::Command {
        let mut command = self.runnerctl();
        command.args(args).args(["--format", "json"]);
        command
    }

    /// Every registration token the server ever handed out (active or reset).
    pub fn registration_tokens(&self) -> Vec<String> {
        self.gitea.with_state(|s| {
            s.registration_tokens
                .iter()
                .map(|t| t.token.clone())
                .collect()
        })
    }

    /// Every runner token the server knows.
    pub fn runner_tokens(&self) -> Vec<String> {
        self.gitea
            .with_state(|s| s.runners.iter().map(|r| r.token.clone()).collect())
    }

    /// Fails when any registration token or runner token the server knows, or one in
    /// `also`, shows up in the output (stdout and stderr).
    pub fn assert_no_secrets(&self, output: &Output, also: &[String]) {
        let all = format!("{}{}", stdout(output), stderr(output));
        for token in self
            .registration_tokens()
            .iter()
            .chain(self.runner_tokens().iter())
            .chain(also.iter())
        {
            assert!(
                !all.contains(token.as_str()),
                "a secret leaked into the output:\n{all}"
            );
        }
    }

    /// As [`GiteaWorld::assert_no_secrets`], for stderr only (a command whose stdout is the
    /// secret on purpose: `token show`).
    pub fn assert_no_secrets_on_stderr(&self, output: &Output) {
        let err = stderr(output);
        for token in self
            .registration_tokens()
            .iter()
            .chain(self.runner_tokens().iter())
        {
            assert!(
                !err.contains(token.as_str()),
                "a secret leaked onto stderr:\n{err}"
            );
        }
    }

    /// The `.runner` kind this forge's runner writes.
    pub fn file_kind(&self) -> RunnerFileKind {
        if self.is_forgejo() {
            RunnerFileKind::Forgejo
        } else {
            RunnerFileKind::Gitea
        }
    }

    /// The bytes the forge's runner writes for the server's runner `id` with `labels`
    /// (full label strings), registered at this world's URL.
    pub fn expected_runner_file(&self, id: i64, labels: &[&str]) -> String {
        let runner = self
            .gitea
            .runner(id)
            .expect("the runner exists on the server");
        let registration = Registration {
            id: u64::try_from(id).expect("positive id"),
            uuid: runner.uuid,
            name: runner.name,
            token: RunnerToken::new(runner.token),
            address: self.url(),
            labels: labels.iter().map(|l| l.to_string()).collect(),
            ephemeral: if self.is_forgejo() { None } else { Some(false) },
        };
        render(&registration, self.file_kind(), None)
    }

    /// The credentials document `token show ID --format json` prints, built from the server's
    /// runner: what another host feeds `register --credentials-stdin`.
    pub fn credentials_document(&self, id: i64, labels: &[&str]) -> String {
        let runner = self
            .gitea
            .runner(id)
            .expect("the runner exists on the server");
        serde_json::json!({
            "runner_id": id,
            "forge": self.forge(),
            "url": self.url(),
            "name": runner.name,
            "token": runner.token,
            "uuid": runner.uuid,
            "labels": labels,
        })
        .to_string()
    }

    /// Writes `text` as `.runner` with mode 0600.
    pub fn write_runner_file(&self, text: &str) {
        let path = self.runner_file();
        std::fs::write(&path, text).expect("write .runner");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
            .expect("chmod .runner");
    }
}

/// The file's permission bits.
pub fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// A file's bytes, or `None` when it is absent.
pub fn read(path: &Path) -> Option<Vec<u8>> {
    std::fs::read(path).ok()
}
