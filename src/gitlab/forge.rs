//! GitLab behind the forge seam: each call of [`Forge`] delegates to the client's typed call
//! for that endpoint, and the neutral scope, filter and settings become GitLab's parameters.

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};

use super::client::Client;
use super::error::ApiError;
use super::graphql::{PAGE_SIZE, RunnerFilter as GraphqlRunnerFilter, RunnerNode, RunnerSource};
use super::projects::RestRunnerFilter;
use super::runners::{RunnerDetails as RestRunnerDetails, RunnerManager as RestRunnerManager};
use super::types::{RunnerOwner, RunnerSettings as GitLabRunnerSettings, RunnerType};
use crate::contact_state::ContactState;
use crate::forge::{
    CreatedRunner, Forge, NewToken, RunnerDetails, RunnerFilter, RunnerKind, RunnerManager,
    RunnerSettings, RunnerSummary, Scope, VerifiedRunner,
};
use crate::token::RunnerToken;

impl From<RunnerType> for RunnerKind {
    fn from(runner_type: RunnerType) -> RunnerKind {
        match runner_type {
            RunnerType::InstanceType => RunnerKind::Instance,
            RunnerType::GroupType => RunnerKind::Group,
            RunnerType::ProjectType => RunnerKind::Project,
        }
    }
}

impl From<RunnerKind> for RunnerType {
    fn from(kind: RunnerKind) -> RunnerType {
        match kind {
            RunnerKind::Instance => RunnerType::InstanceType,
            RunnerKind::Group => RunnerType::GroupType,
            RunnerKind::Project => RunnerType::ProjectType,
        }
    }
}

impl From<RunnerSettings> for GitLabRunnerSettings {
    fn from(settings: RunnerSettings) -> GitLabRunnerSettings {
        GitLabRunnerSettings {
            description: settings.description,
            tag_list: settings.tags,
            run_untagged: settings.run_untagged,
            locked: settings.locked,
            paused: settings.paused,
            access_level: None,
            maximum_timeout: settings.maximum_timeout,
            maintenance_note: settings.maintenance_note,
        }
    }
}

/// An owner named by its numeric id, so that creating a runner there looks nothing up.
impl From<RunnerOwner> for Scope {
    fn from(owner: RunnerOwner) -> Scope {
        match owner {
            RunnerOwner::Instance => Scope::Instance,
            RunnerOwner::Group(id) => Scope::Group(id.to_string()),
            RunnerOwner::Project(id) => Scope::Project(id.to_string()),
        }
    }
}

/// Where GraphQL's `runners` connection hangs for a scope; a group's includes its subgroups'.
fn runner_source(scope: &Scope) -> RunnerSource<'_> {
    match scope {
        Scope::Instance => RunnerSource::Instance,
        Scope::Group(group) => RunnerSource::GroupDescendants(group),
        Scope::Project(project) => RunnerSource::Project(project),
    }
}

/// GraphQL's `runners` takes every neutral filter.
fn graphql_filter(filter: &RunnerFilter) -> GraphqlRunnerFilter {
    GraphqlRunnerFilter {
        status: filter.status,
        tags: filter.tags.clone(),
        paused: filter.paused,
        runner_type: filter.kind.map(RunnerType::from),
    }
}

/// The filters `GET /runners` is sent; the runner type is kept afterwards from each item.
fn rest_filter(filter: &RunnerFilter) -> RestRunnerFilter {
    RestRunnerFilter {
        status: filter.status,
        tags: filter.tags.clone(),
        paused: filter.paused,
    }
}

fn summary_from_node(node: RunnerNode) -> RunnerSummary {
    RunnerSummary {
        id: node.id,
        description: node.description,
        kind: node.runner_type.into(),
        paused: node.paused,
        contact: node.status,
        tags: node.tag_list,
        run_untagged: node.run_untagged,
        contacted_at: node.contacted_at,
        created_at: node.created_at,
        groups: node.groups,
        projects: node.projects,
    }
}

