//! The store chosen by `RUNNERCTL_KEYRING`, and the one API every command uses on it.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::file::FileStore;
use super::os::OsStore;
use crate::instance_url::InstanceUrl;
use crate::token::{ApiToken, RunnerToken};

/// The environment variable that chooses the store.
pub const KEYRING_ENV: &str = "RUNNERCTL_KEYRING";

const ACCEPTED_FORMS: &str = "os, file:PATH or none";

/// Where runnerctl keeps runner and API tokens. A clone is a handle on the same store.
#[derive(Debug, Clone)]
pub struct SecretStore {
    backend: Backend,
}

#[derive(Debug, Clone)]
enum Backend {
    Os(OsStore),
    File(FileStore),
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoreKind {
    Os,
    File,
    None,
}

/// One runner whose token the store holds: an entry of the store's index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct StoredRunner {
    pub url: String,
    pub runner_id: u64,
    /// The runner's description or config entry name when it was stored; `None` when none
    /// was known, and in indexes written before names were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl StoredRunner {
    pub(super) fn is(&self, url: &InstanceUrl, runner_id: u64) -> bool {
        self.url == url.as_str() && self.runner_id == runner_id
    }
}

/// Sorted by URL then id, one entry per runner.
pub(super) fn sorted(mut runners: Vec<StoredRunner>) -> Vec<StoredRunner> {
    runners.sort();
    runners.dedup_by(|a, b| a.url == b.url && a.runner_id == b.runner_id);
    runners
}

/// What went wrong with the store. Messages name the store or the file and never hold a token,
/// even when the underlying library would have quoted one.
#[derive(Debug, thiserror::Error)]
pub enum SecretStoreError {
    #[error("{KEYRING_ENV}={value:?} is not understood: use {ACCEPTED_FORMS}")]
    BadSpec { value: String },

    #[error("{KEYRING_ENV} is not valid UTF-8: use {ACCEPTED_FORMS}")]
    BadSpecEncoding,

    #[error("the secret store is disabled ({KEYRING_ENV}=none): nothing is stored")]
    Disabled,

    #[error("{store} is not available: {reason}")]
    Unavailable { store: String, reason: String },

    #[error("{store} could not {action}: {reason}")]
    Backend {
        store: String,
        action: String,
        reason: String,
    },

    #[error(
        "{store} did not answer within {seconds} s while trying to {action} \
         (is it waiting for an unlock prompt nobody can see?)"
    )]
    Timeout {
        store: String,
        action: String,
        seconds: u64,
    },

    #[error(
        "{store} did not take the token within {seconds} s (another process may hold its lock, \
         or it waits for an unlock prompt nobody can see)"
    )]
    NoAnswer { store: String, seconds: u64 },

    /// The token itself is stored and readable; only the list of stored runners (used by
    /// `doctor` and the not-found hints) misses it. Callers may treat this as success with a
    /// warning: falling back to another place would store the token twice.
    #[error(
        "the token of runner {runner_id} is stored in {store}, but the list of stored runners \
         could not be updated: {reason}"
    )]
    StoredButNotListed {
        store: String,
        runner_id: u64,
        reason: String,
    },

    #[error("cannot {action} {}: {source}", path.display())]
    File {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "{} is not a runnerctl secret file ({reason}); it was left untouched: \
         repair it, or move it away to start a new one",
        path.display()
    )]
    FileContents { path: PathBuf, reason: String },
}

impl SecretStore {
    /// The store `RUNNERCTL_KEYRING` names; `os` when it is unset or empty.
    pub fn from_env() -> Result<SecretStore, SecretStoreError> {
        match std::env::var(KEYRING_ENV) {
            Ok(value) => SecretStore::open(&value),
            Err(std::env::VarError::NotPresent) => SecretStore::open(""),
            Err(std::env::VarError::NotUnicode(_)) => Err(SecretStoreError::BadSpecEncoding),
        }
    }

