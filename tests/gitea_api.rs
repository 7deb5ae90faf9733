//! The Gitea/Forgejo commands that talk to the API (`auth login`, `create`, `list`, `pause`,
//! `resume`, `prune --offline`), through the binary against the fake server of each flavour.

mod support;

use std::path::{Path, PathBuf};

use fake_gitea::{ADMIN_TOKEN, FakeGitea, Flavour, Fleet, ORG, ORG_OWNER_TOKEN, RunnerSeed, Scope};
use support::{assert_no_token_text, json, runnerctl_in, stderr};

struct World {
    _dir: tempfile::TempDir,
    home: PathBuf,
    fake: FakeGitea,
    forgejo: bool,
}

impl World {
    fn new(fleet: Fleet, forgejo: bool) -> World {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().to_path_buf();
        let fake = FakeGitea::start(fleet).expect("fake starts");
        World {
            _dir: dir,
            home,
            fake,
            forgejo,
        }
    }

    fn standard(flavour: Flavour) -> World {
        World::new(Fleet::standard(flavour), flavour.is_forgejo())
    }

    fn runner_file(&self) -> PathBuf {
        self.home.join(".runner")
    }

    fn run_with(&self, token: Option<&str>, args: &[&str]) -> std::process::Output {
        let mut command = runnerctl_in(&self.home);
        let (url, token_variable) = if self.forgejo {
            ("FORGEJO_URL", "FORGEJO_TOKEN")
        } else {
            ("GITEA_URL", "GITEA_TOKEN")
        };
        command
            .env(url, self.fake.url())
            .env(
                "RUNNERCTL_KEYRING",
                format!("file:{}", self.home.join("secrets").display()),
            )
            .env("RUNNERCTL_SERVICE_MANAGER", "systemd")
            .args(["--format", "json", "--runner-file"])
            .arg(self.runner_file())
            .args(args);
        if let Some(token) = token {
            command.env(token_variable, token);
        }
        command.output().expect("runnerctl runs")
    }

    fn run(&self, args: &[&str]) -> std::process::Output {
        self.run_with(Some(ADMIN_TOKEN), args)
    }

    /// The runners `token list` shows for this world's store.
    fn stored_ids(&self) -> Vec<u64> {
        let output = self.run(&["token", "list"]);
        let listed = json(&output);
        let items = listed
            .get("runners")
            .and_then(|v| v.as_array())
            .cloned()
            .or_else(|| listed.as_array().cloned())
            .unwrap_or_default();
        items
            .iter()
            .filter_map(|item| item.get("runner_id").or_else(|| item.get("id"))?.as_u64())
            .collect()
    }

    fn stored_secret(&self) -> String {
        std::fs::read_to_string(self.home.join("secrets")).unwrap_or_default()
    }
}

