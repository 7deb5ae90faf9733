//! Every command, flag and help text: the single source for `--help`, the man pages and the
//! shell completions.

use std::path::PathBuf;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

use crate::forge_kind::ForgeKind;
use crate::runner_config::{Executor, GoDuration};

mod man;

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
        runnerctl status\n  \
        runnerctl doctor -g my-group\n  \
        runnerctl prune --never-contacted --older-than 1d -g my-group --dry-run\n  \
        GITEA_URL=https://gitea.example.com runnerctl create -g my-org --name build-01 --label ubuntu-latest\n\n\
        Environment:\n  \
        GITLAB_URL, GITLAB_HOST    the GitLab instance (else the URL saved by `auth login`)\n  \
        GITLAB_TOKEN               the API token (else the token saved for that URL)\n  \
        GITEA_URL, GITEA_TOKEN     a Gitea (or Forgejo) instance and its API token\n  \
        FORGEJO_URL, FORGEJO_TOKEN a Forgejo instance and its API token (else GITEA_TOKEN)\n  \
        RUNNERCTL_FORGE            gitlab, gitea, forgejo or semaphore (as --forge)\n  \
        CONFIG_FILE                gitlab-runner's config.toml (as --config)\n  \
        SSL_CERT_FILE              CA certificates to trust (as --ca-file)\n  \
        RUNNERCTL_KEYRING          os (default), file:PATH or none\n  \
        RUNNERCTL_SERVICE_MANAGER  systemd or gitlab-runner (else detected)\n  \
        NO_COLOR                   no colour"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// The heading of the options every command takes, in each command's help and man page.
const GLOBAL_OPTIONS: &str = "Global Options";

// The headings of the commands' own flags. A flag names its heading itself (`help_heading`):
// `next_help_heading` on a flattened group would stick to every flag declared after it.
const SCOPE: &str = "Scope";
const RUNNER_SETTINGS: &str = "Runner Settings";
const TOKEN: &str = "Token";
const FILTERS: &str = "Filters";
const SELECTION: &str = "Selection";
const ENTRY: &str = "Entry Options";
const CREATE_REGISTER: &str = "Register Options (need --register)";

/// The options every command takes. `--config` and `--ca-file` name their variables in the
/// help but read them in [`GlobalArgs::config_path`] and [`GlobalArgs::ca_file_path`], not
/// through clap's `env`: a value clap fills from the environment makes the option look required
/// in every usage line (`--config <PATH>` instead of `[--config <PATH>]`).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = GLOBAL_OPTIONS)]
pub struct GlobalArgs {
    /// The forge's URL [default: env GITLAB_URL, then GITLAB_HOST (GITEA_URL, FORGEJO_URL,
    /// SEMAPHORE_URL for those forges), then the URL saved by `auth login`]
    #[arg(long, global = true, value_name = "URL")]
    pub url: Option<String>,

    /// Output format: human text, or exactly one JSON document on stdout (errors too)
    #[arg(long, short = 'F', global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Print a line on stderr for each HTTP request (method, URL, status, time, retry) and each
    /// local action (file locked or written, service command run); never a token. Also
    /// RUNNERCTL_LOG=debug
    #[arg(long, short = 'v', global = true, conflicts_with = "quiet")]
    pub verbose: bool,

    /// Print only errors on stderr (and the warning that a token was printed); stdout is unchanged
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,

    /// Colour: auto (on a terminal, unless NO_COLOR is set), always, or never
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// gitlab-runner's config.toml [env: CONFIG_FILE] [default: /etc/gitlab-runner/config.toml
    /// for root, ~/.gitlab-runner/config.toml otherwise]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Never prompt; a missing value is a usage error naming its flag
    #[arg(long, global = true)]
    pub no_input: bool,

    // Accepted by every command, shown only in the help of those that ask (`confirm_flag`).
    /// Answer yes to confirmations
    #[arg(long, short = 'y', global = true, hide = true)]
    pub yes: bool,

    /// Request timeout in seconds (the connect timeout is 10 s)
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    /// A PEM file of CA certificates to trust for the GitLab URL (a self-signed server
    /// certificate listed in it is trusted as itself, as gitlab-runner and curl do)
    /// [env: SSL_CERT_FILE]
    #[arg(long, global = true, value_name = "PATH")]
    pub ca_file: Option<PathBuf>,

    /// The most API requests in flight at once
    #[arg(long, global = true, value_name = "N", default_value_t = 8,
          value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: u16,

