//! Unregistering: remove config.toml entries and this machine's runner managers in GitLab,
//! and on request the runners themselves.
//!
//! The file is locked for the whole run. GitLab is asked first, entry by entry; the entries
//! GitLab let go of (or that were already gone there) are removed in one write at the end.

use crate::runner_id::RunnerId;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::forge::Forge;
use crate::gitlab::{ApiError, Client, ClientOptions};
use crate::instance_url::InstanceUrl;
use crate::ops::results::{Action, RunnerResult};
use crate::runner_config::{ConfigError, ConfigFile, EditOptions, EntryView};
use crate::secrets::SecretStore;
use crate::token::{ApiToken, RunnerToken};

/// Which entries of config.toml.
pub enum Selection {
    All,
    /// The one entry with this name.
    Named(String),
    /// The entries of this runner id (narrowed to the session's GitLab URL when several).
    Runner(u64),
}

pub struct UnregisterOptions {
    pub config_path: PathBuf,
    pub edit_options: EditOptions,
    pub selection: Selection,
    /// Also delete the runner itself in GitLab, and its token in the secret store.
    pub delete_runner: bool,
    /// Delete the runner although other machines' managers of it are online.
    pub force: bool,
    /// Make the same checks (config.toml, the API token, the runner's managers), send no
    /// change and write nothing: each entry's result is its plan.
    pub dry_run: bool,
}

/// What unregistering needs from the command running it.
pub trait UnregisterSession {
    /// The GitLab URL the operator configured, if any.
    fn gitlab_url(&self) -> Option<InstanceUrl>;
    /// An entry's `url`, parsed (`None` when it is not a URL).
    fn entry_url(&self, raw: &str) -> Option<InstanceUrl>;
    fn secret_store(&self) -> anyhow::Result<SecretStore>;
    fn api_token(&self, url: &InstanceUrl) -> anyhow::Result<Option<ApiToken>>;
    fn client_options(&self) -> ClientOptions;
    /// A kept entry's reason as its result gives it.
    fn reason(&self, kept: &Kept) -> String;
    /// Something the operator should hear now, while the run goes on.
    fn tell(&mut self, notice: Notice);
    /// Asked once, before anything is sent, when the runners themselves are to be deleted
    /// (not in a dry run): whether to go ahead with these entries.
    fn confirm_deletion(&mut self, entries: &[EntryView]) -> anyhow::Result<bool>;
}

pub enum Notice {
    Note(String),
    Warning(String),
}

/// Why an entry stays in config.toml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kept {
    /// Deleting the runner needs an API token for this GitLab, and there is none.
    NoApiToken { url: InstanceUrl },
    /// Deleting the runner would stop these other managers (system ids).
    OthersOnline { id: u64, system_ids: Vec<String> },
    /// The entry has no runner id, so its other managers cannot be checked.
    NoIdToCheck,
    /// Any other reason, as text.
    Failed(String),
}

#[derive(Debug, thiserror::Error)]
pub enum UnregisterError {
    #[error("{} does not exist: there is nothing to unregister", .0.display())]
    NoConfig(PathBuf),
    #[error("no entry named \"{name}\" in {}", path.display())]
    NoEntryNamed { name: String, path: PathBuf },
    /// Refused: unregistering the wrong runner is worse than asking which one.
    #[error("{} entries are named \"{name}\"", entries.len())]
    SeveralNamed {
        name: String,
        /// Each entry's index and runner id.
        entries: Vec<(usize, Option<i64>)>,
    },
    #[error("no entry for runner {id} in {}", path.display())]
    NoEntryForRunner { id: u64, path: PathBuf },
    #[error("GitLab let go of the runner managers, but config.toml could not be written")]
    NotWritten(#[source] ConfigError),
    #[error("not confirmed: nothing was deleted and config.toml is as it was")]
    Declined,
}

/// One step a dry run found the run would take for an entry, in the order it would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `DELETE /runners/managers`: GitLab forgets this machine's runner manager.
    DeleteManager,
    /// `DELETE /runners` with a legacy runner token, which has no managers.
    DeleteLegacyRunner,
    /// `DELETE /runners` with the runner's token: the runner itself, with all its managers.
    DeleteRunner,
    /// The runner's token leaves the secret store.
    ForgetStoredToken,
    /// The `[[runners]]` entry leaves config.toml.
    RemoveEntry,
}

