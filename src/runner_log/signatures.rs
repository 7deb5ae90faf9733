//! The catalogue of runner log lines that explain a runner's trouble: one [`Signal`] per
//! cause, each matched by the words its runner prints, with the source that prints them cited
//! beside it. Pure: a line in, a classification out.

use strum::{EnumIter, IntoStaticStr};

/// A cause the runner's log shows; the contract's `runner_log.*` ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum Signal {
    Forbidden,
    Unhealthy,
    Tls,
    Unreachable,
    LongPolling,
    UserMode,
    UnregisteredRunner,
    RegistrationTokenInvalid,
    RunnerFileLocked,
    ConfigError,
}

impl Signal {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What one matching line says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classified {
    pub signal: Signal,
    /// The runner the line names: gitlab-runner's `runner=` field (a token's short form), or
    /// the short form at the end of `Runner "<url><short>" is unhealthy`.
    pub runner: Option<String>,
    /// The instance the line speaks of (scheme, host and port), for TLS and network errors.
    pub url: Option<String>,
}

/// The words each signal is known by. A line matches a signal when it holds one of `any` and,
/// where `context` is not empty, one of `context` too (so "403 Forbidden" of a job's own
/// script output is not taken for the runner's).
struct Signature {
    signal: Signal,
    any: &'static [&'static str],
    context: &'static [&'static str],
}

/// In the order they are tried: the first that matches wins, so a line that is both a TLS
/// error and a failed job request is a TLS error.
const SIGNATURES: &[Signature] = &[
    // gitlab-runner network/gitlab.go, RequestJob: `Checking for jobs... forbidden` with the
    // status `POST …/api/v4/jobs/request: 403 Forbidden`; VerifyRunner: `Verifying runner...
    // is removed` (legacy tokens) and `Verifying runner... is not valid` (glrt-).
    Signature {
        signal: Signal::Forbidden,
        any: &[
            "403 Forbidden",
            "Verifying runner... is removed",
            "Verifying runner... is not valid",
        ],
        context: &[
            "Checking for jobs",
            "Verifying runner",
            "jobs/request",
            "runners/verify",
        ],
    },
    // gitlab-runner commands/health_helper.go, markHealth: `Runner "<desc>" is unhealthy and
    // will be disabled for 1h0m0s seconds!`.
    Signature {
        signal: Signal::Unhealthy,
        any: &["is unhealthy and will be disabled"],
        context: &[],
    },
    // Go's crypto/x509 and crypto/tls errors, wrapped by gitlab-runner's network client
    // (`couldn't execute POST against …`) and by the Gitea and Forgejo runners' Connect client.
    Signature {
        signal: Signal::Tls,
        any: &[
            "x509:",
            "certificate signed by unknown authority",
            "certificate has expired",
            "tls: failed to verify certificate",
        ],
        context: &[],
    },
    // Go's net errors, as every runner wraps them: `dial tcp: lookup host … no such host`,
    // `connect: connection refused`, `i/o timeout`, `Client.Timeout exceeded`.
    Signature {
        signal: Signal::Unreachable,
        any: &[
            "no such host",
            "connection refused",
            "i/o timeout",
            "Client.Timeout exceeded",
            "context deadline exceeded",
            "network is unreachable",
            "no route to host",
            "server misbehaving",
        ],
        context: &[
            "dial tcp",
            "lookup ",
            "couldn't execute",
            "Cannot ping the",
            "Post \"",
            "Get \"",
            "http://",
            "https://",
        ],
    },
    // gitlab-runner commands/multi.go, checkConfig: `CONFIGURATION: Long polling issues detected`.
    Signature {
        signal: Signal::LongPolling,
        any: &["Long polling issues detected"],
        context: &[],
    },
    // gitlab-runner commands/multi.go and service.go: `Running in user-mode.`
    Signature {
        signal: Signal::UserMode,
        any: &["Running in user-mode"],
        context: &[],
    },
    // Gitea's routers/api/actions/runner/interceptor.go answers `unregistered runner`, which
    // gitea-runner and forgejo-runner log from their poller and Declare.
    Signature {
        signal: Signal::UnregisteredRunner,
        any: &["unregistered runner"],
        context: &[],
    },
    // Gitea's routers/api/actions/runner/runner.go, Register: `runner registration token not
    // found`, `runner registration token has been invalidated`.
    Signature {
        signal: Signal::RegistrationTokenInvalid,
        any: &[
            "runner registration token not found",
            "registration token has been invalidated",
        ],
        context: &[],
    },
    // gitea-runner internal/app/cmd/daemon.go (v3.0.0 and later): `another gitea-runner process
    // is already using ".runner"; …`, then `runner file is already locked by another process`
    // (internal/pkg/lock/lock.go). forgejo-runner takes no such lock.
    Signature {
        signal: Signal::RunnerFileLocked,
        any: &["process is already using", "runner file is already locked"],
        context: &[],
    },
    // gitlab-runner commands/multi.go: `Failed to load config <err>` (updateConfig),
    // `Executor "x" is not known; marking Runner as unhealthy` (processRunner), `Runner token
    // is empty or whitespace; …` (reloadConfig, 19.1); gitea-runner and forgejo-runner
    // internal/app/cmd/daemon.go: `invalid configuration: …`, `registration file not found`,
    // register.go `token is empty`; Semaphore services/runners/job_pool.go: `can not retrieve
    // runner token` (the `error=` field of checkNewJobs, the message of Run's panic).
    Signature {
        signal: Signal::ConfigError,
        any: &[
            "Failed to load config",
            "is not known; marking Runner as unhealthy",
            "token is empty",
            "invalid configuration:",
            "registration file not found",
            "can not retrieve runner token",
        ],
        context: &[],
    },
];

