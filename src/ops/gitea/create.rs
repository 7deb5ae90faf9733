//! `create` on Gitea and Forgejo: Forgejo 15's one-call create and then a Declare with the
//! labels, else the scope's registration token and the runner's own Register. The runner's
//! credentials go through the never-lose chain (`keep_token`) the moment they exist, since the
//! server never shows the token again.

use std::path::PathBuf;

use crate::forge_kind::ForgeKind;
use crate::gitea::{Client, GiteaError, Scope};
use crate::keep_token::{self, DeferSignals, Fallback, Kept};
use crate::secrets::SecretStore;
use crate::token::RunnerToken;

use super::client::scope_key;
use super::credentials::{RunnerCredentials, label_name};

pub struct CreateOptions {
    pub scope: Scope,
    pub name: String,
    /// Full label strings (`ubuntu-latest:docker://node:20`); the server gets the names.
    pub labels: Vec<String>,
    pub ephemeral: bool,
    /// Where the credentials go when the secret store cannot keep them.
    pub token_file: Option<PathBuf>,
}

/// The runner made, and where its credentials are.
pub struct Created {
    pub credentials: RunnerCredentials,
    pub kept: Kept,
    pub fallbacks: Vec<Fallback>,
    /// Forgejo's one-call create: the Declare that gave the runner its labels, when it failed
    /// (the runner exists with no labels until its first start).
    pub declare_error: Option<GiteaError>,
    /// SIGINT and SIGTERM wait until this is dropped: hold it until the operator has been
    /// told where the credentials are.
    pub signals: DeferSignals,
}

pub fn create(
    client: &Client,
    forge: ForgeKind,
    store: Option<&SecretStore>,
    options: &CreateOptions,
) -> Result<Created, GiteaError> {
    let names: Vec<String> = options
        .labels
        .iter()
        .map(|label| label_name(label).to_string())
        .collect();
    let signals = DeferSignals::install();
    let made = match make(client, options, &names) {
        Ok(made) => made,
        Err(error) => {
            signals.release();
            return Err(error);
        }
    };
    let (id, uuid, token, forgejo_created) = made;
    let credentials = RunnerCredentials {
        runner_id: u64::try_from(id).unwrap_or_default(),
        forge,
        url: client.url().clone(),
        name: options.name.clone(),
        token,
        uuid,
        labels: options.labels.clone(),
        scope: Some(scope_key(&options.scope)),
    };
    // The whole document is the secret (as `RunnerCredentials::store` keeps it): a token file
    // then holds what `register --credentials-stdin` reads.
    let (kept, fallbacks) = keep_token::keep(
        store,
        &credentials.url,
        credentials.runner_id,
        &RunnerToken::new(credentials.to_json()),
        Some(&credentials.name),
        options.token_file.as_deref(),
    );
    // forgejo routers/api/v1/shared/runners.go: the one-call create records no labels; the
    // runner's Declare sets them (and records a contact).
    let declare_error = if forgejo_created {
        client
            .declare(&credentials.uuid, &credentials.token, &names)
            .err()
    } else {
        None
    };
    Ok(Created {
        credentials,
        kept,
        fallbacks,
        declare_error,
        signals,
    })
}

type Made = (i64, String, RunnerToken, bool);

fn make(client: &Client, options: &CreateOptions, names: &[String]) -> Result<Made, GiteaError> {
    if let Some(created) =
        client.create_runner(&options.scope, &options.name, "", options.ephemeral)?
    {
        return Ok((created.id, created.uuid, created.token, true));
    }
    // Never printed or kept: it registers any number of runners in the scope.
    let registration = client.registration_token(&options.scope)?;
    let registered = client.register(&registration, &options.name, names, options.ephemeral)?;
    Ok((registered.id, registered.uuid, registered.token, false))
}

/// Writes (or rewrites) the `.runner` at `path` for `credentials`, under the runner's lock, in
/// the layout of the forge's own runner.
pub fn write_runner_file(
    path: &std::path::Path,
    credentials: &RunnerCredentials,
    ephemeral: bool,
) -> Result<crate::host_file::Action, crate::runner_file::RunnerFileError> {
    use crate::runner_file::{Options, Registration, RunnerFile, RunnerFileKind};
    let kind = match credentials.forge {
        ForgeKind::Forgejo => RunnerFileKind::Forgejo,
        _ => RunnerFileKind::Gitea,
    };
    let registration = Registration {
        id: credentials.runner_id,
        uuid: credentials.uuid.clone(),
        name: credentials.name.clone(),
        token: credentials.token.clone(),
        address: credentials.url.as_str().trim_end_matches('/').to_string(),
        labels: credentials.labels.clone(),
        // gitea/runner internal/pkg/config: only Gitea's runner writes `ephemeral`.
        ephemeral: (kind == RunnerFileKind::Gitea).then_some(ephemeral),
    };
    let mut file = RunnerFile::load(path, &Options { create_dir: true })?;
    Ok(file.upsert_registration(&registration, kind)?.0)
}
