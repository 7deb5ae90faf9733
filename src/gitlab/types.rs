//! The parts of GitLab's REST entities runnerctl reads (field names as in lib/api/entities).

use serde::{Deserialize, Serialize};

use crate::token::RunnerToken;

#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub id: u64,
    pub username: String,
    #[serde(default)]
    pub name: String,
    /// Only present for administrators (and only shown to them).
    #[serde(default)]
    pub is_admin: Option<bool>,
}

/// `GET /personal_access_tokens/self`.
#[derive(Debug, Clone, Deserialize)]
pub struct AccessTokenInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub scopes: Vec<String>,
    #[serde(default)]
    pub expires_at: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Group {
    pub id: u64,
    pub full_path: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Project {
    pub id: u64,
    pub path_with_namespace: String,
    #[serde(default)]
    pub shared_runners_enabled: Option<bool>,
    /// Shown only to users who may administer the project (Maintainer and above).
    #[serde(default)]
    pub group_runners_enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum RunnerType {
    InstanceType,
    GroupType,
    ProjectType,
}

impl RunnerType {
    /// GitLab's REST spelling (GraphQL's is the same in capitals).
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// The answer of `POST /user/runners`: the only time GitLab shows the token.
#[derive(Debug, Deserialize)]
pub struct CreatedRunner {
    pub id: u64,
    pub token: RunnerToken,
    #[serde(default)]
    pub token_expires_at: Option<String>,
}

/// What `POST /user/runners` takes besides the runner type and owner.
#[derive(Debug, Clone, Default)]
pub struct RunnerSettings {
    pub description: Option<String>,
    pub tag_list: Option<Vec<String>>,
    pub run_untagged: Option<bool>,
    pub locked: Option<bool>,
    pub paused: Option<bool>,
    pub access_level: Option<String>,
    pub maximum_timeout: Option<u32>,
    pub maintenance_note: Option<String>,
}

impl RunnerSettings {
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut body = serde_json::Map::new();
        let mut put = |key: &str, value: serde_json::Value| {
            body.insert(key.to_string(), value);
        };
        if let Some(value) = &self.description {
            put("description", value.clone().into());
        }
        if let Some(tags) = &self.tag_list {
            put("tag_list", tags.clone().into());
        }
        if let Some(value) = self.run_untagged {
            put("run_untagged", value.into());
        }
        if let Some(value) = self.locked {
            put("locked", value.into());
        }
        if let Some(value) = self.paused {
            put("paused", value.into());
        }
        if let Some(value) = &self.access_level {
            put("access_level", value.clone().into());
        }
        if let Some(value) = self.maximum_timeout {
            put("maximum_timeout", value.into());
        }
        if let Some(value) = &self.maintenance_note {
            put("maintenance_note", value.clone().into());
        }
        body
    }
}

/// The owner of a new runner, resolved to the numeric id `POST /user/runners` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunnerOwner {
    Instance,
    Group(u64),
    Project(u64),
}

impl RunnerOwner {
    pub fn runner_type(self) -> RunnerType {
        match self {
            RunnerOwner::Instance => RunnerType::InstanceType,
            RunnerOwner::Group(_) => RunnerType::GroupType,
            RunnerOwner::Project(_) => RunnerType::ProjectType,
        }
    }
}
