//! A `.runner` held under the runner's own lock, and saved atomically.
//!
//! Gitea Runner ≥ 3.0 takes a non-blocking `flock(LOCK_EX|LOCK_NB)` on `<runner file>.lock`
//! for as long as its daemon runs (gitea/runner `internal/pkg/lock/lock_unix.go`, called from
//! `internal/app/cmd/daemon.go`), and refuses to start while another process holds it
//! ("another gitea-runner process is already using …"). runnerctl takes the same lock the
//! same way: held, a daemon is running with the file and rewriting it under it would race its
//! own rewrite of the labels; so the load fails at once instead of waiting. forgejo-runner
//! and older act_runner take no lock: for them the lock only keeps runnerctl runs apart.

use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::format::{Registration, RunnerFileKind, render};
use super::parse::{Parsed, parse_bytes};
use crate::locked_file::{
    self, FileLock, LockOptions, LockedFileError, WriteOptions, lock_path, parent_dir,
};

/// The biggest `.runner` read: a real one is well under 4 KiB.
pub const MAX_RUNNER_FILE_SIZE: u64 = 1024 * 1024;

/// How [`RunnerFile::load`] treats a missing directory.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Create the file's directory (0700) when it is missing, for a first registration.
    pub create_dir: bool,
}

/// Something the operator should hear about; the command decides how to say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The path is a symlink; the file read and written is its target.
    SymlinkFollowed { link: PathBuf, target: PathBuf },
    /// The file was readable by group or others (the runners write 0644); it is 0600 now.
    ModeTightened { path: PathBuf, was: u32 },
    /// There was no file; a new one was written.
    Created { path: PathBuf },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::SymlinkFollowed { link, target } => write!(
                f,
                "{} is a symlink; using its target {}",
                link.display(),
                target.display()
            ),
            Notice::ModeTightened { path, was } => write!(
                f,
                "{} was mode {was:04o}, readable by others although it holds the runner's token; it is 0600 now",
                path.display()
            ),
            Notice::Created { path } => write!(f, "created {}", path.display()),
        }
    }
}

/// What can go wrong with a `.runner`, typed so callers (register, doctor) can branch.
#[derive(Debug, thiserror::Error)]
pub enum RunnerFileError {
    /// A process (the runner's daemon) holds the runner's lock: nothing was read or changed.
    #[error(
        "{} is in use by a running runner (it holds {}); nothing was changed",
        path.display(),
        lock_path.display()
    )]
    InUse { path: PathBuf, lock_path: PathBuf },

    #[error(
        "{} is not a .runner the runners read alike, at line {line}, column {column}: {message}. Fix the file by hand; it was left as it is",
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

    #[error("{} is not a regular file ({kind}); it was left as it is", path.display())]
    NotRegularFile { path: PathBuf, kind: &'static str },

    #[error(
        "{} is {size} bytes, more than the {limit} bytes a .runner may have; it was left as it is",
        path.display(),
        limit = MAX_RUNNER_FILE_SIZE
    )]
    TooLarge { path: PathBuf, size: u64 },

    #[error("could not {action} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

