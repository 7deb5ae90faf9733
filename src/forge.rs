//! The seam between commands and a forge: the calls commands make on runners, behind one
//! trait, with forge-neutral scope, filter and runner types. No network code lives here; each
//! forge module (`gitlab` today) implements [`Forge`] over its own client.
//!
//! What only one forge has (GitLab's protected refs, access levels, GraphQL bulk reads of jobs,
//! Admin Mode) is not part of the trait: it stays on that forge's client, where doctor's
//! forge-specific gatherer reads it.

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};

// Today's contact state lives with GitLab's REST entities; it names the states every forge's
// runner can be in, so the seam uses it as it is until it moves to a leaf module.
use crate::contact_state::ContactState;
use crate::token::RunnerToken;

/// Where runners live: the whole instance, a group (with its subgroups when listing) or a
/// project. A group or project is named by numeric id or by full path; an all-digit name is
/// taken for an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Instance,
    Group(String),
    Project(String),
}

impl Scope {
    /// The numeric id a group or project was given by, if it was given by one.
    pub fn id(&self) -> Option<u64> {
        match self {
            Scope::Instance => None,
            Scope::Group(name) | Scope::Project(name) => name.parse().ok(),
        }
    }
}

/// The level a runner is registered at, which decides who may use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerKind {
    Instance,
    Group,
    Project,
}

/// What a listing keeps, applied by the forge wherever it can filter. Empty means every runner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunnerFilter {
    /// The forge's own filter for this state; its scopes may overlap (GitLab's `offline` holds
    /// stale runners too), so a caller that wants exactly one state checks
    /// [`RunnerSummary::contact`] afterwards.
    pub status: Option<ContactState>,
    /// The runner must carry every one of these tags.
    pub tags: Vec<String>,
    pub paused: Option<bool>,
    pub kind: Option<RunnerKind>,
}

/// A runner as a listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerSummary {
    pub id: u64,
    pub description: Option<String>,
    pub kind: RunnerKind,
    pub paused: bool,
    /// The contact state, never "paused" (pausing is [`RunnerSummary::paused`]).
    pub contact: ContactState,
    pub tags: Vec<String>,
    pub run_untagged: bool,
    pub contacted_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
    /// Full paths of the owning groups, as far as the forge shows them in a listing.
    pub groups: Vec<String>,
    /// Full paths of the projects the runner is assigned to, as far as the forge shows them.
    pub projects: Vec<String>,
}

/// A runner read by id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerDetails {
    pub id: u64,
    pub description: Option<String>,
    pub kind: RunnerKind,
    pub paused: bool,
    pub contact: ContactState,
    pub tags: Vec<String>,
    pub run_untagged: bool,
    pub locked: bool,
    pub maximum_timeout: Option<u64>,
    pub maintenance_note: Option<String>,
    pub contacted_at: Option<DateTime<Utc>>,
    pub created_at: Option<DateTime<Utc>>,
}

/// The settings every forge's runner has; a forge's own settings type extends these
/// ([`Forge::Settings`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunnerSettings {
    pub description: Option<String>,
    pub tags: Option<Vec<String>>,
    pub run_untagged: Option<bool>,
    pub locked: Option<bool>,
    pub paused: Option<bool>,
    pub maximum_timeout: Option<u32>,
    pub maintenance_note: Option<String>,
}

/// A runner just created: the only time its token is shown.
#[derive(Debug)]
pub struct CreatedRunner {
    pub id: u64,
    pub token: RunnerToken,
    /// `None` when tokens do not expire, or when the forge's value could not be read (which
    /// never fails the answer that carries the token).
    pub token_expires_at: Option<DateTime<Utc>>,
}

/// A runner's new token after a reset: shown once, and the old one no longer works.
#[derive(Debug)]
pub struct NewToken {
    pub token: RunnerToken,
    /// `None` when tokens do not expire, or when the forge's value could not be read.
    pub token_expires_at: Option<DateTime<Utc>>,
    /// The forge's expiry as it wrote it, when it could not be read: the runner's host file
    /// then records no expiry, which the operator should hear.
    pub unreadable_expiry: Option<String>,
}

/// The answer of a runner-token check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedRunner {
    pub id: u64,
    /// `None` when the instance sets no runner token expiry.
    pub token_expires_at: Option<DateTime<Utc>>,
}

