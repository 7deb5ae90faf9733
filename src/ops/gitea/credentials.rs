//! A Gitea/Forgejo runner's credentials as the secret store keeps them and as
//! `token show ID --format json` hands them to another host: `{"runner_id", "forge", "url",
//! "name", "token", "uuid", "labels"}` (the contract's "credentials across hosts" row), plus
//! the scope the runner was created in, so later commands reach it on its own routes.
//!
//! The store holds one secret per runner; for these forges that secret is this whole JSON
//! document (uuid and labels are needed beside the token to write `.runner` and to Declare),
//! kept under the runner's id and URL like a GitLab token.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;
use crate::secrets::{SecretStore, SecretStoreError};
use crate::token::RunnerToken;

/// A runner's credentials. `Debug` shows the token by its prefix only.
#[derive(Clone, PartialEq, Eq)]
pub struct RunnerCredentials {
    pub runner_id: u64,
    pub forge: ForgeKind,
    pub url: InstanceUrl,
    pub name: String,
    pub token: RunnerToken,
    pub uuid: String,
    /// Full label strings (`ubuntu-latest:docker://node:20`), as `.runner` keeps them.
    pub labels: Vec<String>,
    /// Where it was created (`org:NAME`, `repo:OWNER/NAME`, `user`, `instance`); `None` when
    /// the credentials came from another host without one.
    pub scope: Option<String>,
}

impl fmt::Debug for RunnerCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunnerCredentials")
            .field("runner_id", &self.runner_id)
            .field("forge", &self.forge)
            .field("url", &self.url.as_str())
            .field("name", &self.name)
            .field("token", &self.token)
            .field("uuid", &self.uuid)
            .field("labels", &self.labels)
            .field("scope", &self.scope)
            .finish()
    }
}

/// The document's wire form; the token is exposed only while it is written or read.
#[derive(Serialize, Deserialize)]
struct Document {
    runner_id: u64,
    forge: String,
    url: String,
    name: String,
    token: String,
    uuid: String,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<String>,
}

/// Why a credentials document was refused; never quotes the document (it holds the token).
#[derive(Debug, thiserror::Error)]
pub enum CredentialsError {
    #[error("the credentials are not the JSON document a stored Gitea/Forgejo runner prints: {0}")]
    NotCredentials(String),
    #[error("the credentials are for {found}, not {expected}")]
    WrongForge { found: String, expected: String },
    #[error("the credentials' url is not a URL: {0}")]
    BadUrl(String),
    #[error(transparent)]
    Store(#[from] SecretStoreError),
}

impl RunnerCredentials {
    /// The JSON document `token show --format json` prints and `--credentials-stdin` reads.
    pub fn to_json(&self) -> String {
        let document = Document {
            runner_id: self.runner_id,
            forge: self.forge.as_str().to_string(),
            url: self.url.as_str().to_string(),
            name: self.name.clone(),
            token: self.token.expose().to_string(),
            uuid: self.uuid.clone(),
            labels: self.labels.clone(),
            scope: self.scope.clone(),
        };
        // A struct of strings and numbers always serialises.
        serde_json::to_string(&document).unwrap_or_default()
    }

