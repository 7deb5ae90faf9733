//! Reading config.toml safely and writing it atomically under a lock.
//!
//! gitlab-runner truncates and rewrites the file in place, with no lock; it also rewrites it
//! when it rotates a token. So every edit here takes an exclusive lock on `config.toml.lock`
//! beside the file, re-reads the file under that lock, and replaces it by rename: a crash
//! leaves the old file or the new one, and concurrent runs of runnerctl all land.

use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions, TryLockError};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::document::ConfigDocument;
use super::error::{ConfigError, MAX_CONFIG_SIZE};

/// Something the operator should hear about; the command decides how to say it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The config path is a symlink; the file edited is its target.
    SymlinkFollowed { link: PathBuf, target: PathBuf },
    /// The file was readable by group or others; it is 0600 now.
    ModeTightened { path: PathBuf, was: u32 },
    /// There was no file; a new one was written.
    Created { path: PathBuf },
    /// The file mixed CRLF and LF line endings; it was written with the majority's.
    LineEndingsNormalised { path: PathBuf, crlf: bool },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::SymlinkFollowed { link, target } => write!(
                f,
                "{} is a symlink; editing its target {}",
                link.display(),
                target.display()
            ),
            Notice::ModeTightened { path, was } => write!(
                f,
                "{} was mode {was:04o}, readable by others although it holds runner tokens; it is 0600 now",
                path.display()
            ),
            Notice::Created { path } => write!(f, "created {}", path.display()),
            Notice::LineEndingsNormalised { path, crlf } => write!(
                f,
                "{} mixed CRLF and LF line endings; every line now ends in {}, as most did",
                path.display(),
                if *crlf { "CRLF" } else { "LF" }
            ),
        }
    }
}

/// How an editing run treats other users' files and another process's lock (the command's
/// `--allow-other-owner` and `--lock-timeout`).
#[derive(Debug, Clone, Copy)]
pub struct EditOptions {
    /// Edit a file (or in a directory) that another user owns or can write; files created
    /// beside it then take config.toml's owner.
    pub allow_other_owner: bool,
    /// How long to wait for another process's lock.
    pub lock_timeout: Duration,
    /// Told once, within a second, that another process holds the lock (the engine never
    /// prints).
    pub on_lock_wait: Option<fn(&LockWait)>,
}

impl Default for EditOptions {
    fn default() -> Self {
        EditOptions {
            allow_other_owner: false,
            lock_timeout: Duration::from_secs(60),
            on_lock_wait: None,
        }
    }
}

/// Another process holds the config lock; this run waits for it.
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

pub(crate) fn holder(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("another process (pid {pid})"),
        None => "another process (pid unknown)".to_string(),
    }
}

/// The result of [`ConfigFile::edit`].
#[derive(Debug)]
pub struct Edit<T> {
    /// What the edit closure returned.
    pub value: T,
    /// False when the edit changed nothing: the file was not touched (its mtime is unchanged).
    pub written: bool,
    pub notices: Vec<Notice>,
}

/// A config.toml held under its exclusive lock, for as long as this value lives.
///
/// `register` opens it first (so a broken or unwritable config fails before any API call),
/// then verifies the token, then calls [`ConfigFile::edit`], which re-reads the file: the
/// lock keeps other runnerctl runs out, but not gitlab-runner, which may have rotated a token
/// in between.
#[derive(Debug)]
pub struct ConfigFile {
    requested: PathBuf,
    target: PathBuf,
    document: ConfigDocument,
    /// The file's text when `document` was read or written (None: no file), so that an edit
    /// finding the file as it was needs no second parse of a large file.
    text: Option<String>,
    exists: bool,
    notices: Vec<Notice>,
    /// The owner files created beside config.toml get (`--allow-other-owner`, as root):
    /// config.toml's, else its directory's. None: this process's own.
    owner: Option<(u32, u32)>,
    // Dropping it releases the lock.
    _lock: ConfigLock,
}