    /// How long to wait for another process's lock on config.toml, in seconds
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 60,
          value_parser = clap::value_parser!(u64).range(0..=86400))]
    pub lock_timeout: u64,

    /// Edit a host file (config.toml) even when it, its symlink target or its directory is
    /// owned or writable by another user; new files beside it take config.toml's owner
    #[arg(long, global = true)]
    pub allow_other_owner: bool,

    /// The forge the URL is: gitlab, gitea, forgejo or semaphore [env: RUNNERCTL_FORGE]
    /// [default: the forge of the URL's variable (GITLAB_URL, GITEA_URL, FORGEJO_URL,
    /// SEMAPHORE_URL) or of the saved login, else asked of the server once]
    #[arg(long, global = true, value_name = "FORGE", value_parser = forge_parser())]
    pub forge: Option<ForgeKind>,

    /// Gitea/Forgejo: the runner's `.runner` file [default: ./.runner if it exists, else the
    /// `.runner` in the WorkingDirectory= of the runner's systemd unit]
    #[arg(long, global = true, value_name = "PATH")]
    pub runner_file: Option<PathBuf>,
}

fn forge_parser() -> impl clap::builder::TypedValueParser<Value = ForgeKind> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(ForgeKind::ALL.map(ForgeKind::as_str))
        .try_map(|name| name.parse::<ForgeKind>())
}

impl GlobalArgs {
    /// `--config`, else `CONFIG_FILE` (gitlab-runner's variable; empty counts as unset).
    pub fn config_path(&self) -> Option<PathBuf> {
        self.config.clone().or_else(|| path_from_env("CONFIG_FILE"))
    }

    /// `--forge`, else `RUNNERCTL_FORGE` (empty counts as unset; a word it does not know is a
    /// usage error naming the four).
    pub fn forge_choice(&self) -> Result<Option<ForgeKind>, crate::error::UsageError> {
        if self.forge.is_some() {
            return Ok(self.forge);
        }
        match std::env::var("RUNNERCTL_FORGE") {
            Ok(value) if !value.trim().is_empty() => value.trim().parse().map(Some).map_err(|_| {
                crate::error::UsageError::new(format!(
                    "RUNNERCTL_FORGE={value:?} is not a forge runnerctl knows: use gitlab, gitea, forgejo or semaphore"
                ))
            }),
            _ => Ok(None),
        }
    }

    /// `--ca-file`, else `SSL_CERT_FILE` (empty counts as unset).
    pub fn ca_file_path(&self) -> Option<PathBuf> {
        self.ca_file
            .clone()
            .or_else(|| path_from_env("SSL_CERT_FILE"))
    }
}

fn path_from_env(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}

