//! Every command, flag and help text: the single source for `--help`, the man pages and the
//! shell completions.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::runner_config::Executor;

#[derive(Debug, Parser)]
#[command(
    name = "runnerctl",
    version,
    about = "Create, register, operate and diagnose GitLab runners",
    long_about = "runnerctl manages GitLab runners end to end: it creates the runner in GitLab \
                  and keeps its token safe, registers it in gitlab-runner's config.toml without \
                  harming anything else in the file, and explains why a runner or a job is stuck.",
    after_help = "Examples:\n  \
        runnerctl auth login --url https://gitlab.example.com --token-stdin < token.txt\n  \
        runnerctl create -g my-group --tag docker\n  \
        runnerctl token show 42\n  \
        sudo runnerctl register --runner 42 --executor shell\n  \
        runnerctl status\n\n\
        Environment:\n  \
        GITLAB_URL, GITLAB_HOST   the GitLab instance (else the URL saved by `auth login`)\n  \
        GITLAB_TOKEN              the API token (else the token saved for that URL)\n  \
        CONFIG_FILE               gitlab-runner's config.toml\n  \
        RUNNERCTL_KEYRING         os (default), file:PATH or none\n  \
        RUNNERCTL_SERVICE_MANAGER systemd or gitlab-runner (else detected)\n  \
        NO_COLOR                  no colour"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// GitLab URL [default: env GITLAB_URL, then GITLAB_HOST, then the URL saved by `auth login`]
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,

    /// Output format: human text, or exactly one JSON document on stdout
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// gitlab-runner's config.toml [default: /etc/gitlab-runner/config.toml for root,
    /// ~/.gitlab-runner/config.toml otherwise]
    #[arg(long, global = true, env = "CONFIG_FILE", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Never prompt; a missing value is a usage error naming its flag
    #[arg(long, global = true)]
    pub no_input: bool,

    /// Answer yes to confirmations
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,

    /// Request timeout in seconds (the connect timeout is 10 s)
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// A PEM file of CA certificates to trust for the GitLab URL
    #[arg(long, global = true, env = "SSL_CERT_FILE", value_name = "PATH")]
    pub ca_file: Option<PathBuf>,

    /// The most API requests in flight at once
    #[arg(long, global = true, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in to a GitLab instance, show who you are, or forget the saved token
    #[command(subcommand)]
    Auth(AuthCommand),

    /// Create a runner in GitLab and keep its token safe
    #[command(after_help = "Examples:\n  \
        runnerctl create -g my-group --tag docker\n  \
        runnerctl create -p team/app --tags linux,amd64 --no-run-untagged --description build-01\n  \
        runnerctl create --instance --paused --maximum-timeout 3600\n  \
        sudo runnerctl create -g my-group --register --executor docker --docker-image alpine:3\n\n\
        The runner's token is shown by GitLab only once. runnerctl keeps it in the secret store \
        (RUNNERCTL_KEYRING); if that fails, in a 0600 file (--token-file); if that fails too, it \
        prints it with a warning. The exit status is 0 in all three cases: the runner exists, \
        and running create again would make a second one.")]
    Create(CreateArgs),

    /// Work with stored runner tokens
    #[command(subcommand)]
    Token(TokenCommand),

    /// Register a runner on this machine: verify its token, write its config.toml entry
    #[command(after_help = "Examples:\n  \
        sudo runnerctl register --runner 42 --executor docker --docker-image alpine:3\n  \
        runnerctl token show 42 | ssh build-01 sudo runnerctl register --token-stdin --executor shell\n  \
        sudo runnerctl register --runner 42 --executor docker-autoscaler --docker-image alpine:3 \\\n      \
        --autoscaler-plugin aws:latest --autoscaler-max-instances 20 --autoscaler-idle-count 2\n\n\
        The token comes from the secret store (--runner ID, kept there by `runnerctl create`) or \
        from standard input (--token-stdin). It is checked with POST /runners/verify, sending this \
        machine's system id (.runner_system_id beside config.toml, created as gitlab-runner \
        creates it), then one [[runners]] entry is written under a lock with an atomic rename. \
        Running it again updates that entry in place: flags overwrite, defaults (the hostname \
        for --name) never do, every other key, table and comment is kept, and when nothing \
        changes the file is not written (action: unchanged). A broken or unwritable config.toml \
        fails before any request is sent.")]
    Register(RegisterCommandArgs),

    /// Remove config.toml entries and this machine's runner managers in GitLab
    #[command(after_help = "Examples:\n  \
        sudo runnerctl unregister --name build-01\n  \
        sudo runnerctl unregister --runner 42 --delete-runner\n  \
        sudo runnerctl unregister --all\n\n\
        For each entry, GitLab forgets this machine's runner manager (DELETE /runners/managers \
        with the entry's token and this machine's system id; a legacy token: DELETE /runners), \
        then the entry is removed. If GitLab answers 403 (the token is already invalid) or 404 \
        (no such manager) the entry is still removed; on a network error it is kept and the \
        exit status is 1. --delete-runner deletes the runner itself and its stored token; it \
        needs an API token to check the runner's other managers, and refuses while one is \
        online unless --force.")]
    Unregister(UnregisterArgs),

    /// Show this machine's config.toml entries, the service state and each runner's contact state
    #[command(after_help = "Examples:\n  \
        runnerctl status\n  \
        runnerctl status --format json\n\n\
        The service is found by the service rule: systemd when it runs, else gitlab-runner's own \
        service commands (RUNNERCTL_SERVICE_MANAGER=systemd|gitlab-runner overrides). Contact \
        states come from GitLab (GET /runners/:id) when an API token for the entry's URL is \
        available, else they are shown as unknown (null).")]
    Status,

    /// Start the gitlab-runner service (needs root)
    #[command(after_help = "Examples:\n  sudo runnerctl start\n  \
        sudo RUNNERCTL_SERVICE_MANAGER=gitlab-runner runnerctl start")]
    Start,

    /// Stop the gitlab-runner service (needs root)
    #[command(after_help = "Examples:\n  sudo runnerctl stop")]
    Stop,

    /// Restart the gitlab-runner service (needs root)
    #[command(after_help = "Examples:\n  sudo runnerctl restart")]
    Restart,

    /// Print a shell completion script
    #[command(after_help = "Examples:\n  \
        runnerctl completions bash > /etc/bash_completion.d/runnerctl\n  \
        runnerctl completions zsh > \"${fpath[1]}/_runnerctl\"\n  \
        runnerctl completions fish > ~/.config/fish/completions/runnerctl.fish")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuthCommand {
    /// Check an API token and save it for this GitLab URL
    #[command(after_help = "Examples:\n  \
        runnerctl auth login --url https://gitlab.example.com --token-stdin < token.txt\n  \
        GITLAB_TOKEN=glpat-... runnerctl auth login --url https://gitlab.example.com\n\n\
        The token needs the `api` scope, or `create_runner` and `manage_runner` with `read_api`. \
        It is saved in the secret store and only ever sent to this URL.")]
    Login {
        /// Read the token from standard input (else GITLAB_TOKEN, else a prompt on a terminal)
        #[arg(long)]
        token_stdin: bool,
    },
    /// Show the user, scopes and expiry of the token in use
    #[command(
        after_help = "Examples:\n  runnerctl auth status\n  runnerctl auth status --format json"
    )]
    Status,
    /// Forget the token saved for this GitLab URL
    #[command(
        after_help = "Examples:\n  runnerctl auth logout\n  runnerctl auth logout --url https://gitlab.example.com"
    )]
    Logout,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Print a stored runner token (the only command that prints one)
    #[command(after_help = "Examples:\n  \
        runnerctl token show 42\n  \
        runnerctl token show 42 | ssh build-01 sudo runnerctl register --token-stdin")]
    Show {
        /// The runner id
        id: u64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AccessLevel {
    NotProtected,
    RefProtected,
}

impl AccessLevel {
    pub fn as_api(self) -> &'static str {
        match self {
            AccessLevel::NotProtected => "not_protected",
            AccessLevel::RefProtected => "ref_protected",
        }
    }
}

