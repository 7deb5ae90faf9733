//! The local facts doctor reports on config.toml, as data (the finding ids are the contract's).

use chrono::{DateTime, Duration, Utc};

use super::document::ConfigDocument;

/// How close an expiry must be to warn about it.
pub const EXPIRY_WARNING: Duration = Duration::days(7);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalFinding {
    /// `config.permissions`: readable by group or others.
    Permissions { mode: u32 },
    /// `config.no_runners`
    NoRunners,
    /// `config.duplicate_token`: one per later entry sharing a token with an earlier one.
    DuplicateToken {
        index: usize,
        name: Option<String>,
        same_as_index: usize,
    },
    /// `config.legacy_token`: not a `glrt-` token.
    LegacyToken { index: usize, name: Option<String> },
    /// `config.token_expiring`: expires within [`EXPIRY_WARNING`].
    TokenExpiring {
        index: usize,
        name: Option<String>,
        expires_at: DateTime<Utc>,
    },
    /// `config.token_expired`
    TokenExpired {
        index: usize,
        name: Option<String>,
        expires_at: DateTime<Utc>,
    },
}

impl LocalFinding {
    /// The contract's finding id.
    pub fn id(&self) -> &'static str {
        match self {
            LocalFinding::Permissions { .. } => "config.permissions",
            LocalFinding::NoRunners => "config.no_runners",
            LocalFinding::DuplicateToken { .. } => "config.duplicate_token",
            LocalFinding::LegacyToken { .. } => "config.legacy_token",
            LocalFinding::TokenExpiring { .. } => "config.token_expiring",
            LocalFinding::TokenExpired { .. } => "config.token_expired",
        }
    }
}

/// `config.permissions` for a file mode (the permission bits of `st_mode`).
pub fn check_mode(mode: u32) -> Option<LocalFinding> {
    let mode = mode & 0o777;
    (mode & 0o077 != 0).then_some(LocalFinding::Permissions { mode })
}

/// The findings about the entries, in file order.
pub fn check_entries(document: &ConfigDocument, now: DateTime<Utc>) -> Vec<LocalFinding> {
    let entries = document.runners();
    let mut findings = Vec::new();
    if entries.is_empty() {
        findings.push(LocalFinding::NoRunners);
    }
    for entry in &entries {
        if let Some(token) = &entry.token {
            if let Some(first) = entries
                .iter()
                .take(entry.index)
                .find(|earlier| earlier.token.as_ref() == Some(token))
            {
                findings.push(LocalFinding::DuplicateToken {
                    index: entry.index,
                    name: entry.name.clone(),
                    same_as_index: first.index,
                });
            }
            if !token.is_authentication_token() {
                findings.push(LocalFinding::LegacyToken {
                    index: entry.index,
                    name: entry.name.clone(),
                });
            }
        }
        if let Some(expires_at) = entry.token_expires_at {
            if expires_at <= now {
                findings.push(LocalFinding::TokenExpired {
                    index: entry.index,
                    name: entry.name.clone(),
                    expires_at,
                });
            } else if expires_at - now <= EXPIRY_WARNING {
                findings.push(LocalFinding::TokenExpiring {
                    index: entry.index,
                    name: entry.name.clone(),
                    expires_at,
                });
            }
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn finds_duplicates_legacy_and_expiry() {
        let doc = ConfigDocument::parse(
            r#"
[[runners]]
name = "a"
token = "glrt-one"
token_expires_at = 2026-01-03T00:00:00Z
[[runners]]
name = "b"
token = "glrt-one"
token_expires_at = 2025-12-31T00:00:00Z
[[runners]]
name = "c"
token = "legacy"
token_expires_at = 0001-01-01T00:00:00Z
"#,
            Path::new("config.toml"),
        )
        .expect("valid");
        let now = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .expect("time")
            .with_timezone(&Utc);
        let ids: Vec<_> = check_entries(&doc, now)
            .iter()
            .map(|finding| finding.id())
            .collect();
        assert_eq!(
            ids,
            [
                "config.token_expiring",
                "config.duplicate_token",
                "config.token_expired",
                "config.legacy_token"
            ]
        );
        assert_eq!(
            check_mode(0o100644).map(|f| f.id()),
            Some("config.permissions")
        );
        assert_eq!(check_mode(0o600), None);
    }

    #[test]
    fn an_instance_prefixed_glrt_token_is_not_legacy() {
        let doc = ConfigDocument::parse(
            "[[runners]]\nname = \"a\"\ntoken = \"abc_glrt-prefixedprefixed\"\n",
            Path::new("config.toml"),
        )
        .expect("valid");
        let findings = check_entries(&doc, Utc::now());
        assert!(
            findings.iter().all(|f| f.id() != "config.legacy_token"),
            "{findings:?}"
        );
    }
}
