//! What can go wrong with a config.toml, typed so that callers (register, doctor) can branch.

use std::io;
use std::path::{Path, PathBuf};

/// The biggest config.toml we read. gitlab-runner has no limit, but a file this size is not a
/// config someone wrote; reading it whole would only waste memory.
pub const MAX_CONFIG_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{} does not exist", path.display())]
    NotFound { path: PathBuf },

    #[error(
        "{} is not valid TOML at line {line}, column {column}: {message}. Fix the file by hand; it was left as it is",
        path.display()
    )]
    Unparseable {
        path: PathBuf,
        /// 1-based.
        line: usize,
        /// 1-based, counted in characters.
        column: usize,
        message: String,
    },

    #[error(
        "{} would be refused by gitlab-runner: `{key}` must be {expected}, found {found}. Fix the file by hand; it was left as it is",
        path.display()
    )]
    Invalid {
        path: PathBuf,
        /// Dotted, with the runner index: `runners[0].docker.privileged`.
        key: String,
        expected: String,
        found: String,
    },

    #[error("{} is not a regular file ({kind}); it was left as it is", path.display())]
    NotRegularFile { path: PathBuf, kind: &'static str },

    #[error(
        "{} is {size} bytes, more than the {limit} bytes a config.toml may have; it was left as it is",
        path.display(),
        limit = MAX_CONFIG_SIZE
    )]
    TooLarge { path: PathBuf, size: u64 },

    #[error("could not {action} {}: permission denied; {advice}", path.display())]
    PermissionDenied {
        path: PathBuf,
        action: &'static str,
        /// Who could do it, worked out from the path's owner and mode when the error happened.
        advice: String,
        #[source]
        source: io::Error,
    },

    #[error(
        "{} {problem}; refusing to edit it (another user could read or change what runnerctl writes)",
        path.display()
    )]
    OtherOwner {
        path: PathBuf,
        problem: String,
        /// What would make it editable: run as the owner, or take the write bit away (the
        /// command layer's hint, with the flag that accepts it as it is).
        fix: String,
    },

    #[error(
        "{} is still held by {} after {} s; nothing was changed",
        path.display(),
        super::file::holder(*pid),
        waited.as_secs()
    )]
    LockTimeout {
        path: PathBuf,
        pid: Option<u32>,
        waited: std::time::Duration,
    },

    #[error(
        "the edit would make {} {size} bytes, more than the {limit} bytes a config.toml may have; nothing was written",
        path.display(),
        limit = MAX_CONFIG_SIZE
    )]
    EditTooLarge { path: PathBuf, size: u64 },

    #[error("could not {action} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },

    /// A domain rule refused the edit (no such entry, a template without exactly one runner…).
    #[error("{}: {message}", path.display())]
    Refused { path: PathBuf, message: String },

    /// A new entry with no executor given and none in the template.
    #[error("{}: a new entry needs an executor", path.display())]
    NoExecutor { path: PathBuf },
}

impl ConfigError {
    /// Turns an I/O error into NotFound / PermissionDenied / Io, so callers need not look
    /// inside `io::Error`.
    pub(crate) fn io(path: &Path, action: &'static str, source: io::Error) -> Self {
        let path = path.to_path_buf();
        match source.kind() {
            io::ErrorKind::NotFound => ConfigError::NotFound { path },
            io::ErrorKind::PermissionDenied => ConfigError::PermissionDenied {
                advice: permission_advice(&path),
                path,
                action,
                source,
            },
            _ => ConfigError::Io {
                path,
                action,
                source,
            },
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            ConfigError::NotFound { path }
            | ConfigError::Unparseable { path, .. }
            | ConfigError::Invalid { path, .. }
            | ConfigError::NotRegularFile { path, .. }
            | ConfigError::TooLarge { path, .. }
            | ConfigError::PermissionDenied { path, .. }
            | ConfigError::Io { path, .. }
            | ConfigError::OtherOwner { path, .. }
            | ConfigError::LockTimeout { path, .. }
            | ConfigError::EditTooLarge { path, .. }
            | ConfigError::Refused { path, .. }
            | ConfigError::NoExecutor { path } => path,
        }
    }
}

/// Who can do what was just refused on `path` (or, when it does not exist, on the nearest
/// directory above it): the advice must be true for this file, not a guess.
fn permission_advice(path: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if me == 0 {
        return "root was refused too, so the file is immutable (see lsattr) or on a mount that refuses writes".to_string();
    }
    let metadata = path
        .ancestors()
        .find_map(|ancestor| std::fs::metadata(ancestor).ok().map(|m| (ancestor, m)));
    let Some((at, metadata)) = metadata else {
        return "run as root".to_string();
    };
    let owner = super::file::user_name(metadata.uid());
    if metadata.uid() == me {
        format!(
            "{} is yours, but its mode {:04o} does not let you; fix its mode (chmod u+rw{}) or run as root",
            at.display(),
            metadata.mode() & 0o7777,
            if metadata.is_dir() { "x" } else { "" }
        )
    } else if metadata.uid() == 0 {
        format!("{} belongs to root: run as root", at.display())
    } else {
        format!(
            "{} belongs to {owner}: run as {owner} or root",
            at.display()
        )
    }
}
