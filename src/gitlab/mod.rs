//! Everything that speaks GitLab's API.

pub mod url;

pub use url::GitLabUrl;