/// Where a new runner lives.
#[derive(Debug, Clone, Args)]
#[group(multiple = false)]
pub struct RunnerScope {
    /// A group runner: the group's full path (`team/sub`) or numeric id
    #[arg(short = 'g', long, value_name = "GROUP")]
    pub group: Option<String>,

    /// A project runner: the project's full path (`team/app`) or numeric id
    #[arg(short = 'p', long, value_name = "PROJECT")]
    pub project: Option<String>,

    /// An instance runner (administrators only)
    #[arg(long)]
    pub instance: bool,
}

/// The runner's own settings, as `create` and `update` take them.
#[derive(Debug, Clone, Default, Args)]
pub struct RunnerSettingsArgs {
    /// A description shown in GitLab
    #[arg(long)]
    pub description: Option<String>,

    /// A tag; repeat for several
    #[arg(long = "tag", value_name = "TAG", action = ArgAction::Append)]
    pub tag: Vec<String>,

    /// Tags as one comma-separated list
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    pub tags: Vec<String>,

    /// Take jobs without tags (GitLab's default)
    #[arg(long, conflicts_with = "no_run_untagged")]
    pub run_untagged: bool,

    /// Take only jobs whose tags it has (needs at least one tag)
    #[arg(long)]
    pub no_run_untagged: bool,

