//! Every command, flag and help text: the single source for `--help`, the man pages and the
//! shell completions.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

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
        runnerctl token show 42\n\n\
        Environment:\n  \
        GITLAB_URL, GITLAB_HOST   the GitLab instance (else the URL saved by `auth login`)\n  \
        GITLAB_TOKEN              the API token (else the token saved for that URL)\n  \
        CONFIG_FILE               gitlab-runner's config.toml\n  \
        RUNNERCTL_KEYRING         os (default), file:PATH or none\n  \
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
        runnerctl create --instance --paused --maximum-timeout 3600\n\n\
        The runner's token is shown by GitLab only once. runnerctl keeps it in the secret store \
        (RUNNERCTL_KEYRING); if that fails, in a 0600 file (--token-file); if that fails too, it \
        prints it with a warning. The exit status is 0 in all three cases: the runner exists, \
        and running create again would make a second one.")]
    Create(CreateArgs),

    /// Work with stored runner tokens
    #[command(subcommand)]
    Token(TokenCommand),

    /// List runners from GitLab, and whether each is registered in the local config.toml
    #[command(after_help = "Examples:\n  \
        runnerctl list                         # the runners you own or manage\n  \
        runnerctl list -g team                 # team's runners, its subgroups' and projects'\n  \
        runnerctl list -p team/app             # the runners available to team/app\n  \
        runnerctl list --all --status never_contacted --format json\n  \
        runnerctl list -g team --tag gpu --status online\n\n\
        Filters are sent to GitLab. STATUS is the contact state: online (contacted within 2 \
        hours), offline, stale (no contact for 7 days) or never_contacted; use --paused or \
        --active for the paused flag.")]
    List(ListArgs),

    /// Explain never-contacted runners and stuck pending jobs
    #[command(after_help = "Examples:\n  \
        runnerctl doctor                          # this machine: config.toml, service, its runners\n  \
        runnerctl doctor -g team                  # every runner and pending job under team\n  \
        runnerctl doctor -p team/app --runner 42\n  \
        runnerctl doctor --offline                # local checks only, no API\n  \
        runnerctl doctor -g team --format json | jq '.findings[] | select(.severity == \"error\")'\n\n\
        Local checks (config.toml, the service, stored tokens) run when config.toml exists at \
        the resolved path, when --config or CONFIG_FILE names one, or with --offline. Runner \
        findings cover the runners of the config entries, of --runner, of the groups and their \
        subgroups and of the projects; instance runners only count when matching jobs. Job \
        findings cover the pending jobs of the projects and of every project under the groups.\n\n\
        The exit status is 1 when any finding is an error, 0 otherwise. Doctor only reads, \
        except with --verify-tokens.")]
    Doctor(DoctorArgs),

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
}

/// `list`'s contact-state filter, as GitLab names the states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum ListStatus {
    Online,
    Offline,
    Stale,
    NeverContacted,
}

#[derive(Debug, Clone, Args)]
#[group(id = "list_scope", multiple = false)]
pub struct ListScope {
    /// The runners of the group, its subgroups and their projects (full path)
    #[arg(short = 'g', long, value_name = "GROUP")]
    pub group: Option<String>,

    /// The runners available to the project: its own, its groups', instance runners it may use
    #[arg(short = 'p', long, value_name = "PROJECT")]
    pub project: Option<String>,

    /// Every runner of the instance (administrators only)
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub scope: ListScope,

    /// Only runners in this contact state
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Option<ListStatus>,

    /// Only runners that have this tag; repeat to require several
    #[arg(long = "tag", value_name = "TAG", action = ArgAction::Append)]
    pub tag: Vec<String>,

    /// Only paused runners
    #[arg(long, conflicts_with = "active")]
    pub paused: bool,

    /// Only runners that are not paused
    #[arg(long)]
    pub active: bool,
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Check the runners and pending jobs of this group and its subgroups (full path); repeatable
    #[arg(short = 'g', long = "group", value_name = "GROUP", action = ArgAction::Append)]
    pub groups: Vec<String>,

    /// Check the runners and pending jobs of this project (full path); repeatable
    #[arg(short = 'p', long = "project", value_name = "PROJECT", action = ArgAction::Append)]
    pub projects: Vec<String>,

    /// Also check this runner, whatever its type; repeatable
    #[arg(long = "runner", value_name = "ID", action = ArgAction::Append)]
    pub runners: Vec<u64>,

    /// Only the local checks: config.toml, the service and the secret store; no API request
    #[arg(long, conflicts_with = "verify_tokens")]
    pub offline: bool,

    /// Also check each config.toml token with POST /runners/verify, sending this machine's
    /// system id. This is not read-only: GitLab records a contact (a never-contacted runner
    /// then looks contacted) and creates a runner manager for this machine
    #[arg(long)]
    pub verify_tokens: bool,
}
