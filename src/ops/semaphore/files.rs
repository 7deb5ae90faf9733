//! A Semaphore runner's host files from its credentials: `config.runner.json`, `runner.token`
//! and `runner.key`, and which stored runner the files on this host belong to.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::credentials::SemaphoreCredentials;
use crate::forge_kind::ForgeKind;
use crate::host_file::Action;
use crate::instance_url::InstanceUrl;
use crate::secrets::SecretStore;
use crate::semaphore::RunnerFields;
use crate::semaphore_file::{
    HostCredentials, Notice, SemaphoreFileError, SemaphoreFiles, read_secret, read_unlocked,
};

/// How long a write waits for another runnerctl holding the files' lock.
const LOCK_WAIT: Duration = Duration::from_secs(30);

/// The contract's `register` document, plus the command that starts the runner.
#[derive(Debug, Serialize)]
pub struct Written {
    /// Null for a runner that registered itself: the server tells it no id.
    pub runner_id: Option<u64>,
    pub name: String,
    pub config: String,
    /// The paths written: none when nothing changed.
    pub files: Vec<String>,
    pub action: Action,
    /// Semaphore has no token check that leaves the server as it was.
    pub verified: bool,
    pub forge: ForgeKind,
    /// What starts the runner with these files (`semaphore runner start --config …`).
    pub start_command: Vec<String>,
    #[serde(skip)]
    pub notices: Vec<Notice>,
}

/// The argv that starts Semaphore's runner with the config at `path`.
pub fn start_command(path: &Path) -> Vec<String> {
    vec![
        "semaphore".to_string(),
        "runner".to_string(),
        "start".to_string(),
        "--config".to_string(),
        path.display().to_string(),
    ]
}

/// Writes the three files for `credentials` (atomic, 0600, under the config's lock).
pub fn write(
    path: &Path,
    credentials: &SemaphoreCredentials,
    fields: &RunnerFields,
) -> Result<Written, SemaphoreFileError> {
    let mut files = SemaphoreFiles::load(path, true, LOCK_WAIT)?;
    let changed = files.upsert(&HostCredentials {
        // The runner appends `/api/…` to it: no trailing slash.
        web_host: credentials.url.as_str().trim_end_matches('/').to_string(),
        token: credentials.token.clone(),
        private_key: credentials.private_key.clone(),
        max_parallel_tasks: fields.max_parallel_tasks.max(1),
        webhook: fields.webhook.clone(),
    })?;
    Ok(Written {
        runner_id: credentials.runner_id,
        name: credentials.name.clone(),
        config: path.display().to_string(),
        files: changed
            .files
            .iter()
            .map(|file| file.display().to_string())
            .collect(),
        action: changed.action,
        verified: false,
        forge: ForgeKind::Semaphore,
        start_command: start_command(path),
        notices: changed.notices,
    })
}

/// The stored runner whose token this host's files hold, at the files' `web_host`.
pub fn runner_here(store: &SecretStore, path: &Path) -> Option<u64> {
    let config = read_unlocked(path).ok()??;
    let url = InstanceUrl::parse(config.web_host.as_deref()?).ok()?;
    let token = read_secret(&config.token_path(path)?).ok()??;
    store
        .stored_runners()
        .ok()?
        .into_iter()
        .filter(|stored| stored.url == url.as_str())
        .find(|stored| {
            SemaphoreCredentials::load(store, &url, stored.runner_id)
                .ok()
                .flatten()
                .is_some_and(|credentials| credentials.token.expose() == token)
        })
        .map(|stored| stored.runner_id)
}
