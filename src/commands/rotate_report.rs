//! What `rotate` tells the operator: where the new token is, what is missing, and, when
//! config.toml could not take it, how to finish.

use crate::commands::context::Context;
use crate::error::{Exit, add_hint};
use crate::ops::results::{Action, RunnerResult};
use crate::ops::rotate::{ConfigNotUpdated, Rotated, Shortfall};
use crate::output;

use super::runner_results::{print_results, text_with_hints};

pub(super) fn report(context: &Context, rotated: &Rotated) -> anyhow::Result<Exit> {
    let id = rotated.id;
    let problem = rotated.shortfall.as_ref().map(|shortfall| match shortfall {
        Shortfall::NotEverywhere(reasons) => reasons.clone(),
        Shortfall::StoreHoldsOldToken(reasons) => format!(
            "{reasons}; `runnerctl token show {id}` and `register --runner {id}` would give the \
             old token until `runnerctl register --runner {id}` is run with a working store"
        ),
    });
    let exit = if problem.is_some() {
        output::failed_before_printing();
        Exit::Failure
    } else {
        Exit::Success
    };
    if let Some(problem) = &problem {
        output::warn(&format!(
            "runner {id}'s new token could not be kept everywhere: {problem}"
        ));
    }
    if rotated.handed_over.is_some() {
        warn_hand_over(id);
    }
    if context.json() {
        print_results(&[RunnerResult {
            token_file: rotated
                .token_file
                .as_ref()
                .map(|path| path.display().to_string()),
            token: rotated
                .handed_over
                .as_ref()
                .map(|token| token.expose().to_string()),
            ..RunnerResult::new(id, Action::Rotated, problem)
        }])?;
        return Ok(exit);
    }
    crate::outln!("Rotated the token of runner {id}; the old token no longer works.");
    if let Some(token) = &rotated.handed_over {
        crate::outln!("Token: {}", token.expose());
    }
    match &rotated.config {
        Some((path, names)) => crate::outln!(
            "Updated {} ({}); gitlab-runner re-reads it within seconds, no restart needed.",
            path.display(),
            names
                .iter()
                .map(|name| format!("entry {name:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => crate::outln!(
            "No entry of this machine's config.toml uses runner {id}, so no config.toml was \
             changed. Give the new token to the host that runs it:\n  runnerctl token show {id} \
             | ssh HOST sudo runnerctl register --token-stdin"
        ),
    }
    if !rotated.kept_in.is_empty() {
        crate::outln!(
            "The new token is kept in {}.",
            rotated.kept_in.join(" and ")
        );
    }
    match rotated.expires_at {
        Some(at) => crate::outln!("It expires at {}.", at.format("%Y-%m-%dT%H:%M:%SZ")),
        None => crate::outln!("It does not expire."),
    }
    Ok(exit)
}

/// GitLab issued a new token that config.toml could not take: where the token is, the error,
/// and how to finish once its cause is fixed.
pub(super) fn report_failure(
    context: &Context,
    mut failure: ConfigNotUpdated,
) -> anyhow::Result<Exit> {
    let id = failure.id;
    let handed_over = failure.handed_over.take();
    let token_file = failure.token_file.clone();
    let finish = finish(&failure, handed_over.is_some());
    let error = super::hints::attach(add_hint(
        anyhow::Error::new(failure),
        format!("once the cause is fixed, finish with {finish}"),
    ));
    if let Some(token) = &handed_over {
        warn_hand_over(id);
        if !context.json() {
            crate::outln!("Token: {}", token.expose());
        }
    }
    if context.json() {
        print_results(&[RunnerResult {
            token_file: token_file.map(|path| path.display().to_string()),
            token: handed_over.map(|token| token.expose().to_string()),
            ..RunnerResult::new(id, Action::Failed, Some(text_with_hints(&error)))
        }])?;
    }
    output::print_error(&error, context.format());
    Ok(Exit::Failure)
}

/// The command that gives gitlab-runner the new token from where it is kept.
fn finish(failure: &ConfigNotUpdated, handed_over: bool) -> String {
    let id = failure.id;
    let target = format!(
        "--url {} --config {}",
        failure.url,
        failure.config.display()
    );
    if handed_over {
        return format!(
            "`runnerctl register --token-stdin {target}` with the token printed on stdout, or \
             `runnerctl rotate {id}`"
        );
    }
    match (&failure.token_file, failure.in_store) {
        (Some(path), true) => format!(
            "`runnerctl register --runner {id} {target}` (it takes the token from the secret \
             store), or as another user such as root: \
             `sudo runnerctl register --token-stdin {target} < {}`",
            path.display()
        ),
        (None, true) => format!("`runnerctl register --runner {id} {target}`"),
        (Some(path), false) => format!(
            "`sudo runnerctl register --token-stdin {target} < {}`",
            path.display()
        ),
        (None, false) => format!("`runnerctl rotate {id}`"),
    }
}

/// The hand-over's loud warning: the token exists only in GitLab and in what is printed now.
fn warn_hand_over(id: u64) {
    output::warn_even_if_quiet(&format!(
        "RUNNER {id}'S NEW TOKEN COULD NOT BE STORED ANYWHERE. It is printed on stdout now and \
         GitLab will never show it again: copy it somewhere safe immediately."
    ));
}
