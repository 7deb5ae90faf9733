//! `status` on Gitea and Forgejo.

use crate::error::Exit;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(context: &Context, target: ForgeTarget) -> anyhow::Result<Exit> {
    let path = context.runner_file_path()?;
    Err(super::not_built(&target, "status").context(format!("runner file {}", path.display())))
}
