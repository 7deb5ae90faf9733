//! Which server answers, and what its version can do: Forgejo's differences from Gitea are data
//! here, so the client has one code path with a check where a route may be missing.

use std::fmt;

/// Gitea, or Forgejo (a fork whose numbering restarted at 7 and whose API drifted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServerKind {
    Gitea,
    Forgejo,
}

impl fmt::Display for ServerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ServerKind::Gitea => "Gitea",
            ServerKind::Forgejo => "Forgejo",
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub const fn new(major: u64, minor: u64, patch: u64) -> Version {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// The leading `major.minor[.patch]` of a version string: `1.24.3`, `v1.25.0-rc1`,
    /// `1.26.0+dev-12-gabc`, Forgejo's `11.0.1+gitea-1.22.0` (its own number, not Gitea's) or
    /// Codeberg's `14.0.0-103-5e0b41b3+gitea-1.22.0`.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let end = text
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(text.len());
        let mut parts = text[..end].split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        let patch = match parts.next() {
            Some(patch) => patch.parse().ok()?,
            None => 0,
        };
        Some(Version::new(major, minor, patch))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// A part of the API that not every version serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// List, get and delete runners over REST.
    RunnerApi,
    /// List the jobs waiting for a runner.
    JobList,
    /// Pause and resume a runner (`PATCH … {"disabled"}`).
    Disable,
    /// Create a runner in one call, with no registration token (`POST {scope}/actions/runners`).
    CreateEndpoint,
    /// `POST {scope}/actions/runners/registration-token` (before it, only GET).
    RegistrationTokenPost,
}

/// The server kind and version, read once from the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flavour {
    pub kind: ServerKind,
    pub version: Version,
}

impl Flavour {
    pub fn new(kind: ServerKind, version: Version) -> Flavour {
        Flavour { kind, version }
    }

    /// The flavour a `/api/v1/version` string tells: Forgejo appends `+gitea-<compatible Gitea>`
    /// to its own number (`11.0.1+gitea-1.22.0`; before v7 `3.0.0+0-gitea-1.19.0`, forgejo
    /// RELEASE-NOTES.md 1.19.0-2), a string Gitea never sends.
    pub fn from_version_string(text: &str) -> Option<Flavour> {
        let kind = if is_forgejo_version(text) {
            ServerKind::Forgejo
        } else {
            ServerKind::Gitea
        };
        Some(Flavour::new(kind, Version::parse(text)?))
    }

    /// The first version that has `capability`: `None` when the kind never has it (Forgejo has
    /// no pause), `Some` of a version this server may already be at or above.
    pub fn first_version(kind: ServerKind, capability: Capability) -> Option<Version> {
        match (kind, capability) {
            // gitea PR #33873 (1.24): the runner REST API and the registration-token POST.
            (ServerKind::Gitea, Capability::RunnerApi | Capability::RegistrationTokenPost) => {
                Some(Version::new(1, 24, 0))
            }
            // gitea PR #33964 (1.25): `{scope}/actions/jobs`.
            (ServerKind::Gitea, Capability::JobList) => Some(Version::new(1, 25, 0)),
            // gitea PR #36776 (1.26): PATCH `disabled`.
            (ServerKind::Gitea, Capability::Disable) => Some(Version::new(1, 26, 0)),
            (ServerKind::Gitea, Capability::CreateEndpoint) => None,
            // Forgejo 15 is the first release with runner list/get/delete/create (they were on
            // main in late 2025 and reverted before v14).
            (ServerKind::Forgejo, Capability::RunnerApi | Capability::CreateEndpoint) => {
                Some(Version::new(15, 0, 0))
            }
            // `{scope}/actions/runners/jobs` is in every Forgejo runnerctl supports (v11+).
            (ServerKind::Forgejo, Capability::JobList) => Some(Version::new(0, 0, 0)),
            // Forgejo serves the registration token with GET only.
            (ServerKind::Forgejo, Capability::Disable | Capability::RegistrationTokenPost) => None,
        }
    }

    pub fn has(&self, capability: Capability) -> bool {
        Flavour::first_version(self.kind, capability).is_some_and(|first| self.version >= first)
    }

