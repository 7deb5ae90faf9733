//! Pins GraphQL behaviour runnerctl depends on: names, admin-only fields, the one-project jobs
//! limit and connection paging.

use std::time::Duration;

use fake_gitlab::{
    ADMIN_TOKEN, FakeGitLab, Fleet, JobSeed, MAINTAINER, MAINTAINER_TOKEN, OWNER, RunnerSeed,
};
use serde_json::{Value, json};

fn query(gitlab: &FakeGitLab, token: &str, query: &str) -> Value {
    let response = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client")
        .post(format!("{}/api/graphql", gitlab.url()))
        .header("PRIVATE-TOKEN", token)
        .json(&json!({ "query": query }))
        .send()
        .expect("request");
    assert_eq!(response.status(), 200);
    response.json().expect("json")
}

fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_project("team/app");
    fleet.add_project("team/sub/lib");
    fleet.add_member("maintainer", "team", OWNER);
    fleet.add_member("maintainer", "team/app", MAINTAINER);
    fleet.add_runner(RunnerSeed::instance().tags(&["linux"]).contacted_ago("1m"));
    fleet.add_runner(RunnerSeed::group("team").tags(&["docker"]));
    fleet.add_runner(RunnerSeed::group("team/sub").paused(true));
    fleet.add_runner(RunnerSeed::project("team/app").manager("s_0123456789ab", "5m"));
    fleet.add_job(JobSeed::pending("team/app", "build").tags(&["docker"]));
    fleet.add_job(JobSeed::pending("team/sub/lib", "test"));
    fleet
}

#[test]
fn jobs_are_limited_to_one_project_per_query() {
    let gitlab = FakeGitLab::start(fleet()).expect("start");
    let body = query(
        &gitlab,
        MAINTAINER_TOKEN,
        r#"{ a: project(fullPath: "team/app") { jobs(statuses: [PENDING]) { nodes { id name tags refName project { fullPath } } } }
             b: project(fullPath: "team/sub/lib") { jobs(statuses: [PENDING]) { nodes { id } } } }"#,
    );
    assert_eq!(body["data"]["a"]["jobs"]["nodes"][0]["name"], "build");
    assert!(
        body["data"]["a"]["jobs"]["nodes"][0]["id"]
            .as_str()
            .expect("id")
            .starts_with("gid://gitlab/Ci::Build/")
    );
    assert!(body["data"]["b"]["jobs"].is_null());
    assert_eq!(
        body["errors"][0]["message"],
        "\"jobs\" field can be requested only for 1 Project(s) at a time."
    );
}

