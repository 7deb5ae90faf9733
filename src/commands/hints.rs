//! The one catalogue of runnerctl-specific advice: the modules below the commands return
//! errors that carry their values (`Unauthorized { url }`); this turns them into the next step,
//! naming runnerctl's commands and flags, printed as `hint:` lines and in the JSON error's
//! `"hints"`.

use crate::error::add_hint;
use crate::gitlab::{ApiError, NetworkCause, RedirectRefusal, TlsFailure};
use crate::runner_config::{ConfigError, InvalidSpec};
use crate::service::{GITEA_RUNNER_UNITS, ServiceError};

/// What to do when the token handed over on stdout is lost (see `output::write_stdout`).
pub(crate) const LOST_TOKEN: &str = "reset it with `runnerctl rotate ID`";

/// `error` with the advice for every error of its chain that the catalogue knows.
pub(crate) fn attach(error: anyhow::Error) -> anyhow::Error {
    hints_for(&error).into_iter().fold(error, add_hint)
}

/// The advice for each error of the chain, outermost first.
pub(crate) fn hints_for(error: &anyhow::Error) -> Vec<String> {
    let mut hints = Vec::new();
    for cause in error.chain() {
        if let Some(api) = cause.downcast_ref::<ApiError>() {
            hints.extend(api_hints(api));
        } else if let Some(gitea) = cause.downcast_ref::<crate::gitea::GiteaError>() {
            hints.extend(gitea::gitea_hints(gitea));
        } else if let Some(semaphore) = cause.downcast_ref::<crate::semaphore::SemaphoreError>() {
            hints.extend(semaphore::semaphore_hints(semaphore));
        } else if let Some(config) = cause.downcast_ref::<ConfigError>() {
            hints.extend(config_hint(config));
        } else if let Some(InvalidSpec::IdleTimeNotADuration(_)) = cause.downcast_ref() {
            hints.push("give --autoscaler-idle-time a duration such as 20m or 1h30m".to_string());
        } else if let Some(ServiceError::NeedsRoot { action }) = cause.downcast_ref() {
            hints.push(format!("run `sudo runnerctl {action}`"));
        } else if let Some(hint) = gitea::host_hint(cause) {
            hints.push(hint);
        }
    }
    hints
}

fn api_hints(error: &ApiError) -> Vec<String> {
    let auth_login = |url: &str| format!("`runnerctl auth login --url {url}`");
    match error {
        ApiError::Unauthorized { url } => {
            vec![format!("check GITLAB_TOKEN, or run {}", auth_login(url))]
        }
        ApiError::MissingToken { url } => {
            vec![format!("set GITLAB_TOKEN, or run {}", auth_login(url))]
        }
        ApiError::Forbidden {
            needed_scope: Some(scope),
            ..
        } if scope == crate::gitlab::ADMIN_MODE_SCOPE => vec![
            "create a token with the scopes api and admin_mode and save it with \
             `runnerctl auth login` (or set GITLAB_TOKEN)"
                .to_string(),
        ],
        ApiError::Network {
            cause: NetworkCause::Timeout,
            ..
        } => vec!["raise --timeout if GitLab needs longer to answer".to_string()],
        ApiError::QueryTimedOut { .. } => vec![
            "ask about a smaller scope (a subgroup with -g, or one project with -p)".to_string(),
        ],
        ApiError::Network {
            cause: NetworkCause::Tls,
            ..
        } => match error.tls_failure() {
            Some(TlsFailure::CaAsServerCertificate) => vec![
                "if you trust it, save that very certificate to a file and pass --ca-file FILE \
                 (or set SSL_CERT_FILE)"
                    .to_string(),
            ],
            Some(TlsFailure::Other) => vec![
                "if GitLab uses a private CA, pass --ca-file or set SSL_CERT_FILE; check that \
                 the URL's scheme (http/https) is right"
                    .to_string(),
            ],
            Some(TlsFailure::RefusedWithCaFile) | None => Vec::new(),
        },
        ApiError::Redirect { refusal, .. } => match refusal {
            RedirectRefusal::OtherOrigin { new_url } => vec![format!(
                "if GitLab moved, use its new address: --url {new_url} (or GITLAB_URL); \
                 otherwise check the proxy in front of GitLab"
            )],
            RedirectRefusal::WouldBecomeGet => {
                vec!["check the URL (--url) and the proxy in front of GitLab".to_string()]
            }
            RedirectRefusal::TooMany { .. } | RedirectRefusal::Unreadable => Vec::new(),
        },
        ApiError::NotGitlab { base_hint, .. } => {
            let mut hints = vec![
                "check the GitLab URL (--url, GITLAB_URL, or the URL saved by `runnerctl auth \
                 login`); it is the address of GitLab's web interface, such as \
                 https://gitlab.example.com"
                    .to_string(),
            ];
            if let Some(base) = base_hint {
                hints.push(format!("drop the /api/v4: --url {base}"));
            }
            hints
        }
        _ => Vec::new(),
    }
}

fn config_hint(error: &ConfigError) -> Option<String> {
    match error {
        ConfigError::OtherOwner { fix, .. } => Some(format!(
            "{}, or pass --allow-other-owner if this is intended",
            lowercase_first(fix)
        )),
        ConfigError::LockTimeout { .. } => {
            Some("wait for it to finish, or raise --lock-timeout".to_string())
        }
        ConfigError::NoExecutor { .. } => Some("pass --executor".to_string()),
        _ => None,
    }
}

/// A running Gitea/Forgejo runner holds its `.runner`'s lock: stop its service (the unit
/// installed here, else Gitea Runner's own name), change the file, start it again.
fn runner_in_use_hint() -> String {
    let unit = crate::service::first_installed_unit(&GITEA_RUNNER_UNITS)
        .ok()
        .flatten()
        .unwrap_or(GITEA_RUNNER_UNITS[0]);
    format!(
        "stop the runner first (`sudo runnerctl stop`, or `systemctl stop {unit}`), run the \
         command again, then start it (`sudo runnerctl start`)"
    )
}

/// "Run as its owner" as the start of a hint.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

mod gitea;
mod semaphore;

#[cfg(test)]
mod tests;
