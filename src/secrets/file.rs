//! The `file:PATH` store: one JSON file, mode 0600, for headless hosts and tests.
//!
//! Writers take an exclusive lock on `PATH.lock`, read the file, change it and replace it
//! atomically (temporary file in the same directory, fsync, rename, fsync of the directory), so
//! concurrent runs all land and a crash leaves the old file or the new one. Readers need no
//! lock: a rename never shows them half a file. A file that does not parse is never
//! overwritten.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::store::{SecretStoreError, StoredRunner};
use crate::instance_url::InstanceUrl;
use crate::locked_file::{
    self, DirSync, FileLock, LockOptions, LockRefusal, LockedFileError, WriteOptions,
};
use crate::token::{ApiToken, RunnerToken};

const FORMAT_VERSION: u32 = 1;
/// Far more than any number of runners needs; past it the file is not runnerctl's.
const MAX_STORE_SIZE: u64 = 16 * 1024 * 1024;

#[derive(Debug, Clone)]
pub(super) struct FileStore {
    /// The file that holds the tokens, with a symlink resolved so the rename replaces the
    /// target rather than the link.
    path: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Contents {
    version: u32,
    #[serde(default)]
    runners: Vec<RunnerRecord>,
    #[serde(default)]
    api_tokens: Vec<ApiTokenRecord>,
    /// Fields a newer runnerctl may add survive a rewrite by this one.
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Serialize, Deserialize)]
struct RunnerRecord {
    url: String,
    runner_id: u64,
    token: String,
    /// Absent in files written before names were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct ApiTokenRecord {
    url: String,
    token: String,
}

impl FileStore {
    pub(super) fn new(path: &Path) -> Result<FileStore, SecretStoreError> {
        let absolute = std::path::absolute(path).map_err(|source| SecretStoreError::File {
            path: path.to_path_buf(),
            action: "resolve",
            source,
        })?;
        let path = match std::fs::symlink_metadata(&absolute) {
            Ok(meta) if meta.file_type().is_symlink() => std::fs::canonicalize(&absolute)
                .or_else(|_| {
                    // A dangling link: its target is created by the first write.
                    std::fs::read_link(&absolute).map(|target| match absolute.parent() {
                        Some(dir) => dir.join(target),
                        None => target,
                    })
                })
                .map_err(|source| SecretStoreError::File {
                    path: absolute.clone(),
                    action: "resolve the symlink",
                    source,
                })?,
            _ => absolute,
        };
        Ok(FileStore { path })
    }

    pub(super) fn label(&self) -> String {
        format!("file {}", self.path.display())
    }

