//! One file per subcommand: arguments in, a domain call, the result rendered.

mod auth;
mod auth_prompt;
mod auth_report;
mod completions;
mod context;
mod create;
mod create_failure;
mod create_next_steps;
mod create_render;
mod doctor;
mod doctor_groups;
mod doctor_headline;
mod doctor_inputs;
mod doctor_report;
mod forges;
mod gitea;
mod hints;
mod list;
mod list_table;
mod pause;
mod prune;
mod prune_plan;
mod read_progress;
mod rotate;
mod rotate_plan;
mod rotate_report;
mod runner_results;
mod runner_target;
mod semaphore;
mod table;
mod token;
mod update;
mod update_plan;

// register, unregister, status and the service commands
mod register;
mod register_options;
mod register_prompt;
mod service;
mod status;
mod status_report;
mod unregister;
mod unregister_report;

use crate::cli::{Cli, Command};
use crate::error::Exit;
use context::Context;

/// Runs the command; an error it returns carries the catalogue's hints (`hints.rs`).
pub fn run(cli: Cli) -> anyhow::Result<Exit> {
    crate::output::configure(&cli.global);
    crate::output::set_lost_token_hint(hints::LOST_TOKEN);
    run_command(cli).map_err(hints::attach)
}

fn run_command(cli: Cli) -> anyhow::Result<Exit> {
    let context = Context::new(cli.global);
    let target = context.forge_target(&cli.command)?;
    let forge = target
        .as_ref()
        .map_or("GitLab", |target| target.kind.display_name());
    if forge != crate::forge_kind::ForgeKind::Semaphore.display_name() {
        forges::refuse_semaphore_flags(&cli.command, forge)?;
    }
    if let Some(target) = target {
        return forges::run(&context, target, cli.command);
    }
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

/// The most `--token-stdin` reads. Tokens are a few dozen bytes; a bound keeps a mistaken pipe
/// (`cat /dev/zero |`, a log) from filling memory or being taken for a token.
const MAX_STDIN_TOKEN: u64 = 16 * 1024;

/// The token piped to `--token-stdin`, trimmed; more than 16 KiB is a usage error (exit 2),
/// raised before anything is stored or sent.
fn read_stdin_token(what: &str) -> anyhow::Result<String> {
    read_token_from(std::io::stdin().lock(), what)
}

fn read_token_from(input: impl std::io::Read, what: &str) -> anyhow::Result<String> {
    use anyhow::Context as _;
    use std::io::Read as _;
    let mut bytes = Vec::new();
    input
        .take(MAX_STDIN_TOKEN + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read the {what} from standard input"))?;
    if bytes.len() as u64 > MAX_STDIN_TOKEN {
        return Err(crate::error::UsageError::new(format!(
            "standard input holds more than {} KiB, which is no {what}: pipe only the token \
             (for example `runnerctl token show ID | runnerctl register --token-stdin`)",
            MAX_STDIN_TOKEN / 1024
        ))
        .into());
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        crate::error::UsageError::new(format!("standard input is not text, so it holds no {what}"))
    })?;
    Ok(text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stdin_token_is_trimmed_and_bounded() {
        assert_eq!(
            read_token_from(&b"  glrt-abc\n"[..], "runner token").unwrap(),
            "glrt-abc"
        );
        let exactly = vec![b'a'; 16 * 1024];
        assert_eq!(
            read_token_from(&exactly[..], "runner token").unwrap().len(),
            16 * 1024
        );
        let over = vec![b'a'; 16 * 1024 + 1];
        let error = read_token_from(&over[..], "runner token").unwrap_err();
        assert!(error.is::<crate::error::UsageError>(), "{error:#}");
        assert!(error.to_string().contains("16 KiB"), "{error:#}");
    }
}
