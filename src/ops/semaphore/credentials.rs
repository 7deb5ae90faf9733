//! A Semaphore runner's credentials as the secret store keeps them and as `token show ID
//! --format json` hands them to another host: `{"runner_id", "forge", "url", "name",
//! "token", "private_key"}` (the contract's "credentials across hosts" row), plus the project
//! it was created in, so later commands reach it on its own routes.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;
use crate::secrets::{SecretStore, SecretStoreError};
use crate::semaphore::Scope;
use crate::token::{PrivateKey, RunnerToken};

/// A runner's credentials. `Debug` shows neither the token nor the key.
#[derive(Clone, PartialEq, Eq)]
pub struct SemaphoreCredentials {
    /// `None` for a runner that registered itself: the server tells it no id.
    pub runner_id: Option<u64>,
    pub url: InstanceUrl,
    pub name: String,
    pub token: RunnerToken,
    pub private_key: PrivateKey,
    /// The project of a project runner (Semaphore Pro); `None` for a global one.
    pub project: Option<u64>,
}

impl fmt::Debug for SemaphoreCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SemaphoreCredentials")
            .field("runner_id", &self.runner_id)
            .field("url", &self.url.as_str())
            .field("name", &self.name)
            .field("token", &self.token)
            .field("private_key", &self.private_key)
            .field("project", &self.project)
            .finish()
    }
}

#[derive(Serialize, Deserialize)]
struct Document {
    runner_id: Option<u64>,
    forge: String,
    url: String,
    name: String,
    token: String,
    private_key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    project: Option<u64>,
}

/// Why a credentials document was refused; never quotes the document (it holds the secrets).
#[derive(Debug, thiserror::Error)]
pub enum SemaphoreCredentialsError {
    #[error("the credentials are not the JSON document a stored Semaphore runner prints: {0}")]
    NotCredentials(String),
    #[error("the credentials are for {found}, not Semaphore UI")]
    WrongForge { found: String },
    #[error("the credentials' url is not a URL: {0}")]
    BadUrl(String),
    #[error(transparent)]
    Store(#[from] SecretStoreError),
}

impl SemaphoreCredentials {
    pub fn scope(&self) -> Scope {
        self.project.map_or(Scope::Global, Scope::Project)
    }

    /// The JSON document `token show --format json` prints and `--credentials-stdin` reads.
    pub fn to_json(&self) -> String {
        let document = Document {
            runner_id: self.runner_id,
            forge: ForgeKind::Semaphore.as_str().to_string(),
            url: self.url.as_str().to_string(),
            name: self.name.clone(),
            token: self.token.expose().to_string(),
            private_key: self.private_key.expose().to_string(),
            project: self.project,
        };
        // A struct of strings and numbers always serialises.
        serde_json::to_string(&document).unwrap_or_default()
    }

    /// Reads the document; the messages name the place, never a value.
    pub fn from_json(text: &str) -> Result<SemaphoreCredentials, SemaphoreCredentialsError> {
        let value: serde_json::Value = serde_json::from_str(text.trim()).map_err(|error| {
            SemaphoreCredentialsError::NotCredentials(format!(
                "it is not valid JSON (line {} column {})",
                error.line(),
                error.column()
            ))
        })?;
        if let Some(forge) = value.get("forge").and_then(serde_json::Value::as_str)
            && forge != ForgeKind::Semaphore.as_str()
        {
            return Err(SemaphoreCredentialsError::WrongForge {
                found: forge.parse::<ForgeKind>().map_or_else(
                    |_| format!("an unknown forge {forge:?}"),
                    |kind| kind.display_name().to_string(),
                ),
            });
        }
        let document: Document = serde_json::from_value(value).map_err(|_| {
            SemaphoreCredentialsError::NotCredentials(
                "a field is missing or of the wrong type".to_string(),
            )
        })?;
        if document.token.trim().is_empty() || document.private_key.trim().is_empty() {
            return Err(SemaphoreCredentialsError::NotCredentials(
                "its token or private key is empty".to_string(),
            ));
        }
        let url = InstanceUrl::parse(&document.url)
            .map_err(|error| SemaphoreCredentialsError::BadUrl(error.to_string()))?;
        Ok(SemaphoreCredentials {
            runner_id: document.runner_id,
            url,
            name: document.name,
            token: RunnerToken::new(document.token.trim()),
            private_key: PrivateKey::new(document.private_key),
            project: document.project,
        })
    }

    /// Keeps the credentials in the store under the runner's id and URL (a runner with no id
    /// cannot be kept: its files hold it).
    pub fn store(&self, store: &SecretStore) -> Result<bool, SecretStoreError> {
        let Some(id) = self.runner_id else {
            return Ok(false);
        };
        store.put_runner_token(
            &self.url,
            id,
            &RunnerToken::new(self.to_json()),
            Some(&self.name),
        )?;
        Ok(true)
    }

    /// The stored credentials of runner `id` at `url`, if the store holds them.
    pub fn load(
        store: &SecretStore,
        url: &InstanceUrl,
        id: u64,
    ) -> Result<Option<SemaphoreCredentials>, SemaphoreCredentialsError> {
        match store.runner_token(url, id)? {
            Some(secret) => SemaphoreCredentials::from_json(secret.expose()).map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SemaphoreCredentials {
        SemaphoreCredentials {
            runner_id: Some(4),
            url: InstanceUrl::parse("https://semaphore.example.com").unwrap(),
            name: "ansible-01".into(),
            token: RunnerToken::new("c2VjcmV0LXJ1bm5lci10b2tlbi0wMTIzNDU2Nzg5"),
            private_key: PrivateKey::new(
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n",
            ),
            project: None,
        }
    }

    #[test]
    fn credentials_round_trip_with_the_contract_keys() {
        let credentials = sample();
        let json = credentials.to_json();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        for key in ["runner_id", "forge", "url", "name", "token", "private_key"] {
            assert!(value.get(key).is_some(), "{key} in {json}");
        }
        assert_eq!(value["forge"], "semaphore");
        assert_eq!(SemaphoreCredentials::from_json(&json).unwrap(), credentials);
    }

    #[test]
    fn neither_debug_nor_errors_show_a_secret() {
        let credentials = sample();
        let debug = format!("{credentials:?}");
        assert!(
            !debug.contains("c2VjcmV0") && !debug.contains("MIIE"),
            "{debug}"
        );
        let broken = credentials
            .to_json()
            .replace("\"name\"", "\"name\": 5, \"x\"");
        let error = SemaphoreCredentials::from_json(&broken)
            .unwrap_err()
            .to_string();
        assert!(
            !error.contains("c2VjcmV0") && !error.contains("MIIE"),
            "{error}"
        );
    }

    #[test]
    fn another_forge_s_credentials_are_refused() {
        let json = sample().to_json().replace("\"semaphore\"", "\"gitea\"");
        assert!(matches!(
            SemaphoreCredentials::from_json(&json),
            Err(SemaphoreCredentialsError::WrongForge { .. })
        ));
    }
}