    /// A store that group or others may read exposes every token in it.
    pub(super) fn permission_warning(&self) -> Option<String> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(&self.path).ok()?;
            let mode = meta.permissions().mode() & 0o777;
            if meta.is_file() && mode & 0o077 != 0 {
                return Some(format!(
                    "the secret store {} has mode {mode:04o}: other users may read its tokens; \
                     the next change writes it back with mode 0600 (or run chmod 600 now)",
                    self.path.display()
                ));
            }
        }
        None
    }

    pub(super) fn put_runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
        token: &RunnerToken,
        name: Option<&str>,
    ) -> Result<(), SecretStoreError> {
        self.update(|contents| {
            let url = url.as_str();
            match contents
                .runners
                .iter_mut()
                .find(|record| record.url == url && record.runner_id == runner_id)
            {
                Some(record)
                    if record.token == token.expose()
                        && (name.is_none() || record.name.as_deref() == name) =>
                {
                    return false;
                }
                Some(record) => {
                    record.token = token.expose().to_string();
                    if let Some(name) = name {
                        record.name = Some(name.to_string());
                    }
                }
                None => contents.runners.push(RunnerRecord {
                    url: url.to_string(),
                    runner_id,
                    token: token.expose().to_string(),
                    name: name.map(str::to_string),
                }),
            }
            true
        })
    }

    pub(super) fn runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
    ) -> Result<Option<RunnerToken>, SecretStoreError> {
        let contents = self.load()?;
        Ok(contents
            .runners
            .into_iter()
            .find(|record| record.url == url.as_str() && record.runner_id == runner_id)
            .map(|record| RunnerToken::new(record.token)))
    }

    pub(super) fn delete_runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
    ) -> Result<bool, SecretStoreError> {
        if !self.path.exists() {
            return Ok(false);
        }
        let mut deleted = false;
        self.update(|contents| {
            let before = contents.runners.len();
            contents
                .runners
                .retain(|record| !(record.url == url.as_str() && record.runner_id == runner_id));
            deleted = contents.runners.len() != before;
            deleted
        })?;
        Ok(deleted)
    }

    pub(super) fn stored_runners(&self) -> Result<Vec<StoredRunner>, SecretStoreError> {
        let runners = self
            .load()?
            .runners
            .into_iter()
            .map(|record| StoredRunner {
                url: record.url,
                runner_id: record.runner_id,
                name: record.name,
            })
            .collect();
        Ok(super::store::sorted(runners))
    }

    pub(super) fn logins(&self) -> Result<Vec<InstanceUrl>, SecretStoreError> {
        let mut urls: Vec<InstanceUrl> = self
            .load()?
            .api_tokens
            .into_iter()
            .filter_map(|record| InstanceUrl::parse(&record.url).ok())
            .collect();
        urls.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        urls.dedup();
        Ok(urls)
    }

    pub(super) fn put_api_token(
        &self,
        url: &InstanceUrl,
        token: &ApiToken,
    ) -> Result<(), SecretStoreError> {
        self.update(|contents| {
            let url = url.as_str();
            match contents
                .api_tokens
                .iter_mut()
                .find(|record| record.url == url)
            {
                Some(record) if record.token == token.expose() => return false,
                Some(record) => record.token = token.expose().to_string(),
                None => contents.api_tokens.push(ApiTokenRecord {
                    url: url.to_string(),
                    token: token.expose().to_string(),
                }),
            }
            true
        })
    }

    pub(super) fn api_token(
        &self,
        url: &InstanceUrl,
    ) -> Result<Option<ApiToken>, SecretStoreError> {
        Ok(self
            .load()?
            .api_tokens
            .into_iter()
            .find(|record| record.url == url.as_str())
            .map(|record| ApiToken::new(record.token)))
    }

    pub(super) fn delete_api_token(&self, url: &InstanceUrl) -> Result<bool, SecretStoreError> {
        if !self.path.exists() {
            return Ok(false);
        }
        let mut deleted = false;
        self.update(|contents| {
            let before = contents.api_tokens.len();
            contents
                .api_tokens
                .retain(|record| record.url != url.as_str());
            deleted = contents.api_tokens.len() != before;
            deleted
        })?;
        Ok(deleted)
    }

    fn load(&self) -> Result<Contents, SecretStoreError> {
        // Never blocks on a FIFO planted at the path, nor reads a device forever.
        let bytes = match crate::regular_file::read(&self.path, MAX_STORE_SIZE) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Contents {
                    version: FORMAT_VERSION,
                    ..Contents::default()
                });
            }
            Err(source) => {
                return Err(SecretStoreError::File {
                    path: self.path.clone(),
                    action: "read",
                    source,
                });
            }
        };
        // An empty file (made by `touch` or `install -m 600 /dev/null`) is an empty store.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Contents {
                version: FORMAT_VERSION,
                ..Contents::default()
            });
        }
        let contents: Contents = serde_json::from_slice(&bytes).map_err(|error| {
            // serde_json quotes the offending value ("invalid type: string \"glrt-…\""), which
            // may be a token: only the position and the kind of problem are shown.
            SecretStoreError::FileContents {
                path: self.path.clone(),
                reason: format!(
                    "{} at line {} column {}",
                    match error.classify() {
                        serde_json::error::Category::Syntax => "not valid JSON",
                        serde_json::error::Category::Eof => "it ends too early",
                        serde_json::error::Category::Data =>
                            "a field is missing or has the wrong type",
                        serde_json::error::Category::Io => "it could not be read",
                    },
                    error.line(),
                    error.column()
                ),
            }
        })?;
        if contents.version > FORMAT_VERSION {
            return Err(SecretStoreError::FileContents {
                path: self.path.clone(),
                reason: format!(
                    "format version {} is newer than this runnerctl understands ({FORMAT_VERSION}): \
                     upgrade runnerctl",
                    contents.version
                ),
            });
        }
        Ok(contents)
    }

    /// Read, change and replace the file under the lock; `change` says whether it changed
    /// anything, so a no-op never rewrites the file.
    fn update(&self, change: impl FnOnce(&mut Contents) -> bool) -> Result<(), SecretStoreError> {
        let dir = self.dir();
        if !dir.as_os_str().is_empty() {
            create_private_dir(dir).map_err(|source| SecretStoreError::File {
                path: dir.to_path_buf(),
                action: "create the directory",
                source,
            })?;
        }
        let _lock = self.lock()?;
        // Each a full copy of every token in the store.
        locked_file::remove_stale_temp_files(&self.path, &[]);
        let mut contents = self.load()?;
        if !change(&mut contents) {
            return Ok(());
        }
        contents.version = FORMAT_VERSION;
        self.replace(&contents)
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new(""))
    }

    /// Locks `PATH.lock`, waiting as long as it takes: another writer holds it only for one
    /// read and rename, and the caller bounds how long it waits for the store.
    fn lock(&self) -> Result<FileLock, SecretStoreError> {
        let options = LockOptions {
            timeout: Duration::MAX,
            ..LockOptions::default()
        };
        FileLock::acquire(&locked_file::lock_path(&self.path), &options).map_err(store_error)
    }

    fn replace(&self, contents: &Contents) -> Result<(), SecretStoreError> {
        let mut data = serde_json::to_vec_pretty(contents).map_err(|error| {
            SecretStoreError::FileContents {
                path: self.path.clone(),
                reason: format!("cannot encode the store: {}", error.classify_name()),
            }
        })?;
        data.push(b'\n');
        // A failed directory flush must not report a token that was stored as lost.
        let options = WriteOptions {
            dir_sync: DirSync::BestEffort,
            ..WriteOptions::default()
        };
        locked_file::write_atomically(&self.path, &data, &options).map_err(store_error)
    }
}