/// `-y/--yes` as the commands that ask for a confirmation show it. The global `--yes` is
/// hidden; a command adding this visible copy of it (same id, so clap does not propagate the
/// hidden one there) shows it in its help, and its value still reaches [`GlobalArgs::yes`].
fn confirm_flag(help: &'static str) -> clap::Arg {
    clap::Arg::new("yes")
        .long("yes")
        .short('y')
        .action(ArgAction::SetTrue)
        .help(help)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
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

    /// Register a runner on this machine: verify its token, write its config.toml entry
    #[command(after_help = "Examples:\n  \
        sudo runnerctl register --runner 42 --executor docker --docker-image alpine:3\n  \
        sudo runnerctl register --runner 42 --executor shell --dry-run\n  \
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
        fails before any request is sent.\n\n\
        --dry-run prints the unified diff of config.toml the run would write, with each token \
        shown by its prefix only, and writes nothing. It sends nothing either: POST \
        /runners/verify records a contact and creates a runner manager, so a dry run skips it, \
        and a new entry's id and token_expires_at, which verifying fills in, are not in the \
        diff.")]
    Register(RegisterCommandArgs),

    /// List runners from GitLab, and whether each is registered in the local config.toml
    #[command(after_help = "Examples:\n  \
        runnerctl list                         # the runners you own or manage\n  \
        runnerctl list -g team                 # team's runners, its subgroups' and projects'\n  \
        runnerctl list -p team/app             # the runners available to team/app\n  \
        runnerctl list --all --status never_contacted --format json\n  \
        runnerctl list -g team --tag gpu --status online\n\n\
        Filters are sent to GitLab. STATUS is GitLab's own contact state: online (contacted \
        within 2 hours), offline, stale (no contact for 7 days) or never_contacted; use --paused \
        or --active for the paused flag. GitLab's status filter overlaps (its offline holds \
        stale runners, its never_contacted holds stale ones and misses runners that were only \
        verified), so runnerctl asks wider and keeps the runners GitLab reports in that state.")]
    List(ListArgs),

    /// Show this machine's config.toml entries, the service state and each runner's contact state
    #[command(after_help = "Examples:\n  \
        runnerctl status\n  \
        runnerctl status --format json\n\n\
        The service is found by the service rule: systemd when it runs, else gitlab-runner's own \
        service commands (RUNNERCTL_SERVICE_MANAGER=systemd|gitlab-runner overrides). Contact \
        states come from GitLab (GET /runners/:id) when an API token for the entry's URL is \
        available, else they are shown as unknown (null).")]
    Status,

    /// Pause a runner: it finishes the jobs it runs and takes no new ones
    #[command(after_help = "Examples:\n  \
        runnerctl pause 42\n  \
        runnerctl pause --name build-01          # the runner of that config.toml entry\n  \
        runnerctl pause 42 --format json\n\n\
        With --name, the runner id and GitLab URL come from the config.toml entry of that name.")]
    Pause(PauseArgs),

    /// Resume a paused runner: it takes jobs again
    #[command(after_help = "Examples:\n  \
        runnerctl resume 42\n  \
        runnerctl resume --name build-01")]
    Resume(PauseArgs),

    /// Change a runner's settings in GitLab: description, tags, timeout, protection
    #[command(
        mut_arg("paused", |arg| arg.help("Pause the runner (as `runnerctl pause ID` does)")),
        mut_arg("locked", |arg| arg.help("Lock the runner to its current projects")),
        after_help = "Examples:\n  \
        runnerctl update 42 --add-tag gpu                  # keep the other tags\n  \
        runnerctl update 42 --remove-tag old --add-tag new\n  \
        runnerctl update 42 --tags linux,amd64             # replace the whole set\n  \
        runnerctl update 42 --add-tag gpu --dry-run        # what would change, sending nothing\n  \
        runnerctl update 42 --tags ''                      # remove every tag\n  \
        runnerctl update --name build-01 --maximum-timeout 7200 --description 'build host 1'\n\n\
        Only the settings given change. --add-tag and --remove-tag read the runner's tags first \
        and keep the others. Values GitLab would refuse (--maximum-timeout under 600, \
        --no-run-untagged with no tags left) are refused before any change is sent. --dry-run \
        reads the runner (GET /runners/:id) and prints each setting that would change, from \
        what to what, and sends no PUT.")]
    Update(UpdateArgs),

    /// Reset a runner's token and write the new one to config.toml and the secret store
    #[command(after_help = "Examples:\n  \
        sudo runnerctl rotate 42\n  \
        sudo runnerctl rotate --name build-01\n  \
        sudo runnerctl rotate 42 --dry-run\n  \
        runnerctl rotate 42 --force          # from an admin workstation: updates the secret store only\n\n\
        The old token stops working at once. Every [[runners]] entry of this config.toml for the \
        runner gets the new token (gitlab-runner re-reads the file within seconds), and so does \
        the secret store. Other hosts using the same runner (other runner managers) would start \
        failing, so rotate refuses while any of them is online unless --force is given; register \
        them again afterwards with `runnerctl token show ID | ssh HOST sudo runnerctl register \
        --token-stdin`.\n\n\
        If config.toml cannot be written after GitLab issued the new token, the token is kept in \
        the secret store and in a 0600 file, and the error says how to finish \
        (`runnerctl register --runner ID`).\n\n\
        --dry-run reads config.toml and the runner's managers, refuses what the rotation would \
        refuse, and prints where the new token would go; it resets nothing.")]
    Rotate(RotateArgs),

    /// Remove config.toml entries and this machine's runner managers in GitLab
    #[command(after_help = "Examples:\n  \
        sudo runnerctl unregister --name build-01\n  \
        sudo runnerctl unregister --runner 42 --delete-runner --dry-run\n  \
        sudo runnerctl unregister --runner 42 --delete-runner --yes\n  \
        sudo runnerctl unregister --all\n\n\
        For each entry, GitLab forgets this machine's runner manager (DELETE /runners/managers \
        with the entry's token and this machine's system id; a legacy token: DELETE /runners), \
        then the entry is removed. If GitLab answers 403 (the token is already invalid) or 404 \
        (no such manager) the entry is still removed; on a network error it is kept and the \
        exit status is 1. --delete-runner deletes the runner itself and its stored token; it \
        needs an API token to check the runner's other managers, and refuses while one is \
        online unless --force. It asks first on a terminal; without one, pass --yes. \
        --dry-run prints each entry's plan and changes nothing; an entry the run would keep is \
        reported as failed, with the reason, as the run would report it.\n\n\
        Some GitLab versions count DELETE /runners/managers as a contact of the runner: after \
        its last host unregisters, the runner reads online for up to 2 hours although nothing \
        runs it. Its runner managers tell which hosts still use it; runnerctl's checks for \
        other online hosts look at those, not at the runner's own state.",
        arg = confirm_flag("Delete without asking (--delete-runner asks on a terminal; without one, it needs --yes)"))]
    Unregister(UnregisterArgs),

    /// Delete runners that never came up or died, with their config.toml entries and tokens
    #[command(after_help = "Examples:\n  \
        runnerctl prune --never-contacted --older-than 1d --all --dry-run\n  \
        runnerctl prune --stale -g my-group --yes\n  \
        runnerctl prune --never-contacted --stale --older-than 2w -p team/app\n\n\
        A selector (--never-contacted, --stale) and a scope (-g, -p, --all) are required. An \
        online runner is never deleted: one that reads online only because its last host \
        unregistered within 2 hours (GitLab versions that count that as a contact) is listed \
        as skipped, with when to run prune again. On a terminal the plan is shown and \
        confirmed once; without one, pass --yes.",
        arg = confirm_flag("Delete without asking (needed without a terminal)"))]
    Prune(PruneArgs),

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
        The exit status is 1 when any finding is an error (a -g, -p or --runner that GitLab \
        does not find is one: gitlab.scope_not_found), 2 when there is nothing to check (no \
        local checks and no -g, -p or --runner) or a scope but no API token and no local \
        checks, 0 otherwise. The closing line says what was not checked (the API, with \
        --offline or without a token). Doctor only reads, except with --verify-tokens.")]
    Doctor(DoctorArgs),

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

    /// Work with stored runner tokens
    #[command(subcommand)]
    Token(TokenCommand),

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
    /// Check an API token and save it for this URL, with the forge it is
    #[command(after_help = "Examples:\n  \
        runnerctl auth login --url https://gitlab.example.com --token-stdin < token.txt\n  \
        GITLAB_TOKEN=glpat-... runnerctl auth login --url https://gitlab.example.com\n  \
        runnerctl auth login --url https://git.example.com --token-stdin < gitea-token.txt\n\n\
        A URL with no forge known (no --forge, no GITEA_URL or FORGEJO_URL) is asked once whether \
        it is Forgejo, Gitea, GitLab or Semaphore, and the answer is saved with the login. \
        The token needs the `api` scope, or `create_runner` and `manage_runner` with `read_api`; \
        login warns which commands a token with fewer cannot run. On a terminal the prompt shows \
        GitLab's page for a new token with the name and these scopes filled in. \
        It is saved in the secret store and only ever sent to this URL.")]
    Login {
        /// Read the token from standard input, at most 16 KiB (else GITLAB_TOKEN, else a prompt
        /// on a terminal)
        #[arg(long)]
        token_stdin: bool,
    },
    /// Show the user, scopes and expiry of the token in use
    #[command(after_help = "Examples:\n  \
        runnerctl auth status\n  \
        runnerctl auth status --format json\n  \
        runnerctl auth status --all")]
    Status {
        /// Every saved login instead: each GitLab URL with the user, scopes and expiry of the
        /// token saved for it (each token is sent only to its own URL)
        #[arg(long)]
        all: bool,
    },
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
    /// List the runners whose tokens the secret store holds (never a token)
    #[command(
        after_help = "Examples:\n  runnerctl token list\n  runnerctl token list --format json"
    )]
    List,
}

