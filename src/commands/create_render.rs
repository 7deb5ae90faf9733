//! What `create` prints: the contract's JSON or a few sentences, the warnings about where the
//! token is, and its failures in runnerctl's words.

use chrono::SecondsFormat::Millis;
use serde::Serialize;

use crate::commands::context::Context;
use crate::error::{Exit, add_hint};
use crate::forge::Scope;
use crate::gitlab::RunnerType;
use crate::keep_token::{Kept, TokenStored};
use crate::ops::create::{CreateOptions, Created};
use crate::ops::register::Registration;
use crate::output;

use super::create_next_steps::next_steps;
use super::register_options::explain;

#[derive(Serialize)]
struct CreatedJson<'a> {
    id: u64,
    runner_type: RunnerType,
    description: &'a str,
    tag_list: &'a [String],
    run_untagged: bool,
    token_expires_at: Option<String>,
    token_stored: TokenStored,
    token_file: Option<String>,
    token: Option<&'a str>,
    #[serde(flatten)]
    register: Option<RegisterOutcome>,
}

/// `create --register`: the registration, or why it failed (the runner exists either way).
#[derive(Serialize)]
struct RegisterOutcome {
    registered: Option<Registration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    register_error: Option<String>,
}

/// Renders `created`, which it drops last: the signals it holds back wait until the operator
/// has been told where the token is.
pub(super) fn render(
    context: &Context,
    options: &CreateOptions,
    mut created: Created,
    flags: &str,
) -> anyhow::Result<Exit> {
    let (id, settings) = (created.id, &options.settings);
    let tags = settings.tag_list.clone().unwrap_or_default();
    let kept = &created.kept;
    let runner_type = created.owner.runner_type();
    let expires_at = created
        .token_expires_at
        .map(|at| at.to_rfc3339_opts(Millis, true));
    let token_file = match kept {
        Kept::TokenFile { path } => Some(path.display().to_string()),
        _ => None,
    };
    let register = created.registration.take().map(|result| match result {
        Ok(registration) => RegisterOutcome {
            registered: Some(registration),
            register_error: None,
        },
        Err(error) => {
            let error = super::hints::attach(add_hint(
                explain(error).context(format!(
                    "runner {id} was created and its token kept, but registering it here failed"
                )),
                format!("retry with `runnerctl register --runner {id} {flags}`"),
            ));
            output::print_error(&error, context.format());
            RegisterOutcome {
                registered: None,
                register_error: Some(super::runner_results::text_with_hints(&error)),
            }
        }
    });
    let exit = if register.as_ref().is_some_and(|r| r.registered.is_none()) {
        output::failed_before_printing();
        Exit::Failure
    } else {
        Exit::Success
    };
    match kept {
        Kept::TokenFile { path } => output::warn(&format!(
            "runner {id}'s token is in {} (mode 0600): move it somewhere safe, or register with `runnerctl register --token-stdin < {}`",
            path.display(),
            path.display()
        )),
        Kept::HandOver => {
            output::stdout_carries_token();
            output::warn_even_if_quiet(&format!(
                "RUNNER {id} WAS CREATED BUT ITS TOKEN COULD NOT BE STORED ANYWHERE. It is printed on stdout now \
                 and GitLab will never show it again: copy it somewhere safe immediately."
            ))
        }
        Kept::Store { .. } => {}
    }

    if context.json() {
        output::print_json(&CreatedJson {
            id,
            runner_type,
            description: settings.description.as_deref().unwrap_or_default(),
            tag_list: &tags,
            run_untagged: settings.run_untagged.unwrap_or(true),
            token_expires_at: expires_at.clone(),
            token_stored: kept.token_stored(),
            token_file,
            token: matches!(kept, Kept::HandOver).then(|| created.token.expose()),
            register,
        })?;
        return Ok(exit);
    }

    let where_ = match &options.scope {
        Scope::Instance => "on the instance".to_string(),
        Scope::Group(group) => format!("in group {group}"),
        Scope::Project(project) => format!("in project {project}"),
    };
    let tag_text = match tags.is_empty() {
        true => "no tags".to_string(),
        false => format!("tags: {}", tags.join(", ")),
    };
    let kind = runner_type.as_str().trim_end_matches("_type");
    crate::outln!("Created {kind} runner {id} {where_} ({tag_text}).");
    match kept {
        Kept::Store { label, .. } => crate::outln!("Its token is kept in {label}."),
        Kept::TokenFile { path } => {
            crate::outln!("Its token is in {} (mode 0600).", path.display())
        }
        Kept::HandOver => crate::outln!("Token: {}", created.token.expose()),
    }
    if let Some(expires) = &expires_at {
        crate::outln!("The token expires at {expires}.");
    }
    if let Some(registration) = register.as_ref().and_then(|r| r.registered.as_ref()) {
        crate::outln!("{}", super::register::describe(registration));
        return Ok(exit);
    }
    crate::outln!();
    crate::outln!("Next, register it on the machine that will run the jobs:");
    for line in next_steps(id, kept, flags) {
        crate::outln!("{line}");
    }
    Ok(exit)
}
