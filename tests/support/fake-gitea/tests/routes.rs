//! The REST routes, their version gates, scopes and errors.

mod common;

use common::{call, get, header, status_and_json};
use fake_gitea::{
    ADMIN_TOKEN, FakeGitea, Fault, FaultKind, Flavour, Fleet, JobSeed, JobStatus, ORG, ORG_OWNER,
    ORG_OWNER_TOKEN, OUTSIDER_TOKEN, READ_USER_TOKEN, REPO, RunnerSeed, Scope,
};
use serde_json::{Value, json};

fn start(fleet: Fleet) -> FakeGitea {
    FakeGitea::start(fleet).expect("fake starts")
}

#[test]
fn version_answers_per_flavour_and_forgejo_has_its_own_route() {
    let gitea = start(Fleet::standard(Flavour::GITEA_1_26));
    let (status, body) =
        status_and_json(call(&gitea, "GET", None, "/api/v1/version").send().unwrap());
    assert_eq!((status, body), (200, json!({"version": "1.26.0"})));
    let (status, body) = status_and_json(
        call(&gitea, "GET", None, "/api/forgejo/v1/version")
            .send()
            .unwrap(),
    );
    assert_eq!(status, 404);
    assert_eq!(body["message"], "not found");

    let forgejo = start(Fleet::standard(Flavour::FORGEJO_11));
    let (_, body) = status_and_json(
        call(&forgejo, "GET", None, "/api/v1/version")
            .send()
            .unwrap(),
    );
    assert_eq!(body["version"], "11.0.1+gitea-1.22.0");
    let (status, body) = status_and_json(
        call(&forgejo, "GET", None, "/api/forgejo/v1/version")
            .send()
            .unwrap(),
    );
    assert_eq!(
        (status, body["version"].clone()),
        (200, json!("11.0.1+gitea-1.22.0"))
    );
}

#[test]
fn missing_or_unknown_token_is_401_and_bearer_works() {
    let gitea = start(Fleet::standard(Flavour::GITEA_1_26));
    let (status, body) = status_and_json(call(&gitea, "GET", None, "/api/v1/user").send().unwrap());
    assert_eq!(status, 401);
    assert_eq!(body["message"], "token is required");
    let (status, _) = status_and_json(get(&gitea, "nope", "/api/v1/user"));
    assert_eq!(status, 401);
    let response = common::client()
        .get(format!("{}/api/v1/user", gitea.url()))
        .header("Authorization", format!("Bearer {ADMIN_TOKEN}"))
        .send()
        .unwrap();
    let (status, body) = status_and_json(response);
    assert_eq!(status, 200);
    assert_eq!(body["login"], "root");
    assert_eq!(body["is_admin"], true);
    assert!(body["id"].is_i64());
    let requests = gitea.requests();
    assert_eq!(
        requests.last().unwrap().header("authorization"),
        Some(format!("Bearer {ADMIN_TOKEN}").as_str())
    );
}

#[test]
fn a_missing_scope_is_403_naming_the_required_scope() {
    let gitea = start(Fleet::standard(Flavour::GITEA_1_26));
    let (status, body) = status_and_json(get(
        &gitea,
        READ_USER_TOKEN,
        "/api/v1/orgs/team/actions/runners",
    ));
    assert_eq!(status, 403);
    assert_eq!(
        body["message"],
        "token does not have at least one of required scope(s), required=[read:organization], token scope=read:user"
    );
    // POST needs write: the owner's token has write:organization.
    let (status, _) = status_and_json(
        call(
            &gitea,
            "POST",
            Some(READ_USER_TOKEN),
            "/api/v1/orgs/team/actions/runners/registration-token",
        )
        .send()
        .unwrap(),
    );
    assert_eq!(status, 403);
    let (status, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/admin/actions/runners",
    ));
    assert_eq!(status, 403);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("required=[read:admin]")
    );

    let forgejo = start(Fleet::standard(Flavour::FORGEJO_15));
    let (status, body) = status_and_json(get(
        &forgejo,
        READ_USER_TOKEN,
        "/api/v1/orgs/team/actions/runners",
    ));
    assert_eq!(status, 403);
    assert_eq!(
        body["message"],
        "token does not have at least one of required scope(s): [read:organization]"
    );
}