/// GitLab's own words (`not_protected`), with the kebab-case spelling accepted too (contract
/// row "values").
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum AccessLevel {
    #[value(alias = "not-protected")]
    NotProtected,
    #[value(alias = "ref-protected")]
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
    #[arg(short = 'g', long, help_heading = SCOPE, value_name = "GROUP", value_parser = scope_path)]
    pub group: Option<String>,

    /// A project runner: the project's full path (`team/app`) or numeric id
    #[arg(short = 'p', long, help_heading = SCOPE, value_name = "PROJECT", value_parser = scope_path)]
    pub project: Option<String>,

    /// An instance runner (administrators only)
    #[arg(long, help_heading = SCOPE)]
    pub instance: bool,

    /// Gitea/Forgejo: a runner of the API token's own user
    #[arg(long, help_heading = SCOPE)]
    pub user: bool,
}

/// Tag values as GitLab stores them: each value split at commas, trimmed, empty ones dropped,
/// first occurrence kept. GitLab reads a `tag_list` string as a comma-separated list
/// (lib/api/validations/types/comma_separated_to_array.rb), so `--tag 'a,b'` is two tags there;
/// splitting here too makes what runnerctl checks and shows match what GitLab keeps.
pub fn split_tags<'a>(values: impl IntoIterator<Item = &'a String>) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    for tag in values.into_iter().flat_map(|value| value.split(',')) {
        let tag = tag.trim();
        if !tag.is_empty() && !tags.iter().any(|known| known == tag) {
            tags.push(tag.to_string());
        }
    }
    tags
}

/// A group or project as `-g`/`-p` take it: a numeric id or a full path (`team/sub/app`). A
/// path with an empty, `.` or `..` segment names nothing in GitLab, and sent URL-encoded in a
/// request path it could be read as a relative path by a proxy: refused before any request.
fn scope_path(text: &str) -> Result<String, String> {
    if text
        .split('/')
        .any(|segment| segment.is_empty() || segment == "." || segment == "..")
    {
        return Err(format!(
            "'{text}' is not a group or project path: give its full path (such as team/app) or its numeric id"
        ));
    }
    Ok(text.to_string())
}

/// The runner's own settings, as `create` and `update` take them.
#[derive(Debug, Clone, Default, Args)]
pub struct RunnerSettingsArgs {
    /// A description shown in GitLab
    #[arg(long, help_heading = RUNNER_SETTINGS)]
    pub description: Option<String>,

    /// A tag; repeat for several
    #[arg(long = "tag", help_heading = RUNNER_SETTINGS, value_name = "TAG", action = ArgAction::Append)]
    pub tag: Vec<String>,

    /// Tags as one comma-separated list
    #[arg(long, help_heading = RUNNER_SETTINGS, value_name = "A,B", value_delimiter = ',')]
    pub tags: Vec<String>,

