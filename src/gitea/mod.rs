//! Everything that speaks Gitea's or Forgejo's API: one client, Forgejo's differences held as
//! data in [`Flavour`] (which routes a version has), so every call has one code path.
//!
//! Outside code names what is exported here (`crate::gitea::Client`, …), never a submodule.
//! The HTTP transport (options, TLS, redirects, network causes) is `crate::transport`'s.

mod api;
mod client;
mod error;
mod flavour;
mod protocol;
mod types;

pub use client::{Client, LIMIT, detect};
pub use error::{GiteaError, missing_scope};
pub use flavour::{Capability, Flavour, ServerKind, Version};
pub use protocol::RUNNER_VERSION;
pub use types::{
    ActionRunner, CreatedRunner, DeclaredRunner, GiteaUser, Org, RegisteredRunner,
    RegistrationToken, Repo, RunnerStatus, Scope, WaitingJob,
};
