//! Replacing a file that holds secrets, safely against other writers and crashes: the one
//! lock and the one atomic write behind config.toml, the file secret store, runnerctl's own
//! settings and `.runner_system_id`.
//!
//! A writer takes an exclusive lock on `<file>.lock` ([`FileLock::acquire`]), reads the file,
//! and replaces it with [`write_atomically`]: a temporary file in the same directory, written,
//! flushed, given its mode and owner, renamed over the file, and the directory flushed. A
//! crash leaves the old file or the new one; concurrent writers all land. Readers need no
//! lock: a rename never shows them half a file.
//!
//! The lock lives in its own file because the data file is replaced by every write: a lock on
//! it would guard an inode nobody reads any more. The lock file is never removed (removing it
//! lets two processes lock two different files), never followed through a symlink and never
//! anything but a regular file with one link, so a planted `x.lock -> /etc/nologin` is neither
//! created nor truncated nor handed to another user.

use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::os::unix::fs::{FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What went wrong, on which path. Callers turn it into their own error, keeping its parts.
#[derive(Debug, thiserror::Error)]
pub enum LockedFileError {
    /// The lock file is a symlink, a hard link or not a regular file; nothing was done to it.
    #[error("{} is {}", path.display(), refusal.kind())]
    BadLockFile { path: PathBuf, refusal: LockRefusal },

    /// Another process held the lock for the whole timeout.
    #[error(
        "{} is still held by {} after {} s",
        path.display(),
        holder(*pid),
        waited.as_secs()
    )]
    LockTimeout {
        path: PathBuf,
        /// The holder's pid, when it wrote one and still runs.
        pid: Option<u32>,
        waited: Duration,
    },

    /// A system call failed; `action` says what this was trying to do to `path`.
    #[error("could not {action} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

impl LockedFileError {
    fn io(path: &Path, action: &'static str, source: io::Error) -> LockedFileError {
        LockedFileError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }
}

/// Why a lock file was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockRefusal {
    Symlink,
    HardLink,
    /// A directory, FIFO, socket or device, in [`crate::regular_file::non_regular_kind`]'s words.
    NotRegular(&'static str),
}

impl LockRefusal {
    /// What the lock file is, as a phrase after "it is" / "(…)".
    pub fn kind(self) -> &'static str {
        match self {
            LockRefusal::Symlink => "a symlink, which the lock file must never be; remove it",
            LockRefusal::HardLink => {
                "a hard link to another file, which the lock file must never be; remove it"
            }
            LockRefusal::NotRegular(kind) => kind,
        }
    }
}

/// Another process holds a lock; this run waits for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockWait {
    pub lock: PathBuf,
    /// The holder's pid, when it wrote one (runnerctl does) and still runs.
    pub pid: Option<u32>,
    pub timeout: Duration,
}

impl fmt::Display for LockWait {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is held by {}; waiting up to {} s for it",
            self.lock.display(),
            holder(self.pid),
            self.timeout.as_secs()
        )
    }
}

/// "another process (pid N)", the holder of a lock as messages name it.
pub fn holder(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("another process (pid {pid})"),
        None => "another process (pid unknown)".to_string(),
    }
}

/// How [`FileLock::acquire`] waits and whose lock file it leaves.
#[derive(Debug, Clone, Copy)]
pub struct LockOptions {
    /// How long to wait for another process's lock ([`Duration::MAX`]: as long as it takes).
    pub timeout: Duration,
    /// Told once, within a second, that another process holds the lock (this module never
    /// prints).
    pub on_wait: Option<fn(&LockWait)>,
    /// Give the lock file to this (uid, gid), so that its owner can still take the lock after
    /// root did.
    pub owner: Option<(u32, u32)>,
}

impl Default for LockOptions {
    fn default() -> Self {
        LockOptions {
            timeout: Duration::from_secs(60),
            on_wait: None,
            owner: None,
        }
    }
}