impl RunnerFileError {
    fn io(path: &Path, action: &'static str, source: io::Error) -> RunnerFileError {
        RunnerFileError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// The file the error is about.
    pub fn path(&self) -> &Path {
        match self {
            RunnerFileError::InUse { path, .. }
            | RunnerFileError::Unparseable { path, .. }
            | RunnerFileError::NotRegularFile { path, .. }
            | RunnerFileError::TooLarge { path, .. }
            | RunnerFileError::Io { path, .. } => path,
        }
    }
}

/// A `.runner` held under `<file>.lock` for as long as this value lives.
#[derive(Debug)]
pub struct RunnerFile {
    requested: PathBuf,
    target: PathBuf,
    parsed: Option<Parsed>,
    notices: Vec<Notice>,
    /// The owner a new file gets: its directory's, when running as root.
    new_file_owner: Option<(u32, u32)>,
    // Dropping it releases the lock.
    _lock: FileLock,
}

impl RunnerFile {
    /// Takes the runner's lock without waiting (held: [`RunnerFileError::InUse`]) and reads
    /// the file; a missing (or empty) file reads as no registration.
    pub fn load(path: &Path, options: &Options) -> Result<RunnerFile, RunnerFileError> {
        let target = resolve_symlinks(path)?;
        let mut notices = Vec::new();
        if target != path {
            notices.push(Notice::SymlinkFollowed {
                link: path.to_path_buf(),
                target: target.clone(),
            });
        }
        let dir = parent_dir(&target);
        if options.create_dir && !dir.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&dir)
                .map_err(|error| RunnerFileError::io(&dir, "create the directory", error))?;
        }
        // Root writing into the runner's directory must leave files its service user can
        // open: the lock file too, or Gitea Runner starts without its single-process guard.
        let new_file_owner = if effective_uid() == 0 {
            fs::metadata(&dir)
                .ok()
                .map(|metadata| (metadata.uid(), metadata.gid()))
        } else {
            None
        };
        let lock_file = lock_path(&target);
        let lock_options = LockOptions {
            timeout: Duration::ZERO,
            on_wait: None,
            owner: new_file_owner,
        };
        let lock = FileLock::acquire(&lock_file, &lock_options).map_err(|error| match error {
            LockedFileError::LockTimeout { .. } => RunnerFileError::InUse {
                path: target.clone(),
                lock_path: lock_file.clone(),
            },
            other => from_locked(other),
        })?;
        locked_file::remove_stale_temp_files(&target, &[]);
        let parsed = read_parsed(&target)?;
        Ok(RunnerFile {
            requested: path.to_path_buf(),
            target,
            parsed,
            notices,
            new_file_owner,
            _lock: lock,
        })
    }

    /// The path the caller gave.
    pub fn requested_path(&self) -> &Path {
        &self.requested
    }

    /// The file actually read and written (the symlink's target).
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// The file as last read or written; None: no registration.
    pub fn parsed(&self) -> Option<&Parsed> {
        self.parsed.as_ref()
    }

    /// Notices from loading (a followed symlink).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Writes `registration` in `kind`'s layout, after re-reading the file under the lock.
    /// An existing file keeps its WARNING (unless it is the other runner's), its owner, and
    /// is left untouched when it already holds the same registration in the same layout.
    pub fn upsert_registration(
        &mut self,
        registration: &Registration,
        kind: RunnerFileKind,
    ) -> Result<(crate::host_file::Action, Vec<Notice>), RunnerFileError> {
        use crate::host_file::Action;
        let current = read_parsed(&self.target)?;
        let warning = current
            .as_ref()
            .and_then(|parsed| parsed.warning.clone())
            .filter(|warning| {
                RunnerFileKind::from_warning(warning).is_none_or(|named| named == kind)
            });
        if let Some(parsed) = &current {
            let same_layout = (kind == RunnerFileKind::Gitea) == has_ephemeral_key(parsed);
            if same_layout && parsed.registration.same_as(registration) {
                self.parsed = current;
                return Ok((Action::Unchanged, Vec::new()));
            }
        }
        let text = render(registration, kind, warning.as_deref());
        let previous = fs::metadata(&self.target).ok();
        let owner = previous
            .as_ref()
            .map(|metadata| (metadata.uid(), metadata.gid()))
            .or(self.new_file_owner);
        let options = WriteOptions {
            mode: 0o600,
            owner,
            ..WriteOptions::default()
        };
        locked_file::write_atomically(&self.target, text.as_bytes(), &options)
            .map_err(from_locked)?;
        let mut notices = Vec::new();
        match &previous {
            Some(metadata) if metadata.mode() & 0o077 != 0 => {
                notices.push(Notice::ModeTightened {
                    path: self.target.clone(),
                    was: metadata.mode() & 0o777,
                });
            }
            Some(_) => {}
            None => notices.push(Notice::Created {
                path: self.target.clone(),
            }),
        }
        let action = if current.is_some() {
            Action::Updated
        } else {
            Action::Added
        };
        self.parsed = super::parse::parse(&text).ok();
        Ok((action, notices))
    }

    /// Removes the file (re-read under the lock first: one that does not parse is left as it
    /// is). Returns the registration it held; None when there was none.
    pub fn remove_registration(&mut self) -> Result<Option<Parsed>, RunnerFileError> {
        let Some(current) = read_parsed(&self.target)? else {
            // An empty file holds nothing either; it goes too.
            if fs::symlink_metadata(&self.target).is_ok() {
                remove_and_sync(&self.target)?;
            }
            self.parsed = None;
            return Ok(None);
        };
        remove_and_sync(&self.target)?;
        self.parsed = None;
        Ok(Some(current))
    }
}

/// Whether the file had an `ephemeral` key: only Gitea's layout writes one.
fn has_ephemeral_key(parsed: &Parsed) -> bool {
    // The parser reads a present key (even null) as Some.
    parsed.registration.ephemeral.is_some()
}