/// The exclusive lock on `config.toml.lock`, holding this process's pid while it lasts so that
/// a waiting run can name the holder.
#[derive(Debug)]
struct ConfigLock {
    file: File,
}

impl Drop for ConfigLock {
    fn drop(&mut self) {
        // The pid goes before the lock does; a killed run leaves a pid that is checked for
        // being alive before it is shown.
        let _ = self.file.set_len(0);
    }
}

impl ConfigFile {
    /// Reads and validates config.toml without locking or creating anything (read-only
    /// commands, doctor). A symlink is followed.
    pub fn read(path: &Path) -> Result<ConfigDocument, ConfigError> {
        let text = read_config_text(path)?.ok_or_else(|| ConfigError::NotFound {
            path: path.to_path_buf(),
        })?;
        ConfigDocument::parse(&text, path)
    }

    /// Locks the file for editing and reads it. A missing file (and its directory, created
    /// 0700 as gitlab-runner does) reads as gitlab-runner's new config; it is written only by
    /// an edit that adds something.
    pub fn open(path: &Path) -> Result<ConfigFile, ConfigError> {
        ConfigFile::open_with(path, &EditOptions::default())
    }

    /// [`ConfigFile::open`] with the command's options.
    pub fn open_with(path: &Path, options: &EditOptions) -> Result<ConfigFile, ConfigError> {
        let target = resolve_symlinks(path)?;
        let mut notices = Vec::new();
        if target != path {
            notices.push(Notice::SymlinkFollowed {
                link: path.to_path_buf(),
                target: target.clone(),
            });
        }
        let dir = parent_dir(&target);
        if !options.allow_other_owner {
            check_owners(&target, &dir)?;
        }
        if !dir.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&dir)
                .map_err(|error| ConfigError::io(&dir, "create the directory", error))?;
        }
        // Only root can give a file away; anyone else's new files are their own.
        let owner = if options.allow_other_owner && effective_uid() == 0 {
            owner_for_new_files(&target, &dir)
        } else {
            None
        };
        let lock = take_lock(&lock_path(&target), owner, options)?;
        remove_stale_temp_files(&dir, &target);
        // The rename needs a writable directory; find out now rather than after the API call.
        tempfile::Builder::new()
            .prefix(PROBE_PREFIX)
            .tempfile_in(&dir)
            .map_err(|error| ConfigError::io(&dir, "write in the directory of", error))?;
        let text = read_config_text(&target)?;
        let document = parse_or_default(&target, text.as_deref())?;
        Ok(ConfigFile {
            requested: path.to_path_buf(),
            target,
            document,
            exists: text.is_some(),
            text,
            notices,
            owner,
            _lock: lock,
        })
    }

    /// Opens, edits once, and releases the lock.
    pub fn edit_path<T, E>(
        path: &Path,
        edit: impl FnOnce(&mut ConfigDocument) -> Result<T, E>,
    ) -> Result<Edit<T>, E>
    where
        E: From<ConfigError>,
    {
        ConfigFile::edit_path_with(path, &EditOptions::default(), edit)
    }

    /// [`ConfigFile::edit_path`] with the command's options.
    pub fn edit_path_with<T, E>(
        path: &Path,
        options: &EditOptions,
        edit: impl FnOnce(&mut ConfigDocument) -> Result<T, E>,
    ) -> Result<Edit<T>, E>
    where
        E: From<ConfigError>,
    {
        let mut file = ConfigFile::open_with(path, options)?;
        let mut result = file.edit(edit)?;
        let mut notices = file.notices.clone();
        notices.append(&mut result.notices);
        result.notices = notices;
        Ok(result)
    }

    /// The path the caller gave.
    pub fn requested_path(&self) -> &Path {
        &self.requested
    }

    /// The file actually read and written (the symlink's target).
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// Whether the file existed when last read.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// The document as last read or written.
    pub fn document(&self) -> &ConfigDocument {
        &self.document
    }

    /// Notices from opening (a followed symlink).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// The owner (uid, gid) that files created beside config.toml must get, such as
    /// `.runner_system_id`; None when they keep this process's.
    pub fn owner_for_new_files(&self) -> Option<(u32, u32)> {
        self.owner
    }

    /// Re-reads the file under the lock, applies `edit`, and writes the result atomically if
    /// it differs. The closure's error aborts the edit with nothing written.
    pub fn edit<T, E>(
        &mut self,
        edit: impl FnOnce(&mut ConfigDocument) -> Result<T, E>,
    ) -> Result<Edit<T>, E>
    where
        E: From<ConfigError>,
    {
        let text = read_config_text(&self.target)?;
        if text != self.text {
            // Changed since we read it (gitlab-runner rotated a token, say): start from the
            // file as it is now.
            self.document = parse_or_default(&self.target, text.as_deref())?;
            self.text = text;
            self.exists = self.text.is_some();
        }
        let placeholder = ConfigDocument::new_default(&self.target);
        let mut document = std::mem::replace(&mut self.document, placeholder);
        let value = match edit(&mut document) {
            Ok(value) => value,
            Err(error) => {
                // The closure may have left the document half-edited: go back to the file.
                if let Ok(fresh) = parse_or_default(&self.target, self.text.as_deref()) {
                    self.document = fresh;
                }
                return Err(error);
            }
        };
        let mut notices = Vec::new();
        let after = document.is_changed().then(|| document.render());
        // Edits that cancel out (add, then remove) leave the text as it was: no write either.
        let Some(after) = after.filter(|after| Some(after) != self.text.as_ref()) else {
            document.mark_saved();
            self.document = document;
            return Ok(Edit {
                value,
                written: false,
                notices,
            });
        };
        if after.len() as u64 > MAX_CONFIG_SIZE {
            if let Ok(fresh) = parse_or_default(&self.target, self.text.as_deref()) {
                self.document = fresh;
            }
            return Err(ConfigError::EditTooLarge {
                path: self.target.clone(),
                size: after.len() as u64,
            }
            .into());
        }
        if let Some(crlf) = document.normalised_line_endings() {
            notices.push(Notice::LineEndingsNormalised {
                path: self.target.clone(),
                crlf,
            });
        }
        let previous = fs::metadata(&self.target).ok();
        let owner = previous
            .as_ref()
            .map(|metadata| (metadata.uid(), metadata.gid()))
            .or(self.owner);
        let written = write_atomically(&self.target, after.as_bytes(), owner);
        if let Err(error) = written {
            if let Ok(fresh) = parse_or_default(&self.target, self.text.as_deref()) {
                self.document = fresh;
            }
            return Err(error.into());
        }
        match &previous {
            Some(metadata) => {
                let mode = metadata.mode() & 0o777;
                if mode & 0o077 != 0 {
                    notices.push(Notice::ModeTightened {
                        path: self.target.clone(),
                        was: mode,
                    });
                }
            }
            None => notices.push(Notice::Created {
                path: self.target.clone(),
            }),
        }
        document.mark_saved();
        self.document = document;
        self.text = Some(after);
        self.exists = true;
        Ok(Edit {
            value,
            written: true,
            notices,
        })
    }
}

