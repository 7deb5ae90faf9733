//! `unregister` on Semaphore: the three host files go, and with `--delete-runner` the
//! runner's record on the server first (Semaphore's own `runner unregister` is broken in
//! 2.16, so this is the way to retire a runner); one result in `{"results": [...]}`.

use std::time::Duration;

use crate::cli::UnregisterArgs;
use crate::error::{Exit, UsageError};
use crate::ops::results::{Action, RunnerResult};
use crate::ops::semaphore::scope::{find_runner, scope_of};
use crate::semaphore::Scope;
use crate::semaphore_file::SemaphoreFiles;

use super::super::context::{Context, ForgeTarget};
use super::super::runner_results::print_results;

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: UnregisterArgs,
) -> anyhow::Result<Exit> {
    if args.name.is_some() {
        return Err(UsageError::new("Semaphore's config.runner.json holds one runner: pass --runner ID or --all, not --name").into());
    }
    let path = context.semaphore_file_path()?;
    super::status::say_path(context, &path);
    if crate::semaphore_file::read_unlocked(&path)?.is_none() {
        anyhow::bail!(
            "{} does not exist: no Semaphore runner is registered here (pass --runner-file for another file)",
            path.display()
        );
    }
    let here = super::registered_here(context);
    let runner_id = match (args.runner, here) {
        (Some(given), Some(here)) if given != here && !args.force => {
            return Err(UsageError::new(format!(
                "{} belongs to runner {here}, not {given}: nothing was changed",
                path.display()
            ))
            .into());
        }
        (Some(given), _) => Some(given),
        (None, here) => here,
    };
    if args.delete_runner && runner_id.is_none() {
        return Err(UsageError::new(
            "the runner registered here has no id runnerctl knows (it registered itself): pass --runner ID to delete it on the server, or leave out --delete-runner",
        )
        .into());
    }
    let mut result = RunnerResult::for_entry(runner_id, None, Action::Deleted, None);
    if args.dry_run {
        result.action = Action::Planned;
        return finish(context, &result, &path, false);
    }
    // Locked and checked before the server is asked: a file that cannot go is found first.
    let mut files = SemaphoreFiles::load(&path, false, Duration::from_secs(30))?;
    files.current()?;
    let mut deleted = false;
    if args.delete_runner
        && let Some(id) = runner_id
    {
        let client = context.semaphore_client(&target)?;
        let scope = stored_scope(context, &target, id).map_or_else(
            || find_runner(&client, Scope::Global, id).map(|r| scope_of(&r)),
            Ok,
        )?;
        client.delete_runner(scope, id)?;
        deleted = true;
        if let Ok(store) = context.secret_store() {
            let _ = store.delete_runner_token(&target.url, id);
        }
    }
    files.remove()?;
    finish(context, &result, &path, deleted)
}

fn stored_scope(context: &Context, target: &ForgeTarget, id: u64) -> Option<Scope> {
    let store = context.secret_store().ok()?;
    crate::ops::semaphore::credentials::SemaphoreCredentials::load(&store, &target.url, id)
        .ok()
        .flatten()
        .map(|credentials| credentials.scope())
}

fn finish(
    context: &Context,
    result: &RunnerResult,
    path: &std::path::Path,
    deleted: bool,
) -> anyhow::Result<Exit> {
    if context.json() {
        print_results(std::slice::from_ref(result))?;
        return Ok(Exit::Success);
    }
    let who = result
        .runner_id
        .map_or("the runner".to_string(), |id| format!("runner {id}"));
    match result.action {
        Action::Planned => crate::outln!(
            "Dry run: {} and its token and key files would be removed. Nothing was changed.",
            path.display()
        ),
        _ if deleted => crate::outln!(
            "Deleted {who} in Semaphore UI and removed {} with its token and key files.",
            path.display()
        ),
        _ => crate::outln!(
            "Unregistered {who}: removed {} with its token and key files. The runner stays in Semaphore UI until it is deleted there (unregister --delete-runner).",
            path.display()
        ),
    }
    Ok(Exit::Success)
}