/// What `line` shows, if it is one of the catalogue's lines.
pub fn classify(line: &str) -> Option<Classified> {
    let signature = SIGNATURES.iter().find(|signature| {
        signature.any.iter().any(|words| line.contains(words))
            && (signature.context.is_empty()
                || signature.context.iter().any(|words| line.contains(words)))
    })?;
    let runner = field(line, "runner").or_else(|| unhealthy_description(line));
    let url = match signature.signal {
        Signal::Tls | Signal::Unreachable | Signal::Forbidden => first_origin(line),
        _ => None,
    };
    Some(Classified {
        signal: signature.signal,
        runner,
        url,
    })
}

/// The value of a `key=value` field in logrus's text form (quoted or not), or of a `"key":
/// "value"` member of its JSON form.
pub fn field(line: &str, key: &str) -> Option<String> {
    let json_key = format!("\"{key}\":");
    if let Some(at) = line.find(&json_key) {
        let rest = line[at + json_key.len()..].trim_start();
        let rest = rest.strip_prefix('"')?;
        return rest.find('"').map(|end| rest[..end].to_string());
    }
    let text_key = format!("{key}=");
    let mut search = 0;
    while let Some(found) = line[search..].find(&text_key) {
        let at = search + found;
        search = at + text_key.len();
        // A field starts the line or follows a space: `xrunner=` is another field.
        if at > 0 && !line[..at].ends_with(char::is_whitespace) {
            continue;
        }
        let rest = &line[at + text_key.len()..];
        let value = match rest.strip_prefix('"') {
            Some(quoted) => quoted.split('"').next().unwrap_or_default(),
            None => rest.split(char::is_whitespace).next().unwrap_or_default(),
        };
        if !value.is_empty() {
            return Some(value.to_string());
        }
    }
    None
}

/// `Runner "https://gitlab.example.com/abc123def" is unhealthy …`: the description, which
/// gitlab-runner builds as the URL followed by the token's short form.
fn unhealthy_description(line: &str) -> Option<String> {
    let start = line.find("Runner \"")? + "Runner \"".len();
    let rest = &line[start..];
    let description = &rest[..rest.find('"')?];
    Some(description.to_string())
}