fn code(output: &std::process::Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn assert_code(output: &std::process::Output, expected: i32) {
    assert_eq!(
        code(output),
        expected,
        "stdout:\n{}\nstderr:\n{}",
        support::stdout(output),
        stderr(output)
    );
}

fn no_secret_text(world: &World, output: &std::process::Output, scope: &Scope) {
    assert_no_token_text(output, &world.fake.registration_token(scope));
    for runner in world.fake.with_state(|state| state.runners.clone()) {
        assert_no_token_text(output, &runner.token);
    }
}

fn create(world: &World, args: &[&str]) -> (std::process::Output, serde_json::Value) {
    let mut all = vec![
        "create",
        "-g",
        ORG,
        "--name",
        "builder",
        "--label",
        "ubuntu-latest:docker://node:20",
        "--labels",
        "arm64,gpu",
    ];
    all.extend_from_slice(args);
    let output = world.run(&all);
    assert_code(&output, 0);
    let document = json(&output);
    (output, document)
}

fn created_runner(world: &World, document: &serde_json::Value) -> fake_gitea::Runner {
    let id = document["id"].as_i64().expect("an id");
    world.fake.runner(id).expect("the server holds the runner")
}

fn exists(path: &Path) -> bool {
    path.exists()
}

#[test]
fn auth_login_checks_the_token_and_saves_it_with_the_url_and_forge() {
    let world = World::standard(Flavour::GITEA_1_26);
    let output = world.run(&["auth", "login"]);
    assert_code(&output, 0);
    let document = json(&output);
    assert_eq!(document["forge"], "gitea");
    assert_eq!(document["username"], fake_gitea::ADMIN);
    assert!(document["scopes"].is_null());
    assert_no_token_text(&output, ADMIN_TOKEN);
    assert!(world.stored_secret().contains(ADMIN_TOKEN) || exists(&world.home.join("secrets")));
    // Without any token variable, the saved token and URL are used.
    let again = world.run_with(None, &["list", "--instance"]);
    assert_code(&again, 0);
}

#[test]
fn auth_login_refuses_a_bad_token_with_exit_1() {
    let world = World::standard(Flavour::GITEA_1_26);
    let output = world.run_with(Some("not-a-token"), &["auth", "login"]);
    assert_code(&output, 1);
    assert!(stderr(&output).contains("401"), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("runnerctl auth login"),
        "{}",
        stderr(&output)
    );
    assert_no_token_text(&output, "not-a-token");
}

#[test]
fn gitea_1_26_create_registers_a_runner_and_keeps_its_credentials() {
    let world = World::standard(Flavour::GITEA_1_26);
    let (output, document) = create(&world, &[]);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    let runner = created_runner(&world, &document);
    assert_eq!(runner.name, "builder");
    assert_eq!(runner.labels, vec!["ubuntu-latest", "arm64", "gpu"]);
    assert_eq!(document["forge"], "gitea");
    assert_eq!(document["uuid"], runner.uuid.as_str());
    assert_eq!(document["runner_type"], "group_type");
    assert_eq!(document["token_stored"], "file");
    assert!(document["token"].is_null());
    assert_eq!(document["labels"][0], "ubuntu-latest:docker://node:20");
    let shown = world.run(&["token", "show", &runner.id.to_string()]);
    assert_code(&shown, 0);
    let kept = json(&shown);
    assert_eq!(kept["uuid"], runner.uuid.as_str());
    assert_eq!(kept["token"], runner.token.as_str());
    assert_eq!(kept["labels"][0], "ubuntu-latest:docker://node:20");
    assert_eq!(kept["forge"], "gitea");
    assert!(
        world.stored_ids().contains(&(runner.id as u64)),
        "{}",
        world.stored_secret().len()
    );
}

#[test]
fn gitea_1_22_creates_but_cannot_list() {
    let world = World::standard(Flavour::GITEA_1_22);
    let (output, document) = create(&world, &[]);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    assert_eq!(created_runner(&world, &document).name, "builder");
    let list = world.run(&["list", "-g", ORG]);
    assert_code(&list, 1);
    assert!(stderr(&list).contains("Gitea 1.24"), "{}", stderr(&list));
}

#[test]
fn forgejo_15_creates_in_one_call_then_declares_the_labels() {
    let world = World::standard(Flavour::FORGEJO_15);
    let (output, document) = create(&world, &[]);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    assert_eq!(document["forge"], "forgejo");
    let runner = created_runner(&world, &document);
    assert_eq!(runner.labels, vec!["ubuntu-latest", "arm64", "gpu"]);
    let paths: Vec<String> = world
        .fake
        .requests()
        .iter()
        .map(|r| r.path.clone())
        .collect();
    assert!(
        paths
            .iter()
            .any(|p| p.ends_with("/orgs/team/actions/runners")),
        "{paths:?}"
    );
    assert!(paths.iter().any(|p| p.ends_with("/Declare")), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.contains("registration-token")),
        "{paths:?}"
    );
}

#[test]
fn forgejo_11_creates_by_registration_token_and_cannot_list() {
    let world = World::standard(Flavour::FORGEJO_11);
    let (output, document) = create(&world, &[]);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    assert_eq!(created_runner(&world, &document).name, "builder");
    let list = world.run(&["list", "-g", ORG]);
    assert_code(&list, 1);
    assert!(stderr(&list).contains("Forgejo 15"), "{}", stderr(&list));
}

