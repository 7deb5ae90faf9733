//! Reading the log from the journal, a file or a container, bounded in lines, bytes and time.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{LogLine, LogSource, journal};

/// How much of the log is read, and for how long at most.
#[derive(Debug, Clone, Copy)]
pub struct ReadLimits {
    /// Lines older than this are not read.
    pub since: Duration,
    /// At most this many of the newest lines.
    pub max_lines: usize,
    /// The whole read ends by then: a `journalctl` or `docker` still running is killed.
    pub timeout: Duration,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            since: Duration::from_secs(24 * 3600),
            max_lines: 5000,
            timeout: Duration::from_secs(5),
        }
    }
}

/// A file log is read from its end, this much at most.
const FILE_TAIL_BYTES: u64 = 4 * 1024 * 1024;
/// What a child may print before the rest is dropped.
const OUTPUT_LIMIT: usize = 16 * 1024 * 1024;

/// What was read, and whether it is only part of what the source holds.
#[derive(Debug, Clone, Default)]
pub struct LogRead {
    pub lines: Vec<LogLine>,
    /// Set when the source showed only part of the log (journalctl's hint that this user
    /// sees only its own messages).
    pub partial: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{program} is not installed on this machine")]
    NotInstalled { program: &'static str },
    #[error("this user may not read {what}: {detail}")]
    Denied { what: String, detail: String },
    #[error("reading {what} took longer than {} s; it was stopped", .seconds)]
    TimedOut { what: String, seconds: u64 },
    #[error("{what} failed: {detail}")]
    Failed { what: String, detail: String },
    #[error("{} cannot be read: {source}", .path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Reads `source` within `limits`.
pub fn read(source: &LogSource, limits: ReadLimits) -> Result<LogRead, ReadError> {
    match source {
        LogSource::Journal { units } => read_journal(units, limits),
        LogSource::File(path) => read_file(path, limits),
        LogSource::Docker(name) => read_docker(name, limits),
    }
}

fn read_journal(units: &[String], limits: ReadLimits) -> Result<LogRead, ReadError> {
    let mut command = crate::child::command("journalctl");
    for unit in units {
        command.args(["-u", unit]);
    }
    command.args([
        &format!("--since=-{}s", limits.since.as_secs()),
        &format!("--lines={}", limits.max_lines),
        "--output=json",
        "--no-pager",
        "--quiet",
    ]);
    let what = format!("the journal of {}", units.join(", "));
    let output = run(&mut command, "journalctl", &what, limits)?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    // journalctl's own words (src/journal/journalctl.c): without read access to the system
    // journal it says so and shows nothing, or shows only this user's messages with a hint.
    if stderr.contains("insufficient permissions") || stderr.contains("Permission denied") {
        return Err(ReadError::Denied {
            what,
            detail: first_line(&stderr),
        });
    }
    if !output.status.success() && output.stdout.is_empty() {
        return Err(ReadError::Failed {
            what,
            detail: first_line(&stderr),
        });
    }
    let partial = stderr
        .contains("not seeing messages from other users and the system")
        .then(|| {
            "this user sees only its own journal messages (root, or the systemd-journal group, sees the runner's)"
                .to_string()
        });
    let mut lines = journal::parse(&String::from_utf8_lossy(&output.stdout));
    keep_newest(&mut lines, limits.max_lines);
    Ok(LogRead { lines, partial })
}

fn read_file(path: &std::path::Path, limits: ReadLimits) -> Result<LogRead, ReadError> {
    let bytes = crate::regular_file::read_tail(path, FILE_TAIL_BYTES).map_err(|source| {
        ReadError::File {
            path: path.to_path_buf(),
            source,
        }
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let mut lines: Vec<LogLine> = text.lines().map(timed_line).collect();
    // The first line of a tail may be cut in the middle.
    if bytes.len() as u64 == FILE_TAIL_BYTES && !lines.is_empty() {
        lines.remove(0);
    }
    drop_older(&mut lines, limits.since);
    keep_newest(&mut lines, limits.max_lines);
    Ok(LogRead {
        lines,
        partial: None,
    })
}

fn read_docker(name: &str, limits: ReadLimits) -> Result<LogRead, ReadError> {
    let mut command = crate::child::command("docker");
    command.args([
        "logs",
        "--timestamps",
        &format!("--since={}s", limits.since.as_secs()),
        &format!("--tail={}", limits.max_lines),
        "--",
        name,
    ]);
    let what = format!("docker logs {name}");
    let output = run(&mut command, "docker", &what, limits)?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let detail = first_line(&stderr);
        return Err(if detail.contains("permission denied") {
            ReadError::Denied { what, detail }
        } else {
            ReadError::Failed { what, detail }
        });
    }
    // The container's stdout and stderr come back on docker's; their timestamps merge them.
    let mut lines: Vec<LogLine> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&output.stderr).lines())
        .map(timed_line)
        .collect();
    lines.sort_by_key(|line| line.at);
    keep_newest(&mut lines, limits.max_lines);
    Ok(LogRead {
        lines,
        partial: None,
    })
}

fn run(
    command: &mut std::process::Command,
    program: &'static str,
    what: &str,
    limits: ReadLimits,
) -> Result<std::process::Output, ReadError> {
    let started = std::time::Instant::now();
    let output =
        crate::child::output_within(command, limits.timeout, OUTPUT_LIMIT).map_err(|error| {
            match error.kind() {
                std::io::ErrorKind::NotFound => ReadError::NotInstalled { program },
                _ => ReadError::Failed {
                    what: what.to_string(),
                    detail: error.to_string(),
                },
            }
        })?;
    log::debug!("read {what} in {} ms", started.elapsed().as_millis());
    output.ok_or_else(|| ReadError::TimedOut {
        what: what.to_string(),
        seconds: limits.timeout.as_secs(),
    })
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("no message")
        .to_string()
}

fn keep_newest(lines: &mut Vec<LogLine>, max: usize) {
    if lines.len() > max {
        lines.drain(..lines.len() - max);
    }
}

fn drop_older(lines: &mut Vec<LogLine>, since: Duration) {
    let Ok(since) = chrono::Duration::from_std(since) else {
        return;
    };
    let oldest = Utc::now() - since;
    lines.retain(|line| line.at.is_none_or(|at| at >= oldest));
}

/// A line with the time it starts with (RFC 3339, as `docker logs --timestamps` and many
/// loggers write it) or logrus's `time="…"` field, and the rest of the text.
fn timed_line(line: &str) -> LogLine {
    if let Some((first, rest)) = line.split_once(' ')
        && let Ok(at) = DateTime::parse_from_rfc3339(first)
    {
        return LogLine {
            at: Some(at.with_timezone(&Utc)),
            text: rest.to_string(),
        };
    }
    let at = super::signatures::field(line, "time")
        .and_then(|time| DateTime::parse_from_rfc3339(&time).ok())
        .map(|at| at.with_timezone(&Utc));
    LogLine {
        at,
        text: line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_from_docker_prefixes_and_logrus_fields() {
        let line =
            timed_line("2026-12-05T10:00:00.123456789Z ERROR: Checking for jobs... forbidden");
        assert_eq!(line.text, "ERROR: Checking for jobs... forbidden");
        assert_eq!(line.at.map(|at| at.timestamp()), Some(1_796_464_800));
        let line = timed_line(r#"time="2026-12-05T10:00:00Z" level=error msg="x""#);
        assert!(line.at.is_some());
        let line = timed_line("plain words");
        assert_eq!((line.at, line.text.as_str()), (None, "plain words"));
    }

    #[test]
    fn a_file_log_keeps_the_newest_lines_and_none_older_than_the_window() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runner.log");
        let old = (Utc::now() - chrono::Duration::days(3)).to_rfc3339();
        let new = Utc::now().to_rfc3339();
        std::fs::write(
            &path,
            format!("{old} old\n{new} one\n{new} two\n{new} three\n"),
        )
        .unwrap();
        let limits = ReadLimits {
            max_lines: 2,
            ..ReadLimits::default()
        };
        let read = read_file(&path, limits).unwrap();
        let texts: Vec<&str> = read.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["two", "three"]);
        // A directory is refused, not read.
        assert!(matches!(
            read_file(dir.path(), limits),
            Err(ReadError::File { .. })
        ));
    }
}
