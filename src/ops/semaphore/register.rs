//! A runner registering itself with the server's registration token: a fresh RSA key pair,
//! its public half sent with `POST /api/internal/runners`, the token that comes back kept
//! with the private half (v2.16 api/runners/runners.go `RegisterRunner`). The runner so made
//! has no name and is inactive until an admin names and activates it.

use crate::instance_url::InstanceUrl;
use crate::semaphore::{Client, RunnerFields, SemaphoreError, generate_key_pair};
use crate::token::RunnerToken;

use super::credentials::SemaphoreCredentials;

/// The credentials of a runner that registered itself: no id (the server tells it none).
pub fn self_register(
    client: &Client,
    registration_token: &RunnerToken,
    fields: &RunnerFields,
) -> Result<SemaphoreCredentials, SemaphoreError> {
    let pair = generate_key_pair().map_err(|detail| {
        SemaphoreError::Setup(format!(
            "could not generate the runner's key pair: {detail}"
        ))
    })?;
    let token = client.self_register(
        registration_token,
        &pair.public_key,
        fields.max_parallel_tasks.max(1),
        &fields.webhook,
    )?;
    Ok(SemaphoreCredentials {
        runner_id: None,
        url: InstanceUrl::clone(client.url()),
        name: String::new(),
        token,
        private_key: pair.private_key,
        project: None,
    })
}
