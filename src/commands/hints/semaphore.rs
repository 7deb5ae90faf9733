//! The next step for each of Semaphore UI's errors.

use crate::semaphore::SemaphoreError;

/// Semaphore UI's errors (`crate::semaphore::SemaphoreError`), one next step each where there
/// is one.
pub(super) fn semaphore_hints(error: &SemaphoreError) -> Vec<String> {
    let hint = match error {
        SemaphoreError::Unauthorized { url } | SemaphoreError::MissingToken { url } => format!(
            "set SEMAPHORE_TOKEN (an API token from Semaphore UI's user settings), or run `runnerctl auth login --url {url}`"
        ),
        SemaphoreError::Forbidden {
            admin_route: true, ..
        } => "global runners are an admin's: use an admin user's API token, or -p PROJECT for a project's runners".to_string(),
        SemaphoreError::Forbidden { .. } => {
            "the token's user must be a member of the project with a role that may change it".to_string()
        }
        SemaphoreError::NeedsPro { .. } => {
            "make it a global runner with `runnerctl create --instance --name NAME`".to_string()
        }
        SemaphoreError::NotSemaphore { .. } => {
            "check the URL, or name the forge with --forge gitlab|gitea|forgejo|semaphore".to_string()
        }
        SemaphoreError::RegistrationRefused { .. } => {
            "copy the registration token from the server's configuration (runner registration token), or create the runner with an admin's API token: `runnerctl create --instance --name NAME --register`".to_string()
        }
        _ => return Vec::new(),
    };
    vec![hint]
}