/// `<file>.lock` beside `target`.
pub fn lock_path(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".lock");
    target.with_file_name(name)
}

/// An exclusive lock, held for as long as this value lives, with this process's pid in the
/// lock file so that a waiting run can name the holder.
#[derive(Debug)]
pub struct FileLock {
    file: File,
}

impl Drop for FileLock {
    fn drop(&mut self) {
        // The pid goes before the lock does; a killed run leaves a pid that is checked for
        // being alive before it is shown.
        let _ = self.file.set_len(0);
    }
}

const LOCK_ANNOUNCE_AFTER: Duration = Duration::from_millis(300);
const LOCK_POLL: Duration = Duration::from_millis(50);

impl FileLock {
    /// Opens the lock file at `path` (created 0600 if missing) without following a symlink,
    /// refuses anything but a regular file with one link, and locks it.
    pub fn acquire(path: &Path, options: &LockOptions) -> Result<FileLock, LockedFileError> {
        let refused = |refusal| LockedFileError::BadLockFile {
            path: path.to_path_buf(),
            refusal,
        };
        // O_NONBLOCK: a FIFO planted here opens at once instead of waiting for a writer.
        let file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(path)
            .map_err(|error| match error.raw_os_error() {
                Some(libc::ELOOP) => refused(LockRefusal::Symlink),
                _ => LockedFileError::io(path, "create the lock file", error),
            })?;
        let metadata = file
            .metadata()
            .map_err(|error| LockedFileError::io(path, "read", error))?;
        if let Some(kind) = crate::regular_file::non_regular_kind(&metadata) {
            return Err(refused(LockRefusal::NotRegular(kind)));
        }
        if metadata.nlink() > 1 {
            // A link planted to another file: locking it is harmless, giving it to another
            // owner below would hand them that file.
            return Err(refused(LockRefusal::HardLink));
        }
        if let Some(owner) = options.owner {
            give_to(&file, path, owner)
                .map_err(|error| LockedFileError::io(path, "chown", error))?;
        }
        let started = Instant::now();
        let mut announced = false;
        loop {
            match file.try_lock() {
                Ok(()) => break,
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(error)) => {
                    return Err(LockedFileError::io(path, "lock", error));
                }
            }
            let waited = started.elapsed();
            if waited >= options.timeout {
                return Err(LockedFileError::LockTimeout {
                    path: path.to_path_buf(),
                    pid: lock_holder(&file),
                    waited: options.timeout,
                });
            }
            // A lock held for a moment (another runnerctl finishing) is not worth a line; one
            // held longer is announced well within a second.
            if !announced && waited >= LOCK_ANNOUNCE_AFTER {
                announced = true;
                if let Some(tell) = options.on_wait {
                    tell(&LockWait {
                        lock: path.to_path_buf(),
                        pid: lock_holder(&file),
                        timeout: options.timeout,
                    });
                }
            }
            let left = options.timeout.saturating_sub(waited);
            std::thread::sleep(LOCK_POLL.min(left).max(Duration::from_millis(1)));
        }
        // Our pid, for whoever waits next. A lock file that cannot hold it still locks.
        let pid = format!("{}\n", std::process::id());
        let _ = file
            .set_len(0)
            .and_then(|()| file.write_all_at(pid.as_bytes(), 0));
        log::debug!(
            "locked {} ({} ms)",
            path.display(),
            started.elapsed().as_millis()
        );
        Ok(FileLock { file })
    }
}

/// The pid the holder wrote into the lock file, if that process still exists.
fn lock_holder(file: &File) -> Option<u32> {
    let mut buffer = [0u8; 32];
    let read = file.read_at(&mut buffer, 0).ok()?;
    let text = std::str::from_utf8(buffer.get(..read)?).ok()?;
    let pid: u32 = text.trim().parse().ok()?;
    let raw = libc::pid_t::try_from(pid).ok().filter(|pid| *pid > 0)?;
    // SAFETY: kill with signal 0 only checks that the process exists; it sends nothing.
    let alive = unsafe { libc::kill(raw, 0) } == 0
        || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
    alive.then_some(pid)
}

