//! The secret store.
//!
//! `RUNNERCTL_KEYRING` chooses the store: `os` (the default: macOS Keychain, Windows Credential
//! Manager, the Secret Service on Linux, or the kernel keyring when no Secret Service answers),
//! `file:PATH` (one 0600 JSON file, for headless hosts and tests) or `none` (store nothing).
//! Entries are keyed by the normalised instance URL and the runner id, so two instances on
//! one host (another port or path) never share an entry.

mod file;
mod os;
mod store;

pub use store::{
    KEYRING_ENV, SecretStore, SecretStoreError, StoreKind, StoredRunner, write_token_file,
};