const PROBE_PREFIX: &str = ".runnerctl-probe.";

/// Temporary files a crashed or killed run left beside the config. Under the lock no other
/// runnerctl is writing, so every one of them is stale. Failing to remove one is harmless.
fn remove_stale_temp_files(dir: &Path, target: &Path) {
    let temp_prefix = format!(".{}.", file_name(target));
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_ours = (name.starts_with(&temp_prefix) && name.ends_with(".tmp"))
            || name.starts_with(PROBE_PREFIX);
        if is_ours && entry.file_type().is_ok_and(|kind| kind.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

fn parse_or_default(target: &Path, text: Option<&str>) -> Result<ConfigDocument, ConfigError> {
    match text {
        Some(text) => ConfigDocument::parse(text, target),
        None => Ok(ConfigDocument::new_default(target)),
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || "config.toml".to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// `config.toml.lock` beside the file. It is never removed: removing a lock file lets two
/// processes lock two different files.
pub fn lock_path(target: &Path) -> PathBuf {
    target.with_file_name(format!("{}.lock", file_name(target)))
}

/// Follows symlinks (relative ones from their own directory) to the file to edit; a dangling
/// link resolves to where its target would be.
pub fn resolve_symlinks(path: &Path) -> Result<PathBuf, ConfigError> {
    let mut current = path.to_path_buf();
    // The kernel's own limit on symlink chains (MAXSYMLINKS).
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                let link = fs::read_link(&current)
                    .map_err(|error| ConfigError::io(&current, "read the symlink", error))?;
                current = if link.is_absolute() {
                    link
                } else {
                    parent_dir(&current).join(link)
                };
            }
            _ => return Ok(current),
        }
    }
    Err(ConfigError::Io {
        path: path.to_path_buf(),
        action: "resolve",
        source: io::Error::other("too many levels of symbolic links"),
    })
}

/// The text of a config.toml, or None if there is no file. Never blocks on a FIFO, never
/// reads more than [`MAX_CONFIG_SIZE`] bytes, and reports non-UTF-8 content as a parse error
/// at the first bad byte.
pub fn read_config_text(path: &Path) -> Result<Option<String>, ConfigError> {
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(ConfigError::io(path, "read", error)),
    };
    check_regular(path, &metadata)?;
    // O_NONBLOCK: should the path become a FIFO between the check and the open, the open
    // still returns at once instead of waiting for a writer.
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|error| ConfigError::io(path, "read", error))?;
    let metadata = file
        .metadata()
        .map_err(|error| ConfigError::io(path, "read", error))?;
    check_regular(path, &metadata)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    (&mut file)
        .take(MAX_CONFIG_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| ConfigError::io(path, "read", error))?;
    if bytes.len() as u64 > MAX_CONFIG_SIZE {
        return Err(ConfigError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
        });
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.as_bytes();
            let prefix = String::from_utf8_lossy(bytes.get(..valid).unwrap_or_default());
            let (line, column) = super::document::line_column(&prefix, prefix.len());
            Err(ConfigError::Unparseable {
                path: path.to_path_buf(),
                line,
                column,
                message: "the file is not UTF-8 text (binary data?)".to_string(),
            })
        }
    }
}

