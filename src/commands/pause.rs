//! `pause` and `resume`: `PUT /runners/:id` with `paused`.

use crate::cli::PauseArgs;
use crate::commands::context::Context;
use crate::error::Exit;
use crate::forge::Forge as _;
use crate::ops::results::{Action, RunnerResult};

use super::runner_results::{fail, print_results};
use super::runner_target::resolve;

/// `pause` (true) or `resume` (false): `PUT /runners/:id` with `paused`.
pub(super) fn run(context: &Context, args: PauseArgs, paused: bool) -> anyhow::Result<Exit> {
    let target = resolve(context, &args.target)?;
    let details = match target.client.set_paused(target.id, paused) {
        Ok(details) => details,
        Err(error) => return fail(context, target.id, error.into()),
    };
    if context.json() {
        print_results(&[RunnerResult::new(target.id, Action::Updated, None)])?;
    } else if details.paused {
        crate::outln!(
            "Paused runner {}: it finishes the jobs it is running and takes no new ones. \
             `runnerctl resume {}` undoes this.",
            target.id,
            target.id
        );
    } else {
        crate::outln!("Resumed runner {}: it takes new jobs again.", target.id);
    }
    Ok(Exit::Success)
}
