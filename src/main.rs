// A panic is no way to report a failure to an operator.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, Parser};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let cli = match runnerctl::cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => return parse_failure(&error, &args),
    };
    let format = cli.global.format;
    match runnerctl::commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            runnerctl::output::print_error(&error, format);
            runnerctl::error::exit_code_for(&error)
        }
    }
}

/// `--help` and `--version` print as clap prints them; a usage error is shown with every
/// token-like argument replaced by `<redacted>` (clap quotes the offending argument back).
fn parse_failure(error: &clap::Error, args: &[OsString]) -> ExitCode {
    use clap::error::ErrorKind;
    let code = u8::try_from(error.exit_code()).unwrap_or(2);
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        // Nothing to do when stdout is gone (`runnerctl --help | head -1`).
        let _ = error.print();
        return ExitCode::from(code);
    }
    let command = runnerctl::cli::Cli::command();
    eprint!("{}", runnerctl::usage_error::render(error, args, &command));
    ExitCode::from(code)
}
