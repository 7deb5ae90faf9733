//! The three files, read as Semaphore reads them and written under one lock.

use std::fmt;
use std::fs::{self, File};
use std::io;
use std::os::unix::fs::{DirBuilderExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::value::{ParseError, Value, parse_value};
use super::{KEY_FILE_NAME, MAX_FILE_SIZE, TOKEN_FILE_NAME};
use crate::host_file::Action;
use crate::locked_file::{self, FileLock, LockOptions, LockedFileError, WriteOptions, parent_dir};
use crate::token::{PrivateKey, RunnerToken};

/// What the config says, as Semaphore's runner takes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostConfig {
    pub web_host: Option<String>,
    /// A token written into the config itself (`runner.token`), which wins over the file.
    pub inline_token: bool,
    /// As written; relative paths are the runner's working directory's.
    pub token_file: Option<PathBuf>,
    pub private_key_file: Option<PathBuf>,
    pub max_parallel_tasks: Option<u64>,
    pub webhook: Option<String>,
}

impl HostConfig {
    /// `token_file` as runnerctl reads it: a relative path from the config's own directory
    /// (where the unit's WorkingDirectory= points when the config was found through it).
    pub fn token_path(&self, config: &Path) -> Option<PathBuf> {
        self.token_file.as_ref().map(|path| beside(config, path))
    }

    pub fn key_path(&self, config: &Path) -> Option<PathBuf> {
        self.private_key_file
            .as_ref()
            .map(|path| beside(config, path))
    }
}

fn beside(config: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        parent_dir(config).join(path)
    }
}

/// What register writes: the server's address and the runner's secrets.
#[derive(Debug, Clone)]
pub struct HostCredentials {
    pub web_host: String,
    pub token: RunnerToken,
    /// Empty when the server sent none: no key file is written.
    pub private_key: PrivateKey,
    pub max_parallel_tasks: u32,
    pub webhook: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// The file was readable by group or others; it is 0600 now.
    ModeTightened {
        path: PathBuf,
        was: u32,
    },
    Created {
        path: PathBuf,
    },
    /// The config held the token itself; it now names the token file instead.
    InlineTokenMoved {
        path: PathBuf,
    },
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::ModeTightened { path, was } => write!(
                f,
                "{} was mode {was:04o}, readable by others although it holds a secret; it is 0600 now",
                path.display()
            ),
            Notice::Created { path } => write!(f, "created {}", path.display()),
            Notice::InlineTokenMoved { path } => write!(
                f,
                "{} held the token itself; it now names the token file",
                path.display()
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SemaphoreFileError {
    #[error(
        "{} is not the JSON Semaphore's runner reads, at line {line}, column {column}: {message}. Fix the file by hand; it was left as it is",
        path.display()
    )]
    Unparseable {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },

    #[error("{} is not a regular file ({kind}); nothing was changed", path.display())]
    NotRegularFile { path: PathBuf, kind: &'static str },

    #[error(
        "{} is larger than {} KiB, more than a runner file may be; it was left as it is",
        path.display(),
        MAX_FILE_SIZE / 1024
    )]
    TooLarge { path: PathBuf },

    #[error("{} is locked by {}; nothing was changed", path.display(), locked_file::holder(*pid))]
    Locked { path: PathBuf, pid: Option<u32> },

    #[error("could not {action} {}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: io::Error,
    },
}

impl SemaphoreFileError {
    fn io(path: &Path, action: &'static str, source: io::Error) -> SemaphoreFileError {
        SemaphoreFileError::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            SemaphoreFileError::Unparseable { path, .. }
            | SemaphoreFileError::NotRegularFile { path, .. }
            | SemaphoreFileError::TooLarge { path }
            | SemaphoreFileError::Locked { path, .. }
            | SemaphoreFileError::Io { path, .. } => path,
        }
    }
}

fn from_locked(error: LockedFileError) -> SemaphoreFileError {
    match error {
        LockedFileError::LockTimeout { path, pid, .. } => SemaphoreFileError::Locked { path, pid },
        LockedFileError::BadLockFile { path, refusal } => SemaphoreFileError::NotRegularFile {
            path,
            kind: refusal.kind(),
        },
        LockedFileError::Io {
            path,
            action,
            source,
        } => SemaphoreFileError::Io {
            path,
            action,
            source,
        },
    }
}

