//! A small HTTPS server for the `--ca-file` tests: rustls with a certificate made by `openssl`
//! at test time, speaking just enough HTTP/1.1 to answer `GET /api/v4/user` and
//! `GET /api/v4/personal_access_tokens/self` as the fake GitLab does (lib/api/users.rb,
//! lib/api/personal_access_tokens/self_information.rb). Every other path is Grape's
//! catch-all 404 (lib/api/api.rb).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// A certificate and its key, as PEM files.
pub struct CertFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// `openssl req -x509` with its defaults (so `basicConstraints = critical, CA:TRUE`, the cert
/// is its own CA) for localhost and 127.0.0.1.
pub fn self_signed_ca_cert(dir: &Path, name: &str) -> CertFiles {
    self_signed_ca_cert_for(dir, name, "DNS:localhost,IP:127.0.0.1")
}

/// The same, for the names in `subject_alt_names` (openssl's `subjectAltName` syntax).
pub fn self_signed_ca_cert_for(dir: &Path, name: &str, subject_alt_names: &str) -> CertFiles {
    let cert = dir.join(format!("{name}.pem"));
    let key = dir.join(format!("{name}.key"));
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args(["-nodes", "-days", "2", "-subj", "/CN=localhost"])
        .arg("-addext")
        .arg(format!("subjectAltName={subject_alt_names}"))
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl runs");
    assert!(
        status.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let text = Command::new("openssl")
        .args(["x509", "-noout", "-text", "-in"])
        .arg(&cert)
        .output()
        .expect("openssl runs");
    assert!(
        String::from_utf8_lossy(&text.stdout).contains("CA:TRUE"),
        "openssl's default must make a CA certificate"
    );
    CertFiles { cert, key }
}

/// Serves HTTPS on 127.0.0.1 with `files` until the process ends; returns the port.
pub fn serve(files: &CertFiles) -> u16 {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&files.cert)
        .expect("cert file")
        .collect::<Result<_, _>>()
        .expect("certs");
    let key = PrivateKeyDer::from_pem_file(&files.key).expect("key");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .expect("server config");
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let Ok(connection) = rustls::ServerConnection::new(config) else {
                    return;
                };
                let mut tls = rustls::StreamOwned::new(connection, stream);
                let _ = answer(&mut tls);
            });
        }
    });
    port
}

fn answer<S: std::io::Read + Write>(tls: &mut S) -> std::io::Result<()> {
    let path;
    {
        let mut reader = BufReader::new(&mut *tls);
        let mut line = String::new();
        reader.read_line(&mut line)?;
        path = line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_string();
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 || line == "\r\n" {
                break;
            }
        }
    }
    let (status, body) = match path.split('?').next().unwrap_or_default() {
        "/api/v4/user" => (
            "200 OK",
            r#"{"id":1,"username":"root","name":"Administrator","state":"active","is_admin":true}"#,
        ),
        "/api/v4/personal_access_tokens/self" => (
            "200 OK",
            r#"{"id":1,"name":"tls","revoked":false,"scopes":["api"],"user_id":1,"active":true,"expires_at":null}"#,
        ),
        _ => ("404 Not Found", r#"{"error":"404 Not Found"}"#),
    };
    write!(
        tls,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    tls.flush()
}
