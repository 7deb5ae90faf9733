//! Which runners a Semaphore command means: the global ones (`--instance`) or one project's
//! (`-p ID|NAME`, a name exactly one visible project has), and a runner's contact state.

use chrono::{DateTime, Utc};

use crate::semaphore::{Client, Project, Runner, Scope, SemaphoreError};

/// A runner is online while its last poll is this recent: it polls about every second, and the
/// contract calls two minutes of silence offline.
pub const ONLINE_WITHIN: chrono::Duration = chrono::Duration::minutes(2);

/// Why `-p` named no one project.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("no project visible to the token is named {name:?}; the projects are: {}", list(.visible))]
    NotFound { name: String, visible: Vec<Project> },
    #[error("{} projects are named {name:?}: {}; give the project's id", .matching.len(), list(.matching))]
    Ambiguous {
        name: String,
        matching: Vec<Project>,
    },
    #[error(transparent)]
    Api(#[from] SemaphoreError),
}

fn list(projects: &[Project]) -> String {
    if projects.is_empty() {
        return "none".to_string();
    }
    projects
        .iter()
        .map(|project| format!("{} ({})", project.id, project.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The project a `-p` value names: a numeric id as it is, else the one visible project of
/// that name.
pub fn resolve_project(client: &Client, text: &str) -> Result<Project, ProjectError> {
    let projects = client.projects()?;
    if let Ok(id) = text.parse::<u64>() {
        return Ok(projects
            .into_iter()
            .find(|project| project.id == id)
            .unwrap_or(Project {
                id,
                name: String::new(),
            }));
    }
    let matching: Vec<Project> = projects
        .iter()
        .filter(|project| project.name == text)
        .cloned()
        .collect();
    match matching.len() {
        1 => Ok(matching.into_iter().next().unwrap_or(Project {
            id: 0,
            name: String::new(),
        })),
        0 => Err(ProjectError::NotFound {
            name: text.to_string(),
            visible: projects,
        }),
        _ => Err(ProjectError::Ambiguous {
            name: text.to_string(),
            matching,
        }),
    }
}

/// The scope of the flags: `-p` a project, else the global runners.
pub fn scope_from_flags(client: &Client, project: Option<&str>) -> Result<Scope, ProjectError> {
    match project {
        Some(text) => Ok(Scope::Project(resolve_project(client, text)?.id)),
        None => Ok(Scope::Global),
    }
}

/// The contract's contact state: `touched` null is `never_contacted`, within two minutes
/// `online`, else `offline`.
pub fn contact_state(touched: Option<DateTime<Utc>>, now: DateTime<Utc>) -> &'static str {
    match touched {
        None => "never_contacted",
        Some(touched) if now - touched <= ONLINE_WITHIN => "online",
        Some(_) => "offline",
    }
}

/// The contract's `runner_type`: `instance_type` for a global runner, `project_type` else.
pub fn runner_type(runner: &Runner) -> &'static str {
    if runner.project_id.is_some() {
        "project_type"
    } else {
        "instance_type"
    }
}

/// The runner `id`: from the scope's list (the admin list holds every runner).
pub fn find_runner(client: &Client, scope: Scope, id: u64) -> Result<Runner, SemaphoreError> {
    client
        .runners(scope)?
        .into_iter()
        .find(|runner| runner.id == id)
        .ok_or_else(|| SemaphoreError::NotFound {
            what: format!("runner {id} in {scope}"),
            message: String::new(),
        })
}

/// The scope whose routes reach `runner`: a project runner's own project, else global.
pub fn scope_of(runner: &Runner) -> Scope {
    runner.project_id.map_or(Scope::Global, Scope::Project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contact_state_follows_touched() {
        let now = Utc::now();
        assert_eq!(contact_state(None, now), "never_contacted");
        assert_eq!(
            contact_state(Some(now - chrono::Duration::seconds(30)), now),
            "online"
        );
        assert_eq!(
            contact_state(Some(now - chrono::Duration::minutes(3)), now),
            "offline"
        );
    }
}
