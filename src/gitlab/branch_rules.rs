//! Protected branches of many projects in one GraphQL query: `Project.branchRules`
//! (app/graphql/types/project_type.rb, resolved by
//! app/graphql/resolvers/projects/branch_rules_resolver.rb: the project's protected branches
//! by name), one aliased `project(fullPath:)` per project. A GitLab whose schema lacks one of
//! the fields rejects the whole query; callers then read those projects by REST.
//!
//! GitLab refuses a query whose complexity exceeds `GitlabSchema::AUTHENTICATED_MAX_COMPLEXITY`
//! (250), or `ADMIN_MAX_COMPLEXITY` (300) for an administrator (app/graphql/gitlab_schema.rb).
//! `Types::BaseField` counts 1 per plain field plus its children; a field with a resolver
//! costs its children + 1, and a connection that again times `min(first, 100) × 0.01`,
//! truncated. For one project of [`branch_rules_query`]:
//!
//! | field | complexity |
//! | --- | --- |
//! | `nodes { name isProtected }` | 1 + 2 = 3 |
//! | `pageInfo { hasNextPage }` | 1 + 1 = 2 |
//! | `branchRules(first: 20)` | (3 + 2 + 1) × (1 + 0.2) = 7.2 → 7 |
//! | `pN: project(fullPath: …)` | 7 + 1 = 8 |
//!
//! so 31 projects a query (248) for anyone and 37 (296) for an administrator. `first: 20`
//! rather than 100 nearly halves the cost (a full page would be 13 a project); a project with
//! more than 20 rules says so in `hasNextPage` and is read by REST instead.
//!
//! Protected tags have no GraphQL field (`ProtectedTag` is not a GraphQL type): those stay
//! REST, `GET /projects/:id/protected_tags`.

use serde_json::{Value, json};

use super::client::Client;
use super::error::ApiError;
use super::graphql::errors_of;

/// Branch rules asked for per project; a project with more is read by REST.
const RULES_PER_PROJECT: u64 = 20;

/// What one project costs in [`branch_rules_query`], counted as GitLab does (see the module's
/// table).
const COMPLEXITY_PER_PROJECT: u64 = {
    let branch_rules_children = 3 + 2;
    let branch_rules = (branch_rules_children + 1) * (100 + RULES_PER_PROJECT) / 100;
    branch_rules + 1
};

/// `GitlabSchema::AUTHENTICATED_MAX_COMPLEXITY` and `ADMIN_MAX_COMPLEXITY`.
const MAX_COMPLEXITY: u64 = 250;
const ADMIN_MAX_COMPLEXITY: u64 = 300;

/// How many projects one [`Client::graphql_branch_rules`] query may ask about for a token
/// that is (or is not) an administrator's.
pub fn branch_rules_batch_size(admin: bool) -> usize {
    let max = if admin {
        ADMIN_MAX_COMPLEXITY
    } else {
        MAX_COMPLEXITY
    };
    (max / COMPLEXITY_PER_PROJECT) as usize
}

/// One project's protected branch rules, as `Project.branchRules` gave them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BranchRules {
    /// Every protected branch name, wildcards included.
    Complete(Vec<String>),
    /// More rules than one query asks for: read them another way.
    Truncated,
    /// `project` was null: a project the token cannot see.
    ProjectMissing,
}

fn branch_rules_query(projects: &[&str]) -> String {
    let aliases: Vec<String> = projects
        .iter()
        .enumerate()
        .map(|(index, project)| {
            format!(
                "p{index}: project(fullPath: {}) {{ branchRules(first: {RULES_PER_PROJECT}) {{ \
                 nodes {{ name isProtected }} pageInfo {{ hasNextPage }} }} }}",
                json!(project)
            )
        })
        .collect();
    format!("query {{ {} }}", aliases.join(" "))
}

/// The answer for the project under alias `p{index}`.
fn branch_rules_of(data: Option<&Value>, index: usize) -> BranchRules {
    let Some(project) = data
        .and_then(|data| data.get(format!("p{index}")))
        .filter(|project| !project.is_null())
    else {
        return BranchRules::ProjectMissing;
    };
    let connection = project.get("branchRules");
    let truncated = connection
        .and_then(|connection| connection.get("pageInfo"))
        .and_then(|info| info.get("hasNextPage"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    if truncated {
        return BranchRules::Truncated;
    }
    let names = connection
        .and_then(|connection| connection.get("nodes"))
        .and_then(Value::as_array)
        .map(|nodes| {
            nodes
                .iter()
                // EE's custom rules ("All branches", "All protected branches") have names
                // with spaces, which no ref can have: whatever `isProtected` says of them,
                // they match no job's ref.
                .filter(|node| node.get("isProtected").and_then(Value::as_bool) != Some(false))
                .filter_map(|node| node.get("name").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    BranchRules::Complete(names)
}

impl Client {
    /// The protected branch rules of each project, in order, in one query: at most
    /// [`branch_rules_batch_size`] projects. An error in the answer with a project's data
    /// missing fails the whole batch, as the answer cannot say which project it was about.
    pub fn graphql_branch_rules(&self, projects: &[&str]) -> Result<Vec<BranchRules>, ApiError> {
        let action = match projects {
            [one] => format!("list the branch rules of project {one}"),
            _ => format!("list the branch rules of {} projects", projects.len()),
        };
        let answer = self.graphql_as(&action, &branch_rules_query(projects), json!({}))?;
        let data = answer.get("data").filter(|data| !data.is_null());
        let rules: Vec<BranchRules> = (0..projects.len())
            .map(|index| branch_rules_of(data, index))
            .collect();
        if let Some(errors) = errors_of(&answer)
            && rules.contains(&BranchRules::ProjectMissing)
        {
            return Err(errors.into_api_error(&action));
        }
        Ok(rules)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_fill_gitlab_s_complexity_limits() {
        assert_eq!(COMPLEXITY_PER_PROJECT, 8);
        assert_eq!(branch_rules_batch_size(false), 31);
        assert_eq!(branch_rules_batch_size(true), 37);
    }

    #[test]
    fn the_query_aliases_each_project() {
        let query = branch_rules_query(&["a/b", "c"]);
        assert!(query.starts_with("query { p0: project(fullPath: \"a/b\") { branchRules("));
        assert!(query.contains(" p1: project(fullPath: \"c\") "));
    }

    #[test]
    fn answers_map_per_alias() {
        let data = json!({
            "p0": {"branchRules": {"nodes": [{"name": "main", "isProtected": true},
                                             {"name": "All branches", "isProtected": false}],
                                   "pageInfo": {"hasNextPage": false}}},
            "p1": {"branchRules": {"nodes": [], "pageInfo": {"hasNextPage": true}}},
            "p2": null
        });
        assert_eq!(
            branch_rules_of(Some(&data), 0),
            BranchRules::Complete(vec!["main".to_string()])
        );
        assert_eq!(branch_rules_of(Some(&data), 1), BranchRules::Truncated);
        assert_eq!(branch_rules_of(Some(&data), 2), BranchRules::ProjectMissing);
    }
}
