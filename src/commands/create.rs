use anyhow::Context as _;
use serde::Serialize;

use crate::cli::{CreateArgs, RegisterArgs, RunnerScope, RunnerSettingsArgs};
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::gitlab::{ApiError, Client};
use crate::gitlab::{RunnerOwner, RunnerSettings, RunnerType};
use crate::keep_token::{self, Kept, TokenStored};
use crate::output;

use super::register::{self, Registration};

#[derive(Serialize)]
struct Created<'a> {
    id: u64,
    runner_type: RunnerType,
    description: &'a str,
    tag_list: &'a [String],
    run_untagged: bool,
    token_expires_at: Option<&'a str>,
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

/// Where the new runner lives, as the operator named it.
enum Scope {
    Instance,
    Group(String),
    Project(String),
}

pub fn run(context: &Context, args: CreateArgs) -> anyhow::Result<Exit> {
    let settings = settings_from(&args)?;
    let scope = scope_from(context, &args.scope)?;
    if let Some(path) = &args.token_file
        && path.exists()
    {
        return Err(UsageError::new(format!(
            "--token-file {} already exists; runnerctl never overwrites a token file",
            path.display()
        ))
        .into());
    }
    if !args.register
        && let Some(flag) = args.entry.first_given()
    {
        return Err(UsageError::new(format!(
            "{flag} is a register flag: add --register to register the new runner on this machine"
        ))
        .into());
    }
    // Opened before the runner exists, so that a bad RUNNERCTL_KEYRING stops us in time.
    let store = context.secret_store()?;
    // Likewise a bad register flag, or a broken or unwritable config.toml: found (and the file
    // locked) before a runner exists that could not be registered.
    let mut prepared = if args.register {
        Some(register::prepare(context, &args.entry, None, None)?)
    } else {
        None
    };
    let client = context.client()?;
    let owner = resolve_owner(&client, &scope)?;

    // From the request that makes the token until the operator is told where it is, Ctrl-C
    // and SIGTERM wait: GitLab shows the token only in this answer.
    let signals = keep_token::DeferSignals::install();
    let created = match client.create_runner(owner, &settings) {
        Ok(created) => created,
        Err(error) => {
            signals.release();
            return Err(explain_create_failure(error, &client));
        }
    };

    let (kept, fallbacks) = keep_token::keep(
        Some(&store),
        client.url(),
        created.id,
        &created.token,
        args.token_file.as_deref(),
    );
    if signals.interrupted() && prepared.take().is_some() {
        output::warn(&format!(
            "interrupted: runner {} was created but not registered on this machine",
            created.id
        ));
    }
    if matches!(kept, Kept::Store { .. }) {
        for notice in store.notices() {
            output::warn(&notice);
        }
    }
    for fallback in &fallbacks {
        output::warn(&format!(
            "could not keep runner {}'s token in {}: {}",
            created.id, fallback.step, fallback.reason
        ));
    }
    let tags = settings.tag_list.clone().unwrap_or_default();
    let token_file = match &kept {
        Kept::TokenFile { path } => Some(path.display().to_string()),
        _ => None,
    };
    let hand_over = matches!(kept, Kept::HandOver);
    let register_outcome = prepared.as_mut().map(|prepared| {
        match register::complete(
            context,
            prepared,
            client.url(),
            &created.token,
            Some(created.id),
        ) {
            Ok(registration) => RegisterOutcome {
                registered: Some(registration),
                register_error: None,
            },
            Err(error) => {
                let error = error.context(format!(
                    "runner {id} was created and its token kept, but registering it here failed; \
                     retry with `runnerctl register --runner {id} {flags}`",
                    id = created.id,
                    flags = register_flags(&args.entry)
                ));
                super::hints::print_error(&error, context.format());
                RegisterOutcome {
                    registered: None,
                    register_error: Some(format!("{error:#}")),
                }
            }
        }
    });
    let register_failed = register_outcome
        .as_ref()
        .is_some_and(|outcome| outcome.registered.is_none());
    let exit = if register_failed {
        output::failed_before_printing();
        Exit::Failure
    } else {
        Exit::Success
    };
    match &kept {
        Kept::TokenFile { path } => output::warn(&format!(
            "runner {}'s token is in {} (mode 0600): move it somewhere safe, or register with `runnerctl register --token-stdin < {}`",
            created.id,
            path.display(),
            path.display()
        )),
        Kept::HandOver => {
            output::stdout_carries_token();
            output::warn(&format!(
                "RUNNER {} WAS CREATED BUT ITS TOKEN COULD NOT BE STORED ANYWHERE. It is printed on stdout now \
                 and GitLab will never show it again: copy it somewhere safe immediately.",
                created.id
            ))
        }
        Kept::Store { .. } => {}
    }

    let description = settings.description.as_deref().unwrap_or_default();
    if context.json() {
        output::print_json(&Created {
            id: created.id,
            runner_type: owner.runner_type(),
            description,
            tag_list: &tags,
            run_untagged: settings.run_untagged.unwrap_or(true),
            token_expires_at: created.token_expires_at.as_deref(),
            token_stored: kept.token_stored(),
            token_file,
            token: hand_over.then(|| created.token.expose()),
            register: register_outcome,
        })?;
        return Ok(exit);
    }

    let where_ = match &scope {
        Scope::Instance => "on the instance".to_string(),
        Scope::Group(group) => format!("in group {group}"),
        Scope::Project(project) => format!("in project {project}"),
    };
    let tag_text = if tags.is_empty() {
        "no tags".to_string()
    } else {
        format!("tags: {}", tags.join(", "))
    };
    crate::outln!(
        "Created {} runner {} {where_} ({tag_text}).",
        owner_kind(owner),
        created.id
    );
    match &kept {
        Kept::Store { label, .. } => crate::outln!("Its token is kept in {label}."),
        Kept::TokenFile { path } => {
            crate::outln!("Its token is in {} (mode 0600).", path.display())
        }
        Kept::HandOver => crate::outln!("Token: {}", created.token.expose()),
    }
    if let Some(expires) = &created.token_expires_at {
        crate::outln!("The token expires at {expires}.");
    }
    if let Some(registration) = register_outcome
        .as_ref()
        .and_then(|outcome| outcome.registered.as_ref())
    {
        crate::outln!("{}", register::describe(registration));
        return Ok(exit);
    }
    crate::outln!();
    crate::outln!("Next, register it on the machine that will run the jobs:");
    for line in next_steps(created.id, &kept, &register_flags(&args.entry)) {
        crate::outln!("{line}");
    }
    Ok(exit)
}

