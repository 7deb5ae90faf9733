//! The values the client returns, and how the two servers' JSON becomes them.

use std::fmt;

use serde::Deserialize;
use serde_json::Value;

use crate::token::RunnerToken;

/// Where a runner, a registration token or a job list lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole instance (site administrator).
    Instance,
    /// An organization (its owner).
    Org(String),
    /// The token's own user.
    User,
    /// A repository (its owner or an administrator of it).
    Repo { owner: String, name: String },
}

impl Scope {
    /// The route prefix below the instance URL, path parts percent-encoded
    /// (gitea routers/api/v1/api.go: `/admin`, `/orgs/{org}`, `/user`, `/repos/{owner}/{repo}`).
    pub fn prefix(&self) -> String {
        match self {
            Scope::Instance => "/api/v1/admin".to_string(),
            Scope::Org(org) => format!("/api/v1/orgs/{}", segment(org)),
            Scope::User => "/api/v1/user".to_string(),
            Scope::Repo { owner, name } => {
                format!("/api/v1/repos/{}/{}", segment(owner), segment(name))
            }
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scope::Instance => f.write_str("the instance"),
            Scope::Org(org) => write!(f, "organization {org}"),
            Scope::User => f.write_str("the token's user"),
            Scope::Repo { owner, name } => write!(f, "repository {owner}/{name}"),
        }
    }
}

/// One path segment, percent-encoded: a `/`, `?` or `#` in a name never changes the route.
pub(crate) fn segment(part: &str) -> String {
    percent_encoding::utf8_percent_encode(part, SEGMENT).to_string()
}

const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A scope's registration token: anyone holding it registers runners there. Never printed,
/// logged or stored; `Debug` and `Display` hide it.
#[derive(Clone, PartialEq, Eq)]
pub struct RegistrationToken(String);

impl RegistrationToken {
    pub fn new(value: impl Into<String>) -> Self {
        RegistrationToken(value.into())
    }

    /// The token itself, for the wire.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RegistrationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RegistrationToken(REDACTED)")
    }
}

impl fmt::Display for RegistrationToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("REDACTED")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GiteaUser {
    pub id: i64,
    pub login: String,
    #[serde(default)]
    pub is_admin: bool,
}

/// A repository: its full name, its owner's login, and whether Actions is on for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    /// The repository's id (what Forgejo's job lists name a repository by); 0 when unsaid.
    pub id: i64,
    pub full_name: String,
    pub owner: String,
    pub has_actions: bool,
}

#[derive(Deserialize)]
pub(crate) struct RepoWire {
    #[serde(default, deserialize_with = "optional_int64")]
    id: Option<i64>,
    full_name: String,
    owner: Option<Owner>,
    // modules/structs/repo.go `HasActions bool json:"has_actions"`; absent on old servers,
    // where Actions was a site-wide switch.
    #[serde(default = "yes")]
    has_actions: bool,
}

#[derive(Deserialize)]
struct Owner {
    login: String,
}

fn yes() -> bool {
    true
}

impl From<RepoWire> for Repo {
    fn from(wire: RepoWire) -> Repo {
        let owner = match wire.owner {
            Some(owner) => owner.login,
            None => wire
                .full_name
                .split_once('/')
                .map(|(owner, _)| owner.to_string())
                .unwrap_or_default(),
        };
        Repo {
            id: wire.id.unwrap_or(0),
            full_name: wire.full_name,
            owner,
            has_actions: wire.has_actions,
        }
    }
}

/// An organization the token's user belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Org {
    pub id: i64,
    // modules/structs/org.go: `Name string json:"name"` (`username` is its deprecated twin).
    #[serde(alias = "username")]
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunnerStatus {
    /// Gitea: contacted within the last minute.
    Online,
    Offline,
    /// Forgejo: online, no job.
    Idle,
    /// Forgejo: online, running a job.
    Active,
    /// A word neither server sends today.
    Unknown,
}

impl RunnerStatus {
    fn parse(word: &str) -> RunnerStatus {
        match word.to_ascii_lowercase().as_str() {
            "online" => RunnerStatus::Online,
            "offline" => RunnerStatus::Offline,
            "idle" => RunnerStatus::Idle,
            "active" => RunnerStatus::Active,
            _ => RunnerStatus::Unknown,
        }
    }

    pub fn online(self) -> bool {
        matches!(
            self,
            RunnerStatus::Online | RunnerStatus::Idle | RunnerStatus::Active
        )
    }
}

