//! `register` on a Gitea/Forgejo runner's host: a runner's credentials in, its `.runner`
//! written (atomic, 0600, under the runner's own lock), and what happened out.
//!
//! The credentials come from the caller (the store, another host's `token show`, or the
//! runner protocol's `Register`); a check with the server (`Declare`) is the caller's
//! [`Verify`], run before anything is written. Nothing here talks to the server itself.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::credentials::RunnerCredentials;
use crate::forge_kind::ForgeKind;
use crate::host_file::Action;
use crate::ops::config_diff::redacted_diff;
use crate::runner_file::{self, Notice, Options, Parsed, Registration, RunnerFile, RunnerFileKind};

/// The check of the credentials with the server, before the file is written: the seam the
/// runner protocol's `Declare` fills. An error stops the registration with nothing written.
pub type Verify<'a> = &'a mut dyn FnMut(&RunnerCredentials) -> anyhow::Result<()>;

/// Where and how to write.
#[derive(Debug, Clone)]
pub struct RegisterOptions {
    /// The `.runner` path, as the operator gave it or as it was found.
    pub path: PathBuf,
    /// The target's forge: its runner's layout is written.
    pub forge: ForgeKind,
    /// Compute what would be written; write (and lock, and check) nothing.
    pub dry_run: bool,
}

/// The contract's `register` document: `{"runner_id", "name", "config", "files", "action",
/// "verified", "forge"}`; a dry run adds `dry_run` and `diff`.
#[derive(Debug, Serialize)]
pub struct Registered {
    pub runner_id: u64,
    pub name: String,
    pub config: String,
    /// The paths written: none when nothing changed (or on a dry run).
    pub files: Vec<String>,
    pub action: Action,
    pub verified: bool,
    pub forge: ForgeKind,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    /// A dry run's unified diff of `.runner`, the token shown by its prefix only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
    /// What the operator should hear about the save (a followed symlink, a mode tightened).
    #[serde(skip)]
    pub notices: Vec<Notice>,
}

/// The layout a forge's runner writes: forgejo-runner's for Forgejo, Gitea Runner's else.
pub fn file_kind(forge: ForgeKind) -> RunnerFileKind {
    match forge {
        ForgeKind::Forgejo => RunnerFileKind::Forgejo,
        _ => RunnerFileKind::Gitea,
    }
}

/// The `.runner` registration of `credentials`. `current` is the file as it is: the same
/// runner keeps its `ephemeral` (the credentials do not carry it; an ephemeral runner is
/// one the server deletes after a job, so losing the mark would be a lie in the file).
pub fn registration_for(
    credentials: &RunnerCredentials,
    kind: RunnerFileKind,
    current: Option<&Parsed>,
) -> Registration {
    let ephemeral = match kind {
        RunnerFileKind::Forgejo => None,
        RunnerFileKind::Gitea => Some(
            current
                .map(|parsed| &parsed.registration)
                .filter(|old| old.id == credentials.runner_id && old.uuid == credentials.uuid)
                .and_then(|old| old.ephemeral)
                .unwrap_or(false),
        ),
    };
    Registration {
        id: credentials.runner_id,
        uuid: credentials.uuid.clone(),
        name: credentials.name.clone(),
        token: credentials.token.clone(),
        // The runner talks to the address it was registered with: the credentials' URL.
        address: credentials.url.as_str().to_string(),
        labels: credentials.labels.clone(),
        ephemeral,
    }
}

/// Writes `credentials` into the `.runner` at `options.path` (or, on a dry run, says what
/// would be written). `verify`, when given, runs after the file is locked and read and
/// before it is written.
pub fn register(
    options: &RegisterOptions,
    credentials: &RunnerCredentials,
    verify: Option<Verify<'_>>,
) -> anyhow::Result<Registered> {
    let kind = file_kind(options.forge);
    let mut registered = Registered {
        runner_id: credentials.runner_id,
        name: credentials.name.clone(),
        config: options.path.display().to_string(),
        files: Vec::new(),
        action: Action::Unchanged,
        verified: false,
        forge: options.forge,
        dry_run: options.dry_run,
        diff: None,
        notices: Vec::new(),
    };
    if options.dry_run {
        return preview(&options.path, credentials, kind, registered);
    }
    let mut file = RunnerFile::load(&options.path, &Options { create_dir: true })?;
    registered.notices.extend(file.notices().iter().cloned());
    let registration = registration_for(credentials, kind, file.parsed());
    if let Some(verify) = verify {
        verify(credentials)?;
        registered.verified = true;
    }
    let (action, notices) = file.upsert_registration(&registration, kind)?;
    registered.action = action;
    registered.notices.extend(notices);
    if action != Action::Unchanged {
        registered.files.push(registered.config.clone());
    }
    Ok(registered)
}