/// One host that used a runner's token (GitLab's runner manager), named by its system id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerManager {
    pub id: u64,
    pub system_id: String,
    pub contact: ContactState,
    pub contacted_at: Option<DateTime<Utc>>,
}

impl RunnerManager {
    pub fn is_online(&self) -> bool {
        self.contact == ContactState::Online
    }
}

/// The runner calls commands make on a forge.
///
/// Calls that take an API token act for the token's user; those that take a [`RunnerToken`]
/// act as the runner, with that token as the only credential.
pub trait Forge {
    /// The forge's own error, so that callers can still match on what went wrong.
    type Error: std::error::Error + Send + Sync + 'static;
    /// The settings a runner is created or updated with: the neutral ones plus whatever this
    /// forge alone has (GitLab's access level).
    type Settings: From<RunnerSettings>;

    /// Creates a runner in `scope`. A create whose answer was lost may still have run, so it
    /// is not retried past what the forge knows is safe.
    fn create_runner(
        &self,
        scope: &Scope,
        settings: &Self::Settings,
    ) -> Result<CreatedRunner, Self::Error>;

    fn runner(&self, id: u64) -> Result<RunnerDetails, Self::Error>;

    /// The runners of `scope` (a group's with its subgroups' and projects'), or with no scope
    /// those the token's user owns or manages, as `filter` keeps them.
    fn list_runners(
        &self,
        scope: Option<&Scope>,
        filter: &RunnerFilter,
    ) -> Result<Vec<RunnerSummary>, Self::Error> {
        let mut runners = Vec::new();
        self.read_runners(scope, filter, None, &mut |page| {
            runners.extend(page);
            ControlFlow::Continue(())
        })?;
        Ok(runners)
    }

    /// [`Forge::list_runners`] a page at a time, in the forge's own order, at most
    /// `page_size` runners a request (the forge's largest page when `None`): each page goes
    /// to `each` as it arrives, and `each` answering `Break` ends the reading there, so a
    /// caller that has enough asks for no more.
    fn read_runners(
        &self,
        scope: Option<&Scope>,
        filter: &RunnerFilter,
        page_size: Option<usize>,
        each: &mut dyn FnMut(Vec<RunnerSummary>) -> ControlFlow<()>,
    ) -> Result<(), Self::Error>;

    /// Changes the settings given and leaves the others as they are.
    fn update_runner(
        &self,
        id: u64,
        settings: &Self::Settings,
    ) -> Result<RunnerDetails, Self::Error>;

    fn delete_runner(&self, id: u64) -> Result<(), Self::Error>;

    /// Pauses (`true`) or resumes (`false`) a runner: a paused one takes no new jobs.
    fn set_paused(&self, id: u64, paused: bool) -> Result<RunnerDetails, Self::Error> {
        let settings = RunnerSettings {
            paused: Some(paused),
            ..RunnerSettings::default()
        };
        self.update_runner(id, &settings.into())
    }

    /// Replaces the runner's token; the old one stops working at once.
    fn reset_runner_token(&self, id: u64) -> Result<NewToken, Self::Error>;

    /// Checks a runner token as the runner would, from the host with `system_id`.
    fn verify_runner(
        &self,
        token: &RunnerToken,
        system_id: &str,
    ) -> Result<VerifiedRunner, Self::Error>;

    /// Forgets this host's registration of the runner (its manager); the runner stays.
    fn delete_runner_manager(
        &self,
        token: &RunnerToken,
        system_id: &str,
    ) -> Result<(), Self::Error>;

    /// Deletes the runner the token belongs to, with every host's registration.
    fn delete_runner_by_token(&self, token: &RunnerToken) -> Result<(), Self::Error>;

    /// The hosts that used the runner's token, with their contact state.
    fn runner_managers(&self, id: u64) -> Result<Vec<RunnerManager>, Self::Error>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_named_by_digits_is_an_id() {
        assert_eq!(Scope::Group("42".into()).id(), Some(42));
        assert_eq!(Scope::Project("team/app".into()).id(), None);
        assert_eq!(Scope::Group("team/42".into()).id(), None);
        assert_eq!(Scope::Instance.id(), None);
    }
}
