//! `register`: verify a runner token and write its `[[runners]]` entry, idempotently.
//!
//! The order is the contract's: the token and the flags are checked and config.toml is locked
//! and read first (a broken or unwritable file fails before any request), then the token is
//! verified, then the entry is written. `create --register` runs the same two phases around
//! its own POST.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow};
use chrono::{DateTime, Timelike, Utc};
use serde::Serialize;
use toml_edit::{Item, TableLike};

use crate::cli::{RegisterArgs, RegisterCommandArgs};
use crate::commands::context::Context;
use crate::error::{Exit, UsageError};
use crate::forge::{Forge, VerifiedRunner};
use crate::gitlab::{ApiError, Client};
use crate::instance_url::InstanceUrl;
use crate::output;
use crate::runner_config::{
    Action, AutoscalerSpec, ConfigDocument, ConfigFile, DockerSpec, Executor, KubernetesSpec,
    Notice, RunnerSpec, RunnerTemplate, Setting, Verification, ensure_system_id_owned,
    generate_system_id,
};
use crate::token::RunnerToken;

/// The contract's JSON for `register`, also nested as `registered` in `create --register`.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    pub runner_id: Option<u64>,
    pub name: Option<String>,
    pub config: String,
    pub action: Action,
    pub verified: bool,
}

pub fn run(context: &Context, args: RegisterCommandArgs) -> anyhow::Result<Exit> {
    let (token, url_hint) = token_from(context, &args)?;
    let mut prepared = prepare(context, &args.entry, Some(&token), args.runner)?;
    let url = match &context.global.url {
        Some(_) => context.gitlab_url()?.0,
        // Updating an entry: its own URL, as for every command acting on an entry.
        None => match prepared.existing_url.clone() {
            Some(url) => url,
            None => match url_hint {
                Some(url) => url,
                None => context.gitlab_url()?.0,
            },
        },
    };
    let registration = complete(context, &mut prepared, &url, &token, args.runner)?;
    print(context, &registration)?;
    Ok(Exit::Success)
}

pub fn print(context: &Context, registration: &Registration) -> anyhow::Result<()> {
    if context.json() {
        return output::print_json(registration);
    }
    crate::outln!("{}", describe(registration));
    Ok(())
}

/// One human sentence about a registration.
pub fn describe(registration: &Registration) -> String {
    let runner = registration
        .runner_id
        .map_or_else(|| "the runner".to_string(), |id| format!("runner {id}"));
    let name = registration.name.as_deref().unwrap_or("(unnamed)");
    match registration.action {
        Action::Added => format!(
            "Registered {runner} as \"{name}\" in {}; gitlab-runner picks it up within a few seconds.",
            registration.config
        ),
        Action::Updated => format!(
            "Updated the entry \"{name}\" of {runner} in {}.",
            registration.config
        ),
        Action::Unchanged => format!(
            "{runner} is already registered as \"{name}\" in {}; nothing changed.",
            registration.config
        ),
    }
}

/// The token, and the URL it was looked up for (a stored runner is stored per URL).
fn token_from(
    context: &Context,
    args: &RegisterCommandArgs,
) -> anyhow::Result<(RunnerToken, Option<InstanceUrl>)> {
    let (token, url) = if args.token_stdin {
        (
            RunnerToken::new(super::read_stdin_token("runner token")?),
            None,
        )
    } else if let Some(id) = args.runner {
        let (url, _) = context.gitlab_url()?;
        (stored_token(context, &url, id)?, Some(url))
    } else if context.can_prompt() {
        prompt_token(context)?
    } else {
        return Err(UsageError::new(
            "which runner? pass --runner ID (a token kept by `runnerctl create`) or --token-stdin",
        )
        .into());
    };
    check_token(&token)?;
    Ok((token, url))
}

