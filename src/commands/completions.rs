use clap::CommandFactory;

use crate::cli::Cli;
use crate::error::Exit;

pub fn run(shell: clap_complete::Shell) -> anyhow::Result<Exit> {
    let mut command = Cli::command();
    clap_complete::generate(shell, &mut command, "runnerctl", &mut std::io::stdout());
    Ok(Exit::Success)
}
