//! `status` on Gitea and Forgejo: the `.runner` registration (never its token), whether a
//! daemon holds the runner's lock, and the runner's systemd unit. Read-only: it takes no lock
//! and creates nothing.

use std::path::Path;

use serde::Serialize;

use crate::commands::status_report::without_credentials;
use crate::contact_state::ContactState;
use crate::error::{Exit, UsageError};
use crate::forge_kind::ForgeKind;
use crate::ops::gitea::status::{HostStatus, status};
use crate::output;
use crate::service::{Manager, ServiceError, State};

use super::super::context::{Context, ForgeTarget};

/// GitLab's `status` document with the contract's changes: `config` is the `.runner`,
/// `service` adds `unit`, `executor` is null; plus `forge`, `in_use` and each entry's labels.
#[derive(Debug, Serialize)]
struct Status {
    config: String,
    forge: ForgeKind,
    /// A process (the runner's daemon) holds `<file>.lock`: the runner is running with it.
    in_use: bool,
    service: Service,
    entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
struct Service {
    manager: Option<Manager>,
    state: State,
    unit: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct Entry {
    index: usize,
    name: Option<String>,
    runner_id: Option<u64>,
    url: Option<String>,
    executor: Option<String>,
    labels: Vec<String>,
    /// Asked of the server once the API client is wired; unknown until then.
    contact_state: Option<ContactState>,
}

pub(crate) fn run(context: &Context, target: ForgeTarget) -> anyhow::Result<Exit> {
    let path = context.runner_file_path()?;
    say_path(context, &path);
    let host = status(&path).map_err(|error| match error.downcast_ref::<ServiceError>() {
        Some(ServiceError::UnknownManager(_)) => UsageError::new(error.to_string()).into(),
        _ => error,
    })?;
    if host.file.is_none() {
        output::note(&format!(
            "{} does not exist: nothing is registered on this machine",
            path.display()
        ));
    }
    let document = document(&path, target.kind, host);
    if context.json() {
        output::print_json(&document)?;
    } else {
        print_human(&document);
    }
    Ok(Exit::Success)
}

fn document(path: &Path, forge: ForgeKind, host: HostStatus) -> Status {
    Status {
        config: path.display().to_string(),
        forge,
        in_use: host.in_use,
        service: Service {
            manager: host.service.manager,
            state: host.service.state,
            unit: host.service.unit,
        },
        entries: host
            .file
            .into_iter()
            .map(|parsed| {
                let registration = parsed.registration;
                Entry {
                    index: 0,
                    name: Some(registration.name),
                    runner_id: Some(registration.id),
                    url: Some(without_credentials(&registration.address)),
                    executor: None,
                    labels: registration.labels,
                    contact_state: None,
                }
            })
            .collect(),
    }
}

fn print_human(status: &Status) {
    let service = match (status.service.manager, status.service.unit) {
        (Some(_), Some(unit)) => {
            format!(
                "{} ({unit}, systemd)",
                status.service.state.as_str().replace('_', " ")
            )
        }
        (Some(_), None) => {
            "not installed (no gitea-runner, act_runner or forgejo-runner unit)".to_string()
        }
        (None, _) => "unknown (no systemd)".to_string(),
    };
    crate::outln!("config:  {}", status.config);
    crate::outln!("service: {service}");
    if status.in_use {
        crate::outln!("lock:    held (the runner is running with this file)");
    }
    let Some(entry) = status.entries.first() else {
        crate::outln!("entries: none");
        return;
    };
    crate::outln!("entries:");
    crate::outln!(
        "  [{}] {:<20} runner {:<8} {:<16} {}",
        entry.index,
        entry.name.as_deref().unwrap_or("(unnamed)"),
        entry
            .runner_id
            .map_or_else(|| "-".to_string(), |id| id.to_string()),
        entry.contact_state.map_or("unknown", ContactState::as_str),
        entry.url.as_deref().unwrap_or("-"),
    );
    if !entry.labels.is_empty() {
        crate::outln!("      labels: {}", entry.labels.join(", "));
    }
}

/// Every host command says which `.runner` it used; in JSON the document carries the path.
pub(super) fn say_path(context: &Context, path: &Path) {
    if !context.json() {
        output::note(&format!("runner file: {}", path.display()));
    }
}
