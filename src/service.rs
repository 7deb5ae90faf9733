//! The gitlab-runner service, found by the contract's service rule: systemd when systemd runs,
//! else the `gitlab-runner` binary's own service commands, else none.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Output, Stdio};

use serde::Serialize;

/// gitlab-runner's `install` names its unit after the default service name.
pub const UNIT: &str = "gitlab-runner";

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
    #[error("the runner's service {unit} is managed by systemd, which is not running here")]
    NoSystemd { unit: String },
    #[error("the systemd unit {unit} is not installed")]
    UnitNotInstalled { unit: String },
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
        Manager::Systemd => systemd_state(UNIT),
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

/// The systemd units of Gitea's and Forgejo's runners, in the order doctor and the service
/// commands try them (the runner was `act_runner` before 1.0, `gitea-runner` since; Forgejo's
/// packages name theirs `forgejo-runner`).
pub const GITEA_RUNNER_UNITS: [&str; 3] = ["gitea-runner", "act_runner", "forgejo-runner"];

/// The unit of Semaphore UI's runner (`semaphore runner start` as a service).
pub const SEMAPHORE_RUNNER_UNITS: [&str; 1] = ["semaphore-runner"];

/// A systemd unit's state, for runners other than gitlab-runner (whose own service commands
/// are no fallback there): `None` without systemd.
pub fn unit_status(unit: &str) -> Result<Option<State>, ServiceError> {
    if detect()? != Some(Manager::Systemd) {
        return Ok(None);
    }
    Ok(Some(systemd_state(unit)?))
}

/// The first of `units` that systemd knows (its LoadState is not `not-found`); `None`
/// without systemd or when none is installed.
pub fn first_installed_unit<'a>(units: &[&'a str]) -> Result<Option<&'a str>, ServiceError> {
    if detect()? != Some(Manager::Systemd) {
        return Ok(None);
    }
    for unit in units {
        if systemd_state(unit)? != State::NotInstalled {
            return Ok(Some(unit));
        }
    }
    Ok(None)
}

/// The `WorkingDirectory=` of the first installed Gitea/Forgejo runner unit: where its
/// `.runner` is, since the runner reads that path relative to its working directory.
pub fn runner_unit_working_directory() -> Option<std::path::PathBuf> {
    unit_working_directory(&GITEA_RUNNER_UNITS)
}

/// The `WorkingDirectory=` of the first installed of `units`.
pub fn unit_working_directory(units: &[&str]) -> Option<std::path::PathBuf> {
    let unit = first_installed_unit(units).ok()??;
    let output = run(
        "systemctl",
        ["show", "--property=WorkingDirectory", "--value", unit],
    )
    .ok()?;
    let dir = String::from_utf8_lossy(&output.stdout).trim().to_string();
    (output.status.success() && dir.starts_with('/')).then(|| std::path::PathBuf::from(dir))
}

/// Starts, stops or restarts a systemd unit of another forge's runner. Needs root.
pub fn control_unit(action: Action, unit: &str, is_root: bool) -> Result<Manager, ServiceError> {
    if detect()? != Some(Manager::Systemd) {
        return Err(ServiceError::NoSystemd {
            unit: unit.to_string(),
        });
    }
    if systemd_state(unit)? == State::NotInstalled {
        return Err(ServiceError::UnitNotInstalled {
            unit: unit.to_string(),
        });
    }
    if !is_root {
        return Err(ServiceError::NeedsRoot {
            action: action.verb(),
        });
    }
    let args = [action.verb(), unit];
    let output = run("systemctl", args)?;
    if output.status.success() {
        return Ok(Manager::Systemd);
    }
    let stderr = String::from_utf8_lossy(&output.stderr).trim().to_string();
    Err(ServiceError::Failed {
        command: format!("systemctl {}", args.join(" ")),
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

fn systemd_state(unit: &str) -> Result<State, ServiceError> {
    let load = run(
        "systemctl",
        ["show", "--property=LoadState", "--value", unit],
    )?;
    if String::from_utf8_lossy(&load.stdout).trim() == "not-found" {
        return Ok(State::NotInstalled);
    }
    let active = run("systemctl", ["is-active", "--quiet", unit])?;
    Ok(if active.status.success() {
        State::Running
    } else {
        State::Stopped
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
