//! Everything the user sees: JSON documents on stdout, human text, warnings and errors on
//! stderr, colour only on a terminal and never with NO_COLOR.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::cli::Format;

/// Writes exactly one JSON document, and nothing else, to stdout.
pub fn print_json<T: Serialize>(value: &T) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value)?;
    writeln!(stdout)?;
    Ok(())
}

pub fn stderr_colored() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

pub fn stdout_colored() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal()
}

fn style_stderr(text: &str, style: console::Style) -> String {
    if stderr_colored() {
        style.force_styling(true).apply_to(text).to_string()
    } else {
        text.to_string()
    }
}

pub fn warn(message: &str) {
    eprintln!(
        "{} {message}",
        style_stderr("warning:", console::Style::new().yellow().bold())
    );
}

pub fn note(message: &str) {
    eprintln!(
        "{} {message}",
        style_stderr("note:", console::Style::new().cyan().bold())
    );
}

/// The error and its causes, one paragraph, on stderr. The format does not matter: stdout stays
/// free of anything but a command's JSON document.
pub fn print_error(error: &anyhow::Error, _format: Format) {
    let mut message = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !message.contains(&cause) {
            message.push_str(": ");
            message.push_str(&cause);
        }
    }
    eprintln!(
        "{} {message}",
        style_stderr("error:", console::Style::new().red().bold())
    );
}