fn stored_token(context: &Context, url: &InstanceUrl, id: u64) -> anyhow::Result<RunnerToken> {
    let store = context.secret_store()?;
    store
        .runner_token(url, id)
        .with_context(|| format!("cannot read runner {id}'s token from {}", store.label()))?
        .ok_or_else(|| {
            anyhow!(
                "no token for runner {id} of {url} in {}: runnerctl keeps the tokens of the runners \
                 it creates; on another machine, pipe it here with `runnerctl token show {id} | \
                 runnerctl register --token-stdin`",
                store.label()
            )
        })
}

/// On a terminal: pick a runner the store holds a token for, or paste a token.
fn prompt_token(context: &Context) -> anyhow::Result<(RunnerToken, Option<InstanceUrl>)> {
    let url = context.gitlab_url().ok().map(|(url, _)| url);
    let stored: Vec<u64> = match (&url, context.secret_store()) {
        (Some(url), Ok(store)) => store
            .stored_runners()
            .unwrap_or_default()
            .into_iter()
            .filter(|runner| runner.url == url.as_str())
            .map(|runner| runner.runner_id)
            .collect(),
        _ => Vec::new(),
    };
    if let Some(url) = &url
        && !stored.is_empty()
    {
        let mut items: Vec<String> = stored
            .iter()
            .map(|id| format!("runner {id} (token in the secret store)"))
            .collect();
        items.push("paste a runner token".to_string());
        let choice = dialoguer::Select::new()
            .with_prompt(format!("Which runner of {url}?"))
            .items(&items)
            .default(0)
            .interact()
            .context("prompt aborted")?;
        if let Some(id) = stored.get(choice) {
            return Ok((stored_token(context, url, *id)?, Some(url.clone())));
        }
    }
    let text = dialoguer::Password::new()
        .with_prompt("Runner token (glrt-…)")
        .interact()
        .context("prompt aborted")?;
    Ok((RunnerToken::new(text.trim()), url))
}

/// Registration tokens belong to the deprecated workflow; runnerctl never uses one.
pub fn check_token(token: &RunnerToken) -> anyhow::Result<()> {
    if token.expose().is_empty() {
        return Err(UsageError::new("the runner token is empty").into());
    }
    if token.expose().chars().any(char::is_whitespace) {
        return Err(UsageError::new(
            "the runner token contains whitespace: pass exactly one token on standard input",
        )
        .into());
    }
    if token.is_registration_token() {
        return Err(UsageError::new(
            "this is a registration token (GR1348941…), from GitLab's deprecated registration \
             workflow, disabled by default since GitLab 17.0: create the runner first with \
             `runnerctl create -g GROUP` (or -p PROJECT, --instance), which keeps its glrt- token, \
             then register it with `runnerctl register --runner ID`, or do both at once with \
             `runnerctl create --register`",
        )
        .into());
    }
    if !token.is_authentication_token() {
        output::warn(
            "the runner token is not a glrt- runner authentication token: it is a legacy runner \
             token from the registration-token era; it still works, but GitLab is removing that workflow, so \
             consider creating a new runner with `runnerctl create`",
        );
    }
    Ok(())
}

/// Everything known before the first request: the locked config, and the entry to write.
pub struct Prepared {
    file: ConfigFile,
    name: Setting<String>,
    executor: Option<Executor>,
    docker: DockerSpec,
    kubernetes: KubernetesSpec,
    autoscaler: AutoscalerSpec,
    template: Option<RunnerTemplate>,
    no_verify: bool,
    /// The URL of the entry this run updates, if any.
    existing_url: Option<InstanceUrl>,
    /// Whether an entry for this token or runner existed when the file was opened.
    existed: bool,
}

