//! What `create` on Gitea and Forgejo prints: GitLab's create document plus `forge` and
//! `uuid` (the token only in the last-resort hand-over), or a few sentences.

use crate::error::Exit;
use crate::keep_token::Kept;
use crate::ops::gitea::client::runner_type;
use crate::ops::gitea::create::Created;
use crate::output;
use crate::runner_file::RunnerFileError;

use super::super::context::{Context, ForgeTarget};

/// Prints `created`; the exit is a failure when `--register` could not write `.runner`.
pub(super) fn render(
    context: &Context,
    target: &ForgeTarget,
    scope: &crate::gitea::Scope,
    created: &Created,
    written: Option<Result<String, RunnerFileError>>,
    register: bool,
) -> anyhow::Result<Exit> {
    let forge = target.kind.display_name();
    let credentials = &created.credentials;
    let id = credentials.runner_id;
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
                "RUNNER {id} WAS CREATED BUT ITS TOKEN COULD NOT BE STORED ANYWHERE. It is printed on stdout now \
                 and {forge} will never show it again: copy it somewhere safe immediately."
            ));
            None
        }
        Kept::Store { .. } => None,
    };
    let hand_over = matches!(created.kept, Kept::HandOver);
    let (registered, register_error) = match &written {
        Some(Ok(path)) => (Some(path.clone()), None),
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
            "runner_type": runner_type(scope),
            "name": credentials.name,
            "description": "",
            "tag_list": credentials.label_names(),
            "labels": credentials.labels,
            "run_untagged": null,
            "token_expires_at": null,
            "token_stored": created.kept.token_stored(),
            "token_file": token_file,
            "token": hand_over.then(|| credentials.token.expose()),
            "uuid": credentials.uuid,
            "forge": target.kind.as_str(),
        });
        if register {
            document["registered"] =
                serde_json::json!(registered.map(|path| serde_json::json!({"runner_file": path})));
            if let Some(error) = &register_error {
                document["register_error"] = serde_json::json!(error);
            }
        }
        output::print_json(&document)?;
    } else {
        crate::outln!(
            "Created {forge} runner {id} ({}) in {scope} (labels: {}).",
            credentials.name,
            credentials.labels.join(", ")
        );
        match &created.kept {
            Kept::Store { label, .. } => crate::outln!("Its credentials are kept in {label}."),
            Kept::TokenFile { .. } => {}
            Kept::HandOver => crate::outln!("{}", credentials.to_json()),
        }
        if let Some(path) = registered {
            crate::outln!("Registered it on this host: {path}.");
        }
    }
    Ok(if register_error.is_some() {
        Exit::Failure
    } else {
        Exit::Success
    })
}