#[test]
fn instance_runners_and_jobs_are_admin_only() {
    let gitlab = FakeGitLab::start(fleet()).expect("start");
    let denied = query(
        &gitlab,
        MAINTAINER_TOKEN,
        "{ runners { nodes { id } } jobs(statuses: [PENDING]) { nodes { id } } }",
    );
    assert!(denied["data"]["runners"].is_null());
    assert!(denied["errors"].as_array().is_some_and(|e| !e.is_empty()));
    assert_eq!(denied["data"]["jobs"]["nodes"], json!([]));
    let admin = query(
        &gitlab,
        ADMIN_TOKEN,
        "{ currentUser { username } runners(first: 2) { nodes { id runnerType status paused tagList managers { nodes { systemId status } } } pageInfo { hasNextPage endCursor } } jobs(statuses: [PENDING]) { nodes { id } } }",
    );
    assert_eq!(admin["data"]["currentUser"], json!({"username": "root"}));
    assert_eq!(
        admin["data"]["runners"]["nodes"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(admin["data"]["runners"]["pageInfo"]["hasNextPage"], true);
    assert_eq!(
        admin["data"]["jobs"]["nodes"].as_array().map(Vec::len),
        Some(2)
    );
    let cursor = admin["data"]["runners"]["pageInfo"]["endCursor"]
        .as_str()
        .expect("cursor")
        .to_string();
    let next = query(
        &gitlab,
        ADMIN_TOKEN,
        &format!(
            "{{ runners(first: 2, after: \"{cursor}\") {{ nodes {{ id }} pageInfo {{ hasNextPage }} }} }}"
        ),
    );
    assert_eq!(
        next["data"]["runners"]["nodes"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(next["data"]["runners"]["pageInfo"]["hasNextPage"], false);
}

#[test]
fn group_membership_filters_select_runners() {
    let gitlab = FakeGitLab::start(fleet()).expect("start");
    let count = |membership: &str| {
        let body = query(
            &gitlab,
            MAINTAINER_TOKEN,
            &format!(
                "{{ group(fullPath: \"team\") {{ runners(membership: {membership}) {{ nodes {{ id }} }} }} }}"
            ),
        );
        body["data"]["group"]["runners"]["nodes"]
            .as_array()
            .map(Vec::len)
    };
    assert_eq!(count("DIRECT"), Some(1));
    assert_eq!(count("DESCENDANTS"), Some(3));
    assert_eq!(count("ALL_AVAILABLE"), Some(4));
    let project = query(
        &gitlab,
        MAINTAINER_TOKEN,
        "{ project(fullPath: \"team/app\") { sharedRunnersEnabled runners { nodes { id } } } }",
    );
    assert_eq!(project["data"]["project"]["sharedRunnersEnabled"], true);
    assert_eq!(
        project["data"]["project"]["runners"]["nodes"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let bad = query(
        &gitlab,
        MAINTAINER_TOKEN,
        "{ project(fullPath: \"team/app\") { noSuchField } }",
    );
    assert!(bad["errors"][0]["message"].as_str().is_some());
    assert_eq!(
        gitlab
            .requests()
            .iter()
            .filter(|r| r.path == "/api/graphql")
            .count(),
        5
    );
}

fn post_raw(gitlab: &FakeGitLab, token: Option<&str>, query: &str) -> (u16, Value) {
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    let mut request = client
        .post(format!("{}/api/graphql", gitlab.url()))
        .json(&json!({ "query": query }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().expect("request");
    (response.status().as_u16(), response.json().expect("json"))
}

#[test]
fn bad_tokens_get_401_and_no_token_is_anonymous() {
    let mut fleet = fleet();
    fleet.add_token(
        "maintainer",
        fake_gitlab::TokenSeed::new("glpat-runner-only", &["create_runner"]),
    );
    let gitlab = FakeGitLab::start(fleet).expect("start");
    let invalid = post_raw(&gitlab, Some("glpat-nope"), "{ currentUser { username } }");
    assert_eq!(
        invalid,
        (401, json!({"errors": [{"message": "Invalid token"}]}))
    );
    assert_eq!(
        post_raw(
            &gitlab,
            Some("glpat-runner-only"),
            "{ currentUser { username } }"
        )
        .0,
        401
    );
    let (status, anonymous) = post_raw(
        &gitlab,
        None,
        "{ currentUser { username } project(fullPath: \"team/app\") { id } }",
    );
    assert_eq!(status, 200);
    assert!(anonymous["data"]["currentUser"].is_null());
    assert!(anonymous["data"]["project"].is_null());
    // GitLab's user types have no `admin` field; asking for it is a query error.
    let (_, admin) = post_raw(&gitlab, Some(ADMIN_TOKEN), "{ currentUser { admin } }");
    assert!(
        admin["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("admin"))
    );
}

#[test]
fn pending_job_is_stuck_without_an_online_matching_runner() {
    let gitlab = FakeGitLab::start(fleet()).expect("start");
    // team/app's docker job: the team group runner has the tag but never contacted.
    let body = query(
        &gitlab,
        ADMIN_TOKEN,
        "{ jobs(statuses: [PENDING]) { nodes { name stuck stage { name } } } }",
    );
    let nodes = body["data"]["jobs"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let build = nodes
        .iter()
        .find(|n| n["name"] == "build")
        .expect("build job");
    assert_eq!(build["stuck"], true);
    gitlab.with_state(|s| {
        for runner in s.runners.values_mut() {
            runner.contacted_at = Some(chrono::Utc::now());
        }
    });
    let body = query(
        &gitlab,
        ADMIN_TOKEN,
        "{ jobs(statuses: [PENDING]) { nodes { name stuck } } }",
    );
    let nodes = body["data"]["jobs"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(nodes.iter().all(|n| n["stuck"] == false), "{nodes:?}");
}

/// `Project.branchRules` answers each project's protected branches under its alias, and a query
/// above GitLab's complexity limit (250, 300 for an administrator) is refused whole, with
/// graphql-ruby's message and no data.
#[test]
fn branch_rules_come_per_alias_within_the_complexity_limit() {
    let gitlab = FakeGitLab::start(fleet()).expect("start");
    // 8 a project (see src/complexity.rs): 31 fit 250, 37 fit 300.
    let aliases = |count: usize| -> String {
        let fields: Vec<String> = (0..count)
            .map(|n| {
                format!(
                    "p{n}: project(fullPath: \"team/app\") {{ branchRules(first: 20) {{ \
                     nodes {{ name isProtected }} pageInfo {{ hasNextPage }} }} }}"
                )
            })
            .collect();
        format!("query {{ {} }}", fields.join(" "))
    };
    let body = query(&gitlab, MAINTAINER_TOKEN, &aliases(31));
    assert_eq!(
        body["data"]["p30"]["branchRules"]["nodes"],
        json!([{"name": "main", "isProtected": true}])
    );
    assert!(body.get("errors").is_none(), "{body}");
    let body = query(&gitlab, MAINTAINER_TOKEN, &aliases(32));
    assert_eq!(
        body,
        json!({"errors": [{"message": "Query has complexity of 256, which exceeds max complexity of 250"}]})
    );
    let body = query(&gitlab, ADMIN_TOKEN, &aliases(37));
    assert!(body.get("errors").is_none(), "{body}");
    let body = query(&gitlab, ADMIN_TOKEN, &aliases(38));
    assert_eq!(
        body["errors"][0]["message"],
        "Query has complexity of 304, which exceeds max complexity of 300"
    );
}
