//! The `os` store: the platform's credential store through keyring-core, chosen explicitly.
//!
//! - macOS: the Keychain; Windows: the Credential Manager.
//! - Linux: the Secret Service (GNOME Keyring, KWallet, KeePassXC) when one answers on the
//!   session bus; otherwise the kernel keyring (keyutils). The keyutils store puts each key in
//!   the caller's session keyring and links it into the user's persistent keyring
//!   (keyrings(7), persistent-keyring(7)), so a later `runnerctl` of the same user, even in
//!   another login session, finds it. It is lost on reboot, and when the persistent keyring
//!   expires after `/proc/sys/kernel/keys/persistent_keyring_expiry` seconds unused (3 days by
//!   default); a kernel without persistent keyrings keeps it only for the session.
//!
//! Every entry has the service `runnerctl` and a user that encodes what it holds and for which
//! GitLab instance: `runner/<id>@<url>`, `api@<url>`, and `index` for the list of stored runners
//! (with the name each was stored under) and of the URLs with an API token (a store cannot be
//! listed portably). The URL is the normalised one, so each instance has its
//! own entries.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use keyring_core::{CredentialStore, Entry, Error as KeyringError};
use serde::{Deserialize, Serialize};

use super::store::{SecretStoreError, StoredRunner};
use crate::instance_url::InstanceUrl;
use crate::token::{ApiToken, RunnerToken};

const SERVICE: &str = "runnerctl";
const INDEX_USER: &str = "index";
const INDEX_VERSION: u32 = 1;

/// A desktop unlock prompt may need a person; a headless one never answers. Past this, the
/// caller gets an error and can fall back (create writes a token file) instead of hanging.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(120);
/// Connecting includes D-Bus activation of the Secret Service, which takes a second or two.
#[cfg(target_os = "linux")]
const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum OsFlavor {
    #[cfg(target_os = "linux")]
    SecretService,
    #[cfg(target_os = "linux")]
    Keyutils,
    #[cfg(target_os = "macos")]
    Keychain,
    #[cfg(target_os = "windows")]
    WindowsCredentialManager,
    /// A platform with no supported store; never opened, but it names the failure.
    #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
    Unsupported,
}

impl OsFlavor {
    fn label(self) -> &'static str {
        match self {
            #[cfg(target_os = "linux")]
            OsFlavor::SecretService => "the Secret Service",
            #[cfg(target_os = "linux")]
            OsFlavor::Keyutils => "the kernel keyring (keyutils)",
            #[cfg(target_os = "macos")]
            OsFlavor::Keychain => "macOS Keychain",
            #[cfg(target_os = "windows")]
            OsFlavor::WindowsCredentialManager => "Windows Credential Manager",
            #[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
            OsFlavor::Unsupported => "the OS credential store",
        }
    }
}

#[derive(Clone)]
pub(super) struct OsStore {
    store: Arc<CredentialStore>,
    flavor: OsFlavor,
    notices: Notices,
}

impl std::fmt::Debug for OsStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OsStore")
            .field("flavor", &self.flavor)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    version: u32,
    #[serde(default)]
    runners: Vec<StoredRunner>,
    /// The URLs with a saved API token; absent in indexes written before logins were listed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    logins: Vec<String>,
    /// Fields a newer runnerctl may add survive a rewrite by this one.
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

impl Index {
    fn is_empty(&self) -> bool {
        self.runners.is_empty() && self.logins.is_empty() && self.other.is_empty()
    }
}

impl OsStore {
    pub(super) fn open() -> Result<OsStore, SecretStoreError> {
        let (store, flavor, notices) = open_platform_store()?;
        // The warning says what it means in one sentence; the error behind it (the D-Bus
        // answer, say) is for `-v`.
        for detail in &notices.details {
            log::debug!("secret store: {detail}");
        }
        Ok(OsStore {
            store,
            flavor,
            notices,
        })
    }

