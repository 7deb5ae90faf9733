//! Fills [`SemaphoreFacts`] from a Semaphore UI server and this machine's runner files.
//!
//! The admin list (`GET /api/runners`) holds global and project runners alike; without an
//! admin token the projects' own lists are read, global runners stay unknown, and waiting
//! tasks are counted but not matched (said as a notice, never "no problems").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;

use super::gather_gitea::service_facts_among;
use super::semaphore_facts::{
    FileRole, LocalFile, LocalFileState, ProjectFacts, SemaphoreApiFacts, SemaphoreFacts,
    SemaphoreLocalFacts, SemaphoreRunner, WaitingTask,
};
use crate::instance_url::InstanceUrl;
use crate::semaphore::{Client, Project, Runner, Scope, SemaphoreError};
use crate::semaphore_file::{self, FileState, SemaphoreFileError};
use crate::service::SEMAPHORE_RUNNER_UNITS;

#[derive(Debug, Clone, Default)]
pub struct SemaphoreRequest {
    /// `-p`: ids or names.
    pub projects: Vec<String>,
    pub instance: bool,
    pub runner_ids: Vec<u64>,
    /// `Some` when local checks are on.
    pub runner_file: Option<PathBuf>,
    /// The stored runner this host's files belong to.
    pub local_runner_id: Option<u64>,
    pub service_unit: Option<String>,
    /// `--runner-log`: the log to read instead of the service's journal.
    pub runner_log: Option<crate::runner_log::LogSource>,
}

pub fn gather_semaphore(
    url: Option<InstanceUrl>,
    request: &SemaphoreRequest,
    client: Option<&Client>,
) -> anyhow::Result<SemaphoreFacts> {
    let local = match &request.runner_file {
        Some(path) => Some(local_facts(
            path,
            request.service_unit.as_deref(),
            request.runner_log.as_ref(),
        )?),
        None => None,
    };
    let api = match client {
        Some(client) => Some(api_facts(client, request)?),
        None => None,
    };
    Ok(SemaphoreFacts { url, local, api })
}

fn file_state(path: &Path, holds_secret: bool) -> LocalFileState {
    match semaphore_file::inspect(path) {
        FileState::Missing => LocalFileState::Missing,
        FileState::NotRegular(_) => LocalFileState::NotRegularFile,
        FileState::Present { mode } => LocalFileState::Present { mode, holds_secret },
        // Unreadable by this user: its mode still says who else may read it.
        FileState::Unreadable(_) => LocalFileState::Present {
            mode: 0o600,
            holds_secret,
        },
    }
}

fn local_facts(
    path: &Path,
    unit: Option<&str>,
    named_log: Option<&crate::runner_log::LogSource>,
) -> anyhow::Result<SemaphoreLocalFacts> {
    let shown = path.display().to_string();
    let mut web_host = None;
    let mut secrets = Vec::new();
    let state = match file_state(path, false) {
        LocalFileState::Present { mode, .. } => match semaphore_file::read_unlocked(path) {
            Ok(Some(config)) => {
                web_host = config.web_host.clone();
                if let Some(token) = config.token_path(path) {
                    secrets.push(secret(&token, FileRole::Token));
                }
                if let Some(key) = config.key_path(path) {
                    secrets.push(secret(&key, FileRole::PrivateKey));
                }
                LocalFileState::Present {
                    mode,
                    holds_secret: config.inline_token,
                }
            }
            // Go's decoder fails on an empty file too.
            Ok(None) => LocalFileState::Unparseable { line: 1, column: 1 },
            Err(SemaphoreFileError::Unparseable { line, column, .. }) => {
                LocalFileState::Unparseable { line, column }
            }
            Err(SemaphoreFileError::NotRegularFile { .. }) => LocalFileState::NotRegularFile,
            Err(error) => return Err(error.into()),
        },
        other => other,
    };
    let (service, service_unit) = service_facts_among(unit, &SEMAPHORE_RUNNER_UNITS)?;
    let units: Vec<&str> = match &service_unit {
        Some(unit) => vec![unit.as_str()],
        None => SEMAPHORE_RUNNER_UNITS.to_vec(),
    };
    let mut runner_log_notices = Vec::new();
    let runner_log = super::gather_log::read_runner_log(
        named_log,
        &units,
        &[],
        || None,
        &mut runner_log_notices,
    );
    Ok(SemaphoreLocalFacts {
        runner_log,
        runner_log_notices,
        config: LocalFile {
            path: shown,
            role: FileRole::Config,
            state,
        },
        web_host,
        secrets,
        service,
        service_unit,
    })
}

