//! The HTTP layer: authentication, timeouts, retries, pagination and bounded fan-out.

use std::ops::ControlFlow;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use reqwest::blocking::{RequestBuilder, Response};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use super::error::{ApiError, describe_html, looks_like_html, message_from_body};
use super::url::GitLabRoutes as _;
use crate::instance_url::InstanceUrl;
use crate::token::ApiToken;
use crate::transport::{
    self, ANNOUNCED_WAIT, ClientOptions, Hop, NetworkCause, RetryPolicy, backoff, classify,
    is_dropped, is_redirect, loggable_url, retry_delay, without_query,
};

const PER_PAGE: &str = "100";

pub struct Client {
    url: InstanceUrl,
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
        url: InstanceUrl,
        token: Option<ApiToken>,
        options: ClientOptions,
    ) -> Result<Client, ApiError> {
        let mut builder = reqwest::blocking::Client::builder()
            .user_agent(concat!("runnerctl/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            // reqwest's default policy follows redirects to any host, strips `Authorization`
            // but not `PRIVATE-TOKEN`, and replays 307/308 bodies (runner tokens): the request
            // loop follows same-origin redirects itself and refuses the others.
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(options.concurrency.max(1));
        if let Some(path) = &options.ca_file {
            builder = builder.tls_backend_preconfigured(
                transport::tls::client_config(path).map_err(ApiError::Setup)?,
            );
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

    pub fn url(&self) -> &InstanceUrl {
        &self.url
    }

    /// The full address of a REST endpoint on this instance (`/user` → `…/api/v4/user`), for
    /// messages that name the request.
    pub fn api_url(&self, endpoint: &str) -> String {
        self.url.api(endpoint)
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
        self.decode(response, call)
    }

    /// Sends one call whose answer has no body worth reading (GitLab's 204). A success that
    /// carries a page or other text that is not JSON came from something else (a proxy's or a
    /// sign-in page answering 200): GitLab never heard the request, so it is
    /// [`ApiError::NotGitlab`], not done.
    pub fn send_empty(&self, call: &Call<'_>) -> Result<(), ApiError> {
        let response = self.execute(call, None)?;
        let status = response.status().as_u16();
        let content_type = content_type(&response);
        let address = without_query(response.url());
        // The request was answered with success; a body that cannot be read changes nothing.
        let body = response.text().unwrap_or_default();
        let what = if looks_like_html(&content_type, &body) {
            describe_html(&body)
        } else if !body.trim().is_empty()
            && serde_json::from_str::<serde_json::Value>(&body).is_err()
        {
            "a body that is not JSON".to_string()
        } else {
            return Ok(());
        };
        Err(ApiError::NotGitlab {
            url: address,
            status,
            what,
            base_hint: self.base_without_api_suffix(),
        })
    }

    /// Every item of a paginated list: 100 a page, following `x-next-page` (or `Link`
    /// rel=next where GitLab omits the header) to the end.
    pub fn get_all<T: DeserializeOwned>(&self, call: &Call<'_>) -> Result<Vec<T>, ApiError> {
        let mut items = Vec::new();
        self.get_pages(call, &mut |page| {
            items.extend(page);
            Ok(ControlFlow::Continue(()))
        })?;
        Ok(items)
    }

    /// [`Client::get_all`] a page at a time: each page goes to `each` as it arrives, and
    /// `each` answering `Break` (it has enough) ends the reading there. A `per_page` in the
    /// call's query replaces the default 100.
    pub fn get_pages<T: DeserializeOwned>(
        &self,
        call: &Call<'_>,
        each: &mut dyn FnMut(Vec<T>) -> Result<ControlFlow<()>, ApiError>,
    ) -> Result<(), ApiError> {
        let mut page = Some("1".to_string());
        while let Some(number) = page {
            let next = self.get_page::<T>(call, &number)?;
            if each(next.items)?.is_break() {
                return Ok(());
            }
            page = following_page(&number, next.next_page).map_err(|detail| ApiError::Decode {
                action: call.action.to_string(),
                detail,
            })?;
        }
        Ok(())
    }

    pub fn get_page<T: DeserializeOwned>(
        &self,
        call: &Call<'_>,
        page: &str,
    ) -> Result<Page<T>, ApiError> {
        let response = self.execute(call, Some(page))?;
        let next_page = next_page(&response);
        let items = self.decode(response, call)?;
        Ok(Page { items, next_page })
    }

    /// A POST to `/api/graphql`. GitLab answers query errors with 200 and an `errors` list,
    /// which the caller reads from the returned document.
    pub fn graphql(
        &self,
        query: &str,
        variables: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        self.graphql_as("query GitLab's GraphQL API", query, variables)
    }

    /// [`Client::graphql`] for a query that `action` names in messages ("list the runners of
    /// group team"), so that a query GitLab gives up on is named.
    pub fn graphql_as(
        &self,
        action: &str,
        query: &str,
        variables: serde_json::Value,
    ) -> Result<serde_json::Value, ApiError> {
        let body = serde_json::json!({ "query": query, "variables": variables });
        let call = Call::new(Method::POST, "", action)
            .body(body)
            .retry(RetryPolicy::Idempotent);
        let response = self.execute_at(self.url.graphql(), &call, None)?;
        self.decode(response, &call)
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
        let mut hop = Hop {
            url: self.target(&address, call, page)?,
            method: call.method.clone(),
            with_body: true,
        };
        let mut redirects = 0;
        let mut attempt = 0;
        loop {
            let started = std::time::Instant::now();
            let outcome = self.request(&hop, call).send();
            self.log_request(&hop, call, &outcome, started.elapsed(), attempt);
            if let Ok(response) = &outcome
                && is_redirect(response.status())
                && let Some(location) = response
                    .headers()
                    .get(reqwest::header::LOCATION)
                    .and_then(|value| value.to_str().ok())
            {
                hop = next_hop(
                    &self.url,
                    &hop,
                    response.status().as_u16(),
                    location,
                    redirects,
                )?;
                redirects += 1;
                continue;
            }
            let (retry_after, why, result) = match outcome {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => {
                    let delay = retry_delay(call.retry, &response, attempt, self.options.backoff);
                    let why = status_text(response.status());
                    let error = self.check_status(response, call, &without_query(&hop.url));
                    // The same query would time out again: GitLab gave up on its size.
                    let delay = delay.filter(|_| !matches!(error, ApiError::QueryTimedOut { .. }));
                    (delay, why, error)
                }
                Err(error) => (
                    (call.retry == RetryPolicy::Idempotent && is_dropped(&error))
                        .then(|| backoff(attempt, self.options.backoff)),
                    "the connection dropped".to_string(),
                    self.network_error(&error),
                ),
            };
            match retry_after {
                Some(delay) if attempt < self.options.max_retries => {
                    attempt += 1;
                    if delay > ANNOUNCED_WAIT
                        && let Some(announce) = self.options.announce_wait
                    {
                        announce(&format!(
                            "waiting {} s before retrying {} {} ({why}; retry {attempt} of {})",
                            delay.as_secs(),
                            hop.method,
                            without_query(&hop.url),
                            self.options.max_retries
                        ));
                    }
                    std::thread::sleep(delay);
                }
                _ => return Err(result),
            }
        }
    }

    /// One debug line for a request sent (the contract's "output flags" row): method, URL,
    /// status or what became of the request, time, retry. No header and no body (tokens travel
    /// there); GraphQL is named by its action, never by its query or variables.
    fn log_request(
        &self,
        hop: &Hop,
        call: &Call<'_>,
        outcome: &reqwest::Result<Response>,
        took: Duration,
        attempt: u32,
    ) {
        if !log::log_enabled!(log::Level::Debug) {
            return;
        }
        let url = loggable_url(&hop.url);
        let what = if url.ends_with("/api/graphql") {
            format!(" \"{}\"", call.action)
        } else {
            String::new()
        };
        let answer = match outcome {
            Ok(response) => response.status().to_string(),
            Err(error) => format!("no answer: {}", classify(error).0.as_str()),
        };
        let retry = if attempt > 0 {
            format!(", retry {attempt} of {}", self.options.max_retries)
        } else {
            String::new()
        };
        let mut line = format!(
            "{} {url}{what} -> {answer} ({} ms{retry})",
            hop.method,
            took.as_millis()
        );
        // Belt and braces: the API token never reaches a line, whatever a URL held.
        if let Some(token) = self
            .token
            .as_ref()
            .filter(|token| !token.expose().is_empty())
        {
            line = line.replace(token.expose(), "REDACTED");
        }
        log::debug!("{line}");
    }

    /// The first request's URL: the address with the call's query and the page.
    fn target(&self, address: &str, call: &Call<'_>, page: Option<&str>) -> Result<Url, ApiError> {
        let mut url = Url::parse(address)
            .map_err(|error| ApiError::Setup(format!("bad request URL {address}: {error}")))?;
        let mut query = call.query.clone();
        if let Some(page) = page {
            if !query.iter().any(|(key, _)| key == "per_page") {
                query.push(("per_page".to_string(), PER_PAGE.to_string()));
            }
            query.push(("page".to_string(), page.to_string()));
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(&query);
        }
        Ok(url)
    }

    fn request(&self, hop: &Hop, call: &Call<'_>) -> RequestBuilder {
        let mut request = self.http.request(hop.method.clone(), hop.url.clone());
        if call.authenticated
            && let Some(token) = &self.token
        {
            request = request.header("PRIVATE-TOKEN", token.expose());
        }
        if hop.with_body
            && let Some(body) = &call.body
        {
            request = request.json(body);
        }
        request
    }

    /// The error for an answer that is not a success.
    fn check_status(&self, response: Response, call: &Call<'_>, address: &str) -> ApiError {
        let status = response.status();
        let content_type = content_type(&response);
        let body = response.text().unwrap_or_default();
        if let Some(error) = self.not_gitlab(status, &content_type, &body, call, address) {
            return error;
        }
        let message = message_from_body(&body);
        let action = call.action.to_string();
        if address == self.url.graphql() && message.to_ascii_lowercase().contains("timed out") {
            return ApiError::QueryTimedOut {
                action,
                status: status.as_u16(),
                message,
            };
        }
        match status {
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
        }
    }

    /// An answer GitLab's API would never give: an HTML page or a body that is not JSON (other
    /// than GitLab's own plain-text 5xx and 429 pages, which stay what they are), or Grape's
    /// catch-all 404 (`{"error": "404 Not Found"}`, lib/api/api.rb) for a route every GitLab
    /// has, or for any route when the base URL already ends in `/api/v4`.
    fn not_gitlab(
        &self,
        status: StatusCode,
        content_type: &str,
        body: &str,
        call: &Call<'_>,
        address: &str,
    ) -> Option<ApiError> {
        let what = if looks_like_html(content_type, body) {
            describe_html(body)
        } else if !body.trim().is_empty()
            && serde_json::from_str::<serde_json::Value>(body).is_err()
        {
            "a body that is not JSON".to_string()
        } else if status == StatusCode::NOT_FOUND
            // `GET /user` and `GET /version` exist in every GitLab: a 404 for them, of any
            // shape, comes from something else.
            && (["/user", "/version"].contains(&call.endpoint)
                || (is_route_not_found(body) && self.base_without_api_suffix().is_some()))
        {
            "no such API route".to_string()
        } else {
            return None;
        };
        if status.is_server_error() || status == StatusCode::TOO_MANY_REQUESTS {
            return None;
        }
        Some(ApiError::NotGitlab {
            url: address.to_string(),
            status: status.as_u16(),
            what,
            base_hint: self.base_without_api_suffix(),
        })
    }

    /// The GitLab URL without a trailing `/api/v4` (the API's own address pasted as the base).
    fn base_without_api_suffix(&self) -> Option<String> {
        let base = self.url.as_str();
        base.strip_suffix("/api/v4")
            .filter(|rest| rest.contains("://"))
            .map(str::to_string)
    }

    /// Decodes a successful answer. One that cannot be read whole (cut, stalled past
    /// `--timeout`) is [`ApiError::AnswerLost`]: GitLab answered success, so whatever the
    /// request asked for happened. One that is not JSON at all is [`ApiError::NotGitlab`],
    /// except for a call that creates or rotates something (not retried on failure), whose
    /// runner or token may well have been made behind the page that came back: that is
    /// [`ApiError::AnswerLost`] too.
    fn decode<T: DeserializeOwned>(
        &self,
        response: Response,
        call: &Call<'_>,
    ) -> Result<T, ApiError> {
        let action = call.action;
        let status = response.status().as_u16();
        let content_type = content_type(&response);
        let address = without_query(response.url());
        let lost = |detail: String| ApiError::AnswerLost {
            action: action.to_string(),
            status,
            detail,
        };
        let bytes = response.bytes().map_err(|error| {
            lost(match classify(&error).0 {
                NetworkCause::Timeout => {
                    "it stopped coming before the request timeout ran out".to_string()
                }
                _ => format!("the connection broke while it was being read ({error})"),
            })
        })?;
        let bytes = if bytes.is_empty() {
            &b"null"[..]
        } else {
            &bytes[..]
        };
        // The common case decodes once: the body is looked at again only when it is an HTML
        // page (its type, or how it starts) or does not decode (a large fleet's pages are
        // megabytes of JSON).
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]);
        let html = looks_like_html(&content_type, &start);
        let decode_error = if html {
            None
        } else {
            match serde_json::from_slice::<T>(bytes) {
                Ok(value) => return Ok(value),
                Err(error) => Some(error),
            }
        };
        if html || serde_json::from_slice::<serde_json::Value>(bytes).is_err() {
            let what = if html {
                describe_html(&String::from_utf8_lossy(bytes))
            } else {
                "a body that is not JSON".to_string()
            };
            if call.retry == RetryPolicy::OnlyRateLimited {
                return Err(lost(format!(
                    "it is not GitLab's JSON but {what}, from {address}"
                )));
            }
            return Err(ApiError::NotGitlab {
                url: address,
                status,
                what,
                base_hint: self.base_without_api_suffix(),
            });
        }
        Err(ApiError::Decode {
            action: action.to_string(),
            detail: decode_error
                .map(|error| error.to_string())
                .unwrap_or_default(),
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

fn content_type(response: &Response) -> String {
    response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

/// Grape's catch-all route answer: the path is not an API route at all.
fn is_route_not_found(body: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|value| value.get("error")?.as_str().map(|e| e == "404 Not Found"))
        .unwrap_or(false)
}

/// The request a redirect asks for, or why it is not followed (`transport::next_hop`: same
/// origin only, five at most, writes never turned into a GET).
fn next_hop(
    base: &InstanceUrl,
    from: &Hop,
    status: u16,
    location: &str,
    followed: usize,
) -> Result<Hop, ApiError> {
    transport::next_hop(base, from, status, location, followed, API_ROOTS).map_err(|refused| {
        ApiError::Redirect {
            status: refused.status,
            method: refused.method,
            base: base.to_string(),
            from: refused.from,
            to: refused.to,
            refusal: refused.refusal,
        }
    })
}

/// GitLab's API paths, by which a redirect's target names the GitLab URL it points at.
const API_ROOTS: &[&str] = &["/api/v4", "/api/graphql"];

fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("GitLab answered {} {reason}", status.as_u16()),
        None => format!("GitLab answered {}", status.as_u16()),
    }
}

/// The page to ask for after `current`, as the answer named it. GitLab counts up one page at
/// a time (`x-next-page`, lib/gitlab/pagination/offset_pagination.rb); a next page that is not
/// a number past the current one (a proxy's cached headers, a broken server) would ask for
/// the same pages forever.
fn following_page(current: &str, next: Option<String>) -> Result<Option<String>, String> {
    let Some(next) = next else {
        return Ok(None);
    };
    match (current.parse::<u64>(), next.parse::<u64>()) {
        (Ok(current), Ok(number)) if number > current => Ok(Some(next)),
        _ => Err(format!(
            "after page {current} it named page {next} as the next, which would never end"
        )),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::{RedirectRefusal, after_retry_after, jittered, parse_retry_after};
    use chrono::{DateTime, Utc};

    /// The GitLab URL a redirect to another origin points at, for `--url`.
    fn suggested_url(base: &InstanceUrl, requested: &Url, target: &Url) -> String {
        transport::suggested_url(base, requested, target, API_ROOTS)
    }

    fn hop(url: &str, method: Method) -> Hop {
        Hop {
            url: Url::parse(url).unwrap(),
            method,
            with_body: true,
        }
    }

    fn base(url: &str) -> InstanceUrl {
        InstanceUrl::parse(url).unwrap()
    }

    fn refusal(result: Result<Hop, ApiError>) -> RedirectRefusal {
        match result {
            Err(ApiError::Redirect { refusal, .. }) => refusal,
            Err(other) => panic!("not a redirect refusal: {other}"),
            Ok(hop) => panic!("followed to {}", hop.url),
        }
    }

    #[test]
    fn https_to_http_on_the_same_host_is_another_origin() {
        let gitlab = base("https://gitlab.example.com");
        let from = hop("https://gitlab.example.com/api/v4/user", Method::GET);
        let error = next_hop(
            &gitlab,
            &from,
            301,
            "http://gitlab.example.com/api/v4/user",
            0,
        )
        .err()
        .unwrap();
        let message = error.to_string();
        assert!(message.contains("from https to plain http"), "{message}");
        assert!(message.contains("https://gitlab.example.com/api/v4/user"));
        // The new address is data; the command layer's hint turns it into `--url …`
        // (commands/hints.rs).
        assert!(
            matches!(
                &error,
                ApiError::Redirect {
                    refusal: RedirectRefusal::OtherOrigin { new_url },
                    ..
                } if new_url == "http://gitlab.example.com"
            ),
            "{error:?}"
        );
    }

    #[test]
    fn another_port_or_host_is_another_origin_for_every_status() {
        let gitlab = base("https://gitlab.example.com");
        for status in [301, 302, 303, 307, 308] {
            for location in [
                "https://gitlab.example.com:8443/api/v4/user",
                "https://evil.example.net/api/v4/user",
                "//evil.example.net/api/v4/user",
            ] {
                let from = hop("https://gitlab.example.com/api/v4/user", Method::POST);
                assert!(matches!(
                    refusal(next_hop(&gitlab, &from, status, location, 0)),
                    RedirectRefusal::OtherOrigin { .. }
                ));
            }
        }
    }

    #[test]
    fn same_origin_307_and_308_keep_method_and_body_and_others_only_follow_reads() {
        let gitlab = base("https://gitlab.example.com");
        for status in [307, 308] {
            let from = hop(
                "https://gitlab.example.com/api/v4/user/runners",
                Method::POST,
            );
            let next = next_hop(&gitlab, &from, status, "/api/v4/user/runners?x=1", 0).unwrap();
            assert_eq!(next.method, Method::POST);
            assert!(next.with_body);
            assert_eq!(
                next.url.as_str(),
                "https://gitlab.example.com/api/v4/user/runners?x=1"
            );
        }
        let get = hop("https://gitlab.example.com/api/v4/user", Method::GET);
        let next = next_hop(&gitlab, &get, 302, "/api/v4/user?page=2", 0).unwrap();
        assert_eq!(next.method, Method::GET);
        for method in [Method::POST, Method::PUT, Method::DELETE] {
            let write = hop("https://gitlab.example.com/api/v4/runners/1", method);
            for status in [301, 302, 303] {
                assert_eq!(
                    refusal(next_hop(&gitlab, &write, status, "/api/v4/runners/2", 0)),
                    RedirectRefusal::WouldBecomeGet
                );
            }
        }
    }

    #[test]
    fn at_most_five_same_origin_redirects_are_followed() {
        let gitlab = base("https://gitlab.example.com");
        let from = hop("https://gitlab.example.com/api/v4/user", Method::GET);
        assert!(next_hop(&gitlab, &from, 302, "/api/v4/user", 4).is_ok());
        assert_eq!(
            refusal(next_hop(&gitlab, &from, 302, "/api/v4/user", 5)),
            RedirectRefusal::TooMany { limit: 5 }
        );
    }

    #[test]
    fn the_suggested_url_is_the_targets_gitlab_base() {
        let requested = Url::parse("https://old.example.com/gitlab/api/v4/user?x=1").unwrap();
        let gitlab = base("https://old.example.com/gitlab");
        let cases = [
            (
                "https://new.example.com/gitlab/api/v4/user?x=1",
                "https://new.example.com/gitlab",
            ),
            (
                "https://new.example.com/api/v4/user",
                "https://new.example.com",
            ),
            (
                "https://new.example.com:8443/other/api/v4/users/1",
                "https://new.example.com:8443/other",
            ),
            (
                "https://sso.example.com/login?next=/",
                "https://sso.example.com",
            ),
        ];
        for (target, expected) in cases {
            let target = Url::parse(target).unwrap();
            assert_eq!(suggested_url(&gitlab, &requested, &target), expected);
        }
    }

    #[test]
    fn a_logged_url_shows_no_credentials_and_no_secret_query_value() {
        let url = Url::parse(
            "https://user:pass@gitlab.example/api/v4/runners?tag_list=a%2Cb&private_token=s3cret\
             &page=2&X-Api-Key=k3y&search=glrt-abc123&secret_q=x#frag",
        )
        .unwrap();
        let shown = loggable_url(&url);
        assert_eq!(
            shown,
            "https://gitlab.example/api/v4/runners?tag_list=a%2Cb&private_token=REDACTED\
             &page=2&X-Api-Key=REDACTED&search=REDACTED&secret_q=REDACTED"
        );
        let plain = Url::parse("http://127.0.0.1:8080/api/v4/user").unwrap();
        assert_eq!(loggable_url(&plain), "http://127.0.0.1:8080/api/v4/user");
    }

    #[test]
    fn pages_are_followed_only_forwards() {
        assert_eq!(following_page("1", Some("2".into())), Ok(Some("2".into())));
        assert_eq!(following_page("3", None), Ok(None));
        for next in ["1", "2", "0", "x", "-1"] {
            assert!(following_page("2", Some(next.into())).is_err(), "{next}");
        }
    }

    #[test]
    fn retry_after_is_seconds_or_any_http_date_form() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:28:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let ten = Some(Duration::from_secs(10));
        assert_eq!(parse_retry_after("10", now), ten);
        assert_eq!(parse_retry_after(" 10 ", now), ten);
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now), ten);
        assert_eq!(
            parse_retry_after("Wednesday, 21-Oct-15 07:28:10 GMT", now),
            ten
        );
        assert_eq!(parse_retry_after("Wed Oct 21 07:28:10 2015", now), ten);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }

    #[test]
    fn retries_are_jittered_within_bounds() {
        let base = Duration::from_millis(400);
        assert_eq!(jittered(base, 0.0), Duration::from_millis(200));
        assert_eq!(jittered(base, 0.5), Duration::from_millis(400));
        assert!(jittered(base, 0.999) < Duration::from_millis(600));
        let waits: std::collections::BTreeSet<Duration> = (0..32)
            .map(|_| backoff(1, Duration::from_millis(250)))
            .collect();
        assert!(
            waits.len() > 1,
            "two clients backing off together part: {waits:?}"
        );
        assert!(
            waits
                .iter()
                .all(|wait| *wait >= Duration::from_millis(250)
                    && *wait < Duration::from_millis(750))
        );
        // Never shorter than GitLab asked, at most a second longer.
        let asked = Duration::from_secs(30);
        assert_eq!(after_retry_after(asked, 0.0), asked);
        assert!(after_retry_after(asked, 0.999) < asked + Duration::from_secs(1));
        assert!(after_retry_after(Duration::ZERO, 0.999) < Duration::from_millis(100));
    }
}