/// Hands a file this process created to `owner` (uid, gid), when it is not theirs already.
pub fn give_to(file: &File, path: &Path, owner: (u32, u32)) -> io::Result<()> {
    let current = file.metadata()?;
    if (current.uid(), current.gid()) != owner {
        std::os::unix::fs::fchown(file, Some(owner.0), Some(owner.1)).map_err(|error| {
            io::Error::new(
                error.kind(),
                format!("{error} (giving {} to uid {})", path.display(), owner.0),
            )
        })?;
    }
    Ok(())
}

/// Whether a failure to flush the directory after the rename is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirSync {
    /// The caller reports it: the new file may not survive a power cut.
    Required,
    /// Ignored: some filesystems refuse to sync a directory, the data itself is synced, and
    /// the caller must not report a write that happened as failed.
    BestEffort,
}

/// How [`write_atomically`] leaves the file.
#[derive(Debug, Clone, Copy)]
pub struct WriteOptions {
    /// The file's mode, whatever the umask.
    pub mode: u32,
    /// Give the new file to this (uid, gid): the service may run as the old file's owner, and
    /// a file it cannot read would stop it.
    pub owner: Option<(u32, u32)>,
    /// False: never replace an existing file; a file already there is an `Io` error of kind
    /// `AlreadyExists` (and the temporary file is removed).
    pub replace: bool,
    pub dir_sync: DirSync,
    /// Called at each named stage of the write (`after_temp_write`, `after_fsync`,
    /// `before_rename`, `after_rename`), for tests that crash the process there.
    pub at_stage: Option<fn(&'static str)>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            mode: 0o600,
            owner: None,
            replace: true,
            dir_sync: DirSync::Required,
            at_stage: None,
        }
    }
}

/// The directory a file lives in ("." for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `.<name>.` and `.tmp`: what every temporary copy of `target` starts and ends with.
fn temp_affixes(target: &Path) -> (String, &'static str) {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    (format!(".{name}."), ".tmp")
}

/// Replaces `target` with `bytes`: temporary file in the same directory (created 0600, so no
/// one else ever reads it), write, fsync, mode, owner, rename, fsync the directory. On any
/// failure the temporary file is removed and `target` is as it was.
pub fn write_atomically(
    target: &Path,
    bytes: &[u8],
    options: &WriteOptions,
) -> Result<(), LockedFileError> {
    write_atomically_timed(target, bytes, options).map(|_| ())
}

/// [`write_atomically`], returning how long its two fsyncs (the file's and the directory's)
/// took: the part of a save that the disk, not this process, decides.
#[doc(hidden)]
pub fn write_atomically_timed(
    target: &Path,
    bytes: &[u8],
    options: &WriteOptions,
) -> Result<Duration, LockedFileError> {
    let stage = |name| {
        if let Some(at_stage) = options.at_stage {
            at_stage(name);
        }
    };
    let dir = parent_dir(target);
    let (prefix, suffix) = temp_affixes(target);
    // Dropping `temp` before the rename removes it.
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(suffix)
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(&dir)
        .map_err(|error| LockedFileError::io(&dir, "create a temporary file in", error))?;
    temp.write_all(bytes)
        .map_err(|error| LockedFileError::io(temp.path(), "write", error))?;
    stage("after_temp_write");
    let fsync_started = Instant::now();
    temp.as_file()
        .sync_all()
        .map_err(|error| LockedFileError::io(temp.path(), "flush", error))?;
    let mut fsyncs = fsync_started.elapsed();
    stage("after_fsync");
    // The umask may have narrowed the mode further.
    temp.as_file()
        .set_permissions(fs::Permissions::from_mode(options.mode))
        .map_err(|error| LockedFileError::io(temp.path(), "set the mode of", error))?;
    if let Some(owner) = options.owner {
        give_to(temp.as_file(), temp.path(), owner)
            .map_err(|error| LockedFileError::io(target, "keep the owner of", error))?;
    }
    stage("before_rename");
    if options.replace {
        temp.persist(target)
            .map_err(|error| LockedFileError::io(target, "replace", error.error))?;
    } else {
        temp.persist_noclobber(target)
            .map_err(|error| LockedFileError::io(target, "create", error.error))?;
    }
    stage("after_rename");
    log::debug!(
        "wrote {} ({} bytes, renamed into place)",
        target.display(),
        bytes.len()
    );
    let synced = File::open(&dir).and_then(|handle| {
        let fsync_started = Instant::now();
        let synced = handle.sync_all();
        fsyncs += fsync_started.elapsed();
        synced
    });
    match (synced, options.dir_sync) {
        (Err(error), DirSync::Required) => {
            Err(LockedFileError::io(&dir, "flush the directory of", error))
        }
        _ => Ok(fsyncs),
    }
}

