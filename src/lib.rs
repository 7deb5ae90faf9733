//! runnerctl: create, register, operate and diagnose GitLab runners.
//!
//! The binary is a thin shell over these modules; tests and benchmarks use them directly.

// stdout goes through `out!`/`outln!`/`output::print_json`, which end quietly when the reader
// closes the pipe; `println!` would panic there.
#![deny(clippy::print_stdout)]
// A panic is no way to report a failure to an operator: tests may unwrap, the program may not.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
// What the crate does not export is `pub(crate)` or narrower, so a reader sees the public surface.
#![warn(unreachable_pub)]

pub mod child;
pub mod cli;
pub mod commands;
pub mod contact_state;
pub mod doctor;
pub mod error;
pub mod forge;
pub mod forge_kind;
pub mod gitea;
pub mod gitlab;
pub mod host_file;
pub mod instance_url;
pub mod keep_token;
pub mod locked_file;
pub mod ops;
pub mod output;
pub mod regular_file;
pub mod runner_config;
pub mod runner_file;
pub mod runner_id;
pub mod runner_log;
pub mod secrets;
pub mod semaphore;
pub mod semaphore_file;
pub mod service;
pub mod settings;
pub mod token;
pub mod transport;
pub mod usage_error;

#[cfg(test)]
mod printed_commands;
