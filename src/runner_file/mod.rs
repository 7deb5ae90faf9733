//! The Gitea and Forgejo runners' credentials file, `.runner`: parse it as strictly as the
//! runners read it, write the very bytes they write, and save it atomically under the
//! runner's own lock.
//!
//! [`parse`] and [`render`] are pure. [`RunnerFile::load`] takes `<file>.lock` the way Gitea
//! Runner's daemon does (a held lock is [`RunnerFileError::InUse`] at once), then
//! [`RunnerFile::upsert_registration`] / [`RunnerFile::remove_registration`] change it;
//! [`RunnerFile`] is also the lifecycle's [`crate::host_file::HostFile`], with one entry at
//! index 0. Read-only callers (doctor, status) use [`read_unlocked`] and [`lock_is_held`].
//! Nothing here prints: notices come back as data.

mod file;
mod format;
mod host_file;
mod parse;

pub use file::{
    MAX_RUNNER_FILE_SIZE, Notice, Options, RunnerFile, RunnerFileError, lock_is_held, read_unlocked,
};
pub use format::{
    ACT_RUNNER_WARNING, FORGEJO_RUNNER_WARNING, GITEA_RUNNER_WARNING, Registration, RunnerFileKind,
    quote as go_quote, render,
};
pub use host_file::RunnerEntry;
pub use parse::{ParseError, Parsed, parse, parse_bytes};
