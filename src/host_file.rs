//! The file on a runner's host that says which runners it runs: GitLab's config.toml, and
//! next Gitea's `.runner` and Semaphore's `config.runner.json`. The lifecycle (register,
//! unregister, rotate) needs the same few things from each; what an entry holds beyond its
//! identity (executors, autoscaling) is the file's own business.

use std::path::Path;

use crate::token::RunnerToken;

/// What an upsert did to the entry; serialised as the word the contract's JSON uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    Added,
    Updated,
    Unchanged,
}

impl Action {
    /// The word the contract's JSON uses.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One runner's entry, by what identifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostEntry {
    /// 0-based, in file order.
    pub index: usize,
    pub runner_id: Option<u64>,
    pub name: Option<String>,
    /// The forge the entry talks to, as the file writes it.
    pub url: Option<String>,
}

/// The entry an upsert wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Upserted {
    /// The entry's index after the change.
    pub index: usize,
    pub action: Action,
}

/// A change's value, and what the operator should hear about the save.
#[derive(Debug)]
pub struct Saved<T, N> {
    pub value: T,
    /// False when the change changed nothing: the file was not touched.
    pub written: bool,
    pub notices: Vec<N>,
}

/// A host file held under its lock for as long as the value lives.
///
/// Each change is saved atomically before it returns: an implementation re-reads the file
/// under the lock right before changing it (the runner itself may have rewritten it since
/// it was loaded), so a change and its save are one step.
pub trait HostFile: Sized {
    /// How loading treats other users' files and another process's lock.
    type Options;
    /// What an upsert writes: the runner's whole entry.
    type Entry;
    /// Something the operator should hear about (a followed symlink, a file created).
    type Notice;
    type Error: std::error::Error + Send + Sync + 'static;

    /// Locks the file and reads it; a missing file reads as an empty one, written only by a
    /// change that adds something.
    fn load(path: &Path, options: &Self::Options) -> Result<Self, Self::Error>;

    /// The path as the caller gave it.
    fn path(&self) -> &Path;

    /// What loading found worth saying.
    fn load_notices(&self) -> &[Self::Notice];

    /// Entry `index` as the file holds it now.
    fn entry(&self, index: usize) -> Option<HostEntry>;

    /// This runner's entry: the one holding `token`, else the one with `runner_id`.
    fn find_entry(&self, token: Option<&RunnerToken>, runner_id: Option<u64>) -> Option<HostEntry>;

    /// Updates the entry `entry` is for, or adds it.
    fn upsert(&mut self, entry: &Self::Entry)
    -> Result<Saved<Upserted, Self::Notice>, Self::Error>;

    /// Removes the entries at `indexes` (as numbered before the change); the ones it found.
    fn remove(
        &mut self,
        indexes: &[usize],
    ) -> Result<Saved<Vec<HostEntry>, Self::Notice>, Self::Error>;
}