/// REST details with the contact state as of now (REST's status may still say `paused`).
fn details_from_rest(details: RestRunnerDetails) -> RunnerDetails {
    RunnerDetails {
        contact: details.contact_state(Utc::now()),
        id: details.id,
        description: details.description,
        kind: details.runner_type.into(),
        paused: details.paused,
        tags: details.tag_list,
        run_untagged: details.run_untagged,
        locked: details.locked,
        maximum_timeout: details.maximum_timeout,
        maintenance_note: details.maintenance_note,
        contacted_at: details.contacted_at,
        created_at: details.created_at,
    }
}

/// A token's expiry as GitLab wrote it: an RFC 3339 time, or null when tokens do not expire.
/// Anything else is kept as text beside no expiry, never an error.
struct TokenExpiry {
    at: Option<DateTime<Utc>>,
    unreadable: Option<String>,
}

impl TokenExpiry {
    fn read(value: Option<serde_json::Value>) -> TokenExpiry {
        let text = match value {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::String(text)) => Some(text),
            Some(other) => Some(other.to_string()),
        };
        let at = text.as_deref().and_then(|text| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|at| at.with_timezone(&Utc))
        });
        TokenExpiry {
            unreadable: text.filter(|_| at.is_none()),
            at,
        }
    }
}

/// A manager's contact state, online exactly when [`RestRunnerManager::is_online`] says so: a
/// status GitLab names but this code does not know is never taken for online.
fn manager_contact(manager: &RestRunnerManager, now: DateTime<Utc>) -> ContactState {
    let contact = super::runners::contact_state_from_rest(
        manager.status.as_deref(),
        manager.contacted_at,
        now,
    );
    if contact == ContactState::Online && !manager.is_online(now) {
        ContactState::Offline
    } else {
        contact
    }
}

impl Client {
    /// `POST /user/runners` takes numeric ids; a path is looked up first (which needs
    /// `read_api`, while an id alone works with a `create_runner`-only token).
    pub fn runner_owner(&self, scope: &Scope) -> Result<RunnerOwner, ApiError> {
        Ok(match (scope, scope.id()) {
            (Scope::Instance, _) => RunnerOwner::Instance,
            (Scope::Group(_), Some(id)) => RunnerOwner::Group(id),
            (Scope::Group(group), None) => RunnerOwner::Group(self.group(group)?.id),
            (Scope::Project(_), Some(id)) => RunnerOwner::Project(id),
            (Scope::Project(project), None) => RunnerOwner::Project(self.project(project)?.id),
        })
    }

    /// `GET /runners` lists no tags and no contact time, so each runner's details follow,
    /// concurrently, a page at a time (a caller that stops early reads no more details than
    /// that page's); a runner deleted between the two requests is left out.
    fn owned_runner_summary_pages(
        &self,
        filter: &RunnerFilter,
        page_size: u32,
        each: &mut dyn FnMut(Vec<RunnerSummary>) -> ControlFlow<()>,
    ) -> Result<(), ApiError> {
        let wanted_type = filter.kind.map(RunnerType::from);
        self.owned_runner_pages(&rest_filter(filter), page_size, &mut |page| {
            let items: Vec<_> = page
                .into_iter()
                .filter(|item| wanted_type.is_none_or(|wanted| item.runner_type == wanted))
                .collect();
            let details = self.fan_out(&items, |item| Client::runner(self, item.id));
            let now = Utc::now();
            let mut runners = Vec::with_capacity(items.len());
            for (item, detail) in items.into_iter().zip(details) {
                let detail = match detail {
                    Ok(detail) => detail,
                    Err(ApiError::NotFound { .. }) => continue,
                    Err(error) => return Err(error),
                };
                runners.push(RunnerSummary {
                    id: item.id,
                    contact: detail.contact_state(now),
                    description: detail.description.or(item.description),
                    kind: detail.runner_type.into(),
                    paused: detail.paused,
                    tags: detail.tag_list,
                    run_untagged: detail.run_untagged,
                    contacted_at: detail.contacted_at,
                    created_at: detail.created_at,
                    groups: Vec::new(),
                    projects: Vec::new(),
                });
            }
            Ok(each(runners))
        })
    }
}

