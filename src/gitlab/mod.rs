//! Everything that speaks GitLab's API.
//!
//! Outside code names what is exported here (`crate::gitlab::Client`,
//! `crate::gitlab::RunnerNode`, …), never a submodule: the file layout is this module's own.
//! Commands reach the runner calls every forge has through [`crate::forge::Forge`], which
//! [`Client`] implements (see `forge.rs`); GitLab-only reads (protected refs, projects of a
//! group tree, GraphQL bulk reads, Admin Mode checks) are the client's own methods.

mod api;
mod branch_rules;
mod client;
mod error;
mod forge;
mod graphql;
mod pipeline_jobs;
mod projects;
mod runner_token;
mod runners;
mod types;
pub(crate) mod url;

pub use crate::transport::{ANNOUNCED_WAIT, ClientOptions, RetryPolicy};
pub use api::ADMIN_MODE_SCOPE;
pub use branch_rules::{BranchRules, branch_rules_batch_size};
pub use client::{Call, Client, Page};
pub use error::{ApiError, NetworkCause, RedirectRefusal, TlsFailure};
pub use graphql::{
    GraphqlError, JobNode, PAGE_SIZE, RUNNER_CHAINS, RunnerFilter, RunnerNode, RunnerSource,
    errors_of, id_from_gid, job_from_node, join_runner_chains, runner_from_node,
};
pub use pipeline_jobs::{PROJECTS_PER_QUERY, PendingJobsOfProjects};
pub use projects::RunnerWithOwners;
pub use types::{AccessTokenInfo, Group, Project, RunnerOwner, RunnerSettings, RunnerType, User};
pub use url::encode_id_or_path;
