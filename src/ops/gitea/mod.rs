//! Operations on Gitea and Forgejo runners: plain options in, values out, as GitLab's are.

pub mod credentials;
pub mod register;
pub mod status;
pub mod unregister;
