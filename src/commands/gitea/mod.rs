//! The commands on Gitea and Forgejo (one backend; Forgejo's differences are data in
//! `crate::gitea`): one file per subcommand, as for GitLab.

pub(super) mod auth;
pub(super) mod create;
mod create_render;
pub(super) mod doctor;
pub(super) mod list;
pub(super) mod pause;
pub(super) mod prune;
pub(super) mod register;
mod register_network;
mod register_source;
pub(super) mod service;
pub(super) mod status;
pub(super) mod token;
pub(super) mod unregister;
pub(super) mod update;
