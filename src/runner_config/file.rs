//! Reading config.toml safely and writing it atomically under a lock.
//!
//! gitlab-runner truncates and rewrites the file in place, with no lock; it also rewrites it
//! when it rotates a token. So every edit here takes an exclusive lock on `config.toml.lock`
//! beside the file, re-reads the file under that lock, and replaces it by rename: a crash
//! leaves the old file or the new one, and concurrent runs of runnerctl all land.

use std::fmt;
use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

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
        }
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
    // Dropping the handle releases the lock.
    _lock: File,
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
        let target = resolve_symlinks(path)?;
        let mut notices = Vec::new();
        if target != path {
            notices.push(Notice::SymlinkFollowed {
                link: path.to_path_buf(),
                target: target.clone(),
            });
        }
        let dir = parent_dir(&target);
        if !dir.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&dir)
                .map_err(|error| ConfigError::io(&dir, "create the directory", error))?;
        }
        let lock_path = lock_path(&target);
        let lock = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(&lock_path)
            .map_err(|error| ConfigError::io(&lock_path, "create the lock file", error))?;
        lock.lock()
            .map_err(|error| ConfigError::io(&lock_path, "lock", error))?;
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
        let mut file = ConfigFile::open(path)?;
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
        let previous = fs::metadata(&self.target).ok();
        let written = write_atomically(&self.target, after.as_bytes(), previous.as_ref());
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

fn kind_of(metadata: &Metadata) -> Option<&'static str> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        None
    } else if file_type.is_dir() {
        Some("a directory")
    } else if file_type.is_fifo() {
        Some("a FIFO")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_block_device() || file_type.is_char_device() {
        Some("a device")
    } else {
        Some("not a regular file")
    }
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
    if let Some(kind) = kind_of(metadata) {
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
    previous: Option<&Metadata>,
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
    if let Some(previous) = previous {
        let current = temp
            .as_file()
            .metadata()
            .map_err(|error| ConfigError::io(temp.path(), "read", error))?;
        if current.uid() != previous.uid() || current.gid() != previous.gid() {
            // The service may run as the file's owner: a file it cannot read would stop it.
            std::os::unix::fs::fchown(temp.as_file(), Some(previous.uid()), Some(previous.gid()))
                .map_err(|error| ConfigError::io(target, "keep the owner of", error))?;
        }
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
