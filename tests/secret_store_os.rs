//! The secret store through the real binary: a token stored by one process is shown by a
//! separate `runnerctl token show` process, with the Secret Service, with the kernel keyring
//! (no Secret Service), and with the file store.
//!
//! The storing process is this test binary run again as a child (`child_process_entry_point`),
//! calling `SecretStore::open("os")` as `create` does: a second route into the same OS store,
//! independent of the command that reads it.

#[path = "support/system.rs"]
mod system;

use std::collections::HashMap;
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

use predicates::prelude::*;
use runnerctl::instance_url::InstanceUrl;
use runnerctl::secrets::SecretStore;
use runnerctl::token::RunnerToken;

const CHILD_ROLE: &str = "RUNNERCTL_TEST_CHILD_ROLE";
const CHILD_URL: &str = "RUNNERCTL_TEST_CHILD_URL";
const CHILD_RUNNER: &str = "RUNNERCTL_TEST_CHILD_RUNNER";
const CHILD_TOKEN: &str = "RUNNERCTL_TEST_CHILD_TOKEN";
const CHILD_REPORT: &str = "child-report:";

/// Not a test of its own: the entry point of the child process the tests below start. Run
/// without `RUNNERCTL_TEST_CHILD_ROLE` it does nothing.
#[test]
fn child_process_entry_point() {
    let Ok(role) = std::env::var(CHILD_ROLE) else {
        return;
    };
    let url = InstanceUrl::parse(&std::env::var(CHILD_URL).unwrap()).unwrap();
    let runner_id: u64 = std::env::var(CHILD_RUNNER).unwrap().parse().unwrap();
    let store = SecretStore::open("os").unwrap();
    println!("{CHILD_REPORT}label={}", store.label());
    for notice in store.notices() {
        println!("{CHILD_REPORT}notice={notice}");
    }
    match role.as_str() {
        "put" => {
            let token = RunnerToken::new(std::env::var(CHILD_TOKEN).unwrap());
            store
                .put_runner_token(&url, runner_id, &token, None)
                .unwrap();
        }
        "delete" => {
            let deleted = store.delete_runner_token(&url, runner_id).unwrap();
            println!("{CHILD_REPORT}deleted={deleted}");
        }
        other => panic!("unknown child role {other}"),
    }
    for stored in store.stored_runners().unwrap() {
        println!("{CHILD_REPORT}stored={} {}", stored.runner_id, stored.url);
    }
}

/// What the child reported: `label`, `notice`, `stored`, `deleted` lines.
struct ChildReport {
    lines: Vec<(String, String)>,
}

impl ChildReport {
    fn from_output(output: &Output) -> ChildReport {
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "child failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let lines = stdout
            .lines()
            .filter_map(|line| line.split_once(CHILD_REPORT))
            .filter_map(|(_, rest)| rest.split_once('='))
            .map(|(key, value)| (key.to_string(), value.to_string()))
            .collect();
        ChildReport { lines }
    }