    /// Lock the runner to its current projects
    #[arg(long)]
    pub locked: bool,

    /// Create the runner paused: it takes no new jobs
    #[arg(long)]
    pub paused: bool,

    /// Which refs' jobs the runner takes
    #[arg(long, value_enum)]
    pub access_level: Option<AccessLevel>,

    /// The longest a job may run on this runner, in seconds (at least 600)
    #[arg(long, value_name = "SECONDS")]
    pub maximum_timeout: Option<u32>,

    /// A note for other administrators
    #[arg(long, value_name = "TEXT")]
    pub maintenance_note: Option<String>,
}

impl RunnerSettingsArgs {
    /// `--tag` and `--tags` together, trimmed, empty ones dropped, first occurrence kept.
    pub fn all_tags(&self) -> Vec<String> {
        let mut tags: Vec<String> = Vec::new();
        for tag in self.tag.iter().chain(&self.tags) {
            let tag = tag.trim();
            if !tag.is_empty() && !tags.iter().any(|known| known == tag) {
                tags.push(tag.to_string());
            }
        }
        tags
    }

    pub fn run_untagged(&self) -> Option<bool> {
        match (self.run_untagged, self.no_run_untagged) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub scope: RunnerScope,

    #[command(flatten)]
    pub settings: RunnerSettingsArgs,

    /// Where to write the token if the secret store fails [default: ./runnerctl-runner-<id>.token]
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Also register the new runner on this machine, taking every `register` flag
    #[arg(long)]
    pub register: bool,

    #[command(flatten)]
    pub entry: RegisterArgs,
}

/// `register`: where the token comes from, and the entry to write.
#[derive(Debug, Clone, Args)]
pub struct RegisterCommandArgs {
    /// The runner whose token the secret store holds (kept there by `runnerctl create`)
    #[arg(long, value_name = "ID", conflicts_with = "token_stdin")]
    pub runner: Option<u64>,

    /// Read the runner token from standard input (as `runnerctl token show ID` prints it)
    #[arg(long)]
    pub token_stdin: bool,

    #[command(flatten)]
    pub entry: RegisterArgs,
}

/// The `[[runners]]` entry `register` writes; shared by `register` and `create --register`.
#[derive(Debug, Clone, Default, Args)]
pub struct RegisterArgs {
    /// The entry's name [default: this machine's hostname; never overwrites an existing name]
    #[arg(long)]
    pub name: Option<String>,

    /// The executor (an existing entry keeps its own when omitted)
    #[arg(long, value_parser = executor_parser())]
    pub executor: Option<Executor>,

    /// The job image; required for docker, docker-autoscaler and docker+machine
    #[arg(long, value_name = "IMAGE")]
    pub docker_image: Option<String>,

