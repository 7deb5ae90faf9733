//! The HTTP layer for Gitea and Forgejo: `Authorization: token …`, same-origin redirects,
//! retries on 429/5xx for safe requests, page-by-page lists in both servers' shapes.

use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::blocking::Response;
use serde::de::DeserializeOwned;
use url::Url;

use super::error::{GiteaError, message_from_body, missing_scope};
use super::flavour::{Flavour, ServerKind, Version};
use crate::instance_url::InstanceUrl;
use crate::token::ApiToken;
use crate::transport::{
    self, ClientOptions, Hop, RetryPolicy, backoff, classify, is_dropped, is_redirect,
    loggable_url, retry_delay, without_query,
};

/// The page size asked for: Gitea's default `MAX_RESPONSE_ITEMS` (a larger one is clamped to
/// it, modules/setting/api.go).
pub const LIMIT: usize = 50;
/// A list longer than this many pages is a server that never ends its pages.
const MAX_PAGES: usize = 10_000;
/// The API roots below an instance URL, by which a redirect's target names its instance.
const API_ROOTS: &[&str] = &["/api/v1", "/api/forgejo", "/api/actions"];

pub struct Client {
    pub(crate) url: InstanceUrl,
    token: Option<ApiToken>,
    pub(crate) flavour: Flavour,
    http: reqwest::blocking::Client,
    options: ClientOptions,
}

/// One request: what is sent, and the words for its errors.
pub(crate) struct Request<'a> {
    pub(crate) method: Method,
    /// The path below the instance URL (`/api/v1/user`), already encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<serde_json::Value>,
    pub(crate) headers: Vec<(&'static str, String)>,
    /// "list the runners of organization team".
    pub(crate) action: &'a str,
    /// What a 404 is about ("runner 7 of organization team").
    pub(crate) subject: Option<String>,
    pub(crate) retry: RetryPolicy,
    /// Whether the API token goes along: the runner protocol authenticates otherwise.
    pub(crate) authenticated: bool,
}

impl<'a> Request<'a> {
    pub(crate) fn new(method: Method, path: String, action: &'a str) -> Request<'a> {
        let retry = if method == Method::POST {
            RetryPolicy::OnlyRateLimited
        } else {
            RetryPolicy::Idempotent
        };
        Request {
            method,
            path,
            query: Vec::new(),
            body: None,
            headers: Vec::new(),
            action,
            subject: None,
            retry,
            authenticated: true,
        }
    }

    pub(crate) fn get(path: String, action: &'a str) -> Request<'a> {
        Request::new(Method::GET, path, action)
    }

    pub(crate) fn query(mut self, key: &str, value: impl ToString) -> Self {
        self.query.push((key.to_string(), value.to_string()));
        self
    }

    pub(crate) fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    pub(crate) fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    pub(crate) fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }
}

/// An answer read whole.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) content_type: String,
    /// `X-Total-Count` (Gitea's and Forgejo's bare-array lists).
    pub(crate) total: Option<u64>,
    pub(crate) body: Vec<u8>,
    /// The address that answered, without its query.
    pub(crate) url: String,
}

impl Answer {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn is_html(&self) -> bool {
        let start = String::from_utf8_lossy(&self.body[..self.body.len().min(64)])
            .trim_start()
            .to_ascii_lowercase();
        self.content_type.to_ascii_lowercase().contains("html")
            || start.starts_with("<!doctype")
            || start.starts_with("<html")
    }
}

/// Whether the route is missing on this server: 404 (no route) or 405 (the route is there for
/// another method), the two answers of an older server.
pub(crate) fn route_missing(error: &GiteaError) -> bool {
    matches!(error.status(), Some(404 | 405))
}

/// Detects Gitea or Forgejo at `url`: `GET /api/forgejo/v1/version` answers only on Forgejo,
/// then `GET /api/v1/version` answering `{"version"}` is Gitea (or a Forgejo, by its
/// `+gitea-` suffix). `Ok(None)` when neither answers so; an error only when the server could
/// not be reached (or redirected elsewhere).
pub fn detect(
    url: &InstanceUrl,
    token: Option<&ApiToken>,
    options: &ClientOptions,
) -> Result<Option<Flavour>, GiteaError> {
    // The flavour is a placeholder until it is known: detection sends no request that
    // depends on it.
    let probe = Client::new(
        url.clone(),
        token.cloned(),
        Flavour::new(ServerKind::Gitea, Version::new(0, 0, 0)),
        options.clone(),
    )?;
    let version = |path: &str| -> Result<Option<String>, GiteaError> {
        let mut request = Request::get(path.to_string(), "read the server's version");
        request.authenticated = token.is_some();
        match probe.call(&request) {
            Ok(answer) => Ok(serde_json::from_slice::<serde_json::Value>(&answer.body)
                .ok()
                .and_then(|value| value.get("version")?.as_str().map(str::to_string))),
            Err(error @ (GiteaError::Network { .. } | GiteaError::Redirect { .. })) => Err(error),
            Err(_) => Ok(None),
        }
    };
    if let Some(text) = version("/api/forgejo/v1/version")? {
        return Ok(Some(Flavour::new(
            ServerKind::Forgejo,
            version_or_newest(&text),
        )));
    }
    let Some(text) = version("/api/v1/version")? else {
        return Ok(None);
    };
    let flavour = Flavour::from_version_string(&text).unwrap_or_else(|| {
        let kind = if super::flavour::is_forgejo_version(&text) {
            ServerKind::Forgejo
        } else {
            ServerKind::Gitea
        };
        Flavour::new(kind, version_or_newest(&text))
    });
    Ok(Some(flavour))
}