impl std::fmt::Display for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Step::DeleteManager => {
                "delete this machine's runner manager in GitLab (DELETE /runners/managers)"
            }
            Step::DeleteLegacyRunner => {
                "delete the runner in GitLab with its legacy token (DELETE /runners)"
            }
            Step::DeleteRunner => "delete the runner itself in GitLab (DELETE /runners)",
            Step::ForgetStoredToken => "remove its token from the secret store",
            Step::RemoveEntry => "remove its entry from config.toml",
        })
    }
}

/// What a dry run found for an entry: the steps the run would take, and a note on why it
/// would take fewer (an entry with no token has nothing to tell GitLab).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub note: Option<String>,
}

impl std::fmt::Display for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let steps: Vec<String> = self.steps.iter().map(ToString::to_string).collect();
        write!(f, "would {}", steps.join(", then "))?;
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
}

/// One entry's outcome: its result as the contract's JSON gives it, and what people are
/// told besides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub result: RunnerResult,
    /// The runner itself was deleted in GitLab (`delete_runner`, and a DELETE succeeded).
    pub runner_deleted: bool,
    /// A dry run's plan for the entry.
    pub plan: Option<Plan>,
}

/// What to do with one entry after asking GitLab.
enum Verdict {
    /// Remove the entry; the note (if any) says why although GitLab did not confirm.
    Remove {
        note: Option<String>,
        runner_deleted: bool,
    },
    Keep(Kept),
    /// A dry run: what the run would do.
    Planned(Plan),
}

impl Verdict {
    fn remove(note: Option<String>) -> Verdict {
        Verdict::Remove {
            note,
            runner_deleted: false,
        }
    }

    /// The runner itself is gone from GitLab by this run.
    fn runner_deleted(note: Option<String>) -> Verdict {
        Verdict::Remove {
            note,
            runner_deleted: true,
        }
    }
}

/// Unregisters the selected entries: one outcome each, in file order. A dry run makes the
/// same checks and reads, and sends, deletes and writes nothing.
pub fn unregister(
    options: &UnregisterOptions,
    session: &mut dyn UnregisterSession,
) -> anyhow::Result<Vec<Outcome>> {
    let path = &options.config_path;
    if !path.exists() && std::fs::symlink_metadata(path).is_err() {
        return Err(UnregisterError::NoConfig(path.clone()).into());
    }
    let mut file =
        ConfigFile::open_with(path, &options.edit_options).context("cannot unregister")?;
    for notice in file.notices() {
        session.tell(Notice::Note(notice.to_string()));
    }
    let entries = select(session, path, file.document().runners(), &options.selection)?;
    if options.delete_runner && !options.dry_run && !session.confirm_deletion(&entries)? {
        return Err(UnregisterError::Declined.into());
    }
    let system_id = file.system_id();
    let store = if options.delete_runner && !options.dry_run {
        Some(session.secret_store()?)
    } else {
        None
    };

    let mut outcomes = Vec::new();
    let mut to_remove: Vec<EntryView> = Vec::new();
    for entry in &entries {
        let runner_id = entry.runner_id().map(RunnerId::get);
        let verdict = match unregister_one(session, entry, system_id.as_deref(), options) {
            Ok(verdict) => verdict,
            Err(error) => Verdict::Keep(Kept::Failed(format!("{error:#}"))),
        };
        let name = entry.name.clone();
        match verdict {
            Verdict::Remove {
                note,
                runner_deleted,
            } => {
                to_remove.push(entry.clone());
                let url = entry.url.as_deref().and_then(|raw| session.entry_url(raw));
                if let (Some(store), Some(id), Some(url)) = (&store, runner_id, url)
                    && let Err(error) = store.delete_runner_token(&url, id)
                {
                    session.tell(Notice::Warning(format!(
                        "runner {id} is deleted, but its token could not be removed from {}: {error}",
                        store.label()
                    )));
                }
                if let Some(note) = &note {
                    session.tell(Notice::Note(format!("{}: {note}", describe(entry))));
                }
                outcomes.push(Outcome {
                    result: RunnerResult::for_entry(runner_id, name, Action::Deleted, note),
                    runner_deleted,
                    plan: None,
                });
            }
            Verdict::Planned(plan) => outcomes.push(Outcome {
                result: RunnerResult::for_entry(
                    runner_id,
                    name,
                    Action::Planned,
                    Some(plan.to_string()),
                ),
                runner_deleted: false,
                plan: Some(plan),
            }),
            Verdict::Keep(kept) => {
                let reason = session.reason(&kept);
                let verb = if options.dry_run {
                    "would be kept"
                } else {
                    "was kept"
                };
                session.tell(Notice::Warning(format!(
                    "{} {verb}: {reason}",
                    describe(entry)
                )));
                outcomes.push(Outcome {
                    result: RunnerResult::for_entry(runner_id, name, Action::Failed, Some(reason)),
                    runner_deleted: false,
                    plan: None,
                });
            }
        }
    }

    if !to_remove.is_empty() {
        let edit = file
            .edit(|document| {
                // Found again: the file is re-read under the lock, and gitlab-runner may have
                // rewritten it meanwhile. Highest index first keeps the others in place.
                let mut indexes = entries_again(&document.runners(), &to_remove);
                indexes.sort_unstable();
                for index in indexes.into_iter().rev() {
                    document.remove_runner(index)?;
                }
                Ok::<_, ConfigError>(())
            })
            .map_err(UnregisterError::NotWritten)?;
        for notice in &edit.notices {
            session.tell(Notice::Warning(notice.to_string()));
        }
    }
    Ok(outcomes)
}