/// Reads a config the way Go's decoder does into Semaphore's `ConfigType`: a value of the
/// wrong type for a field the runner reads is an error there too.
pub fn parse(text: &str) -> Result<(Value, HostConfig), ParseError> {
    let value = parse_value(text)?;
    let wrong = |what: &str| ParseError {
        line: 1,
        column: 1,
        message: format!("{what} has the wrong type"),
    };
    if !matches!(value, Value::Object(_)) {
        return Err(wrong("the document"));
    }
    let string = |value: &Value, key: &str| -> Result<Option<String>, ParseError> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(_) => Err(wrong(key)),
        }
    };
    let web_host = string(&value, "web_host")?;
    let mut config = HostConfig {
        web_host,
        ..HostConfig::default()
    };
    match value.get("runner") {
        None | Some(Value::Null) => {}
        Some(runner @ Value::Object(_)) => {
            config.inline_token = string(runner, "token")?.is_some_and(|t| !t.trim().is_empty());
            config.token_file = string(runner, "token_file")?
                .filter(|path| !path.is_empty())
                .map(PathBuf::from);
            config.private_key_file = string(runner, "private_key_file")?
                .filter(|path| !path.is_empty())
                .map(PathBuf::from);
            config.webhook = string(runner, "webhook")?;
            config.max_parallel_tasks = match runner.get("max_parallel_tasks") {
                None | Some(Value::Null) => None,
                Some(Value::Number(number)) => Some(
                    number
                        .parse::<u64>()
                        .map_err(|_| wrong("runner.max_parallel_tasks"))?,
                ),
                Some(_) => return Err(wrong("runner.max_parallel_tasks")),
            };
            if !matches!(
                runner.get("one_off"),
                None | Some(Value::Null | Value::Bool(_))
            ) {
                return Err(wrong("runner.one_off"));
            }
        }
        Some(_) => return Err(wrong("runner")),
    }
    Ok((value, config))
}

/// A path's state, for doctor and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileState {
    Missing,
    NotRegular(&'static str),
    /// A regular file and its permission bits.
    Present {
        mode: u32,
    },
    Unreadable(String),
}

/// `path`'s state, without opening it.
pub fn inspect(path: &Path) -> FileState {
    match fs::metadata(path) {
        Ok(metadata) => match crate::regular_file::non_regular_kind(&metadata) {
            Some(kind) => FileState::NotRegular(kind),
            None => FileState::Present {
                mode: metadata.mode() & 0o777,
            },
        },
        Err(error) if error.kind() == io::ErrorKind::NotFound => FileState::Missing,
        Err(error) => FileState::Unreadable(error.to_string()),
    }
}

/// What a full look at the three files found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspected {
    pub config: HostConfig,
    pub token_path: Option<PathBuf>,
    pub key_path: Option<PathBuf>,
}

fn read_bytes(path: &Path) -> Result<Option<Vec<u8>>, SemaphoreFileError> {
    match crate::regular_file::read(path, MAX_FILE_SIZE) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) if error.kind() == io::ErrorKind::InvalidInput => {
            let kind = match fs::metadata(path) {
                Ok(metadata) => crate::regular_file::non_regular_kind(&metadata),
                Err(_) => None,
            };
            Err(SemaphoreFileError::NotRegularFile {
                path: path.to_path_buf(),
                kind: kind.unwrap_or("not a regular file"),
            })
        }
        Err(error) if error.kind() == io::ErrorKind::InvalidData => {
            Err(SemaphoreFileError::TooLarge {
                path: path.to_path_buf(),
            })
        }
        Err(error) => Err(SemaphoreFileError::io(path, "read", error)),
    }
}

fn read_config(path: &Path) -> Result<Option<(Value, HostConfig)>, SemaphoreFileError> {
    let Some(bytes) = read_bytes(path)? else {
        return Ok(None);
    };
    let text = String::from_utf8(bytes).map_err(|_| SemaphoreFileError::Unparseable {
        path: path.to_path_buf(),
        line: 1,
        column: 1,
        message: "the file is not UTF-8".to_string(),
    })?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse(&text)
        .map(Some)
        .map_err(|error| SemaphoreFileError::Unparseable {
            path: path.to_path_buf(),
            line: error.line,
            column: error.column,
            message: error.message,
        })
}

