//! Rendering the contract's `{"results": [...]}` document (`crate::ops::results`), and a
//! failure that happened before any result: a `failed` result for scripts, the error for people.

use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::ops::results::{Action, Results, RunnerResult};
use crate::output;

pub(super) fn print_results(results: &[RunnerResult]) -> anyhow::Result<()> {
    output::print_json(&Results { results })
}

/// A failure after the arguments were accepted: the error on stderr and, for scripts, a
/// `failed` result on stdout; exit 1. Usage errors keep their exit status 2.
pub(super) fn fail(
    context: &Context,
    runner_id: u64,
    error: anyhow::Error,
) -> anyhow::Result<Exit> {
    if error.chain().any(|cause| cause.is::<UsageError>()) {
        return Err(error);
    }
    let error = super::hints::attach(error);
    output::failed_before_printing();
    if context.json() {
        print_results(&[RunnerResult::new(
            runner_id,
            Action::Failed,
            Some(text_with_hints(&error)),
        )])?;
    }
    output::print_error(&error, context.format());
    Ok(Exit::Failure)
}

/// The error for a field of a JSON document (a result's `reason`, create's `register_error`):
/// its messages, then the advice it carries (after [`super::hints::attach`]), on one line,
/// since a script reading the document may not see stderr.
pub(crate) fn text_with_hints(error: &anyhow::Error) -> String {
    let mut text = crate::error::messages(error).join(": ");
    for hint in crate::error::hints(error) {
        text.push_str("; ");
        text.push_str(&hint);
    }
    text
}