/// Checks the flags, locks and reads config.toml, and fills missing values from a prompt on a
/// terminal. `token` and `runner` find the entry an update would change (none for a runner
/// `create` is about to make).
pub fn prepare(
    context: &Context,
    args: &RegisterArgs,
    token: Option<&RunnerToken>,
    runner: Option<u64>,
) -> anyhow::Result<Prepared> {
    let template = args
        .template_config
        .as_deref()
        .map(RunnerTemplate::load)
        .transpose()
        .context("cannot use --template-config")?;
    let path = context.config_path()?;
    let file = ConfigFile::open_with(&path, &context.edit_options()).context("cannot register")?;
    let document = file.document();
    let existing = token
        .and_then(|token| document.find_by_token(token).first().copied())
        .or_else(|| {
            runner
                .and_then(|id| i64::try_from(id).ok())
                .and_then(|id| document.find_by_id(id, None).first().copied())
        });
    let existing_view = existing.and_then(|index| document.runner(index));
    let existing_url = existing_view
        .as_ref()
        .and_then(|entry| entry.url.as_deref())
        .and_then(|url| InstanceUrl::parse(url).ok());
    let existing_table = existing.and_then(|index| entry_table(document, index));
    let template_table = template.as_ref().map(|template| template.entry());
    let has = |path: &[&str]| {
        existing_table.is_some_and(|table| lookup(table, path).is_some())
            || template_table.is_some_and(|table| lookup(table, path).is_some())
    };

    let executor = match args.executor {
        Some(executor) => Some(executor),
        None if has(&["executor"]) => None,
        None => Some(ask_executor(context)?),
    };
    let effective = executor.or_else(|| {
        [existing_table, template_table]
            .into_iter()
            .flatten()
            .find_map(|table| lookup(table, &["executor"]).and_then(Item::as_str))
            .and_then(|name| name.parse::<Executor>().ok())
    });

    let mut docker_image = args.docker_image.clone();
    if let Some(executor) = effective
        && executor.needs_docker_image()
        && docker_image.is_none()
        && !has(&["docker", "image"])
    {
        docker_image = Some(ask(
            context,
            &format!("--executor {executor} needs --docker-image IMAGE (the default job image)"),
            "Default job image (e.g. alpine:3)",
        )?);
    }
    let mut plugin = args.autoscaler_plugin.clone();
    if let Some(executor) = effective
        && executor.uses_autoscaler()
        && plugin.is_none()
        && !has(&["autoscaler", "plugin"])
    {
        plugin = Some(ask(
            context,
            &format!(
                "--executor {executor} needs --autoscaler-plugin PLUGIN (the fleeting plugin, e.g. aws:latest, googlecloud:latest)"
            ),
            "Fleeting plugin (e.g. aws:latest)",
        )?);
    }

    let name = match &args.name {
        Some(name) if name.trim().is_empty() => {
            return Err(UsageError::new("--name must not be empty").into());
        }
        Some(name) => Setting::Given(name.clone()),
        None => Setting::Default(hostname()),
    };
    let prepared = Prepared {
        existed: existing.is_some(),
        file,
        name,
        executor,
        docker: DockerSpec {
            image: docker_image,
        },
        kubernetes: KubernetesSpec {
            namespace: args.kubernetes_namespace.clone(),
            image: args.kubernetes_image.clone(),
        },
        autoscaler: AutoscalerSpec {
            plugin,
            capacity_per_instance: args.autoscaler_capacity_per_instance.map(i64::from),
            max_use_count: args.autoscaler_max_use_count.map(i64::from),
            max_instances: args.autoscaler_max_instances.map(i64::from),
            idle_count: args.autoscaler_idle_count.map(i64::from),
            idle_time: args.autoscaler_idle_time.as_ref().map(ToString::to_string),
        },
        template,
        no_verify: args.no_verify,
        existing_url,
    };
    // Values gitlab-runner would refuse are usage errors, found before any request.
    prepared
        .spec(
            "https://gitlab.invalid",
            RunnerToken::new("glrt-check"),
            None,
        )
        .check()
        .map_err(UsageError::caused_by)?;
    Ok(prepared)
}

