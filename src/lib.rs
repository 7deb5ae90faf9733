//! runnerctl: create, register, operate and diagnose GitLab runners.
//!
//! The binary is a thin shell over these modules; tests and benchmarks use them directly.

pub mod child;
pub mod cli;
pub mod commands;
pub mod context;
pub mod doctor;
pub mod error;
pub mod gitlab;
pub mod keep_token;
pub mod output;
pub mod prune;
pub mod regular_file;
pub mod runner_config;
pub mod secrets;
pub mod service;
pub mod settings;
