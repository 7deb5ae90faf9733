//! config.toml: parse, validate as gitlab-runner would, edit with toml_edit keeping every
//! byte the edit does not mean to change, and save under a lock with an atomic rename.
//!
//! Read-only callers use [`ConfigFile::read`]. `register`, `unregister` and `rotate` use
//! [`ConfigFile::open_with`] (lock first, fail before any API call; [`EditOptions`] carry
//! `--allow-other-owner` and `--lock-timeout`), then [`ConfigFile::edit`]
//! with [`ConfigDocument::add_or_update_runner`], [`ConfigDocument::remove_runner`] or
//! [`ConfigDocument::set_runner_token`]. [`ConfigFile`] is also the lifecycle's
//! [`crate::host_file::HostFile`], and [`ConfigDocument::value_at`] the one lookup into an
//! entry. Nothing here prints: notices come back as data.

mod document;
mod error;
mod file;
mod host_file;
mod plain;
mod schema;
mod spec;
mod split;
#[cfg(test)]
mod split_tests;
mod system_id;
mod template;

pub use document::{Action, ConfigDocument, EntryView, NEW_CONFIG, NO_EXPIRY, Registered};
pub use error::{ConfigError, MAX_CONFIG_SIZE};
#[doc(hidden)]
pub use file::EditPhases;
pub use file::{
    ConfigFile, Edit, EditOptions, LockWait, Notice, lock_path, read_config_text, resolve_symlinks,
};
pub use schema::validate;
pub use spec::{
    AutoscalerSpec, BadGoDuration, DockerSpec, Executor, GoDuration, InvalidSpec, KubernetesSpec,
    RunnerSpec, Setting, UnknownExecutor, Verification,
};
pub use system_id::{
    SYSTEM_ID_FILE, ensure_system_id, ensure_system_id_owned, generate_system_id,
    is_valid_system_id, read_system_id, system_id_from_machine_id, system_id_path,
};
pub use template::RunnerTemplate;
