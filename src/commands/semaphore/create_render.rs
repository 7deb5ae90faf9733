//! What `create` on Semaphore prints: GitLab's create document plus `forge` (the token and
//! private key only in the last-resort hand-over), or a few sentences.

use crate::error::Exit;
use crate::keep_token::Kept;
use crate::ops::semaphore::create::Created;
use crate::ops::semaphore::files::Written;
use crate::ops::semaphore::scope::runner_type;
use crate::output;
use crate::semaphore_file::SemaphoreFileError;

use super::super::context::Context;

/// Prints `created`; the exit is a failure when `--register` could not write the files.
pub(super) fn render(
    context: &Context,
    created: &Created,
    written: Option<Result<Written, SemaphoreFileError>>,
) -> anyhow::Result<Exit> {
    let credentials = &created.credentials;
    let runner = &created.runner;
    let id = runner.id;
    let token_file = match &created.kept {
        Kept::TokenFile { path } => {
            output::warn(&format!(
                "runner {id}'s credentials are in {} (mode 0600): move them somewhere safe, or register with `runnerctl register --credentials-stdin < {}`",
                path.display(),
                path.display()
            ));
            Some(path.display().to_string())
        }
        Kept::HandOver => {
            output::stdout_carries_token();
            output::warn_even_if_quiet(&format!(
                "RUNNER {id} WAS CREATED BUT ITS TOKEN AND KEY COULD NOT BE STORED ANYWHERE. They are printed on stdout now \
                 and Semaphore UI will never show them again: copy them somewhere safe immediately."
            ));
            None
        }
        Kept::Store { .. } => None,
    };
    let hand_over = matches!(created.kept, Kept::HandOver);
    let (registered, register_error) = match written {
        Some(Ok(written)) => {
            for notice in &written.notices {
                output::note(&notice.to_string());
            }
            (Some(written), None)
        }
        Some(Err(error)) => {
            output::warn(&format!(
                "runner {id} was created and its credentials kept, but writing {} failed: {error}",
                error.path().display()
            ));
            (None, Some(error.to_string()))
        }
        None => (None, None),
    };
    if context.json() {
        let mut document = serde_json::json!({
            "id": id,
            "runner_type": runner_type(runner),
            "name": runner.name,
            "description": "",
            "tag_list": runner.tag().into_iter().collect::<Vec<_>>(),
            "run_untagged": null,
            "paused": !runner.active,
            "token_expires_at": null,
            "token_stored": created.kept.token_stored(),
            "token_file": token_file,
            "token": hand_over.then(|| credentials.token.expose()),
            "private_key": hand_over.then(|| credentials.private_key.expose()),
            "forge": "semaphore",
        });
        if registered.is_some() || register_error.is_some() {
            document["registered"] = serde_json::json!(registered.as_ref().map(|written| {
                serde_json::json!({"runner_file": written.config, "files": written.files})
            }));
            if let Some(error) = &register_error {
                document["register_error"] = serde_json::json!(error);
            }
        }
        output::print_json(&document)?;
    } else {
        let tag = runner
            .tag()
            .map(|tag| format!(", tag {tag}"))
            .unwrap_or_default();
        let paused = if runner.active { "" } else { ", paused" };
        crate::outln!(
            "Created Semaphore runner {id} ({}{tag}{paused}).",
            runner.name
        );
        match &created.kept {
            Kept::Store { label, .. } => {
                crate::outln!("Its token and private key are kept in {label}.")
            }
            Kept::TokenFile { .. } => {}
            Kept::HandOver => crate::outln!("{}", credentials.to_json()),
        }
        match &registered {
            Some(written) => {
                crate::outln!("Registered it on this host: {}.", written.config);
                crate::outln!("Start it with: {}", written.start_command.join(" "));
            }
            None if register_error.is_none() => crate::outln!(
                "On the runner's host: `runnerctl register --runner {id}` (or pipe `runnerctl token show {id} --format json` to `runnerctl register --credentials-stdin` there)."
            ),
            None => {}
        }
    }
    Ok(if register_error.is_some() {
        Exit::Failure
    } else {
        Exit::Success
    })
}
