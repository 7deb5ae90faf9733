//! runnerctl as a plain `std::process::Command`, set up as `World::runnerctl` sets it up, for
//! tests that spawn, feed and kill processes themselves.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// The variables `support::runnerctl_in` clears, so the machine's own settings never leak in.
const CLEARED: [&str; 13] = [
    "GITLAB_URL",
    "GITLAB_HOST",
    "GITLAB_TOKEN",
    "CONFIG_FILE",
    "RUNNERCTL_KEYRING",
    "SSL_CERT_FILE",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
    "ALL_PROXY",
    "XDG_CONFIG_HOME",
    "RUNNERCTL_SERVICE_MANAGER",
];

pub fn runnerctl_std(home: &Path, gitlab_url: &str, config: &Path, secrets: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_runnerctl"));
    for variable in CLEARED {
        command.env_remove(variable);
    }
    command
        .env("HOME", home)
        .env("NO_COLOR", "1")
        .env("GITLAB_URL", gitlab_url)
        .env("GITLAB_TOKEN", "glpat-admin-token")
        .env("RUNNERCTL_KEYRING", format!("file:{}", secrets.display()))
        .env("CONFIG_FILE", config)
        .current_dir(home);
    command
}