    pub(super) fn label(&self) -> &'static str {
        self.flavor.label()
    }

    pub(super) fn notices(&self) -> Vec<String> {
        self.notices.notices.clone()
    }

    pub(super) fn notice_details(&self) -> Vec<String> {
        self.notices.details.clone()
    }

    pub(super) fn put_runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
        token: &RunnerToken,
        name: Option<&str>,
    ) -> Result<(), SecretStoreError> {
        self.set(
            &runner_user(url, runner_id),
            &format!("runnerctl: runner {runner_id} on {url}"),
            token.expose(),
            "store the token",
        )?;
        // The token is safe before the index changes: a failed index update loses only the
        // listing, never the token.
        self.update_index(|index| {
            match index
                .runners
                .iter_mut()
                .find(|entry| entry.is(url, runner_id))
            {
                Some(entry) if name.is_none() || entry.name.as_deref() == name => false,
                Some(entry) => {
                    entry.name = name.map(str::to_string);
                    true
                }
                None => {
                    index.runners.push(StoredRunner {
                        url: url.as_str().to_string(),
                        runner_id,
                        name: name.map(str::to_string),
                    });
                    true
                }
            }
        })
        .map_err(|error| SecretStoreError::StoredButNotListed {
            store: self.label().to_string(),
            runner_id,
            reason: error.to_string(),
        })
    }

    pub(super) fn runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
    ) -> Result<Option<RunnerToken>, SecretStoreError> {
        Ok(self
            .get(&runner_user(url, runner_id), "read the token")?
            .map(RunnerToken::new))
    }

    pub(super) fn delete_runner_token(
        &self,
        url: &InstanceUrl,
        runner_id: u64,
    ) -> Result<bool, SecretStoreError> {
        let deleted = self.delete(&runner_user(url, runner_id), "delete the token")?;
        self.update_index(|index| {
            let before = index.runners.len();
            index.runners.retain(|entry| !entry.is(url, runner_id));
            index.runners.len() != before
        })?;
        Ok(deleted)
    }

    pub(super) fn stored_runners(&self) -> Result<Vec<StoredRunner>, SecretStoreError> {
        Ok(super::store::sorted(self.read_index()?.runners))
    }

    pub(super) fn logins(&self) -> Result<Vec<InstanceUrl>, SecretStoreError> {
        let mut urls: Vec<InstanceUrl> = self
            .read_index()?
            .logins
            .iter()
            .filter_map(|url| InstanceUrl::parse(url).ok())
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
        self.set(
            &api_user(url),
            &format!("runnerctl: API token for {url}"),
            token.expose(),
            "store the API token",
        )?;
        self.update_index(|index| {
            if index.logins.iter().any(|login| login == url.as_str()) {
                return false;
            }
            index.logins.push(url.as_str().to_string());
            true
        })
    }

    pub(super) fn api_token(
        &self,
        url: &InstanceUrl,
    ) -> Result<Option<ApiToken>, SecretStoreError> {
        Ok(self
            .get(&api_user(url), "read the API token")?
            .map(ApiToken::new))
    }

    pub(super) fn delete_api_token(&self, url: &InstanceUrl) -> Result<bool, SecretStoreError> {
        let deleted = self.delete(&api_user(url), "delete the API token")?;
        self.update_index(|index| {
            let before = index.logins.len();
            index.logins.retain(|login| login != url.as_str());
            index.logins.len() != before
        })?;
        Ok(deleted)
    }

    fn read_index(&self) -> Result<Index, SecretStoreError> {
        let Some(text) = self.get(INDEX_USER, "read the list of stored runners")? else {
            return Ok(Index {
                version: INDEX_VERSION,
                ..Index::default()
            });
        };
        // The index holds no secret, but it is parsed with the same care as the file store.
        serde_json::from_str(&text).map_err(|error| SecretStoreError::Backend {
            store: self.label().to_string(),
            action: "read the list of stored runners".to_string(),
            reason: format!(
                "its entry (service {SERVICE}, user {INDEX_USER}) is not valid at line {} \
                 column {}: delete that entry to start a new list",
                error.line(),
                error.column()
            ),
        })
    }

    fn update_index(
        &self,
        change: impl FnOnce(&mut Index) -> bool,
    ) -> Result<(), SecretStoreError> {
        let _lock = index_lock();
        let mut index = self.read_index()?;
        if !change(&mut index) {
            return Ok(());
        }
        if index.is_empty() {
            // Nothing left to list: leave no runnerctl entry behind in the store.
            self.delete(INDEX_USER, "update the list of stored runners")?;
            return Ok(());
        }
        index.version = INDEX_VERSION;
        let text = serde_json::to_string(&index).map_err(|_| SecretStoreError::Backend {
            store: self.label().to_string(),
            action: "update the list of stored runners".to_string(),
            reason: "it cannot be encoded".to_string(),
        })?;
        self.set(
            INDEX_USER,
            "runnerctl: list of stored runners",
            &text,
            "update the list of stored runners",
        )
    }

    fn get(&self, user: &str, action: &str) -> Result<Option<String>, SecretStoreError> {
        let user = user.to_string();
        let modifiers = self.modifiers(None);
        self.call(action, move |store| {
            let entry = build(store, &user, &modifiers)?;
            match entry.get_password() {
                Ok(value) => Ok(Some(value)),
                Err(KeyringError::NoEntry) => Ok(None),
                Err(error) => Err(error),
            }
        })
    }

    fn set(
        &self,
        user: &str,
        label: &str,
        value: &str,
        action: &str,
    ) -> Result<(), SecretStoreError> {
        let user = user.to_string();
        let value = value.to_string();
        let modifiers = self.modifiers(Some(label));
        self.call(action, move |store| {
            build(store, &user, &modifiers)?.set_password(&value)
        })
    }

    fn delete(&self, user: &str, action: &str) -> Result<bool, SecretStoreError> {
        let user = user.to_string();
        let modifiers = self.modifiers(None);
        self.call(action, move |store| {
            match build(store, &user, &modifiers)?.delete_credential() {
                Ok(()) => Ok(true),
                Err(KeyringError::NoEntry) => Ok(false),
                Err(error) => Err(error),
            }
        })
    }

    /// Only the Secret Service takes a label (what Seahorse and `secret-tool` show); the other
    /// stores reject modifiers they do not know.
    fn modifiers(&self, label: Option<&str>) -> HashMap<String, String> {
        match label {
            #[cfg(target_os = "linux")]
            Some(label) if self.flavor == OsFlavor::SecretService => {
                HashMap::from([("label".to_string(), label.to_string())])
            }
            _ => HashMap::new(),
        }
    }

    /// Runs one store operation on a worker thread with a deadline, so a store that waits for
    /// an unlock prompt nobody answers (or panics inside its crate) becomes an error.
    fn call<T: Send + 'static>(
        &self,
        action: &str,
        operation: impl FnOnce(&CredentialStore) -> keyring_core::Result<T> + Send + 'static,
    ) -> Result<T, SecretStoreError> {
        let store = self.store.clone();
        let outcome = run_with_deadline(OPERATION_TIMEOUT, move || operation(store.as_ref()));
        match outcome {
            Deadline::Done(result) => result.map_err(|error| SecretStoreError::Backend {
                store: self.label().to_string(),
                action: action.to_string(),
                reason: describe(&error),
            }),
            Deadline::TimedOut => Err(SecretStoreError::Timeout {
                store: self.label().to_string(),
                action: action.to_string(),
                seconds: OPERATION_TIMEOUT.as_secs(),
            }),
            Deadline::Failed(reason) => Err(SecretStoreError::Backend {
                store: self.label().to_string(),
                action: action.to_string(),
                reason,
            }),
        }
    }
}