    /// Gitea/Forgejo: a label, NAME[:SCHEME[:ARG]] (ubuntu-latest:docker://node:20); repeat
    /// for several. Only NAME is matched against a job's runs-on. --tag is the same
    #[arg(long = "label", help_heading = RUNNER_SETTINGS, value_name = "LABEL", action = ArgAction::Append)]
    pub label: Vec<String>,

    /// Gitea/Forgejo: labels as one comma-separated list (--tags is the same)
    #[arg(long, help_heading = RUNNER_SETTINGS, value_name = "A,B", value_delimiter = ',')]
    pub labels: Vec<String>,

    /// Gitea: a runner that takes one job, after which the server deletes it
    #[arg(long, help_heading = RUNNER_SETTINGS)]
    pub ephemeral: bool,

    /// Semaphore: the most tasks the runner runs at once (0: no limit)
    #[arg(long, help_heading = RUNNER_SETTINGS, value_name = "N")]
    pub max_parallel_tasks: Option<u32>,

    /// Semaphore: a URL the server calls when it gives the runner a task (to start a one-off
    /// runner); `update --webhook ''` removes it
    #[arg(long, help_heading = RUNNER_SETTINGS, value_name = "URL")]
    pub webhook: Option<String>,

    /// Take jobs without tags (GitLab's default)
    #[arg(long, help_heading = RUNNER_SETTINGS, conflicts_with = "no_run_untagged")]
    pub run_untagged: bool,

    /// Take only jobs whose tags it has (needs at least one tag)
    #[arg(long, help_heading = RUNNER_SETTINGS)]
    pub no_run_untagged: bool,

    /// Lock the runner to its current projects
    #[arg(long, help_heading = RUNNER_SETTINGS)]
    pub locked: bool,

    /// Create the runner paused: it takes no new jobs (Semaphore: created inactive)
    #[arg(long, help_heading = RUNNER_SETTINGS)]
    pub paused: bool,

    /// Which refs' jobs the runner takes
    #[arg(long, help_heading = RUNNER_SETTINGS, value_enum)]
    pub access_level: Option<AccessLevel>,

    /// The longest a job may run on this runner, in seconds (at least 600)
    #[arg(long, help_heading = RUNNER_SETTINGS, value_name = "SECONDS")]
    pub maximum_timeout: Option<u32>,

    /// A note for other administrators
    #[arg(long, help_heading = RUNNER_SETTINGS, value_name = "TEXT")]
    pub maintenance_note: Option<String>,
}

impl RunnerSettingsArgs {
    /// `--tag` and `--tags` together, split at commas, trimmed, empty ones dropped, first
    /// occurrence kept.
    pub fn all_tags(&self) -> Vec<String> {
        split_tags(
            self.tag
                .iter()
                .chain(&self.tags)
                .chain(&self.label)
                .chain(&self.labels),
        )
    }

    /// Whether any tag or label flag was given (`--tags ''` counts: it empties the set).
    pub fn tags_given(&self) -> bool {
        !(self.tag.is_empty()
            && self.tags.is_empty()
            && self.label.is_empty()
            && self.labels.is_empty())
    }

    /// The limits GitLab checks itself (app/models/ci/runner.rb), checked before any request
    /// so that the flag is named and, for `create`, no runner is half made.
    pub fn check_limits(&self) -> Result<(), crate::error::UsageError> {
        if let Some(timeout) = self.maximum_timeout
            && timeout < 600
        {
            return Err(crate::error::UsageError::new(format!(
                "--maximum-timeout {timeout} is too short: GitLab requires at least 600 seconds"
            )));
        }
        if let Some(note) = &self.maintenance_note
            && note.chars().count() > 1024
        {
            return Err(crate::error::UsageError::new(
                "--maintenance-note is longer than GitLab's 1024 characters",
            ));
        }
        Ok(())
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
    #[arg(long, value_name = "PATH", help_heading = TOKEN)]
    pub token_file: Option<PathBuf>,

    /// Also register the new runner on this machine, taking every `register` flag
    #[arg(long, help_heading = CREATE_REGISTER)]
    pub register: bool,

    // Last: the heading sticks to what follows (register's entry flags, shared with `register`,
    // take the heading of the command they are in).
    #[command(flatten, next_help_heading = CREATE_REGISTER)]
    pub entry: RegisterArgs,
}

/// `register`: where the token comes from, and the entry to write.
#[derive(Debug, Clone, Args)]
pub struct RegisterCommandArgs {
    /// The runner whose token the secret store holds (kept there by `runnerctl create`)
    #[arg(long, value_name = "ID", conflicts_with_all = ["token_stdin", "credentials_stdin"], help_heading = TOKEN)]
    pub runner: Option<u64>,

    /// Read the runner token from standard input, at most 16 KiB (as `runnerctl token show ID`
    /// prints it). Gitea/Forgejo: a registration token, and register registers the runner
    #[arg(long, help_heading = TOKEN, conflicts_with = "credentials_stdin")]
    pub token_stdin: bool,

