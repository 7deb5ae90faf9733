//! Everything that speaks GitLab's API.

mod api;
pub mod client;
pub mod error;
pub mod graphql;
pub mod projects;
pub mod runner_token;
pub mod runners;
pub(crate) mod tls;
pub mod types;
pub(crate) mod url;

pub use client::{Client, ClientOptions};
pub use error::{ApiError, NetworkCause, RedirectRefusal};
