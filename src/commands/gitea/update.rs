//! `update` on Gitea and Forgejo: a runner's labels, declared with its stored credentials.

use crate::cli::UpdateArgs;
use crate::error::{Exit, UsageError};
use crate::ops::gitea::credentials::RunnerCredentials;
use crate::ops::gitea::update::{new_labels, update_labels};
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(
    context: &Context,
    target: ForgeTarget,
    args: UpdateArgs,
) -> anyhow::Result<Exit> {
    let forge = target.kind.display_name();
    let id = super::pause::runner_id(&target, args.target.id, args.target.name.as_deref())?;
    let settings = &args.settings;
    if settings.description.is_some()
        || settings.paused
        || settings.locked
        || settings.access_level.is_some()
        || settings.maximum_timeout.is_some()
        || settings.maintenance_note.is_some()
        || settings.run_untagged
        || settings.no_run_untagged
    {
        return Err(UsageError::new(format!(
            "on {forge} update changes only labels: --label, --labels, --add-label, --remove-label"
        ))
        .into());
    }
    let set = settings.tags_given().then(|| settings.all_tags());
    if set.is_none() && args.add_tag.is_empty() && args.remove_tag.is_empty() {
        return Err(UsageError::new(
            "say which labels: --label/--labels (the new set), --add-label or --remove-label",
        )
        .into());
    }
    let store = context.secret_store()?;
    let Some(credentials) = RunnerCredentials::load(&store, &target.url, id)? else {
        anyhow::bail!(
            "update needs runner {id}'s own credentials ({forge} takes labels only from the runner): \
             the secret store holds none for it at {}; they are kept when runnerctl creates the runner \
             on this machine, or imported with `runnerctl register --credentials-stdin` from what \
             `runnerctl token show {id} --format json` prints where it was created",
            target.url
        );
    };
    let labels = new_labels(
        &credentials.labels,
        set,
        &crate::cli::split_tags(&args.add_tag),
        &crate::cli::split_tags(&args.remove_tag),
    );
    let runner_file = context.runner_file_path().ok();
    if args.dry_run {
        return report(
            context,
            &target,
            id,
            &credentials.labels,
            &labels,
            None,
            true,
        );
    }
    let client = context.gitea_client(&target)?;
    let updated = update_labels(&client, &store, credentials, labels, runner_file.as_deref())?;
    output::warn(&format!(
        "runner {id}'s next start declares the labels of its own configuration again (its --labels, \
         config.yaml runner.labels, or .runner): change them there too"
    ));
    report(
        context,
        &target,
        id,
        &updated.before,
        &updated.after,
        updated.runner_file,
        false,
    )
}

fn report(
    context: &Context,
    target: &ForgeTarget,
    id: u64,
    before: &[String],
    after: &[String],
    runner_file: Option<String>,
    dry_run: bool,
) -> anyhow::Result<Exit> {
    if context.json() {
        output::print_json(&serde_json::json!({
            "id": id,
            "changes": { "labels": { "from": before, "to": after } },
            "dry_run": dry_run,
            "runner_file": runner_file,
            "forge": target.kind.as_str(),
        }))?;
    } else {
        let verb = if dry_run { "Would change" } else { "Changed" };
        crate::outln!(
            "{verb} runner {id}'s labels from [{}] to [{}].",
            before.join(", "),
            after.join(", ")
        );
        if let Some(path) = runner_file {
            crate::outln!("Rewrote the labels in {path}.");
        }
    }
    Ok(Exit::Success)
}
