//! `update` of a Gitea/Forgejo runner's labels: the server takes labels only from the
//! runner's own Declare (gitea routers/api/actions/runner/runner.go `Declare`), so the stored
//! credentials send it, and this host's `.runner` is rewritten when it is that runner.

use std::path::Path;

use crate::gitea::Client;
use crate::secrets::SecretStore;

use super::credentials::{RunnerCredentials, label_name};

/// The new full set: `set` replaces all; else `add` (a label of the same name is replaced)
/// and `remove` (by name or full string) change `current`.
pub fn new_labels(
    current: &[String],
    set: Option<Vec<String>>,
    add: &[String],
    remove: &[String],
) -> Vec<String> {
    let mut labels = set.unwrap_or_else(|| current.to_vec());
    for label in add {
        labels.retain(|known| label_name(known) != label_name(label));
        labels.push(label.clone());
    }
    labels.retain(|known| {
        !remove.iter().any(|gone| {
            gone == known || label_name(gone) == label_name(known) && !gone.contains(':')
        })
    });
    labels
}

/// What changed.
pub struct Updated {
    pub before: Vec<String>,
    pub after: Vec<String>,
    /// The `.runner` rewritten, when this host's file is the runner.
    pub runner_file: Option<String>,
}

/// Declares `labels` with the runner's credentials, keeps them in the store and in this
/// host's `.runner` when it holds the same runner.
pub fn update_labels(
    client: &Client,
    store: &SecretStore,
    mut credentials: RunnerCredentials,
    labels: Vec<String>,
    runner_file: Option<&Path>,
) -> anyhow::Result<Updated> {
    // This host's file first: one that does not parse, or is held by a running runner, stops
    // the update before the server's labels change.
    let mut local = None;
    if let Some(path) = runner_file
        && let Some(parsed) = crate::runner_file::read_unlocked(path)?
        && parsed.registration.id == credentials.runner_id
        && parsed.registration.uuid == credentials.uuid
    {
        let kind = parsed.kind.unwrap_or(match credentials.forge {
            crate::forge_kind::ForgeKind::Forgejo => crate::runner_file::RunnerFileKind::Forgejo,
            _ => crate::runner_file::RunnerFileKind::Gitea,
        });
        let file = crate::runner_file::RunnerFile::load(path, &Default::default())?;
        local = Some((path, parsed.registration, kind, file));
    }
    let names: Vec<String> = labels.iter().map(|l| label_name(l).to_string()).collect();
    client.declare(&credentials.uuid, &credentials.token, &names)?;
    let before = std::mem::replace(&mut credentials.labels, labels.clone());
    credentials.store(store)?;
    let mut written = None;
    if let Some((path, mut registration, kind, mut file)) = local {
        registration.labels = labels.clone();
        file.upsert_registration(&registration, kind)?;
        written = Some(path.display().to_string());
    }
    Ok(Updated {
        before,
        after: labels,
        runner_file: written,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labels_are_set_added_by_name_and_removed_by_name() {
        let current = strings(&["ubuntu:docker://node:20", "arm64"]);
        assert_eq!(
            new_labels(&current, Some(strings(&["x"])), &[], &[]),
            strings(&["x"])
        );
        assert_eq!(
            new_labels(&current, None, &strings(&["ubuntu:host"]), &[]),
            strings(&["arm64", "ubuntu:host"])
        );
        assert_eq!(
            new_labels(&current, None, &[], &strings(&["ubuntu"])),
            strings(&["arm64"])
        );
    }
}
