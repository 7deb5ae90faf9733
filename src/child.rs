//! Every process runnerctl starts (`systemctl`, `gitlab-runner`, …) is built here, so none of
//! them inherits a secret from runnerctl's environment: an operator's `GITLAB_TOKEN` has no
//! business in a service manager's environment, from where a unit or a hook could log it.

use std::ffi::OsStr;
use std::process::Command;

/// Words that mark a variable as secret, matched anywhere in the name and in any case
/// (`GITLAB_TOKEN`, `CI_JOB_TOKEN`, `FOO_SECRET`, `my_password`, `X_PRIVATE_KEY`).
const SECRET_WORDS: [&str; 4] = ["TOKEN", "SECRET", "PASSWORD", "PRIVATE_KEY"];

/// Whether a variable of this name may hold a secret.
pub fn is_secret_variable(name: &OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_uppercase();
    SECRET_WORDS.iter().any(|word| name.contains(word))
}

/// `program` with runnerctl's environment minus every secret variable.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    for (name, _) in std::env::vars_os() {
        if is_secret_variable(&name) {
            command.env_remove(&name);
        }
    }
    command
}

/// Runs `command` with its output captured, for at most `timeout`: a child still running then
/// is killed and `Ok(None)` returned, so a hung `journalctl` or `docker` cannot hold the
/// caller. Each stream keeps at most `limit` bytes (the rest is read and dropped, so the child
/// never blocks on a full pipe).
pub fn output_within(
    command: &mut Command,
    timeout: std::time::Duration,
    limit: usize,
) -> std::io::Result<Option<std::process::Output>> {
    use std::io::Read;
    use std::process::Stdio;

    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let drain = |stream: Option<Box<dyn Read + Send>>| {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            if let Some(mut stream) = stream {
                let mut buffer = [0u8; 8192];
                while let Ok(read) = stream.read(&mut buffer) {
                    if read == 0 {
                        break;
                    }
                    let room = limit.saturating_sub(kept.len());
                    kept.extend_from_slice(&buffer[..read.min(room)]);
                }
            }
            let _ = sender.send(kept);
        });
        receiver
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let deadline = std::time::Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if std::time::Instant::now() >= deadline {
            // The child may have exited meanwhile; either way it is reaped below.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let Some(status) = status else {
        // Its pipes may be held open by a grandchild: do not wait for the readers.
        return Ok(None);
    };
    // A grandchild may hold the pipes open after the child exits: wait only until the deadline.
    let remaining = || {
        deadline
            .saturating_duration_since(std::time::Instant::now())
            .max(std::time::Duration::from_millis(100))
    };
    let stdout = stdout.recv_timeout(remaining()).unwrap_or_default();
    let stderr = stderr.recv_timeout(remaining()).unwrap_or_default();
    Ok(Some(std::process::Output {
        status,
        stdout,
        stderr,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_words_match_anywhere_in_any_case() {
        for name in [
            "GITLAB_TOKEN",
            "token",
            "CI_JOB_TOKEN",
            "FOO_SECRET",
            "my_password",
            "X_PRIVATE_KEY",
            "private_key_file",
            "AWS_SECRET_ACCESS_KEY",
        ] {
            assert!(is_secret_variable(OsStr::new(name)), "{name}");
        }
        for name in ["PATH", "HOME", "GITLAB_URL", "PRIVATE", "KEY", "LANG"] {
            assert!(!is_secret_variable(OsStr::new(name)), "{name}");
        }
    }
}
