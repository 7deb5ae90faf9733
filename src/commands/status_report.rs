//! `status`'s document: the types its JSON is made of, and the same for people.

use serde::Serialize;

use crate::contact_state::ContactState;
use crate::service::{Manager, State};

#[derive(Debug, Serialize)]
pub(super) struct Status {
    pub(super) config: String,
    pub(super) service: Service,
    pub(super) entries: Vec<Entry>,
}

#[derive(Debug, Serialize)]
pub(super) struct Service {
    pub(super) manager: Option<Manager>,
    pub(super) state: State,
}

#[derive(Debug, Serialize)]
pub(super) struct Entry {
    pub(super) index: usize,
    pub(super) name: Option<String>,
    pub(super) runner_id: Option<i64>,
    pub(super) url: Option<String>,
    pub(super) executor: Option<String>,
    pub(super) contact_state: Option<ContactState>,
}

pub(super) fn print_human(status: &Status) {
    let service = match status.service.manager {
        Some(manager) => format!(
            "{} ({})",
            status.service.state.as_str().replace('_', " "),
            manager.as_str()
        ),
        None => "not installed (no systemd, no gitlab-runner on PATH)".to_string(),
    };
    crate::outln!("config:  {}", status.config);
    crate::outln!("service: {service}");
    if status.entries.is_empty() {
        crate::outln!("entries: none");
        return;
    }
    crate::outln!("entries:");
    for entry in &status.entries {
        crate::outln!(
            "  [{}] {:<20} runner {:<8} {:<18} {:<16} {}",
            entry.index,
            entry.name.as_deref().unwrap_or("(unnamed)"),
            entry
                .runner_id
                .map_or_else(|| "-".to_string(), |id| id.to_string()),
            entry.executor.as_deref().unwrap_or("-"),
            entry.contact_state.map_or("unknown", ContactState::as_str),
            entry.url.as_deref().unwrap_or("-"),
        );
    }
}

/// An entry's `url` as written, minus any `user:password@` in it (basic auth for a proxy can be
/// written there, and a password or token is never shown).
pub(super) fn without_credentials(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        _ => raw.to_string(),
    }
}