/// The indexes in `current` of the entries `wanted` (as read before asking GitLab). An entry
/// is matched on everything it holds, not its token alone: gitlab-runner writes entries that
/// share a token, and an entry may have none. The same index is preferred, then the first
/// entry alike that is not taken yet; one that is gone (or was changed) is left alone.
fn entries_again(current: &[EntryView], wanted: &[EntryView]) -> Vec<usize> {
    let alike = |a: &EntryView, b: &EntryView| {
        EntryView {
            index: b.index,
            ..a.clone()
        } == *b
    };
    let mut taken: Vec<usize> = Vec::new();
    for entry in wanted {
        let same_place = current
            .get(entry.index)
            .filter(|now| alike(entry, now) && !taken.contains(&now.index));
        let found = same_place.or_else(|| {
            current
                .iter()
                .find(|now| alike(entry, now) && !taken.contains(&now.index))
        });
        if let Some(now) = found {
            taken.push(now.index);
        }
    }
    taken
}

fn describe(entry: &EntryView) -> String {
    match (entry.id, &entry.name) {
        (Some(id), Some(name)) => format!("entry {} (runner {id}, \"{name}\")", entry.index),
        (Some(id), None) => format!("entry {} (runner {id})", entry.index),
        (None, Some(name)) => format!("entry {} (\"{name}\")", entry.index),
        (None, None) => format!("entry {}", entry.index),
    }
}

fn select(
    session: &dyn UnregisterSession,
    path: &Path,
    entries: Vec<EntryView>,
    selection: &Selection,
) -> anyhow::Result<Vec<EntryView>> {
    let id = match selection {
        Selection::All => return Ok(entries),
        Selection::Named(name) => {
            let matching: Vec<EntryView> = entries
                .into_iter()
                .filter(|entry| entry.name.as_deref() == Some(name.as_str()))
                .collect();
            return match matching.len() {
                0 => Err(UnregisterError::NoEntryNamed {
                    name: name.clone(),
                    path: path.to_path_buf(),
                }
                .into()),
                1 => Ok(matching),
                _ => Err(UnregisterError::SeveralNamed {
                    name: name.clone(),
                    entries: matching
                        .iter()
                        .map(|entry| (entry.index, entry.id))
                        .collect(),
                }
                .into()),
            };
        }
        Selection::Runner(id) => *id,
    };
    let wanted = RunnerId::new(id);
    let mut matching: Vec<EntryView> = entries
        .into_iter()
        .filter(|entry| entry.runner_id() == Some(wanted))
        .collect();
    if matching.len() > 1 {
        // Runner ids are unique per GitLab only: narrow to the URL in use, if one is set.
        if let Some(url) = session.gitlab_url() {
            matching.retain(|entry| {
                entry.url.as_deref().and_then(|raw| session.entry_url(raw)) == Some(url.clone())
            });
        }
    }
    if matching.is_empty() {
        return Err(UnregisterError::NoEntryForRunner {
            id,
            path: path.to_path_buf(),
        }
        .into());
    }
    Ok(matching)
}