    fn values(&self, key: &str) -> Vec<&str> {
        self.lines
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

/// A child run of this test binary in `role`; `wrap` puts it in a fresh session keyring.
fn child(role: &str, case: &Case, env: &[(&'static str, String)], fresh_session: bool) -> Output {
    let exe = std::env::current_exe().unwrap();
    let mut command = if fresh_session {
        system::in_fresh_session_keyring(&exe)
    } else {
        Command::new(&exe)
    };
    command
        .args([
            "--exact",
            "child_process_entry_point",
            "--nocapture",
            "--test-threads=1",
        ])
        .envs(case.base_env())
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .env(CHILD_ROLE, role)
        .env(CHILD_URL, &case.url)
        .env(CHILD_RUNNER, case.runner_id.to_string())
        .env(CHILD_TOKEN, &case.token)
        .output()
        .unwrap()
}

/// One runner token for one test run: a URL, id and token no earlier run used, so leftovers
/// in a real keyring never match.
struct Case {
    home: tempfile::TempDir,
    url: String,
    runner_id: u64,
    token: String,
}

impl Case {
    fn new() -> Case {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_nanos();
        let unique = format!("{}-{nanos}", std::process::id());
        Case {
            home: tempfile::tempdir().unwrap(),
            url: format!("https://gitlab.test/run-{unique}"),
            runner_id: 4242,
            token: format!("glrt-test-{unique}"),
        }
    }

    fn base_env(&self) -> HashMap<&'static str, String> {
        HashMap::from([
            ("HOME", self.home.path().display().to_string()),
            (
                "XDG_CONFIG_HOME",
                self.home.path().join(".config").display().to_string(),
            ),
            ("RUNNERCTL_KEYRING", "os".to_string()),
            ("GITLAB_URL", self.url.clone()),
            ("NO_COLOR", "1".to_string()),
        ])
    }

    fn runnerctl(&self, env: &[(&'static str, String)]) -> assert_cmd::Command {
        let mut command = assert_cmd::Command::new(system::runnerctl_bin());
        self.prepare(&mut command, env);
        command
    }

    fn prepare(&self, command: &mut assert_cmd::Command, env: &[(&'static str, String)]) {
        command
            .env_remove("GITLAB_HOST")
            .env_remove("GITLAB_TOKEN")
            .envs(self.base_env())
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    }
}

#[test]
fn secret_service_token_is_shown_by_a_second_process() {
    let Some(service) =
        system::required("a private Secret Service", system::SecretService::start())
    else {
        return;
    };
    let case = Case::new();
    let env = service.env();

    let stored = ChildReport::from_output(&child("put", &case, &env, false));
    assert_eq!(stored.values("label"), ["the Secret Service"]);
    assert!(stored.values("notice").is_empty());
    assert!(
        stored
            .values("stored")
            .contains(&format!("{} {}", case.runner_id, case.url).as_str())
    );

    case.runnerctl(&env)
        .args(["token", "show", &case.runner_id.to_string()])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token))
        .stderr("");

    let output = case
        .runnerctl(&env)
        .args([
            "token",
            "show",
            &case.runner_id.to_string(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"runner_id": case.runner_id, "token": case.token})
    );

    // Independent proof that the item is in the Secret Service, found by its attributes.
    if let Some(()) = system::required("secret-tool", system::have_program("secret-tool")) {
        let user = format!("runner/{}@{}", case.runner_id, case.url);
        let found = Command::new("secret-tool")
            .args(["search", "--all", "service", "runnerctl", "username", &user])
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .output()
            .unwrap();
        // secret-tool prints the secret and label on stdout, the attributes on stderr.
        let listing = format!(
            "{}{}",
            String::from_utf8_lossy(&found.stdout),
            String::from_utf8_lossy(&found.stderr)
        );
        assert!(
            listing.contains(&format!("secret = {}", case.token)),
            "{listing}"
        );
        assert!(
            listing.contains(&format!("attribute.username = {user}")),
            "{listing}"
        );
        assert!(
            listing.contains(&format!(
                "label = runnerctl: runner {} on {}",
                case.runner_id, case.url
            )),
            "{listing}"
        );
    }

    // Another id: exit 1, naming the id, the URL and the store, and no token anywhere.
    let missing = case
        .runnerctl(&env)
        .args(["token", "show", "4243"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("runner 4243"))
        .stderr(predicate::str::contains(case.url.as_str()))
        .stderr(predicate::str::contains("the Secret Service"));
    let stderr = String::from_utf8_lossy(&missing.get_output().stderr).to_string();
    assert!(!stderr.contains(&case.token), "{stderr}");

    // The same id under another URL points at the one that has it.
    case.runnerctl(&env)
        .env("GITLAB_URL", "https://gitlab.test/elsewhere")
        .args(["token", "show", &case.runner_id.to_string()])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "a token for runner {} is stored for {}",
            case.runner_id, case.url
        )));

    let deleted = ChildReport::from_output(&child("delete", &case, &env, false));
    assert_eq!(deleted.values("deleted"), ["true"]);
    assert!(deleted.values("stored").is_empty());
    case.runnerctl(&env)
        .args(["token", "show", &case.runner_id.to_string()])
        .assert()
        .code(1);
}

/// The kernel keyring and its list of stored runners are shared by every process of this user,
/// while each test has its own HOME (where runnerctl's lock for that list lives): the keyutils
/// tests take turns so that neither drops the other's entry from the list.
static KEYUTILS_TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Deletes the case's key from the kernel keyring even when an assertion fails: the key
/// would otherwise stay in the user's persistent keyring until it expires.
struct KeyutilsCleanup<'a> {
    case: &'a Case,
    env: Vec<(&'static str, String)>,
}

impl Drop for KeyutilsCleanup<'_> {
    fn drop(&mut self) {
        let _ = child("delete", self.case, &self.env, true);
    }
}

#[test]
fn keyutils_token_stored_in_one_session_is_shown_in_another() {
    let Some(()) = system::required("the kernel keyring", system::keyutils_available()) else {
        return;
    };
    let _turn = KEYUTILS_TURN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let no_service = system::NoSecretService::new();
    let env = no_service.env();
    let case = Case::new();
    let _cleanup = KeyutilsCleanup {
        case: &case,
        env: env.clone(),
    };

    let stored = ChildReport::from_output(&child("put", &case, &env, true));
    assert_eq!(stored.values("label"), ["the kernel keyring (keyutils)"]);
    assert!(
        stored.values("notice")[0].contains("does not survive a reboot"),
        "{:?}",
        stored.values("notice")
    );
    assert!(
        stored
            .values("stored")
            .contains(&format!("{} {}", case.runner_id, case.url).as_str())
    );

    // A separate process in a separate, fresh session keyring: it can only find the key
    // through the user's persistent keyring, as a later login session would.
    let mut show = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut show, &env);
    show.args(["token", "show", &case.runner_id.to_string()])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token));

    // And from this test's own context, which in CI and containers often has no session
    // keyring at all (the kernel then uses the user-session keyring).
    case.runnerctl(&env)
        .args(["token", "show", &case.runner_id.to_string()])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token));

    let mut missing = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut missing, &env);
    let missing = missing
        .args(["token", "show", "4243"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("runner 4243"))
        .stderr(predicate::str::contains("the kernel keyring (keyutils)"))
        .stderr(predicate::str::contains("does not survive a reboot"));
    let stderr = String::from_utf8_lossy(&missing.get_output().stderr).to_string();
    assert!(!stderr.contains(&case.token), "{stderr}");

    let deleted = ChildReport::from_output(&child("delete", &case, &env, true));
    assert_eq!(deleted.values("deleted"), ["true"]);
    assert!(
        !deleted
            .values("stored")
            .contains(&format!("{} {}", case.runner_id, case.url).as_str())
    );
}

