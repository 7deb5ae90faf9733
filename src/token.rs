//! The token types that never print themselves, and the token prefixes each forge documents.
//!
//! A leaf: it knows no network, no store and no forge's API. What may be shown of a token is its
//! well-known prefix, read from [`KNOWN_PREFIXES`].

use std::fmt;

use serde::{Deserialize, Deserializer};

/// The forge a token prefix belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenForge {
    GitLab,
}

/// What a token with a known prefix is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `glrt-`: a runner authentication token (the runner-creation workflow).
    GitLabRunnerAuthentication,
    /// `glpat-`: a personal, group or project access token.
    GitLabPersonalAccess,
    /// `GR1348941`: a registration token (the deprecated registration workflow).
    GitLabRegistration,
    /// `gldt-`: a deploy token.
    GitLabDeploy,
    /// `glrtr-`: a legacy runner token with a prefix.
    GitLabLegacyRunner,
}

/// A token prefix a forge documents: safe to show, and what it says about the token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenPrefix {
    pub prefix: &'static str,
    pub forge: TokenForge,
    pub kind: TokenKind,
}

/// Every known prefix, in the order redaction tries them.
pub const KNOWN_PREFIXES: &[TokenPrefix] = &[
    TokenPrefix {
        prefix: "glrt-",
        forge: TokenForge::GitLab,
        kind: TokenKind::GitLabRunnerAuthentication,
    },
    TokenPrefix {
        prefix: "glpat-",
        forge: TokenForge::GitLab,
        kind: TokenKind::GitLabPersonalAccess,
    },
    TokenPrefix {
        prefix: "GR1348941",
        forge: TokenForge::GitLab,
        kind: TokenKind::GitLabRegistration,
    },
    TokenPrefix {
        prefix: "gldt-",
        forge: TokenForge::GitLab,
        kind: TokenKind::GitLabDeploy,
    },
    TokenPrefix {
        prefix: "glrtr-",
        forge: TokenForge::GitLab,
        kind: TokenKind::GitLabLegacyRunner,
    },
];

/// The prefix of a kind of token; every kind has one row in [`KNOWN_PREFIXES`].
fn prefix_of(kind: TokenKind) -> &'static str {
    KNOWN_PREFIXES
        .iter()
        .find(|known| known.kind == kind)
        .map_or("", |known| known.prefix)
}

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

redacted_token!(
    /// A Semaphore runner's private key (PEM), kept beside its token.
    PrivateKey
);

impl RunnerToken {
    /// Whether this is a runner authentication token (the runner-creation workflow, with
    /// runner managers), as opposed to a legacy runner token (`glrtr-…` or no prefix). The one
    /// place that decides it: unregister's choice between `DELETE /runners/managers` and
    /// `DELETE /runners` (which deletes the runner for every host) rests on it.
    ///
    /// `glrt-`, optionally followed by a partition prefix (`t1_`…); GitLab 18.x can put an
    /// instance prefix in front (`<prefix>glrt-…`: `Ci::Runner.created_runner_prefix`, which
    /// `Authn::Tokens::RunnerAuthenticationToken.prefix?` accepts alongside `glrt-`). The
    /// instance prefix is an administrator's word, so any run of token characters before
    /// `glrt-` counts.
    pub fn is_authentication_token(&self) -> bool {
        is_authentication_token(&self.0)
    }

    /// Registration tokens (`GR1348941…`) belong to the deprecated registration workflow.
    pub fn is_registration_token(&self) -> bool {
        self.0.starts_with(prefix_of(TokenKind::GitLabRegistration))
    }
}

fn is_authentication_token(token: &str) -> bool {
    let prefix = prefix_of(TokenKind::GitLabRunnerAuthentication);
    let Some(at) = token.find(prefix) else {
        return false;
    };
    let instance_prefix = token.get(..at).unwrap_or_default();
    instance_prefix
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && token.len() > at + prefix.len()
}

/// Known token prefixes are safe to show; everything after them is secret.
fn redact(token: &str) -> String {
    match KNOWN_PREFIXES
        .iter()
        .find(|known| token.starts_with(known.prefix))
    {
        Some(known) => format!("{}…", known.prefix),
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
    fn instance_prefixed_and_partitioned_glrt_tokens_are_authentication_tokens() {
        for token in [
            "glrt-abcdefghijklmnopqrst",
            "glrt-t1_abcdefghijklmnopqrst",
            // GitLab 18.x instance prefix (Ci::Runner.created_runner_prefix).
            "abc_glrt-abcdefghijklmnopqrst",
            "glglrt-abcdefghijklmnopqrst",
            "my-corp-glrt-t2_abcdefghijklmnopqrst",
        ] {
            assert!(RunnerToken::new(token).is_authentication_token(), "{token}");
        }
        for token in [
            "glrtr-abcdefghijklmnopqrst",
            "abc_glrtr-abcdefghijklmnopqrst",
            "GR1348941abcdefghijklmnop",
            "a1b2c3d4e5f6a7b8c9d0",
            "glrt",
            "has space glrt-abcdefghij",
            "",
        ] {
            assert!(
                !RunnerToken::new(token).is_authentication_token(),
                "{token}"
            );
        }
    }

    #[test]
    fn unknown_token_shows_nothing() {
        let token = ApiToken::new("s3cr3t-value");
        assert_eq!(token.to_string(), "…");
        assert!(!format!("{token:?}").contains("s3cr3t"));
    }

    #[test]
    fn every_kind_has_a_prefix() {
        for kind in [
            TokenKind::GitLabRunnerAuthentication,
            TokenKind::GitLabPersonalAccess,
            TokenKind::GitLabRegistration,
            TokenKind::GitLabDeploy,
            TokenKind::GitLabLegacyRunner,
        ] {
            assert!(!prefix_of(kind).is_empty(), "{kind:?}");
        }
    }
}
