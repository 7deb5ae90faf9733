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
    /// A date (`lib/api/entities/personal_access_token.rb` exposes the `date` column).
    #[serde(default, deserialize_with = "date_or_time")]
    pub expires_at: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub active: Option<bool>,
}

/// `2027-01-01`, or the date of an ISO 8601 time (a proxy or an older GitLab may send one).
fn date_or_time<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<chrono::NaiveDate>, D::Error> {
    let Some(text) = Option::<String>::deserialize(deserializer)? else {
        return Ok(None);
    };
    chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .or_else(|_| chrono::DateTime::parse_from_rfc3339(&text).map(|time| time.date_naive()))
        .map(Some)
        .map_err(|_| serde::de::Error::custom(format!("expires_at {text:?} is not a date")))
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
pub(super) struct CreatedRunner {
    pub id: u64,
    pub token: RunnerToken,
    /// Any JSON value: an expiry that cannot be read must not fail the answer that carries
    /// the once-shown token (see `forge.rs`'s `TokenExpiry`).
    #[serde(default)]
    pub token_expires_at: Option<serde_json::Value>,
}

/// What `POST /user/runners` takes besides the runner type and owner (and what
/// `PUT /runners/:id` changes): each field that is set, under GitLab's own name.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RunnerSettings {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag_list: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_untagged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paused: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_level: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum_timeout: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maintenance_note: Option<String>,
}

impl RunnerSettings {
    /// The request body's fields, to which a call adds its own (`runner_type`, the owner).
    pub fn to_json(&self) -> serde_json::Map<String, serde_json::Value> {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(body)) => body,
            // A struct of strings, numbers and booleans always serialises to an object.
            _ => serde_json::Map::new(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tokens_expiry_is_a_date() {
        let read = |json: &str| serde_json::from_str::<AccessTokenInfo>(json).map(|i| i.expires_at);
        let day = chrono::NaiveDate::from_ymd_opt(2027, 1, 1);
        assert_eq!(read(r#"{"expires_at": "2027-01-01"}"#).unwrap(), day);
        assert_eq!(
            read(r#"{"expires_at": "2027-01-01T00:00:00.000Z"}"#).unwrap(),
            day
        );
        assert_eq!(read(r#"{"expires_at": null}"#).unwrap(), None);
        assert_eq!(read("{}").unwrap(), None);
        assert!(read(r#"{"expires_at": "soon"}"#).is_err());
    }

    #[test]
    fn settings_send_only_what_is_set_under_gitlabs_names() {
        assert!(RunnerSettings::default().to_json().is_empty());
        let settings = RunnerSettings {
            description: Some("build box".into()),
            tag_list: Some(vec!["docker".into(), "gpu".into()]),
            run_untagged: Some(false),
            locked: Some(true),
            paused: Some(false),
            access_level: Some("ref_protected".into()),
            maximum_timeout: Some(3600),
            maintenance_note: Some("rack 4".into()),
        };
        assert_eq!(
            serde_json::Value::Object(settings.to_json()),
            serde_json::json!({
                "description": "build box",
                "tag_list": ["docker", "gpu"],
                "run_untagged": false,
                "locked": true,
                "paused": false,
                "access_level": "ref_protected",
                "maximum_timeout": 3600,
                "maintenance_note": "rack 4",
            })
        );
    }
}
