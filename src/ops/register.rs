//! `register`: verify a runner token and write its `[[runners]]` entry, idempotently.
//!
//! The order is the contract's: the flags are checked and config.toml is locked and read
//! first (a broken or unwritable file fails before any request), then the token is verified,
//! then the entry is written. `create --register` runs the same two phases around its own
//! POST.

use crate::locked_file::parent_dir;
use crate::runner_id::RunnerId;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::{DateTime, Timelike, Utc};
use serde::Serialize;

use crate::error::UsageError;
use crate::forge::{Forge, VerifiedRunner};
use crate::gitlab::{ApiError, Client, ClientOptions};
use crate::host_file::{Action, HostFile};
use crate::instance_url::InstanceUrl;
use crate::ops::config_diff::redacted_diff;
use crate::runner_config::{
    AutoscalerSpec, ConfigError, ConfigFile, DockerSpec, EditOptions, Executor, KubernetesSpec,
    Notice, RunnerSpec, RunnerTemplate, Setting, Verification, ensure_system_id_owned,
    generate_system_id, read_config_text,
};
use crate::token::RunnerToken;

/// What to register, as plain values: the command's flags, resolved.
#[derive(Debug, Clone)]
pub struct RegisterOptions {
    pub config_path: PathBuf,
    pub edit_options: EditOptions,
    /// How the verifying client connects.
    pub client_options: ClientOptions,
    /// The entry's name; None: this host's name.
    pub name: Option<String>,
    pub executor: Option<Executor>,
    pub docker: DockerSpec,
    pub kubernetes: KubernetesSpec,
    pub autoscaler: AutoscalerSpec,
    /// A config.toml with one entry that fills what the options leave empty.
    pub template: Option<PathBuf>,
    /// Write the entry without asking the forge whether the token is valid.
    pub no_verify: bool,
}

/// The contract's JSON for `register`, also nested as `registered` in `create --register`.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    pub runner_id: Option<u64>,
    pub name: Option<String>,
    pub config: String,
    pub action: Action,
    pub verified: bool,
    /// A dry run ([`preview`]): nothing was verified or written; `action` is what the run
    /// would do. Absent otherwise, so the contract's document keeps its fields.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dry_run: bool,
    /// A dry run's unified diff of config.toml, tokens shown by their prefix only; empty
    /// when the file would not change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diff: Option<String>,
}

/// A value the entry needs that no option, existing entry or template supplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The default job image of an executor that runs jobs in containers.
    DockerImage { executor: Executor },
    /// The fleeting plugin of an autoscaling executor.
    AutoscalerPlugin { executor: Executor },
}