// Each call names the inherent method it delegates to as `Client::name(self, …)`: inherent
// methods win over trait methods of the same name, so this is never the trait calling itself.
impl Forge for Client {
    type Error = ApiError;
    type Settings = GitLabRunnerSettings;

    fn create_runner(
        &self,
        scope: &Scope,
        settings: &GitLabRunnerSettings,
    ) -> Result<CreatedRunner, ApiError> {
        let owner = self.runner_owner(scope)?;
        let created = Client::create_runner(self, owner, settings)?;
        Ok(CreatedRunner {
            id: created.id,
            token: created.token,
            token_expires_at: TokenExpiry::read(created.token_expires_at).at,
        })
    }

    fn runner(&self, id: u64) -> Result<RunnerDetails, ApiError> {
        Client::runner(self, id).map(details_from_rest)
    }

    fn read_runners(
        &self,
        scope: Option<&Scope>,
        filter: &RunnerFilter,
        page_size: Option<usize>,
        each: &mut dyn FnMut(Vec<RunnerSummary>) -> ControlFlow<()>,
    ) -> Result<(), ApiError> {
        let page_size = page_size.map_or(PAGE_SIZE, |size| {
            u32::try_from(size).unwrap_or(PAGE_SIZE).min(PAGE_SIZE)
        });
        match scope {
            Some(scope) => self.graphql_runner_pages(
                runner_source(scope),
                &graphql_filter(filter),
                page_size,
                &mut |nodes| Ok(each(nodes.into_iter().map(summary_from_node).collect())),
            ),
            None => self.owned_runner_summary_pages(filter, page_size, each),
        }
    }

    fn update_runner(
        &self,
        id: u64,
        settings: &GitLabRunnerSettings,
    ) -> Result<RunnerDetails, ApiError> {
        Client::update_runner(self, id, settings).map(details_from_rest)
    }

    fn delete_runner(&self, id: u64) -> Result<(), ApiError> {
        Client::delete_runner(self, id)
    }

    fn reset_runner_token(&self, id: u64) -> Result<NewToken, ApiError> {
        let reset = Client::reset_runner_token(self, id)?;
        let expiry = TokenExpiry::read(reset.token_expires_at);
        Ok(NewToken {
            token: reset.token,
            token_expires_at: expiry.at,
            unreadable_expiry: expiry.unreadable,
        })
    }

    fn verify_runner(
        &self,
        token: &RunnerToken,
        system_id: &str,
    ) -> Result<VerifiedRunner, ApiError> {
        let verified = Client::verify_runner(self, token, system_id)?;
        Ok(VerifiedRunner {
            id: verified.id,
            token_expires_at: verified.token_expires_at,
        })
    }

    fn delete_runner_manager(&self, token: &RunnerToken, system_id: &str) -> Result<(), ApiError> {
        Client::delete_runner_manager(self, token, system_id)
    }

    fn delete_runner_by_token(&self, token: &RunnerToken) -> Result<(), ApiError> {
        Client::delete_runner_by_token(self, token)
    }