#[test]
fn rights_are_checked_after_the_scope() {
    let gitea = start(Fleet::standard(Flavour::GITEA_1_26));
    let (status, body) =
        status_and_json(get(&gitea, OUTSIDER_TOKEN, "/api/v1/admin/actions/runners"));
    assert_eq!(
        (status, body["message"].clone()),
        (403, json!("user should be the site admin"))
    );
    let (status, body) = status_and_json(get(
        &gitea,
        OUTSIDER_TOKEN,
        "/api/v1/orgs/team/actions/runners",
    ));
    assert_eq!(
        (status, body["message"].clone()),
        (403, json!("Must be an organization owner"))
    );
    let (status, body) = status_and_json(get(
        &gitea,
        OUTSIDER_TOKEN,
        "/api/v1/repos/team/app/actions/runners",
    ));
    assert_eq!(
        (status, body["message"].clone()),
        (403, json!("user should be the owner of the repo"))
    );
    let (status, _) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/orgs/nobody/actions/runners",
    ));
    assert_eq!(status, 404);
    let (status, _) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/repos/team/none/actions/runners",
    ));
    assert_eq!(status, 404);
}

#[test]
fn gitea_1_26_job_lists_need_only_read_access() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet
        .user("member", false)
        .token("member", "member-token", &["all"]);
    fleet.member(ORG, "member");
    fleet.job(JobSeed::queued(REPO, &["docker"]));
    let gitea = start(fleet);
    let (status, body) = status_and_json(get(
        &gitea,
        OUTSIDER_TOKEN,
        "/api/v1/repos/team/app/actions/jobs",
    ));
    assert_eq!((status, body["total_count"].clone()), (200, json!(1)));
    let (status, _) = status_and_json(get(
        &gitea,
        OUTSIDER_TOKEN,
        "/api/v1/repos/team/app/actions/runners",
    ));
    assert_eq!(status, 403);
    let (status, _) = status_and_json(get(
        &gitea,
        "member-token",
        "/api/v1/orgs/team/actions/jobs",
    ));
    assert_eq!(status, 200);
    let (status, body) = status_and_json(get(
        &gitea,
        OUTSIDER_TOKEN,
        "/api/v1/orgs/team/actions/jobs",
    ));
    assert_eq!(
        (status, body["message"].clone()),
        (403, json!("Must be an organization member"))
    );
    let (status, _) = status_and_json(get(
        &gitea,
        "member-token",
        "/api/v1/orgs/team/actions/runners",
    ));
    assert_eq!(status, 403);
}

