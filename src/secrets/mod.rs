//! The secret store and the token types that never print themselves.
//!
//! `RUNNERCTL_KEYRING` chooses the store: `os` (the default: macOS Keychain, Windows Credential
//! Manager, the Secret Service on Linux, or the kernel keyring when no Secret Service answers),
//! `file:PATH` (one 0600 JSON file, for headless hosts and tests) or `none` (store nothing).
//! Entries are keyed by the normalised GitLab URL and the runner id, so two GitLab instances on
//! one host (another port or path) never share an entry.

mod file;
mod os;
mod store;

use std::fmt;

use serde::{Deserialize, Deserializer};

pub use store::{
    KEYRING_ENV, SecretStore, SecretStoreError, StoreKind, StoredRunner, write_token_file,
};

macro_rules! redacted_token {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// The token itself, for the wire and for the few places allowed to show it
            /// (`token show`, create's last-resort hand-over, config.toml).
            pub fn expose(&self) -> &str {
                &self.0
            }

            /// What may be shown of the token: its well-known prefix, if any.
            pub fn redacted(&self) -> String {
                redact(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({})"), self.redacted())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.redacted())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map($name)
            }
        }
    };
}

redacted_token!(
    /// A runner authentication token (`glrt-…`), or a legacy runner token.
    RunnerToken
);

redacted_token!(
    /// A GitLab API token (personal, group or project access token).
    ApiToken
);

impl RunnerToken {
    /// Tokens made by `POST /user/runners` carry `glrt-`; older runner tokens carry no prefix.
    pub fn is_authentication_token(&self) -> bool {
        self.0.starts_with("glrt-")
    }

    /// Registration tokens (`GR1348941…`) belong to the deprecated registration workflow.
    pub fn is_registration_token(&self) -> bool {
        self.0.starts_with("GR1348941")
    }
}

/// Known token prefixes are safe to show; everything after them is secret.
fn redact(token: &str) -> String {
    const PREFIXES: [&str; 5] = ["glrt-", "glpat-", "GR1348941", "gldt-", "glrtr-"];
    match PREFIXES.iter().find(|prefix| token.starts_with(*prefix)) {
        Some(prefix) => format!("{prefix}…"),
        None => "…".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runner_token_debug_and_display_hide_the_secret() {
        let token = RunnerToken::new("glrt-abcdefghijklmnopqrst");
        assert_eq!(format!("{token}"), "glrt-…");
        assert_eq!(format!("{token:?}"), "RunnerToken(glrt-…)");
        assert!(!format!("{token:?} {token}").contains("abcdef"));
    }

    #[test]
    fn unknown_token_shows_nothing() {
        let token = ApiToken::new("s3cr3t-value");
        assert_eq!(token.to_string(), "…");
        assert!(!format!("{token:?}").contains("s3cr3t"));
    }
}
