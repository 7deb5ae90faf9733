//! `create` on Gitea and Forgejo.

use crate::error::Exit;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    _args: crate::cli::CreateArgs,
) -> anyhow::Result<Exit> {
    let _ = context;
    Err(super::not_built(&target, "create"))
}