/// Asks GitLab to let go of one entry's runner manager (or runner); in a dry run, says what
/// it would ask.
fn unregister_one(
    session: &mut dyn UnregisterSession,
    entry: &EntryView,
    system_id: Option<&str>,
    options: &UnregisterOptions,
) -> anyhow::Result<Verdict> {
    // Removed with no request: in a dry run, the plan is the removal, with the reason.
    let without_request = |note: &str| {
        if options.dry_run {
            Verdict::Planned(Plan {
                steps: vec![Step::RemoveEntry],
                note: Some(note.to_string()),
            })
        } else {
            Verdict::remove(Some(note.to_string()))
        }
    };
    let Some(token) = &entry.token else {
        return Ok(without_request(
            "it has no token, so GitLab has nothing to forget",
        ));
    };
    let Some(url) = entry.url.as_deref().and_then(|raw| session.entry_url(raw)) else {
        return Ok(Verdict::Keep(Kept::Failed(
            "it has no valid url, so GitLab cannot be told; fix the url or remove the entry by hand"
                .into(),
        )));
    };
    if options.delete_runner {
        return delete_runner(session, entry, &url, token, system_id, options);
    }
    if token.is_authentication_token() && system_id.is_none() {
        return Ok(without_request(
            "there is no .runner_system_id beside config.toml, so this machine has no runner manager to delete",
        ));
    }
    if options.dry_run {
        let step = if token.is_authentication_token() {
            Step::DeleteManager
        } else {
            Step::DeleteLegacyRunner
        };
        return Ok(Verdict::Planned(Plan {
            steps: vec![step, Step::RemoveEntry],
            note: None,
        }));
    }
    let client = Client::new(url.clone(), None, session.client_options())?;
    let answer = match system_id {
        Some(system_id) if token.is_authentication_token() => {
            let answer = Forge::delete_runner_manager(&client, token, system_id);
            if answer.is_ok() {
                let runner = entry
                    .id
                    .map_or_else(|| "the runner".to_string(), |id| format!("runner {id}"));
                let note = format!("{}: {}", describe(entry), heartbeat_note(&runner));
                session.tell(Notice::Note(note));
            }
            answer
        }
        // Legacy runner tokens have no managers: gitlab-runner deletes the runner itself.
        _ => Forge::delete_runner_by_token(&client, token),
    };
    Ok(verdict_from(answer))
}

/// GitLab versions whose runner authentication heartbeats every runner-token call
/// (`authenticate_runner!` with `update_contacted_at: true` by default, lib/api/ci/helpers/
/// runner.rb until `heartbeat` moved behind `ensure_runner_manager`) count
/// `DELETE /runners/managers` as a contact: the runner reads online for up to 2 hours after its
/// last host unregistered. Its managers list is what tells who still runs it.
fn heartbeat_note(runner: &str) -> String {
    format!(
        "some GitLab versions count this unregister as a contact, so {runner} may read online \
         for up to 2 hours although no host runs it; its runner managers (GitLab's runner page, \
         or `GET /runners/ID/managers`) show which hosts still use it"
    )
}