fn check_regular(path: &Path, metadata: &Metadata) -> Result<(), ConfigError> {
    if let Some(kind) = crate::regular_file::non_regular_kind(metadata) {
        return Err(ConfigError::NotRegularFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    if metadata.len() > MAX_CONFIG_SIZE {
        return Err(ConfigError::TooLarge {
            path: path.to_path_buf(),
            size: metadata.len(),
        });
    }
    Ok(())
}

/// Test-only: `RUNNERCTL_CRASH_AT=<stage>` aborts the process at that stage of a write, so
/// tests can check that a crash leaves the old file or the new one.
#[cfg(feature = "crash-points")]
fn crash_point(stage: &str) {
    if std::env::var("RUNNERCTL_CRASH_AT").is_ok_and(|wanted| wanted == stage) {
        std::process::abort();
    }
}

#[cfg(not(feature = "crash-points"))]
#[inline(always)]
fn crash_point(_stage: &str) {}

/// Temp file in the same directory, write, fsync, owner and mode, rename, fsync the directory.
fn write_atomically(
    target: &Path,
    bytes: &[u8],
    owner: Option<(u32, u32)>,
) -> Result<(), ConfigError> {
    let dir = parent_dir(target);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{}.", file_name(target)))
        .suffix(".tmp")
        .permissions(fs::Permissions::from_mode(0o600))
        .tempfile_in(&dir)
        .map_err(|error| ConfigError::io(&dir, "create a temporary file in", error))?;
    temp.write_all(bytes)
        .map_err(|error| ConfigError::io(temp.path(), "write", error))?;
    crash_point("after_temp_write");
    temp.as_file()
        .sync_all()
        .map_err(|error| ConfigError::io(temp.path(), "flush", error))?;
    crash_point("after_fsync");
    // The umask may have narrowed the mode further; 0600 is what gitlab-runner uses.
    temp.as_file()
        .set_permissions(fs::Permissions::from_mode(0o600))
        .map_err(|error| ConfigError::io(temp.path(), "set the mode of", error))?;
    if let Some(owner) = owner {
        // The service may run as the file's owner: a file it cannot read would stop it.
        give_to(temp.as_file(), temp.path(), owner)
            .map_err(|error| ConfigError::io(target, "keep the owner of", error))?;
    }
    crash_point("before_rename");
    temp.persist(target)
        .map_err(|error| ConfigError::io(target, "replace", error.error))?;
    crash_point("after_rename");
    File::open(&dir)
        .and_then(|dir| dir.sync_all())
        .map_err(|error| ConfigError::io(&dir, "flush the directory of", error))?;
    Ok(())
}

/// Hands a file this process created to `owner` (uid, gid), when it is not theirs already.
pub(crate) fn give_to(file: &File, path: &Path, owner: (u32, u32)) -> io::Result<()> {
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

/// Opens `config.toml.lock` without following a symlink and never anything but a regular
/// file (a planted `config.toml.lock -> /etc/nologin` must not create or truncate its target),
/// then locks it, waiting at most `options.lock_timeout`.
fn take_lock(
    path: &Path,
    owner: Option<(u32, u32)>,
    options: &EditOptions,
) -> Result<ConfigLock, ConfigError> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|error| match error.raw_os_error() {
            Some(libc::ELOOP) => ConfigError::NotRegularFile {
                path: path.to_path_buf(),
                kind: "a symlink, which the lock file must never be; remove it",
            },
            _ => ConfigError::io(path, "create the lock file", error),
        })?;
    let metadata = file
        .metadata()
        .map_err(|error| ConfigError::io(path, "read", error))?;
    if let Some(kind) = crate::regular_file::non_regular_kind(&metadata) {
        return Err(ConfigError::NotRegularFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    if metadata.nlink() > 1 {
        // A link planted to another file: locking it is harmless, giving it to config.toml's
        // owner below would hand them that file.
        return Err(ConfigError::NotRegularFile {
            path: path.to_path_buf(),
            kind: "a hard link to another file, which the lock file must never be; remove it",
        });
    }
    if let Some(owner) = owner {
        // Root editing a user's config must not leave a lock file the user cannot open.
        give_to(&file, path, owner).map_err(|error| ConfigError::io(path, "chown", error))?;
    }
    let started = Instant::now();
    let mut announced = false;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) => {}
            Err(TryLockError::Error(error)) => return Err(ConfigError::io(path, "lock", error)),
        }
        let waited = started.elapsed();
        if waited >= options.lock_timeout {
            return Err(ConfigError::LockTimeout {
                path: path.to_path_buf(),
                pid: lock_holder(&file),
                waited: options.lock_timeout,
            });
        }
        // A lock held for a moment (another runnerctl finishing) is not worth a line; one held
        // longer is announced well within a second.
        if !announced && waited >= LOCK_ANNOUNCE_AFTER {
            announced = true;
            if let Some(tell) = options.on_lock_wait {
                tell(&LockWait {
                    lock: path.to_path_buf(),
                    pid: lock_holder(&file),
                    timeout: options.lock_timeout,
                });
            }
        }
        let left = options.lock_timeout.saturating_sub(waited);
        std::thread::sleep(LOCK_POLL.min(left).max(Duration::from_millis(1)));
    }
    // Our pid, for whoever waits next. A lock file that cannot hold it still locks.
    let pid = format!("{}\n", std::process::id());
    let _ = file
        .set_len(0)
        .and_then(|()| file.write_all_at(pid.as_bytes(), 0));
    Ok(ConfigLock { file })
}