#[test]
fn user_org_and_repo_reads() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.repo("team/off", false);
    let gitea = start(fleet);
    let (status, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/repos/team/app"));
    assert_eq!(status, 200);
    assert_eq!(body["full_name"], REPO);
    assert_eq!(body["owner"]["login"], ORG);
    assert_eq!(body["has_actions"], true);
    let (_, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/repos/team/off"));
    assert_eq!(body["has_actions"], false);
    let (status, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/orgs/team"));
    assert_eq!((status, body["name"].clone()), (200, json!(ORG)));
    let (_, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/orgs/team/repos"));
    assert_eq!(body.as_array().unwrap().len(), 2);
    let (_, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/user/orgs"));
    assert_eq!(body[0]["name"], ORG);
    let (_, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/user/repos"));
    assert_eq!(body.as_array().unwrap().len(), 2);
    let (_, body) = status_and_json(get(&gitea, OUTSIDER_TOKEN, "/api/v1/user/repos"));
    assert_eq!(body, json!([]));
}

#[test]
fn paging_clamps_limit_to_fifty_and_writes_total_and_link() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    for n in 0..60 {
        fleet.repo(&format!("{ORG_OWNER}/repo-{n:02}"), true);
    }
    let gitea = start(fleet);
    let response = get(&gitea, ORG_OWNER_TOKEN, "/api/v1/user/repos?limit=100");
    assert_eq!(header(&response, "x-total-count").as_deref(), Some("61"));
    let link = header(&response, "link").expect("link");
    assert!(link.contains("page=2>; rel=\"next\""), "{link}");
    assert!(link.contains("rel=\"last\""), "{link}");
    let (_, body) = status_and_json(response);
    assert_eq!(body.as_array().unwrap().len(), 50);
    let (_, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/user/repos"));
    assert_eq!(body.as_array().unwrap().len(), 30, "default page size");
    let (_, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/user/repos?limit=50&page=2",
    ));
    assert_eq!(body.as_array().unwrap().len(), 11);
}

#[test]
fn registration_token_is_one_per_scope_and_reset_invalidates_it() {
    let gitea = start(Fleet::standard(Flavour::GITEA_1_26));
    let path = "/api/v1/orgs/team/actions/runners/registration-token";
    let first = status_and_json(
        call(&gitea, "POST", Some(ORG_OWNER_TOKEN), path)
            .send()
            .unwrap(),
    );
    let second = status_and_json(
        call(&gitea, "POST", Some(ORG_OWNER_TOKEN), path)
            .send()
            .unwrap(),
    );
    assert_eq!(first.0, 200);
    assert_eq!(first.1, second.1);
    let token = first.1["token"].as_str().unwrap().to_string();
    assert_eq!(token.len(), 40);
    assert_eq!(gitea.registration_token(&Scope::Org(ORG.into())), token);
    let repo_token = gitea.registration_token(&Scope::Repo(REPO.into()));
    assert_ne!(repo_token, token);
    let new = gitea.reset_registration_token(&Scope::Org(ORG.into()));
    assert_ne!(new, token);
    let (_, body) = status_and_json(
        call(&gitea, "POST", Some(ORG_OWNER_TOKEN), path)
            .send()
            .unwrap(),
    );
    assert_eq!(body["token"], new.as_str());
}

#[test]
fn registration_token_routes_by_version() {
    let path = "/api/v1/orgs/team/actions/runners/registration-token";
    let old = "/api/v1/admin/runners/registration-token";
    let expect = |flavour: Flavour, get_org: u16, post_org: u16, get_old: u16| {
        let gitea = start(Fleet::standard(flavour));
        let got = |method: &str, token: &str, path: &str| {
            call(&gitea, method, Some(token), path)
                .send()
                .unwrap()
                .status()
                .as_u16()
        };
        assert_eq!(got("GET", ORG_OWNER_TOKEN, path), get_org, "{flavour} GET");
        assert_eq!(
            got("POST", ORG_OWNER_TOKEN, path),
            post_org,
            "{flavour} POST"
        );
        assert_eq!(
            got("GET", ADMIN_TOKEN, old),
            get_old,
            "{flavour} old instance GET"
        );
    };
    expect(Flavour::GITEA_1_22, 200, 405, 200);
    expect(Flavour::GITEA_1_24, 200, 200, 200);
    expect(Flavour::GITEA_1_26, 404, 200, 404);
    expect(Flavour::FORGEJO_11, 200, 405, 200);
    // Forgejo before 15 has no `/admin/actions/…`; 15 has both instance paths.
    for (flavour, status) in [(Flavour::FORGEJO_11, 404), (Flavour::FORGEJO_15, 200)] {
        let gitea = start(Fleet::standard(flavour));
        for path in [
            "/api/v1/admin/actions/runners/registration-token",
            "/api/v1/admin/actions/runners/jobs?labels=a",
        ] {
            let got = get(&gitea, ADMIN_TOKEN, path).status().as_u16();
            assert_eq!(got, status, "{flavour} {path}");
        }
        assert_eq!(
            get(&gitea, ADMIN_TOKEN, "/api/v1/admin/runners/jobs?labels=a")
                .status()
                .as_u16(),
            200
        );
    }
}

#[test]
fn runner_routes_by_version() {
    let status = |flavour: Flavour, method: &str, path: &str| {
        let mut fleet = Fleet::standard(flavour);
        fleet.runner(RunnerSeed::org(ORG));
        let gitea = start(fleet);
        let mut request = call(&gitea, method, Some(ADMIN_TOKEN), path);
        if method == "PATCH" {
            request = request.json(&json!({"disabled": true}));
        }
        request.send().unwrap().status().as_u16()
    };
    let list = "/api/v1/orgs/team/actions/runners";
    let one = "/api/v1/orgs/team/actions/runners/1";
    let jobs = "/api/v1/orgs/team/actions/jobs";
    assert_eq!(status(Flavour::GITEA_1_22, "GET", list), 404);
    assert_eq!(status(Flavour::GITEA_1_24, "GET", list), 200);
    assert_eq!(status(Flavour::GITEA_1_24, "GET", jobs), 404);
    assert_eq!(status(Flavour::GITEA_1_25, "GET", jobs), 200);
    assert_eq!(status(Flavour::GITEA_1_25, "PATCH", one), 405);
    assert_eq!(status(Flavour::GITEA_1_26, "PATCH", one), 200);
    assert_eq!(status(Flavour::FORGEJO_14, "GET", list), 404);
    assert_eq!(status(Flavour::FORGEJO_15, "GET", list), 200);
    assert_eq!(status(Flavour::FORGEJO_15, "GET", jobs), 404);
    assert_eq!(status(Flavour::GITEA_1_26, "DELETE", one), 204);
}

#[test]
fn gitea_runner_lists_do_not_inherit_and_sort_by_last_online() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    let old = fleet.runner(RunnerSeed::org(ORG).name("old").offline());
    let new = fleet.runner(
        RunnerSeed::org(ORG)
            .name("new")
            .labels(&["ubuntu-latest", "docker"])
            .last_online_ago_secs(1),
    );
    let repo = fleet.runner(RunnerSeed::repo(REPO).name("repo-one").disabled());
    let instance = fleet.runner(RunnerSeed::instance().busy());
    let gitea = start(fleet);
    let (status, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/orgs/team/actions/runners",
    ));
    assert_eq!(status, 200);
    assert_eq!(body["total_count"], 2);
    let ids: Vec<i64> = body["runners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![new, old]);
    assert_eq!(
        body["runners"][0],
        json!({"id": new, "name": "new", "status": "online", "busy": false, "ephemeral": false,
               "disabled": false,
               "labels": [{"id": 1, "name": "ubuntu-latest", "type": "custom"},
                          {"id": 2, "name": "docker", "type": "custom"}]})
    );
    assert_eq!(body["runners"][1]["status"], "offline");
    let (_, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/repos/team/app/actions/runners",
    ));
    assert_eq!(body["total_count"], 1);
    assert_eq!(body["runners"][0]["id"], repo);
    assert_eq!(body["runners"][0]["disabled"], true);
    let (_, body) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/admin/actions/runners?limit=1",
    ));
    assert_eq!(body["total_count"], 4);
    assert_eq!(body["runners"].as_array().unwrap().len(), 1);
    assert_eq!(body["runners"][0]["id"], instance);
    assert_eq!(body["runners"][0]["busy"], true);
    // Outside the scope: 404.
    let (status, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        &format!("/api/v1/repos/team/app/actions/runners/{new}"),
    ));
    assert_eq!(status, 404);
    assert_eq!(body["message"], "No permission to access this runner");
    let (_, body) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/admin/actions/runners?disabled=true",
    ));
    assert_eq!(body["total_count"], 1);
    assert_eq!(body["runners"][0]["id"], repo);
    let (status, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        &format!("/api/v1/orgs/team/actions/runners/{new}"),
    ));
    assert_eq!((status, body["name"].clone()), (200, json!("new")));
}

