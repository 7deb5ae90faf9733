//! The HTTP layer: authentication, timeouts, retries, pagination and bounded fan-out.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::GitLabUrl;
use super::error::{ApiError, NetworkCause, message_from_body};
use crate::secrets::ApiToken;

#[derive(Debug, Clone)]
pub struct ClientOptions {
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
    pub concurrency: usize,
    /// Retries after the first attempt, for the requests the contract allows to retry.
    pub max_retries: u32,
    /// The first backoff when GitLab gives no `Retry-After`; doubled on each retry.
    pub backoff: Duration,
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
        }
    }
}

/// The longest `Retry-After` honoured: beyond it an operator is better told than kept waiting.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);
const PER_PAGE: &str = "100";

/// How a request may be retried (the contract's "network" row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryPolicy {
    /// Reads, PUTs and DELETEs: 429, 502, 503, 504 and dropped connections.
    Idempotent,
    /// A POST that creates or rotates something: only 429, which GitLab answers before it runs
    /// the request. After a 5xx, a timeout or a dropped connection it may have run, and a retry
    /// could create a second runner.
    OnlyRateLimited,
}

pub struct Client {
    url: GitLabUrl,
    token: Option<ApiToken>,
    http: reqwest::blocking::Client,
    options: ClientOptions,
}

/// A request description used for messages: "create a runner", "read group team/app".
pub struct Call<'a> {
    pub method: Method,
    /// The path below `/api/v4`, already encoded.
    pub endpoint: &'a str,
    pub query: Vec<(String, String)>,
    pub body: Option<serde_json::Value>,
    pub action: &'a str,
    /// What a 403 for a missing scope should name.
    pub needed_scope: &'a str,
    /// What a 404 is about ("group team/app").
    pub subject: Option<String>,
    pub retry: RetryPolicy,
    pub authenticated: bool,
}

impl<'a> Call<'a> {
    pub fn get(endpoint: &'a str, action: &'a str) -> Call<'a> {
        Call {
            method: Method::GET,
            endpoint,
            query: Vec::new(),
            body: None,
            action,
            needed_scope: "read_api or api",
            subject: None,
            retry: RetryPolicy::Idempotent,
            authenticated: true,
        }
    }

    pub fn new(method: Method, endpoint: &'a str, action: &'a str) -> Call<'a> {
        let retry = if method == Method::POST {
            RetryPolicy::OnlyRateLimited
        } else {
            RetryPolicy::Idempotent
        };
        Call {
            method,
            retry,
            ..Call::get(endpoint, action)
        }
    }

    pub fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    pub fn scope(mut self, needed_scope: &'a str) -> Self {
        self.needed_scope = needed_scope;
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Runner-token endpoints (`/runners/verify`, …) authenticate with the runner token in the
    /// body, not with an API token.
    pub fn unauthenticated(mut self) -> Self {
        self.authenticated = false;
        self
    }
}

/// One page of a paginated answer.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_page: Option<String>,
}

