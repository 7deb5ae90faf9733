//! `pause`/`resume` on Gitea (Forgejo is refused in `commands/forges.rs`): `PATCH … {"disabled"}`
//! on the runner's own scope route, Gitea 1.26+.

use crate::cli::ForgeScopeArgs;
use crate::error::{Exit, UsageError};
use crate::ops::gitea::client::{runner_scope, scope_from_flags};
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: crate::cli::PauseArgs,
    paused: bool,
) -> anyhow::Result<Exit> {
    let id = runner_id(&target, args.target.id, args.target.name.as_deref())?;
    let store = context.secret_store().ok();
    let scope = resolve_scope(&target, store.as_ref(), id, &args.scope)?;
    let client = context.gitea_client(&target)?;
    let runner = client.set_disabled(&scope, i64::try_from(id)?, paused)?;
    if context.json() {
        output::print_json(&serde_json::json!({
            "id": id,
            "paused": runner.disabled,
            "forge": target.kind.as_str(),
        }))?;
    } else {
        let verb = if paused { "Paused" } else { "Resumed" };
        crate::outln!("{verb} runner {id} ({}) in {scope}.", runner.name);
    }
    Ok(Exit::Success)
}

/// The runner's id: `--name` is a config.toml lookup, which these forges do not have.
pub(super) fn runner_id(
    target: &ForgeTarget,
    id: Option<u64>,
    name: Option<&str>,
) -> anyhow::Result<u64> {
    match (id, name) {
        (Some(id), _) => Ok(id),
        (None, Some(_)) => Err(UsageError::new(format!(
            "--name finds a runner in config.toml; on {} give the runner's ID",
            target.kind.display_name()
        ))
        .into()),
        (None, None) => Err(UsageError::new("give the runner's ID").into()),
    }
}

/// The stored credentials' scope, else the scope flags; neither is exit 2 naming the flags.
pub(super) fn resolve_scope(
    target: &ForgeTarget,
    store: Option<&crate::secrets::SecretStore>,
    id: u64,
    flags: &ForgeScopeArgs,
) -> anyhow::Result<crate::gitea::Scope> {
    let given = scope_from_flags(
        flags.group.as_deref(),
        flags.project.as_deref(),
        flags.instance,
        flags.user,
    );
    runner_scope(store, &target.url, id, given).ok_or_else(|| {
        UsageError::new(format!(
            "the secret store does not hold runner {id}, so say where it lives on {}: -g ORG, \
             -p OWNER/REPO, --user, or --instance (an administrator's token)",
            target.kind.display_name()
        ))
        .into()
    })
}