#[test]
fn patch_needs_disabled_and_delete_removes() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    let id = fleet.runner(RunnerSeed::org(ORG));
    let gitea = start(fleet);
    let path = format!("/api/v1/orgs/team/actions/runners/{id}");
    let (status, body) = status_and_json(
        call(&gitea, "PATCH", Some(ORG_OWNER_TOKEN), &path)
            .json(&json!({}))
            .send()
            .unwrap(),
    );
    assert_eq!(status, 422);
    assert_eq!(body["message"], "[Disabled]: Required");
    let (status, body) = status_and_json(
        call(&gitea, "PATCH", Some(ORG_OWNER_TOKEN), &path)
            .json(&json!({"disabled": true}))
            .send()
            .unwrap(),
    );
    assert_eq!((status, body["disabled"].clone()), (200, json!(true)));
    assert!(gitea.with_state(|s| s.runner(id).unwrap().disabled));
    let response = call(&gitea, "DELETE", Some(ORG_OWNER_TOKEN), &path)
        .send()
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    assert!(gitea.runner(id).is_none());
}

#[test]
fn forgejo_15_lists_bare_arrays_and_creates_runners() {
    let mut fleet = Fleet::standard(Flavour::FORGEJO_15);
    let id = fleet.runner(
        RunnerSeed::org(ORG)
            .name("f")
            .labels(&["docker"])
            .version("v12.0.0"),
    );
    fleet.runner(RunnerSeed::org(ORG).name("bare").offline());
    let gitea = start(fleet);
    let response = get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/orgs/team/actions/runners?limit=1",
    );
    assert_eq!(header(&response, "x-total-count").as_deref(), Some("2"));
    assert!(header(&response, "link").unwrap().contains("rel=\"next\""));
    let (_, body) = status_and_json(response);
    let runner = &body[0];
    assert_eq!(runner["id"], id);
    assert_eq!(runner["status"], "idle");
    assert_eq!(runner["labels"], json!(["docker"]));
    assert_eq!(runner["version"], "v12.0.0");
    assert!(runner["owner_id"].as_i64().unwrap() > 0);
    assert_eq!(runner["repo_id"], 0);
    assert!(runner["uuid"].is_string());
    let (_, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/orgs/team/actions/runners?page=2&limit=1",
    ));
    assert_eq!(body[0]["labels"], Value::Null);
    assert_eq!(body[0]["status"], "offline");

    let path = "/api/v1/orgs/team/actions/runners";
    let (status, _) = status_and_json(
        call(&gitea, "POST", Some(ORG_OWNER_TOKEN), path)
            .body("name=x")
            .send()
            .unwrap(),
    );
    assert_eq!(status, 422);
    let (status, body) = status_and_json(
        call(&gitea, "POST", Some(ORG_OWNER_TOKEN), path)
            .json(&json!({"name": "made", "description": "by the API"}))
            .send()
            .unwrap(),
    );
    assert_eq!(status, 201);
    assert_eq!(body["token"].as_str().unwrap().len(), 40);
    let made = body["id"].as_i64().unwrap();
    assert_eq!(gitea.runner(made).unwrap().scope, Scope::Org(ORG.into()));
}

