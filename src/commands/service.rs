//! `start`, `stop`, `restart`: the gitlab-runner service, as the service rule finds it.

use serde::Serialize;

use crate::commands::context::{Context, is_root};
use crate::error::{Exit, UsageError};
use crate::output;
use crate::service::{self, Action, Manager, ServiceError};

#[derive(Debug, Serialize)]
struct Controlled {
    action: Action,
    manager: Manager,
}

pub(super) fn run(context: &Context, action: Action) -> anyhow::Result<Exit> {
    let manager = service::control(action, is_root()).map_err(|error| match error {
        ServiceError::UnknownManager(_) => anyhow::Error::new(UsageError::new(error.to_string())),
        other => anyhow::Error::new(other),
    })?;
    if context.json() {
        output::print_json(&Controlled { action, manager })?;
    } else {
        let done = match action {
            Action::Start => "Started",
            Action::Stop => "Stopped",
            Action::Restart => "Restarted",
        };
        crate::outln!("{done} the gitlab-runner service ({}).", manager.as_str());
    }
    Ok(Exit::Success)
}