    fn runner_managers(&self, id: u64) -> Result<Vec<RunnerManager>, ApiError> {
        let now = Utc::now();
        Ok(Client::runner_managers(self, id)?
            .into_iter()
            .map(|manager| RunnerManager {
                contact: manager_contact(&manager, now),
                id: manager.id,
                system_id: manager.system_id,
                contacted_at: manager.contacted_at,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_filter() -> RunnerFilter {
        RunnerFilter {
            status: Some(crate::contact_state::ContactState::Offline),
            tags: vec!["docker".into(), "linux \"x\"".into()],
            paused: Some(true),
            kind: Some(RunnerKind::Group),
        }
    }

    #[test]
    fn scopes_become_graphql_sources() {
        assert_eq!(runner_source(&Scope::Instance), RunnerSource::Instance);
        assert_eq!(
            runner_source(&Scope::Group("team/sub".into())),
            RunnerSource::GroupDescendants("team/sub")
        );
        assert_eq!(
            runner_source(&Scope::Project("team/app".into())),
            RunnerSource::Project("team/app")
        );
    }

    #[test]
    fn a_filter_becomes_graphql_arguments() {
        assert_eq!(
            graphql_filter(&every_filter()).arguments(),
            r#", status: OFFLINE, tagList: ["docker", "linux \"x\""], paused: true, type: GROUP_TYPE"#
        );
        assert_eq!(graphql_filter(&RunnerFilter::default()).arguments(), "");
    }

    #[test]
    fn a_filter_becomes_rest_query_parameters() {
        assert_eq!(
            rest_filter(&every_filter()).query(),
            vec![
                ("status", "offline".to_string()),
                ("tag_list", "docker,linux \"x\"".to_string()),
                ("paused", "true".to_string()),
            ]
        );
        assert!(rest_filter(&RunnerFilter::default()).query().is_empty());
    }

    #[test]
    fn never_contacted_is_sent_in_graphql_spelling() {
        let filter = RunnerFilter {
            status: Some(crate::contact_state::ContactState::NeverContacted),
            ..RunnerFilter::default()
        };
        assert_eq!(
            graphql_filter(&filter).arguments(),
            ", status: NEVER_CONTACTED"
        );
    }

    #[test]
    fn an_expiry_that_cannot_be_read_is_none_and_kept_as_text() {
        let read = |value: serde_json::Value| {
            let expiry = TokenExpiry::read(Some(value));
            (expiry.at.map(|at| at.to_rfc3339()), expiry.unreadable)
        };
        assert_eq!(
            read(serde_json::json!("2026-01-02T03:04:05.000Z")),
            (Some("2026-01-02T03:04:05+00:00".to_string()), None)
        );
        assert_eq!(read(serde_json::Value::Null), (None, None));
        assert_eq!(read(serde_json::json!("soon")), (None, Some("soon".into())));
        assert_eq!(read(serde_json::json!(17)), (None, Some("17".into())));
        assert!(TokenExpiry::read(None).at.is_none());
    }

    #[test]
    fn a_reset_answer_with_an_odd_expiry_still_carries_its_token() {
        let answer = r#"{"token": "glrt-new", "token_expires_at": {"at": 1}}"#;
        let reset: super::super::runners::ResetToken = serde_json::from_str(answer).unwrap();
        assert_eq!(reset.token.expose(), "glrt-new");
        assert!(TokenExpiry::read(reset.token_expires_at).at.is_none());
    }

    #[test]
    fn runner_kinds_map_both_ways() {
        for kind in [RunnerKind::Instance, RunnerKind::Group, RunnerKind::Project] {
            assert_eq!(RunnerKind::from(RunnerType::from(kind)), kind);
        }
        assert_eq!(
            RunnerType::from(RunnerKind::Project).as_str(),
            "project_type"
        );
    }

    #[test]
    fn neutral_settings_set_no_access_level() {
        let settings = GitLabRunnerSettings::from(RunnerSettings {
            tags: Some(vec!["a".into()]),
            paused: Some(false),
            maximum_timeout: Some(600),
            ..RunnerSettings::default()
        });
        let body = settings.to_json();
        assert_eq!(body.get("tag_list"), Some(&serde_json::json!(["a"])));
        assert_eq!(body.get("paused"), Some(&serde_json::json!(false)));
        assert_eq!(body.get("maximum_timeout"), Some(&serde_json::json!(600)));
        assert!(!body.contains_key("access_level"));
        assert!(!body.contains_key("description"));
    }

    #[test]
    fn a_scope_given_by_id_needs_no_lookup() {
        // Resolving an id never calls GitLab, so a client pointed nowhere answers it.
        let url = crate::instance_url::InstanceUrl::parse("https://gitlab.invalid").unwrap();
        let client = Client::new(url, None, super::super::ClientOptions::default()).unwrap();
        assert_eq!(
            client.runner_owner(&Scope::Group("7".into())).ok(),
            Some(RunnerOwner::Group(7))
        );
        assert_eq!(
            client.runner_owner(&Scope::Project("8".into())).ok(),
            Some(RunnerOwner::Project(8))
        );
        assert_eq!(
            client.runner_owner(&Scope::Instance).ok(),
            Some(RunnerOwner::Instance)
        );
    }
}