#[test]
fn file_store_token_show_prints_bare_token_json_and_misses() {
    let case = Case::new();
    let secrets = case.home.path().join("secrets");
    let spec = format!("file:{}", secrets.display());
    let url = InstanceUrl::parse(&case.url).unwrap();
    SecretStore::open(&spec)
        .unwrap()
        .put_runner_token(&url, 42, &RunnerToken::new(case.token.clone()), None)
        .unwrap();
    let env = [("RUNNERCTL_KEYRING", spec.clone())];

    case.runnerctl(&env)
        .args(["token", "show", "42"])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token))
        .stderr("");
    case.runnerctl(&env)
        .args(["--format", "json", "token", "show", "42"])
        .assert()
        .success()
        .stdout(predicate::function(|out: &str| {
            serde_json::from_str::<serde_json::Value>(out).ok()
                == Some(serde_json::json!({"runner_id": 42, "token": case.token}))
        }));
    case.runnerctl(&env)
        .args(["token", "show", "43"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("runner 43"))
        .stderr(predicate::str::contains(case.url.as_str()))
        .stderr(predicate::str::contains(format!(
            "file {}",
            secrets.display()
        )))
        .stderr(predicate::str::contains(case.token.as_str()).not());
}

#[test]
fn token_show_with_a_bad_keyring_value_is_a_usage_error() {
    let case = Case::new();
    case.runnerctl(&[("RUNNERCTL_KEYRING", "vault".to_string())])
        .args(["token", "show", "42"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("RUNNERCTL_KEYRING"))
        .stderr(predicate::str::contains("os, file:PATH or none"));
}

#[test]
fn token_show_with_a_broken_store_file_fails_naming_it_and_keeps_it() {
    let case = Case::new();
    let secrets = case.home.path().join("secrets");
    std::fs::write(&secrets, "{ not json").unwrap();
    case.runnerctl(&[("RUNNERCTL_KEYRING", format!("file:{}", secrets.display()))])
        .args(["token", "show", "42"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(secrets.display().to_string()));
    assert_eq!(std::fs::read_to_string(&secrets).unwrap(), "{ not json");
}

#[test]
fn token_show_with_no_store_says_nothing_is_stored_there() {
    let case = Case::new();
    case.runnerctl(&[("RUNNERCTL_KEYRING", "none".to_string())])
        .args(["token", "show", "42"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("runner 42"))
        .stderr(predicate::str::contains(
            "RUNNERCTL_KEYRING=none stores no tokens",
        ));
}

/// The other direction, and the `create` then `token show` of a CI job: stored from this
/// test's own context (often one with no session keyring), read by a separate process in the
/// same context and in a fresh session.
#[test]
fn keyutils_token_stored_from_this_context_is_shown_by_later_processes() {
    let Some(()) = system::required("the kernel keyring", system::keyutils_available()) else {
        return;
    };
    let _turn = KEYUTILS_TURN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let no_service = system::NoSecretService::new();
    let env = no_service.env();
    let case = Case::new();
    let _cleanup = KeyutilsCleanup {
        case: &case,
        env: env.clone(),
    };

    let stored = ChildReport::from_output(&child("put", &case, &env, false));
    assert_eq!(stored.values("label"), ["the kernel keyring (keyutils)"]);

    case.runnerctl(&env)
        .args(["token", "show", &case.runner_id.to_string()])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token));

    let mut show = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut show, &env);
    show.args(["token", "show", &case.runner_id.to_string()])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token));
}