impl Prepared {
    pub fn config_path(&self) -> &Path {
        self.file.requested_path()
    }

    fn spec(
        &self,
        url: &str,
        token: RunnerToken,
        verification: Option<Verification>,
    ) -> RunnerSpec {
        let mut spec = RunnerSpec::new(self.name.clone(), url, token, now_in_seconds());
        spec.verification = verification;
        spec.executor = self.executor;
        spec.docker = self.docker.clone();
        spec.kubernetes = self.kubernetes.clone();
        spec.autoscaler = self.autoscaler.clone();
        spec.template = self.template.clone();
        spec
    }
}

/// Verifies the token (unless `--no-verify`) and writes the entry.
pub fn complete(
    context: &Context,
    prepared: &mut Prepared,
    url: &InstanceUrl,
    token: &RunnerToken,
    expected_id: Option<u64>,
) -> anyhow::Result<Registration> {
    for notice in prepared.file.notices() {
        output::note(&notice.to_string());
    }
    if !url.is_https() && !url.is_loopback() {
        output::warn(&format!(
            "{url} is plain http: the runner token crosses the network unencrypted; use https"
        ));
    }
    let config_dir = parent_dir(prepared.file.path());
    // Built only to verify: setting up TLS reads the system's CA certificates, which costs
    // more than the whole edit of a large config.toml.
    let client = if prepared.no_verify {
        None
    } else {
        Some(Client::new(url.clone(), None, context.client_options())?)
    };
    let verified = if let Some(client) = &client {
        let owner = prepared.file.owner_for_new_files();
        let system_id = ensure_system_id_owned(&config_dir, owner).unwrap_or_else(|error| {
            // gitlab-runner, too, keeps an id it cannot save in memory and carries on.
            output::warn(&format!(
                "{error}; using a system id for this run only, so GitLab will see a new runner manager next time"
            ));
            generate_system_id()
        });
        let verified = Forge::verify_runner(client, token, &system_id)
            .map_err(|error| explain_verify_failure(error, url))?;
        if let Some(expected) = expected_id
            && expected != verified.id
        {
            output::warn(&format!(
                "the token stored for runner {expected} belongs to runner {} in {url}; registering runner {}",
                verified.id, verified.id
            ));
        }
        Some((verified, system_id))
    } else {
        None
    };
    let verification = verified
        .as_ref()
        .and_then(|(verified, _)| verification_of(verified));
    let spec = prepared.spec(url.as_str(), token.clone(), verification);
    let edit = match prepared
        .file
        .edit(|document| document.add_or_update_runner(&spec))
    {
        Ok(edit) => edit,
        Err(error) => {
            if let (Some((_, system_id)), Some(client)) = (&verified, &client)
                && !prepared.existed
            {
                // As gitlab-runner does when register fails after verify: take back the
                // manager this run made, so GitLab does not list a machine that never ran.
                let _ = Forge::delete_runner_manager(client, token, system_id);
            }
            return Err(anyhow::Error::new(error).context("cannot register"));
        }
    };
    for notice in &edit.notices {
        match notice {
            Notice::Created { .. } => output::note(&notice.to_string()),
            _ => output::warn(&notice.to_string()),
        }
    }
    let entry = prepared.file.document().runner(edit.value.index);
    let runner_id = verified
        .as_ref()
        .map(|(verified, _)| verified.id)
        .or_else(|| {
            entry
                .as_ref()
                .and_then(|entry| entry.id)
                .and_then(|id| u64::try_from(id).ok())
        })
        .or(expected_id);
    Ok(Registration {
        runner_id,
        name: entry.and_then(|entry| entry.name),
        config: prepared.config_path().display().to_string(),
        action: edit.value.action,
        verified: verified.is_some(),
    })
}

fn verification_of(verified: &VerifiedRunner) -> Option<Verification> {
    Some(Verification {
        runner_id: i64::try_from(verified.id).ok()?,
        token_expires_at: verified.token_expires_at,
    })
}