    /// What a missing capability needs, in words ("Gitea 1.24", "Forgejo 15"); `None` when
    /// this server has it or when its kind never will.
    pub fn needs(&self, capability: Capability) -> Option<String> {
        if self.has(capability) {
            return None;
        }
        let first = Flavour::first_version(self.kind, capability)?;
        Some(match self.kind {
            ServerKind::Gitea => format!("Gitea {}.{}", first.major, first.minor),
            ServerKind::Forgejo => format!("Forgejo {}", first.major),
        })
    }

    pub fn runner_api(&self) -> bool {
        self.has(Capability::RunnerApi)
    }

    pub fn job_list(&self) -> bool {
        self.has(Capability::JobList)
    }

    pub fn disable(&self) -> bool {
        self.has(Capability::Disable)
    }

    pub fn create_endpoint(&self) -> bool {
        self.has(Capability::CreateEndpoint)
    }

    pub fn registration_token_post(&self) -> bool {
        self.has(Capability::RegistrationTokenPost)
    }
}

/// Forgejo's mark in a version string: `+gitea-…`, or `-gitea-…` in its oldest releases.
pub(crate) fn is_forgejo_version(text: &str) -> bool {
    text.contains("+gitea-") || text.contains("-gitea-")
}

impl fmt::Display for Flavour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gitea(minor: u64) -> Flavour {
        Flavour::new(ServerKind::Gitea, Version::new(1, minor, 0))
    }

    fn forgejo(major: u64) -> Flavour {
        Flavour::new(ServerKind::Forgejo, Version::new(major, 0, 1))
    }

    #[test]
    fn versions_are_read_from_their_leading_numbers() {
        assert_eq!(Version::parse("1.24.3"), Some(Version::new(1, 24, 3)));
        assert_eq!(Version::parse("v1.25.0-rc1"), Some(Version::new(1, 25, 0)));
        assert_eq!(
            Version::parse("1.26.0+dev-12-gabcdef"),
            Some(Version::new(1, 26, 0))
        );
        assert_eq!(Version::parse("1.22"), Some(Version::new(1, 22, 0)));
        assert_eq!(
            Version::parse("14.0.0-103-5e0b41b3+gitea-1.22.0"),
            Some(Version::new(14, 0, 0))
        );
        assert_eq!(Version::parse("development"), None);
        assert_eq!(Version::parse("1"), None);
        assert_eq!(Version::parse(""), None);
    }

    #[test]
    fn forgejo_is_told_by_its_gitea_suffix_and_keeps_its_own_number() {
        assert_eq!(
            Flavour::from_version_string("11.0.1+gitea-1.22.0"),
            Some(forgejo(11))
        );
        assert_eq!(
            Flavour::from_version_string("3.0.0+0-gitea-1.19.0"),
            Some(Flavour::new(ServerKind::Forgejo, Version::new(3, 0, 0)))
        );
        assert_eq!(
            Flavour::from_version_string("1.24.0"),
            Some(Flavour::new(ServerKind::Gitea, Version::new(1, 24, 0)))
        );
    }

    #[test]
    fn gitea_capabilities_follow_its_releases() {
        let old = gitea(23);
        assert!(!old.runner_api() && !old.registration_token_post() && !old.job_list());
        assert_eq!(
            old.needs(Capability::RunnerApi).as_deref(),
            Some("Gitea 1.24")
        );
        let v24 = gitea(24);
        assert!(v24.runner_api() && v24.registration_token_post() && !v24.job_list());
        assert_eq!(
            v24.needs(Capability::JobList).as_deref(),
            Some("Gitea 1.25")
        );
        let v25 = gitea(25);
        assert!(v25.job_list() && !v25.disable());
        assert_eq!(
            v25.needs(Capability::Disable).as_deref(),
            Some("Gitea 1.26")
        );
        assert!(gitea(26).disable());
        assert!(!gitea(26).create_endpoint());
        assert_eq!(gitea(26).needs(Capability::CreateEndpoint), None);
    }

    #[test]
    fn forgejo_capabilities_are_its_own() {
        let v14 = forgejo(14);
        assert!(!v14.runner_api() && !v14.create_endpoint());
        assert!(v14.job_list(), "runners/jobs is in every Forgejo");
        assert_eq!(
            v14.needs(Capability::RunnerApi).as_deref(),
            Some("Forgejo 15")
        );
        let v15 = forgejo(15);
        assert!(v15.runner_api() && v15.create_endpoint());
        assert!(!v15.disable() && !v15.registration_token_post());
        assert_eq!(v15.needs(Capability::Disable), None, "no version has it");
    }
}
