//! Semaphore UI's runner host files: `config.runner.json` and, beside it, the token and private
//! key files it names (`runner.token_file`, `runner.private_key_file`).
//!
//! Semaphore reads the config with Go's `json.NewDecoder(file).Decode(&conf)` (util/config.go
//! `ConfigInit`): keys case-insensitive, unknown keys ignored; then `os.ReadFile(token_file)`
//! with the path as written (relative paths from the runner's working directory) and
//! `strings.TrimSpace`. `semaphore runner setup` writes the config with
//! `json.MarshalIndent(&conf, " ", "\t")` and the token file 0644 (cli/setup/setup.go). runnerctl
//! writes the same layout, absolute paths, and every file 0600.
//!
//! [`parse`] is pure. [`SemaphoreFiles::load`] takes `config.runner.json.lock`, then
//! [`SemaphoreFiles::upsert`] / [`SemaphoreFiles::remove`] change the three files. Read-only
//! callers (doctor, status, token show) use [`read_unlocked`] and [`inspect`]. Nothing here
//! prints.

mod file;
mod value;

pub use file::{
    Changed, FileState, HostConfig, HostCredentials, Inspected, Notice, SemaphoreFileError,
    SemaphoreFiles, inspect, parse, read_secret, read_unlocked,
};
pub use value::{ParseError, Value, parse_value};

/// The config file's name, as `semaphore runner setup` names it.
pub const FILE_NAME: &str = "config.runner.json";
/// The token file runnerctl writes beside a config that names none.
pub const TOKEN_FILE_NAME: &str = "runner.token";
/// The private key file runnerctl writes beside a config that names none.
pub const KEY_FILE_NAME: &str = "runner.key";
/// The biggest file read: a real config is well under 4 KiB, a key under 4 KiB.
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;
