//! `status` on a Gitea/Forgejo runner's host: the `.runner` registration (read without its
//! lock: taking it, even for a moment, could make a daemon starting then refuse to run),
//! whether a daemon holds that lock, and the runner's systemd unit.

use std::path::Path;

use crate::runner_file::{self, Parsed};
use crate::service::{self, GITEA_RUNNER_UNITS, Manager, ServiceError, State};

/// The runner's service: the first installed of [`GITEA_RUNNER_UNITS`] under systemd.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitStatus {
    /// None without systemd: these runners have no other manager runnerctl knows.
    pub manager: Option<Manager>,
    pub state: State,
    /// None when no unit is installed.
    pub unit: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub struct HostStatus {
    /// None: no file (or an empty one), nothing registered.
    pub file: Option<Parsed>,
    /// A process (the runner's daemon) holds `<file>.lock`.
    pub in_use: bool,
    pub service: UnitStatus,
}

/// The host's view. An unparseable file is an error (with its line and column).
pub fn status(path: &Path) -> anyhow::Result<HostStatus> {
    let file = runner_file::read_unlocked(path)?;
    let in_use = runner_file::lock_is_held(path);
    Ok(HostStatus {
        file,
        in_use,
        service: unit_status()?,
    })
}

/// The runner's unit and its state.
pub fn unit_status() -> Result<UnitStatus, ServiceError> {
    unit_status_among(&GITEA_RUNNER_UNITS)
}

/// The first installed of `units` and its state (Semaphore's runner has its own unit).
pub fn unit_status_among(units: &[&'static str]) -> Result<UnitStatus, ServiceError> {
    let manager = service::detect()?.filter(|manager| *manager == Manager::Systemd);
    let unit = service::first_installed_unit(units)?;
    let state = match unit {
        Some(unit) => service::unit_status(unit)?.unwrap_or(State::NotInstalled),
        None => State::NotInstalled,
    };
    Ok(UnitStatus {
        manager,
        state,
        unit,
    })
}
