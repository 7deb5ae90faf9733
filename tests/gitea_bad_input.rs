//! Bad input on Gitea/Forgejo, through the binary against the fake server: a `.runner` that is
//! not JSON, a server that is not Gitea, a deleted runner's credentials, and a registration
//! token that was reset. Each gets a clear error naming its next step, the contract's exit
//! code, no secret in the output, and every file as it was.

#[path = "support/gitea.rs"]
mod gitea_world;
mod support;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::Output;

use gitea_world::{Flavour, Fleet, GiteaWorld, ORG, Scope, read};
use support::{json, stderr, stdout};

const LABEL: &str = "ubuntu-latest:docker://node:20";

#[track_caller]
fn assert_code(output: &Output, expected: i32) {
    assert_eq!(
        output.status.code(),
        Some(expected),
        "stdout:\n{}\nstderr:\n{}",
        stdout(output),
        stderr(output)
    );
}

/// The error as the command reports it: stderr in human mode, or the JSON error document.
fn error_text(output: &Output) -> String {
    format!("{}{}", stderr(output), stdout(output))
}

/// Creates a runner in the org and returns its id and the hand-over document.
fn created(world: &GiteaWorld) -> (i64, String) {
    let output = world
        .api(&["create", "-g", ORG, "--name", "build-01", "--label", LABEL])
        .output()
        .expect("runs");
    assert_code(&output, 0);
    let id = json(&output)["id"].as_i64().expect("id");
    let shown = world
        .api(&["token", "show", &id.to_string()])
        .output()
        .expect("runs");
    assert_code(&shown, 0);
    (id, stdout(&shown))
}

#[test]
fn a_runner_file_that_is_not_json_is_named_with_its_place_and_kept() {
    for flavour in [Flavour::GITEA_1_26, Flavour::FORGEJO_15] {
        let world = GiteaWorld::new(Fleet::standard(flavour));
        let (id, document) = created(&world);
        // A hand edit gone wrong: a comment, which JSON has not.
        let broken = "{\n  \"id\": 1,\n  // the old runner\n  \"uuid\": \"x\"\n}\n";
        world.write_runner_file(broken);
        let file = world.runner_file().display().to_string();
        let id = id.to_string();
        let attempts: [(&[&str], Option<&str>); 4] = [
            (
                &["register", "--credentials-stdin"],
                Some(document.as_str()),
            ),
            (&["register", "--runner", &id], None),
            (&["unregister", "--runner", &id], None),
            (&["update", &id, "--labels", "gpu"], None),
        ];
        for (args, stdin) in attempts {
            let mut command = world.host(args);
            if let Some(stdin) = stdin {
                command.write_stdin(stdin.to_string());
            }
            let output = command.output().expect("runs");
            assert_code(&output, 1);
            world.assert_no_secrets(&output, &[]);
            let text = error_text(&output);
            assert!(text.contains(&file), "{args:?}: {text}");
            assert!(text.contains("line 3, column"), "{args:?}: {text}");
            assert_eq!(
                read(&world.runner_file()).as_deref(),
                Some(broken.as_bytes()),
                "{args:?} left the file as it was"
            );
        }
        // update changes nothing on the server either: it checks the file first.
        assert_eq!(
            world
                .gitea
                .runner(id.parse().expect("id"))
                .expect("runner")
                .labels,
            ["ubuntu-latest"]
        );
        // doctor reports it instead of failing.
        let output = world.host(&["doctor", "-g", ORG]).output().expect("runs");
        assert_code(&output, 1);
        let report = json(&output);
        let finding = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["id"] == "runner_file.unparseable")
            .cloned()
            .expect("runner_file.unparseable");
        assert_eq!(finding["evidence"]["line"], 3, "{report}");
    }
}

/// An HTTP server that answers every request with `status` and `body` (an HTML page by
/// default): a web server, a proxy's login page, or another forge.
fn plain_server(status: &'static str, body: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buffer = [0u8; 4096];
            let _ = stream.read(&mut buffer);
            let answer = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    format!("http://{address}")
}

