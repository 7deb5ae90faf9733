//! `unregister` on a Gitea/Forgejo runner's host: the `.runner` goes (under the runner's own
//! lock), after the server's record when the caller deletes it through [`DeleteRunner`].
//!
//! A `.runner` holds one registration, so every selection picks that one entry or none.

use std::path::PathBuf;

use crate::ops::results::{Action, RunnerResult};
use crate::runner_file::{self, Options, Registration, RunnerFile};

/// The deletion of the runner's record on the server, before the file goes: the seam the API
/// client fills. An error keeps the file.
pub type DeleteRunner<'a> = &'a mut dyn FnMut(&Registration) -> anyhow::Result<()>;

/// Which entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    Runner(u64),
    Named(String),
    All,
}

#[derive(Debug, Clone)]
pub struct UnregisterOptions {
    pub path: PathBuf,
    pub selection: Selection,
    /// Read the file (without its lock) and say what would go; change nothing.
    pub dry_run: bool,
}

/// Why nothing was unregistered.
#[derive(Debug, thiserror::Error)]
pub enum UnregisterError {
    #[error("{} does not exist: there is nothing to unregister", .0.display())]
    NoFile(PathBuf),
    #[error("{} holds runner {found_id} (\"{found_name}\"), not runner {id}", path.display())]
    NoEntryForRunner {
        id: u64,
        path: PathBuf,
        found_id: u64,
        found_name: String,
    },
    #[error("{} holds runner {found_id} named \"{found_name}\", not \"{name}\"", path.display())]
    NoEntryNamed {
        name: String,
        path: PathBuf,
        found_id: u64,
        found_name: String,
    },
}

/// One entry's result.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub result: RunnerResult,
    /// Whether the server's record was deleted too.
    pub runner_deleted: bool,
}

/// Removes the selected registration. `delete_runner`, when given, runs first (not on a dry
/// run, whose result is `planned`).
pub fn unregister(
    options: &UnregisterOptions,
    delete_runner: Option<DeleteRunner<'_>>,
) -> anyhow::Result<Outcome> {
    let mut file = if options.dry_run {
        None
    } else {
        Some(RunnerFile::load(&options.path, &Options::default())?)
    };
    let current = match &file {
        Some(file) => file.parsed().cloned(),
        None => runner_file::read_unlocked(&options.path)?,
    };
    let Some(current) = current else {
        return Err(UnregisterError::NoFile(options.path.clone()).into());
    };
    let registration = &current.registration;
    check_selection(options, registration)?;
    let mut outcome = Outcome {
        result: RunnerResult::for_entry(
            Some(registration.id),
            Some(registration.name.clone()),
            Action::Planned,
            None,
        ),
        runner_deleted: false,
    };
    let Some(file) = file.as_mut() else {
        return Ok(outcome);
    };
    if let Some(delete) = delete_runner {
        delete(registration)?;
        outcome.runner_deleted = true;
    }
    file.remove_registration()?;
    outcome.result.action = Action::Deleted;
    Ok(outcome)
}

fn check_selection(
    options: &UnregisterOptions,
    registration: &Registration,
) -> Result<(), UnregisterError> {
    match &options.selection {
        Selection::All => Ok(()),
        Selection::Runner(id) if *id == registration.id => Ok(()),
        Selection::Named(name) if *name == registration.name => Ok(()),
        Selection::Runner(id) => Err(UnregisterError::NoEntryForRunner {
            id: *id,
            path: options.path.clone(),
            found_id: registration.id,
            found_name: registration.name.clone(),
        }),
        Selection::Named(name) => Err(UnregisterError::NoEntryNamed {
            name: name.clone(),
            path: options.path.clone(),
            found_id: registration.id,
            found_name: registration.name.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner_file::RunnerFileKind;
    use crate::token::RunnerToken;

    fn write_runner(path: &std::path::Path) {
        let registration = Registration {
            id: 7,
            uuid: "u-7".into(),
            name: "build-01".into(),
            token: RunnerToken::new("0123456789abcdef0123456789abcdef01234567"),
            address: "https://gitea.example.com".into(),
            labels: vec![],
            ephemeral: Some(false),
        };
        let text = runner_file::render(&registration, RunnerFileKind::Gitea, None);
        std::fs::write(path, text).unwrap();
    }

    fn options(path: &std::path::Path, selection: Selection, dry_run: bool) -> UnregisterOptions {
        UnregisterOptions {
            path: path.to_path_buf(),
            selection,
            dry_run,
        }
    }

    #[test]
    fn only_the_selected_runner_goes_and_a_dry_run_keeps_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".runner");
        write_runner(&path);
        let error = unregister(&options(&path, Selection::Runner(8), false), None).unwrap_err();
        assert!(error.to_string().contains("not runner 8"), "{error}");
        let error =
            unregister(&options(&path, Selection::Named("x".into()), false), None).unwrap_err();
        assert!(error.to_string().contains("not \"x\""), "{error}");
        let planned = unregister(&options(&path, Selection::All, true), None).unwrap();
        assert_eq!(planned.result.action, Action::Planned);
        assert!(path.exists());
        let done = unregister(&options(&path, Selection::Runner(7), false), None).unwrap();
        assert_eq!(done.result.action, Action::Deleted);
        assert_eq!(done.result.runner_id, Some(7));
        assert!(!path.exists());
        let error = unregister(&options(&path, Selection::All, false), None).unwrap_err();
        assert!(matches!(
            error.downcast_ref::<UnregisterError>(),
            Some(UnregisterError::NoFile(_))
        ));
    }

    #[test]
    fn a_failed_server_deletion_keeps_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".runner");
        write_runner(&path);
        let mut refuse =
            |_: &Registration| -> anyhow::Result<()> { Err(anyhow::anyhow!("server down")) };
        assert!(unregister(&options(&path, Selection::All, false), Some(&mut refuse)).is_err());
        assert!(path.exists());
        let mut accept = |_: &Registration| -> anyhow::Result<()> { Ok(()) };
        let done = unregister(&options(&path, Selection::All, false), Some(&mut accept)).unwrap();
        assert!(done.runner_deleted);
        assert!(!path.exists());
    }
}
