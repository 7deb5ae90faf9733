//! `.runner` as a [`HostFile`]: one entry, at index 0, for the one runner the file is for.

use std::path::Path;

use super::file::{Notice, Options, RunnerFile, RunnerFileError};
use super::format::{Registration, RunnerFileKind};
use super::parse::Parsed;
use crate::host_file::{HostEntry, HostFile, Saved, Upserted};
use crate::token::RunnerToken;

/// What an upsert writes: the registration, in the layout of the runner that reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerEntry {
    pub registration: Registration,
    pub kind: RunnerFileKind,
}

fn entry_of(parsed: &Parsed) -> HostEntry {
    let registration = &parsed.registration;
    HostEntry {
        index: 0,
        runner_id: Some(registration.id),
        name: Some(registration.name.clone()),
        url: Some(registration.address.clone()),
    }
}

impl HostFile for RunnerFile {
    type Options = Options;
    type Entry = RunnerEntry;
    type Notice = Notice;
    type Error = RunnerFileError;

    fn load(path: &Path, options: &Options) -> Result<RunnerFile, RunnerFileError> {
        RunnerFile::load(path, options)
    }

    fn path(&self) -> &Path {
        self.requested_path()
    }

    fn load_notices(&self) -> &[Notice] {
        self.notices()
    }

    fn entry(&self, index: usize) -> Option<HostEntry> {
        (index == 0).then(|| self.parsed().map(entry_of)).flatten()
    }

    fn find_entry(&self, token: Option<&RunnerToken>, runner_id: Option<u64>) -> Option<HostEntry> {
        let parsed = self.parsed()?;
        let registration = &parsed.registration;
        let by_token = token.is_some_and(|token| *token == registration.token);
        let by_id = runner_id.is_some_and(|id| id == registration.id);
        (by_token || by_id).then(|| entry_of(parsed))
    }

    fn upsert(&mut self, entry: &RunnerEntry) -> Result<Saved<Upserted, Notice>, RunnerFileError> {
        let (action, notices) = self.upsert_registration(&entry.registration, entry.kind)?;
        Ok(Saved {
            value: Upserted { index: 0, action },
            written: action != crate::host_file::Action::Unchanged,
            notices,
        })
    }

    fn remove(
        &mut self,
        indexes: &[usize],
    ) -> Result<Saved<Vec<HostEntry>, Notice>, RunnerFileError> {
        if !indexes.contains(&0) {
            return Ok(Saved {
                value: Vec::new(),
                written: false,
                notices: Vec::new(),
            });
        }
        let removed = self.remove_registration()?;
        Ok(Saved {
            written: removed.is_some(),
            value: removed.iter().map(entry_of).collect(),
            notices: Vec::new(),
        })
    }
}
