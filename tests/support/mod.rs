//! Shared helpers for the end-to-end tests: a fake GitLab, a private home, and the runnerctl
//! binary set up the way the contract's acceptance tests run it.
#![allow(dead_code, unused_imports)]

use std::path::{Path, PathBuf};

pub use fake_gitlab::{FakeGitLab, Fault, FaultKind, Fleet};

pub const ADMIN_TOKEN: &str = "glpat-admin-token";
pub const MAINTAINER_TOKEN: &str = "glpat-maintainer-token";

/// One test's world: a fake GitLab and a temporary directory holding HOME, the secret store
/// file and config.toml.
pub struct World {
    pub gitlab: FakeGitLab,
    pub dir: tempfile::TempDir,
}

impl World {
    pub fn new(fleet: Fleet) -> World {
        let gitlab = FakeGitLab::start(fleet).expect("fake GitLab starts");
        let dir = tempfile::tempdir().expect("temp dir");
        World { gitlab, dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn secrets_file(&self) -> PathBuf {
        self.path("secrets")
    }

    pub fn config_file(&self) -> PathBuf {
        self.path("config.toml")
    }

    /// runnerctl as the acceptance tests run it: no terminal, a private HOME, the file
    /// secret store, the fake's URL, and an administrator's API token.
    pub fn runnerctl(&self) -> assert_cmd::Command {
        self.runnerctl_with_token(Some(ADMIN_TOKEN))
    }

    /// `runnerctl --url URL auth login --token-stdin`: the secret store then holds `token` for
    /// `url`, which commands acting on a config entry of that URL use.
    pub fn save_api_token(&self, url: &str, token: &str) {
        let output = self
            .runnerctl_with_token(None)
            .args(["--url", url, "auth", "login", "--token-stdin"])
            .write_stdin(format!("{token}\n"))
            .output()
            .expect("runnerctl runs");
        assert!(
            output.status.success(),
            "auth login failed: {}",
            stderr(&output)
        );
    }

    pub fn runnerctl_with_token(&self, token: Option<&str>) -> assert_cmd::Command {
        let mut command = runnerctl_in(self.dir.path());
        command
            .env("GITLAB_URL", self.gitlab.url())
            .env(
                "RUNNERCTL_KEYRING",
                format!("file:{}", self.secrets_file().display()),
            )
            .env("CONFIG_FILE", self.config_file());
        if let Some(token) = token {
            command.env("GITLAB_TOKEN", token);
        }
        command
    }
}

/// The binary with a clean environment: HOME and the working directory in `home`, no GitLab
/// variables inherited from the machine running the tests.
pub fn runnerctl_in(home: &Path) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("runnerctl").expect("runnerctl binary");
    for variable in [
        "GITLAB_URL",
        "GITLAB_HOST",
        "GITLAB_TOKEN",
        "CONFIG_FILE",
        "RUNNERCTL_KEYRING",
        "SSL_CERT_FILE",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "XDG_CONFIG_HOME",
        "RUNNERCTL_SERVICE_MANAGER",
        "RUNNERCTL_LOG",
        "RUNNERCTL_FORGE",
        "GITEA_URL",
        "GITEA_TOKEN",
        "FORGEJO_URL",
        "FORGEJO_TOKEN",
        "SEMAPHORE_URL",
        "SEMAPHORE_TOKEN",
    ] {
        command.env_remove(variable);
    }
    command
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .current_dir(home);
    command
}

pub fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is not one JSON document ({error}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `stderr` with each `caused by: …` line joined to the error line above it with ": ", the way
/// an error and its causes read as one sentence.
pub fn error_text(stderr: &str) -> String {
    stderr.replace("\ncaused by: ", ": ")
}

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Fails if `token` shows up anywhere the operator or a log could see it.
pub fn assert_no_token_text(output: &std::process::Output, token: &str) {
    let all = format!("{}{}", stdout(output), stderr(output));
    assert!(
        !all.contains(token),
        "the token leaked into the output:\n{all}"
    );
    assert!(
        !all.contains(token.trim_start_matches("glrt-")),
        "part of the token leaked into the output:\n{all}"
    );
}

/// Quotes one argument for `sh -c`.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// runnerctl with `args` on a pseudo-terminal (util-linux `script`), in the world's environment
/// (its fake GitLab, an administrator's token, the file secret store, its config.toml), with
/// standard input piped so a test can type at its prompts. The caller checks that `script`
/// exists.
pub fn spawn_on_terminal(world: &World, args: &[&str]) -> std::process::Child {
    terminal_command(world, args).spawn().expect("script runs")
}

/// Types each of `keys` into a runnerctl started on a terminal, `pause` after it started or
/// after the key before (a prompt must be on the terminal before it reads), then waits at most
/// 20 s for it to end and returns what it printed there.
pub fn answer_on_terminal(
    mut child: std::process::Child,
    keys: &[&[u8]],
    pause: std::time::Duration,
) -> std::process::Output {
    use std::io::Write as _;
    let mut stdin = child.stdin.take().expect("stdin");
    for key in keys {
        std::thread::sleep(pause);
        let _ = stdin.write_all(key);
        let _ = stdin.flush();
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        assert!(
            std::time::Instant::now() < deadline,
            "runnerctl hung on the terminal"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    drop(stdin);
    child.wait_with_output().expect("output")
}

/// The command [`spawn_on_terminal`] spawns, for a test that changes its environment first.
pub fn terminal_command(world: &World, args: &[&str]) -> std::process::Command {
    let line = std::iter::once(env!("CARGO_BIN_EXE_runnerctl"))
        .chain(args.iter().copied())
        .map(shell_quote)
        .collect::<Vec<_>>()
        .join(" ");
    let mut command = std::process::Command::new("script");
    command
        .args(["--quiet", "--return", "--command", &line, "/dev/null"])
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", world.dir.path())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env("GITLAB_URL", world.gitlab.url())
        .env("GITLAB_TOKEN", ADMIN_TOKEN)
        .env(
            "RUNNERCTL_KEYRING",
            format!("file:{}", world.secrets_file().display()),
        )
        .env("CONFIG_FILE", world.config_file())
        .current_dir(world.dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    command
}
