//! Which forge a URL is, asked of the server when nothing else says (the contract's
//! detection order): Forgejo (`GET /api/forgejo/v1/version`, served only by Forgejo), Gitea
//! (`GET /api/v1/version` answering `{"version"}`, which Forgejo serves too), GitLab
//! (`GET /api/v4/version`: 200, or 401 with GitLab's JSON), Semaphore (`GET /api/ping`
//! answering `pong`). No probe carries a token, and none follows a redirect.

use std::path::Path;
use std::time::Duration;

use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;

/// Why no forge was found.
#[derive(Debug, thiserror::Error)]
pub enum DetectError {
    #[error(
        "{url} answers as none of {tried}: no version or ping route of theirs answered as they do"
    )]
    Unknown { url: String, tried: String },
    #[error("cannot reach {url} to tell which forge it is: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("cannot set up a connection to {url}: {reason}")]
    Setup { url: String, reason: String },
}

/// How long a probe may take, and the CA file the server may be signed by.
#[derive(Debug, Clone, Default)]
pub struct ProbeOptions {
    pub timeout: Option<Duration>,
    pub ca_file: Option<std::path::PathBuf>,
}

/// The first forge of `order` that `url` answers as.
pub fn detect_forge(
    url: &InstanceUrl,
    order: &[ForgeKind],
    options: &ProbeOptions,
) -> Result<ForgeKind, DetectError> {
    let client = probe_client(url, options)?;
    for kind in order {
        let found = match kind {
            ForgeKind::Forgejo => answers_json_version(&client, url, "/api/forgejo/v1/version")?,
            ForgeKind::Gitea => answers_json_version(&client, url, "/api/v1/version")?,
            ForgeKind::GitLab => answers_gitlab(&client, url)?,
            ForgeKind::Semaphore => answers_pong(&client, url)?,
        };
        if found {
            log::debug!("{url} answers as {kind}");
            return Ok(*kind);
        }
    }
    let names: Vec<&str> = order.iter().map(|kind| kind.display_name()).collect();
    let tried = match names.as_slice() {
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
        [] => "the forges runnerctl knows".to_string(),
    };
    Err(DetectError::Unknown {
        url: url.as_str().to_string(),
        tried,
    })
}

fn probe_client(
    url: &InstanceUrl,
    options: &ProbeOptions,
) -> Result<reqwest::blocking::Client, DetectError> {
    let setup = |reason: String| DetectError::Setup {
        url: url.as_str().to_string(),
        reason,
    };
    let mut builder = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .timeout(options.timeout.unwrap_or(Duration::from_secs(30)))
        .user_agent(concat!("runnerctl/", env!("CARGO_PKG_VERSION")));
    if let Some(path) = &options.ca_file {
        // The same trust as every forge client: a CA file's self-signed server certificate is
        // trusted as itself, as gitlab-runner and curl do.
        builder = builder
            .tls_backend_preconfigured(crate::transport::tls::client_config(path).map_err(setup)?);
    }
    builder.build().map_err(|e| setup(e.to_string()))
}

/// A probe's answer: status and at most 64 KiB of body.
fn get(
    client: &reqwest::blocking::Client,
    url: &InstanceUrl,
    path: &str,
) -> Result<(u16, String), DetectError> {
    let target = format!("{}{path}", url.as_str().trim_end_matches('/'));
    let started = std::time::Instant::now();
    let response = client
        .get(&target)
        .header("Accept", "application/json")
        .send()
        .map_err(|error| DetectError::Unreachable {
            url: url.as_str().to_string(),
            reason: network_reason(&error),
        })?;
    let status = response.status().as_u16();
    log::debug!(
        "GET {target} -> {status} ({} ms)",
        started.elapsed().as_millis()
    );
    use std::io::Read as _;
    let mut body = String::new();
    let _ = response.take(64 * 1024).read_to_string(&mut body);
    Ok((status, body))
}

fn answers_json_version(
    client: &reqwest::blocking::Client,
    url: &InstanceUrl,
    path: &str,
) -> Result<bool, DetectError> {
    let (status, body) = get(client, url, path)?;
    Ok(status == 200
        && serde_json::from_str::<serde_json::Value>(&body)
            .ok()
            .and_then(|value| value.get("version").map(serde_json::Value::is_string))
            .unwrap_or(false))
}

fn answers_gitlab(
    client: &reqwest::blocking::Client,
    url: &InstanceUrl,
) -> Result<bool, DetectError> {
    let (status, body) = get(client, url, "/api/v4/version")?;
    let json = serde_json::from_str::<serde_json::Value>(&body).ok();
    Ok(match status {
        200 => json.is_some_and(|value| value.get("version").is_some()),
        // GitLab's answer without a token: {"message":"401 Unauthorized"} (lib/api/helpers.rb).
        401 => json.is_some_and(|value| value.get("message").is_some()),
        _ => false,
    })
}

fn answers_pong(
    client: &reqwest::blocking::Client,
    url: &InstanceUrl,
) -> Result<bool, DetectError> {
    let (status, body) = get(client, url, "/api/ping")?;
    Ok(status == 200 && body.trim() == "pong")
}

/// What failed, in the transport's words (DNS, TLS, refused, timeout, dropped).
fn network_reason(error: &reqwest::Error) -> String {
    let (cause, detail) = crate::transport::classify(error);
    format!("{} ({detail})", cause.as_str())
}

/// What a `.runner` says of its forge, read without a lock: its kind by the runner's own marks
/// (`ephemeral` or Gitea Runner's WARNING: Gitea; forgejo-runner's WARNING: Forgejo; the
/// act-runner WARNING both runners' older versions wrote says neither) and its `address`.
/// `None` when the file is absent or does not parse (the command then reports it).
pub fn runner_file_marks(path: &Path) -> Option<RunnerFileMarks> {
    let parsed = crate::runner_file::read_unlocked(path).ok()??;
    let kind = parsed.kind.map(|kind| match kind {
        crate::runner_file::RunnerFileKind::Gitea => ForgeKind::Gitea,
        crate::runner_file::RunnerFileKind::Forgejo => ForgeKind::Forgejo,
    });
    let address = InstanceUrl::parse(&parsed.registration.address).ok();
    Some(RunnerFileMarks { kind, address })
}

#[derive(Debug, Clone)]
pub struct RunnerFileMarks {
    pub kind: Option<ForgeKind>,
    pub address: Option<InstanceUrl>,
}