fn runner_user(url: &InstanceUrl, runner_id: u64) -> String {
    format!("runner/{runner_id}@{}", url.as_str())
}

fn api_user(url: &InstanceUrl) -> String {
    format!("api@{}", url.as_str())
}

fn build(
    store: &CredentialStore,
    user: &str,
    modifiers: &HashMap<String, String>,
) -> keyring_core::Result<Entry> {
    if modifiers.is_empty() {
        return store.build(SERVICE, user, None);
    }
    let modifiers: HashMap<&str, &str> = modifiers
        .iter()
        .map(|(key, value)| (key.as_str(), value.as_str()))
        .collect();
    store.build(SERVICE, user, Some(&modifiers))
}

/// keyring-core's own messages quote stored bytes for some errors (`BadEncoding`,
/// `BadDataFormat`, `Ambiguous` prints the entries): those are described, never shown.
fn describe(error: &KeyringError) -> String {
    match error {
        KeyringError::PlatformFailure(inner) => inner.to_string(),
        KeyringError::NoStorageAccess(inner) => format!("no access: {inner}"),
        KeyringError::NoEntry => "no such entry".to_string(),
        KeyringError::BadEncoding(_) => "the stored value is not UTF-8 text".to_string(),
        KeyringError::BadDataFormat(_, _) => "the stored value is malformed".to_string(),
        KeyringError::BadStoreFormat(reason) => format!("the store is malformed: {reason}"),
        KeyringError::TooLong(name, limit) => {
            format!("'{name}' is longer than the store's limit of {limit}")
        }
        KeyringError::Invalid(name, reason) => format!("'{name}' is invalid: {reason}"),
        KeyringError::Ambiguous(items) => format!(
            "{} items match (service {SERVICE}); remove the duplicates with the store's own tool",
            items.len()
        ),
        KeyringError::NoDefaultStore => "no store is set up".to_string(),
        KeyringError::NotSupportedByStore(reason) => format!("not supported: {reason}"),
        _ => "an unexpected error from the store".to_string(),
    }
}

