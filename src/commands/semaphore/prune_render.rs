//! What `prune` on Semaphore prints: the contract's `{"results": [...]}` document, or a line a
//! runner and a summary.

use crate::ops::results::{Results, RunnerResult};
use crate::output;

use super::super::context::Context;

pub(super) fn print(
    context: &Context,
    results: &[RunnerResult],
    summary: &str,
) -> anyhow::Result<()> {
    if context.json() {
        return output::print_json(&Results { results });
    }
    for result in results {
        let action: &'static str = result.action.into();
        let id = result.runner_id.unwrap_or_default();
        match &result.reason {
            Some(reason) => crate::outln!("{action} runner {id}: {reason}"),
            None => crate::outln!("{action} runner {id}"),
        }
    }
    crate::outln!("{summary}");
    Ok(())
}
