//! `create`: make one runner, keep its token at once, and optionally register it here.
//!
//! The order is the contract's: with `register`, config.toml is locked and read first (a
//! broken or unwritable file fails before a runner exists that could not be registered);
//! then the runner is created, its token kept (store, else a 0600 file, else the caller hands
//! it over) while SIGINT and SIGTERM wait, and only then registered.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::forge::{Forge as _, Scope};
use crate::gitlab::{ApiError, Client, RunnerOwner, RunnerSettings};
use crate::instance_url::InstanceUrl;
use crate::keep_token::{self, DeferSignals, Fallback, Kept};
use crate::secrets::SecretStore;
use crate::token::RunnerToken;

use super::register::{self, RegisterOptions, Registration};

#[derive(Debug, Clone)]
pub struct CreateOptions {
    /// Where the new runner lives, as the operator named it.
    pub scope: Scope,
    pub settings: RunnerSettings,
    /// Where the token goes when the secret store cannot keep it.
    pub token_file: Option<PathBuf>,
    /// Also register the new runner on this host.
    pub register: Option<RegisterOptions>,
}

/// The runner made, and where its token is.
pub struct Created {
    pub id: u64,
    pub owner: RunnerOwner,
    pub token: RunnerToken,
    pub token_expires_at: Option<DateTime<Utc>>,
    pub kept: Kept,
    /// Registering it here, when asked and not interrupted first. Its failure leaves the
    /// runner and its kept token in place.
    pub registration: Option<anyhow::Result<Registration>>,
    /// SIGINT and SIGTERM wait until this is dropped: hold it until the operator has been
    /// told where the token is, since GitLab shows the token only once.
    pub signals: DeferSignals,
}

/// Something the operator should hear about while the token is being kept.
#[derive(Debug)]
pub enum Event<'a> {
    /// SIGINT or SIGTERM came once the runner existed: it is not registered here.
    Interrupted { id: u64 },
    /// What the secret store says about keeping the token (an OS keyring's caveat).
    StoreNotice(&'a str),
    /// A place in the token chain that could not keep it.
    Fallback { id: u64, fallback: &'a Fallback },
}

/// The person running `create`: register's questions and notices, and create's own.
pub trait Operator: register::Operator {
    fn notify_create(&mut self, event: Event<'_>);
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    /// `POST /user/runners` failed; GitLab may still have made the runner
    /// ([`ApiError::may_have_run`]), whose token is then lost.
    #[error("{source}")]
    Request {
        url: InstanceUrl,
        #[source]
        source: ApiError,
    },
}

/// What the secret store lists the new runner as: its description, else the name of the
/// config entry it is about to get.
fn stored_name(options: &CreateOptions) -> Option<&str> {
    options.settings.description.as_deref().or(options
        .register
        .as_ref()
        .and_then(|register| register.name.as_deref()))
}

/// Creates the runner. `connect` makes the client, called once config.toml is locked when
/// registering.
pub fn create(
    options: &CreateOptions,
    store: &SecretStore,
    connect: impl FnOnce() -> anyhow::Result<Client>,
    operator: &mut dyn Operator,
) -> anyhow::Result<Created> {
    let mut prepared = match &options.register {
        Some(register) => Some(register::prepare(register, None, None, operator)?),
        None => None,
    };
    let client = connect()?;
    // The owner's numeric id, looked up before the runner exists: a scope named by path that
    // cannot be resolved fails with nothing made.
    let owner = client.runner_owner(&options.scope)?;

    // From the request that makes the token until the operator is told where it is, Ctrl-C
    // and SIGTERM wait: GitLab shows the token only in this answer.
    let signals = DeferSignals::install();
    let created = match client.create_runner(&Scope::from(owner), &options.settings) {
        Ok(created) => created,
        Err(source) => {
            signals.release();
            return Err(CreateError::Request {
                url: client.url().clone(),
                source,
            }
            .into());
        }
    };

    let (kept, fallbacks) = keep_token::keep(
        Some(store),
        client.url(),
        created.id,
        &created.token,
        stored_name(options),
        options.token_file.as_deref(),
    );
    if signals.interrupted() && prepared.take().is_some() {
        operator.notify_create(Event::Interrupted { id: created.id });
    }
    if matches!(kept, Kept::Store { .. }) {
        for notice in store.notices() {
            operator.notify_create(Event::StoreNotice(&notice));
        }
    }
    for fallback in &fallbacks {
        operator.notify_create(Event::Fallback {
            id: created.id,
            fallback,
        });
    }
    let registration = prepared.as_mut().map(|prepared| {
        register::complete(
            prepared,
            client.url(),
            &created.token,
            Some(created.id),
            operator,
        )
    });
    Ok(Created {
        id: created.id,
        owner,
        token: created.token,
        token_expires_at: created.token_expires_at,
        kept,
        registration,
        signals,
    })
}