/// `create` against the fake GitLab with the real OS store, as an operator runs it.
fn create_with_os_store(
    case: &mut Case,
    gitlab: &fake_gitlab::FakeGitLab,
    mut command: assert_cmd::Command,
) -> (u64, String) {
    case.url = gitlab.url();
    case.prepare(&mut command, &[]);
    let output = command
        .env("GITLAB_TOKEN", fake_gitlab::ADMIN_TOKEN)
        .args([
            "create", "-g", "team", "--tag", "docker", "--format", "json",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["token_stored"], "keyring", "{stderr}");
    let id = document["id"].as_u64().unwrap();
    case.runner_id = id;
    case.token = gitlab.with_state(|state| state.runners[&id].token.clone());
    assert!(!stdout.contains(&case.token) && !stderr.contains(&case.token));
    (id, stderr)
}

fn fleet_with_team() -> fake_gitlab::Fleet {
    let mut fleet = fake_gitlab::Fleet::with_standard_users();
    fleet.add_group("team");
    fleet
}

#[test]
fn create_keeps_the_token_in_the_secret_service_for_token_show() {
    let Some(service) =
        system::required("a private Secret Service", system::SecretService::start())
    else {
        return;
    };
    let env = service.env();
    let gitlab = fake_gitlab::FakeGitLab::start(fleet_with_team()).unwrap();
    let mut case = Case::new();
    let mut create = assert_cmd::Command::new(system::runnerctl_bin());
    create.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    let (id, _) = create_with_os_store(&mut case, &gitlab, create);

    case.runnerctl(&env)
        .args(["token", "show", &id.to_string()])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token));
}

