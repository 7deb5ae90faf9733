//! GitLab's query complexity, counted before the query runs, and its limits.
//!
//! The limits are `GitlabSchema`'s (app/graphql/gitlab_schema.rb): 200 for an anonymous query,
//! `AUTHENTICATED_MAX_COMPLEXITY` 250, `ADMIN_MAX_COMPLEXITY` 300. The count is `Types::BaseField`'s
//! (app/graphql/types/base_field.rb), whose `complexity_for` sums the children of every field
//! (no per-item multiplication of lists):
//!
//! - a plain field: 1 + its children (`DEFAULT_COMPLEXITY`);
//! - a field with a resolver: its children + `Resolvers::BaseResolver.resolver_complexity` (1,
//!   the fake's fields take neither `sort` nor `search`), and for a connection that sum again
//!   times `min(first, last, 100) × 0.01` (`complexity_multiplier`), truncated to an integer.
//!
//! A field that `calls_gitaly` adds 1 before the multiplier (`Project.pipelines`).

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Value, Variables};

/// `GitlabSchema::DEFAULT_MAX_COMPLEXITY`, `AUTHENTICATED_MAX_COMPLEXITY`, `ADMIN_MAX_COMPLEXITY`.
pub(crate) fn max_complexity(authenticated: bool, admin: bool) -> u64 {
    match (authenticated, admin) {
        (_, true) => 300,
        (true, false) => 250,
        (false, false) => 200,
    }
}

/// The connection fields the fake serves that GitLab resolves with a resolver
/// (`Query.runners`, `Group.runners`, `Project.runners`, `Query.jobs`, `Project.jobs`,
/// `CiRunner.projects`, `CiRunner.groups`, `CiRunner.managers`, `Project.branchRules`).
const RESOLVED_CONNECTIONS: &[&str] = &[
    "runners",
    "jobs",
    "projects",
    "groups",
    "managers",
    "branchRules",
    "pipelines",
];

/// Fields declared `calls_gitaly: true`, which cost 1 more before the page multiplier
/// (`Types::BaseField#field_resolver_complexity`): `Project.pipelines`.
const CALLS_GITALY: &[&str] = &["pipelines"];

/// `default_max_page_size`.
const PAGE_SIZE: u64 = 100;

/// The complexity of the document's operations (the largest, when it has several), or `None`
/// when it does not parse (the schema then answers the syntax error).
pub(crate) fn query_complexity(query: &str, variables: &Variables) -> Option<u64> {
    let document: ExecutableDocument = async_graphql::parser::parse_query(query).ok()?;
    document
        .operations
        .iter()
        .map(|(_, operation)| {
            selection_complexity(&document, &operation.node.selection_set.node, variables)
        })
        .max()
}

fn selection_complexity(
    document: &ExecutableDocument,
    selection_set: &SelectionSet,
    variables: &Variables,
) -> u64 {
    selection_set
        .items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => {
                let field = &field.node;
                let children = selection_complexity(document, &field.selection_set.node, variables);
                let name = field.name.node.as_str();
                if RESOLVED_CONNECTIONS.contains(&name) {
                    let argument = |key: &str| {
                        field
                            .arguments
                            .iter()
                            .find(|(name, _)| name.node.as_str() == key)
                            .and_then(|(_, value)| {
                                let value = value.node.clone().into_const_with(|name| {
                                    variables.get(&name).cloned().ok_or(())
                                });
                                page_limit(value.ok()?)
                            })
                    };
                    let limit = [argument("first"), argument("last"), Some(PAGE_SIZE)]
                        .into_iter()
                        .flatten()
                        .min()
                        .unwrap_or(PAGE_SIZE);
                    let gitaly = u64::from(CALLS_GITALY.contains(&name));
                    let complexity = (children + 1 + gitaly) as f64;
                    (complexity + complexity * (limit as f64 * 0.01)) as u64
                } else {
                    // A plain field, or a resolver returning one object (`Query.project`,
                    // `Query.group`): both cost 1 more than their children.
                    children + 1
                }
            }
            Selection::InlineFragment(fragment) => {
                selection_complexity(document, &fragment.node.selection_set.node, variables)
            }
            Selection::FragmentSpread(spread) => document
                .fragments
                .get(&spread.node.fragment_name.node)
                .map(|fragment| {
                    selection_complexity(document, &fragment.node.selection_set.node, variables)
                })
                .unwrap_or(0),
        })
        .sum()
}

/// `first` or `last` as a number, a literal or a variable.
fn page_limit(value: Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
}

/// graphql-ruby's `GraphQL::Analysis::AST::MaxQueryComplexity` message.
pub(crate) fn too_complex(complexity: u64, max: u64) -> String {
    format!("Query has complexity of {complexity}, which exceeds max complexity of {max}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn branch_rules_of_one_project_cost_what_gitlab_counts() {
        // nodes { name isProtected } = 3, pageInfo { hasNextPage } = 2; branchRules(first: 20)
        // = (5 + 1) × 1.2 = 7; project = 7 + 1.
        let query = "query { p0: project(fullPath: \"a\") { branchRules(first: 20) { \
                     nodes { name isProtected } pageInfo { hasNextPage } } } }";
        assert_eq!(query_complexity(query, &Variables::default()), Some(8));
        let two = "query { p0: project(fullPath: \"a\") { branchRules(first: 20) { \
                   nodes { name isProtected } pageInfo { hasNextPage } } } \
                   p1: project(fullPath: \"b\") { branchRules(first: 20) { \
                   nodes { name isProtected } pageInfo { hasNextPage } } } }";
        assert_eq!(query_complexity(two, &Variables::default()), Some(16));
    }

    #[test]
    fn a_connection_without_first_counts_a_full_page() {
        let query = "query { runners { nodes { id } } }";
        // nodes { id } = 2; runners = (2 + 1) × 2.
        assert_eq!(query_complexity(query, &Variables::default()), Some(6));
    }
}