#[test]
fn forgejo_visible_lists_the_runners_a_scope_can_use() {
    let mut fleet = Fleet::standard(Flavour::FORGEJO_15);
    fleet.runner(RunnerSeed::repo(REPO));
    fleet.runner(RunnerSeed::org(ORG));
    fleet.runner(RunnerSeed::instance());
    let gitea = start(fleet);
    let count = |path: &str| {
        let (_, body) = status_and_json(get(&gitea, ADMIN_TOKEN, path));
        body.as_array().map(Vec::len).unwrap_or(0)
    };
    assert_eq!(count("/api/v1/repos/team/app/actions/runners"), 1);
    assert_eq!(
        count("/api/v1/repos/team/app/actions/runners?visible=true"),
        3
    );
    assert_eq!(count("/api/v1/orgs/team/actions/runners?visible=true"), 2);
}

#[test]
fn forgejo_repo_without_actions_is_404() {
    let mut fleet = Fleet::standard(Flavour::FORGEJO_15);
    fleet.repo("team/off", false);
    let gitea = start(fleet);
    for path in [
        "/api/v1/repos/team/off/actions/runners",
        "/api/v1/repos/team/off/actions/runners/registration-token",
        "/api/v1/repos/team/off/actions/runners/jobs?labels=a",
    ] {
        assert_eq!(
            get(&gitea, ORG_OWNER_TOKEN, path).status().as_u16(),
            404,
            "{path}"
        );
    }
    assert_eq!(
        get(
            &gitea,
            ORG_OWNER_TOKEN,
            "/api/v1/repos/team/app/actions/runners"
        )
        .status()
        .as_u16(),
        200
    );
}

