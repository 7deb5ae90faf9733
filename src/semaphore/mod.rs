//! Everything that speaks Semaphore UI's API: its remote runners (global and, on Semaphore
//! Pro, per project), projects, templates and the tasks waiting for a runner.
//!
//! Outside code names what is exported here (`crate::semaphore::Client`, …), never a
//! submodule. The HTTP transport (options, TLS, redirects, network causes) is
//! `crate::transport`'s.

mod api;
mod client;
mod error;
mod keys;
mod types;

pub use client::Client;
pub use error::SemaphoreError;
pub use keys::{KeyPair, generate_key_pair};
pub use types::{CreatedRunner, Info, Project, Runner, RunnerFields, Scope, Task, Template, User};