/// A version string with no number (a build from source says "development"): taken as the
/// newest, so that every route is tried and an older server's 404/405 still falls back.
fn version_or_newest(text: &str) -> Version {
    Version::parse(text).unwrap_or_else(|| {
        log::debug!("the server's version {text:?} has no number: taking it as the newest");
        Version::new(u64::MAX, 0, 0)
    })
}

impl Client {
    pub fn new(
        url: InstanceUrl,
        token: Option<ApiToken>,
        flavour: Flavour,
        options: ClientOptions,
    ) -> Result<Client, GiteaError> {
        let mut builder = reqwest::blocking::Client::builder()
            .user_agent(concat!("runnerctl/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            // The request loop follows same-origin redirects itself (transport::next_hop):
            // reqwest's policy would follow any host.
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(options.concurrency.max(1));
        if let Some(path) = &options.ca_file {
            builder = builder.tls_backend_preconfigured(
                transport::tls::client_config(path).map_err(GiteaError::Setup)?,
            );
        }
        let http = builder
            .build()
            .map_err(|error| GiteaError::Setup(error.to_string()))?;
        Ok(Client {
            url,
            token,
            flavour,
            http,
            options,
        })
    }

    pub fn url(&self) -> &InstanceUrl {
        &self.url
    }

    pub fn flavour(&self) -> Flavour {
        self.flavour
    }

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Sends a request and returns its success answer; any other answer is the REST error.
    pub(crate) fn call(&self, request: &Request<'_>) -> Result<Answer, GiteaError> {
        let answer = self.exchange(request)?;
        if (200..300).contains(&answer.status) {
            return Ok(answer);
        }
        Err(self.rest_error(&answer, request))
    }

    /// Sends a request and decodes its JSON answer.
    pub(crate) fn json<T: DeserializeOwned>(&self, request: &Request<'_>) -> Result<T, GiteaError> {
        let answer = self.call(request)?;
        decode(&answer, request.action)
    }

    /// Sends a request whose answer has no body worth reading (DELETE's 204).
    pub(crate) fn empty(&self, request: &Request<'_>) -> Result<(), GiteaError> {
        let answer = self.call(request)?;
        if answer.is_html() {
            return Err(GiteaError::NotGitea {
                url: answer.url,
                what: format!("HTTP {}, an HTML page", answer.status),
            });
        }
        Ok(())
    }

    /// Every item of a list, a page of [`LIMIT`] at a time. The page is `{key: [...],
    /// "total_count": N}` (Gitea's runner and job lists) when `key` is given and the answer is
    /// an object, else a bare array with `X-Total-Count` (Forgejo's lists, Gitea's repos and
    /// orgs). The reading stops at the total when it is known, else at a short page.
    pub(crate) fn all_pages<T: DeserializeOwned>(
        &self,
        request: &Request<'_>,
        key: Option<&str>,
    ) -> Result<Vec<T>, GiteaError> {
        let mut items = Vec::new();
        for page in 1..=MAX_PAGES {
            let mut paged = Request {
                query: request.query.clone(),
                headers: request.headers.clone(),
                body: None,
                subject: request.subject.clone(),
                path: request.path.clone(),
                method: request.method.clone(),
                ..*request
            };
            paged.query.push(("page".into(), page.to_string()));
            paged.query.push(("limit".into(), LIMIT.to_string()));
            let answer = self.call(&paged)?;
            let (batch, total) = read_page::<T>(&answer, key, request.action)?;
            let count = batch.len();
            items.extend(batch);
            let done = match total {
                Some(total) => count == 0 || items.len() as u64 >= total,
                None => count < LIMIT,
            };
            if done {
                return Ok(items);
            }
        }
        Err(GiteaError::Decode {
            what: request.action.to_string(),
            detail: format!("the list did not end after {MAX_PAGES} pages"),
        })
    }

    /// Sends a request, following same-origin redirects and retrying as its policy allows,
    /// and returns the last answer whatever its status; errors only for a request that got no
    /// answer or was redirected where runnerctl does not follow.
    pub(crate) fn exchange(&self, request: &Request<'_>) -> Result<Answer, GiteaError> {
        if request.authenticated && self.token.is_none() {
            return Err(GiteaError::MissingToken {
                url: self.url.to_string(),
            });
        }
        let address = format!("{}{}", self.url.as_str(), request.path);
        let mut url = Url::parse(&address)
            .map_err(|error| GiteaError::Setup(format!("bad request URL {address}: {error}")))?;
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        let mut hop = Hop {
            url,
            method: request.method.clone(),
            with_body: true,
        };
        let mut redirects = 0;
        let mut attempt = 0;
        loop {
            let started = Instant::now();
            let outcome = self.send(&hop, request);
            self.log_request(&hop, &outcome, started.elapsed(), attempt);
            let delay = match &outcome {
                Ok(response) if is_redirect(response.status()) => {
                    if let Some(location) = response
                        .headers()
                        .get(reqwest::header::LOCATION)
                        .and_then(|value| value.to_str().ok())
                    {
                        hop = transport::next_hop(
                            &self.url,
                            &hop,
                            response.status().as_u16(),
                            location,
                            redirects,
                            API_ROOTS,
                        )
                        .map_err(|refused| GiteaError::Redirect {
                            status: refused.status,
                            method: refused.method,
                            from: refused.from,
                            to: refused.to,
                            refusal: refused.refusal,
                        })?;
                        redirects += 1;
                        continue;
                    }
                    None
                }
                Ok(response) if response.status().is_success() => None,
                Ok(response) => retry_delay(request.retry, response, attempt, self.options.backoff),
                Err(error) => (request.retry == RetryPolicy::Idempotent && is_dropped(error))
                    .then(|| backoff(attempt, self.options.backoff)),
            };
            match delay {
                Some(delay) if attempt < self.options.max_retries => {
                    attempt += 1;
                    std::thread::sleep(delay.min(Duration::from_secs(60)));
                }
                _ => {
                    return match outcome {
                        Ok(response) => self.read(response),
                        Err(error) => Err(self.network_error(&error, &hop.url)),
                    };
                }
            }
        }
    }

    fn send(&self, hop: &Hop, request: &Request<'_>) -> reqwest::Result<Response> {
        let mut builder = self.http.request(hop.method.clone(), hop.url.clone());
        if request.authenticated
            && let Some(token) = &self.token
        {
            // gitea services/auth/oauth2.go: `Authorization: token <PAT>` (Bearer also works).
            builder = builder.header(
                reqwest::header::AUTHORIZATION,
                format!("token {}", token.expose()),
            );
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        if hop.with_body
            && let Some(body) = &request.body
        {
            builder = builder.json(body);
        }
        builder.send()
    }

    fn read(&self, response: Response) -> Result<Answer, GiteaError> {
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header("content-type").unwrap_or_default();
        let total = header("x-total-count").and_then(|value| value.trim().parse().ok());
        let url = without_query(response.url());
        // A body cut short after a success: the request ran, its answer is lost. After an
        // error status, the status says enough.
        let body = match response.bytes() {
            Ok(bytes) => bytes.to_vec(),
            Err(error) if (200..300).contains(&status) => {
                return Err(GiteaError::Decode {
                    what: format!("the answer from {url}"),
                    detail: format!("it was lost while being read ({})", classify(&error).0),
                });
            }
            Err(_) => Vec::new(),
        };
        Ok(Answer {
            status,
            content_type,
            total,
            body,
            url,
        })
    }

    /// One debug line per request: method, URL (secrets in its query redacted), status, time.
    /// No header and no body: tokens travel there.
    fn log_request(
        &self,
        hop: &Hop,
        outcome: &reqwest::Result<Response>,
        took: Duration,
        attempt: u32,
    ) {
        if !log::log_enabled!(log::Level::Debug) {
            return;
        }
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
            "{} {} -> {answer} ({} ms{retry})",
            hop.method,
            loggable_url(&hop.url),
            took.as_millis()
        );
        if let Some(token) = self.token.as_ref().filter(|t| !t.expose().is_empty()) {
            line = line.replace(token.expose(), "REDACTED");
        }
        log::debug!("{line}");
    }

    fn network_error(&self, error: &reqwest::Error, url: &Url) -> GiteaError {
        let (cause, detail) = classify(error);
        GiteaError::Network {
            cause,
            url: without_query(url),
            detail,
            timeout: self.options.timeout,
        }
    }

    /// The error for a REST answer that is not a success.
    pub(crate) fn rest_error(&self, answer: &Answer, request: &Request<'_>) -> GiteaError {
        let status = answer.status;
        if answer.is_html() && !(status >= 500 || status == 429) {
            return GiteaError::NotGitea {
                url: answer.url.clone(),
                what: format!("HTTP {status}, an HTML page"),
            };
        }
        let message = message_from_body(&answer.text());
        let action = request.action.to_string();
        match status {
            401 if request.authenticated => GiteaError::Unauthorized {
                url: self.url.to_string(),
            },
            403 => GiteaError::Forbidden {
                action,
                missing_scope: missing_scope(&message),
                message,
            },
            404 => GiteaError::NotFound {
                what: request
                    .subject
                    .clone()
                    .unwrap_or_else(|| format!("the resource of {}", request.path)),
                message,
            },
            status if status >= 500 => GiteaError::Server {
                action,
                status,
                message,
            },
            status => GiteaError::Rejected {
                action,
                status,
                message,
            },
        }
    }
}

/// A success answer's JSON: an HTML page or text that is not JSON came from something else.
pub(crate) fn decode<T: DeserializeOwned>(answer: &Answer, what: &str) -> Result<T, GiteaError> {
    if answer.is_html() {
        return Err(GiteaError::NotGitea {
            url: answer.url.clone(),
            what: format!("HTTP {}, an HTML page", answer.status),
        });
    }
    let body: &[u8] = if answer.body.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        &answer.body
    };
    serde_json::from_slice(body).map_err(|error| {
        if serde_json::from_slice::<serde_json::Value>(body).is_err() {
            GiteaError::NotGitea {
                url: answer.url.clone(),
                what: format!("HTTP {}, a body that is not JSON", answer.status),
            }
        } else {
            GiteaError::Decode {
                what: what.to_string(),
                detail: error.to_string(),
            }
        }
    })
}

/// One page of a list in either shape, and the list's total when the answer tells it. A
/// `null` body is an empty page (Forgejo's runners/jobs with nothing to list).
pub(crate) fn read_page<T: DeserializeOwned>(
    answer: &Answer,
    key: Option<&str>,
    what: &str,
) -> Result<(Vec<T>, Option<u64>), GiteaError> {
    let value: serde_json::Value = decode(answer, what)?;
    let decode_items = |items: serde_json::Value| {
        serde_json::from_value::<Option<Vec<T>>>(items)
            .map(Option::unwrap_or_default)
            .map_err(|error| GiteaError::Decode {
                what: what.to_string(),
                detail: error.to_string(),
            })
    };
    match (value, key) {
        (serde_json::Value::Object(mut object), Some(key)) => {
            let total = object
                .get("total_count")
                .and_then(serde_json::Value::as_u64);
            let items = object.remove(key).unwrap_or(serde_json::Value::Null);
            Ok((decode_items(items)?, total.or(answer.total)))
        }
        (value @ (serde_json::Value::Array(_) | serde_json::Value::Null), _) => {
            Ok((decode_items(value)?, answer.total))
        }
        (_, _) => Err(GiteaError::Decode {
            what: what.to_string(),
            detail: match key {
                Some(key) => format!("expected a list or an object with {key:?}"),
                None => "expected a list".to_string(),
            },
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str, total: Option<u64>) -> Answer {
        Answer {
            status: 200,
            content_type: "application/json".into(),
            total,
            body: body.as_bytes().to_vec(),
            url: "http://git.example/api/v1/x".into(),
        }
    }

    #[test]
    fn pages_are_read_in_both_shapes() {
        let (items, total) = read_page::<u32>(
            &answer(r#"{"runners": [1, 2], "total_count": 5}"#, None),
            Some("runners"),
            "list",
        )
        .unwrap();
        assert_eq!((items, total), (vec![1, 2], Some(5)));
        let (items, total) =
            read_page::<u32>(&answer("[3]", Some(7)), Some("runners"), "list").unwrap();
        assert_eq!((items, total), (vec![3], Some(7)));
        let (items, total) = read_page::<u32>(&answer("null", None), None, "list").unwrap();
        assert_eq!((items, total), (vec![], None));
        let (items, _) =
            read_page::<u32>(&answer(r#"{"runners": null}"#, None), Some("runners"), "l").unwrap();
        assert!(items.is_empty());
        assert!(matches!(
            read_page::<u32>(&answer(r#"{"x": 1}"#, None), None, "list"),
            Err(GiteaError::Decode { .. })
        ));
        assert!(matches!(
            read_page::<u32>(&answer("<html>sign in</html>", None), None, "list"),
            Err(GiteaError::NotGitea { .. })
        ));
    }
}
