//! Which kind of server a URL is: the four forges runnerctl manages runners of, with the
//! environment variables that name each one's URL and API token (the contract's "Forges"
//! section).

use std::fmt;

/// A forge, as `--forge`, `RUNNERCTL_FORGE`, the saved login and JSON spell it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    serde::Serialize,
    strum::EnumString,
    strum::IntoStaticStr,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase", ascii_case_insensitive)]
pub enum ForgeKind {
    #[strum(serialize = "gitlab")]
    GitLab,
    Gitea,
    Forgejo,
    Semaphore,
}

impl ForgeKind {
    pub const ALL: [ForgeKind; 4] = [
        ForgeKind::GitLab,
        ForgeKind::Gitea,
        ForgeKind::Forgejo,
        ForgeKind::Semaphore,
    ];

    /// The order a URL is asked in: Forgejo first, since it also answers Gitea's probe.
    pub const DETECTION_ORDER: [ForgeKind; 4] = [
        ForgeKind::Forgejo,
        ForgeKind::Gitea,
        ForgeKind::GitLab,
        ForgeKind::Semaphore,
    ];

    /// The word the contract uses: `gitlab`, `gitea`, `forgejo`, `semaphore`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// The name an operator reads in a sentence.
    pub fn display_name(self) -> &'static str {
        match self {
            ForgeKind::GitLab => "GitLab",
            ForgeKind::Gitea => "Gitea",
            ForgeKind::Forgejo => "Forgejo",
            ForgeKind::Semaphore => "Semaphore UI",
        }
    }

    /// The variables that give this forge's URL, in the order they are read.
    pub fn url_variables(self) -> &'static [&'static str] {
        match self {
            ForgeKind::GitLab => &["GITLAB_URL", "GITLAB_HOST"],
            ForgeKind::Gitea => &["GITEA_URL"],
            ForgeKind::Forgejo => &["FORGEJO_URL"],
            ForgeKind::Semaphore => &["SEMAPHORE_URL"],
        }
    }

    /// The variables that give this forge's API token, in the order they are read: Forgejo
    /// reads `FORGEJO_TOKEN`, then Gitea's, since Forgejo serves Gitea's API.
    pub fn token_variables(self) -> &'static [&'static str] {
        match self {
            ForgeKind::GitLab => &["GITLAB_TOKEN"],
            ForgeKind::Gitea => &["GITEA_TOKEN"],
            ForgeKind::Forgejo => &["FORGEJO_TOKEN", "GITEA_TOKEN"],
            ForgeKind::Semaphore => &["SEMAPHORE_TOKEN"],
        }
    }

    /// Gitea and Forgejo share one API and one runner: one backend serves both.
    pub fn is_gitea_family(self) -> bool {
        matches!(self, ForgeKind::Gitea | ForgeKind::Forgejo)
    }
}

impl fmt::Display for ForgeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forges_read_and_write_the_contracts_words() {
        for forge in ForgeKind::ALL {
            assert_eq!(forge.as_str().parse::<ForgeKind>(), Ok(forge));
        }
        assert_eq!("GitLab".parse::<ForgeKind>(), Ok(ForgeKind::GitLab));
        assert_eq!(ForgeKind::GitLab.as_str(), "gitlab");
        assert!("github".parse::<ForgeKind>().is_err());
        assert_eq!(
            serde_json::to_string(&ForgeKind::Forgejo).ok().as_deref(),
            Some("\"forgejo\"")
        );
    }

    #[test]
    fn forgejo_falls_back_to_giteas_token_variable() {
        assert_eq!(
            ForgeKind::Forgejo.token_variables(),
            ["FORGEJO_TOKEN", "GITEA_TOKEN"]
        );
    }
}
