//! Helpers for tests that need parts of the system: a private Secret Service, a host with no
//! Secret Service (so the kernel keyring is used), and the rule for skipping when a part is
//! missing.
//!
//! Include it with `#[path = "support/system.rs"] mod system;`.
//!
//! The skip rule (`skip.rs`): a test whose system part is missing says so in a line that a plain
//! `cargo test` shows, and passes; with `RUNNERCTL_REQUIRE_SYSTEM_TESTS=1` (CI, where the parts
//! are installed) it fails instead, so a broken CI image cannot turn the tests into silent passes.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// A test binary that includes both system.rs and go_decode.rs has two copies (skip.rs says so).
#[allow(clippy::duplicate_mod)]
#[path = "skip.rs"]
mod skip;

/// Applies the skip rule for a missing part (see `skip.rs`) and returns, so the caller returns
/// too; panics instead when the system tests are required.
pub fn require_or_skip(what: &str, reason: &str) {
    skip::skip(what, reason);
}

/// `Some(value)`, or `None` after applying the skip rule to the error.
pub fn required<T>(what: &str, attempt: Result<T, String>) -> Option<T> {
    match attempt {
        Ok(value) => Some(value),
        Err(reason) => {
            require_or_skip(what, &reason);
            None
        }
    }
}

/// Whether `program` runs at all (it is on PATH and executable).
pub fn have_program(program: &str) -> Result<(), String> {
    match Command::new(program)
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(_) => Ok(()),
        Err(error) => Err(format!("cannot run {program}: {error}")),
    }
}

/// A private session bus with an unlocked GNOME Keyring serving the Secret Service on it.
/// Children get it through [`SecretService::env`]; everything is killed and removed on drop.
pub struct SecretService {
    dir: tempfile::TempDir,
    bus_address: String,
    bus_pid: u32,
    keyring: Child,
}

impl SecretService {
    /// Starts `dbus-daemon` and `gnome-keyring-daemon`; the error says which part is missing.
    pub fn start() -> Result<SecretService, String> {
        have_program("dbus-daemon")?;
        have_program("gnome-keyring-daemon")?;
        have_program("dbus-send")?;
        let dir = tempfile::tempdir().map_err(|error| format!("no temp dir: {error}"))?;
        for sub in ["home", "data", "run"] {
            create_private_dir(&dir.path().join(sub))?;
        }

        let output = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|error| format!("cannot run dbus-daemon: {error}"))?;
        if !output.status.success() {
            return Err(format!(
                "dbus-daemon failed: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            ));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut lines = stdout
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty());
        let bus_address = lines.next().unwrap_or_default().to_string();
        let bus_pid: u32 = lines
            .next()
            .and_then(|pid| pid.parse().ok())
            .ok_or_else(|| format!("dbus-daemon printed no pid: {stdout:?}"))?;

        let log = std::fs::File::create(dir.path().join("gnome-keyring.log"))
            .map_err(|error| format!("cannot create the keyring log: {error}"))?;
        let log_err = log
            .try_clone()
            .map_err(|error| format!("cannot clone the keyring log: {error}"))?;
        let keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus_address)
            .env("HOME", dir.path().join("home"))
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("XDG_RUNTIME_DIR", dir.path().join("run"))
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::piped())
            .stdout(log)
            .stderr(log_err)
            .spawn();
        let mut keyring = match keyring {
            Ok(child) => child,
            Err(error) => {
                kill_pid(bus_pid);
                return Err(format!("cannot start gnome-keyring-daemon: {error}"));
            }
        };
        let mut service = SecretService {
            dir,
            bus_address,
            bus_pid,
            // Moved into the guard at once so that every early return below cleans up.
            keyring: {
                // The login keyring's password: gnome-keyring reads it from stdin until EOF.
                if let Some(mut stdin) = keyring.stdin.take() {
                    let _ = stdin.write_all(b"runnerctl-test-password");
                }
                keyring
            },
        };
        service.wait_until_served()?;
        Ok(service)
    }

    fn wait_until_served(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = self.keyring.try_wait() {
                return Err(format!(
                    "gnome-keyring-daemon exited ({status}): {}",
                    self.log()
                ));
            }
            let answer = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.bus_address)
                .output()
                .map_err(|error| format!("cannot run dbus-send: {error}"))?;
            if String::from_utf8_lossy(&answer.stdout).contains("boolean true") {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "gnome-keyring-daemon did not take org.freedesktop.secrets within 15 s: {}",
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("gnome-keyring.log"))
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// What a child process needs to find this Secret Service and nothing else.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DBUS_SESSION_BUS_ADDRESS", self.bus_address.clone()),
            (
                "XDG_RUNTIME_DIR",
                self.dir.path().join("run").display().to_string(),
            ),
        ]
    }

    pub fn bus_address(&self) -> &str {
        &self.bus_address
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        kill_pid(self.bus_pid);
    }
}

/// A process environment in which no Secret Service can answer: the session bus address
/// points at a socket that does not exist, and `XDG_RUNTIME_DIR` (zbus's fallback) at an
/// empty directory. runnerctl's `os` store then uses the kernel keyring.
pub struct NoSecretService {
    dir: tempfile::TempDir,
}

impl NoSecretService {
    pub fn new() -> NoSecretService {
        NoSecretService {
            dir: tempfile::tempdir().expect("a temp dir"),
        }
    }

    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", self.dir.path().join("no-bus").display()),
            ),
            ("XDG_RUNTIME_DIR", self.dir.path().display().to_string()),
        ]
    }
}

impl Default for NoSecretService {
    fn default() -> Self {
        NoSecretService::new()
    }
}

/// Whether the kernel keyring can be used here: `keyctl` is installed and the kernel (or a
/// container's seccomp profile) lets it create a session keyring and reach the persistent one.
pub fn keyutils_available() -> Result<(), String> {
    have_program("keyctl")?;
    let output = Command::new("keyctl")
        .args(["session", "-", "keyctl", "get_persistent", "@s"])
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run keyctl: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "keyctl cannot use a session and a persistent keyring here: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// `program args…` run in a new, empty session keyring (`keyctl session -`), as a fresh login
/// session would be: what it finds there, it found through the user's persistent keyring.
pub fn in_fresh_session_keyring(program: impl AsRef<Path>) -> Command {
    let mut command = Command::new("keyctl");
    command.args(["session", "-"]).arg(program.as_ref());
    command
}

/// The same for assert_cmd, for checks on the output of the real binary.
pub fn in_fresh_session_keyring_assert(program: impl AsRef<Path>) -> assert_cmd::Command {
    let mut command = assert_cmd::Command::new("keyctl");
    command.args(["session", "-"]).arg(program.as_ref());
    command
}

/// The path of the built `runnerctl` binary.
pub fn runnerctl_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_runnerctl"))
}

fn create_private_dir(path: &Path) -> Result<(), String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(path)
        .map_err(|error| format!("cannot create {}: {error}", path.display()))
}

fn kill_pid(pid: u32) {
    let _ = Command::new("kill")
        .arg(pid.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}
