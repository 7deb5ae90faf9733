//! Commands on a forge other than GitLab: each goes to that forge's own command file, or is
//! refused as the contract's "not offered" row says (exit 2, naming the way to the same result).

use crate::cli::{Command, TokenCommand};
use crate::error::{Exit, UsageError};
use crate::forge_kind::ForgeKind;

use super::context::{Context, ForgeTarget};
use super::{gitea, semaphore};

pub(super) fn run(
    context: &Context,
    target: ForgeTarget,
    command: Command,
) -> anyhow::Result<Exit> {
    match target.kind {
        ForgeKind::Gitea | ForgeKind::Forgejo => gitea_command(context, target, command),
        ForgeKind::Semaphore => semaphore_command(context, target, command),
        // GitLab's commands never come here.
        ForgeKind::GitLab => Err(anyhow::anyhow!("{} is GitLab", target.url)),
    }
}

/// Semaphore's runner settings on another forge: exit 2 naming the flag (no forge but
/// Semaphore has them, and a flag dropped in silence would be a setting lost).
pub(super) fn refuse_semaphore_flags(command: &Command, forge: &str) -> Result<(), UsageError> {
    let (settings, rename) = match command {
        Command::Create(args) => (&args.settings, false),
        Command::Update(args) => (&args.settings, args.rename.is_some()),
        _ => return Ok(()),
    };
    let given = [
        (
            "--max-parallel-tasks",
            settings.max_parallel_tasks.is_some(),
        ),
        ("--webhook", settings.webhook.is_some()),
        ("--rename", rename),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(UsageError::new(format!(
            "{flag} is a Semaphore UI runner setting; {forge} runners have none"
        ))),
        None => Ok(()),
    }
}

fn gitea_command(context: &Context, target: ForgeTarget, command: Command) -> anyhow::Result<Exit> {
    let forge = target.kind.display_name();
    match command {
        Command::Rotate(_) => Err(UsageError::new(format!(
            "{forge} cannot reset a runner's token: create a new runner (`runnerctl create`), \
             register it, and remove the old one (`runnerctl prune --offline` or `runnerctl \
             unregister --runner ID --delete-runner`)"
        ))
        .into()),
        Command::Pause(_) | Command::Resume(_) if target.kind == ForgeKind::Forgejo => {
            Err(UsageError::new(
                "Forgejo has no way to pause a runner through its API: remove its labels with \
                 `runnerctl update ID --labels ''` to keep it from jobs, or stop its service",
            )
            .into())
        }
        Command::Auth(crate::cli::AuthCommand::Login { .. }) => {
            gitea::auth::login(context, target, command)
        }
        Command::Auth(crate::cli::AuthCommand::Status { all: false }) => {
            gitea::auth::status(context, target)
        }
        Command::Create(args) => gitea::create::run(context, target, args),
        Command::Register(args) => gitea::register::run(context, target, args),
        Command::List(args) => gitea::list::run(context, target, args),
        Command::Pause(args) => gitea::pause::run(context, target, args, true),
        Command::Resume(args) => gitea::pause::run(context, target, args, false),
        Command::Update(args) => gitea::update::run(context, target, args),
        Command::Unregister(args) => gitea::unregister::run(context, target, args),
        Command::Prune(args) => gitea::prune::run(context, target, args),
        Command::Status => gitea::status::run(context, target),
        Command::Doctor(args) => gitea::doctor::run(context, target, args),
        Command::Token(TokenCommand::Show { id }) => gitea::token::show(context, target, id),
        Command::Start => gitea::service::run(context, target, crate::service::Action::Start),
        Command::Stop => gitea::service::run(context, target, crate::service::Action::Stop),
        Command::Restart => gitea::service::run(context, target, crate::service::Action::Restart),
        Command::Completions { .. } | Command::Token(TokenCommand::List) | Command::Auth(_) => {
            Err(anyhow::anyhow!("this command talks to no forge"))
        }
    }
}

fn semaphore_command(
    context: &Context,
    target: ForgeTarget,
    command: Command,
) -> anyhow::Result<Exit> {
    match command {
        Command::Rotate(_) => Err(UsageError::new(
            "Semaphore UI cannot reset a runner's token: create a new runner (`runnerctl \
             create`), register it, and remove the old one (`runnerctl unregister --runner ID \
             --delete-runner`)",
        )
        .into()),
        Command::Auth(crate::cli::AuthCommand::Login { token_stdin }) => {
            semaphore::auth::login(context, target, token_stdin)
        }
        Command::Auth(crate::cli::AuthCommand::Status { all: false }) => {
            semaphore::auth::status(context, target)
        }
        Command::Create(args) => semaphore::create::run(context, target, args),
        Command::Register(args) => semaphore::register::run(context, target, args),
        Command::List(args) => semaphore::list::run(context, target, args),
        Command::Pause(args) => semaphore::pause::run(context, target, args, true),
        Command::Resume(args) => semaphore::pause::run(context, target, args, false),
        Command::Update(args) => semaphore::update::run(context, target, args),
        Command::Unregister(args) => semaphore::unregister::run(context, target, args),
        Command::Prune(args) => semaphore::prune::run(context, target, args),
        Command::Status => semaphore::status::run(context, target),
        Command::Doctor(args) => semaphore::doctor::run(context, target, args),
        Command::Token(TokenCommand::Show { id }) => semaphore::token::show(context, target, id),
        Command::Start => gitea::service::run(context, target, crate::service::Action::Start),
        Command::Stop => gitea::service::run(context, target, crate::service::Action::Stop),
        Command::Restart => gitea::service::run(context, target, crate::service::Action::Restart),
        Command::Completions { .. } | Command::Token(TokenCommand::List) | Command::Auth(_) => {
            Err(anyhow::anyhow!("this command talks to no forge"))
        }
    }
}