fn verdict_from(answer: Result<(), ApiError>) -> Verdict {
    match answer {
        Ok(()) => Verdict::remove(None),
        Err(error) => match error.status() {
            Some(403) => Verdict::remove(Some(
                "GitLab refused its token (403): the token is already invalid (reset, or the runner deleted); the entry is removed anyway".into(),
            )),
            Some(404) => Verdict::remove(Some(
                "GitLab has no runner manager for this machine (404); the entry is removed anyway".into(),
            )),
            _ => Verdict::Keep(Kept::Failed(error.to_string())),
        },
    }
}

fn delete_runner(
    session: &mut dyn UnregisterSession,
    entry: &EntryView,
    url: &InstanceUrl,
    token: &RunnerToken,
    system_id: Option<&str>,
    options: &UnregisterOptions,
) -> anyhow::Result<Verdict> {
    let Some(api_token) = session.api_token(url)? else {
        return Ok(Verdict::Keep(Kept::NoApiToken { url: url.clone() }));
    };
    let failed = |error: ApiError| Ok(Verdict::Keep(Kept::Failed(error.to_string())));
    let runner_id = entry.runner_id().map(RunnerId::get);
    let client = Client::new(url.clone(), Some(api_token), session.client_options())?;
    match runner_id {
        Some(id) => {
            let managers = match client.runner_managers(id) {
                Ok(managers) => managers,
                // Already gone: nothing else can be using it.
                Err(error) if error.status() == Some(404) => Vec::new(),
                Err(error) => return failed(error),
            };
            let system_ids: Vec<String> = managers
                .iter()
                .filter(|manager| Some(manager.system_id.as_str()) != system_id)
                .filter(|manager| manager.is_online())
                .map(|manager| manager.system_id.clone())
                .collect();
            if !system_ids.is_empty() && !options.force {
                return Ok(Verdict::Keep(Kept::OthersOnline { id, system_ids }));
            }
        }
        None if !options.force => return Ok(Verdict::Keep(Kept::NoIdToCheck)),
        None => {}
    }
    if options.dry_run {
        return Ok(Verdict::Planned(Plan {
            steps: vec![
                Step::DeleteRunner,
                Step::ForgetStoredToken,
                Step::RemoveEntry,
            ],
            note: None,
        }));
    }
    let runner_client = Client::new(url.clone(), None, session.client_options())?;
    match Forge::delete_runner_by_token(&runner_client, token) {
        Ok(()) => Ok(Verdict::runner_deleted(None)),
        Err(error) if error.status() == Some(403) => {
            // The token is no longer valid; the runner may still exist under its id.
            let Some(id) = runner_id else {
                return Ok(verdict_from(Err(error)));
            };
            match Forge::delete_runner(&client, id) {
                Ok(()) => Ok(Verdict::runner_deleted(Some(format!(
                    "its token was already invalid; runner {id} was deleted by id"
                )))),
                Err(error) if error.status() == Some(404) => Ok(Verdict::remove(Some(format!(
                    "runner {id} no longer exists in GitLab; the entry is removed"
                )))),
                Err(error) => failed(error),
            }
        }
        Err(error) => failed(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(index: usize, name: &str, token: &str) -> EntryView {
        EntryView {
            index,
            name: Some(name.to_string()),
            url: Some("https://gitlab.example.com".to_string()),
            id: Some(7),
            token: Some(RunnerToken::new(token)),
            executor: Some("shell".to_string()),
            token_obtained_at: None,
            token_expires_at: None,
        }
    }

    #[test]
    fn entries_are_found_again_where_they_moved_and_a_changed_one_is_left_alone() {
        let wanted = [entry(0, "a", "glrt-a"), entry(1, "b", "glrt-b")];
        // gitlab-runner rewrote the file meanwhile: a new entry first, b's token rotated.
        let current = [
            entry(0, "new", "glrt-new"),
            entry(1, "a", "glrt-a"),
            entry(2, "b", "glrt-b-rotated"),
        ];
        assert_eq!(entries_again(&current, &wanted), [1]);
        // Two entries alike: each wanted one takes its own.
        let twins = [entry(0, "a", "glrt-a"), entry(1, "a", "glrt-a")];
        assert_eq!(entries_again(&twins, &twins), [0, 1]);
    }
}
