//! The forge's API: whether it answers, whether it takes the API token, and whether the
//! requested scope exists. The ids keep their contract names (`gitlab.*`).

use serde_json::{Map, Value, json};

use super::{Describe, evidence};
use crate::doctor::catalogue::{FindingId, Subject};
use crate::doctor::facts::{ScopeKind, UnreachableCause};

/// `gitlab.unreachable`
#[derive(Debug, Clone, PartialEq)]
pub struct GitlabUnreachable {
    pub url: String,
    pub cause: UnreachableCause,
}

impl Describe for GitlabUnreachable {
    const ID: FindingId = FindingId::GitlabUnreachable;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("url", json!(self.url)),
            ("cause", json!(self.cause.as_str())),
        ])
    }

    fn summary(&self) -> String {
        let url = &self.url;
        let why = match self.cause {
            UnreachableCause::Dns => "its host name does not resolve",
            UnreachableCause::Tls => "the TLS handshake failed",
            UnreachableCause::Refused => "the connection was refused",
            UnreachableCause::Timeout => "the connection timed out",
            UnreachableCause::Dropped => {
                "the connection closed after the request was sent, without an answer"
            }
            UnreachableCause::Http5xx => "it answered with a 5xx server error",
            UnreachableCause::NotGitlab => {
                return format!(
                    "What answers at {url} does not look like GitLab's API (an HTML page, a login page, a body that is not the API's JSON, or no API route), so runners and jobs were not checked."
                );
            }
        };
        format!(
            "GitLab at {url} could not be reached ({why}), so runners and jobs were not checked."
        )
    }

    fn fix(&self) -> String {
        let url = &self.url;
        match self.cause {
            UnreachableCause::Dns => "Check the URL (`--url` or `GITLAB_URL`) and this machine's DNS settings.".to_string(),
            UnreachableCause::Tls => "If GitLab uses a private certificate authority, pass `--ca-file PATH` or set `SSL_CERT_FILE`; also check that the URL's scheme (https or http) is right.".to_string(),
            UnreachableCause::Refused => format!(
                "Check that GitLab listens at {url} and that no firewall is in the way; behind a proxy, set `HTTPS_PROXY`."
            ),
            UnreachableCause::Timeout => "Check the network path to GitLab (behind a proxy, set `HTTPS_PROXY` and `NO_PROXY`), or allow more time with `--timeout`.".to_string(),
            UnreachableCause::Dropped => "Something between this machine and GitLab (a proxy, a load balancer, a firewall) or GitLab itself closed the connection: try again, and check the proxy (`HTTPS_PROXY`) and GitLab's health.".to_string(),
            UnreachableCause::Http5xx => "GitLab itself is failing or being upgraded: try again later, or ask its administrators.".to_string(),
            UnreachableCause::NotGitlab => match url.strip_suffix("/api/v4").filter(|base| base.contains("://")) {
                Some(base) => format!(
                    "The URL ends in /api/v4, which runnerctl adds itself: drop it, `--url {base}` (or fix `GITLAB_URL`, or log in again with `runnerctl auth login --url {base}`)."
                ),
                None => "Give the address of GitLab's web interface, such as https://gitlab.example.com, with `--url URL` or `GITLAB_URL` (or `runnerctl auth login --url URL`); if a proxy or a single-sign-on page sits in front of GitLab, let API requests (`/api/v4`, `/api/graphql`) through.".to_string(),
            },
        }
    }
}

/// `gitlab.unreachable` with cause `redirect`.
#[derive(Debug, Clone, PartialEq)]
pub struct GitlabRedirected {
    pub url: String,
    pub location: String,
    pub new_url: Option<String>,
}

impl Describe for GitlabRedirected {
    const ID: FindingId = FindingId::GitlabUnreachable;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("url", json!(self.url)),
            ("cause", json!("redirect")),
            ("location", json!(self.location)),
        ])
    }

    fn summary(&self) -> String {
        let Self { url, location, .. } = self;
        match self.new_url {
            Some(_) => format!(
                "GitLab at {url} answered with a redirect to {location}, another address, which runnerctl does not follow (no token goes there), so runners and jobs were not checked."
            ),
            None => format!(
                "GitLab at {url} answered with redirects that runnerctl stopped following at {location}, so runners and jobs were not checked."
            ),
        }
    }

    fn fix(&self) -> String {
        match &self.new_url {
            Some(new_url) => format!(
                "If GitLab moved there, use its new address: `runnerctl doctor --url {new_url}` (or set `GITLAB_URL`); otherwise check the proxy in front of GitLab."
            ),
            None => "Check the URL (`--url` or `GITLAB_URL`) and the proxy in front of GitLab, which redirects runnerctl's requests.".to_string(),
        }
    }
}

