//! Operations on Gitea and Forgejo runners: plain options in, values out, as GitLab's are.

pub mod client;
pub mod create;
pub mod credentials;
pub mod list;
pub mod prune;
pub mod register;
pub mod status;
pub mod unregister;
pub mod update;
