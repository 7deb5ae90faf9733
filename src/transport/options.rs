//! How a client is set up and how it retries: the options every forge's client takes, and
//! the waits between attempts.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, NaiveDateTime, Utc};
use rand::Rng;
use reqwest::StatusCode;
use reqwest::blocking::Response;

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
    pub concurrency: usize,
    /// Retries after the first attempt, for the requests the contract allows to retry.
    pub max_retries: u32,
    /// The first backoff when the server gives no `Retry-After`; doubled on each retry.
    pub backoff: Duration,
    /// Told of each wait before a retry longer than [`ANNOUNCED_WAIT`], in one line.
    pub announce_wait: Option<fn(&str)>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        ClientOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            ca_file: None,
            concurrency: 8,
            max_retries: 3,
            backoff: Duration::from_millis(250),
            announce_wait: None,
        }
    }
}

/// The longest `Retry-After` honoured: beyond it an operator is better told than kept waiting.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
/// A wait before a retry longer than this is announced, so a silent pause is not taken for a hang.
pub const ANNOUNCED_WAIT: Duration = Duration::from_secs(5);

/// How a request may be retried (the contract's "network" row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryPolicy {
    /// Reads, PUTs and DELETEs: 429, 502, 503, 504 and dropped connections.
    Idempotent,
    /// A POST that creates or rotates something: only 429, which a server answers before it runs
    /// the request. After a 5xx, a timeout or a dropped connection it may have run, and a retry
    /// could create a second runner.
    OnlyRateLimited,
}

pub(crate) fn retry_delay(
    policy: RetryPolicy,
    response: &Response,
    attempt: u32,
    base: Duration,
) -> Option<Duration> {
    let status = response.status();
    let retryable = match policy {
        RetryPolicy::OnlyRateLimited => status == StatusCode::TOO_MANY_REQUESTS,
        RetryPolicy::Idempotent => matches!(status.as_u16(), 429 | 502 | 503 | 504),
    };
    if !retryable {
        return None;
    }
    // Some limiters (GitLab's among them, gitlab-facts §13) leave Retry-After out: back off.
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| parse_retry_after(value, Utc::now()));
    Some(match retry_after {
        Some(delay) => after_retry_after(delay.min(MAX_RETRY_AFTER), rand::rng().random()),
        None => backoff(attempt, base),
    })
}

/// `Retry-After` as seconds (GitLab's rack-attack, lib/gitlab/rack_attack.rb) or as an HTTP
/// date (RFC 9110 §10.2.3, which CDNs and proxies in front of GitLab send): IMF-fixdate, and
/// the obsolete RFC 850 and asctime forms that a recipient must accept. A date in the past
/// means now.
pub(crate) fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value)
        .map(|at| at.with_timezone(&Utc))
        .ok()
        .or_else(|| {
            ["%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"]
                .iter()
                .find_map(|format| NaiveDateTime::parse_from_str(value, format).ok())
                .map(|naive| naive.and_utc())
        })?;
    Some((at - now).to_std().unwrap_or(Duration::ZERO))
}

/// The wait the server asked for, plus up to a tenth more (at least 100 ms, at most 1 s) so that
/// the `--concurrency` workers it stopped together do not all come back in the same instant.
/// `unit` is uniform in [0, 1).
pub(crate) fn after_retry_after(delay: Duration, unit: f64) -> Duration {
    let spread = (delay / 10).clamp(Duration::from_millis(100), Duration::from_secs(1));
    delay + spread.mul_f64(unit.clamp(0.0, 1.0))
}

/// Exponential backoff with jitter: between half and one and a half times `base × 2^attempt`.
pub(crate) fn backoff(attempt: u32, base: Duration) -> Duration {
    jittered(
        base.saturating_mul(1 << attempt.min(6)),
        rand::rng().random(),
    )
}

/// `delay` scaled into [delay/2, 3·delay/2) by `unit`, uniform in [0, 1).
pub(crate) fn jittered(delay: Duration, unit: f64) -> Duration {
    delay / 2 + delay.mul_f64(unit.clamp(0.0, 1.0))
}