    /// `os`, `file:PATH` or `none`; an empty spec means `os`.
    pub fn open(spec: &str) -> Result<SecretStore, SecretStoreError> {
        let spec = spec.trim();
        let backend = if spec.is_empty() || spec == "os" {
            Backend::Os(OsStore::open()?)
        } else if spec == "none" {
            Backend::None
        } else if let Some(path) = spec.strip_prefix("file:") {
            if path.is_empty() {
                return Err(SecretStoreError::BadSpec {
                    value: spec.to_string(),
                });
            }
            Backend::File(FileStore::new(Path::new(path))?)
        } else {
            return Err(SecretStoreError::BadSpec {
                value: spec.to_string(),
            });
        };
        Ok(SecretStore { backend })
    }

    pub fn kind(&self) -> StoreKind {
        match self.backend {
            Backend::Os(_) => StoreKind::Os,
            Backend::File(_) => StoreKind::File,
            Backend::None => StoreKind::None,
        }
    }

    /// The store as messages name it: "the Secret Service", "file /path", …
    pub fn label(&self) -> String {
        match &self.backend {
            Backend::Os(store) => store.label().to_string(),
            Backend::File(store) => store.label(),
            Backend::None => format!("no secret store ({KEYRING_ENV}=none)"),
        }
    }

    /// What the operator should know about this store before trusting it with a token,
    /// e.g. that the kernel keyring forgets everything on reboot.
    pub fn notices(&self) -> Vec<String> {
        match &self.backend {
            Backend::Os(store) => store.notices(),
            Backend::File(_) | Backend::None => Vec::new(),
        }
    }

    /// The technical detail behind [`SecretStore::notices`] (such as the D-Bus error that
    /// made the Secret Service unreachable), for a verbose log rather than a warning.
    pub fn notice_details(&self) -> Vec<String> {
        match &self.backend {
            Backend::Os(store) => store.notice_details(),
            Backend::File(_) | Backend::None => Vec::new(),
        }
    }

    /// Set when the store is a file that group or others may read: every command that opens
    /// the store says so once.
    pub fn permission_warning(&self) -> Option<String> {
        match &self.backend {
            Backend::File(store) => store.permission_warning(),
            Backend::Os(_) | Backend::None => None,
        }
    }

    /// Stores the runner's token; `name` (its description or config entry name) goes to the
    /// index, and `None` keeps the name an earlier store recorded.
    pub fn put_runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
        token: &RunnerToken,
        name: Option<&str>,
    ) -> Result<(), SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.put_runner_token(url, runner_id, token, name),
            Backend::File(store) => store.put_runner_token(url, runner_id, token, name),
            Backend::None => Err(SecretStoreError::Disabled),
        }
    }

    /// The token stored for this runner of this GitLab instance, if any. `none` holds nothing.
    pub fn runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
    ) -> Result<Option<RunnerToken>, SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.runner_token(url, runner_id),
            Backend::File(store) => store.runner_token(url, runner_id),
            Backend::None => Ok(None),
        }
    }

    /// Forgets the runner's token; `false` when there was none.
    pub fn delete_runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
    ) -> Result<bool, SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.delete_runner_token(url, runner_id),
            Backend::File(store) => store.delete_runner_token(url, runner_id),
            Backend::None => Ok(false),
        }
    }

    /// Every runner the store holds a token for, sorted by URL then id.
    pub fn stored_runners(&self) -> Result<Vec<StoredRunner>, SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.stored_runners(),
            Backend::File(store) => store.stored_runners(),
            Backend::None => Ok(Vec::new()),
        }
    }

    /// Every URL the store holds an API token for, sorted.
    pub fn logins(&self) -> Result<Vec<InstanceUrl>, SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.logins(),
            Backend::File(store) => store.logins(),
            Backend::None => Ok(Vec::new()),
        }
    }

    pub fn put_api_token(
        &self,
        url: &InstanceUrl,
        token: &ApiToken,
    ) -> Result<(), SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.put_api_token(url, token),
            Backend::File(store) => store.put_api_token(url, token),
            Backend::None => Err(SecretStoreError::Disabled),
        }
    }

    pub fn api_token(&self, url: &InstanceUrl) -> Result<Option<ApiToken>, SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.api_token(url),
            Backend::File(store) => store.api_token(url),
            Backend::None => Ok(None),
        }
    }

    pub fn delete_api_token(&self, url: &InstanceUrl) -> Result<bool, SecretStoreError> {
        match &self.backend {
            Backend::Os(store) => store.delete_api_token(url),
            Backend::File(store) => store.delete_api_token(url),
            Backend::None => Ok(false),
        }
    }
}