/// The config without taking its lock (doctor, status): None when there is none.
pub fn read_unlocked(path: &Path) -> Result<Option<HostConfig>, SemaphoreFileError> {
    Ok(read_config(path)?.map(|(_, config)| config))
}

/// A token or key file's text, trimmed as Semaphore trims it; None when absent or empty.
pub fn read_secret(path: &Path) -> Result<Option<String>, SemaphoreFileError> {
    let Some(bytes) = read_bytes(path)? else {
        return Ok(None);
    };
    let text = String::from_utf8_lossy(&bytes).trim().to_string();
    Ok((!text.is_empty()).then_some(text))
}

/// The three files, held under `config.runner.json.lock` while this value lives.
#[derive(Debug)]
pub struct SemaphoreFiles {
    config: PathBuf,
    new_file_owner: Option<(u32, u32)>,
    _lock: FileLock,
}

/// The files a change wrote or removed, and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub action: Action,
    pub files: Vec<PathBuf>,
    pub notices: Vec<Notice>,
}

impl SemaphoreFiles {
    /// Takes the lock (waiting up to `wait` for another runnerctl) and checks the config
    /// parses.
    pub fn load(
        path: &Path,
        create_dir: bool,
        wait: Duration,
    ) -> Result<SemaphoreFiles, SemaphoreFileError> {
        let config = match fs::symlink_metadata(path) {
            Ok(metadata) if metadata.file_type().is_symlink() => fs::canonicalize(path)
                .map_err(|error| SemaphoreFileError::io(path, "follow the symlink", error))?,
            _ => path.to_path_buf(),
        };
        let dir = parent_dir(&config);
        if create_dir && !dir.exists() {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&dir)
                .map_err(|error| SemaphoreFileError::io(&dir, "create the directory", error))?;
        }
        // Root writing into the runner's directory leaves files its service user can read.
        // SAFETY: geteuid has no preconditions.
        let new_file_owner = if unsafe { libc::geteuid() } == 0 {
            fs::metadata(&dir)
                .ok()
                .map(|metadata| (metadata.uid(), metadata.gid()))
        } else {
            None
        };
        let options = LockOptions {
            timeout: wait,
            on_wait: None,
            owner: new_file_owner,
        };
        let lock =
            FileLock::acquire(&locked_file::lock_path(&config), &options).map_err(from_locked)?;
        locked_file::remove_stale_temp_files(&config, &[]);
        read_config(&config)?;
        Ok(SemaphoreFiles {
            config,
            new_file_owner,
            _lock: lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.config
    }

    /// The config as it is now, re-read under the lock.
    pub fn current(&self) -> Result<Option<Inspected>, SemaphoreFileError> {
        Ok(read_config(&self.config)?.map(|(_, config)| Inspected {
            token_path: config.token_path(&self.config),
            key_path: config.key_path(&self.config),
            config,
        }))
    }

    /// Writes the config, token and key files; only those whose bytes or mode change are
    /// written. Every path is checked before anything is written.
    pub fn upsert(&mut self, credentials: &HostCredentials) -> Result<Changed, SemaphoreFileError> {
        let current = read_config(&self.config)?;
        let (mut value, existing) = match current.clone() {
            Some((value, config)) => (value, Some(config)),
            None => (Value::Object(Vec::new()), None),
        };
        let dir = absolute_dir(&self.config)?;
        let token_path = existing
            .as_ref()
            .and_then(|config| config.token_path(&self.config))
            .unwrap_or_else(|| dir.join(TOKEN_FILE_NAME));
        let key_path = existing
            .as_ref()
            .and_then(|config| config.key_path(&self.config))
            .unwrap_or_else(|| dir.join(KEY_FILE_NAME));
        let with_key = !credentials.private_key.expose().trim().is_empty();
        let mut planned: Vec<(PathBuf, Vec<u8>)> = Vec::new();
        value.set("web_host", Value::String(credentials.web_host.clone()));
        if let Some(runner) = value.object_mut("runner") {
            runner.remove("token");
            runner.set(
                "token_file",
                Value::String(token_path.to_string_lossy().into_owned()),
            );
            if with_key {
                runner.set(
                    "private_key_file",
                    Value::String(key_path.to_string_lossy().into_owned()),
                );
            } else {
                runner.remove("private_key_file");
            }
            runner.set(
                "max_parallel_tasks",
                Value::Number(credentials.max_parallel_tasks.to_string()),
            );
            runner.set("webhook", Value::String(credentials.webhook.clone()));
        }
        planned.push((self.config.clone(), value.to_go_indented().into_bytes()));
        planned.push((token_path, credentials.token.expose().as_bytes().to_vec()));
        if with_key {
            planned.push((
                key_path,
                credentials.private_key.expose().as_bytes().to_vec(),
            ));
        }
        // Nothing is written unless every target is a regular file or absent.
        let mut previous = Vec::new();
        for (path, _) in &planned {
            previous.push(existing_bytes(path)?);
        }
        let mut changed = Changed {
            action: if existing.is_some() {
                Action::Unchanged
            } else {
                Action::Added
            },
            files: Vec::new(),
            notices: Vec::new(),
        };
        if existing.as_ref().is_some_and(|config| config.inline_token) {
            changed.notices.push(Notice::InlineTokenMoved {
                path: self.config.clone(),
            });
        }
        for ((path, bytes), before) in planned.iter().zip(previous) {
            let metadata = fs::metadata(path).ok();
            let loose = metadata
                .as_ref()
                .map(|metadata| metadata.mode() & 0o077 != 0)
                .unwrap_or(false);
            if before.as_deref() == Some(bytes.as_slice()) && !loose {
                continue;
            }
            let owner = metadata
                .as_ref()
                .map(|metadata| (metadata.uid(), metadata.gid()))
                .or(self.new_file_owner);
            let options = WriteOptions {
                mode: 0o600,
                owner,
                ..WriteOptions::default()
            };
            locked_file::write_atomically(path, bytes, &options).map_err(from_locked)?;
            match &metadata {
                Some(metadata) if loose => changed.notices.push(Notice::ModeTightened {
                    path: path.clone(),
                    was: metadata.mode() & 0o777,
                }),
                Some(_) => {}
                None => changed.notices.push(Notice::Created { path: path.clone() }),
            }
            if changed.action == Action::Unchanged {
                changed.action = Action::Updated;
            }
            changed.files.push(path.clone());
        }
        Ok(changed)
    }

    /// Removes the config and the token and key files it names (those that exist). A config
    /// that does not parse was refused by [`SemaphoreFiles::load`].
    pub fn remove(&mut self) -> Result<Vec<PathBuf>, SemaphoreFileError> {
        let Some(inspected) = self.current()? else {
            return Ok(Vec::new());
        };
        let mut paths = vec![self.config.clone()];
        paths.extend(inspected.token_path);
        paths.extend(inspected.key_path);
        for path in &paths {
            if let FileState::NotRegular(kind) = inspect(path) {
                return Err(SemaphoreFileError::NotRegularFile {
                    path: path.clone(),
                    kind,
                });
            }
        }
        let mut removed = Vec::new();
        for path in paths {
            match fs::remove_file(&path) {
                Ok(()) => removed.push(path),
                Err(error) if error.kind() == io::ErrorKind::NotFound => {}
                Err(error) => return Err(SemaphoreFileError::io(&path, "remove", error)),
            }
        }
        if let Ok(dir) = File::open(parent_dir(&self.config)) {
            // Best effort: the removal happened whether or not this lands.
            let _ = dir.sync_all();
        }
        Ok(removed)
    }
}

fn existing_bytes(path: &Path) -> Result<Option<Vec<u8>>, SemaphoreFileError> {
    read_bytes(path)
}

fn absolute_dir(config: &Path) -> Result<PathBuf, SemaphoreFileError> {
    let dir = parent_dir(config);
    if dir.is_absolute() {
        return Ok(dir);
    }
    std::path::absolute(&dir).map_err(|error| SemaphoreFileError::io(&dir, "resolve", error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials() -> HostCredentials {
        HostCredentials {
            web_host: "https://semaphore.example".into(),
            token: RunnerToken::new("tok-1"),
            private_key: PrivateKey::new(
                "-----BEGIN RSA PRIVATE KEY-----\nabc\n-----END RSA PRIVATE KEY-----\n",
            ),
            max_parallel_tasks: 2,
            webhook: String::new(),
        }
    }

    #[test]
    fn a_new_config_has_semaphore_s_layout_and_three_private_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.runner.json");
        let mut files = SemaphoreFiles::load(&path, false, Duration::ZERO).unwrap();
        let changed = files.upsert(&credentials()).unwrap();
        assert_eq!(changed.action, Action::Added);
        assert_eq!(changed.files.len(), 3);
        let text = fs::read_to_string(&path).unwrap();
        let token = dir.path().join("runner.token");
        let key = dir.path().join("runner.key");
        assert_eq!(
            text,
            format!(
                "{{\n \t\"web_host\": \"https://semaphore.example\",\n \t\"runner\": {{\n \t\t\"token_file\": \"{}\",\n \t\t\"private_key_file\": \"{}\",\n \t\t\"max_parallel_tasks\": 2,\n \t\t\"webhook\": \"\"\n \t}}\n }}",
                token.display(),
                key.display()
            )
        );
        assert_eq!(fs::read_to_string(&token).unwrap(), "tok-1");
        for path in [&path, &token, &key] {
            assert_eq!(fs::metadata(path).unwrap().mode() & 0o777, 0o600);
        }
        let again = files.upsert(&credentials()).unwrap();
        assert_eq!(again.action, Action::Unchanged);
        assert!(again.files.is_empty());
    }

    #[test]
    fn other_keys_and_a_named_token_file_are_kept_and_a_loose_mode_tightened() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.runner.json");
        let token = dir.path().join("tok");
        fs::write(&path, format!("{{\"tmp_path\":\"/x\",\"runner\":{{\"one_off\":true,\"token_file\":\"{}\",\"token\":\"old\"}}}}", token.display())).unwrap();
        fs::write(&token, "tok-1").unwrap();
        fs::set_permissions(
            &token,
            <fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(0o644),
        )
        .unwrap();
        let mut files = SemaphoreFiles::load(&path, false, Duration::ZERO).unwrap();
        let changed = files.upsert(&credentials()).unwrap();
        assert_eq!(changed.action, Action::Updated);
        assert!(
            changed
                .notices
                .contains(&Notice::InlineTokenMoved { path: path.clone() })
        );
        assert!(changed.notices.contains(&Notice::ModeTightened {
            path: token.clone(),
            was: 0o644
        }));
        let (value, config) = parse(&fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(value.get("tmp_path").and_then(Value::as_str), Some("/x"));
        assert_eq!(config.token_file.as_deref(), Some(token.as_path()));
        assert!(!config.inline_token);
        assert_eq!(
            value.get("runner").and_then(|r| r.get("one_off")),
            Some(&Value::Bool(true))
        );
    }

    #[test]
    fn a_broken_config_or_a_directory_in_the_way_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.runner.json");
        fs::write(&path, "{\"web_host\": ").unwrap();
        let error = SemaphoreFiles::load(&path, false, Duration::ZERO).unwrap_err();
        assert!(
            matches!(error, SemaphoreFileError::Unparseable { line: 1, .. }),
            "{error}"
        );
        fs::write(&path, "{\"web_host\": 3}").unwrap();
        assert!(SemaphoreFiles::load(&path, false, Duration::ZERO).is_err());

        fs::remove_file(&path).unwrap();
        fs::create_dir(dir.path().join("runner.token")).unwrap();
        let mut files = SemaphoreFiles::load(&path, false, Duration::ZERO).unwrap();
        let error = files.upsert(&credentials()).unwrap_err();
        assert!(
            matches!(
                error,
                SemaphoreFileError::NotRegularFile {
                    kind: "a directory",
                    ..
                }
            ),
            "{error}"
        );
        assert!(!path.exists());
        assert!(!dir.path().join("runner.key").exists());
    }

    #[test]
    fn remove_takes_the_three_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.runner.json");
        let mut files = SemaphoreFiles::load(&path, false, Duration::ZERO).unwrap();
        files.upsert(&credentials()).unwrap();
        assert_eq!(files.remove().unwrap().len(), 3);
        assert!(fs::read_dir(dir.path()).unwrap().all(|entry| {
            entry
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".lock")
        }));
    }
}
