//! Which forge, at which version: the routes that exist and the shapes they answer with.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A Gitea 1.22..=1.26 or a Forgejo 11..=15 server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "forge", rename_all = "lowercase")]
pub enum Flavour {
    Gitea { minor: u32 },
    Forgejo { major: u32 },
}

impl Flavour {
    pub const GITEA_1_22: Flavour = Flavour::Gitea { minor: 22 };
    pub const GITEA_1_24: Flavour = Flavour::Gitea { minor: 24 };
    pub const GITEA_1_25: Flavour = Flavour::Gitea { minor: 25 };
    pub const GITEA_1_26: Flavour = Flavour::Gitea { minor: 26 };
    pub const FORGEJO_11: Flavour = Flavour::Forgejo { major: 11 };
    pub const FORGEJO_14: Flavour = Flavour::Forgejo { major: 14 };
    pub const FORGEJO_15: Flavour = Flavour::Forgejo { major: 15 };

    /// `gitea-1.26`, `forgejo-15` (the binary's `--flavour`).
    pub fn parse(text: &str) -> Option<Flavour> {
        if let Some(rest) = text.strip_prefix("gitea-1.") {
            return rest.parse().ok().map(|minor| Flavour::Gitea { minor });
        }
        if let Some(rest) = text.strip_prefix("forgejo-") {
            return rest.parse().ok().map(|major| Flavour::Forgejo { major });
        }
        None
    }

    pub fn is_forgejo(&self) -> bool {
        matches!(self, Flavour::Forgejo { .. })
    }

    /// What `GET /api/v1/version` answers. Forgejo reports its own version with the Gitea
    /// version it forked from as build metadata (`11.0.16+gitea-1.22.0`, as live servers answer).
    pub fn version_string(&self) -> String {
        match self {
            Flavour::Gitea { minor } => format!("1.{minor}.0"),
            Flavour::Forgejo { major } => format!("{major}.0.1+gitea-1.22.0"),
        }
    }

    fn gitea_minor(&self) -> Option<u32> {
        match self {
            Flavour::Gitea { minor } => Some(*minor),
            Flavour::Forgejo { .. } => None,
        }
    }

    fn forgejo_major(&self) -> Option<u32> {
        match self {
            Flavour::Gitea { .. } => None,
            Flavour::Forgejo { major } => Some(*major),
        }
    }

    /// `POST {scope}/actions/runners/registration-token`: Gitea 1.24+ (go-gitea PR #33873).
    pub fn has_registration_token_post(&self) -> bool {
        self.gitea_minor().is_some_and(|m| m >= 24)
    }

    /// `GET {scope}/actions/runners/registration-token`: Gitea until 1.25 (removed by go-gitea
    /// PR #36801 in March 2026, so 1.26 lacks it); every Forgejo.
    pub fn has_registration_token_get(&self) -> bool {
        self.gitea_minor().is_none_or(|m| m <= 25)
    }

    /// `GET|DELETE {scope}/actions/runners[/{id}]`: Gitea 1.24+ (PR #33873), Forgejo 15+.
    pub fn has_runner_api(&self) -> bool {
        match self {
            Flavour::Gitea { minor } => *minor >= 24,
            Flavour::Forgejo { major } => *major >= 15,
        }
    }

    /// `PATCH {scope}/actions/runners/{id}` `{"disabled"}`: Gitea 1.26+ (PR #36776).
    pub fn has_runner_patch(&self) -> bool {
        self.gitea_minor().is_some_and(|m| m >= 26)
    }

    /// `GET {scope}/actions/jobs`: Gitea 1.25+ (PR #33964).
    pub fn has_gitea_job_list(&self) -> bool {
        self.gitea_minor().is_some_and(|m| m >= 25)
    }

    /// Gitea 1.26 writes `Link` and `X-Total-Count` on job lists (routers/api/v1/shared/action.go
    /// `ListJobs` ends with `ctx.SetLinkHeader` and `ctx.SetTotalCountHeader`); 1.25 did not.
    pub fn job_list_has_paging_headers(&self) -> bool {
        self.gitea_minor().is_some_and(|m| m >= 26)
    }

    /// Gitea 1.26 serves the job lists as reader routes (routers/api/v1/api.go
    /// `addActionsReaderRoutes`: `reqRepoReader(unit.TypeActions)`, `reqOrgMembership()`);
    /// 1.25 had them with the owner-only actions routes.
    pub fn job_list_needs_only_read(&self) -> bool {
        self.gitea_minor().is_some_and(|m| m >= 26)
    }

    /// `POST {scope}/actions/runners` `{"name", "description"}`: Forgejo 15+.
    pub fn has_runner_create(&self) -> bool {
        self.forgejo_major().is_some_and(|m| m >= 15)
    }

    /// `GET {scope}/actions/runners/jobs`: every Forgejo.
    pub fn has_forgejo_job_search(&self) -> bool {
        self.is_forgejo()
    }

    /// Forgejo 11–13 answer `null` to a job search without `labels`; 14+ list every job.
    pub fn forgejo_jobs_without_labels_is_null(&self) -> bool {
        self.forgejo_major().is_some_and(|m| m <= 13)
    }

    /// `disabled` in Gitea's ActionRunner JSON: 1.26+ (PR #36776).
    pub fn runner_json_has_disabled(&self) -> bool {
        self.gitea_minor().is_some_and(|m| m >= 26)
    }
}

impl fmt::Display for Flavour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Flavour::Gitea { minor } => write!(f, "gitea-1.{minor}"),
            Flavour::Forgejo { major } => write!(f, "forgejo-{major}"),
        }
    }
}
