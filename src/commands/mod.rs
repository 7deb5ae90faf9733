//! One file per subcommand: arguments in, a domain call, the result rendered.

mod completions;
mod token;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let context = Context::new(cli.global);
    match cli.command {
        Command::Completions { shell } => completions::run(shell),
        Command::Token(command) => token::run(&context, command),
        Command::Auth(_) | Command::Create(_) => {
            anyhow::bail!("not built yet")
        }
    }
    .inspect(|_| drop(context))
}