/// Something the operator should hear about while registering, as it happens.
#[derive(Debug)]
pub enum Event<'a> {
    /// Said when opening config.toml (a followed symlink).
    Opened(&'a Notice),
    /// The token is about to cross the network unencrypted.
    PlainHttp(&'a InstanceUrl),
    /// The system id could not be saved; this run uses one GitLab will not see again.
    SystemIdNotSaved(&'a ConfigError),
    /// The token the caller expected to be runner `expected`'s is runner `verified`'s.
    OtherRunner {
        expected: u64,
        verified: u64,
        url: &'a InstanceUrl,
    },
    /// Said when saving config.toml (a file created, its mode tightened).
    Saved(&'a Notice),
}

/// The person running the command: asked for what is missing, told what happens.
pub trait Operator {
    /// The executor of a new entry that none was given for.
    fn executor(&mut self) -> anyhow::Result<Executor>;
    /// A value the executor needs.
    fn value(&mut self, missing: Missing) -> anyhow::Result<String>;
    fn notify(&mut self, event: Event<'_>);
}

/// Why registering failed, where the caller words it its own way.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    #[error("the entry's name must not be empty")]
    EmptyName,
    #[error("cannot read the template config {}", path.display())]
    Template {
        path: PathBuf,
        #[source]
        source: ConfigError,
    },
    /// The forge refused the token or could not be asked; config.toml is as it was.
    #[error("cannot verify the runner token with {url}")]
    Verify {
        url: InstanceUrl,
        #[source]
        source: ApiError,
    },
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
    client_options: ClientOptions,
    /// The URL of the entry this run updates, if any.
    existing_url: Option<InstanceUrl>,
    /// Whether an entry for this token or runner existed when the file was opened.
    existed: bool,
}

/// Loads the template, locks and reads config.toml, and asks `operator` for what is missing.
/// `token` and `runner` find the entry an update would change (none for a runner `create` is
/// about to make).
pub fn prepare(
    options: &RegisterOptions,
    token: Option<&RunnerToken>,
    runner: Option<u64>,
    operator: &mut dyn Operator,
) -> anyhow::Result<Prepared> {
    let template = options
        .template
        .as_deref()
        .map(|path| {
            RunnerTemplate::load(path).map_err(|source| {
                anyhow::Error::new(RegisterError::Template {
                    path: path.to_path_buf(),
                    source,
                })
            })
        })
        .transpose()?;
    let file = <ConfigFile as HostFile>::load(&options.config_path, &options.edit_options)
        .context("cannot register")?;
    let existing = file.find_entry(token, runner);
    let existing_url = existing
        .as_ref()
        .and_then(|entry| entry.url.as_deref())
        .and_then(|url| InstanceUrl::parse(url).ok());
    let existing_index = existing.as_ref().map(|entry| entry.index);
    let value_at = |path: &[&str]| {
        existing_index
            .and_then(|index| file.document().value_at(index, path))
            .or_else(|| {
                template
                    .as_ref()
                    .and_then(|template| template.value_at(path))
            })
    };
    let has = |path: &[&str]| value_at(path).is_some();

    let executor = match options.executor {
        Some(executor) => Some(executor),
        None if has(&["executor"]) => None,
        None => Some(operator.executor()?),
    };
    let effective = executor.or_else(|| {
        value_at(&["executor"])
            .and_then(toml_edit::Item::as_str)
            .and_then(|name| name.parse::<Executor>().ok())
    });

    let mut docker = options.docker.clone();
    if let Some(executor) = effective
        && executor.needs_docker_image()
        && docker.image.is_none()
        && !has(&["docker", "image"])
    {
        docker.image = Some(operator.value(Missing::DockerImage { executor })?);
    }
    let mut autoscaler = options.autoscaler.clone();
    if let Some(executor) = effective
        && executor.uses_autoscaler()
        && autoscaler.plugin.is_none()
        && !has(&["autoscaler", "plugin"])
    {
        autoscaler.plugin = Some(operator.value(Missing::AutoscalerPlugin { executor })?);
    }

    let name = match &options.name {
        Some(name) if name.trim().is_empty() => return Err(RegisterError::EmptyName.into()),
        Some(name) => Setting::Given(name.clone()),
        None => Setting::Default(hostname()),
    };
    let prepared = Prepared {
        existed: existing.is_some(),
        file,
        name,
        executor,
        docker,
        kubernetes: options.kubernetes.clone(),
        autoscaler,
        template,
        no_verify: options.no_verify,
        client_options: options.client_options.clone(),
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
        HostFile::path(&self.file)
    }

    /// The URL of the entry this run updates, if there is one.
    pub fn existing_url(&self) -> Option<&InstanceUrl> {
        self.existing_url.as_ref()
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

/// Verifies the token (unless told not to) and writes the entry.
pub fn complete(
    prepared: &mut Prepared,
    url: &InstanceUrl,
    token: &RunnerToken,
    expected_id: Option<u64>,
    operator: &mut dyn Operator,
) -> anyhow::Result<Registration> {
    for notice in prepared.file.load_notices() {
        operator.notify(Event::Opened(notice));
    }
    if !url.is_https() && !url.is_loopback() {
        operator.notify(Event::PlainHttp(url));
    }
    let config_dir = parent_dir(prepared.file.path());
    // Built only to verify: setting up TLS reads the system's CA certificates, which costs
    // more than the whole edit of a large config.toml.
    let client = if prepared.no_verify {
        None
    } else {
        Some(Client::new(
            url.clone(),
            None,
            prepared.client_options.clone(),
        )?)
    };
    let verified = if let Some(client) = &client {
        let owner = prepared.file.owner_for_new_files();
        let system_id = ensure_system_id_owned(&config_dir, owner).unwrap_or_else(|error| {
            // gitlab-runner, too, keeps an id it cannot save in memory and carries on.
            operator.notify(Event::SystemIdNotSaved(&error));
            generate_system_id()
        });
        let verified = Forge::verify_runner(client, token, &system_id).map_err(|source| {
            anyhow::Error::new(RegisterError::Verify {
                url: url.clone(),
                source,
            })
        })?;
        if let Some(expected) = expected_id
            && expected != verified.id
        {
            operator.notify(Event::OtherRunner {
                expected,
                verified: verified.id,
                url,
            });
        }
        Some((verified, system_id))
    } else {
        None
    };
    let verification = verified
        .as_ref()
        .and_then(|(verified, _)| verification_of(verified));
    let spec = prepared.spec(url.as_str(), token.clone(), verification);
    let saved = match prepared.file.upsert(&spec) {
        Ok(saved) => saved,
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
    for notice in &saved.notices {
        operator.notify(Event::Saved(notice));
    }
    let entry = prepared.file.entry(saved.value.index);
    let runner_id = verified
        .as_ref()
        .map(|(verified, _)| verified.id)
        .or_else(|| entry.as_ref().and_then(|entry| entry.runner_id))
        .or(expected_id);
    Ok(Registration {
        runner_id,
        name: entry.and_then(|entry| entry.name),
        config: prepared.config_path().display().to_string(),
        action: saved.value.action,
        verified: verified.is_some(),
        dry_run: false,
        diff: None,
    })
}

/// A dry run of [`complete`]: the entry is applied to a copy of the document in memory and
/// compared with the file as it is. The token is not verified, since `POST /runners/verify`
/// records a contact and creates a runner manager in GitLab; so a new entry shows no `id`
/// and no `token_expires_at`, which verifying would fill in. Nothing is written, and no system
/// id is created.
pub fn preview(
    prepared: &Prepared,
    url: &InstanceUrl,
    token: &RunnerToken,
    expected_id: Option<u64>,
    operator: &mut dyn Operator,
) -> anyhow::Result<Registration> {
    for notice in prepared.file.load_notices() {
        operator.notify(Event::Opened(notice));
    }
    let spec = prepared.spec(url.as_str(), token.clone(), None);
    let before = prepared.file.document();
    let mut after = before.clone();
    let registered = after
        .add_or_update_runner(&spec)
        .map_err(|error| anyhow::Error::new(error).context("cannot register"))?;
    let path = prepared.file.path();
    let old_text = read_config_text(path).context("cannot register")?;
    let new_text = if registered.action == Action::Unchanged {
        old_text.clone().unwrap_or_default()
    } else {
        after.render()
    };
    let mut tokens: Vec<RunnerToken> = (before.runners().into_iter())
        .chain(after.runners())
        .filter_map(|entry| entry.token)
        .collect();
    tokens.push(token.clone());
    let diff = redacted_diff(path, old_text.as_deref(), &new_text, &tokens);
    let entry = after.runner(registered.index);
    let runner_id = entry
        .as_ref()
        .and_then(|entry| entry.runner_id())
        .map(RunnerId::get)
        .or(expected_id);
    Ok(Registration {
        runner_id,
        name: entry.and_then(|entry| entry.name),
        config: prepared.config_path().display().to_string(),
        action: registered.action,
        verified: false,
        dry_run: true,
        diff: Some(diff),
    })
}

fn verification_of(verified: &VerifiedRunner) -> Option<Verification> {
    Some(Verification {
        runner_id: RunnerId::new(verified.id).to_config()?,
        token_expires_at: verified.token_expires_at,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    /// An operator with canned answers that records what it was asked and told.
    #[derive(Default)]
    struct Recorder {
        asked: Vec<String>,
        told: Vec<String>,
    }

    impl Operator for Recorder {
        fn executor(&mut self) -> anyhow::Result<Executor> {
            self.asked.push("executor".into());
            Ok(Executor::Docker)
        }

        fn value(&mut self, missing: Missing) -> anyhow::Result<String> {
            self.asked.push(format!("{missing:?}"));
            Ok("alpine:3".into())
        }

        fn notify(&mut self, event: Event<'_>) {
            self.told.push(format!("{event:?}"));
        }
    }

    fn options(config_path: PathBuf) -> RegisterOptions {
        RegisterOptions {
            config_path,
            edit_options: EditOptions::default(),
            client_options: ClientOptions::default(),
            name: Some("host1".into()),
            executor: None,
            docker: DockerSpec::default(),
            kubernetes: KubernetesSpec::default(),
            autoscaler: AutoscalerSpec::default(),
            template: None,
            no_verify: true,
        }
    }

    #[test]
    fn register_asks_for_what_is_missing_then_writes_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        let url = InstanceUrl::parse("https://gitlab.example.com").unwrap();
        let token = RunnerToken::new("glrt-op-test");
        let mut operator = Recorder::default();
        let mut prepared =
            prepare(&options(path.clone()), Some(&token), None, &mut operator).unwrap();
        assert_eq!(
            operator.asked,
            ["executor", "DockerImage { executor: Docker }"]
        );
        assert_eq!(prepared.existing_url(), None);
        let first = complete(&mut prepared, &url, &token, None, &mut operator).unwrap();
        assert_eq!((first.action, first.verified), (Action::Added, false));
        assert_eq!(first.name.as_deref(), Some("host1"));
        assert!(
            operator
                .told
                .iter()
                .any(|told| told.starts_with("Saved(Created"))
        );
        drop(prepared);

        // The entry now names its executor and image: nothing more is asked.
        let mut operator = Recorder::default();
        let mut prepared = prepare(&options(path), Some(&token), None, &mut operator).unwrap();
        assert!(operator.asked.is_empty(), "{:?}", operator.asked);
        assert_eq!(prepared.existing_url(), Some(&url));
        let again = complete(&mut prepared, &url, &token, None, &mut operator).unwrap();
        assert_eq!(again.action, Action::Unchanged);
    }

    #[test]
    fn an_empty_name_is_refused_as_a_value() {
        let dir = tempfile::tempdir().unwrap();
        let mut options = options(dir.path().join("config.toml"));
        options.name = Some(" ".into());
        options.executor = Some(Executor::Shell);
        let error = prepare(&options, None, None, &mut Recorder::default())
            .err()
            .expect("refused");
        assert!(matches!(
            error.downcast_ref::<RegisterError>(),
            Some(RegisterError::EmptyName)
        ));
    }
}