#[test]
fn gitea_job_lists_filter_by_status_and_scope() {
    let mut fleet = Fleet::standard(Flavour::GITEA_1_26);
    fleet.repo("owner/own", true);
    let runner = fleet.runner(RunnerSeed::org(ORG).name("busy-one"));
    let queued = fleet.job(JobSeed::queued(REPO, &["ubuntu-latest"]).head_branch("dev"));
    fleet.job(JobSeed::queued(REPO, &["docker"]).running_on(runner));
    fleet.job(JobSeed::queued(REPO, &["docker"]).blocked(&["build"]));
    fleet.job(JobSeed::queued("owner/own", &["gpu"]));
    let gitea = start(fleet);
    let (status, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/repos/team/app/actions/jobs?status=queued",
    ));
    assert_eq!(status, 200);
    assert_eq!(body["total_count"], 1);
    let job = &body["jobs"][0];
    assert_eq!(job["id"], queued);
    assert_eq!(job["status"], "queued");
    assert_eq!(job["labels"], json!(["ubuntu-latest"]));
    assert_eq!(job["head_branch"], "dev");
    assert!(job["run_id"].is_i64() && job["created_at"].is_string());
    let (_, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/orgs/team/actions/jobs",
    ));
    assert_eq!(body["total_count"], 3);
    let (_, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/orgs/team/actions/jobs?status=in_progress",
    ));
    assert_eq!(body["jobs"][0]["runner_name"], "busy-one");
    let (_, body) = status_and_json(get(&gitea, ORG_OWNER_TOKEN, "/api/v1/user/actions/jobs"));
    assert_eq!(body["total_count"], 1);
    let (_, body) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/admin/actions/jobs?status=waiting",
    ));
    assert_eq!(body["jobs"][0]["status"], "waiting");
    let (status, body) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/admin/actions/jobs?status=bogus",
    ));
    assert_eq!(
        (status, body["message"].clone()),
        (400, json!("Invalid status bogus"))
    );
}

#[test]
fn forgejo_job_search_matches_labels_and_old_versions_answer_null() {
    let build = |flavour| {
        let mut fleet = Fleet::standard(flavour);
        fleet.job(JobSeed::queued(REPO, &["docker"]));
        fleet.job(JobSeed::queued(REPO, &["docker", "gpu"]));
        fleet.job(JobSeed::queued(REPO, &["docker"]).status(JobStatus::Waiting));
        start(fleet)
    };
    let gitea = build(Flavour::FORGEJO_11);
    let (_, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/orgs/team/actions/runners/jobs",
    ));
    assert_eq!(body, Value::Null);
    let (_, body) = status_and_json(get(
        &gitea,
        ORG_OWNER_TOKEN,
        "/api/v1/orgs/team/actions/runners/jobs?labels=docker",
    ));
    assert_eq!(body.as_array().unwrap().len(), 1);
    let job = &body[0];
    assert_eq!(job["runs_on"], json!(["docker"]));
    assert_eq!(job["status"], "waiting");
    assert_eq!(job["task_id"], 0);
    assert!(job["repo_id"].as_i64().unwrap() > 0 && job["owner_id"].as_i64().unwrap() > 0);
    assert_eq!(job["needs"], json!([]));
    let (_, body) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/admin/runners/jobs?labels=docker,gpu",
    ));
    assert_eq!(body.as_array().unwrap().len(), 2);
    let newer = build(Flavour::FORGEJO_14);
    let (_, body) = status_and_json(get(
        &newer,
        ORG_OWNER_TOKEN,
        "/api/v1/repos/team/app/actions/runners/jobs",
    ));
    assert_eq!(body.as_array().unwrap().len(), 2);
}