#[test]
fn a_server_that_is_not_gitea_is_named_with_the_way_to_say_which_it_is() {
    let world = GiteaWorld::new(Fleet::standard(Flavour::GITEA_1_26));
    let page = plain_server("200 OK", "<!doctype html><html><body>Welcome</body></html>");

    // `--url` with no forge known: nothing answers as a forge, exit 1 naming URL and --forge.
    let output = world
        .bare()
        .args(["auth", "login", "--url", &page, "--token-stdin"])
        .write_stdin(gitea_world::ORG_OWNER_TOKEN)
        .output()
        .expect("runs");
    assert_code(&output, 1);
    let text = stderr(&output);
    assert!(text.contains(&page) && text.contains("--forge"), "{text}");
    assert!(!text.contains(gitea_world::ORG_OWNER_TOKEN), "{text}");
    assert!(!world.settings_file().exists(), "nothing saved");

    // `GITEA_URL` naming a web server: every command says it is not Gitea, and writes nothing.
    for args in [
        &["list", "-g", ORG][..],
        &["create", "-g", ORG, "--name", "x"][..],
    ] {
        let output = world
            .bare()
            .env("GITEA_URL", &page)
            .env("GITEA_TOKEN", gitea_world::ORG_OWNER_TOKEN)
            .args(args)
            .output()
            .expect("runs");
        assert_code(&output, 1);
        let text = stderr(&output);
        assert!(text.contains(&page), "{args:?}: {text}");
        // Only the forges GITEA_URL may be were asked.
        assert!(text.contains("Forgejo or Gitea"), "{args:?}: {text}");
        assert!(text.contains("--forge"), "{args:?}: {text}");
        assert!(!text.contains(gitea_world::ORG_OWNER_TOKEN), "{text}");
    }
    assert!(!world.secrets_file().exists(), "nothing stored");

    // A registration token for it on a host: nothing registered, no file.
    let output = world
        .bare()
        .env("GITEA_URL", &page)
        .args(["register", "--token-stdin", "--name", "h"])
        .arg("--runner-file")
        .arg(world.runner_file())
        .write_stdin("registration-token-abc")
        .output()
        .expect("runs");
    assert_code(&output, 1);
    assert!(!stderr(&output).contains("registration-token-abc"));
    assert!(!world.runner_file().exists());
}

#[test]
fn a_deleted_runners_credentials_are_named_rejected_and_the_file_kept() {
    for flavour in [Flavour::GITEA_1_26, Flavour::FORGEJO_15] {
        let world = GiteaWorld::new(Fleet::standard(flavour));
        let (id, document) = created(&world);
        let output = world
            .host(&["register", "--credentials-stdin"])
            .write_stdin(document.clone())
            .output()
            .expect("runs");
        assert_code(&output, 0);
        let written = read(&world.runner_file()).expect("written");
        let secrets = world.runner_tokens();
        // Deleted on the server, as by the web UI.
        world
            .gitea
            .with_state(|state| state.runners.retain(|runner| runner.id != id));

        let output = world
            .host(&["register", "--credentials-stdin", "--verify"])
            .write_stdin(document.clone())
            .output()
            .expect("runs");
        assert_code(&output, 1);
        world.assert_no_secrets(&output, &secrets);
        let text = error_text(&output);
        assert!(
            text.contains("unregistered") || text.contains("deleted"),
            "{text}"
        );
        assert!(text.contains("runnerctl create"), "the next step: {text}");
        assert_eq!(read(&world.runner_file()), Some(written.clone()));

        let output = world
            .host(&["doctor", "-g", ORG, "--verify-tokens"])
            .output()
            .expect("runs");
        assert_code(&output, 1);
        world.assert_no_secrets(&output, &secrets);
        let report = json(&output);
        let rejected = report["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .find(|f| f["id"] == "runner_file.token_rejected")
            .cloned()
            .unwrap_or_else(|| panic!("runner_file.token_rejected in {report}"));
        assert_eq!(rejected["evidence"]["runner_id"], id, "{report}");
        assert_eq!(read(&world.runner_file()), Some(written));
    }
}

#[test]
fn a_registration_token_that_was_reset_is_refused_and_nothing_written() {
    for flavour in [
        Flavour::GITEA_1_26,
        Flavour::FORGEJO_15,
        Flavour::GITEA_1_22,
    ] {
        let world = GiteaWorld::new(Fleet::standard(flavour));
        let scope = Scope::Org(ORG.into());
        let old = world.gitea.registration_token(&scope);
        let new = world.gitea.reset_registration_token(&scope);
        assert_ne!(old, new);
        let output = world
            .host(&["register", "--token-stdin", "--name", "h", "--label", LABEL])
            .write_stdin(old.clone())
            .output()
            .expect("runs");
        assert_code(&output, 1);
        world.assert_no_secrets(&output, &[old.clone(), new.clone()]);
        let text = error_text(&output);
        assert!(text.contains("registration token"), "{text}");
        assert!(
            text.contains("reset") || text.contains("not valid") || text.contains("invalid"),
            "{text}"
        );
        assert!(!world.runner_file().exists(), "no .runner");
        assert!(!world.path(".runner.lock").exists() || read(&world.runner_file()).is_none());
        assert!(
            world.gitea.with_state(|state| state.runners.is_empty()),
            "no runner registered"
        );
        assert!(!world.secrets_file().exists(), "no credentials stored");

        // The new token works.
        let output = world
            .host(&["register", "--token-stdin", "--name", "h", "--label", LABEL])
            .write_stdin(new.clone())
            .output()
            .expect("runs");
        assert_code(&output, 0);
        world.assert_no_secrets(&output, &[old, new]);
        assert!(world.runner_file().exists());
    }
}
