//! The commands on Semaphore UI's remote runners: one file per subcommand, as for GitLab and
//! Gitea.

pub(super) mod auth;
pub(super) mod create;
mod create_render;
pub(super) mod doctor;
pub(super) mod list;
pub(super) mod pause;
pub(super) mod prune;
mod prune_render;
pub(super) mod register;
mod register_render;
pub(super) mod status;
pub(super) mod token;
pub(super) mod unregister;
pub(super) mod update;

use crate::error::UsageError;
use crate::ops::semaphore::scope::ProjectError;

use super::context::Context;

/// `-p` that names no one project is the operator's to fix (exit 2, the projects listed).
pub(super) fn scope_error(error: ProjectError) -> anyhow::Error {
    match error {
        ProjectError::Api(error) => error.into(),
        other => UsageError::new(format!("-p: {other}")).into(),
    }
}

/// The id of the runner this host's `config.runner.json` belongs to, when the secret store
/// holds its credentials.
pub(super) fn registered_here(context: &Context) -> Option<u64> {
    let path = context.semaphore_file_path().ok()?;
    let store = context.secret_store().ok()?;
    crate::ops::semaphore::files::runner_here(&store, &path)
}

/// The runner id a command names: `ID`, or `--name` among the global list's names.
pub(super) fn target_id(
    client: &crate::semaphore::Client,
    target: &crate::cli::RunnerTargetArgs,
) -> anyhow::Result<u64> {
    if let Some(id) = target.id {
        return Ok(id);
    }
    let name = target.name.as_deref().unwrap_or_default();
    let runners = client.runners(crate::semaphore::Scope::Global)?;
    let found: Vec<u64> = runners
        .iter()
        .filter(|runner| runner.name == name)
        .map(|runner| runner.id)
        .collect();
    match found.as_slice() {
        [id] => Ok(*id),
        [] => Err(UsageError::new(format!("no Semaphore runner is named {name:?}")).into()),
        ids => Err(UsageError::new(format!(
            "{} Semaphore runners are named {name:?} (ids {}): give the id",
            ids.len(),
            ids.iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ))
        .into()),
    }
}