#[test]
fn unknown_routes_are_gitea_json_404() {
    let gitea = start(Fleet::standard(Flavour::GITEA_1_26));
    let (status, body) = status_and_json(get(&gitea, ADMIN_TOKEN, "/api/v1/nothing/here"));
    assert_eq!(status, 404);
    assert_eq!(body["message"], "not found");
    assert!(body["url"].as_str().unwrap().ends_with("/api/swagger"));
    let (status, body) = status_and_json(get(
        &gitea,
        ADMIN_TOKEN,
        "/api/v1/admin/actions/runners/999",
    ));
    assert_eq!(
        (status, body["message"].clone()),
        (404, json!("Runner not found"))
    );
    let old = start(Fleet::standard(Flavour::GITEA_1_22));
    let (status, body) = status_and_json(get(&old, ADMIN_TOKEN, "/api/v1/nothing/here"));
    assert_eq!(status, 404);
    assert_eq!(body["message"], "The target couldn't be found.");
}

#[test]
fn faults_and_latency_apply_to_the_api() {
    let gitea = start(Fleet::standard(Flavour::GITEA_1_26));
    gitea.inject(
        Fault::new(FaultKind::Status {
            status: 429,
            retry_after: Some(3),
        })
        .path("/api/v1/user")
        .times(1),
    );
    let response = get(&gitea, ADMIN_TOKEN, "/api/v1/user");
    assert_eq!(response.status().as_u16(), 429);
    assert_eq!(header(&response, "retry-after").as_deref(), Some("3"));
    assert_eq!(
        get(&gitea, ADMIN_TOKEN, "/api/v1/user").status().as_u16(),
        200
    );
    gitea.inject(
        Fault::new(FaultKind::Html { status: 200 })
            .path("/api/v1/orgs/*")
            .times(1),
    );
    let response = get(&gitea, ADMIN_TOKEN, "/api/v1/orgs/team");
    assert!(
        header(&response, "content-type")
            .unwrap()
            .starts_with("text/html")
    );
    gitea.inject(Fault::new(FaultKind::DropConnection).times(1));
    assert!(
        call(&gitea, "GET", Some(ADMIN_TOKEN), "/api/v1/user")
            .send()
            .is_err()
    );
    gitea.inject(
        Fault::new(FaultKind::Status {
            status: 502,
            retry_after: None,
        })
        .method("POST")
        .times(1),
    );
    assert_eq!(
        get(&gitea, ADMIN_TOKEN, "/api/v1/user").status().as_u16(),
        200
    );
    gitea.set_latency(std::time::Duration::from_millis(50));
    let started = std::time::Instant::now();
    get(&gitea, ADMIN_TOKEN, "/api/v1/user");
    assert!(started.elapsed() >= std::time::Duration::from_millis(50));
    let statuses: Vec<u16> = gitea.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 200, 200, 0, 200, 200]);
}

#[test]
fn large_fleet_is_deterministic_and_valid() {
    let a = Fleet::large(Flavour::GITEA_1_26, 20, 500, 100, 7);
    let b = Fleet::large(Flavour::GITEA_1_26, 20, 500, 100, 7);
    assert_eq!(a.runners.len(), 500);
    assert_eq!(a.jobs.len(), 100);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let gitea = start(a);
    let (_, body) = status_and_json(get(&gitea, ADMIN_TOKEN, "/api/v1/admin/actions/runners"));
    assert_eq!(body["total_count"], 500);
    assert_eq!(body["runners"].as_array().unwrap().len(), 30);
}