fn remove_and_sync(target: &Path) -> Result<(), RunnerFileError> {
    fs::remove_file(target).map_err(|error| RunnerFileError::io(target, "remove", error))?;
    log::debug!("removed {}", target.display());
    // Best effort, as after a rename: the removal happened whether or not this lands.
    if let Ok(dir) = File::open(parent_dir(target)) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Reads and parses a `.runner` without locking (doctor, status): None when there is no file
/// or it is empty. A symlink is followed.
pub fn read_unlocked(path: &Path) -> Result<Option<Parsed>, RunnerFileError> {
    read_parsed(path)
}

/// Whether a process (the runner's daemon, or another runnerctl) holds `<path>.lock` now.
///
/// Read from `/proc/locks` so that asking takes no lock: taking one, even for a moment, could
/// make a daemon starting at that moment refuse to run. Where `/proc/locks` cannot be read,
/// a lock is tried and dropped at once.
pub fn lock_is_held(path: &Path) -> bool {
    let lock_file = lock_path(&resolve_symlinks(path).unwrap_or_else(|_| path.to_path_buf()));
    let Ok(file) = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(&lock_file)
    else {
        return false;
    };
    let Ok(metadata) = file.metadata() else {
        return false;
    };
    if !metadata.file_type().is_file() {
        return false;
    }
    match fs::read_to_string("/proc/locks") {
        Ok(locks) => flock_listed(&locks, metadata.ino()),
        Err(_) => match file.try_lock() {
            Ok(()) => false,
            Err(fs::TryLockError::WouldBlock) => true,
            Err(fs::TryLockError::Error(_)) => false,
        },
    }
}

/// Whether `/proc/locks` lists a granted flock on inode `inode` (`1: FLOCK  ADVISORY  WRITE
/// <pid> <maj>:<min>:<inode> 0 EOF`; waiters' lines have `->`). Matched on the inode alone:
/// the device numbers there are the superblock's, which differ from `st_dev` on btrfs.
fn flock_listed(locks: &str, inode: u64) -> bool {
    locks.lines().any(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        fields.get(1) == Some(&"FLOCK")
            && fields.get(5).and_then(|id| id.rsplit(':').next()) == Some(&*inode.to_string())
    })
}

fn read_parsed(path: &Path) -> Result<Option<Parsed>, RunnerFileError> {
    let Some(bytes) = read_bytes(path)? else {
        return Ok(None);
    };
    if bytes.is_empty() {
        return Ok(None);
    }
    parse_bytes(&bytes)
        .map(Some)
        .map_err(|error| RunnerFileError::Unparseable {
            path: path.to_path_buf(),
            line: error.line,
            column: error.column,
            message: error.message,
        })
}

/// The file's bytes, or None if there is none. Never blocks on a FIFO and reads at most
/// [`MAX_RUNNER_FILE_SIZE`] bytes.
fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>, RunnerFileError> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(RunnerFileError::io(path, "read", error)),
    };
    check_regular(path, &metadata)?;
    // O_NONBLOCK: should the path become a FIFO between the check and the open, the open
    // still returns at once.
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|error| RunnerFileError::io(path, "read", error))?;
    let metadata = file
        .metadata()
        .map_err(|error| RunnerFileError::io(path, "read", error))?;
    check_regular(path, &metadata)?;
    let mut bytes = Vec::new();
    (&mut file)
        .take(MAX_RUNNER_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| RunnerFileError::io(path, "read", error))?;
    if bytes.len() as u64 > MAX_RUNNER_FILE_SIZE {
        return Err(RunnerFileError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    Ok(Some(bytes))
}

fn check_regular(path: &Path, metadata: &Metadata) -> Result<(), RunnerFileError> {
    if let Some(kind) = crate::regular_file::non_regular_kind(metadata) {
        return Err(RunnerFileError::NotRegularFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    if metadata.len() > MAX_RUNNER_FILE_SIZE {
        return Err(RunnerFileError::TooLarge {
            path: path.to_path_buf(),
            size: metadata.len(),
        });
    }
    Ok(())
}

/// Follows symlinks (relative ones from their own directory) to the file itself, as
/// config.toml's engine does; a dangling link resolves to where its target would be.
fn resolve_symlinks(path: &Path) -> Result<PathBuf, RunnerFileError> {
    let mut current = path.to_path_buf();
    // The kernel's own limit on symlink chains (MAXSYMLINKS).
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&current)
                    .map_err(|error| RunnerFileError::io(&current, "read the symlink", error))?;
                current = if link.is_absolute() {
                    link
                } else {
                    parent_dir(&current).join(link)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(RunnerFileError::io(
        path,
        "resolve",
        io::Error::other("too many levels of symbolic links"),
    ))
}

fn from_locked(error: LockedFileError) -> RunnerFileError {
    match error {
        LockedFileError::BadLockFile { path, refusal } => RunnerFileError::NotRegularFile {
            path,
            kind: refusal.kind(),
        },
        // Only the lock times out, and `load` turns that into InUse with both paths first.
        LockedFileError::LockTimeout { path, .. } => RunnerFileError::InUse {
            lock_path: path.clone(),
            path,
        },
        LockedFileError::Io {
            path,
            action,
            source,
        } => RunnerFileError::Io {
            path,
            action,
            source,
        },
    }
}

/// The user running this process.
fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proc_locks_lines_are_matched_on_the_inode_of_granted_flocks() {
        let locks = "1: FLOCK  ADVISORY  WRITE 4242 00:2a:1234 0 EOF\n\
                     1: -> FLOCK  ADVISORY  WRITE 4343 00:2a:999 0 EOF\n\
                     2: POSIX  ADVISORY  WRITE 77 08:01:555 0 EOF\n";
        assert!(flock_listed(locks, 1234));
        assert!(!flock_listed(locks, 999), "a waiter holds nothing");
        assert!(
            !flock_listed(locks, 555),
            "a POSIX lock is not the runner's"
        );
        assert!(!flock_listed(locks, 123));
    }
}