fn explain_verify_failure(error: ApiError, url: &InstanceUrl) -> anyhow::Error {
    if error.is_orphaned_runner() {
        return anyhow!(
            "GitLab at {url} refused the runner token because its runner is orphaned: the project \
             or group that owned the runner was deleted, so the runner can take no jobs. The token \
             itself is not the problem; create a new runner (`runnerctl create -g GROUP` or `-p \
             PROJECT`) and register that one. config.toml was left as it was"
        );
    }
    match error.status() {
        Some(403) => anyhow!(
            "GitLab at {url} refused the runner token (403 Forbidden): it is not valid there. It \
             may have been reset or its runner deleted, or it belongs to another GitLab (check \
             --url). Get a current token with `runnerctl rotate ID`, or create a new runner. \
             config.toml was left as it was"
        ),
        Some(422) => anyhow!(
            "GitLab at {url} answered 422 to the runner token: the runner is orphaned (its project \
             or group is gone). Delete it and create a new one; config.toml was left as it was"
        ),
        _ => anyhow::Error::new(error).context(format!(
            "cannot verify the runner token with {url}; config.toml was left as it was \
             (--no-verify writes the entry without asking GitLab)"
        )),
    }
}

/// gitlab-runner writes `token_obtained_at` in whole seconds.
fn now_in_seconds() -> DateTime<Utc> {
    let now = Utc::now();
    now.with_nanosecond(0).unwrap_or(now)
}

fn hostname() -> String {
    let name = gethostname::gethostname().to_string_lossy().into_owned();
    if name.trim().is_empty() {
        "runner".to_string()
    } else {
        name
    }
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// A value a flag supplies: asked for on a terminal, else a usage error naming the flag.
fn ask(context: &Context, usage: &str, prompt: &str) -> anyhow::Result<String> {
    if !context.can_prompt() {
        return Err(UsageError::new(usage).into());
    }
    let value: String = dialoguer::Input::new()
        .with_prompt(prompt)
        .interact_text()
        .context("prompt aborted")?;
    let value = value.trim().to_string();
    if value.is_empty() {
        return Err(UsageError::new(usage).into());
    }
    Ok(value)
}

fn ask_executor(context: &Context) -> anyhow::Result<Executor> {
    if !context.can_prompt() {
        return Err(UsageError::new(
            "a new entry needs --executor (shell, docker, docker-autoscaler, docker+machine, kubernetes, custom, ssh, parallels, virtualbox, instance)",
        )
        .into());
    }
    let names: Vec<&str> = Executor::ALL.iter().map(|e| e.name()).collect();
    let choice = dialoguer::Select::new()
        .with_prompt("Executor")
        .items(&names)
        .default(0)
        .interact()
        .context("prompt aborted")?;
    Ok(Executor::ALL
        .get(choice)
        .copied()
        .unwrap_or(Executor::Shell))
}

fn entry_table(document: &ConfigDocument, index: usize) -> Option<&dyn TableLike> {
    let root = document.document().as_table();
    let runners = root
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case("runners"))
        .map(|(_, item)| item)?;
    match runners {
        Item::ArrayOfTables(array) => array.get(index).map(|t| t as &dyn TableLike),
        Item::Value(toml_edit::Value::Array(array)) => array
            .get(index)
            .and_then(|value| value.as_inline_table())
            .map(|t| t as &dyn TableLike),
        _ => None,
    }
}

/// A key below `table`, matched case-insensitively as gitlab-runner's decoder does.
fn lookup<'a>(table: &'a dyn TableLike, path: &[&str]) -> Option<&'a Item> {
    let (first, rest) = path.split_first()?;
    let item = table
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(first))
        .map(|(_, item)| item)?;
    if rest.is_empty() {
        return Some(item);
    }
    lookup(item.as_table_like()?, rest)
}