impl Client {
    pub fn new(
        url: GitLabUrl,
        token: Option<ApiToken>,
        options: ClientOptions,
    ) -> Result<Client, ApiError> {
        let mut builder = reqwest::blocking::Client::builder()
            .user_agent(concat!("runnerctl/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .pool_max_idle_per_host(options.concurrency.max(1));
        if let Some(path) = &options.ca_file {
            builder = builder.tls_backend_preconfigured(super::tls::client_config(path)?);
        }
        let http = builder
            .build()
            .map_err(|error| ApiError::Setup(error.to_string()))?;
        Ok(Client {
            url,
            token,
            http,
            options,
        })
    }

    pub fn url(&self) -> &GitLabUrl {
        &self.url
    }

    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Sends one call (with the retries its policy allows) and decodes the JSON answer.
    pub fn send<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<T, ApiError> {
        let response = self.execute(call, None)?;
        decode(response, call.action)
    }

    /// Sends one call whose answer has no body worth reading (204).
    pub fn send_empty(&self, call: &Call<'_>) -> Result<(), ApiError> {
        self.execute(call, None).map(drop)
    }

    /// Every item of a paginated list: 100 a page, following `x-next-page` (or `Link`
    /// rel=next where GitLab omits the header) to the end.
    pub fn get_all<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<Vec<T>, ApiError> {
        let mut items = Vec::new();
        let mut page = Some("1".to_string());
        while let Some(number) = page {
            let next = self.get_page::<T>(call, &number)?;
            items.extend(next.items);
            page = next.next_page;
        }
        Ok(items)
    }

    pub fn get_page<T: DeserializeOwned>(
        &self,
        call: &Call<'_>,
        page: &str,
    ) -> Result<Page<T>, ApiError> {
        let response = self.execute(call, Some(page))?;
        let next_page = next_page(&response);
        let items = decode(response, call.action)?;
        Ok(Page { items, next_page })
    }

    /// A POST to `/api/graphql`. GitLab answers query errors with 200 and an `errors` list,
    /// which the caller reads from the returned document.
    pub fn graphql(
        &self,
        query: &str,
        variables: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        let body = serde_json::json!({ "query": query, "variables": variables });
        let call = Call::new(Method::POST, "", "query GitLab's GraphQL API")
            .body(body)
            .retry(RetryPolicy::Idempotent);
        let response = self.execute_at(self.url.graphql(), &call, None)?;
        decode(response, call.action)
    }

    fn execute(&self, call: &Call<'_>, page: Option<&str>) -> Result<Response, ApiError> {
        self.execute_at(self.url.api(call.endpoint), call, page)
    }

    fn execute_at(
        &self,
        address: String,
        call: &Call<'_>,
        page: Option<&str>,
    ) -> Result<Response, ApiError> {
        if call.authenticated && self.token.is_none() {
            return Err(ApiError::MissingToken {
                url: self.url.to_string(),
            });
        }
        let mut attempt = 0;
        loop {
            let outcome = self.request(&address, call, page).send();
            let retry_after = match &outcome {
                Ok(response) => retry_delay(call.retry, response, attempt, self.options.backoff),
                Err(error) => (call.retry == RetryPolicy::Idempotent && is_dropped(error))
                    .then(|| backoff(attempt, self.options.backoff)),
            };
            match retry_after {
                Some(delay) if attempt < self.options.max_retries => {
                    attempt += 1;
                    std::thread::sleep(delay);
                }
                _ => {
                    let response = outcome.map_err(|error| self.network_error(&error))?;
                    return self.check_status(response, call);
                }
            }
        }
    }

    fn request(&self, address: &str, call: &Call<'_>, page: Option<&str>) -> RequestBuilder {
        let mut request = self.http.request(call.method.clone(), address);
        if call.authenticated
            && let Some(token) = &self.token
        {
            request = request.header("PRIVATE-TOKEN", token.expose());
        }
        let mut query = call.query.clone();
        if let Some(page) = page {
            query.push(("per_page".to_string(), PER_PAGE.to_string()));
            query.push(("page".to_string(), page.to_string()));
        }
        if !query.is_empty() {
            request = request.query(&query);
        }
        if let Some(body) = &call.body {
            request = request.json(body);
        }
        request
    }

    fn check_status(&self, response: Response, call: &Call<'_>) -> Result<Response, ApiError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let body = response.text().unwrap_or_default();
        let message = message_from_body(&body);
        let action = call.action.to_string();
        Err(match status {
            StatusCode::UNAUTHORIZED if call.authenticated => ApiError::Unauthorized {
                url: self.url.to_string(),
            },
            StatusCode::FORBIDDEN => {
                let needed_scope = missing_scope(&body).map(|_| call.needed_scope.to_string());
                ApiError::Forbidden {
                    action,
                    needed_scope,
                    message,
                }
            }
            StatusCode::NOT_FOUND => ApiError::NotFound {
                what: call
                    .subject
                    .clone()
                    .unwrap_or_else(|| format!("the resource of {}", call.endpoint)),
                message,
            },
            status if status.is_server_error() => ApiError::Server {
                action,
                status: status.as_u16(),
                message,
            },
            status => ApiError::Rejected {
                action,
                status: status.as_u16(),
                message,
            },
        })
    }

    fn network_error(&self, error: &reqwest::Error) -> ApiError {
        let host = error
            .url()
            .and_then(|url| {
                url.host_str().map(|host| match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_string(),
                })
            })
            .unwrap_or_else(|| self.url.host());
        let (cause, detail) = classify(error);
        ApiError::Network {
            cause,
            host,
            detail,
            timeout: self.options.timeout,
        }
    }

    /// Runs `work` on every item with at most `--concurrency` in flight, keeping the order.
    pub fn fan_out<I, R, F>(&self, items: &[I], work: F) -> Vec<R>
    where
        I: Sync,
        R: Send,
        F: Fn(&I) -> R + Sync,
    {
        let workers = self.options.concurrency.clamp(1, items.len().max(1));
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        let result = work(item);
                        if let Ok(mut slots) = results.lock() {
                            slots[index] = Some(result);
                        }
                    }
                });
            }
        });
        // Every index below items.len() was claimed by exactly one worker, which stored its
        // result; a poisoned lock (a panicking worker) would have propagated from scope().
        results
            .into_inner()
            .unwrap_or_default()
            .into_iter()
            .flatten()
            .collect()
    }
}