#[test]
fn create_refuses_gitlab_flags_and_needs_a_name_and_a_scope() {
    let world = World::standard(Flavour::GITEA_1_26);
    for args in [
        vec!["create", "-g", ORG, "--name", "x", "--locked"],
        vec![
            "create",
            "-g",
            ORG,
            "--name",
            "x",
            "--access-level",
            "ref_protected",
        ],
        vec!["create", "-g", ORG],
        vec!["create", "--name", "x"],
    ] {
        let output = world.run(&args);
        assert_code(&output, 2);
    }
    assert!(world.fake.with_state(|s| s.runners.is_empty()));
}

#[test]
fn create_register_writes_the_runner_file() {
    let world = World::standard(Flavour::GITEA_1_26);
    let (output, document) = create(&world, &["--register"]);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    let runner = created_runner(&world, &document);
    let text = std::fs::read_to_string(world.runner_file()).expect(".runner written");
    assert!(text.contains(&runner.uuid) && text.contains(&runner.token));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(world.runner_file())
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

fn fleet_with_runners(flavour: Flavour) -> (Fleet, i64, i64) {
    let mut fleet = Fleet::standard(flavour);
    let online = fleet.runner(RunnerSeed::org(ORG).name("fresh").labels(&["linux"]));
    let offline = fleet.runner(
        RunnerSeed::org(ORG)
            .name("gone")
            .labels(&["linux"])
            .offline(),
    );
    (fleet, online, offline)
}

#[test]
fn list_reads_every_runner_of_the_scope_in_the_contract_shape() {
    let (fleet, online, offline) = fleet_with_runners(Flavour::GITEA_1_26);
    let world = World::new(fleet, false);
    let output = world.run_with(Some(ORG_OWNER_TOKEN), &["list", "-g", ORG]);
    assert_code(&output, 0);
    let document = json(&output);
    let runners = document["runners"].as_array().expect("runners").clone();
    let ids: Vec<i64> = runners.iter().filter_map(|r| r["id"].as_i64()).collect();
    assert!(
        ids.contains(&online) && ids.contains(&offline),
        "{document}"
    );
    let first = &runners[0];
    assert_eq!(first["runner_type"], "group_type");
    assert_eq!(first["forge"], "gitea");
    assert_eq!(first["tag_list"][0], "linux");
    assert!(first["contacted_at"].is_null());
    assert_eq!(first["paused"], false);
}

#[test]
fn pause_and_resume_toggle_disabled_on_gitea_1_26_and_need_1_26() {
    let (fleet, online, _) = fleet_with_runners(Flavour::GITEA_1_26);
    let world = World::new(fleet, false);
    let id = online.to_string();
    assert_code(&world.run(&["pause", &id]), 2);
    assert_code(&world.run(&["pause", &id, "-g", ORG]), 0);
    assert!(world.fake.runner(online).expect("runner").disabled);
    assert_code(&world.run(&["resume", &id, "-g", ORG]), 0);
    assert!(!world.fake.runner(online).expect("runner").disabled);

    let (fleet, online, _) = fleet_with_runners(Flavour::GITEA_1_24);
    let world = World::new(fleet, false);
    let output = world.run(&["pause", &online.to_string(), "-g", ORG]);
    assert_code(&output, 1);
    assert!(
        stderr(&output).contains("Gitea 1.26"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn pause_finds_the_scope_of_a_runner_it_created() {
    let world = World::standard(Flavour::GITEA_1_26);
    let (_, document) = create(&world, &[]);
    let id = document["id"].as_i64().expect("id");
    assert_code(&world.run(&["pause", &id.to_string()]), 0);
    assert!(world.fake.runner(id).expect("runner").disabled);
}

#[test]
fn prune_offline_deletes_only_offline_runners_and_shows_the_plan() {
    let (fleet, online, offline) = fleet_with_runners(Flavour::GITEA_1_26);
    let world = World::new(fleet, false);
    let dry = world.run(&["prune", "--offline", "-g", ORG, "--dry-run"]);
    assert_code(&dry, 0);
    assert!(world.fake.runner(offline).is_some());
    let no_yes = world.run(&["prune", "--offline", "-g", ORG]);
    assert_code(&no_yes, 2);
    let output = world.run(&["prune", "--offline", "-g", ORG, "--yes"]);
    assert_code(&output, 0);
    assert!(world.fake.runner(offline).is_none());
    assert!(world.fake.runner(online).is_some());
    for refused in [["prune", "--stale"], ["prune", "--never-contacted"]] {
        assert_code(&world.run(&refused), 2);
    }
}

#[test]
fn update_declares_the_new_labels_and_rewrites_this_hosts_runner_file() {
    let world = World::standard(Flavour::GITEA_1_26);
    let (_, document) = create(&world, &["--register"]);
    let id = document["id"].as_i64().expect("id");
    let output = world.run(&[
        "update",
        &id.to_string(),
        "--add-label",
        "big:host",
        "--remove-label",
        "gpu",
    ]);
    assert_code(&output, 0);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    let runner = world.fake.runner(id).expect("runner");
    assert_eq!(runner.labels, vec!["ubuntu-latest", "arm64", "big"]);
    let text = std::fs::read_to_string(world.runner_file()).expect(".runner");
    assert!(
        text.contains("big:host") && !text.contains("\"gpu\""),
        "{text}"
    );
    assert!(
        stderr(&output).contains("next start"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn update_without_stored_credentials_is_exit_1() {
    let (fleet, online, _) = fleet_with_runners(Flavour::FORGEJO_15);
    let world = World::new(fleet, true);
    let output = world.run(&["update", &online.to_string(), "--labels", "x"]);
    assert_code(&output, 1);
    assert!(
        stderr(&output).contains("credentials"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        world.fake.runner(online).expect("runner").labels,
        vec!["linux"]
    );
}

#[test]
fn prune_forgets_the_stored_credentials_of_a_deleted_runner() {
    let world = World::standard(Flavour::GITEA_1_26);
    let (_, document) = create(&world, &[]);
    let id = document["id"].as_i64().expect("id");
    assert!(world.stored_ids().contains(&(id as u64)));
    // Never contacted since Register: the server reports it offline.
    let output = world.run(&["prune", "--offline", "-g", ORG, "--yes"]);
    assert_code(&output, 0);
    assert!(world.fake.runner(id).is_none());
    assert!(!world.stored_ids().contains(&(id as u64)));
}

#[test]
fn register_token_stdin_registers_with_the_registration_token_and_verify_declares() {
    let world = World::standard(Flavour::GITEA_1_26);
    let registration = world.fake.registration_token(&Scope::Org(ORG.into()));
    let mut command = runnerctl_in(&world.home);
    command
        .env("GITEA_URL", world.fake.url())
        .env(
            "RUNNERCTL_KEYRING",
            format!("file:{}", world.home.join("secrets").display()),
        )
        .args(["--format", "json", "--runner-file"])
        .arg(world.runner_file())
        .args([
            "register",
            "--token-stdin",
            "--name",
            "host-1",
            "--label",
            "linux:host",
        ])
        .write_stdin(registration.clone());
    let output = command.output().expect("runs");
    assert_code(&output, 0);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    let runner = world
        .fake
        .with_state(|state| state.runner_by_name("host-1").cloned())
        .expect("registered on the server");
    assert_eq!(runner.labels, vec!["linux"]);
    let text = std::fs::read_to_string(world.runner_file()).expect(".runner");
    assert!(text.contains(&runner.uuid) && text.contains("linux:host"));
    assert!(world.stored_ids().contains(&(runner.id as u64)));

    world.fake.clear_requests();
    let output = world.run(&["register", "--runner", &runner.id.to_string(), "--verify"]);
    assert_code(&output, 0);
    assert_eq!(json(&output)["verified"], true);
    assert!(
        world
            .fake
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/Declare"))
    );
}

#[test]
fn unregister_delete_runner_deletes_on_the_stored_scope_and_forgets_the_credentials() {
    let world = World::standard(Flavour::FORGEJO_15);
    let (_, document) = create(&world, &["--register"]);
    let id = document["id"].as_i64().expect("id");
    let output = world.run(&["unregister", "--runner", &id.to_string(), "--delete-runner"]);
    assert_code(&output, 0);
    no_secret_text(&world, &output, &Scope::Org(ORG.into()));
    assert!(world.fake.runner(id).is_none());
    assert!(!world.stored_ids().contains(&(id as u64)));
    let text = std::fs::read_to_string(world.runner_file()).unwrap_or_default();
    assert!(!text.contains("\"id\""), "{text}");
}