/// `gitlab.auth_failed`
#[derive(Debug, Clone, PartialEq)]
pub struct GitlabAuthFailed {
    pub url: Option<String>,
    pub status: u16,
    pub needed_scope: Option<String>,
}

impl Describe for GitlabAuthFailed {
    const ID: FindingId = FindingId::GitlabAuthFailed;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("status", json!(self.status)),
            ("needed_scope", json!(self.needed_scope)),
        ])
    }

    fn summary(&self) -> String {
        let Self {
            url,
            status,
            needed_scope,
        } = self;
        let gitlab = url
            .as_deref()
            .map_or("GitLab".to_string(), |url| format!("GitLab at {url}"));
        match (status, needed_scope) {
            (401, _) => format!(
                "{gitlab} refused the API token (401: missing, invalid, expired or revoked), so runners and jobs were not checked."
            ),
            (_, Some(scope)) => format!(
                "{gitlab} refused the API token ({status}): it lacks the `{scope}` scope, so runners and jobs were not checked."
            ),
            (_, None) => format!(
                "{gitlab} refused the API token ({status}), so runners and jobs were not checked."
            ),
        }
    }

    fn fix(&self) -> String {
        match (self.status, &self.needed_scope) {
            (401, _) => "Log in with a valid token: `runnerctl auth login` (or set `GITLAB_TOKEN`).".to_string(),
            (_, Some(scope)) if scope == "admin_mode" => "The token's user is an administrator, but this GitLab has Admin Mode on, where a token acts as an administrator only with the `admin_mode` scope: create a token with the `api` and `admin_mode` scopes and save it with `runnerctl auth login` (or set `GITLAB_TOKEN`).".to_string(),
            (_, Some(scope)) => format!(
                "Create a token with the `{scope}` scope and save it with `runnerctl auth login` (or set `GITLAB_TOKEN`)."
            ),
            (_, None) => "Use the token of a user with access to these runners and projects: `runnerctl auth login` (or set `GITLAB_TOKEN`).".to_string(),
        }
    }
}

/// `gitlab.scope_not_found`
#[derive(Debug, Clone, PartialEq)]
pub struct GitlabScopeNotFound {
    pub kind: ScopeKind,
    pub reference: String,
}

impl Describe for GitlabScopeNotFound {
    const ID: FindingId = FindingId::GitlabScopeNotFound;

    fn subject(&self) -> Subject {
        Subject::Machine
    }

    fn evidence(&self) -> Map<String, Value> {
        evidence(vec![
            ("kind", json!(self.kind.as_str())),
            ("ref", json!(self.reference)),
        ])
    }

    fn summary(&self) -> String {
        let reference = &self.reference;
        match self.kind {
            ScopeKind::Group => format!(
                "Group {reference} does not exist in GitLab, or your API token cannot see it, so nothing under it was checked."
            ),
            ScopeKind::Project => format!(
                "Project {reference} does not exist in GitLab, or your API token cannot see it, so nothing under it was checked."
            ),
            ScopeKind::Runner => format!(
                "Runner {reference} does not exist in GitLab, or your API token cannot see it, so it was not checked."
            ),
        }
    }

    fn fix(&self) -> String {
        let reference = &self.reference;
        match self.kind {
            ScopeKind::Group => format!(
                "Check the group's full path (`-g {reference}`: as in its URL, such as `team/sub`), or use a token of a user who is a member of it."
            ),
            ScopeKind::Project => format!(
                "Check the project's full path (`-p {reference}`: as in its URL, such as `team/app`), or use a token of a user who is a member of it."
            ),
            ScopeKind::Runner => format!(
                "Check the runner id (`--runner {reference}`); `runnerctl list` shows the runners your token can see."
            ),
        }
    }
}
