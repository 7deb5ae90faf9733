//! `status` on a Semaphore runner's host: `config.runner.json` (never the token or key), the
//! state of the token and key files, and the `semaphore-runner` unit. Read-only.

use std::path::Path;

use serde::Serialize;

use crate::commands::status_report::without_credentials;
use crate::error::{Exit, UsageError};
use crate::ops::gitea::status::unit_status_among;
use crate::output;
use crate::semaphore_file::{FileState, inspect, read_unlocked};
use crate::service::{Manager, SEMAPHORE_RUNNER_UNITS, ServiceError, State};

use super::super::context::{Context, ForgeTarget};

#[derive(Debug, Serialize)]
struct Status {
    config: String,
    forge: &'static str,
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
    token_file: Option<String>,
    private_key_file: Option<String>,
    max_parallel_tasks: Option<u64>,
    /// The token and key files: `ok`, `missing`, `not_regular` or `readable_by_others`.
    files: Vec<FileReport>,
}

#[derive(Debug, Serialize)]
struct FileReport {
    path: String,
    state: &'static str,
}

pub(crate) fn run(context: &Context, _target: ForgeTarget) -> anyhow::Result<Exit> {
    let path = context.semaphore_file_path()?;
    say_path(context, &path);
    let config = read_unlocked(&path)?;
    let service = unit_status_among(&SEMAPHORE_RUNNER_UNITS).map_err(|error| match error {
        ServiceError::UnknownManager(_) => UsageError::new(error.to_string()).into(),
        other => anyhow::Error::new(other),
    })?;
    if config.is_none() {
        output::note(&format!(
            "{} does not exist: nothing is registered on this machine",
            path.display()
        ));
    }
    let runner_id = super::registered_here(context);
    let entries = config
        .map(|config| {
            let mut files = Vec::new();
            for file in [config.token_path(&path), config.key_path(&path)]
                .into_iter()
                .flatten()
            {
                files.push(FileReport {
                    state: state_word(&inspect(&file)),
                    path: file.display().to_string(),
                });
            }
            Entry {
                index: 0,
                name: None,
                runner_id,
                url: config.web_host.as_deref().map(without_credentials),
                executor: None,
                token_file: config.token_file.map(|p| p.display().to_string()),
                private_key_file: config.private_key_file.map(|p| p.display().to_string()),
                max_parallel_tasks: config.max_parallel_tasks,
                files,
            }
        })
        .into_iter()
        .collect();
    let status = Status {
        config: path.display().to_string(),
        forge: "semaphore",
        service: Service {
            manager: service.manager,
            state: service.state,
            unit: service.unit,
        },
        entries,
    };
    if context.json() {
        output::print_json(&status)?;
    } else {
        print_human(&status);
    }
    Ok(Exit::Success)
}

fn state_word(state: &FileState) -> &'static str {
    match state {
        FileState::Missing => "missing",
        FileState::NotRegular(_) => "not_regular",
        FileState::Present { mode } if mode & 0o077 != 0 => "readable_by_others",
        FileState::Present { .. } => "ok",
        FileState::Unreadable(_) => "unreadable",
    }
}

fn print_human(status: &Status) {
    let service = match (status.service.manager, status.service.unit) {
        (Some(_), Some(unit)) => format!(
            "{} ({unit}, systemd)",
            status.service.state.as_str().replace('_', " ")
        ),
        (Some(_), None) => "not installed (no semaphore-runner unit)".to_string(),
        (None, _) => "unknown (no systemd)".to_string(),
    };
    crate::outln!("config:  {}", status.config);
    crate::outln!("service: {service}");
    let Some(entry) = status.entries.first() else {
        crate::outln!("entries: none");
        return;
    };
    let id = entry
        .runner_id
        .map_or_else(|| "-".to_string(), |id| id.to_string());
    crate::outln!("runner:  {id} at {}", entry.url.as_deref().unwrap_or("-"));
    for file in &entry.files {
        crate::outln!("  {:<20} {}", file.state.replace('_', " "), file.path);
    }
}

/// Every host command says which `config.runner.json` it used; JSON carries the path.
pub(super) fn say_path(context: &Context, path: &Path) {
    if !context.json() {
        output::note(&format!("runner file: {}", path.display()));
    }
}