/// The register flags to repeat in a printed `register` command: the executor given to
/// `create` (else `shell`, the one that needs nothing more) and the flags that executor
/// requires, so that the command runs as printed without a terminal.
pub(crate) fn register_flags(entry: &RegisterArgs) -> String {
    let executor = entry.executor.map_or("shell", |executor| executor.name());
    let mut flags = format!("--executor {executor}");
    for (flag, value) in [
        ("--docker-image", &entry.docker_image),
        ("--autoscaler-plugin", &entry.autoscaler_plugin),
        ("--kubernetes-namespace", &entry.kubernetes_namespace),
        ("--kubernetes-image", &entry.kubernetes_image),
    ] {
        if let Some(value) = value {
            flags.push_str(&format!(" {flag} {}", shell_word(value)));
        }
    }
    flags
}

/// `value` as one shell word: bare when it holds only safe characters, else single-quoted.
fn shell_word(value: &str) -> String {
    let safe = !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@+=,".contains(c));
    if safe {
        value.to_string()
    } else {
        format!("'{}'", value.replace('\'', "'\\''"))
    }
}

/// The "next, register it" lines after `create`, each a command that runs as printed.
pub(crate) fn next_steps(id: u64, kept: &Kept, flags: &str) -> Vec<String> {
    let mut lines = match kept {
        Kept::Store { .. } => vec![
            format!("  on this machine:    sudo runnerctl register --runner {id} {flags}"),
            format!(
                "  on another host:    runnerctl token show {id} | ssh HOST sudo runnerctl register --token-stdin {flags}"
            ),
        ],
        Kept::TokenFile { path } => vec![
            format!(
                "  on this machine:    sudo runnerctl register --token-stdin {flags} < {}",
                path.display()
            ),
            format!(
                "  on another host:    ssh HOST sudo runnerctl register --token-stdin {flags} < {}",
                path.display()
            ),
        ],
        Kept::HandOver => vec![format!(
            "  anywhere:           echo TOKEN | sudo runnerctl register --token-stdin {flags}"
        )],
    };
    if flags.starts_with("--executor shell") {
        lines.push(
            "Other executors need more flags, such as --executor docker --docker-image IMAGE: \
             see `runnerctl register --help`."
                .to_string(),
        );
    }
    lines
}

fn owner_kind(owner: RunnerOwner) -> &'static str {
    match owner {
        RunnerOwner::Instance => "instance",
        RunnerOwner::Group(_) => "group",
        RunnerOwner::Project(_) => "project",
    }
}

/// Everything that can be checked before a request: GitLab would refuse these anyway, and
/// after the POST a retry would make a second runner.
fn settings_from(args: &CreateArgs) -> anyhow::Result<RunnerSettings> {
    let flags = &args.settings;
    let tags = flags.all_tags();
    if flags.no_run_untagged && tags.is_empty() {
        return Err(UsageError::new(
            "--no-run-untagged needs at least one --tag: a runner without tags that refuses untagged jobs could never run a job",
        )
        .into());
    }
    flags.check_limits()?;
    Ok(settings_from_flags(
        flags,
        (!tags.is_empty()).then_some(tags),
    ))
}

