//! `create` on Gitea and Forgejo: the runner is made in the scope the flags name and its
//! credentials kept at once; `--register` then writes this host's `.runner`.

use crate::cli::CreateArgs;
use crate::error::{Exit, UsageError};
use crate::keep_token::Kept;
use crate::ops::gitea::client::{runner_type, scope_from_flags};
use crate::ops::gitea::create::{CreateOptions, create, write_runner_file};
use crate::output;

use super::super::context::{Context, ForgeTarget};

pub(crate) fn run(context: &Context, target: ForgeTarget, args: CreateArgs) -> anyhow::Result<Exit> {
    let forge = target.kind.display_name();
    refuse_gitlab_flags(&args, forge)?;
    if args.settings.ephemeral && target.kind == crate::forge_kind::ForgeKind::Forgejo {
        return Err(UsageError::new("--ephemeral is a Gitea runner setting; Forgejo has none").into());
    }
    let scope = scope_from_flags(
        args.scope.group.as_deref(),
        args.scope.project.as_deref(),
        args.scope.instance,
        args.scope.user,
    )
    .ok_or_else(|| {
        UsageError::new(format!(
            "say where the {forge} runner goes: -g ORG, -p OWNER/REPO, --user or --instance"
        ))
    })?;
    let name = match (&args.entry.name, args.register) {
        (Some(name), _) => name.clone(),
        (None, true) => gethostname::gethostname().to_string_lossy().into_owned(),
        (None, false) => {
            return Err(UsageError::new(format!(
                "--name is required to create a {forge} runner (or pass --register to name it after this host)"
            ))
            .into());
        }
    };
    let runner_file = if args.register {
        Some(context.runner_file_path()?)
    } else {
        None
    };
    let client = context.gitea_client(&target)?;
    let store = context.secret_store().ok();
    let options = CreateOptions {
        scope: scope.clone(),
        name,
        labels: args.settings.all_tags(),
        ephemeral: args.settings.ephemeral,
        token_file: args.token_file.clone(),
    };
    let created = create(&client, target.kind, store.as_ref(), &options)?;
    let credentials = &created.credentials;
    let id = credentials.runner_id;
    for fallback in &created.fallbacks {
        output::warn(&format!(
            "runner {id}'s credentials could not be kept in {}: {}",
            fallback.step, fallback.reason
        ));
    }
    if let Some(store) = &store {
        super::super::context::warn_store_notices(store);
    }
    if let Some(error) = &created.declare_error {
        output::warn(&format!(
            "runner {id} was created but its labels were not set ({error}); they are set when it starts"
        ));
    }
    let written = runner_file.as_ref().map(|path| {
        write_runner_file(path, credentials, options.ephemeral).map(|_| path.display().to_string())
    });
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
            output::warn(&format!("runner {id} was created and its credentials kept, but writing {} failed: {error}", error.path().display()));
            (None, Some(error.to_string()))
        }
        None => (None, None),
    };
    if context.json() {
        let mut document = serde_json::json!({
            "id": id,
            "runner_type": runner_type(&scope),
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
        if args.register {
            document["registered"] = serde_json::json!(registered.map(|path| serde_json::json!({"runner_file": path})));
            if let Some(error) = &register_error {
                document["register_error"] = serde_json::json!(error);
            }
        }
        output::print_json(&document)?;
    } else {
        crate::outln!("Created {forge} runner {id} ({}) in {scope} (labels: {}).", credentials.name, credentials.labels.join(", "));
        match &created.kept {
            Kept::Store { label, .. } => crate::outln!("Its credentials are kept in {label}."),
            Kept::TokenFile { .. } => {}
            Kept::HandOver => crate::outln!("{}", credentials.to_json()),
        }
        if let Some(path) = registered {
            crate::outln!("Registered it on this host: {path}.");
        }
    }
    drop(created);
    Ok(if register_error.is_some() { Exit::Failure } else { Exit::Success })
}

/// GitLab's runner settings have no Gitea/Forgejo counterpart: refused, naming the flag.
fn refuse_gitlab_flags(args: &CreateArgs, forge: &str) -> Result<(), UsageError> {
    let settings = &args.settings;
    let given = [
        ("--access-level", settings.access_level.is_some()),
        ("--locked", settings.locked),
        ("--run-untagged", settings.run_untagged),
        ("--no-run-untagged", settings.no_run_untagged),
        ("--maximum-timeout", settings.maximum_timeout.is_some()),
        ("--maintenance-note", settings.maintenance_note.is_some()),
        ("--paused", settings.paused),
        ("--description", settings.description.is_some()),
    ];
    match given.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(UsageError::new(format!(
            "{flag} is a GitLab runner setting; {forge} has none"
        ))),
        None => Ok(()),
    }
}
