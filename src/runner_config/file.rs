//! Reading config.toml safely and writing it atomically under a lock.
//!
//! gitlab-runner truncates and rewrites the file in place, with no lock; it also rewrites it
//! when it rotates a token. So every edit here takes an exclusive lock on `config.toml.lock`
//! beside the file, re-reads the file under that lock, and replaces it by rename: a crash
//! leaves the old file or the new one, and concurrent runs of runnerctl all land.

use std::fmt;
use std::fs::{self, Metadata, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::document::ConfigDocument;
use super::error::{ConfigError, MAX_CONFIG_SIZE};
use crate::locked_file::{self, FileLock, LockOptions, LockedFileError, WriteOptions, parent_dir};

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
pub use crate::locked_file::LockWait;
pub(crate) use crate::locked_file::holder;

/// How long each phase of opening and editing a config.toml took, summed over the
/// [`ConfigFile`]'s life, for the config_edit benchmark (the engine never prints them).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EditPhases {
    /// Symlinks, owner checks, the lock, the sweep of stale temporary files, the probe.
    pub lock: Duration,
    pub read: Duration,
    /// TOML syntax into the editable document.
    pub parse: Duration,
    /// The document against gitlab-runner's types.
    pub validate: Duration,
    /// The caller's edit closure.
    pub edit: Duration,
    pub render: Duration,
    /// The atomic replacement without its fsyncs: temporary file, write, mode, rename.
    pub write: Duration,
    /// The file's and the directory's fsync: the disk's share, not this process's.
    pub fsync: Duration,
    /// Freeing the document and releasing the lock.
    pub release: Duration,
}