/// A runner as the REST API lists it. Gitea gives no uuid, owner, repo or version (gitea
/// services/convert/convert.go `ToActionRunner`); Forgejo 15 gives them and no `busy` or
/// `disabled` (its status says `active`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRunner {
    pub id: i64,
    pub uuid: Option<String>,
    pub name: String,
    pub status: RunnerStatus,
    pub busy: bool,
    pub disabled: bool,
    pub ephemeral: bool,
    /// The label names (what `runs-on` matches).
    pub labels: Vec<String>,
    pub owner_id: Option<i64>,
    pub repo_id: Option<i64>,
    pub version: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct RunnerWire {
    #[serde(deserialize_with = "int64")]
    id: i64,
    #[serde(default)]
    uuid: Option<String>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    busy: bool,
    #[serde(default)]
    disabled: bool,
    #[serde(default)]
    ephemeral: bool,
    #[serde(default)]
    labels: Value,
    #[serde(default, deserialize_with = "optional_int64")]
    owner_id: Option<i64>,
    #[serde(default, deserialize_with = "optional_int64")]
    repo_id: Option<i64>,
    #[serde(default)]
    version: Option<String>,
}

impl From<RunnerWire> for ActionRunner {
    fn from(wire: RunnerWire) -> ActionRunner {
        let status = RunnerStatus::parse(&wire.status);
        ActionRunner {
            id: wire.id,
            uuid: wire.uuid.filter(|uuid| !uuid.is_empty()),
            name: wire.name,
            busy: wire.busy || status == RunnerStatus::Active,
            status,
            disabled: wire.disabled,
            ephemeral: wire.ephemeral,
            labels: label_names(&wire.labels),
            // Forgejo sends 0 for "none".
            owner_id: wire.owner_id.filter(|id| *id != 0),
            repo_id: wire.repo_id.filter(|id| *id != 0),
            version: wire.version.filter(|version| !version.is_empty()),
        }
    }
}

/// Label names from either shape: Gitea's `[{"id", "name", "type"}]`, Forgejo's `["name"]`
/// (`null` when empty).
pub(crate) fn label_names(labels: &Value) -> Vec<String> {
    labels
        .as_array()
        .map(|labels| {
            labels
                .iter()
                .filter_map(|label| match label {
                    Value::String(name) => Some(name.clone()),
                    other => other.get("name")?.as_str().map(str::to_string),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A job waiting for a runner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitingJob {
    pub id: i64,
    /// Forgejo's runners/jobs lists no run.
    pub run_id: Option<i64>,
    pub name: String,
    /// Its `runs-on`.
    pub labels: Vec<String>,
    pub status: String,
    pub repo_id: Option<i64>,
    pub owner_id: Option<i64>,
    /// `owner/repo`, when the answer says it (Gitea's job `url`).
    pub repo: Option<String>,
    pub head_branch: Option<String>,
}

/// Gitea 1.25+ `{scope}/actions/jobs` (modules/structs/repo_actions.go `ActionWorkflowJob`) and
/// Forgejo `{scope}/actions/runners/jobs` (`ActionRunJob`: `runs_on`, `repo_id`, `owner_id`).
#[derive(Deserialize)]
pub(crate) struct JobWire {
    #[serde(deserialize_with = "int64")]
    id: i64,
    #[serde(default, deserialize_with = "optional_int64")]
    run_id: Option<i64>,
    #[serde(default)]
    name: String,
    #[serde(default)]
    labels: Option<Vec<String>>,
    #[serde(default)]
    runs_on: Option<Vec<String>>,
    #[serde(default)]
    status: String,
    #[serde(default, deserialize_with = "optional_int64")]
    repo_id: Option<i64>,
    #[serde(default, deserialize_with = "optional_int64")]
    owner_id: Option<i64>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    head_branch: Option<String>,
}

impl From<JobWire> for WaitingJob {
    fn from(wire: JobWire) -> WaitingJob {
        WaitingJob {
            id: wire.id,
            run_id: wire.run_id.filter(|id| *id != 0),
            name: wire.name,
            labels: wire.labels.or(wire.runs_on).unwrap_or_default(),
            status: wire.status,
            repo_id: wire.repo_id.filter(|id| *id != 0),
            owner_id: wire.owner_id.filter(|id| *id != 0),
            repo: wire.url.as_deref().and_then(repo_of_job_url),
            head_branch: wire.head_branch.filter(|branch| !branch.is_empty()),
        }
    }
}

/// `owner/repo` from a job's API address (`…/api/v1/repos/{owner}/{repo}/actions/jobs/{id}`,
/// gitea services/convert/convert.go `ToActionWorkflowJob`).
fn repo_of_job_url(url: &str) -> Option<String> {
    let rest = &url[url.find("/repos/")? + "/repos/".len()..];
    let mut parts = rest.split('/');
    let (owner, repo) = (parts.next()?, parts.next()?);
    (!owner.is_empty() && !repo.is_empty() && parts.next() == Some("actions")).then(|| {
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(part)
                .decode_utf8_lossy()
                .into_owned()
        };
        format!("{}/{}", decode(owner), decode(repo))
    })
}

/// A runner made by Forgejo 15's `POST {scope}/actions/runners`: it exists at once, with no
/// labels until a Declare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedRunner {
    pub id: i64,
    pub uuid: String,
    pub token: RunnerToken,
}

/// What `Register` answers: the runner's own credentials (the token is given only here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredRunner {
    pub id: i64,
    pub uuid: String,
    pub token: RunnerToken,
    pub name: String,
    pub labels: Vec<String>,
}

/// What `Declare` answers: the runner as the server now records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredRunner {
    pub id: i64,
    pub labels: Vec<String>,
    pub version: Option<String>,
}

/// An int64 as protojson writes it (a string, `"17"`) or as Go's encoding/json does (a number).
pub(crate) fn int64<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Number(number) => number
            .as_i64()
            .ok_or_else(|| serde::de::Error::custom(format!("{number} is not an int64"))),
        Value::String(text) => text
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not an int64"))),
        other => Err(serde::de::Error::custom(format!(
            "expected an int64, found {other}"
        ))),
    }
}