const LOCK_ANNOUNCE_AFTER: Duration = Duration::from_millis(300);
const LOCK_POLL: Duration = Duration::from_millis(50);

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

/// The user running this process.
fn effective_uid() -> u32 {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() }
}

/// A user's name, else their uid as text.
pub(crate) fn user_name(uid: u32) -> String {
    users_entry(uid)
        .map(|(name, _)| name)
        .unwrap_or_else(|| format!("uid {uid}"))
}

/// A group's name, else its gid as text.
fn group_name(gid: u32) -> String {
    let mut buffer = vec![0 as libc::c_char; 4096];
    let mut group: libc::group = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the buffer outlives the use of `group`.
    let status = unsafe {
        libc::getgrgid_r(
            gid,
            &mut group,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut result,
        )
    };
    if status != 0 || result.is_null() || group.gr_name.is_null() {
        return format!("gid {gid}");
    }
    // SAFETY: getgrgid_r succeeded, so gr_name points at a NUL-terminated string in `buffer`.
    unsafe { std::ffi::CStr::from_ptr(group.gr_name) }
        .to_string_lossy()
        .into_owned()
}

/// The name and primary gid of a user, from the password database.
fn users_entry(uid: u32) -> Option<(String, u32)> {
    let mut buffer = vec![0 as libc::c_char; 4096];
    let mut passwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the buffer outlives the use of `passwd`.
    let status = unsafe {
        libc::getpwuid_r(
            uid,
            &mut passwd,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut result,
        )
    };
    if status != 0 || result.is_null() || passwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: getpwuid_r succeeded, so pw_name points at a NUL-terminated string in `buffer`.
    let name = unsafe { std::ffi::CStr::from_ptr(passwd.pw_name) }
        .to_string_lossy()
        .into_owned();
    Some((name, passwd.pw_gid))
}

