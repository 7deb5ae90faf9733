//! The never-lose-a-token chain for a freshly created runner: GitLab shows its token once, so
//! it goes to the secret store, else to a 0600 file, else (last resort) to stdout.

use std::path::{Path, PathBuf};

use crate::gitlab::GitLabUrl;
use crate::secrets::{RunnerToken, SecretStore};

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

impl Kept {
    /// The contract's `token_stored` value.
    pub fn token_stored(&self) -> &'static str {
        match self {
            Kept::Store {
                is_file_store: false,
                ..
            } => "keyring",
            Kept::Store {
                is_file_store: true,
                ..
            } => "file",
            Kept::TokenFile { .. } => "token_file",
            Kept::HandOver => "stdout",
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

/// Tries each place in turn and reports where the token is and what failed on the way.
pub fn keep(
    store: Option<&SecretStore>,
    url: &GitLabUrl,
    runner_id: u64,
    token: &RunnerToken,
    token_file: Option<&Path>,
) -> (Kept, Vec<Fallback>) {
    let mut fallbacks = Vec::new();
    match store {
        Some(store) if store.kind() != crate::secrets::StoreKind::None => {
            let is_file_store = store.kind() == crate::secrets::StoreKind::File;
            match store.put_runner_token(url, runner_id, token) {
                Ok(()) => {
                    return (
                        Kept::Store {
                            label: store.label(),
                            is_file_store,
                        },
                        fallbacks,
                    );
                }
                // The token is stored; only the list of stored runners missed it.
                Err(error @ crate::secrets::SecretStoreError::StoredButNotListed { .. }) => {
                    fallbacks.push(Fallback {
                        step: "the list of stored runners".into(),
                        reason: error.to_string(),
                    });
                    return (
                        Kept::Store {
                            label: store.label(),
                            is_file_store,
                        },
                        fallbacks,
                    );
                }
                Err(error) => fallbacks.push(Fallback {
                    step: store.label(),
                    reason: error.to_string(),
                }),
            }
        }
        Some(_) => fallbacks.push(Fallback {
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
    match crate::secrets::write_token_file(&path, token) {
        Ok(()) => (Kept::TokenFile { path }, fallbacks),
        Err(error) => {
            fallbacks.push(Fallback {
                step: format!("the token file {}", path.display()),
                reason: error.to_string(),
            });
            (Kept::HandOver, fallbacks)
        }
    }
}
