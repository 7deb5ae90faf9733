//! One file per subcommand: arguments in, a domain call, the result rendered.

mod auth;
mod completions;
mod create;
mod doctor;
mod list;
mod pause;
mod prune;
mod rotate;
mod token;
mod update;

// register, unregister, status and the service commands
mod register;
mod service;
mod status;
mod unregister;

use crate::cli::{Cli, Command};
use crate::context::Context;
use crate::error::Exit;

pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    let context = Context::new(cli.global);
    match cli.command {
        Command::Auth(command) => auth::run(&context, command),
        Command::Create(args) => create::run(&context, args),
        Command::Prune(args) => prune::run(&context, args),
        Command::Token(command) => token::run(&context, command),
        Command::List(args) => list::run(&context, args),
        Command::Doctor(args) => doctor::run(&context, args),
        Command::Completions { shell } => completions::run(shell),
        Command::Pause(args) => pause::run(&context, args, true),
        Command::Resume(args) => pause::run(&context, args, false),
        Command::Update(args) => update::run(&context, args),
        Command::Rotate(args) => rotate::run(&context, args),
        // register, unregister, status and the service commands
        Command::Register(args) => register::run(&context, args),
        Command::Unregister(args) => unregister::run(&context, args),
        Command::Status => status::run(&context),
        Command::Start => service::run(&context, crate::service::Action::Start),
        Command::Stop => service::run(&context, crate::service::Action::Stop),
        Command::Restart => service::run(&context, crate::service::Action::Restart),
    }
}
