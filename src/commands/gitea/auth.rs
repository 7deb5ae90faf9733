//! `auth login` on Gitea and Forgejo.

use crate::error::Exit;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn login(
    context: &Context,
    target: ForgeTarget,
    _command: crate::cli::Command,
) -> anyhow::Result<Exit> {
    let _ = context;
    Err(super::not_built(&target, "auth login"))
}