/// The store's error for a lock or write failure, naming the file and what was being done.
fn store_error(error: LockedFileError) -> SecretStoreError {
    match error {
        LockedFileError::BadLockFile { path, refusal } => SecretStoreError::File {
            path,
            action: "open the lock file",
            source: std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                match refusal {
                    LockRefusal::NotRegular(kind) => format!("it is {kind}; remove it"),
                    LockRefusal::Symlink | LockRefusal::HardLink => {
                        format!("it is {}", refusal.kind())
                    }
                },
            ),
        },
        LockedFileError::LockTimeout { path, pid, waited } => SecretStoreError::File {
            path,
            action: "lock",
            source: std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!(
                    "it is still held by {} after {} s",
                    locked_file::holder(pid),
                    waited.as_secs()
                ),
            ),
        },
        LockedFileError::Io {
            path,
            action,
            source,
        } => SecretStoreError::File {
            path,
            action,
            source,
        },
    }
}

trait ClassifyName {
    fn classify_name(&self) -> &'static str;
}

impl ClassifyName for serde_json::Error {
    fn classify_name(&self) -> &'static str {
        match self.classify() {
            serde_json::error::Category::Io => "an I/O error",
            serde_json::error::Category::Syntax => "a syntax error",
            serde_json::error::Category::Data => "a data error",
            serde_json::error::Category::Eof => "an early end",
        }
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Makes a rename or a new file in `dir` durable. Best effort: some filesystems refuse to
/// sync a directory, and the data itself is already synced.
pub(super) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(handle) = File::open(dir) {
            let _ = handle.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> InstanceUrl {
        InstanceUrl::parse(text).unwrap()
    }

    fn store_in(dir: &tempfile::TempDir) -> FileStore {
        FileStore::new(&dir.path().join("secrets.json")).unwrap()
    }

    #[test]
    fn runner_token_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let gitlab = url("https://gitlab.example.com");
        assert_eq!(store.runner_token(&gitlab, 42).unwrap(), None);
        let token = RunnerToken::new("glrt-round-trip-secret");
        store.put_runner_token(&gitlab, 42, &token, None).unwrap();
        assert_eq!(store.runner_token(&gitlab, 42).unwrap(), Some(token));
        assert_eq!(store.runner_token(&gitlab, 43).unwrap(), None);

        let rotated = RunnerToken::new("glrt-rotated-secret");
        store.put_runner_token(&gitlab, 42, &rotated, None).unwrap();
        assert_eq!(store.runner_token(&gitlab, 42).unwrap(), Some(rotated));
        assert_eq!(store.stored_runners().unwrap().len(), 1);

        assert!(store.delete_runner_token(&gitlab, 42).unwrap());
        assert!(!store.delete_runner_token(&gitlab, 42).unwrap());
        assert_eq!(store.runner_token(&gitlab, 42).unwrap(), None);
    }

