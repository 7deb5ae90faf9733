//! Where secrets come from: a file store others may read is warned about, and `--token-stdin`
//! reads a bounded amount.

mod support;

use std::os::unix::fs::PermissionsExt;

use support::*;

fn fleet() -> Fleet {
    let mut fleet = Fleet::with_standard_users();
    fleet.add_group("team");
    fleet
}

#[test]
fn a_store_others_may_read_is_warned_about_once_naming_path_and_mode() {
    let world = World::new(fleet());
    let created = world
        .runnerctl()
        .args(["create", "-g", "team", "--format", "json"])
        .output()
        .unwrap();
    assert!(created.status.success(), "{}", stderr(&created));
    let id = json(&created)["id"].as_u64().unwrap();
    let store = world.secrets_file();
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o640)).unwrap();

    for args in [
        vec!["token".to_string(), "show".to_string(), id.to_string()],
        vec!["create".into(), "-g".into(), "team".into()],
    ] {
        let output = world.runnerctl().args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}: {}", stderr(&output));
        let message = stderr(&output);
        let warnings: Vec<&str> = message
            .lines()
            .filter(|line| line.contains(&store.display().to_string()) && line.contains("0640"))
            .collect();
        assert_eq!(warnings.len(), 1, "{args:?}:\n{message}");
    }
    // The write by the second create narrowed the file again: no more warning.
    assert_eq!(
        std::fs::metadata(&store).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let output = world
        .runnerctl()
        .args(["token", "show", &id.to_string()])
        .output()
        .unwrap();
    assert!(!stderr(&output).contains("0640"), "{}", stderr(&output));
}

#[test]
fn token_stdin_over_16_kib_is_a_usage_error_and_keeps_nothing() {
    let world = World::new(fleet());
    let huge = format!("glpat-{}", "a".repeat(16 * 1024));
    let login = world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin"])
        .write_stdin(huge.clone())
        .output()
        .unwrap();
    assert_eq!(login.status.code(), Some(2), "{}", stderr(&login));
    assert!(stderr(&login).contains("16 KiB"), "{}", stderr(&login));
    assert!(!world.secrets_file().exists(), "nothing was stored");
    assert!(
        world.gitlab.requests().is_empty(),
        "no request was sent with it"
    );

    let register = world
        .runnerctl()
        .args(["register", "--token-stdin", "--executor", "shell"])
        .write_stdin(format!("glrt-{}", "b".repeat(16 * 1024)))
        .output()
        .unwrap();
    assert_eq!(register.status.code(), Some(2), "{}", stderr(&register));
    assert!(
        stderr(&register).contains("16 KiB"),
        "{}",
        stderr(&register)
    );
    assert!(!world.config_file().exists(), "no config.toml was written");

    // A token with its newline, right at the limit, still reads.
    let fine = world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin", "--format", "json"])
        .write_stdin(format!("{ADMIN_TOKEN}\n"))
        .output()
        .unwrap();
    assert!(fine.status.success(), "{}", stderr(&fine));
}

/// The file store's lock file is never followed through a planted symlink: a
/// `secrets.lock -> /some/file` must not create or truncate that file (as root, a planted
/// link to /etc/nologin would lock every user out).
#[test]
fn a_planted_store_lock_symlink_is_refused_and_its_target_never_created() {
    let world = World::new(fleet());
    let target = world.path("nologin");
    let lock = world.path("secrets.lock");
    std::os::unix::fs::symlink(&target, &lock).expect("symlink");
    let login = world
        .runnerctl_with_token(None)
        .args(["auth", "login", "--token-stdin"])
        .write_stdin(format!("{ADMIN_TOKEN}\n"))
        .output()
        .unwrap();
    let text = stderr(&login);
    assert_eq!(login.status.code(), Some(1), "{text}");
    assert!(!target.exists(), "the symlink's target was created: {text}");
    assert!(text.contains("secrets.lock"), "names the lock file: {text}");
    assert!(text.contains("symlink"), "says what is wrong: {text}");
    assert_no_token_text(&login, ADMIN_TOKEN);
}
