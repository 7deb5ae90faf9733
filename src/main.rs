use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = runnerctl::cli::Cli::parse();
    let format = cli.global.format;
    match runnerctl::commands::run(cli) {
        Ok(exit) => exit.into(),
        Err(error) => {
            runnerctl::output::print_error(&error, format);
            runnerctl::error::exit_code_for(&error)
        }
    }
}