pub(crate) fn optional_int64<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<i64>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        value => int64(value).map(Some).map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_routes_encode_their_parts() {
        assert_eq!(Scope::Instance.prefix(), "/api/v1/admin");
        assert_eq!(Scope::User.prefix(), "/api/v1/user");
        assert_eq!(
            Scope::Org("team a".into()).prefix(),
            "/api/v1/orgs/team%20a"
        );
        assert_eq!(
            Scope::Repo {
                owner: "o".into(),
                name: "r/../x?y".into()
            }
            .prefix(),
            "/api/v1/repos/o/r%2F..%2Fx%3Fy"
        );
    }

    #[test]
    fn int64_is_read_as_a_string_or_a_number() {
        #[derive(Deserialize)]
        struct Id {
            #[serde(deserialize_with = "int64")]
            id: i64,
            #[serde(default, deserialize_with = "optional_int64")]
            other: Option<i64>,
        }
        let as_string: Id = serde_json::from_str(r#"{"id": "17", "other": "9"}"#).unwrap();
        assert_eq!((as_string.id, as_string.other), (17, Some(9)));
        let as_number: Id = serde_json::from_str(r#"{"id": 17}"#).unwrap();
        assert_eq!((as_number.id, as_number.other), (17, None));
        assert!(serde_json::from_str::<Id>(r#"{"id": "x"}"#).is_err());
        assert!(serde_json::from_str::<Id>(r#"{"id": 1.5}"#).is_err());
    }

    #[test]
    fn runners_of_both_servers_read_alike() {
        let gitea: RunnerWire = serde_json::from_str(
            r#"{"id": 3, "name": "a", "status": "online", "busy": true, "disabled": true,
                "ephemeral": false, "labels": [{"id": 1, "name": "ubuntu", "type": "custom"}]}"#,
        )
        .unwrap();
        let gitea = ActionRunner::from(gitea);
        assert_eq!(gitea.labels, ["ubuntu"]);
        assert!(gitea.status.online() && gitea.busy && gitea.disabled);
        assert_eq!((gitea.uuid, gitea.owner_id), (None, None));
        let forgejo: RunnerWire = serde_json::from_str(
            r#"{"id": 4, "uuid": "u-1", "name": "b", "owner_id": 0, "repo_id": 7,
                "version": "v9", "status": "idle", "labels": null, "ephemeral": true}"#,
        )
        .unwrap();
        let forgejo = ActionRunner::from(forgejo);
        assert_eq!(forgejo.status, RunnerStatus::Idle);
        assert!(forgejo.status.online() && !forgejo.busy);
        assert!(forgejo.labels.is_empty());
        assert_eq!((forgejo.owner_id, forgejo.repo_id), (None, Some(7)));
        assert_eq!(forgejo.uuid.as_deref(), Some("u-1"));
        assert!(!RunnerStatus::parse("offline").online());
        assert!(RunnerStatus::parse("active").online());
    }

    #[test]
    fn jobs_of_both_servers_read_alike() {
        let gitea: JobWire = serde_json::from_str(
            r#"{"id": 5, "run_id": 2, "name": "build", "labels": ["ubuntu"], "status": "queued",
                "url": "https://git.example/api/v1/repos/o/my%20r/actions/jobs/5",
                "head_branch": "main"}"#,
        )
        .unwrap();
        let gitea = WaitingJob::from(gitea);
        assert_eq!(gitea.repo.as_deref(), Some("o/my r"));
        assert_eq!(gitea.labels, ["ubuntu"]);
        assert_eq!(gitea.run_id, Some(2));
        let forgejo: JobWire = serde_json::from_str(
            r#"{"id": 6, "repo_id": 3, "owner_id": 1, "name": "test", "needs": [],
                "runs_on": ["docker"], "task_id": 0, "status": "waiting"}"#,
        )
        .unwrap();
        let forgejo = WaitingJob::from(forgejo);
        assert_eq!(forgejo.labels, ["docker"]);
        assert_eq!((forgejo.repo_id, forgejo.repo), (Some(3), None));
    }

    #[test]
    fn a_registration_token_never_shows() {
        let token = RegistrationToken::new("s3cret");
        assert!(!format!("{token:?} {token}").contains("s3cret"));
        assert_eq!(token.expose(), "s3cret");
    }
}
