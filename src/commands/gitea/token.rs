//! `token show` on Gitea and Forgejo.

use crate::error::Exit;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn show(context: &Context, target: ForgeTarget, _id: u64) -> anyhow::Result<Exit> {
    let _ = context;
    Err(super::not_built(&target, "token show"))
}
