//! `unregister` on Gitea and Forgejo: the `.runner` goes (`ops::gitea::unregister`), and with
//! `--delete-runner` the runner's record on the server first; one result in the contract's
//! `{"results": [...]}` document.

use crate::cli::UnregisterArgs;
use crate::error::{Exit, Hint as _};
use crate::ops::gitea::unregister::{
    Outcome, Selection, UnregisterError, UnregisterOptions, unregister,
};
use crate::ops::results::Action;
use crate::runner_file::Registration;

use super::super::context::{Context, ForgeTarget};
use super::super::runner_results::print_results;

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: UnregisterArgs,
) -> anyhow::Result<Exit> {
    let path = context.runner_file_path()?;
    super::status::say_path(context, &path);
    let selection = match (&args.name, args.runner) {
        _ if args.all => Selection::All,
        (Some(name), _) => Selection::Named(name.clone()),
        (None, Some(id)) => Selection::Runner(id),
        (None, None) => Selection::All,
    };
    let options = UnregisterOptions {
        path: path.clone(),
        selection,
        dry_run: args.dry_run,
    };
    let mut delete = |registration: &Registration| {
        super::register_network::delete_runner(context, &target, registration, &args.scope)
    };
    let outcome = unregister(&options, args.delete_runner.then_some(&mut delete as _)).with_hint(
        |error| match error.downcast_ref::<UnregisterError>()? {
            UnregisterError::NoFile(_) => Some("pass --runner-file for another file".to_string()),
            _ => None,
        },
    )?;
    if context.json() {
        print_results(std::slice::from_ref(&outcome.result))?;
    } else {
        print_human(&outcome, &path, &target, args.delete_runner);
    }
    Ok(Exit::Success)
}

fn print_human(outcome: &Outcome, path: &std::path::Path, target: &ForgeTarget, delete: bool) {
    let result = &outcome.result;
    let who = match (result.runner_id, result.name.clone().flatten()) {
        (Some(id), Some(name)) => format!("runner {id} (\"{name}\")"),
        (Some(id), None) => format!("runner {id}"),
        (None, _) => "the runner".to_string(),
    };
    let forge = target.kind.display_name();
    match result.action {
        Action::Planned if delete => crate::outln!(
            "Dry run: {who} would be deleted in {forge}, then {} removed. Nothing was changed.",
            path.display()
        ),
        Action::Planned => crate::outln!(
            "Dry run: {} would be removed; {who} stays in {forge}. Nothing was changed.",
            path.display()
        ),
        _ if outcome.runner_deleted => {
            crate::outln!("Deleted {who} in {forge} and removed {}.", path.display())
        }
        _ => crate::outln!(
            "Unregistered {who}: removed {}. The runner stays in {forge} until it is deleted \
             there (unregister --delete-runner).",
            path.display()
        ),
    }
}