/// The API's runner settings from the flags `create` and `update` share; the tags are the
/// caller's, since `update` may edit the runner's current set rather than replace it.
pub(super) fn settings_from_flags(
    flags: &RunnerSettingsArgs,
    tag_list: Option<Vec<String>>,
) -> RunnerSettings {
    RunnerSettings {
        description: flags.description.clone(),
        tag_list,
        run_untagged: flags.run_untagged(),
        locked: flags.locked.then_some(true),
        paused: flags.paused.then_some(true),
        access_level: flags.access_level.map(|level| level.as_api().to_string()),
        maximum_timeout: flags.maximum_timeout,
        maintenance_note: flags.maintenance_note.clone(),
    }
}

fn scope_from(context: &Context, scope: &RunnerScope) -> anyhow::Result<Scope> {
    if let Some(group) = &scope.group {
        return Ok(Scope::Group(group.clone()));
    }
    if let Some(project) = &scope.project {
        return Ok(Scope::Project(project.clone()));
    }
    if scope.instance {
        return Ok(Scope::Instance);
    }
    if !context.can_prompt() {
        return Err(UsageError::new(
            "where should the runner live? pass -g/--group GROUP, -p/--project PROJECT or --instance",
        )
        .into());
    }
    let choice = dialoguer::Select::new()
        .with_prompt("Create the runner for")
        .items([
            "a group",
            "a project",
            "the whole instance (administrators)",
        ])
        .default(0)
        .interact()
        .context("prompt aborted")?;
    let ask = |what: &str| -> anyhow::Result<String> {
        dialoguer::Input::<String>::new()
            .with_prompt(format!("{what} (full path or numeric id)"))
            .interact_text()
            .context("prompt aborted")
    };
    Ok(match choice {
        0 => Scope::Group(ask("Group")?),
        1 => Scope::Project(ask("Project")?),
        _ => Scope::Instance,
    })
}

/// `POST /user/runners` takes numeric ids; a path is looked up first (which needs `read_api`,
/// while an id alone works with a `create_runner`-only token).
fn resolve_owner(client: &Client, scope: &Scope) -> anyhow::Result<RunnerOwner> {
    Ok(match scope {
        Scope::Instance => RunnerOwner::Instance,
        Scope::Group(group) => match group.parse::<u64>() {
            Ok(id) => RunnerOwner::Group(id),
            Err(_) => RunnerOwner::Group(client.group(group)?.id),
        },
        Scope::Project(project) => match project.parse::<u64>() {
            Ok(id) => RunnerOwner::Project(id),
            Err(_) => RunnerOwner::Project(client.project(project)?.id),
        },
    })
}

fn explain_create_failure(error: ApiError, client: &Client) -> anyhow::Error {
    if let ApiError::AnswerLost { status, .. } = &error {
        return anyhow::anyhow!(
            "{error}. GitLab answered {status}, so a runner was probably created, but its token \
             was in the lost answer and cannot be recovered; runnerctl did not retry (a retry \
             would create a second runner). Find it with `runnerctl list --status \
             never_contacted` or under Settings > CI/CD > Runners in {}, then reset its token \
             with `runnerctl rotate ID` or delete it and create again",
            client.url()
        );
    }
    if error.may_have_run() {
        anyhow::anyhow!(
            "{error}. GitLab may have created the runner before the answer was lost, so runnerctl \
             did not retry (a retry could create a second one). Look for it with \
             `runnerctl list --status never_contacted` or under Settings > CI/CD > Runners in {}; \
             if it exists, its token cannot be recovered: reset it with \
             `runnerctl rotate ID` or delete it and create again",
            client.url()
        )
    } else {
        error.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Item: the printed next step must run as printed without a terminal.
    #[test]
    fn every_next_step_parses_and_names_an_executor() {
        let mut commands = Vec::new();
        for kept in [
            Kept::Store {
                label: "the secret store".to_string(),
                is_file_store: true,
            },
            Kept::TokenFile {
                path: "/tmp/runnerctl-runner-42.token".into(),
            },
            Kept::HandOver,
        ] {
            for entry in [
                RegisterArgs::default(),
                RegisterArgs {
                    executor: Some(crate::runner_config::Executor::Docker),
                    docker_image: Some("alpine:3".to_string()),
                    ..RegisterArgs::default()
                },
            ] {
                for line in next_steps(42, &kept, &register_flags(&entry)) {
                    commands.extend(crate::printed_commands::commands_in(&line));
                }
            }
        }
        let registers: Vec<&String> = commands
            .iter()
            .filter(|command| !command.ends_with("--help"))
            .collect();
        assert_eq!(registers.len(), 10, "{commands:?}");
        for command in registers {
            assert!(command.contains("--executor "), "{command}");
        }
        let failed = crate::printed_commands::failures(&commands);
        assert!(failed.is_empty(), "{}", failed.join("\n"));
    }

    #[test]
    fn odd_values_are_quoted_once() {
        assert_eq!(shell_word("alpine:3"), "alpine:3");
        assert_eq!(shell_word("my image"), "'my image'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