    /// Gitea/Forgejo: read the runner's credentials from standard input, as
    /// `runnerctl token show ID --format json` prints them on another host
    #[arg(long, help_heading = TOKEN)]
    pub credentials_stdin: bool,

    /// Gitea/Forgejo with --token-stdin: a label of the runner registered, NAME[:SCHEME[:ARG]];
    /// repeat for several (--tag is the same)
    #[arg(long = "label", visible_alias = "tag", value_name = "LABEL", action = ArgAction::Append, requires = "token_stdin")]
    pub label: Vec<String>,

    /// Gitea/Forgejo with --token-stdin: labels as one comma-separated list (--tags is the same)
    #[arg(
        long,
        visible_alias = "tags",
        value_name = "A,B",
        value_delimiter = ',',
        requires = "token_stdin"
    )]
    pub labels: Vec<String>,

    /// Gitea with --token-stdin: register an ephemeral runner (one job, then the server deletes it)
    #[arg(long, requires = "token_stdin")]
    pub ephemeral: bool,

    /// Gitea/Forgejo: check the credentials with the runner's Declare call, sending the labels
    /// the server lists for the runner. This records a contact, and the server shows runnerctl's
    /// version for the runner until the runner restarts
    #[arg(long)]
    pub verify: bool,

    /// Print the diff of config.toml the run would write (tokens by their prefix only) and
    /// write nothing; the token is not verified, since verifying records a contact in GitLab
    #[arg(long)]
    pub dry_run: bool,

    // Last: the heading sticks to what follows.
    #[command(flatten, next_help_heading = ENTRY)]
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
    #[arg(long, value_name = "DURATION", value_parser = str::parse::<GoDuration>)]
    pub autoscaler_idle_time: Option<GoDuration>,

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
    #[arg(long, group = "selection", help_heading = SELECTION)]
    pub name: Option<String>,

    /// The entry of this runner id
    #[arg(long, value_name = "ID", group = "selection", help_heading = SELECTION)]
    pub runner: Option<u64>,

    /// Every entry in config.toml
    #[arg(long, group = "selection", help_heading = SELECTION)]
    pub all: bool,

    /// Also delete the runner itself in GitLab and its stored token
    #[arg(long)]
    pub delete_runner: bool,

    /// With --delete-runner: delete even while another machine's manager of the runner is online
    #[arg(long, requires = "delete_runner")]
    pub force: bool,

    /// Show each entry's plan (the same checks, with --delete-runner the runner's other
    /// managers read); delete nothing in GitLab and leave config.toml as it is
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub scope: ForgeScopeArgs,
}

/// Which runner `pause`, `resume`, `update` and `rotate` act on.
#[derive(Debug, Clone, Args)]
#[group(id = "runner_target", required = true, multiple = false)]
pub struct RunnerTargetArgs {
    /// The runner's id in GitLab
    #[arg(value_name = "ID")]
    pub id: Option<u64>,

    /// The runner of the config.toml entry with this name (its `id` and `url`)
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub target: RunnerTargetArgs,

    #[command(flatten)]
    pub settings: RunnerSettingsArgs,

    /// Add a tag (Gitea/Forgejo: a label) and keep the others; repeat for several
    #[arg(long, alias = "add-label", value_name = "TAG", action = ArgAction::Append, conflicts_with_all = ["tag", "tags", "label", "labels"], help_heading = RUNNER_SETTINGS)]
    pub add_tag: Vec<String>,

    /// Remove a tag (Gitea/Forgejo: a label) and keep the others; repeat for several
    #[arg(long, alias = "remove-label", value_name = "TAG", action = ArgAction::Append, conflicts_with_all = ["tag", "tags", "label", "labels"], help_heading = RUNNER_SETTINGS)]
    pub remove_tag: Vec<String>,

    /// Semaphore: the runner's new name (a self-registered runner has none until given one)
    #[arg(long, value_name = "NAME", help_heading = RUNNER_SETTINGS)]
    pub rename: Option<String>,

    /// Read the runner and print which settings would change, from what to what; send no change
    #[arg(long)]
    pub dry_run: bool,

    #[command(flatten)]
    pub scope: ForgeScopeArgs,
}

/// Gitea/Forgejo: the scope whose routes reach a runner the secret store does not hold (their
/// routes are per scope); accepted by `pause`, `resume`, `update` and `unregister`.
#[derive(Debug, Clone, Default, Args)]
#[group(id = "forge_scope", multiple = false)]
pub struct ForgeScopeArgs {
    /// Gitea/Forgejo: the runner belongs to this organization
    #[arg(short = 'g', long = "group", value_name = "ORG", value_parser = scope_path, help_heading = SCOPE)]
    pub group: Option<String>,

    /// Gitea/Forgejo: the runner belongs to this repository (owner/repo)
    #[arg(short = 'p', long = "project", value_name = "OWNER/REPO", value_parser = scope_path, help_heading = SCOPE)]
    pub project: Option<String>,

