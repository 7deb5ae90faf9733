//! What `rotate --dry-run` prints: the rotation's plan, with nothing reset.

use crate::commands::context::Context;
use crate::error::Exit;
use crate::ops::results::{Action, RunnerResult};
use crate::ops::rotate::RotatePlan;

use super::runner_results::print_results;

pub(super) fn report_plan(context: &Context, plan: &RotatePlan) -> anyhow::Result<Exit> {
    let id = plan.id;
    let mut steps = vec![format!(
        "reset runner {id}'s token in {} (the old token stops working at once)",
        plan.url
    )];
    if let Some(store) = &plan.store {
        steps.push(format!("keep the new token in {store}"));
    }
    match &plan.config {
        Some((path, names)) => {
            let entries: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
            steps.push(format!(
                "write it to {} (entry {})",
                path.display(),
                entries.join(", ")
            ));
        }
        None if plan.store.is_none() => {
            steps.push("keep it in a 0600 file in the working directory".to_string())
        }
        None => {}
    }
    if context.json() {
        let reason = format!("would {}", steps.join(", then "));
        print_results(&[RunnerResult::new(id, Action::Planned, Some(reason))])?;
        return Ok(Exit::Success);
    }
    crate::outln!("Rotating runner {id} would:");
    for step in &steps {
        crate::outln!("  {step}");
    }
    crate::outln!("Dry run: the token was not reset and nothing was written.");
    Ok(Exit::Success)
}
