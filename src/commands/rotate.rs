//! `runnerctl rotate`: the runner and its GitLab from the arguments, then
//! [`crate::ops::rotate`], then the report (`rotate_report.rs`) with the advice for what failed.

use crate::runner_id::RunnerId;
use std::path::Path;

use anyhow::Context as _;

use crate::cli::RotateArgs;
use crate::commands::context::{self, Context};
use crate::error::{Exit, UsageError, add_hint};
use crate::gitlab::Client;
use crate::instance_url::InstanceUrl;
use crate::ops::rotate::{
    RotateError, RotateFailure, RotateNotice, RotateOptions, RotateSession, read_if_present,
};
use crate::output;
use crate::secrets::SecretStore;

use super::rotate_report::{report, report_failure};
use super::runner_results::fail;
use super::runner_target::{client_for, entry_named, id_and_url};

pub(super) fn run(context: &Context, args: RotateArgs) -> anyhow::Result<Exit> {
    let config_path = context.config_path()?;
    let (id, url) = runner_and_url(context, &args, &config_path)?;
    let options = RotateOptions {
        id,
        url,
        config_path,
        edit_options: context.edit_options(),
        force: args.force,
    };
    if args.dry_run {
        return match crate::ops::rotate::plan(&options, &mut Session { context }) {
            Ok(plan) => super::rotate_plan::report_plan(context, &plan),
            Err(RotateFailure::Before(error)) => fail(context, id, with_advice(error)),
            Err(RotateFailure::After(failure)) => report_failure(context, *failure),
        };
    }
    // Set by the rotation from the reset on, and dropped after the report says where the new
    // token is: a SIGINT or SIGTERM in between waits for that (see keep_token).
    let mut signals = None;
    match crate::ops::rotate::rotate(&options, &mut Session { context }, &mut signals) {
        Ok(rotated) => report(context, &rotated),
        Err(RotateFailure::Before(error)) => fail(context, id, with_advice(error)),
        Err(RotateFailure::After(failure)) => report_failure(context, *failure),
    }
}

/// The runner's id and the GitLab it lives on: a named entry's own `id` and `url`; for an id,
/// the resolved GitLab URL, or, when none is configured, the URL of this config.toml's only
/// entry for that id.
fn runner_and_url(
    context: &Context,
    args: &RotateArgs,
    config_path: &Path,
) -> anyhow::Result<(u64, InstanceUrl)> {
    if let Some(name) = &args.target.name {
        let entry = entry_named(config_path, name)?;
        return id_and_url(&entry, config_path);
    }
    let Some(id) = args.target.id else {
        return Err(UsageError::new("name the runner: give its ID or --name NAME").into());
    };
    match context.gitlab_url() {
        Ok((url, _)) => Ok((id, url)),
        Err(no_url) => {
            let Some(document) = read_if_present(config_path)? else {
                return Err(no_url);
            };
            let entries = document.find_runner(RunnerId::new(id), None);
            match entries.as_slice() {
                [index] => {
                    let entry = document
                        .runner(*index)
                        .context("the config entry vanished while being read")?;
                    id_and_url(&entry, config_path)
                }
                _ => Err(no_url),
            }
        }
    }
}

/// The refusals and lost answers before anything changed, with the next step.
fn with_advice(error: anyhow::Error) -> anyhow::Error {
    let advice = match error.downcast_ref::<RotateError>() {
        Some(RotateError::ManagersUnchecked { .. }) => {
            "pass --force to rotate without this check".to_string()
        }
        Some(RotateError::OnlineElsewhere(online)) => format!(
            "pass --force to rotate anyway, then on each host: `runnerctl token show {} | ssh \
             HOST sudo runnerctl register --token-stdin`",
            online.id
        ),
        Some(RotateError::ResetAnswerLost { id, .. }) => {
            format!("run `runnerctl rotate {id}` again to get a token that can be kept")
        }
        Some(RotateError::ResetMayHaveRun { id, .. }) => {
            format!("if runner {id} stops taking jobs, run `runnerctl rotate {id}` again")
        }
        None => return error,
    };
    add_hint(error, advice)
}

struct Session<'a> {
    context: &'a Context,
}

impl RotateSession for Session<'_> {
    fn secret_store(&self) -> anyhow::Result<SecretStore> {
        let store = self.context.secret_store()?;
        // The new token goes there: the operator hears, once, that the kernel keyring forgets
        // it at reboot, as create and auth login say.
        context::warn_store_notices(&store);
        Ok(store)
    }

    fn client(&self, url: &InstanceUrl) -> anyhow::Result<Client> {
        client_for(self.context, url.clone())
    }

    fn tell(&mut self, notice: RotateNotice<'_>) {
        match notice {
            RotateNotice::ManagersUnchecked { id, error } => output::warn(&format!(
                "cannot check which hosts use runner {id} ({error}); rotating anyway (--force)"
            )),
            RotateNotice::OnlineElsewhere(online) => output::warn(&format!(
                "runner {} is online on {}: {}. They fail with 403 from now on until each is \
                 registered again with the new token",
                online.id,
                online.whose(),
                online.system_ids.join(", ")
            )),
            RotateNotice::UnreadableExpiry { id, text } => output::warn(&format!(
                "GitLab gave runner {id}'s token an expiry runnerctl cannot read ({text:?}); \
                 config.toml records none, so gitlab-runner will not renew it by itself"
            )),
            RotateNotice::Unlisted(error) => output::warn(&error.to_string()),
            RotateNotice::ConfigNotice(text) => output::note(&text),
        }
    }
}
