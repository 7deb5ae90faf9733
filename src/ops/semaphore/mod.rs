//! Operations on Semaphore UI's remote runners: plain options in, values out, as GitLab's and
//! Gitea's are.

pub mod create;
pub mod credentials;
pub mod files;
pub mod list;
pub mod prune;
pub mod register;
pub mod scope;
pub mod update;