fn secret(path: &Path, role: FileRole) -> LocalFile {
    LocalFile {
        path: path.display().to_string(),
        role,
        state: file_state(path, true),
    }
}

fn find_project(projects: &[Project], wanted: &str) -> anyhow::Result<Project> {
    let found: Vec<&Project> = projects
        .iter()
        .filter(|project| project.id.to_string() == wanted || project.name == wanted)
        .collect();
    match found.as_slice() {
        [project] => Ok((*project).clone()),
        [] => anyhow::bail!("no Semaphore project your token sees is {wanted:?}"),
        _ => anyhow::bail!("several Semaphore projects are named {wanted:?}: give its id"),
    }
}

fn api_facts(client: &Client, request: &SemaphoreRequest) -> anyhow::Result<SemaphoreApiFacts> {
    let visible = client.projects()?;
    let projects: Vec<Project> = if request.projects.is_empty() {
        if request.instance {
            Vec::new()
        } else {
            visible.clone()
        }
    } else {
        request
            .projects
            .iter()
            .map(|wanted| find_project(&visible, wanted))
            .collect::<anyhow::Result<_>>()?
    };
    let mut not_checked = Vec::new();
    let (listed, global_runners_known) = match client.runners(Scope::Global) {
        Ok(runners) => (runners, true),
        Err(SemaphoreError::Forbidden { .. }) => {
            let mut runners = Vec::new();
            for project in &projects {
                runners.extend(client.runners(Scope::Project(project.id))?);
            }
            not_checked.push(
                "global runners were not checked: only an admin's API token lists them".to_string(),
            );
            (runners, false)
        }
        Err(error) => return Err(error.into()),
    };
    let in_scope = |runner: &Runner| -> bool {
        if !request.runner_ids.is_empty() {
            return request.runner_ids.contains(&runner.id);
        }
        match runner.project_id {
            None => true,
            Some(id) => !request.instance && projects.iter().any(|project| project.id == id),
        }
    };
    let runners = listed
        .iter()
        .map(|runner| SemaphoreRunner {
            id: runner.id,
            project_id: runner.project_id,
            name: runner.name.clone(),
            tag: runner.tag.clone(),
            active: runner.active,
            touched: runner.touched,
            requested: in_scope(runner) || request.local_runner_id == Some(runner.id),
        })
        .collect();
    let mut waiting_tasks = Vec::new();
    for project in &projects {
        let tasks = client.tasks(project.id)?;
        if !tasks.iter().any(|task| task.is_waiting()) {
            continue;
        }
        let templates: BTreeMap<u64, _> = client
            .templates(project.id)?
            .into_iter()
            .map(|template| (template.id, template))
            .collect();
        for task in tasks.iter().filter(|task| task.is_waiting()) {
            let template = templates.get(&task.template_id);
            waiting_tasks.push(WaitingTask {
                id: task.id,
                project_id: project.id,
                project: project.name.clone(),
                template: template.map_or_else(|| task.tpl_alias.clone(), |t| t.name.clone()),
                runner_tag: template.and_then(|t| t.runner_tag.clone()),
                status: task.status.clone(),
            });
        }
    }
    Ok(SemaphoreApiFacts {
        now: Utc::now(),
        global_runners_known,
        runners,
        projects: projects
            .iter()
            .map(|project| ProjectFacts {
                id: project.id,
                name: project.name.clone(),
            })
            .collect(),
        waiting_tasks,
        not_checked,
    })
}