/// The file to edit and its directory must be this user's, and writable by no one else: a
/// file another user controls could hand them the runner's tokens or its jobs (and root
/// editing a user's file would leave them files they cannot read).
fn check_owners(target: &Path, dir: &Path) -> Result<(), ConfigError> {
    let me = effective_uid();
    for path in [target, dir] {
        let metadata = match fs::metadata(path) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(ConfigError::io(path, "read", error)),
        };
        if metadata.uid() != me {
            return Err(ConfigError::OtherOwner {
                path: path.to_path_buf(),
                problem: format!(
                    "is owned by {}, not by {} who runs runnerctl",
                    user_name(metadata.uid()),
                    user_name(me)
                ),
                fix: "Run as its owner".to_string(),
            });
        }
        let mode = metadata.mode();
        if mode & 0o002 != 0 {
            return Err(ConfigError::OtherOwner {
                path: path.to_path_buf(),
                problem: format!(
                    "is writable by every user (mode {:04o}; its owner is {})",
                    mode & 0o7777,
                    user_name(metadata.uid())
                ),
                // The owner is the one running runnerctl (checked above).
                fix: format!("Take that away (chmod o-w {})", path.display()),
            });
        }
        // A group of the owner's own (user private groups) lets no one else in.
        let owners_group = users_entry(metadata.uid()).map(|(_, gid)| gid);
        if mode & 0o020 != 0 && owners_group != Some(metadata.gid()) {
            return Err(ConfigError::OtherOwner {
                path: path.to_path_buf(),
                problem: format!(
                    "is writable by group {} (mode {:04o}; its owner is {})",
                    group_name(metadata.gid()),
                    mode & 0o7777,
                    user_name(metadata.uid())
                ),
                fix: format!("Take that away (chmod g-w {})", path.display()),
            });
        }
    }
    Ok(())
}

/// config.toml's owner, else (no file yet) its directory's.
fn owner_for_new_files(target: &Path, dir: &Path) -> Option<(u32, u32)> {
    let metadata = fs::metadata(target).or_else(|_| fs::metadata(dir)).ok()?;
    Some((metadata.uid(), metadata.gid()))
}