fn decode<T: DeserializeOwned>(response: Response, action: &str) -> Result<T, ApiError> {
    let bytes = response.bytes().map_err(|error| ApiError::Decode {
        action: action.to_string(),
        detail: error.to_string(),
    })?;
    let bytes = if bytes.is_empty() {
        &b"null"[..]
    } else {
        &bytes[..]
    };
    serde_json::from_slice(bytes).map_err(|error| ApiError::Decode {
        action: action.to_string(),
        detail: error.to_string(),
    })
}

fn retry_delay(
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
    // Some of GitLab's limiters leave Retry-After out (gitlab-facts §13): back off instead.
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    Some(retry_after.map_or_else(
        || backoff(attempt, base),
        |delay| delay.min(MAX_RETRY_AFTER),
    ))
}

fn backoff(attempt: u32, base: Duration) -> Duration {
    base.saturating_mul(1 << attempt.min(6))
}

fn next_page(response: &Response) -> Option<String> {
    let headers = response.headers();
    if let Some(next) = headers
        .get("x-next-page")
        .and_then(|value| value.to_str().ok())
    {
        let next = next.trim();
        return (!next.is_empty()).then(|| next.to_string());
    }
    let link = headers.get(reqwest::header::LINK)?.to_str().ok()?;
    link.split(',')
        .find(|part| part.contains("rel=\"next\""))
        .and_then(|part| {
            let target = part
                .split(';')
                .next()?
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>');
            let url = url::Url::parse(target).ok()?;
            url.query_pairs()
                .find(|(key, _)| key == "page")
                .map(|(_, value)| value.into_owned())
        })
}

/// GitLab's 403 for a token without the needed scope carries `"error": "insufficient_scope"`.
fn missing_scope(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    (value.get("error")?.as_str()? == "insufficient_scope").then(|| {
        value
            .get("scope")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_string()
    })
}

/// A connection that dropped after the request went out: the cases the contract retries for
/// idempotent requests ("connection resets").
fn is_dropped(error: &reqwest::Error) -> bool {
    !error.is_timeout() && !error.is_connect() && matches!(classify(error).0, NetworkCause::Dropped)
}

fn classify(error: &reqwest::Error) -> (NetworkCause, String) {
    let mut texts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(error);
    let mut refused = false;
    let mut reset = false;
    while let Some(current) = source {
        texts.push(current.to_string());
        if let Some(io) = current.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => refused = true,
                std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::BrokenPipe
                | std::io::ErrorKind::UnexpectedEof => reset = true,
                _ => {}
            }
        }
        source = current.source();
    }
    let all = texts.join(": ").to_lowercase();
    let detail = texts.last().cloned().unwrap_or_default();
    let cause = if error.is_timeout() || all.contains("timed out") {
        NetworkCause::Timeout
    } else if refused || all.contains("connection refused") {
        NetworkCause::Refused
    } else if all.contains("dns error")
        || all.contains("failed to lookup address")
        || all.contains("name or service not known")
    {
        NetworkCause::Dns
    } else if all.contains("certificate")
        || all.contains("tls")
        || all.contains("handshake")
        || all.contains("corrupt message")
        || all.contains("invalidcontenttype")
    {
        NetworkCause::Tls
    } else if reset
        || all.contains("connection closed")
        || all.contains("connection reset")
        || all.contains("incomplete message")
        || all.contains("end of file")
    {
        NetworkCause::Dropped
    } else {
        NetworkCause::Other
    };
    (cause, detail)
}
