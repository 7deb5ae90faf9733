//! The two kinds of failure an operator's script branches on: a usage error (exit 2) and
//! everything else (exit 1).

use std::process::ExitCode;

/// A bad flag, a missing value, a bad value, or a prompt needed without a terminal: exit 2.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct UsageError {
    message: String,
    /// The typed error this usage error is, when a module below the commands found the bad
    /// value: the command layer's hints read its values.
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl UsageError {
    pub fn new(message: impl Into<String>) -> Self {
        UsageError {
            message: message.into(),
            source: None,
        }
    }

    /// `error` as a usage error: its message, and `error` itself as the source.
    pub fn caused_by(error: impl std::error::Error + Send + Sync + 'static) -> Self {
        UsageError {
            message: error.to_string(),
            source: Some(Box::new(error)),
        }
    }
}

/// How a command that did not return an error ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// The command ran and reported its own failure (a partial bulk failure, an `error`
    /// finding of doctor); nothing more is printed.
    Failure,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        match exit {
            Exit::Success => ExitCode::SUCCESS,
            Exit::Failure => ExitCode::from(1),
        }
    }
}

pub fn exit_code_for(error: &anyhow::Error) -> ExitCode {
    ExitCode::from(exit_status(error))
}

/// The exit status `error` ends the process with: 2 for a usage error, 1 for any other.
pub fn exit_status(error: &anyhow::Error) -> u8 {
    if error.chain().any(|cause| cause.is::<UsageError>()) {
        2
    } else {
        1
    }
}

/// Advice for the operator, carried beside an error as data: printed after it as `hint:` lines
/// (and as `"hints"` in the JSON error object). Only the command layer attaches hints, because
/// only it knows runnerctl's commands and flags; the modules below return errors that carry the
/// values a hint needs (`Unauthorized { url }`), never the advice itself.
///
/// In an error's chain a `Hinted` shows its error's message and has that error as its source,
/// so `chain().any(|cause| cause.is::<UsageError>())` still finds what it wraps; printers skip
/// the `Hinted` links themselves (see [`messages`]).
#[derive(Debug)]
pub struct Hinted {
    hints: Vec<String>,
    error: anyhow::Error,
}

impl std::fmt::Display for Hinted {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&self.error, formatter)
    }
}

impl std::error::Error for Hinted {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.error.as_ref())
    }
}

/// Attach a hint to an error, or to the error of a `Result`.
pub trait Hint<T> {
    /// The error, with `hint` printed after it.
    fn hint(self, hint: impl Into<String>) -> anyhow::Result<T>;
    /// The error, with the hint `hint` makes of it, if any (for hints that depend on the
    /// error's values).
    fn with_hint(self, hint: impl FnOnce(&anyhow::Error) -> Option<String>) -> anyhow::Result<T>;
}

impl<T, E: Into<anyhow::Error>> Hint<T> for Result<T, E> {
    fn hint(self, hint: impl Into<String>) -> anyhow::Result<T> {
        self.map_err(|error| add_hint(error.into(), hint.into()))
    }

    fn with_hint(self, hint: impl FnOnce(&anyhow::Error) -> Option<String>) -> anyhow::Result<T> {
        self.map_err(|error| {
            let error = error.into();
            match hint(&error) {
                Some(text) => add_hint(error, text),
                None => error,
            }
        })
    }
}

/// `error` with one more hint (after those it already carries at its top).
pub fn add_hint(error: anyhow::Error, hint: String) -> anyhow::Error {
    // Only a `Hinted` at the very top takes the hint: anyhow's `downcast` would also find one
    // under a `context`, and dropping that context with it.
    let top: &(dyn std::error::Error + 'static) = error.as_ref();
    let error = if top.is::<Hinted>() {
        match error.downcast::<Hinted>() {
            Ok(mut hinted) => {
                if !hinted.hints.contains(&hint) {
                    hinted.hints.push(hint);
                }
                return anyhow::Error::new(hinted);
            }
            Err(error) => error,
        }
    } else {
        error
    };
    anyhow::Error::new(Hinted {
        hints: vec![hint],
        error,
    })
}

/// Every hint in the error's chain, outermost first, each once.
pub fn hints(error: &anyhow::Error) -> Vec<String> {
    let mut hints: Vec<String> = Vec::new();
    for cause in error.chain() {
        if let Some(hinted) = cause.downcast_ref::<Hinted>() {
            for hint in &hinted.hints {
                if !hints.contains(hint) {
                    hints.push(hint.clone());
                }
            }
        }
    }
    hints
}

/// The error's message and then each cause's, without the `Hinted` links and without a cause
/// whose text the message before it already holds (an error that quotes its source).
pub fn messages(error: &anyhow::Error) -> Vec<String> {
    let mut messages: Vec<String> = Vec::new();
    for cause in error.chain() {
        if cause.is::<Hinted>() {
            continue;
        }
        let text = cause.to_string();
        if text.is_empty() || messages.last().is_some_and(|last| last.contains(&text)) {
            continue;
        }
        messages.push(text);
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context as _;

    #[test]
    fn hints_travel_beside_the_error_without_hiding_what_it_wraps() {
        let failed: Result<(), UsageError> = Err(UsageError::new("no terminal to ask on"));
        let error = failed.hint("pass the answer as a flag").unwrap_err();
        let error = Err::<(), _>(error)
            .context("cannot delete runner 7")
            .hint("or run it on a terminal")
            .unwrap_err();
        assert_eq!(
            messages(&error),
            ["cannot delete runner 7", "no terminal to ask on"]
        );
        assert_eq!(
            hints(&error),
            ["or run it on a terminal", "pass the answer as a flag"]
        );
        assert_eq!(error.to_string(), "cannot delete runner 7");
        assert_eq!(exit_code_for(&error), ExitCode::from(2));
    }

    #[test]
    fn the_same_hint_is_given_once() {
        let error = Err::<(), _>(anyhow::anyhow!("refused"))
            .hint("log in again")
            .hint("log in again")
            .unwrap_err();
        assert_eq!(hints(&error), ["log in again"]);
        assert_eq!(messages(&error), ["refused"]);
    }

    #[test]
    fn a_cause_the_message_already_quotes_is_not_repeated() {
        let inner = std::io::Error::other("disk full");
        let error = anyhow::Error::new(inner).context("cannot write config.toml: disk full");
        assert_eq!(messages(&error), ["cannot write config.toml: disk full"]);
    }
}