/// Runs `work`, adding the time it took to `total`.
fn timed<T>(total: &mut Duration, work: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let value = work();
    *total += started.elapsed();
    value
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
    phases: EditPhases,
    // Dropping it releases the lock.
    _lock: FileLock,
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
        let mut phases = EditPhases::default();
        let started = Instant::now();
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
        // Temporary files and probes a crashed or killed run left beside the config.
        locked_file::remove_stale_temp_files(&target, &[PROBE_PREFIX]);
        // The rename needs a writable directory; find out now rather than after the API call.
        tempfile::Builder::new()
            .prefix(PROBE_PREFIX)
            .tempfile_in(&dir)
            .map_err(|error| ConfigError::io(&dir, "write in the directory of", error))?;
        phases.lock = started.elapsed();
        let text = timed(&mut phases.read, || read_config_text(&target))?;
        let document = parse_or_default(&target, text.as_deref(), &mut phases)?;
        Ok(ConfigFile {
            requested: path.to_path_buf(),
            target,
            document,
            exists: text.is_some(),
            text,
            notices,
            owner,
            phases,
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
        ConfigFile::edit_path_timed(path, options, edit).map(|(result, _)| result)
    }

    /// [`ConfigFile::edit_path_with`], also returning how long each phase took.
    #[doc(hidden)]
    pub fn edit_path_timed<T, E>(
        path: &Path,
        options: &EditOptions,
        edit: impl FnOnce(&mut ConfigDocument) -> Result<T, E>,
    ) -> Result<(Edit<T>, EditPhases), E>
    where
        E: From<ConfigError>,
    {
        let mut file = ConfigFile::open_with(path, options)?;
        let mut result = file.edit(edit)?;
        let mut notices = file.notices.clone();
        notices.append(&mut result.notices);
        result.notices = notices;
        let mut phases = file.phases;
        // Freeing a large document and releasing the lock are part of what an edit costs.
        let started = Instant::now();
        drop(file);
        phases.release = started.elapsed();
        Ok((result, phases))
    }

    /// How long each phase of opening and editing took so far.
    #[doc(hidden)]
    pub fn phases(&self) -> EditPhases {
        self.phases
    }

    /// The path the caller gave.
    pub fn requested_path(&self) -> &Path {
        &self.requested
    }

    /// The file actually read and written (the symlink's target).
    pub fn path(&self) -> &Path {
        &self.target
    }

    /// This host's system id, from the `.runner_system_id` beside the file (where gitlab-runner
    /// keeps it); `None` when there is none yet.
    pub fn system_id(&self) -> Option<String> {
        super::read_system_id(&parent_dir(&self.target))
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
        let text = timed(&mut self.phases.read, || read_config_text(&self.target))?;
        if text != self.text {
            // Changed since we read it (gitlab-runner rotated a token, say): start from the
            // file as it is now.
            self.document = parse_or_default(&self.target, text.as_deref(), &mut self.phases)?;
            self.text = text;
            self.exists = self.text.is_some();
        }
        let placeholder = ConfigDocument::new_default(&self.target);
        let mut document = std::mem::replace(&mut self.document, placeholder);
        let edited = timed(&mut self.phases.edit, || edit(&mut document));
        let value = match edited {
            Ok(value) => value,
            Err(error) => {
                // The closure may have left the document half-edited: go back to the file.
                self.reread_saved();
                return Err(error);
            }
        };
        let mut notices = Vec::new();
        let after = document
            .is_changed()
            .then(|| timed(&mut self.phases.render, || document.render()));
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
            self.reread_saved();
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
        let started = Instant::now();
        let written = write_atomically(&self.target, after.as_bytes(), owner);
        let fsyncs = match written {
            Ok(fsyncs) => fsyncs,
            Err(error) => {
                self.reread_saved();
                return Err(error.into());
            }
        };
        self.phases.fsync += fsyncs;
        self.phases.write += started.elapsed().saturating_sub(fsyncs);
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

impl ConfigFile {
    /// Back to the document as last read or written, after an edit that failed half-way.
    fn reread_saved(&mut self) {
        let mut scratch = EditPhases::default();
        if let Ok(fresh) = parse_or_default(&self.target, self.text.as_deref(), &mut scratch) {
            self.document = fresh;
        }
    }
}

const PROBE_PREFIX: &str = ".runnerctl-probe.";

fn parse_or_default(
    target: &Path,
    text: Option<&str>,
    phases: &mut EditPhases,
) -> Result<ConfigDocument, ConfigError> {
    let Some(text) = text else {
        return Ok(ConfigDocument::new_default(target));
    };
    ConfigDocument::parse_timed(text, target, &mut phases.parse, &mut phases.validate)
}

/// `config.toml.lock` beside the file. It is never removed: removing a lock file lets two
/// processes lock two different files.
pub fn lock_path(target: &Path) -> PathBuf {
    locked_file::lock_path(target)
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

/// Temp file in the same directory, write, fsync, owner and mode (0600, what gitlab-runner
/// uses), rename, fsync the directory. Returns the time the fsyncs took.
fn write_atomically(
    target: &Path,
    bytes: &[u8],
    owner: Option<(u32, u32)>,
) -> Result<Duration, ConfigError> {
    let options = WriteOptions {
        owner,
        at_stage: Some(crash_point),
        ..WriteOptions::default()
    };
    locked_file::write_atomically_timed(target, bytes, &options).map_err(config_error)
}

/// The engine's error for a lock or write failure, in the words tests and users know.
fn config_error(error: LockedFileError) -> ConfigError {
    match error {
        LockedFileError::BadLockFile { path, refusal } => ConfigError::NotRegularFile {
            path,
            kind: refusal.kind(),
        },
        LockedFileError::LockTimeout { path, pid, waited } => {
            ConfigError::LockTimeout { path, pid, waited }
        }
        LockedFileError::Io {
            path,
            action,
            source,
        } => ConfigError::io(&path, action, source),
    }
}

/// Locks `config.toml.lock`, waiting at most `options.lock_timeout`.
fn take_lock(
    path: &Path,
    owner: Option<(u32, u32)>,
    options: &EditOptions,
) -> Result<FileLock, ConfigError> {
    let lock_options = LockOptions {
        timeout: options.lock_timeout,
        on_wait: options.on_lock_wait,
        // Root editing a user's config must not leave a lock file the user cannot open.
        owner,
    };
    FileLock::acquire(path, &lock_options).map_err(config_error)
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