    #[test]
    fn api_token_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let gitlab = url("https://gitlab.example.com");
        assert_eq!(store.api_token(&gitlab).unwrap(), None);
        store
            .put_api_token(&gitlab, &ApiToken::new("glpat-api-secret"))
            .unwrap();
        assert_eq!(
            store.api_token(&gitlab).unwrap(),
            Some(ApiToken::new("glpat-api-secret"))
        );
        assert_eq!(
            store.api_token(&url("https://other.example.com")).unwrap(),
            None
        );
        assert!(store.delete_api_token(&gitlab).unwrap());
        assert!(!store.delete_api_token(&gitlab).unwrap());
        assert_eq!(store.api_token(&gitlab).unwrap(), None);
    }

    #[test]
    fn instances_on_one_host_do_not_collide() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let urls = [
            url("https://host"),
            url("https://host:8443"),
            url("https://host/gitlab"),
            url("http://host"),
        ];
        for (index, gitlab) in urls.iter().enumerate() {
            let token = RunnerToken::new(format!("glrt-instance-{index}"));
            store.put_runner_token(gitlab, 7, &token, None).unwrap();
            store
                .put_api_token(gitlab, &ApiToken::new(format!("glpat-{index}")))
                .unwrap();
        }
        for (index, gitlab) in urls.iter().enumerate() {
            assert_eq!(
                store.runner_token(gitlab, 7).unwrap(),
                Some(RunnerToken::new(format!("glrt-instance-{index}")))
            );
            assert_eq!(
                store.api_token(gitlab).unwrap(),
                Some(ApiToken::new(format!("glpat-{index}")))
            );
        }
        assert!(store.delete_runner_token(&urls[1], 7).unwrap());
        assert!(store.runner_token(&urls[0], 7).unwrap().is_some());
        assert!(store.runner_token(&urls[2], 7).unwrap().is_some());
    }

    #[test]
    fn index_lists_every_stored_runner_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let b = url("https://b.example.com");
        let a = url("https://a.example.com");
        store
            .put_runner_token(&b, 2, &RunnerToken::new("glrt-1"), None)
            .unwrap();
        store
            .put_runner_token(&a, 9, &RunnerToken::new("glrt-2"), None)
            .unwrap();
        store
            .put_runner_token(&a, 3, &RunnerToken::new("glrt-3"), None)
            .unwrap();
        let listed = store.stored_runners().unwrap();
        let listed: Vec<(&str, u64)> = listed
            .iter()
            .map(|runner| (runner.url.as_str(), runner.runner_id))
            .collect();
        assert_eq!(
            listed,
            [
                ("https://a.example.com", 3),
                ("https://a.example.com", 9),
                ("https://b.example.com", 2)
            ]
        );
    }

    #[test]
    fn index_keeps_the_name_given_and_a_later_store_without_one_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let gitlab = url("https://gitlab.example.com");
        store
            .put_runner_token(&gitlab, 5, &RunnerToken::new("glrt-1"), Some("build-01"))
            .unwrap();
        store
            .put_runner_token(&gitlab, 5, &RunnerToken::new("glrt-2"), None)
            .unwrap();
        let listed = store.stored_runners().unwrap();
        assert_eq!(listed[0].name.as_deref(), Some("build-01"));
        assert_eq!(
            store.runner_token(&gitlab, 5).unwrap(),
            Some(RunnerToken::new("glrt-2"))
        );
        store
            .put_runner_token(&gitlab, 5, &RunnerToken::new("glrt-2"), Some("build-02"))
            .unwrap();
        assert_eq!(
            store.stored_runners().unwrap()[0].name.as_deref(),
            Some("build-02")
        );
    }

    #[test]
    fn a_file_written_before_names_were_kept_lists_runners_without_one() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        std::fs::write(
            &store.path,
            r#"{"version": 1, "runners": [{"url": "https://h", "runner_id": 3, "token": "glrt-old"}]}"#,
        )
        .unwrap();
        let listed = store.stored_runners().unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].name, None);
        // Rewriting it writes no name it does not know.
        store
            .put_runner_token(&url("https://h"), 4, &RunnerToken::new("glrt-new"), None)
            .unwrap();
        let text = std::fs::read_to_string(&store.path).unwrap();
        assert!(!text.contains("\"name\""), "{text}");
    }

    #[test]
    fn logins_list_every_url_with_an_api_token() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        assert_eq!(store.logins().unwrap(), Vec::new());
        for text in ["https://b.example.com", "https://a.example.com"] {
            store
                .put_api_token(&url(text), &ApiToken::new("glpat-x"))
                .unwrap();
        }
        assert_eq!(
            store.logins().unwrap(),
            [url("https://a.example.com"), url("https://b.example.com")]
        );
        store
            .delete_api_token(&url("https://a.example.com"))
            .unwrap();
        assert_eq!(store.logins().unwrap(), [url("https://b.example.com")]);
    }

    #[cfg(unix)]
    #[test]
    fn file_is_created_0600_and_a_wider_one_is_narrowed_on_write() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let gitlab = url("https://gitlab.example.com");
        store
            .put_runner_token(&gitlab, 1, &RunnerToken::new("glrt-a"), None)
            .unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store.path), 0o600);
        assert_eq!(store.permission_warning(), None);

        std::fs::set_permissions(&store.path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let warning = store.permission_warning().unwrap();
        assert!(warning.contains("0644"), "{warning}");
        assert!(
            warning.contains(&store.path.display().to_string()),
            "{warning}"
        );
        store
            .put_runner_token(&gitlab, 2, &RunnerToken::new("glrt-b"), None)
            .unwrap();
        assert_eq!(mode(&store.path), 0o600);
        let lock = dir.path().join("secrets.json.lock");
        assert_eq!(mode(&lock), 0o600);
    }

    #[test]
    fn a_write_removes_stale_temp_files_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let stale = dir.path().join(".secrets.json.4242.17.tmp");
        std::fs::write(&stale, r#"{"runners": [{"token": "glrt-stale-copy"}]}"#).unwrap();
        let unrelated = [
            dir.path().join(".other.json.1.2.tmp"),
            dir.path().join("secrets.json.tmp"),
        ];
        for path in &unrelated {
            std::fs::write(path, "keep").unwrap();
        }
        store
            .put_runner_token(&url("https://h"), 1, &RunnerToken::new("glrt-x"), None)
            .unwrap();
        assert!(!stale.exists());
        for path in &unrelated {
            assert!(path.exists(), "{}", path.display());
        }
    }

    #[test]
    fn creates_missing_directories() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(&dir.path().join("a/b/secrets")).unwrap();
        store
            .put_runner_token(&url("https://h"), 1, &RunnerToken::new("glrt-x"), None)
            .unwrap();
        assert!(dir.path().join("a/b/secrets").is_file());
    }

    #[test]
    fn empty_file_is_an_empty_store() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        std::fs::write(&store.path, "").unwrap();
        assert_eq!(store.stored_runners().unwrap(), Vec::new());
        store
            .put_runner_token(&url("https://h"), 1, &RunnerToken::new("glrt-x"), None)
            .unwrap();
        assert_eq!(store.stored_runners().unwrap().len(), 1);
    }

    #[test]
    fn unparseable_file_is_an_error_naming_it_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let broken = "{\"version\": 1, \"runners\": [ {\"url\": \"https://h\", \"runner_id\": \"glrt-leaked-secret\"";
        std::fs::write(&store.path, broken).unwrap();
        let gitlab = url("https://h");

        let read_error = store.runner_token(&gitlab, 1).unwrap_err();
        let write_error = store
            .put_runner_token(&gitlab, 1, &RunnerToken::new("glrt-new"), None)
            .unwrap_err();
        for error in [read_error, write_error] {
            let shown = format!("{error} {error:?}");
            assert!(shown.contains(&store.path.display().to_string()), "{shown}");
            assert!(!shown.contains("leaked-secret"), "{shown}");
            assert!(matches!(error, SecretStoreError::FileContents { .. }));
        }
        assert_eq!(std::fs::read_to_string(&store.path).unwrap(), broken);
        assert!(store.delete_runner_token(&gitlab, 1).is_err());
        assert_eq!(std::fs::read_to_string(&store.path).unwrap(), broken);
    }

    #[test]
    fn wrong_type_error_does_not_quote_the_token() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        std::fs::write(
            &store.path,
            r#"{"version": 1, "runners": [{"url": "https://h", "runner_id": "glrt-quoted-secret", "token": "x"}]}"#,
        )
        .unwrap();
        let error = store.stored_runners().unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("quoted-secret"), "{shown}");
        assert!(shown.contains("line 1"), "{shown}");
    }

    #[test]
    fn newer_format_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        let newer = r#"{"version": 2, "runners": []}"#;
        std::fs::write(&store.path, newer).unwrap();
        assert!(store.stored_runners().is_err());
        assert!(
            store
                .put_runner_token(&url("https://h"), 1, &RunnerToken::new("glrt-x"), None)
                .is_err()
        );
        assert_eq!(std::fs::read_to_string(&store.path).unwrap(), newer);
    }

    #[test]
    fn unknown_fields_survive_a_rewrite() {
        let dir = tempfile::tempdir().unwrap();
        let store = store_in(&dir);
        std::fs::write(&store.path, r#"{"version": 1, "future": {"x": 1}}"#).unwrap();
        store
            .put_runner_token(&url("https://h"), 1, &RunnerToken::new("glrt-x"), None)
            .unwrap();
        let text = std::fs::read_to_string(&store.path).unwrap();
        assert!(text.contains("\"future\""), "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_file_is_written_at_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real-secrets");
        let link = dir.path().join("secrets");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let store = FileStore::new(&link).unwrap();
        store
            .put_runner_token(&url("https://h"), 1, &RunnerToken::new("glrt-x"), None)
            .unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(target.is_file());
    }

    #[test]
    fn concurrent_writers_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets.json");
        let gitlab = url("https://gitlab.example.com");
        std::thread::scope(|scope| {
            for id in 0..16u64 {
                let path = &path;
                let gitlab = &gitlab;
                scope.spawn(move || {
                    let store = FileStore::new(path).unwrap();
                    store
                        .put_runner_token(gitlab, id, &RunnerToken::new(format!("glrt-{id}")), None)
                        .unwrap();
                });
            }
        });
        let store = FileStore::new(&path).unwrap();
        assert_eq!(store.stored_runners().unwrap().len(), 16);
        for id in 0..16u64 {
            assert_eq!(
                store.runner_token(&gitlab, id).unwrap(),
                Some(RunnerToken::new(format!("glrt-{id}")))
            );
        }
    }

    #[test]
    fn file_errors_name_the_file_and_hold_no_token() {
        let dir = tempfile::tempdir().unwrap();
        // A directory where the file should be: reading it fails.
        let path = dir.path().join("secrets");
        std::fs::create_dir(&path).unwrap();
        let store = FileStore::new(&path).unwrap();
        let error = store
            .put_runner_token(
                &url("https://h"),
                1,
                &RunnerToken::new("glrt-dir-secret"),
                None,
            )
            .unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(shown.contains(&path.display().to_string()), "{shown}");
        assert!(!shown.contains("dir-secret"), "{shown}");
    }
}
