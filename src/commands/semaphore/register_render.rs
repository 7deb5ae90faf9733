//! What `register` on Semaphore prints: the contract's register document (plus the command
//! that starts the runner), or a few sentences.

use crate::host_file::Action;
use crate::ops::semaphore::files::Written;
use crate::output;

use super::super::context::Context;

pub(super) fn print(context: &Context, written: &Written) -> anyhow::Result<()> {
    for notice in &written.notices {
        output::note(&notice.to_string());
    }
    if context.json() {
        return output::print_json(written);
    }
    let runner = match written.runner_id {
        Some(id) => format!("runner {id} (\"{}\")", written.name),
        None => "the self-registered runner".to_string(),
    };
    let done = match written.action {
        Action::Added => format!("Registered {runner} in {}", written.config),
        Action::Updated => format!("Updated {} for {runner}", written.config),
        Action::Unchanged => format!(
            "{runner} is already registered in {}; nothing changed",
            written.config
        ),
    };
    crate::outln!("{done}.");
    crate::outln!("Start it with: {}", written.start_command.join(" "));
    if written.runner_id.is_none() {
        crate::outln!(
            "It has no name and is inactive: an admin must name and activate it in Semaphore UI \
             (find it with `runnerctl list --instance`)."
        );
    }
    Ok(())
}
