// A panic is no way to report a failure to an operator.
#![deny(clippy::unwrap_used, clippy::expect_used)]

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    let command = runnerctl::cli::Cli::command().color(help_color(&args));
    let parsed = command
        .try_get_matches_from(&args)
        .and_then(|matches| runnerctl::cli::Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(error) => return parse_failure(&error, &args),
    };
    let format = cli.global.format;
    match runnerctl::commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            runnerctl::output::print_failure(&error, format);
            runnerctl::error::exit_code_for(&error)
        }
    }
}

/// `--help` and `--version` print as clap prints them; a usage error is shown with every
/// token-like argument replaced by `<redacted>` (clap quotes the offending argument back).
/// A bare `runnerctl` (or `runnerctl auth`, `runnerctl token`) asks for the help, as with gh,
/// glab and cargo: it goes to stdout with exit status 0, not to stderr as an error.
fn parse_failure(error: &clap::Error, args: &[OsString]) -> ExitCode {
    use clap::error::ErrorKind;
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        let help = error.render();
        let text = if runnerctl::output::stdout_colored() {
            help.ansi().to_string()
        } else {
            help.to_string()
        };
        runnerctl::output::write_stdout(&text);
        return ExitCode::SUCCESS;
    }
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
    let rendered = runnerctl::usage_error::render(error, args, &command);
    eprint!("{rendered}");
    if asks_for_json(args) {
        // clap's first line is the error, its `tip:` lines are advice.
        let mut lines = rendered.lines().map(str::trim);
        let first = lines.next().unwrap_or_default();
        let message = first.strip_prefix("error: ").unwrap_or(first).to_string();
        let hints = lines
            .filter_map(|line| line.strip_prefix("tip: "))
            .map(str::to_string)
            .collect();
        runnerctl::output::print_usage_error_json(message, hints, code);
    }
    ExitCode::from(code)
}

/// Whether the command line asks for JSON (`--format json`, `--format=json`, `-F json`), read
/// from the words themselves since clap could not parse them.
fn asks_for_json(args: &[OsString]) -> bool {
    let words: Vec<&str> = args.iter().filter_map(|arg| arg.to_str()).collect();
    words
        .iter()
        .any(|word| matches!(*word, "--format=json" | "-Fjson" | "-F=json"))
        || words
            .windows(2)
            .any(|pair| matches!(pair[0], "--format" | "-F") && pair[1] == "json")
}

/// `--color` for clap's own `--help`, read from the words themselves since it prints before the
/// command line is parsed; `auto` leaves clap to its rule (a terminal and no NO_COLOR).
fn help_color(args: &[OsString]) -> clap::ColorChoice {
    let words: Vec<&str> = args.iter().filter_map(|arg| arg.to_str()).collect();
    let asked = words
        .iter()
        .find_map(|word| word.strip_prefix("--color="))
        .or_else(|| {
            words
                .windows(2)
                .find(|pair| pair[0] == "--color")
                .map(|pair| pair[1])
        });
    match asked {
        Some("always") => clap::ColorChoice::Always,
        Some("never") => clap::ColorChoice::Never,
        _ => clap::ColorChoice::Auto,
    }
}