/// Removes the temporary copies of `target` (`.<name>.*.tmp`) that a killed or crashed run
/// left beside it, each a full copy of what it holds, and any file in its directory whose
/// name starts with one of `also_prefixes`. Call it under the lock: then no other runnerctl
/// is writing one, so all are stale. Failing to remove one is harmless.
pub fn remove_stale_temp_files(target: &Path, also_prefixes: &[&str]) {
    let (prefix, suffix) = temp_affixes(target);
    let Ok(entries) = fs::read_dir(parent_dir(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_ours = (name.starts_with(&prefix) && name.ends_with(suffix))
            || also_prefixes.iter().any(|other| name.starts_with(other));
        if is_ours && entry.file_type().is_ok_and(|kind| kind.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mode(path: &Path) -> u32 {
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn lock_path_is_beside_the_file() {
        assert_eq!(
            lock_path(Path::new("/etc/gitlab-runner/config.toml")),
            Path::new("/etc/gitlab-runner/config.toml.lock")
        );
    }

    #[test]
    fn lock_refuses_a_symlink_and_never_creates_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nologin");
        let lock = dir.path().join("x.lock");
        std::os::unix::fs::symlink(&target, &lock).unwrap();
        let error = FileLock::acquire(&lock, &LockOptions::default()).unwrap_err();
        assert!(
            matches!(
                error,
                LockedFileError::BadLockFile {
                    refusal: LockRefusal::Symlink,
                    ..
                }
            ),
            "{error:?}"
        );
        assert!(error.to_string().contains("symlink"), "{error}");
        assert!(!target.exists());
    }

    #[test]
    fn lock_refuses_a_hard_link() {
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other");
        fs::write(&other, "keep").unwrap();
        let lock = dir.path().join("x.lock");
        fs::hard_link(&other, &lock).unwrap();
        let error = FileLock::acquire(&lock, &LockOptions::default()).unwrap_err();
        assert!(
            matches!(
                error,
                LockedFileError::BadLockFile {
                    refusal: LockRefusal::HardLink,
                    ..
                }
            ),
            "{error:?}"
        );
        assert_eq!(fs::read_to_string(&other).unwrap(), "keep");
    }

    #[test]
    fn lock_refuses_a_fifo_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("x.lock");
        let name = std::ffi::CString::new(lock.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let error = FileLock::acquire(&lock, &LockOptions::default()).unwrap_err();
        assert!(
            matches!(
                error,
                LockedFileError::BadLockFile {
                    refusal: LockRefusal::NotRegular("a FIFO"),
                    ..
                }
            ),
            "{error:?}"
        );
    }

    #[test]
    fn lock_is_0600_holds_the_pid_and_times_out_naming_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let lock = dir.path().join("x.lock");
        let held = FileLock::acquire(&lock, &LockOptions::default()).unwrap();
        assert_eq!(mode(&lock), 0o600);
        assert_eq!(
            fs::read_to_string(&lock).unwrap().trim(),
            std::process::id().to_string()
        );
        static TOLD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        let options = LockOptions {
            timeout: Duration::from_millis(400),
            on_wait: Some(|_| TOLD.store(true, std::sync::atomic::Ordering::SeqCst)),
            owner: None,
        };
        // flock locks belong to the open file description: a second open from this
        // process waits like another process would.
        let error = FileLock::acquire(&lock, &options).unwrap_err();
        match error {
            LockedFileError::LockTimeout { pid, .. } => assert_eq!(pid, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
        assert!(TOLD.load(std::sync::atomic::Ordering::SeqCst));
        drop(held);
        assert_eq!(fs::read_to_string(&lock).unwrap(), "");
        assert!(FileLock::acquire(&lock, &options).is_ok());
    }

    #[test]
    fn write_replaces_the_file_with_mode_0600_and_leaves_nothing_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("store.json");
        fs::write(&target, "old").unwrap();
        fs::set_permissions(&target, fs::Permissions::from_mode(0o644)).unwrap();
        write_atomically(&target, b"new", &WriteOptions::default()).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(mode(&target), 0o600);
        assert_eq!(names(dir.path()), ["store.json"]);
    }

    #[test]
    fn the_temporary_file_is_in_the_same_directory_and_0600() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("store.json");
        static SEEN: std::sync::Mutex<Vec<(String, u32)>> = std::sync::Mutex::new(Vec::new());
        fn look(stage: &'static str) {
            if stage != "before_rename" {
                return;
            }
            // Only this test's directory holds a `.store.json.` temp file right now.
            let dir = TEST_DIR.lock().unwrap().clone().unwrap();
            for entry in fs::read_dir(&dir).unwrap() {
                let entry = entry.unwrap();
                let name = entry.file_name().to_string_lossy().into_owned();
                let mode = entry.metadata().unwrap().permissions().mode() & 0o777;
                SEEN.lock().unwrap().push((name, mode));
            }
        }
        static TEST_DIR: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
        *TEST_DIR.lock().unwrap() = Some(dir.path().to_path_buf());
        let options = WriteOptions {
            at_stage: Some(look),
            ..WriteOptions::default()
        };
        write_atomically(&target, b"new", &options).unwrap();
        let seen = SEEN.lock().unwrap().clone();
        assert_eq!(seen.len(), 1, "{seen:?}");
        let (name, mode) = &seen[0];
        assert!(
            name.starts_with(".store.json.") && name.ends_with(".tmp"),
            "{name}"
        );
        assert_eq!(*mode, 0o600);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind_and_the_old_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("id");
        fs::write(&target, "old").unwrap();
        let options = WriteOptions {
            replace: false,
            ..WriteOptions::default()
        };
        let error = write_atomically(&target, b"new", &options).unwrap_err();
        match &error {
            LockedFileError::Io { source, path, .. } => {
                assert_eq!(source.kind(), io::ErrorKind::AlreadyExists);
                assert_eq!(path, &target);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(names(dir.path()), ["id"]);

        // A directory where the file should be: the rename fails, and nothing is left.
        let blocked = dir.path().join("blocked");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("inside"), "x").unwrap();
        assert!(write_atomically(&blocked, b"new", &WriteOptions::default()).is_err());
        assert_eq!(names(dir.path()), ["blocked", "id"]);
    }

    #[test]
    fn stale_temp_files_go_and_nothing_else_does() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("secrets.json");
        let stale = [
            dir.path().join(".secrets.json.4242.17.tmp"),
            dir.path().join(".probe.x"),
        ];
        let kept = [
            dir.path().join(".other.json.1.2.tmp"),
            dir.path().join("secrets.json.tmp"),
        ];
        for path in stale.iter().chain(&kept) {
            fs::write(path, "x").unwrap();
        }
        remove_stale_temp_files(&target, &[".probe."]);
        for path in &stale {
            assert!(!path.exists(), "{}", path.display());
        }
        for path in &kept {
            assert!(path.exists(), "{}", path.display());
        }
    }
}
