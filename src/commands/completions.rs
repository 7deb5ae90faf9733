use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Exit;

pub(super) fn run(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "runnerctl", &mut script);
    crate::output::write_stdout(&String::from_utf8_lossy(&script));
    Ok(Exit::Success)
}
