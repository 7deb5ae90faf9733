//! The HTTP layer for Semaphore UI: `Authorization: Bearer …`, same-origin redirects, retries
//! on 429/5xx for safe requests. Semaphore's lists are whole arrays (no pages).

use std::time::{Duration, Instant};

use reqwest::Method;
use reqwest::blocking::Response;
use serde::de::DeserializeOwned;
use url::Url;

use super::error::{SemaphoreError, message_from_body};
use crate::instance_url::InstanceUrl;
use crate::token::ApiToken;
use crate::transport::{
    self, ClientOptions, Hop, RetryPolicy, backoff, classify, is_dropped, is_redirect,
    loggable_url, retry_delay, without_query,
};

/// The API root below an instance URL, by which a redirect's target names its instance.
const API_ROOTS: &[&str] = &["/api"];
/// The largest answer read: Semaphore's lists are unpaged, and a runaway body is not one.
const MAX_BODY: usize = 64 * 1024 * 1024;

pub struct Client {
    pub(crate) url: InstanceUrl,
    token: Option<ApiToken>,
    http: reqwest::blocking::Client,
    options: ClientOptions,
}

/// One request: what is sent, and the words for its errors.
pub(crate) struct Request<'a> {
    pub(crate) method: Method,
    /// The path below the instance URL (`/api/runners`), already encoded.
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body: Option<serde_json::Value>,
    /// "list the global runners".
    pub(crate) action: &'a str,
    /// What a 404 is about ("runner 7").
    pub(crate) subject: Option<String>,
    pub(crate) retry: RetryPolicy,
    /// Whether the API token goes along: a runner's self-registration carries none.
    pub(crate) authenticated: bool,
    /// A route behind `adminMiddleware`: a 403 there means the user is no admin.
    pub(crate) admin_route: bool,
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
            action,
            subject: None,
            retry,
            authenticated: true,
            admin_route: false,
        }
    }

    pub(crate) fn get(path: String, action: &'a str) -> Request<'a> {
        Request::new(Method::GET, path, action)
    }

    pub(crate) fn body(mut self, body: serde_json::Value) -> Self {
        self.body = Some(body);
        self
    }

    pub(crate) fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    pub(crate) fn admin(mut self) -> Self {
        self.admin_route = true;
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
    pub(crate) body: Vec<u8>,
    /// The address that answered, without its query.
    pub(crate) url: String,
}

impl Answer {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn is_html(&self) -> bool {
        let start = String::from_utf8_lossy(&self.body[..self.body.len().min(64)])
            .trim_start()
            .to_ascii_lowercase();
        self.content_type.to_ascii_lowercase().contains("html")
            || start.starts_with("<!doctype")
            || start.starts_with("<html")
    }
}

impl Client {
    pub fn new(
        url: InstanceUrl,
        token: Option<ApiToken>,
        options: ClientOptions,
    ) -> Result<Client, SemaphoreError> {
        let mut builder = reqwest::blocking::Client::builder()
            .user_agent(concat!("runnerctl/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            // The request loop follows same-origin redirects itself (transport::next_hop).
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(options.concurrency.max(1));
        if let Some(path) = &options.ca_file {
            builder = builder.tls_backend_preconfigured(
                transport::tls::client_config(path).map_err(SemaphoreError::Setup)?,
            );
        }
        let http = builder
            .build()
            .map_err(|error| SemaphoreError::Setup(error.to_string()))?;
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

    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Sends a request and returns its success answer; any other answer is the error.
    pub(crate) fn call(&self, request: &Request<'_>) -> Result<Answer, SemaphoreError> {
        let answer = self.exchange(request)?;
        if (200..300).contains(&answer.status) {
            return Ok(answer);
        }
        Err(self.rest_error(&answer, request))
    }

    /// Sends a request and decodes its JSON answer.
    pub(crate) fn json<T: DeserializeOwned>(
        &self,
        request: &Request<'_>,
    ) -> Result<T, SemaphoreError> {
        let answer = self.call(request)?;
        decode(&answer, request.action)
    }

    /// Sends a request whose answer has no body worth reading (204).
    pub(crate) fn empty(&self, request: &Request<'_>) -> Result<(), SemaphoreError> {
        let answer = self.call(request)?;
        if answer.is_html() {
            return Err(SemaphoreError::NotSemaphore {
                url: answer.url,
                what: format!("HTTP {}, an HTML page", answer.status),
            });
        }
        Ok(())
    }

    /// Sends a request, following same-origin redirects and retrying as its policy allows,
    /// and returns the last answer whatever its status.
    pub(crate) fn exchange(&self, request: &Request<'_>) -> Result<Answer, SemaphoreError> {
        if request.authenticated && self.token.is_none() {
            return Err(SemaphoreError::MissingToken {
                url: self.url.to_string(),
            });
        }
        let address = format!("{}{}", self.url.as_str(), request.path);
        let mut url = Url::parse(&address).map_err(|error| {
            SemaphoreError::Setup(format!("bad request URL {address}: {error}"))
        })?;
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
                        .map_err(|refused| SemaphoreError::Redirect {
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
        let mut builder = self
            .http
            .request(hop.method.clone(), hop.url.clone())
            .header(reqwest::header::ACCEPT, "application/json");
        if request.authenticated
            && let Some(token) = &self.token
        {
            // api/auth.go authenticationHandler: `Authorization: Bearer <API token>`.
            builder = builder.bearer_auth(token.expose());
        }
        if hop.with_body
            && let Some(body) = &request.body
        {
            builder = builder.json(body);
        }
        builder.send()
    }

    fn read(&self, response: Response) -> Result<Answer, SemaphoreError> {
        use std::io::Read as _;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let url = without_query(response.url());
        let mut body = Vec::new();
        let read = response.take(MAX_BODY as u64).read_to_end(&mut body);
        // A body cut short after a success: the request ran, its answer is lost.
        if let Err(error) = read
            && (200..300).contains(&status)
        {
            return Err(SemaphoreError::Decode {
                what: format!("the answer from {url}"),
                detail: format!("it was lost while being read ({error})"),
            });
        }
        Ok(Answer {
            status,
            content_type,
            body,
            url,
        })
    }

    /// One debug line per request: method, URL, status, time. No header and no body.
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
        log::debug!(
            "{} {} -> {answer} ({} ms{retry})",
            hop.method,
            loggable_url(&hop.url),
            took.as_millis()
        );
    }

    fn network_error(&self, error: &reqwest::Error, url: &Url) -> SemaphoreError {
        let (cause, detail) = classify(error);
        SemaphoreError::Network {
            cause,
            url: without_query(url),
            detail,
            timeout: self.options.timeout,
        }
    }

    /// The error for an answer that is not a success.
    pub(crate) fn rest_error(&self, answer: &Answer, request: &Request<'_>) -> SemaphoreError {
        let status = answer.status;
        if answer.is_html() && !(status >= 500 || status == 429) {
            return SemaphoreError::NotSemaphore {
                url: answer.url.clone(),
                what: format!("HTTP {status}, an HTML page"),
            };
        }
        let message = message_from_body(&answer.text());
        let action = request.action.to_string();
        match status {
            401 if request.authenticated => SemaphoreError::Unauthorized {
                url: self.url.to_string(),
            },
            403 => SemaphoreError::Forbidden {
                action,
                admin_route: request.admin_route,
                message,
            },
            404 => SemaphoreError::NotFound {
                what: request
                    .subject
                    .clone()
                    .unwrap_or_else(|| format!("the resource of {}", request.path)),
                message,
            },
            status if status >= 500 => SemaphoreError::Server {
                action,
                status,
                message,
            },
            status => SemaphoreError::Rejected {
                action,
                status,
                message,
            },
        }
    }
}

/// A success answer's JSON: an HTML page or text that is not JSON came from something else.
pub(crate) fn decode<T: DeserializeOwned>(
    answer: &Answer,
    what: &str,
) -> Result<T, SemaphoreError> {
    if answer.is_html() {
        return Err(SemaphoreError::NotSemaphore {
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
            SemaphoreError::NotSemaphore {
                url: answer.url.clone(),
                what: format!("HTTP {}, a body that is not JSON", answer.status),
            }
        } else {
            SemaphoreError::Decode {
                what: what.to_string(),
                detail: error.to_string(),
            }
        }
    })
}
