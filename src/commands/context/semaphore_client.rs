//! The client a Semaphore command talks through: the API token of `SEMAPHORE_TOKEN` (for the
//! URL it goes with) or saved for the URL, never sent elsewhere; the shared transport options.

use std::path::PathBuf;

use crate::error::UsageError;
use crate::semaphore;
use crate::token::ApiToken;

use super::url::warn_if_plain_http;
use super::{Context, ForgeTarget};

impl Context {
    /// A client for `target` with its API token (none is an error at the first request that
    /// needs one).
    pub(crate) fn semaphore_client(
        &self,
        target: &ForgeTarget,
    ) -> anyhow::Result<semaphore::Client> {
        let token = self.gitea_token(target)?;
        self.semaphore_client_with(target, token)
    }

    pub(crate) fn semaphore_client_with(
        &self,
        target: &ForgeTarget,
        token: Option<ApiToken>,
    ) -> anyhow::Result<semaphore::Client> {
        warn_if_plain_http(&target.url);
        Ok(semaphore::Client::new(
            target.url.clone(),
            token,
            self.client_options(),
        )?)
    }

    /// `config.runner.json` for a Semaphore host command: `--runner-file`, else
    /// `./config.runner.json` when it exists, else the one in the `WorkingDirectory=` of the
    /// `semaphore-runner` unit.
    pub(crate) fn semaphore_file_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.global.runner_file {
            return Ok(path.clone());
        }
        let here = PathBuf::from(crate::semaphore_file::FILE_NAME);
        if here.exists() {
            return Ok(here);
        }
        if let Some(dir) =
            crate::service::unit_working_directory(&crate::service::SEMAPHORE_RUNNER_UNITS)
        {
            return Ok(dir.join(crate::semaphore_file::FILE_NAME));
        }
        Err(UsageError::new(
            "no config.runner.json here and no semaphore-runner service to find one from: pass \
             --runner-file PATH",
        )
        .into())
    }
}