enum Deadline<T> {
    Done(T),
    TimedOut,
    Failed(String),
}

fn run_with_deadline<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Deadline<T> {
    let (sender, receiver) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("secret-store".to_string())
        .spawn(move || {
            let _ = sender.send(work());
        });
    if let Err(error) = spawned {
        return Deadline::Failed(format!("cannot start a thread: {error}"));
    }
    // A thread still blocked after the deadline is left behind: the process ends soon and
    // there is no safe way to cancel a blocking D-Bus call.
    match receiver.recv_timeout(limit) {
        Ok(value) => Deadline::Done(value),
        Err(RecvTimeoutError::Timeout) => Deadline::TimedOut,
        Err(RecvTimeoutError::Disconnected) => {
            Deadline::Failed("the store's library failed unexpectedly".to_string())
        }
    }
}

/// Serialises read-modify-write of the index between runnerctl processes of this user. Best
/// effort: without a writable settings directory the update runs unlocked, and the worst a
/// lost race can do is drop a runner from the listing, never a token.
fn index_lock() -> Option<std::fs::File> {
    let dir = crate::settings::settings_dir()?;
    std::fs::create_dir_all(&dir).ok()?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(dir.join("secret-index.lock")).ok()?;
    file.lock().ok()?;
    Some(file)
}

/// What the operator is told about the store opened, and the technical detail behind it.
#[derive(Debug, Clone, Default)]
struct Notices {
    notices: Vec<String>,
    details: Vec<String>,
}

/// The caveat of the kernel keyring, as the operator reads it.
#[cfg(target_os = "linux")]
const KEYUTILS_NOTICE: &str = "no Secret Service is running, so tokens are kept in the kernel \
     keyring, which does not survive a reboot (RUNNERCTL_KEYRING=file:PATH keeps them in a file)";

type Opened = (Arc<CredentialStore>, OsFlavor, Notices);

#[cfg(target_os = "linux")]
fn open_platform_store() -> Result<Opened, SecretStoreError> {
    let connected = run_with_deadline(CONNECT_TIMEOUT, || {
        zbus_secret_service_keyring_store::Store::new().map(|store| store as Arc<CredentialStore>)
    });
    let reason = match connected {
        Deadline::Done(Ok(store)) => {
            return Ok((store, OsFlavor::SecretService, Notices::default()));
        }
        Deadline::Done(Err(error)) => describe(&error),
        Deadline::TimedOut => format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()),
        Deadline::Failed(reason) => reason,
    };
    join_session_keyring_with_persistent_keyring();
    let store: Arc<CredentialStore> =
        linux_keyutils_keyring_store::Store::new().map_err(|error| {
            SecretStoreError::Unavailable {
                store: OsFlavor::Keyutils.label().to_string(),
                reason: describe(&error),
            }
        })?;
    Ok((
        store,
        OsFlavor::Keyutils,
        Notices {
            // One plain sentence: the D-Bus library's own words go to `details` only.
            notices: vec![KEYUTILS_NOTICE.to_string()],
            details: vec![format!("the Secret Service could not be reached: {reason}")],
        },
    ))
}