    /// The namespace the kubernetes executor runs jobs in
    #[arg(long, value_name = "NAMESPACE")]
    pub kubernetes_namespace: Option<String>,

    /// The kubernetes executor's default job image
    #[arg(long, value_name = "IMAGE")]
    pub kubernetes_image: Option<String>,

    /// The fleeting plugin of docker-autoscaler and instance (required for them), e.g. aws:latest
    #[arg(long, value_name = "PLUGIN")]
    pub autoscaler_plugin: Option<String>,

    /// Jobs one instance runs at once [default for a new table: 1]
    #[arg(long, value_name = "N")]
    pub autoscaler_capacity_per_instance: Option<u32>,

    /// The most instances at once [default for a new table: 10]
    #[arg(long, value_name = "N")]
    pub autoscaler_max_instances: Option<u32>,

    /// Jobs an instance runs before it is removed [default for a new table: 1]
    #[arg(long, value_name = "N")]
    pub autoscaler_max_use_count: Option<u32>,

    /// Idle instances kept warm [default for a new policy: 0]
    #[arg(long, value_name = "N")]
    pub autoscaler_idle_count: Option<u32>,

    /// How long an idle instance is kept, as a duration such as 20m [default for a new policy: 20m]
    #[arg(long, value_name = "DURATION")]
    pub autoscaler_idle_time: Option<String>,

    /// A config.toml with one [[runners]] entry whose keys fill what the flags leave empty
    #[arg(long, value_name = "PATH")]
    pub template_config: Option<PathBuf>,

    /// Do not call POST /runners/verify (the entry then gets no id and no token expiry)
    #[arg(long)]
    pub no_verify: bool,
}

impl RegisterArgs {
    /// The first entry flag given, for `create` to say that it needs `--register`.
    pub fn first_given(&self) -> Option<&'static str> {
        [
            (self.name.is_some(), "--name"),
            (self.executor.is_some(), "--executor"),
            (self.docker_image.is_some(), "--docker-image"),
            (
                self.kubernetes_namespace.is_some(),
                "--kubernetes-namespace",
            ),
            (self.kubernetes_image.is_some(), "--kubernetes-image"),
            (self.autoscaler_plugin.is_some(), "--autoscaler-plugin"),
            (
                self.autoscaler_capacity_per_instance.is_some(),
                "--autoscaler-capacity-per-instance",
            ),
            (
                self.autoscaler_max_instances.is_some(),
                "--autoscaler-max-instances",
            ),
            (
                self.autoscaler_max_use_count.is_some(),
                "--autoscaler-max-use-count",
            ),
            (
                self.autoscaler_idle_count.is_some(),
                "--autoscaler-idle-count",
            ),
            (
                self.autoscaler_idle_time.is_some(),
                "--autoscaler-idle-time",
            ),
            (self.template_config.is_some(), "--template-config"),
            (self.no_verify, "--no-verify"),
        ]
        .into_iter()
        .find_map(|(given, flag)| given.then_some(flag))
    }
}

fn executor_parser() -> impl clap::builder::TypedValueParser<Value = Executor> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Executor::ALL.map(Executor::name))
        .try_map(|name| name.parse::<Executor>())
}

/// `unregister`: which entries.
#[derive(Debug, Clone, Args)]
#[group(skip)]
#[command(group = clap::ArgGroup::new("selection").required(true).multiple(false))]
pub struct UnregisterArgs {
    /// The entry with this name (refused when several entries share it: use --runner)
    #[arg(long, group = "selection")]
    pub name: Option<String>,

    /// The entry of this runner id
    #[arg(long, value_name = "ID", group = "selection")]
    pub runner: Option<u64>,

    /// Every entry in config.toml
    #[arg(long, group = "selection")]
    pub all: bool,

    /// Also delete the runner itself in GitLab and its stored token
    #[arg(long)]
    pub delete_runner: bool,

    /// With --delete-runner: delete even while another machine's manager of the runner is online
    #[arg(long, requires = "delete_runner")]
    pub force: bool,
}
