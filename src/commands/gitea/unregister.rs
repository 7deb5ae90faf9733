//! `unregister` on Gitea and Forgejo.

use crate::error::Exit;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    _args: crate::cli::UnregisterArgs,
) -> anyhow::Result<Exit> {
    let _ = context;
    Err(super::not_built(&target, "unregister"))
}