/// Gives this process a session keyring with the user's persistent keyring linked into it,
/// before the keyutils store looks anything up.
///
/// The keyutils store remembers the numeric id of the caller's session keyring and then asks
/// for the persistent keyring. A process started without a session keyring (cron, a systemd
/// unit, a container, ssh without pam_keyinit, CI) gets the user-session keyring's id first,
/// and the persistent-keyring request then makes the kernel join it to a new session keyring:
/// from then on the user-session keyring is no longer "possessed", the persistent keyring
/// inside it is not searchable, and every stored token is missed (the same `keyctl` sequence
/// shows it). Joining first makes both lookups see the same session keyring. Threads started
/// later inherit it. Best effort: a kernel without persistent keyrings refuses, and then a
/// token is only found by processes that share the session keyring it was stored from.
#[cfg(target_os = "linux")]
fn join_session_keyring_with_persistent_keyring() {
    let _ = linux_keyutils::KeyRing::get_persistent(linux_keyutils::KeyRingIdentifier::Session);
}

#[cfg(target_os = "macos")]
fn open_platform_store() -> Result<Opened, SecretStoreError> {
    let store: Arc<CredentialStore> =
        apple_native_keyring_store::keychain::Store::new().map_err(|error| {
            SecretStoreError::Unavailable {
                store: OsFlavor::Keychain.label().to_string(),
                reason: describe(&error),
            }
        })?;
    Ok((store, OsFlavor::Keychain, Notices::default()))
}

#[cfg(target_os = "windows")]
fn open_platform_store() -> Result<Opened, SecretStoreError> {
    let store: Arc<CredentialStore> =
        windows_native_keyring_store::Store::new().map_err(|error| {
            SecretStoreError::Unavailable {
                store: OsFlavor::WindowsCredentialManager.label().to_string(),
                reason: describe(&error),
            }
        })?;
    Ok((
        store,
        OsFlavor::WindowsCredentialManager,
        Notices::default(),
    ))
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
fn open_platform_store() -> Result<Opened, SecretStoreError> {
    Err(SecretStoreError::Unavailable {
        store: OsFlavor::Unsupported.label().to_string(),
        reason: "this platform has none that runnerctl supports: use RUNNERCTL_KEYRING=file:PATH"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_users_keep_instances_apart() {
        let a = InstanceUrl::parse("https://host").unwrap();
        let b = InstanceUrl::parse("https://host:8443").unwrap();
        let c = InstanceUrl::parse("https://host/gitlab").unwrap();
        let users = [
            runner_user(&a, 1),
            runner_user(&b, 1),
            runner_user(&c, 1),
            runner_user(&a, 11),
            api_user(&a),
            api_user(&b),
            INDEX_USER.to_string(),
        ];
        let unique: std::collections::HashSet<&String> = users.iter().collect();
        assert_eq!(unique.len(), users.len());
        assert_eq!(users[0], "runner/1@https://host");
    }

    #[test]
    fn an_index_written_before_names_and_logins_still_reads() {
        let old = r#"{"version":1,"runners":[{"url":"https://h","runner_id":3}]}"#;
        let index: Index = serde_json::from_str(old).unwrap();
        assert_eq!(index.runners[0].name, None);
        assert!(index.logins.is_empty());
        assert!(!index.is_empty());
        // And what this version writes, an older one reads: no field it would refuse.
        let text = serde_json::to_string(&index).unwrap();
        assert_eq!(text, old);
    }

    #[test]
    fn fields_of_a_newer_index_survive_a_rewrite() {
        let newer = r#"{"version":1,"runners":[],"future":{"x":1}}"#;
        let index: Index = serde_json::from_str(newer).unwrap();
        assert!(
            serde_json::to_string(&index)
                .unwrap()
                .contains("\"future\"")
        );
    }

    #[test]
    fn keyring_errors_never_show_stored_bytes() {
        let secret = b"glrt-stored-secret".to_vec();
        let errors = [
            KeyringError::BadEncoding(secret.clone()),
            KeyringError::BadDataFormat(secret, "bad".into()),
        ];
        for error in errors {
            assert!(!describe(&error).contains("stored-secret"));
        }
    }

    #[test]
    fn deadline_turns_a_hang_into_an_error() {
        let outcome = run_with_deadline(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(5));
        });
        assert!(matches!(outcome, Deadline::TimedOut));
        let outcome = run_with_deadline(Duration::from_secs(5), || -> u32 { panic!("inside") });
        assert!(matches!(outcome, Deadline::Failed(_)));
    }
}
