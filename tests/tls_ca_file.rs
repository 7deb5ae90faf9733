//! `--ca-file` with a self-signed certificate that is its own CA, as `openssl req -x509` makes
//! by default: accepted when the server's certificate is byte-identical to one in the file
//! (gitlab-runner and curl accept it), otherwise refused with a message that says what is
//! wrong and never asks for the `--ca-file` that was given.

mod support;
#[path = "support/system.rs"]
mod system;
#[path = "support/tls_server.rs"]
mod tls_server;

use support::*;

fn auth_status(
    home: &std::path::Path,
    port: u16,
    ca_file: Option<&std::path::Path>,
) -> std::process::Output {
    let mut command = runnerctl_in(home);
    command
        .env("GITLAB_URL", format!("https://localhost:{port}"))
        .env("GITLAB_TOKEN", ADMIN_TOKEN)
        .env("RUNNERCTL_KEYRING", "none")
        .args(["auth", "status", "--format", "json"]);
    if let Some(path) = ca_file {
        command.arg("--ca-file").arg(path);
    }
    command
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap()
}

#[test]
fn a_self_signed_ca_certificate_in_ca_file_is_accepted_as_the_server_certificate() {
    if system::required("openssl", system::have_program("openssl")).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = tls_server::self_signed_ca_cert(dir.path(), "server");
    let port = tls_server::serve(&server);
    let output = auth_status(dir.path(), port, Some(&server.cert));
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&output)["username"], "root");

    // The same certificate among others in a bundle is found too.
    let other = tls_server::self_signed_ca_cert(dir.path(), "other");
    let bundle = dir.path().join("bundle.pem");
    std::fs::write(
        &bundle,
        format!(
            "{}{}",
            std::fs::read_to_string(&other.cert).unwrap(),
            std::fs::read_to_string(&server.cert).unwrap()
        ),
    )
    .unwrap();
    let output = auth_status(dir.path(), port, Some(&bundle));
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn a_self_signed_ca_certificate_not_in_ca_file_is_named_as_such() {
    if system::required("openssl", system::have_program("openssl")).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = tls_server::self_signed_ca_cert(dir.path(), "server");
    let other = tls_server::self_signed_ca_cert(dir.path(), "other");
    let port = tls_server::serve(&server);

    let output = auth_status(dir.path(), port, Some(&other.cert));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("a CA certificate used as a server certificate"),
        "{message}"
    );
    assert!(
        message.contains(&other.cert.display().to_string()),
        "{message}"
    );
    assert!(!message.contains("pass --ca-file"), "{message}");

    // Without --ca-file the message names the same problem, and the flag is the way out.
    let output = auth_status(dir.path(), port, None);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("a CA certificate used as a server certificate"),
        "{message}"
    );
}

#[test]
fn a_certificate_in_ca_file_for_another_host_name_is_still_refused() {
    if system::required("openssl", system::have_program("openssl")).is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = tls_server::self_signed_ca_cert_for(
        dir.path(),
        "elsewhere",
        "DNS:gitlab.elsewhere.example",
    );
    let port = tls_server::serve(&server);
    let output = auth_status(dir.path(), port, Some(&server.cert));
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.contains("not valid for name"), "{message}");
}