    /// Reads the document; serde's messages name the field, never its value.
    pub fn from_json(text: &str) -> Result<RunnerCredentials, CredentialsError> {
        let document: Document = serde_json::from_str(text.trim()).map_err(|error| {
            // serde_json's message may quote an unexpected value: keep its class and place only.
            CredentialsError::NotCredentials(format!(
                "{} at line {} column {}",
                match error.classify() {
                    serde_json::error::Category::Data => "a field is missing or of the wrong type",
                    serde_json::error::Category::Syntax => "it is not valid JSON",
                    serde_json::error::Category::Eof => "it ends too early",
                    serde_json::error::Category::Io => "it could not be read",
                },
                error.line(),
                error.column()
            ))
        })?;
        let forge: ForgeKind = document.forge.parse().map_err(|_| {
            CredentialsError::NotCredentials(format!("unknown forge {:?}", document.forge))
        })?;
        if !forge.is_gitea_family() {
            return Err(CredentialsError::WrongForge {
                found: forge.display_name().to_string(),
                expected: "Gitea or Forgejo".to_string(),
            });
        }
        if document.token.trim().is_empty() || document.uuid.trim().is_empty() {
            return Err(CredentialsError::NotCredentials(
                "its token or uuid is empty".to_string(),
            ));
        }
        let url = InstanceUrl::parse(&document.url)
            .map_err(|error| CredentialsError::BadUrl(error.to_string()))?;
        Ok(RunnerCredentials {
            runner_id: document.runner_id,
            forge,
            url,
            name: document.name,
            token: RunnerToken::new(document.token.trim()),
            uuid: document.uuid,
            labels: document.labels,
            scope: document.scope,
        })
    }

    /// Keeps the credentials in the store under the runner's id and URL.
    pub fn store(&self, store: &SecretStore) -> Result<(), SecretStoreError> {
        store.put_runner_token(
            &self.url,
            self.runner_id,
            &RunnerToken::new(self.to_json()),
            Some(&self.name),
        )
    }

    /// The stored credentials of runner `id` at `url`, if the store holds them.
    pub fn load(
        store: &SecretStore,
        url: &InstanceUrl,
        id: u64,
    ) -> Result<Option<RunnerCredentials>, CredentialsError> {
        match store.runner_token(url, id)? {
            Some(secret) => RunnerCredentials::from_json(secret.expose()).map(Some),
            None => Ok(None),
        }
    }

    /// The label names, which are what the server matches (`name[:scheme[:arg]]`).
    pub fn label_names(&self) -> Vec<String> {
        self.labels
            .iter()
            .map(|label| label_name(label).to_string())
            .collect()
    }
}

/// A label's name: the part before the first `:`.
pub fn label_name(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RunnerCredentials {
        RunnerCredentials {
            runner_id: 17,
            forge: ForgeKind::Gitea,
            url: InstanceUrl::parse("https://gitea.example.com").unwrap(),
            name: "build-01".into(),
            token: RunnerToken::new("0123456789abcdef0123456789abcdef01234567"),
            uuid: "2f7c4c55-8d2f-4c65-9d73-4b0e2c3a1f00".into(),
            labels: vec!["ubuntu-latest:docker://node:20".into(), "gpu".into()],
            scope: Some("org:my-org".into()),
        }
    }

    #[test]
    fn credentials_round_trip_through_their_json_document() {
        let credentials = sample();
        let json = credentials.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for key in [
            "runner_id",
            "forge",
            "url",
            "name",
            "token",
            "uuid",
            "labels",
        ] {
            assert!(value.get(key).is_some(), "{key} in {json}");
        }
        assert_eq!(value["forge"], "gitea");
        assert_eq!(RunnerCredentials::from_json(&json).unwrap(), credentials);
        assert_eq!(credentials.label_names(), ["ubuntu-latest", "gpu"]);
    }

    #[test]
    fn debug_and_errors_never_show_the_token() {
        let credentials = sample();
        let debug = format!("{credentials:?}");
        assert!(!debug.contains("0123456789abcdef"), "{debug}");
        let broken = credentials
            .to_json()
            .replace("\"uuid\"", "\"uuid\": 5, \"x\"");
        let error = RunnerCredentials::from_json(&broken)
            .unwrap_err()
            .to_string();
        assert!(!error.contains("0123456789abcdef"), "{error}");
        let error = RunnerCredentials::from_json("glrt-not-json")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("glrt-not-json"), "{error}");
    }

    #[test]
    fn gitlab_credentials_are_refused() {
        let json = sample().to_json().replace("\"gitea\"", "\"gitlab\"");
        assert!(matches!(
            RunnerCredentials::from_json(&json),
            Err(CredentialsError::WrongForge { .. })
        ));
    }
}
