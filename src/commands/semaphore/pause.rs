//! `pause` and `resume` on Semaphore: `POST …/runners/{id}/active` (a project runner on its
//! project's route). A paused runner is an inactive one: the server gives it no task.

use serde::Serialize;

use crate::cli::PauseArgs;
use crate::error::{Exit, UsageError};
use crate::ops::semaphore::scope::{find_runner, scope_of};
use crate::output;
use crate::semaphore::Scope;

use super::super::context::{Context, ForgeTarget};

#[derive(Serialize)]
struct Paused {
    runner_id: u64,
    paused: bool,
    changed: bool,
    forge: &'static str,
}

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: PauseArgs,
    pause: bool,
) -> anyhow::Result<Exit> {
    if args.scope.given() {
        return Err(UsageError::new(
            "Semaphore UI finds a runner by its id alone: drop -g/-p/--instance/--user",
        )
        .into());
    }
    let client = context.semaphore_client(&target)?;
    let id = super::target_id(&client, &args.target)?;
    let runner = find_runner(&client, Scope::Global, id)?;
    let changed = runner.active == pause;
    if changed {
        client.set_active(scope_of(&runner), id, !pause)?;
    }
    if context.json() {
        output::print_json(&Paused {
            runner_id: id,
            paused: pause,
            changed,
            forge: "semaphore",
        })?;
    } else {
        let state = if pause { "paused (inactive)" } else { "active" };
        if changed {
            crate::outln!("Runner {id} is now {state}.");
        } else {
            crate::outln!("Runner {id} was already {state}.");
        }
    }
    Ok(Exit::Success)
}