/// The first `http://` or `https://` origin in the line, without path or query.
pub fn first_origin(line: &str) -> Option<String> {
    let start = line.find("https://").or_else(|| line.find("http://"))?;
    let rest = &line[start..];
    let scheme_end = rest.find("://")? + 3;
    let host_end = rest[scheme_end..]
        .find(|c: char| c == '/' || c == '"' || c == '\'' || c.is_whitespace())
        .map_or(rest.len(), |end| scheme_end + end);
    let origin = rest[..host_end].trim_end_matches([':', ',', '.']);
    (origin.len() > scheme_end).then(|| origin.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(line: &str) -> Option<Signal> {
        classify(line).map(|classified| classified.signal)
    }

    /// Each line as the runner prints it (gitlab-runner's own format: level prefix, message
    /// padded to 50, then sorted `key=value` fields; log/runner_formatter.go), colours removed.
    #[test]
    fn gitlab_runner_lines() {
        // network/gitlab.go RequestJob, 403.
        let line = "ERROR: Checking for jobs... forbidden               correlation_id=01JXYZ4Q2C9W7K3R8T5V6B1N0M runner=abc123def runner_name=my-runner status=POST https://gitlab.example.com/api/v4/jobs/request: 403 Forbidden";
        let classified = classify(line).unwrap();
        assert_eq!(classified.signal, Signal::Forbidden);
        assert_eq!(classified.runner.as_deref(), Some("abc123def"));
        assert_eq!(
            classified.url.as_deref(),
            Some("https://gitlab.example.com")
        );
        assert_eq!(field(line, "runner_name").as_deref(), Some("my-runner"));
        // Before 18.6: no correlation_id, an 8-character short token.
        assert_eq!(
            signal(
                "ERROR: Checking for jobs... forbidden               runner=abc123de status=POST https://gitlab.example.com/api/v4/jobs/request: 403 Forbidden"
            ),
            Some(Signal::Forbidden)
        );
        // network/gitlab.go VerifyRunner: glrt- tokens (Info, no status) and legacy ones.
        assert_eq!(
            signal(
                "Verifying runner... is not valid                    correlation_id=01JX runner=AbCdEfGhI runner_name=my-runner"
            ),
            Some(Signal::Forbidden)
        );
        assert_eq!(
            signal(
                "ERROR: Verifying runner... is removed               runner=abc123def status=POST https://gitlab.example.com/api/v4/runners/verify: 403 Forbidden"
            ),
            Some(Signal::Forbidden)
        );
        // commands/health_helper.go markHealth: the URL and the short form, no separator.
        let line = "ERROR: Runner \"https://gitlab.example.com/abc123def\" is unhealthy and will be disabled for 1h0m0s seconds!  unhealthy_requests=3 unhealthy_requests_limit=3";
        let classified = classify(line).unwrap();
        assert_eq!(classified.signal, Signal::Unhealthy);
        assert_eq!(
            classified.runner.as_deref(),
            Some("https://gitlab.example.com/abc123def")
        );
        // network/client.go: network errors under `Checking for jobs... failed`.
        let tls = "WARNING: Checking for jobs... failed                runner=abc123def status=execute JSON request: execute request: couldn't execute POST against https://gitlab.example.com/api/v4/jobs/request: Post \"https://gitlab.example.com/api/v4/jobs/request\": tls: failed to verify certificate: x509: certificate signed by unknown authority";
        let classified = classify(tls).unwrap();
        assert_eq!(classified.signal, Signal::Tls);
        assert_eq!(
            classified.url.as_deref(),
            Some("https://gitlab.example.com")
        );
        let dns = "WARNING: Checking for jobs... failed                runner=abc123def status=couldn't execute POST against https://gitlab.internal:8443/api/v4/jobs/request: Post \"https://gitlab.internal:8443/api/v4/jobs/request\": dial tcp: lookup gitlab.internal on 127.0.0.53:53: no such host";
        let classified = classify(dns).unwrap();
        assert_eq!(classified.signal, Signal::Unreachable);
        assert_eq!(
            classified.url.as_deref(),
            Some("https://gitlab.internal:8443")
        );
        assert_eq!(
            signal(
                "WARNING: Checking for jobs... failed                runner=abc123def status=couldn't execute POST against https://10.0.0.5/api/v4/jobs/request: Post \"https://10.0.0.5/api/v4/jobs/request\": dial tcp 10.0.0.5:443: connect: connection refused"
            ),
            Some(Signal::Unreachable)
        );
        // commands/multi.go checkConfigConcurrency (18.4): the first line of a multi-line warning.
        assert_eq!(
            signal("WARNING: CONFIGURATION: Long polling issues detected."),
            Some(Signal::LongPolling)
        );
        // commands/user_mode_warning.go.
        assert_eq!(
            signal("WARNING: Running in user-mode."),
            Some(Signal::UserMode)
        );
        // commands/multi.go processRunner, reloadConfig, updateConfig.
        assert_eq!(
            signal(
                "ERROR: Executor \"dockerr\" is not known; marking Runner as unhealthy  builds=0 max_builds=10 runner=abc123def runner_name=my-runner"
            ),
            Some(Signal::ConfigError)
        );
        let empty = "WARNING: Runner token is empty or whitespace; this runner will be skipped during job polling. Check the 'token' field in your config.toml for this runner.  builds=0 max_builds=10 runner= runner_name=my-runner";
        let classified = classify(empty).unwrap();
        assert_eq!(classified.signal, Signal::ConfigError);
        assert_eq!(classified.runner, None, "an empty runner= names nobody");
        assert_eq!(
            signal(
                "ERROR: Failed to load config decoding configuration file: toml: line 4 (last key \"runners.executor\"): expected value but found '\\n' instead  builds=0 max_builds=10"
            ),
            Some(Signal::ConfigError)
        );
    }

    /// gitea-runner and forgejo-runner log with logrus's TextFormatter (internal/app/cmd/daemon.go).
    #[test]
    fn gitea_and_forgejo_runner_lines() {
        // Gitea's server error through connect (routers/api/actions/runner/interceptor.go).
        assert_eq!(
            signal(
                "time=\"2026-08-22T10:00:00Z\" level=error msg=\"failed to fetch task\" error=\"unknown: rpc error: code = Unauthenticated desc = unregistered runner\""
            ),
            Some(Signal::UnregisteredRunner)
        );
        // Forgejo's (connect.NewError(CodeUnauthenticated, …)).
        assert_eq!(
            signal(
                "time=\"2025-12-10T10:00:00Z\" level=error msg=\"fail to invoke Declare\" error=\"unauthenticated: unregistered runner\""
            ),
            Some(Signal::UnregisteredRunner)
        );
        // internal/app/cmd/register.go doRegister, with Forgejo's and Gitea's wording.
        assert_eq!(
            signal(
                "level=error msg=\"poller: cannot register new runner\" error=\"invalid_argument: runner registration token not found\""
            ),
            Some(Signal::RegistrationTokenInvalid)
        );
        assert_eq!(
            signal(
                "Error: Failed to register runner: unknown: runner registration token has been invalidated"
            ),
            Some(Signal::RegistrationTokenInvalid)
        );
        // gitea-runner v3 daemon.go.
        assert_eq!(
            signal(
                "time=\"2026-08-22T10:00:00Z\" level=error msg=\"another gitea-runner process is already using \\\".runner\\\"; each runner process needs its own runner file (runner.file)\""
            ),
            Some(Signal::RunnerFileLocked)
        );
        assert_eq!(
            signal(
                "Error: invalid configuration: open config file \"/etc/gitea-runner/config.yaml\": open /etc/gitea-runner/config.yaml: no such file or directory"
            ),
            Some(Signal::ConfigError)
        );
        // register.go's ping loop.
        assert_eq!(
            signal(
                "level=error msg=\"Cannot ping the Forgejo instance server\" error=\"dial tcp 10.0.0.9:3000: connect: connection refused\""
            ),
            Some(Signal::Unreachable)
        );
    }

    /// Semaphore's runner (services/runners/job_pool.go), logrus's default text format.
    #[test]
    fn semaphore_runner_lines() {
        assert_eq!(
            signal(
                "time=\"2024-10-25T10:00:00Z\" level=error msg=\"no token provided\" action=\"read input\" context=\"checking new jobs\" error=\"can not retrieve runner token\" type=action"
            ),
            Some(Signal::ConfigError)
        );
        assert_eq!(
            signal(
                "time=\"2024-10-25T10:00:00Z\" level=panic msg=\"can not retrieve runner token\" context=running"
            ),
            Some(Signal::ConfigError)
        );
    }

    #[test]
    fn lines_that_must_not_match() {
        for line in [
            // The healthy lines beside them.
            "Checking for jobs... received                       job=1234 repo_url=https://gitlab.example.com/team/app.git runner=abc123def",
            "Verifying runner... is valid                        runner=abc123def",
            "Running in system-mode.",
            "WARNING: Runner \"https://gitlab.example.com/abc123def\" is not healthy, but check for a new job will be forced!",
            "Configuration loaded                                builds=0 max_builds=10",
            // A job's own output that mentions the words, without the runner's context.
            "Job succeeded: curl said 403 Forbidden for the artifact",
            "the variable FOO is not known to this script",
            "connection refused by the test fixture, as intended",
            "time=\"2026-08-22T10:00:00Z\" level=info msg=\"runner: host-1, with version: v12.0.0, with labels: [docker], declared successfully\"",
        ] {
            assert_eq!(signal(line), None, "{line}");
        }
    }

    #[test]
    fn fields_in_text_and_json_forms() {
        assert_eq!(
            field("a=1 runner=xyz runner_name=n", "runner").as_deref(),
            Some("xyz")
        );
        assert_eq!(field("xrunner=bad", "runner"), None);
        assert_eq!(
            field("runner=\"with space\" b", "runner").as_deref(),
            Some("with space")
        );
        assert_eq!(
            field(
                r#"{"level":"error","msg":"Checking for jobs... forbidden","runner":"abc123def"}"#,
                "runner"
            )
            .as_deref(),
            Some("abc123def")
        );
    }
}
