//! The never-lose-a-token chain for a freshly created runner: GitLab shows its token once, so
//! it goes to the secret store, else to a 0600 file, else (last resort) to stdout.
//!
//! Two things must not break the chain: a store that never answers (a file store whose lock
//! another process holds, an unlock prompt nobody sees), which gets [`STORE_WAIT`] and then
//! counts as failed; and SIGINT/SIGTERM, which [`DeferSignals`] holds back until the token is
//! safe and the operator has been told where it is.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use crate::instance_url::InstanceUrl;
use crate::secrets::{SecretStore, SecretStoreError};
use crate::token::RunnerToken;

/// How long the secret store may take once the token exists (the contract's "network" row):
/// long enough for a busy store, short enough that an operator does not give up and press
/// Ctrl-C. `--lock-timeout` does not change it.
pub const STORE_WAIT: Duration = Duration::from_secs(10);

/// Puts the token in the store, giving up after [`STORE_WAIT`]. The store runs on its own
/// thread; one still blocked after the wait is left behind (there is no safe way to cancel a
/// blocked `flock` or D-Bus call) and ends with the process; should it get through later, the
/// token is in two places, which is harmless.
/// `name` is what the store's index lists the runner as (`None` keeps an earlier name).
pub fn put_in_store(
    store: &SecretStore,
    url: &InstanceUrl,
    runner_id: u64,
    token: &RunnerToken,
    name: Option<&str>,
) -> Result<(), SecretStoreError> {
    put_in_store_within(store, url, runner_id, token, name, STORE_WAIT)
}

fn put_in_store_within(
    store: &SecretStore,
    url: &InstanceUrl,
    runner_id: u64,
    token: &RunnerToken,
    name: Option<&str>,
    wait: Duration,
) -> Result<(), SecretStoreError> {
    let (sender, receiver) = mpsc::channel();
    let (worker_store, worker_url, worker_token) = (store.clone(), url.clone(), token.clone());
    let worker_name = name.map(str::to_string);
    let spawned = std::thread::Builder::new()
        .name("keep-token".to_string())
        .spawn(move || {
            let _ = sender.send(worker_store.put_runner_token(
                &worker_url,
                runner_id,
                &worker_token,
                worker_name.as_deref(),
            ));
        });
    if let Err(error) = spawned {
        return Err(SecretStoreError::Backend {
            store: store.label(),
            action: "store the token".to_string(),
            reason: format!("cannot start a thread: {error}"),
        });
    }
    match receiver.recv_timeout(wait) {
        Ok(result) => result,
        Err(RecvTimeoutError::Timeout) => Err(SecretStoreError::NoAnswer {
            store: store.label(),
            seconds: wait.as_secs(),
        }),
        Err(RecvTimeoutError::Disconnected) => Err(SecretStoreError::Backend {
            store: store.label(),
            action: "store the token".to_string(),
            reason: "the store failed unexpectedly".to_string(),
        }),
    }
}

/// Where the token ended up.
#[derive(Debug)]
pub enum Kept {
    /// In the secret store; `label` names the store for messages.
    Store { label: String, is_file_store: bool },
    /// In a new 0600 file.
    TokenFile { path: PathBuf },
    /// Nowhere safe: the caller must hand it to the operator now.
    HandOver,
}

/// The contract's `token_stored` value: which kind of place holds the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum TokenStored {
    Keyring,
    File,
    TokenFile,
    Stdout,
}

impl Kept {
    pub fn token_stored(&self) -> TokenStored {
        match self {
            Kept::Store {
                is_file_store: false,
                ..
            } => TokenStored::Keyring,
            Kept::Store {
                is_file_store: true,
                ..
            } => TokenStored::File,
            Kept::TokenFile { .. } => TokenStored::TokenFile,
            Kept::HandOver => TokenStored::Stdout,
        }
    }
}

/// Why a step of the chain was passed over, for the warnings.
#[derive(Debug)]
pub struct Fallback {
    pub step: String,
    pub reason: String,
}

pub fn default_token_file(runner_id: u64) -> PathBuf {
    PathBuf::from(format!("runnerctl-runner-{runner_id}.token"))
}

