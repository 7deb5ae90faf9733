//! The forge rule's reading of the environment: which forges the operator's variables name.

use crate::cli::Command;
use crate::error::UsageError;
use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;

use super::forge::ForgeTarget;
use super::url::non_empty_env;

/// What a command needs of the forge rule.
pub(super) enum Needs {
    Nothing,
    Api,
    /// A command on the runner's host: `--runner-file` may decide the forge.
    Host,
}

pub(super) fn needs(command: &Command) -> Needs {
    use crate::cli::{AuthCommand, TokenCommand};
    match command {
        Command::Completions { .. } | Command::Token(TokenCommand::List) => Needs::Nothing,
        Command::Auth(AuthCommand::Status { all: true } | AuthCommand::Logout) => Needs::Nothing,
        Command::Register(_)
        | Command::Unregister(_)
        | Command::Update(_)
        | Command::Status
        | Command::Doctor(_)
        | Command::Token(TokenCommand::Show { .. })
        | Command::Start
        | Command::Stop
        | Command::Restart => Needs::Host,
        _ => Needs::Api,
    }
}

pub(super) fn target(kind: ForgeKind, url: InstanceUrl, source: &str) -> ForgeTarget {
    ForgeTarget {
        kind,
        url,
        url_source: source.to_string(),
    }
}

/// The forges whose URL variable is set, in the contract's order.
pub(super) fn forges_with_url_variables() -> Vec<ForgeKind> {
    ForgeKind::ALL
        .into_iter()
        .filter(|kind| {
            kind.url_variables()
                .iter()
                .any(|name| non_empty_env(name).is_some())
        })
        .collect()
}

/// The forges any variable (URL or API token) points at; a lone `GITEA_TOKEN` with a
/// `FORGEJO_URL` is Forgejo's fallback, not a second forge.
pub(super) fn variable_forges() -> anyhow::Result<Vec<ForgeKind>> {
    let mut kinds = forges_with_url_variables();
    for kind in ForgeKind::ALL {
        let token_set = kind
            .token_variables()
            .iter()
            .take(1)
            .any(|name| non_empty_env(name).is_some());
        if token_set && !kinds.contains(&kind) {
            let covered = kind == ForgeKind::Gitea && kinds.contains(&ForgeKind::Forgejo);
            if !covered {
                kinds.push(kind);
            }
        }
    }
    Ok(kinds)
}

pub(super) fn variable_url(kind: ForgeKind) -> anyhow::Result<Option<(InstanceUrl, String)>> {
    for name in kind.url_variables() {
        if let Some(value) = non_empty_env(name) {
            let url = if *name == "GITLAB_HOST" {
                InstanceUrl::parse_host_or_url(&value)
            } else {
                InstanceUrl::parse(&value)
            }
            .map_err(|e| UsageError::new(format!("{name}: {e}")))?;
            return Ok(Some((url, name.to_string())));
        }
    }
    Ok(None)
}

pub(super) fn several_forges(kinds: &[ForgeKind]) -> UsageError {
    let names: Vec<&str> = kinds
        .iter()
        .flat_map(|kind| {
            kind.url_variables()
                .iter()
                .chain(kind.token_variables().iter().take(1))
        })
        .copied()
        .filter(|name| non_empty_env(name).is_some())
        .collect();
    UsageError::new(format!(
        "{} are set for different forges: pass --forge {} (or set RUNNERCTL_FORGE) to say which \
         one this command is for",
        names.join(" and "),
        kinds
            .iter()
            .map(|kind| kind.as_str())
            .collect::<Vec<_>>()
            .join("|"),
    ))
}

pub(super) fn no_url(kind: ForgeKind) -> UsageError {
    UsageError::new(format!(
        "no {} URL: pass --url, set {}, or log in once with `runnerctl auth login --url URL`",
        kind.display_name(),
        kind.url_variables().join(" or "),
    ))
}
