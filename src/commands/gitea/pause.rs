//! `pause/resume` on Gitea and Forgejo.

use crate::error::Exit;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    _args: crate::cli::PauseArgs,
    _paused: bool,
) -> anyhow::Result<Exit> {
    let _ = context;
    Err(super::not_built(&target, "pause/resume"))
}