    /// Gitea/Forgejo: use the instance's (administrator) route
    #[arg(long, help_heading = SCOPE)]
    pub instance: bool,

    /// Gitea/Forgejo: the runner belongs to the API token's own user
    #[arg(long, help_heading = SCOPE)]
    pub user: bool,
}

impl ForgeScopeArgs {
    pub fn given(&self) -> bool {
        self.group.is_some() || self.project.is_some() || self.instance || self.user
    }
}

/// `pause` and `resume`: the runner, and on Gitea/Forgejo its scope.
#[derive(Debug, Clone, Args)]
pub struct PauseArgs {
    #[command(flatten)]
    pub target: RunnerTargetArgs,

    #[command(flatten)]
    pub scope: ForgeScopeArgs,
}

#[derive(Debug, Clone, Args)]
pub struct RotateArgs {
    #[command(flatten)]
    pub target: RunnerTargetArgs,

    /// Rotate even while other hosts' managers of this runner are online (they fail until
    /// registered again with the new token)
    #[arg(long)]
    pub force: bool,

    /// Make the same checks and print the plan; reset nothing and write nothing
    #[arg(long)]
    pub dry_run: bool,
}

/// The committed files generated from this module: the shell completions in `completions/`
/// and the man pages in `man/` (one for runnerctl and one per subcommand), as paths relative
/// to the repository root. `tests/generated_docs.rs` compares them with the committed files
/// and rewrites them with `UPDATE_GENERATED=1`.
pub fn generated_files() -> Vec<(PathBuf, Vec<u8>)> {
    use clap::CommandFactory;
    use clap_complete::Generator;

    let mut files = Vec::new();
    let mut command = Cli::command();
    for shell in [
        clap_complete::Shell::Bash,
        clap_complete::Shell::Zsh,
        clap_complete::Shell::Fish,
        clap_complete::Shell::PowerShell,
        clap_complete::Shell::Elvish,
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut command, "runnerctl", &mut script);
        files.push((
            PathBuf::from("completions").join(shell.file_name("runnerctl")),
            script,
        ));
    }

    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let environment = man::environment(&command);
    man_pages(&command, true, &environment, &mut files);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// A page for `command` and, recursively, for each visible subcommand (`runnerctl-auth-login.1`).
fn man_pages(
    command: &clap::Command,
    is_root: bool,
    environment: &[String],
    files: &mut Vec<(PathBuf, Vec<u8>)>,
) {
    for sub in command.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        man_pages(sub, false, environment, files);
    }
    let name = clap_mangen::Man::new(command.clone()).get_filename();
    files.push((
        PathBuf::from("man").join(name),
        man::page(command, is_root, environment),
    ));
}

/// `list`'s contact-state filter, as GitLab names the states (kebab-case accepted too).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum ListStatus {
    Online,
    Offline,
    Stale,
    #[value(alias = "never-contacted")]
    NeverContacted,
}

#[derive(Debug, Clone, Args)]
#[group(id = "list_scope", multiple = false)]
pub struct ListScope {
    /// The runners of the group, its subgroups and their projects (full path)
    #[arg(short = 'g', long, value_name = "GROUP", value_parser = scope_path, help_heading = SCOPE)]
    pub group: Option<String>,

    /// The runners available to the project: its own, its groups', instance runners it may use
    #[arg(short = 'p', long, value_name = "PROJECT", value_parser = scope_path, help_heading = SCOPE)]
    pub project: Option<String>,

    /// Every runner of the instance (administrators only)
    #[arg(long, alias = "instance", help_heading = SCOPE)]
    pub all: bool,

    /// Gitea/Forgejo: the runners of the API token's own user (the default there)
    #[arg(long, help_heading = SCOPE)]
    pub user: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub scope: ListScope,

    /// Only runners in this contact state
    #[arg(long, value_enum, value_name = "STATUS", help_heading = FILTERS)]
    pub status: Option<ListStatus>,

    /// Only runners that have this tag; repeat to require several
    #[arg(long = "tag", value_name = "TAG", action = ArgAction::Append, help_heading = FILTERS)]
    pub tag: Vec<String>,

    /// Only paused runners
    #[arg(long, conflicts_with = "active", help_heading = FILTERS)]
    pub paused: bool,

    /// Only runners that are not paused
    #[arg(long, help_heading = FILTERS)]
    pub active: bool,

    /// Show at most N runners, the most recently created first as GitLab lists them (shown
    /// in id order); reading stops there, so a big fleet costs fewer requests
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub limit: Option<u64>,

    /// The table's columns, in this order, comma-separated (human output; JSON has every
    /// field; on a terminal the last column is cut to fit). Default:
    /// id,type,status,paused,here,tags,contacted,description
    #[arg(long, value_enum, value_delimiter = ',', value_name = "COLUMN,...")]
    pub columns: Vec<ListColumn>,
}

