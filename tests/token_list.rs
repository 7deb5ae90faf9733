//! `token list`: the runners whose tokens the secret store holds, with their URL and name,
//! never a token.

mod support;

use support::*;

fn world() -> World {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    World::new(fleet)
}

fn create(world: &World, extra: &[&str]) -> u64 {
    let output = world
        .runnerctl()
        .args(["create", "-g", "team", "--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    json(&output)["id"].as_u64().unwrap()
}

fn token_of(world: &World, id: u64) -> String {
    world
        .gitlab
        .with_state(|state| state.runner(id).unwrap().token.clone())
}

#[test]
fn token_list_shows_the_created_runners_and_no_token() {
    let world = world();
    let named = create(&world, &["--description", "build-01"]);
    let unnamed = create(&world, &[]);

    let listed = world
        .runnerctl()
        .args(["token", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    for id in [named, unnamed] {
        assert_no_token_text(&listed, &token_of(&world, id));
    }
    assert_eq!(
        json(&listed),
        serde_json::json!({"runners": [
            {"url": world.gitlab.url(), "forge": "gitlab", "runner_id": named, "name": "build-01"},
            {"url": world.gitlab.url(), "forge": "gitlab", "runner_id": unnamed, "name": null},
        ]})
    );

    let table = world.runnerctl().args(["token", "list"]).output().unwrap();
    assert!(table.status.success(), "{}", stderr(&table));
    for id in [named, unnamed] {
        assert_no_token_text(&table, &token_of(&world, id));
    }
    let text = stdout(&table);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("URL"), "{text}");
    assert!(lines[0].contains("NAME"), "{text}");
    assert!(
        lines[1].starts_with(&world.gitlab.url()) && lines[1].contains(&named.to_string()),
        "{text}"
    );
    assert!(lines[1].contains("build-01"), "{text}");
    assert!(lines[2].contains(&unnamed.to_string()), "{text}");
}

#[test]
fn token_list_reads_a_store_written_before_names_were_kept() {
    let world = world();
    std::fs::write(
        world.secrets_file(),
        r#"{"version": 1, "runners": [{"url": "https://gitlab.example.com", "runner_id": 7, "token": "glrt-old-store-secret"}]}"#,
    )
    .unwrap();
    let listed = world
        .runnerctl()
        .args(["token", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_no_token_text(&listed, "glrt-old-store-secret");
    assert_eq!(
        json(&listed),
        serde_json::json!({"runners": [
            {"url": "https://gitlab.example.com", "forge": "gitlab", "runner_id": 7, "name": null},
        ]})
    );
}

#[test]
fn token_list_of_an_empty_store_says_so() {
    let world = world();
    let listed = world
        .runnerctl()
        .args(["token", "list", "--format", "json"])
        .output()
        .unwrap();
    assert!(listed.status.success(), "{}", stderr(&listed));
    assert_eq!(json(&listed), serde_json::json!({"runners": []}));
    let table = world.runnerctl().args(["token", "list"]).output().unwrap();
    assert!(
        stdout(&table).contains("No runner tokens"),
        "{}",
        stdout(&table)
    );
}