#[test]
fn create_keeps_the_token_in_the_kernel_keyring_without_a_secret_service() {
    let Some(()) = system::required("the kernel keyring", system::keyutils_available()) else {
        return;
    };
    let _turn = KEYUTILS_TURN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let no_service = system::NoSecretService::new();
    let env = no_service.env();
    let gitlab = fake_gitlab::FakeGitLab::start(fleet_with_team()).unwrap();
    let mut case = Case::new();
    let mut create = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    create.envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    let (id, stderr) = create_with_os_store(&mut case, &gitlab, create);
    let _cleanup = KeyutilsCleanup {
        case: &case,
        env: env.clone(),
    };
    // The caveat once, without the D-Bus library's error text.
    assert_eq!(
        stderr.matches("does not survive a reboot").count(),
        1,
        "{stderr}"
    );
    assert!(!stderr.contains("could not be reached"), "{stderr}");

    // The kernel keyring's index lists it for `token list`, without the token.
    let mut list = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut list, &env);
    let listed = list
        .args(["token", "list", "--format", "json"])
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&listed.stdout).to_string();
    assert!(listed.status.success(), "{listing}");
    assert!(!listing.contains(&case.token), "{listing}");
    let document: serde_json::Value = serde_json::from_str(&listing).unwrap();
    assert!(
        document["runners"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!(
                {"url": case.url, "forge": "gitlab", "runner_id": id, "name": null}
            )),
        "{listing}"
    );

    let mut show = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut show, &env);
    show.args(["token", "show", &id.to_string()])
        .assert()
        .success()
        .stdout(format!("{}\n", case.token));

    // Rotating puts the new token there too, and says the same once.
    let mut rotate = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut rotate, &env);
    let rotated = rotate
        .env("GITLAB_TOKEN", fake_gitlab::ADMIN_TOKEN)
        .args(["rotate", &id.to_string()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&rotated.stderr).to_string();
    assert!(rotated.status.success(), "{stderr}");
    assert_eq!(
        stderr.matches("does not survive a reboot").count(),
        1,
        "{stderr}"
    );
}

/// Forgets the API token `auth login` saved in the kernel keyring even when an assertion fails.
struct LogoutOnDrop<'a> {
    case: &'a Case,
    env: Vec<(&'static str, String)>,
}

impl Drop for LogoutOnDrop<'_> {
    fn drop(&mut self) {
        let mut logout = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
        self.case.prepare(&mut logout, &self.env);
        let _ = logout.args(["auth", "logout"]).output();
    }
}

#[test]
fn login_into_the_kernel_keyring_warns_once_in_one_plain_sentence() {
    let Some(()) = system::required("the kernel keyring", system::keyutils_available()) else {
        return;
    };
    let _turn = KEYUTILS_TURN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let no_service = system::NoSecretService::new();
    let env = no_service.env();
    let gitlab = fake_gitlab::FakeGitLab::start(fake_gitlab::Fleet::with_standard_users()).unwrap();
    let mut case = Case::new();
    case.url = gitlab.url();
    let _logout = LogoutOnDrop {
        case: &case,
        env: env.clone(),
    };

    let mut login = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut login, &env);
    let output = login
        .args(["auth", "login", "--token-stdin"])
        .write_stdin(fake_gitlab::ADMIN_TOKEN)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&output.stdout).contains("the kernel keyring (keyutils)"),
        "{stderr}"
    );
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    let warning = warnings[0];
    assert!(warning.contains("does not survive a reboot"), "{warning}");
    // One sentence, in runnerctl's words: none of the D-Bus library's.
    assert_eq!(warning.matches(". ").count(), 0, "{warning}");
    for raw in [
        "zbus",
        "D-Bus",
        "dbus",
        "org.freedesktop",
        "no-bus",
        "could not be reached",
    ] {
        assert!(!stderr.contains(raw), "{raw}: {stderr}");
    }
    assert!(!stderr.contains(fake_gitlab::ADMIN_TOKEN), "{stderr}");

    // With -v, the error behind the sentence is a debug line, never a warning.
    let mut verbose = system::in_fresh_session_keyring_assert(system::runnerctl_bin());
    case.prepare(&mut verbose, &env);
    let output = verbose
        .args(["-v", "auth", "login", "--token-stdin"])
        .write_stdin(fake_gitlab::ADMIN_TOKEN)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|line| line.starts_with("debug: secret store: ")),
        "{stderr}"
    );
    assert!(!stderr.contains(fake_gitlab::ADMIN_TOKEN), "{stderr}");
}
