//! What `register` asks the engine to write: the flags, with "given" told apart from "default".

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use super::template::RunnerTemplate;
use crate::token::RunnerToken;

/// A value that came from a flag, or a default the program chose. On update a flag overwrites
/// the entry's value; a default only fills a key the entry lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Setting<T> {
    Given(T),
    Default(T),
}

impl<T> Setting<T> {
    pub fn value(&self) -> &T {
        match self {
            Setting::Given(value) | Setting::Default(value) => value,
        }
    }

    pub fn is_given(&self) -> bool {
        matches!(self, Setting::Given(_))
    }
}

/// The executors gitlab-runner knows, by the name written in `executor = "…"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Executor {
    Shell,
    Docker,
    DockerAutoscaler,
    DockerMachine,
    Kubernetes,
    Custom,
    Ssh,
    Parallels,
    Virtualbox,
    Instance,
}

impl Executor {
    pub const ALL: [Executor; 10] = [
        Executor::Shell,
        Executor::Docker,
        Executor::DockerAutoscaler,
        Executor::DockerMachine,
        Executor::Kubernetes,
        Executor::Custom,
        Executor::Ssh,
        Executor::Parallels,
        Executor::Virtualbox,
        Executor::Instance,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Executor::Shell => "shell",
            Executor::Docker => "docker",
            Executor::DockerAutoscaler => "docker-autoscaler",
            Executor::DockerMachine => "docker+machine",
            Executor::Kubernetes => "kubernetes",
            Executor::Custom => "custom",
            Executor::Ssh => "ssh",
            Executor::Parallels => "parallels",
            Executor::Virtualbox => "virtualbox",
            Executor::Instance => "instance",
        }
    }

    /// The executor runs jobs in containers of a `[runners.docker]` image.
    pub fn needs_docker_image(self) -> bool {
        matches!(
            self,
            Executor::Docker | Executor::DockerAutoscaler | Executor::DockerMachine
        )
    }

    /// The executor scales through a fleeting plugin configured in `[runners.autoscaler]`.
    pub fn uses_autoscaler(self) -> bool {
        matches!(self, Executor::DockerAutoscaler | Executor::Instance)
    }
}

impl fmt::Display for Executor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown executor {0:?}: expected one of shell, docker, docker-autoscaler, docker+machine, kubernetes, custom, ssh, parallels, virtualbox, instance"
)]
pub struct UnknownExecutor(pub String);

impl FromStr for Executor {
    type Err = UnknownExecutor;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Executor::ALL
            .into_iter()
            .find(|executor| executor.name() == name)
            .ok_or_else(|| UnknownExecutor(name.to_string()))
    }
}

/// What `POST /runners/verify` answered; absent with `--no-verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub runner_id: i64,
    /// None: the token does not expire (written as `0001-01-01T00:00:00Z`, as gitlab-runner does).
    pub token_expires_at: Option<DateTime<Utc>>,
}

/// `--docker-image`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DockerSpec {
    pub image: Option<String>,
}

/// `--kubernetes-namespace`, `--kubernetes-image`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KubernetesSpec {
    pub namespace: Option<String>,
    pub image: Option<String>,
}

/// A duration in Go's `time.ParseDuration` grammar (`"20m"`, `"1h30m"`), kept as the operator
/// spelled it: gitlab-runner reads the text, so config.toml gets the very same string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoDuration(String);

impl GoDuration {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for GoDuration {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a duration such as \"20m\" or \"1h30m\"")]
pub struct BadGoDuration;

impl FromStr for GoDuration {
    type Err = BadGoDuration;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if super::schema::is_go_duration(text) {
            Ok(GoDuration(text.to_string()))
        } else {
            Err(BadGoDuration)
        }
    }
}

/// `--autoscaler-*`: the `[runners.autoscaler]` table and its first `[[runners.autoscaler.policy]]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AutoscalerSpec {
    pub plugin: Option<String>,
    pub capacity_per_instance: Option<i64>,
    pub max_use_count: Option<i64>,
    pub max_instances: Option<i64>,
    pub idle_count: Option<i64>,
    /// A Go duration string (`"20m"`); checked by [`RunnerSpec::check`].
    pub idle_time: Option<String>,
}

/// One `register` run: everything the engine needs to add or update one `[[runners]]` entry.
#[derive(Debug, Clone)]
pub struct RunnerSpec {
    /// `--name`, or the hostname as a default.
    pub name: Setting<String>,
    /// Normalised GitLab URL.
    pub url: String,
    pub token: RunnerToken,
    /// When this run obtained the token (written only when the token changes).
    pub token_obtained_at: DateTime<Utc>,
    pub verification: Option<Verification>,
    /// `--executor`; None keeps an existing entry's executor (a new entry then needs one from
    /// the template).
    pub executor: Option<Executor>,
    pub docker: DockerSpec,
    pub kubernetes: KubernetesSpec,
    pub autoscaler: AutoscalerSpec,
    /// `--template-config`: fills what the flags leave empty.
    pub template: Option<RunnerTemplate>,
}

impl RunnerSpec {
    /// A spec with only the required parts; the flags fill the rest.
    pub fn new(
        name: Setting<String>,
        url: impl Into<String>,
        token: RunnerToken,
        token_obtained_at: DateTime<Utc>,
    ) -> Self {
        RunnerSpec {
            name,
            url: url.into(),
            token,
            token_obtained_at,
            verification: None,
            executor: None,
            docker: DockerSpec::default(),
            kubernetes: KubernetesSpec::default(),
            autoscaler: AutoscalerSpec::default(),
            template: None,
        }
    }

    /// Values gitlab-runner would refuse to load, found before anything is written.
    pub fn check(&self) -> Result<(), InvalidSpec> {
        if let Some(idle_time) = &self.autoscaler.idle_time
            && !super::schema::is_go_duration(idle_time)
        {
            return Err(InvalidSpec::IdleTimeNotADuration(idle_time.clone()));
        }
        Ok(())
    }
}

/// A value of a [`RunnerSpec`] that gitlab-runner would refuse to load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSpec {
    #[error("the autoscaler idle time {0:?} is not a duration such as \"20m\" or \"1h30m\"")]
    IdleTimeNotADuration(String),
}