/// Tries each place in turn and reports where the token is and what failed on the way. `name`
/// is what the store lists the runner as.
pub fn keep(
    store: Option<&SecretStore>,
    url: &InstanceUrl,
    runner_id: u64,
    token: &RunnerToken,
    name: Option<&str>,
    token_file: Option<&Path>,
) -> (Kept, Vec<Fallback>) {
    let mut fallbacks = Vec::new();
    match store.map(|store| keep_in_store(store, url, runner_id, token, name)) {
        Some(InStore::Kept {
            label,
            is_file_store,
            unlisted,
        }) => {
            // The token is stored; only the list of stored runners missed it.
            if let Some(error) = unlisted {
                fallbacks.push(Fallback {
                    step: "the list of stored runners".into(),
                    reason: error.to_string(),
                });
            }
            return (
                Kept::Store {
                    label,
                    is_file_store,
                },
                fallbacks,
            );
        }
        Some(InStore::Refused { label, error }) => fallbacks.push(Fallback {
            step: label,
            reason: error.to_string(),
        }),
        Some(InStore::NoStore) => fallbacks.push(Fallback {
            step: "the secret store".into(),
            reason: "RUNNERCTL_KEYRING=none stores nothing".into(),
        }),
        None => fallbacks.push(Fallback {
            step: "the secret store".into(),
            reason: "it could not be opened".into(),
        }),
    }
    let path = token_file
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_token_file(runner_id));
    match keep_in_file(&[path], token) {
        Ok(path) => (Kept::TokenFile { path }, fallbacks),
        Err(error) => {
            fallbacks.push(Fallback {
                step: format!("the token file {}", error.path.display()),
                reason: error.error.to_string(),
            });
            (Kept::HandOver, fallbacks)
        }
    }
}

/// What the chain's first place, the secret store, did with the token.
#[derive(Debug)]
pub enum InStore {
    /// Stored. `unlisted` when only the list of stored runners missed it: the token itself
    /// is in the store.
    Kept {
        label: String,
        is_file_store: bool,
        unlisted: Option<SecretStoreError>,
    },
    /// The store is `none`: it keeps nothing, by the operator's choice.
    NoStore,
    /// The store failed, or gave no answer within [`STORE_WAIT`].
    Refused {
        label: String,
        error: SecretStoreError,
    },
}

/// The store step of the chain, bounded by [`STORE_WAIT`].
pub fn keep_in_store(
    store: &SecretStore,
    url: &InstanceUrl,
    runner_id: u64,
    token: &RunnerToken,
    name: Option<&str>,
) -> InStore {
    let is_file_store = match store.kind() {
        crate::secrets::StoreKind::None => return InStore::NoStore,
        kind => kind == crate::secrets::StoreKind::File,
    };
    match put_in_store(store, url, runner_id, token, name) {
        Ok(()) => InStore::Kept {
            label: store.label(),
            is_file_store,
            unlisted: None,
        },
        Err(error @ SecretStoreError::StoredButNotListed { .. }) => InStore::Kept {
            label: store.label(),
            is_file_store,
            unlisted: Some(error),
        },
        Err(error) => InStore::Refused {
            label: store.label(),
            error,
        },
    }
}

/// A token file that could not be made: the last path tried and why.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {error}", path.display())]
pub struct TokenFileError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

/// The file step of the chain: a new 0600 file with the token at the first of `paths` that
/// can be created. No existing file is overwritten: it may hold another token.
pub fn keep_in_file(paths: &[PathBuf], token: &RunnerToken) -> Result<PathBuf, TokenFileError> {
    let mut last_error = None;
    for path in paths {
        match crate::secrets::write_token_file(path, token) {
            Ok(()) => return Ok(path.clone()),
            Err(error) => {
                last_error = Some(TokenFileError {
                    path: path.clone(),
                    error,
                })
            }
        }
    }
    Err(last_error.unwrap_or_else(|| TokenFileError {
        path: PathBuf::new(),
        error: std::io::Error::new(std::io::ErrorKind::InvalidInput, "no token file to write"),
    }))
}

/// Where a recovery copy of a runner's token goes: `runnerctl-runner-<id>.token` in the
/// working directory, else (one is there already) the same name with the time `now` in it.
pub fn recovery_files(runner_id: u64, now: chrono::DateTime<chrono::Utc>) -> Vec<PathBuf> {
    vec![
        default_token_file(runner_id),
        PathBuf::from(format!(
            "runnerctl-runner-{runner_id}-{}.token",
            now.format("%Y%m%dT%H%M%SZ")
        )),
    ]
}