/// A column of `list`'s table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListColumn {
    /// The runner's id
    Id,
    /// instance, group or project
    Type,
    /// The contact state: online, offline, stale, never_contacted
    Status,
    /// yes or no
    Paused,
    /// Registered in this machine's config.toml: yes or no
    Here,
    /// The runner's tags
    Tags,
    /// The last contact, as a time ago ("5m ago") or "never"
    Contacted,
    /// The runner's description
    Description,
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Check the runners and pending jobs of this group and its subgroups (full path); repeatable
    #[arg(short = 'g', long = "group", value_name = "GROUP", value_parser = scope_path, action = ArgAction::Append, help_heading = SCOPE)]
    pub groups: Vec<String>,

    /// Check the runners and pending jobs of this project (full path); repeatable
    #[arg(short = 'p', long = "project", value_name = "PROJECT", value_parser = scope_path, action = ArgAction::Append, help_heading = SCOPE)]
    pub projects: Vec<String>,

    /// Also check this runner, whatever its type; repeatable
    #[arg(long = "runner", value_name = "ID", action = ArgAction::Append, help_heading = SCOPE)]
    pub runners: Vec<u64>,

    /// Gitea/Forgejo: check the instance's runners and waiting jobs (administrators)
    #[arg(long, help_heading = SCOPE)]
    pub instance: bool,

    /// Gitea/Forgejo: check the API token's own user's runners and waiting jobs
    #[arg(long, help_heading = SCOPE)]
    pub user: bool,

    /// Gitea/Forgejo: the runner's systemd unit [default: the first of gitea-runner,
    /// act_runner, forgejo-runner that is installed]
    #[arg(long, value_name = "NAME")]
    pub service_unit: Option<String>,

    /// Read this log instead of the runner service's journal: a file, or `docker:NAME` for
    /// `docker logs NAME` of a runner container. Its last 24 hours (5000 lines at most) are
    /// read within 5 seconds
    #[arg(long, value_name = "PATH|docker:NAME")]
    pub runner_log: Option<String>,

    /// Only the local checks: config.toml, the service and the secret store; no API request
    #[arg(long, conflicts_with = "verify_tokens")]
    pub offline: bool,

    /// Also check each config.toml token with POST /runners/verify, sending this machine's
    /// system id. This is not read-only: GitLab records a contact (a never-contacted runner
    /// then looks contacted) and creates a runner manager for this machine
    #[arg(long)]
    pub verify_tokens: bool,

    /// Show only findings of this severity or above (error > warning > info). The exit code
    /// and JSON's `checked` counts stay the same; human output says how many were left out
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = MinSeverity::Info)]
    pub severity: MinSeverity,

    /// Human output: list every pending job on its own, instead of one entry for the jobs of
    /// one cause (JSON always has one finding per job)
    #[arg(long)]
    pub ungrouped: bool,
}

/// `doctor --severity`: the lowest severity shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinSeverity {
    Error,
    Warning,
    Info,
}

/// The runners `prune` looks at.
#[derive(Debug, Clone, Args)]
#[group(required = false, multiple = false)]
pub struct PruneScope {
    /// The group's runners and those of its subgroups and their projects
    #[arg(short = 'g', long, value_name = "GROUP", value_parser = scope_path, help_heading = SCOPE)]
    pub group: Option<String>,

    /// The project's own runners (never instance or group runners it merely uses)
    #[arg(short = 'p', long, value_name = "PROJECT", value_parser = scope_path, help_heading = SCOPE)]
    pub project: Option<String>,

    /// Every runner of the instance (administrators only)
    #[arg(long, alias = "instance", help_heading = SCOPE)]
    pub all: bool,

    /// Gitea/Forgejo: the runners of the API token's own user
    #[arg(long, help_heading = SCOPE)]
    pub user: bool,
}

#[derive(Debug, Clone, Args)]
pub struct PruneArgs {
    /// Runners whose GitLab status is never_contacted, or stale with no contact ever,
    /// whatever their age (a runner that called within 2 hours is never deleted)
    #[arg(long, help_heading = SELECTION)]
    pub never_contacted: bool,

    /// Runners in GitLab's stale state (no contact for 7 days, or never contacted and
    /// created over 7 days ago)
    #[arg(long, help_heading = SELECTION)]
    pub stale: bool,

    /// Gitea/Forgejo: runners the server reports offline. Gitea's offline means not seen for
    /// one minute (its API keeps no last-seen time), so a runner restarting is offline too:
    /// read the plan, which prune always shows
    #[arg(long, help_heading = SELECTION)]
    pub offline: bool,

    /// Only runners whose last contact, or creation when they never made contact, is older
    /// than this: 90m, 12h, 30d, 2w
    #[arg(long, value_name = "DURATION", value_parser = crate::ops::prune::parse_age, help_heading = SELECTION)]
    pub older_than: Option<chrono::Duration>,

    #[command(flatten)]
    pub scope: PruneScope,

    /// Show the plan and change nothing
    #[arg(long)]
    pub dry_run: bool,
}
