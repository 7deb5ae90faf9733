//! The gitlab-runner service, found by the contract's service rule: systemd when systemd runs,
//! else the `gitlab-runner` binary's own service commands, else none.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Output, Stdio};

use serde::Serialize;

/// gitlab-runner's `install` names its unit after the default service name.
const UNIT: &str = "gitlab-runner";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "kebab-case")]
#[strum(serialize_all = "kebab-case")]
pub enum Manager {
    Systemd,
    GitlabRunner,
}

impl Manager {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum State {
    Running,
    Stopped,
    NotInstalled,
}

impl State {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    Start,
    Stop,
    Restart,
}

impl Action {
    /// The verb `systemctl` and `gitlab-runner` take, which is also the contract's JSON word.
    pub fn verb(self) -> &'static str {
        self.into()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(
        "RUNNERCTL_SERVICE_MANAGER={0:?} is not a service manager runnerctl knows: use systemd or gitlab-runner"
    )]
    UnknownManager(String),
    #[error(
        "no gitlab-runner service found: systemd is not running and gitlab-runner is not on PATH; install gitlab-runner and run `gitlab-runner install --user gitlab-runner`"
    )]
    NotFound,
    #[error(
        "the gitlab-runner service is not installed in {}: install it with `gitlab-runner install --user gitlab-runner`",
        .0.as_str()
    )]
    NotInstalled(Manager),
    #[error("{action}ing the gitlab-runner service needs root")]
    NeedsRoot { action: &'static str },
    #[error("cannot run {program}: {source}")]
    Spawn {
        program: String,
        source: std::io::Error,
    },
    #[error("`{command}` failed (exit {code}){detail}")]
    Failed {
        command: String,
        code: String,
        detail: String,
    },
}

/// The manager the service rule picks, without running anything.
pub fn detect() -> Result<Option<Manager>, ServiceError> {
    match std::env::var("RUNNERCTL_SERVICE_MANAGER") {
        Ok(value) if !value.is_empty() => match value.as_str() {
            "systemd" => Ok(Some(Manager::Systemd)),
            "gitlab-runner" => Ok(Some(Manager::GitlabRunner)),
            _ => Err(ServiceError::UnknownManager(value)),
        },
        _ => Ok(if Path::new("/run/systemd/system").exists() {
            Some(Manager::Systemd)
        } else if on_path("gitlab-runner") {
            Some(Manager::GitlabRunner)
        } else {
            None
        }),
    }
}

/// The service's state under the detected manager (`None` when no manager is found).
pub fn status() -> Result<(Option<Manager>, State), ServiceError> {
    let Some(manager) = detect()? else {
        return Ok((None, State::NotInstalled));
    };
    Ok((Some(manager), state_under(manager)?))
}

fn state_under(manager: Manager) -> Result<State, ServiceError> {
    match manager {
        Manager::Systemd => {
            let load = run(
                "systemctl",
                ["show", "--property=LoadState", "--value", UNIT],
            )?;
            if String::from_utf8_lossy(&load.stdout).trim() == "not-found" {
                return Ok(State::NotInstalled);
            }
            let active = run("systemctl", ["is-active", "--quiet", UNIT])?;
            Ok(if active.status.success() {
                State::Running
            } else {
                State::Stopped
            })
        }
        Manager::GitlabRunner => {
            if !on_path("gitlab-runner") {
                return Ok(State::NotInstalled);
            }
            let status = run("gitlab-runner", ["status"])?;
            Ok(if status.status.success() {
                State::Running
            } else {
                State::Stopped
            })
        }
    }
}

/// Starts, stops or restarts the service. Needs root, as both managers do.
pub fn control(action: Action, is_root: bool) -> Result<Manager, ServiceError> {
    let manager = detect()?.ok_or(ServiceError::NotFound)?;
    if state_under(manager)? == State::NotInstalled {
        return Err(ServiceError::NotInstalled(manager));
    }
    if !is_root {
        return Err(ServiceError::NeedsRoot {
            action: action.verb(),
        });
    }
    let (program, args): (&str, Vec<&str>) = match manager {
        Manager::Systemd => ("systemctl", vec![action.verb(), UNIT]),
        Manager::GitlabRunner => ("gitlab-runner", vec![action.verb()]),
    };
    let output = run(program, &args)?;
    if output.status.success() {
        return Ok(manager);
    }
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    Err(ServiceError::Failed {
        command: format!("{program} {}", args.join(" ")),
        code: output
            .status
            .code()
            .map_or_else(|| "by a signal".to_string(), |c| c.to_string()),
        detail: if stderr.is_empty() {
            String::new()
        } else {
            format!(": {stderr}")
        },
    })
}

fn run<I, S>(program: &str, args: I) -> Result<Output, ServiceError>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<S> = args.into_iter().collect();
    let started = std::time::Instant::now();
    let output = crate::child::command(program)
        .args(&args)
        .stdin(Stdio::null())
        .output()
        .map_err(|source| ServiceError::Spawn {
            program: program.to_string(),
            source,
        })?;
    log::debug!(
        "ran {program} {} -> {} ({} ms)",
        args.iter()
            .map(|arg| arg.as_ref().to_string_lossy())
            .collect::<Vec<_>>()
            .join(" "),
        output.status,
        started.elapsed().as_millis()
    );
    Ok(output)
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| {
            let candidate = dir.join(program);
            candidate.is_file() && is_executable(&candidate)
        })
    })
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|meta| meta.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(_: &Path) -> bool {
    true
}
