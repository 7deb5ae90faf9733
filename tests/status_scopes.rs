//! GitLab filters `status` with SQL scopes that overlap (gitlab-facts §7): `list --status S`
//! shows exactly the runners GitLab says are in state S, over GraphQL and REST, and prune's
//! `--never-contacted` follows the contract's wording.

mod support;

use std::collections::BTreeMap;

use fake_gitlab::{OWNER, RunnerSeed};
use support::*;

/// One runner of each kind the scopes disagree about, by name.
struct Scoped {
    world: World,
    ids: BTreeMap<&'static str, u64>,
}

fn scoped() -> Scoped {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet.add_member("maintainer", "team", OWNER);
    let mut ids = BTreeMap::new();
    let seeds: [(&'static str, RunnerSeed); 7] = [
        ("fresh", RunnerSeed::group("team").created_ago("1d")),
        // Never contacted and over 7 days old: stale, and in the `contacted_at IS NULL` scope.
        ("stale_never", RunnerSeed::group("team").created_ago("30d")),
        // Stale, and in the `offline` scope (contacted over 2 h ago).
        (
            "stale_contacted",
            RunnerSeed::group("team")
                .created_ago("30d")
                .contacted_ago("10d"),
        ),
        ("offline", RunnerSeed::group("team").contacted_ago("3h")),
        (
            "online",
            RunnerSeed::group("team")
                .contacted_ago("5m")
                .manager("online-host", "5m"),
        ),
        // Verified but never asked for a job: GitLab 18.x still says never_contacted, while
        // `contacted_at` puts them in the online and offline scopes.
        (
            "verified_now",
            // The verify made its host's runner manager.
            RunnerSeed::group("team")
                .verified_only("5m")
                .manager("verified-host", "5m"),
        ),
        (
            "verified_earlier",
            RunnerSeed::group("team").verified_only("5h"),
        ),
    ];
    for (name, seed) in seeds {
        ids.insert(name, fleet.add_runner(seed.description(name)));
    }
    Scoped {
        world: World::new(fleet),
        ids,
    }
}

impl Scoped {
    fn names(&self, document: &serde_json::Value) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = document["runners"]
            .as_array()
            .expect("runners")
            .iter()
            .map(|runner| {
                let id = runner["id"].as_u64().expect("id");
                *self
                    .ids
                    .iter()
                    .find(|(_, known)| **known == id)
                    .expect("a seeded runner")
                    .0
            })
            .collect();
        names.sort();
        names
    }

    fn list(&self, token: &str, scope: &[&str], status: &str) -> Vec<&'static str> {
        let output = self
            .world
            .runnerctl_with_token(Some(token))
            .arg("list")
            .args(scope)
            .args(["--status", status, "--format", "json"])
            .output()
            .expect("runs");
        assert!(output.status.success(), "{}", stderr(&output));
        self.names(&json(&output))
    }
}

#[test]
fn list_status_over_graphql_is_gitlabs_status_not_the_sql_scope() {
    let scoped = scoped();
    let group = ["-g", "team"];
    assert_eq!(scoped.list(ADMIN_TOKEN, &group, "online"), ["online"]);
    assert_eq!(scoped.list(ADMIN_TOKEN, &group, "offline"), ["offline"]);
    assert_eq!(
        scoped.list(ADMIN_TOKEN, &group, "stale"),
        ["stale_contacted", "stale_never"]
    );
    assert_eq!(
        scoped.list(ADMIN_TOKEN, &group, "never_contacted"),
        ["fresh", "verified_earlier", "verified_now"]
    );
    // --all takes the same path.
    assert_eq!(
        scoped.list(ADMIN_TOKEN, &["--all"], "never_contacted"),
        ["fresh", "verified_earlier", "verified_now"]
    );
}

#[test]
fn list_status_over_rest_is_the_status_rest_returns() {
    let scoped = scoped();
    // No scope: the token's own runners, `GET /runners` then each runner's details. REST's
    // `deprecated_rest_status` looks at `contacted_at` only, so verified runners read online or
    // offline there (app/models/ci/runner.rb).
    assert_eq!(
        scoped.list(MAINTAINER_TOKEN, &[], "online"),
        ["online", "verified_now"]
    );
    assert_eq!(
        scoped.list(MAINTAINER_TOKEN, &[], "offline"),
        ["offline", "verified_earlier"]
    );
    assert_eq!(
        scoped.list(MAINTAINER_TOKEN, &[], "stale"),
        ["stale_contacted", "stale_never"]
    );
    assert_eq!(
        scoped.list(MAINTAINER_TOKEN, &[], "never_contacted"),
        ["fresh"]
    );
}

#[test]
fn prune_never_contacted_takes_gitlabs_never_contacted_and_contactless_stale_runners() {
    let scoped = scoped();
    let output = scoped
        .world
        .runnerctl()
        .args(["prune", "--never-contacted", "-g", "team", "--dry-run"])
        .args(["--format", "json"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let document = json(&output);
    let mut planned: Vec<&'static str> = document["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|row| {
            let id = row["runner_id"].as_u64().expect("id");
            *scoped
                .ids
                .iter()
                .find(|(_, known)| **known == id)
                .expect("seeded")
                .0
        })
        .collect();
    planned.sort();
    // Not `verified_now`: it called five minutes ago, and prune never deletes a runner within
    // GitLab's online window. Not `stale_contacted`: it made contact.
    assert_eq!(planned, ["fresh", "stale_never", "verified_earlier"]);
}
