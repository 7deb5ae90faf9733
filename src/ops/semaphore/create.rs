//! `create` on Semaphore: `POST /api/runners` (or the project's, Semaphore Pro). The server
//! answers with the runner's token and private key once: both go through the never-lose chain
//! (`keep_token`) at once, as one credentials document.

use std::path::PathBuf;

use crate::keep_token::{self, DeferSignals, Fallback, Kept};
use crate::secrets::SecretStore;
use crate::semaphore::{Client, Runner, RunnerFields, Scope, SemaphoreError};
use crate::token::RunnerToken;

use super::credentials::SemaphoreCredentials;

pub struct CreateOptions {
    pub scope: Scope,
    pub fields: RunnerFields,
    /// Where the credentials go when the secret store cannot keep them.
    pub token_file: Option<PathBuf>,
}

/// The runner made, and where its credentials are.
pub struct Created {
    pub runner: Runner,
    pub credentials: SemaphoreCredentials,
    pub kept: Kept,
    pub fallbacks: Vec<Fallback>,
    /// SIGINT and SIGTERM wait until this is dropped: hold it until the operator has been
    /// told where the credentials are.
    pub signals: DeferSignals,
}

pub fn create(
    client: &Client,
    store: Option<&SecretStore>,
    options: &CreateOptions,
) -> Result<Created, SemaphoreError> {
    let signals = DeferSignals::install();
    let made = match client.create_runner(options.scope, &options.fields) {
        Ok(made) => made,
        Err(error) => {
            signals.release();
            return Err(error);
        }
    };
    let credentials = SemaphoreCredentials {
        runner_id: Some(made.runner.id),
        url: client.url().clone(),
        name: made.runner.name.clone(),
        token: made.token,
        private_key: made.private_key,
        project: match options.scope {
            Scope::Global => None,
            Scope::Project(id) => Some(id),
        },
    };
    // The whole document is the secret: a token file then holds what `register
    // --credentials-stdin` reads.
    let (kept, fallbacks) = keep_token::keep(
        store,
        &credentials.url,
        made.runner.id,
        &RunnerToken::new(credentials.to_json()),
        Some(&credentials.name),
        options.token_file.as_deref(),
    );
    Ok(Created {
        runner: made.runner,
        credentials,
        kept,
        fallbacks,
        signals,
    })
}
