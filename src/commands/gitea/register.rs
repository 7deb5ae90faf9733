//! `register` on Gitea and Forgejo: the runner's credentials (`register_source.rs`), then
//! `ops::gitea::register` writes its `.runner`, then one sentence or the JSON document.

use crate::cli::{RegisterArgs, RegisterCommandArgs};
use crate::error::{Exit, UsageError};
use crate::host_file::Action;
use crate::ops::gitea::credentials::RunnerCredentials;
use crate::ops::gitea::register::{RegisterOptions, Registered, Verify, register};
use crate::output;

use super::super::context::{Context, ForgeTarget};
use super::register_source;

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: RegisterCommandArgs,
) -> anyhow::Result<Exit> {
    refuse_gitlab_flags(&target, &args.entry)?;
    let path = context.runner_file_path()?;
    super::status::say_path(context, &path);
    let credentials = register_source::credentials(context, &target, &args)?;
    let options = RegisterOptions {
        path,
        forge: target.kind,
        dry_run: args.dry_run,
    };
    let mut declare = |credentials: &RunnerCredentials| {
        super::register_network::declare(context, &target, credentials)
    };
    // A dry run checks nothing with the server: a check records a contact.
    let verify: Option<Verify<'_>> = if args.verify && !args.dry_run {
        Some(&mut declare)
    } else {
        None
    };
    let registered = register(&options, &credentials, verify)?;
    for notice in &registered.notices {
        output::note(&notice.to_string());
    }
    if context.json() {
        output::print_json(&registered)?;
    } else {
        print_human(&registered, &target);
    }
    Ok(Exit::Success)
}

/// GitLab's entry flags (executor, images, autoscaler, template, `--no-verify`) have no
/// meaning in a `.runner`: exit 2 naming the flag and the forge.
fn refuse_gitlab_flags(target: &ForgeTarget, entry: &RegisterArgs) -> anyhow::Result<()> {
    // `--name` is the one entry flag these forges take (with --token-stdin).
    let gitlab_only = RegisterArgs {
        name: None,
        ..entry.clone()
    };
    let Some(flag) = gitlab_only.first_given() else {
        return Ok(());
    };
    let forge = target.kind.display_name();
    let message = if flag == "--no-verify" {
        format!("--no-verify is GitLab's: {forge} registrations are checked only with --verify")
    } else {
        format!("{flag} is a GitLab runner setting; a {forge} runner's .runner has no such thing")
    };
    Err(UsageError::new(message).into())
}

fn print_human(registered: &Registered, target: &ForgeTarget) {
    let runner = format!("runner {} (\"{}\")", registered.runner_id, registered.name);
    if let Some(diff) = &registered.diff {
        crate::out!("{diff}");
        let would = match registered.action {
            Action::Added => "be written to",
            Action::Updated => "replace the registration in",
            Action::Unchanged => "stay as it is in",
        };
        crate::outln!(
            "Dry run: {runner} would {would} {}. Nothing was written, and nothing was sent \
             to {}.",
            registered.config,
            target.kind.display_name()
        );
        return;
    }
    let checked = if registered.verified {
        format!(" (checked with {})", target.kind.display_name())
    } else {
        String::new()
    };
    match registered.action {
        Action::Added => crate::outln!(
            "Registered {runner} in {}{checked}; start the runner's service to run jobs.",
            registered.config
        ),
        Action::Updated => crate::outln!(
            "Replaced the registration in {} with {runner}{checked}; restart the runner's \
             service to use it.",
            registered.config
        ),
        Action::Unchanged => crate::outln!(
            "{runner} is already registered in {}{checked}; nothing changed.",
            registered.config
        ),
    }
}