/// Holds SIGINT and SIGTERM back while a token exists that is not yet safe: the handler only
/// records the signal (and says on stderr that runnerctl is finishing), and dropping the guard
/// puts the previous handling back and raises the recorded signal, so the process then ends as
/// it would have, after the token is kept and shown. Only one guard should live at a time.
pub struct DeferSignals {
    #[cfg(unix)]
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

#[cfg(unix)]
static DEFERRED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

#[cfg(unix)]
extern "C" fn record_signal(signal: libc::c_int) {
    DEFERRED.store(signal, std::sync::atomic::Ordering::SeqCst);
    const NOTE: &[u8] =
        b"runnerctl: interrupted; finishing first so that the runner's token is not lost\n";
    // SAFETY: write(2) is async-signal-safe; the buffer is a static byte string.
    unsafe {
        libc::write(2, NOTE.as_ptr().cast(), NOTE.len());
    }
}

impl DeferSignals {
    pub fn install() -> DeferSignals {
        #[cfg(unix)]
        {
            let mut previous = Vec::new();
            for signal in [libc::SIGINT, libc::SIGTERM] {
                // SAFETY: sigaction with a zeroed struct, an empty mask and a handler that
                // only touches an atomic and calls write(2); the old action is kept to be put
                // back on drop.
                unsafe {
                    let mut action: libc::sigaction = std::mem::zeroed();
                    action.sa_sigaction = record_signal as extern "C" fn(libc::c_int) as usize;
                    libc::sigemptyset(&mut action.sa_mask);
                    action.sa_flags = libc::SA_RESTART;
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, &action, &mut old) == 0 {
                        previous.push((signal, old));
                    }
                }
            }
            DeferSignals { previous }
        }
        #[cfg(not(unix))]
        DeferSignals {}
    }

    /// Puts the previous handling back without raising a recorded signal: for a path that
    /// ends the process with an error message anyway (the request that would have made the
    /// token failed), where raising would swallow the message.
    pub fn release(mut self) {
        self.restore();
        #[cfg(unix)]
        DEFERRED.store(0, std::sync::atomic::Ordering::SeqCst);
    }

    fn restore(&mut self) {
        #[cfg(unix)]
        for (signal, old) in self.previous.drain(..) {
            // SAFETY: puts back the action sigaction returned for this signal.
            unsafe {
                libc::sigaction(signal, &old, std::ptr::null_mut());
            }
        }
    }

    /// Whether SIGINT or SIGTERM arrived while the guard was held.
    pub fn interrupted(&self) -> bool {
        #[cfg(unix)]
        {
            DEFERRED.load(std::sync::atomic::Ordering::SeqCst) != 0
        }
        #[cfg(not(unix))]
        false
    }
}

impl Drop for DeferSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            use std::io::Write as _;
            if self.previous.is_empty() {
                return;
            }
            self.restore();
            let signal = DEFERRED.swap(0, std::sync::atomic::Ordering::SeqCst);
            if signal != 0 {
                let _ = std::io::stdout().flush();
                let _ = std::io::stderr().flush();
                // SAFETY: raise has no preconditions; the signal's own handling (by default,
                // ending the process) happens now that the token is safe.
                unsafe {
                    libc::raise(signal);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_that_does_not_answer_in_time_is_a_failed_store() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("secrets");
        let store = SecretStore::open(&format!("file:{}", path.display())).unwrap();
        // Another holder of the store's lock: the put waits for it.
        let lock = std::fs::File::create(dir.path().join("secrets.lock")).unwrap();
        lock.lock().unwrap();
        let url = InstanceUrl::parse("https://gitlab.example.com").unwrap();
        let started = std::time::Instant::now();
        let error = put_in_store_within(
            &store,
            &url,
            7,
            &RunnerToken::new("glrt-waiting-secret"),
            None,
            Duration::from_millis(300),
        )
        .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(5));
        assert!(
            matches!(error, SecretStoreError::NoAnswer { .. }),
            "{error}"
        );
        assert!(!error.to_string().contains("waiting-secret"));
    }

    #[test]
    fn a_token_file_never_replaces_an_older_one() {
        let dir = tempfile::tempdir().unwrap();
        let older = dir.path().join("runner.token");
        std::fs::write(&older, "glrt-older-token\n").unwrap();
        let next = dir.path().join("runner-2.token");
        let token = RunnerToken::new("glrt-newer-token");
        let kept = keep_in_file(&[older.clone(), next.clone()], &token).unwrap();
        assert_eq!(kept, next);
        assert_eq!(
            std::fs::read_to_string(&older).unwrap(),
            "glrt-older-token\n"
        );
        assert_eq!(
            std::fs::read_to_string(&next).unwrap(),
            "glrt-newer-token\n"
        );
        let error = keep_in_file(std::slice::from_ref(&older), &token).unwrap_err();
        assert_eq!(error.path, older);
        assert!(!error.to_string().contains("newer-token"), "{error}");
    }
}
