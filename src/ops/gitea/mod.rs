//! Operations on Gitea and Forgejo runners: plain options in, values out, as GitLab's are.

pub mod credentials;
