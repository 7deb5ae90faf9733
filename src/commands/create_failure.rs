//! `create`'s failed POST in runnerctl's words: whether a runner may exist now, and how to
//! find it (a retry could make a second one, and the token of the first is lost).

use crate::error::add_hint;
use crate::gitlab::ApiError;
use crate::ops::create::CreateError;

/// The failed POST in full: whether a runner may exist now (the message), and how to find it
/// (the hint).
pub(super) fn explain_create_failure(error: anyhow::Error) -> anyhow::Error {
    let (error, url) = match error.downcast::<CreateError>() {
        Ok(CreateError::Request { url, source }) => (source, url),
        Err(error) => return error,
    };
    if let ApiError::AnswerLost { status, .. } = &error {
        let message = anyhow::anyhow!(
            "{error}. GitLab answered {status}, so a runner was probably created, but its token \
             was in the lost answer and cannot be recovered; runnerctl did not retry (a retry \
             would create a second runner)"
        );
        return add_hint(
            message,
            format!(
                "find it with `runnerctl list --status never_contacted` or under Settings > \
                 CI/CD > Runners in {url}, then reset its token with `runnerctl rotate ID` or \
                 delete it and create again"
            ),
        );
    }
    if error.may_have_run() {
        let message = anyhow::anyhow!(
            "{error}. GitLab may have created the runner before the answer was lost, so runnerctl \
             did not retry (a retry could create a second one)"
        );
        add_hint(
            message,
            format!(
                "look for it with `runnerctl list --status never_contacted` or under Settings > \
                 CI/CD > Runners in {url}; if it exists, its token cannot be recovered: reset it \
                 with `runnerctl rotate ID` or delete it and create again"
            ),
        )
    } else {
        error.into()
    }
}