/// A dry run: the file read without its lock (taking it would create `<file>.lock`), the
/// bytes the run would write, and their diff.
fn preview(
    path: &Path,
    credentials: &RunnerCredentials,
    kind: RunnerFileKind,
    mut registered: Registered,
) -> anyhow::Result<Registered> {
    let current = runner_file::read_unlocked(path)?;
    let registration = registration_for(credentials, kind, current.as_ref());
    // As `RunnerFile::upsert_registration` decides: the same registration in the same layout
    // is left alone; an existing WARNING is kept unless it is the other runner's.
    let unchanged = current.as_ref().is_some_and(|parsed| {
        let same_layout =
            (kind == RunnerFileKind::Gitea) == parsed.registration.ephemeral.is_some();
        same_layout && parsed.registration.same_as(&registration)
    });
    let warning = current
        .as_ref()
        .and_then(|parsed| parsed.warning.clone())
        .filter(|warning| RunnerFileKind::from_warning(warning).is_none_or(|named| named == kind));
    // The file's own bytes (a file that parsed is a regular file of at most 1 MiB).
    let before = match &current {
        Some(_) => Some(std::fs::read_to_string(path)?),
        None => None,
    };
    let after = if unchanged {
        before.clone().unwrap_or_default()
    } else {
        runner_file::render(&registration, kind, warning.as_deref())
    };
    let mut tokens = vec![registration.token.clone()];
    if let Some(parsed) = &current {
        tokens.push(parsed.registration.token.clone());
    }
    registered.diff = Some(redacted_diff(path, before.as_deref(), &after, &tokens));
    registered.action = match (&current, unchanged) {
        (_, true) => Action::Unchanged,
        (Some(_), false) => Action::Updated,
        (None, false) => Action::Added,
    };
    Ok(registered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance_url::InstanceUrl;
    use crate::token::RunnerToken;

    const TOKEN: &str = "0123456789abcdef0123456789abcdef01234567";

    fn credentials(forge: ForgeKind) -> RunnerCredentials {
        RunnerCredentials {
            runner_id: 17,
            forge,
            url: InstanceUrl::parse("https://gitea.example.com").unwrap(),
            name: "build-01".into(),
            token: RunnerToken::new(TOKEN),
            uuid: "2f7c4c55-8d2f-4c65-9d73-4b0e2c3a1f00".into(),
            labels: vec!["ubuntu-latest:docker://node:20".into()],
            scope: None,
        }
    }

    fn options(path: &Path, forge: ForgeKind, dry_run: bool) -> RegisterOptions {
        RegisterOptions {
            path: path.to_path_buf(),
            forge,
            dry_run,
        }
    }

    #[test]
    fn writes_the_runners_bytes_then_leaves_the_same_runner_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".runner");
        let gitea = credentials(ForgeKind::Gitea);
        let first = register(&options(&path, ForgeKind::Gitea, false), &gitea, None).unwrap();
        assert_eq!(first.action, Action::Added);
        assert_eq!(first.files, [path.display().to_string()]);
        let expected = runner_file::render(
            &registration_for(&gitea, RunnerFileKind::Gitea, None),
            RunnerFileKind::Gitea,
            None,
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), expected);
        assert!(expected.contains("\"ephemeral\": false"));
        let again = register(&options(&path, ForgeKind::Gitea, false), &gitea, None).unwrap();
        assert_eq!(again.action, Action::Unchanged);
        assert!(again.files.is_empty());
    }

    #[test]
    fn a_failed_check_writes_nothing_and_a_passed_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".runner");
        let forgejo = credentials(ForgeKind::Forgejo);
        let mut refuse = |_: &RunnerCredentials| -> anyhow::Result<()> {
            Err(anyhow::anyhow!("unregistered runner"))
        };
        let options = options(&path, ForgeKind::Forgejo, false);
        assert!(register(&options, &forgejo, Some(&mut refuse)).is_err());
        assert!(!path.exists());
        let mut accept = |_: &RunnerCredentials| -> anyhow::Result<()> { Ok(()) };
        let done = register(&options, &forgejo, Some(&mut accept)).unwrap();
        assert!(done.verified);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("ephemeral"), "{text}");
    }

    #[test]
    fn a_dry_run_shows_a_redacted_diff_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(".runner");
        let gitea = credentials(ForgeKind::Gitea);
        let planned = register(&options(&path, ForgeKind::Gitea, true), &gitea, None).unwrap();
        assert_eq!(planned.action, Action::Added);
        assert!(planned.files.is_empty());
        let diff = planned.diff.unwrap();
        assert!(diff.contains("+  \"name\": \"build-01\""), "{diff}");
        assert!(!diff.contains(TOKEN), "{diff}");
        assert!(!dir.path().join("sub").exists(), "nothing created");
        register(&options(&path, ForgeKind::Gitea, false), &gitea, None).unwrap();
        let planned = register(&options(&path, ForgeKind::Gitea, true), &gitea, None).unwrap();
        assert_eq!(planned.action, Action::Unchanged);
        assert_eq!(planned.diff.as_deref(), Some(""));
    }

    #[test]
    fn the_same_runner_keeps_its_ephemeral_mark() {
        let gitea = credentials(ForgeKind::Gitea);
        let mut old = registration_for(&gitea, RunnerFileKind::Gitea, None);
        old.ephemeral = Some(true);
        let parsed = Parsed {
            registration: old.clone(),
            kind: Some(RunnerFileKind::Gitea),
            warning: None,
        };
        let new = registration_for(&gitea, RunnerFileKind::Gitea, Some(&parsed));
        assert_eq!(new.ephemeral, Some(true));
        let mut other = parsed;
        other.registration.id = 99;
        let new = registration_for(&gitea, RunnerFileKind::Gitea, Some(&other));
        assert_eq!(new.ephemeral, Some(false));
    }
}
