//! The next step for each of Gitea's and Forgejo's errors.

use crate::gitea::GiteaError;
use crate::ops::gitea::credentials::CredentialsError;
use crate::runner_file::RunnerFileError;
use crate::transport::{NetworkCause, RedirectRefusal};

/// Gitea's and Forgejo's errors (`crate::gitea::GiteaError`), one next step each where there
/// is one.
pub(super) fn gitea_hints(error: &GiteaError) -> Vec<String> {
    let hint = |text: String| vec![text];
    match error {
        GiteaError::Unauthorized { url } | GiteaError::MissingToken { url } => hint(format!(
            "set GITEA_TOKEN (FORGEJO_TOKEN on Forgejo), or run `runnerctl auth login --url {url}`"
        )),
        GiteaError::Forbidden {
            missing_scope: Some(scope),
            ..
        } => hint(format!(
            "make a token with the scope {scope} and save it with `runnerctl auth login`"
        )),
        GiteaError::Forbidden { .. } => hint(
            "the token's user must own the scope: an organization's owner, the repository's \
             administrator, or a site administrator for --instance"
                .to_string(),
        ),
        GiteaError::NeedsVersion { needs, .. } => hint(format!(
            "upgrade the server to {needs}, or do it in its web UI"
        )),
        GiteaError::NotGitea { .. } => hint(
            "check the URL, or name the forge with --forge gitlab|gitea|forgejo|semaphore"
                .to_string(),
        ),
        GiteaError::UnregisteredRunner => hint(
            "the runner was deleted on the server: create a new one with `runnerctl create` and \
             register it"
                .to_string(),
        ),
        GiteaError::RegistrationTokenInvalidated => {
            hint("the registration token was reset: run create again".to_string())
        }
        GiteaError::RegistrationTokenNotFound => hint(
            "copy the registration token again from the scope's runner settings, or let \
             `runnerctl create --register` take it"
                .to_string(),
        ),
        GiteaError::Network {
            cause: NetworkCause::Timeout,
            ..
        } => hint("raise --timeout if the server needs longer to answer".to_string()),
        GiteaError::Network {
            cause: NetworkCause::Tls,
            ..
        } => {
            hint("if the server uses a private CA, pass --ca-file or set SSL_CERT_FILE".to_string())
        }
        GiteaError::Redirect {
            refusal: RedirectRefusal::OtherOrigin { new_url },
            ..
        } => hint(format!(
            "if the server moved, use its new address: --url {new_url}"
        )),
        _ => Vec::new(),
    }
}

/// The advice for the host side's errors: a `.runner` a running runner holds, a piped
/// document that is not a runner's credentials.
pub(super) fn host_hint(cause: &(dyn std::error::Error + 'static)) -> Option<String> {
    if let Some(RunnerFileError::InUse { .. }) = cause.downcast_ref() {
        return Some(super::runner_in_use_hint());
    }
    if let Some(CredentialsError::NotCredentials(_)) = cause.downcast_ref() {
        return Some(
            "pipe what `runnerctl token show ID --format json` prints on the host that \
             created the runner"
                .to_string(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_gitea_error_with_a_next_step_names_it() {
        use crate::gitea::GiteaError;
        let cases = [
            (
                GiteaError::Unauthorized {
                    url: "https://gitea.example/".into(),
                },
                "runnerctl auth login",
            ),
            (
                GiteaError::Forbidden {
                    action: "list the runners".into(),
                    message: String::new(),
                    missing_scope: Some("write:admin".into()),
                },
                "write:admin",
            ),
            (
                GiteaError::NeedsVersion {
                    what: "pause a runner".into(),
                    needs: "Gitea 1.26".into(),
                },
                "Gitea 1.26",
            ),
            (
                GiteaError::NotGitea {
                    url: "https://x/".into(),
                    what: "no version".into(),
                },
                "--forge",
            ),
            (GiteaError::UnregisteredRunner, "runnerctl create"),
            (
                GiteaError::RegistrationTokenInvalidated,
                "the registration token was reset: run create again",
            ),
        ];
        for (error, expected) in cases {
            let hints = super::super::hints_for(&anyhow::Error::new(error));
            assert!(
                hints.iter().any(|hint| hint.contains(expected)),
                "{expected}: {hints:?}"
            );
        }
    }
}
