//! `start/stop/restart` on Gitea, Forgejo and Semaphore: the runner's systemd unit, the first
//! installed of `gitea-runner`, `act_runner` and `forgejo-runner` (Semaphore:
//! `semaphore-runner`), the contract's service rule.

use serde::Serialize;

use crate::error::{Exit, UsageError};
use crate::forge_kind::ForgeKind;
use crate::service::{
    self, Action, GITEA_RUNNER_UNITS, Manager, SEMAPHORE_RUNNER_UNITS, ServiceError,
};

use super::super::context::{Context, ForgeTarget, is_root};

/// GitLab's document, plus the unit and the forge.
#[derive(Debug, Serialize)]
struct Controlled<'a> {
    action: Action,
    manager: Manager,
    unit: &'a str,
    forge: ForgeKind,
}

pub(crate) fn run(context: &Context, target: ForgeTarget, action: Action) -> anyhow::Result<Exit> {
    let usage = |error: ServiceError| match error {
        ServiceError::UnknownManager(_) => anyhow::Error::new(UsageError::new(error.to_string())),
        other => anyhow::Error::new(other),
    };
    let units: &[&str] = if target.kind == ForgeKind::Semaphore {
        &SEMAPHORE_RUNNER_UNITS
    } else {
        &GITEA_RUNNER_UNITS
    };
    let installed = service::first_installed_unit(units).map_err(usage)?;
    let systemd = service::detect().map_err(usage)? == Some(Manager::Systemd);
    let unit = match installed {
        Some(unit) => unit,
        None if systemd => anyhow::bail!(
            "no runner service is installed: systemd knows none of the units {}",
            units.join(", ")
        ),
        // control_unit says that systemd is not running.
        None => units[0],
    };
    let manager = service::control_unit(action, unit, is_root()).map_err(usage)?;
    if context.json() {
        crate::output::print_json(&Controlled {
            action,
            manager,
            unit,
            forge: target.kind,
        })?;
    } else {
        let done = match action {
            Action::Start => "Started",
            Action::Stop => "Stopped",
            Action::Restart => "Restarted",
        };
        crate::outln!("{done} the runner's service {unit} (systemd).");
    }
    Ok(Exit::Success)
}
