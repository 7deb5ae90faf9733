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
    output::failed_before_printing();
    if context.json() {
        print_results(&[RunnerResult::new(
            runner_id,
            Action::Failed,
            Some(output::error_text(&error)),
        )])?;
    }
    print_error(&error, context.format());
    Ok(Exit::Failure)
}

/// The error on stderr, then the advice it carries, a `hint:` line each.
pub(super) fn print_error(error: &anyhow::Error, format: crate::cli::Format) {
    output::print_error(error, format);
    for hint in crate::error::hints(error) {
        eprintln!("hint: {hint}");
    }
}