/// Writes a token to a new file with mode 0600, refusing to overwrite an existing one, and
/// makes it durable before returning: `create`'s fallback when the store cannot take the token,
/// where losing the file would lose the runner's only token.
pub fn write_token_file(path: &Path, token: &RunnerToken) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let written = file
        .write_all(token.expose().as_bytes())
        .and_then(|()| file.write_all(b"\n"))
        .and_then(|()| file.sync_all());
    if let Err(error) = written {
        // A half-written token file would be mistaken for the token later.
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(error);
    }
    if let Some(dir) = path.parent() {
        super::file::sync_dir(dir);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> InstanceUrl {
        InstanceUrl::parse(text).unwrap()
    }

    #[test]
    fn open_rejects_unknown_specs_naming_the_variable_and_forms() {
        for spec in ["keychain", "file:", "File:/x", "nothing"] {
            let error = SecretStore::open(spec).unwrap_err();
            let message = error.to_string();
            assert!(message.contains("RUNNERCTL_KEYRING"), "{message}");
            assert!(message.contains("os, file:PATH or none"), "{message}");
        }
    }

    #[test]
    fn none_store_holds_nothing_and_refuses_to_store() {
        let store = SecretStore::open("none").unwrap();
        assert_eq!(store.kind(), StoreKind::None);
        assert!(store.label().contains("none"));
        let gitlab = url("https://gitlab.example.com");
        let token = RunnerToken::new("glrt-none-secret-value");
        let error = store
            .put_runner_token(&gitlab, 1, &token, None)
            .unwrap_err();
        assert!(matches!(error, SecretStoreError::Disabled));
        assert!(!format!("{error} {error:?}").contains("none-secret"));
        assert!(matches!(
            store.put_api_token(&gitlab, &ApiToken::new("glpat-x")),
            Err(SecretStoreError::Disabled)
        ));
        assert_eq!(store.runner_token(&gitlab, 1).unwrap(), None);
        assert!(!store.delete_runner_token(&gitlab, 1).unwrap());
        assert_eq!(store.stored_runners().unwrap(), Vec::new());
        assert_eq!(store.logins().unwrap(), Vec::new());
        assert_eq!(store.api_token(&gitlab).unwrap(), None);
        assert!(!store.delete_api_token(&gitlab).unwrap());
        assert!(store.notices().is_empty());
    }

    #[test]
    fn file_spec_opens_a_file_store_labelled_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets");
        let store = SecretStore::open(&format!("file:{}", path.display())).unwrap();
        assert_eq!(store.kind(), StoreKind::File);
        assert_eq!(store.label(), format!("file {}", path.display()));
    }

    #[cfg(unix)]
    #[test]
    fn write_token_file_makes_a_0600_file_and_refuses_to_overwrite() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runnerctl-runner-7.token");
        let token = RunnerToken::new("glrt-first-secret");
        write_token_file(&path, &token).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "glrt-first-secret\n"
        );
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);

        let error = write_token_file(&path, &RunnerToken::new("glrt-second")).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "glrt-first-secret\n"
        );
    }

    #[test]
    fn write_token_file_refuses_to_follow_a_symlink_onto_an_existing_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("precious");
        std::fs::write(&target, "keep me").unwrap();
        let link = dir.path().join("token");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, &link).unwrap();
        #[cfg(unix)]
        assert!(write_token_file(&link, &RunnerToken::new("glrt-x")).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    }
}
