//! A stateful fake of Semaphore UI's (v2.16) HTTP API, for runnerctl's tests, benchmarks and
//! demo: users and API tokens, projects, global and project runners, runner self-registration
//! and polling, templates and tasks.
//!
//! Response shapes, status codes and error bodies follow Semaphore's sources (the files are
//! named on each handler). Plain HTTP on 127.0.0.1 only.
//!
//! ```no_run
//! use fake_semaphore::{FakeSemaphore, Fleet, RunnerSeed};
//! let mut fleet = Fleet::standard();
//! let runner = fleet.runner(RunnerSeed::global().name("build-1").tag("docker"));
//! let semaphore = FakeSemaphore::start(fleet).unwrap();
//! assert!(semaphore.runner(runner).is_some());
//! ```

mod api;
mod faults;
mod fleet;
mod http;
mod state;

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context as TaskContext, Poll};
use std::time::{Duration, Instant};

use anyhow::Context;
use bytes::Bytes;
use chrono::Utc;
use http_body_util::BodyExt;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::watch;

pub use api::MAX_TASKS;
pub use faults::{Fault, FaultKind};
pub use fleet::{
    ADMIN_TOKEN, Fleet, PROJECT, REGISTRATION_TOKEN, RunnerSeed, TEST_PRIVATE_KEY, TEST_PUBLIC_KEY,
    USER_TOKEN,
};
pub use state::{Runner, State, TASK_STATUSES};

use crate::faults::{ActiveFault, Planned};
use crate::http::{ApiRequest, ApiResponse};

/// One request as the server saw it.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    /// Raw, as sent: `/api/runners/3`.
    pub path: String,
    /// Raw query string, without `?`.
    pub query: String,
    pub body: String,
    /// The status answered; 0 when the connection was dropped without an answer.
    pub status: u16,
    /// Every header as received, names in lower case (`authorization` among them), so tests
    /// can check which credentials reached which server.
    pub headers: Vec<(String, String)>,
    /// When the request arrived and when its answer was ready (or the connection dropped), in
    /// microseconds since the fake started: which requests ran one after another.
    pub started_us: u64,
    pub finished_us: u64,
}

impl RecordedRequest {
    /// The value of a header, by its name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Everything the connections share.
pub(crate) struct Shared {
    state: Mutex<State>,
    requests: Mutex<Vec<RecordedRequest>>,
    faults: Mutex<Vec<ActiveFault>>,
    latency: Mutex<Duration>,
    /// What [`RecordedRequest`]'s times count from.
    started: Instant,
}

/// Locks a mutex whatever a panicking test thread left behind: the data stays usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Shared {
    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    fn since_start_us(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_micros()).unwrap_or(u64::MAX)
    }

    /// Records a request as answered now.
    fn log(&self, mut record: RecordedRequest) {
        record.finished_us = self.since_start_us();
        lock(&self.requests).push(record);
    }
}

/// A running fake Semaphore. Dropping it stops the server.
pub struct FakeSemaphore {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl FakeSemaphore {
    /// Binds 127.0.0.1 on a free port and serves from a runtime of its own, so synchronous tests
    /// can use it.
    pub fn start(fleet: Fleet) -> anyhow::Result<FakeSemaphore> {
        FakeSemaphore::start_on(fleet, 0)
    }

    /// As [`FakeSemaphore::start`], on a chosen port (0 = any free port).
    pub fn start_on(fleet: Fleet, port: u16) -> anyhow::Result<FakeSemaphore> {
        let state = State::from_fleet(&fleet, Utc::now()).context("the fleet is not valid")?;
        let listener =
            std::net::TcpListener::bind(("127.0.0.1", port)).context("cannot bind 127.0.0.1")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("fake-semaphore")
            .enable_all()
            .build()
            .context("cannot start the fake Semaphore's runtime")?;
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            requests: Mutex::new(Vec::new()),
            faults: Mutex::new(Vec::new()),
            started: Instant::now(),
            latency: Mutex::new(Duration::ZERO),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let listener = {
            let _entered = runtime.enter();
            TcpListener::from_std(listener)?
        };
        runtime.spawn(serve(listener, shared.clone(), shutdown_rx));
        Ok(FakeSemaphore {
            shared,
            addr,
            shutdown,
            runtime: Some(runtime),
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Runs `f` with the server's data locked: for setup and assertions. The server waits while
    /// `f` runs, so `f` must not make requests to it.
    pub fn with_state<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.shared.state())
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Added before every response.
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.shared.latency) = latency;
    }

    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push(ActiveFault {
            fault,
            matched: 0,
            fired: 0,
        });
    }

    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// A copy of a runner, by id.
    pub fn runner(&self, id: u64) -> Option<Runner> {
        self.shared.state().runner(id)
    }
}

impl Drop for FakeSemaphore {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
        if let Some(runtime) = self.runtime.take() {
            // Does not wait for connections in flight, and is allowed inside an async context.
            runtime.shutdown_background();
        }
    }
}

async fn serve(listener: TcpListener, shared: Arc<Shared>, mut shutdown: watch::Receiver<bool>) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => return,
        };
        let Ok((stream, _)) = accepted else {
            // Out of file descriptors and the like: wait a moment rather than spin.
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| {
                let shared = shared.clone();
                async move { answer(shared, request).await }
            });
            // Errors here are clients going away, or a DropConnection fault: nothing to report.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

/// The error a handler returns to make hyper close the connection without a response.
#[derive(Debug)]
struct DroppedOnPurpose;

impl std::fmt::Display for DroppedOnPurpose {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DroppedOnPurpose {}

/// A response body: whole, cut short by a fault, or stalled forever by one.
enum AnswerBody {
    Whole(Option<Bytes>),
    /// Sends the first chunk, waits a moment (so hyper flushes it), then fails, which makes
    /// hyper close the connection.
    Cut(Option<Bytes>, Pin<Box<tokio::time::Sleep>>),
    /// Never yields: the headers are out, the body never comes.
    Stalled,
}

impl AnswerBody {
    fn whole(bytes: Bytes) -> AnswerBody {
        AnswerBody::Whole(Some(bytes))
    }
}

impl hyper::body::Body for AnswerBody {
    type Data = Bytes;
    type Error = DroppedOnPurpose;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut TaskContext<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, DroppedOnPurpose>>> {
        match self.get_mut() {
            AnswerBody::Whole(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            AnswerBody::Cut(bytes, pause) => match bytes.take() {
                Some(b) => Poll::Ready(Some(Ok(Frame::data(b)))),
                None => pause
                    .as_mut()
                    .poll(cx)
                    .map(|()| Some(Err(DroppedOnPurpose))),
            },
            // Nothing will wake this task: the connection hangs until the client gives up
            // or the server stops.
            AnswerBody::Stalled => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, AnswerBody::Whole(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            AnswerBody::Whole(Some(bytes)) => SizeHint::with_exact(bytes.len() as u64),
            AnswerBody::Whole(None) => SizeHint::with_exact(0),
            _ => SizeHint::default(),
        }
    }
}

/// `response` with its `Content-Length` promising the whole body, and a body that `faulty`
/// makes from it.
fn promised(
    response: ApiResponse,
    faulty: impl FnOnce(Bytes) -> AnswerBody,
) -> hyper::Response<AnswerBody> {
    let length = response.body.len();
    response
        .with_header("content-length", length.to_string())
        .into_hyper(faulty)
}

async fn answer(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<AnswerBody>, DroppedOnPurpose> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(DroppedOnPurpose),
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let request = ApiRequest::new(parts.method.as_str(), &parts.uri, parts.headers, body);
    let mut record = RecordedRequest {
        method: request.method.clone(),
        path: request.raw_path.clone(),
        query: request.query.clone(),
        body: String::from_utf8_lossy(&request.body).into_owned(),
        status: 0,
        headers,
        started_us: shared.since_start_us(),
        finished_us: 0,
    };
    // Control endpoints are not part of Semaphore: no faults, no latency, not recorded.
    if request.raw_path.starts_with("/__fake/") {
        return Ok(control(&shared, &request).into_hyper(AnswerBody::whole));
    }
    let planned = faults::plan(
        &mut lock(&shared.faults),
        &request.method,
        &request.raw_path,
    );
    let latency = *lock(&shared.latency);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let response = match planned {
        Some(Planned::Before(FaultKind::DropConnection)) => {
            shared.log(record);
            return Err(DroppedOnPurpose);
        }
        Some(Planned::Before(FaultKind::Status {
            status,
            retry_after,
        })) => {
            let mut response =
                ApiResponse::json(status, &serde_json::json!({"error": http::reason(status)}));
            if let Some(seconds) = retry_after {
                response
                    .headers
                    .push(("retry-after".to_string(), seconds.to_string()));
            }
            response
        }
        Some(Planned::Before(FaultKind::Html { status })) => {
            ApiResponse::html(status, SIGN_IN_PAGE)
        }
        Some(Planned::Before(FaultKind::Redirect { status, location })) => {
            // nginx's own page for a `return 30x`, with the Location header.
            ApiResponse::text(status, &proxy_error_page(status)).with_header("location", location)
        }
        Some(Planned::Before(FaultKind::RateLimitEvery { retry_after, .. })) => {
            // A rate-limiting proxy in front of Semaphore: plain text with Retry-After.
            let mut response = ApiResponse::text(429, "Retry later\n");
            response
                .headers
                .push(("retry-after".to_string(), retry_after.to_string()));
            response
        }
        Some(Planned::After(kind)) => {
            let handled = dispatch(&shared, &request).await;
            match kind {
                FaultKind::StatusAfterHandling { status } => {
                    ApiResponse::text(status, &proxy_error_page(status))
                }
                FaultKind::DelayAfterHandling(delay) => {
                    // Logged before the delay: a client that times out closes the
                    // connection, and the server drops this future mid-sleep.
                    record.status = handled.status;
                    shared.log(record);
                    tokio::time::sleep(delay).await;
                    return Ok(handled.into_hyper(AnswerBody::whole));
                }
                FaultKind::CloseAfterReading => {
                    record.status = 0;
                    shared.log(record);
                    return Err(DroppedOnPurpose);
                }
                FaultKind::StallAfterHeaders => {
                    record.status = handled.status;
                    shared.log(record);
                    return Ok(promised(handled, |_| AnswerBody::Stalled));
                }
                FaultKind::CutBody => {
                    record.status = handled.status;
                    shared.log(record);
                    return Ok(promised(handled, |body| {
                        AnswerBody::Cut(
                            Some(body.slice(..body.len() / 2)),
                            Box::pin(tokio::time::sleep(Duration::from_millis(100))),
                        )
                    }));
                }
                FaultKind::HtmlPageAfterHandling => {
                    let status = handled.status;
                    ApiResponse::text(
                        status,
                        "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\
                         <body><h1>Sign in</h1></body></html>\n",
                    )
                }
                _ => handled,
            }
        }
        Some(Planned::Before(_)) | None => dispatch(&shared, &request).await,
    };
    record.status = response.status;
    shared.log(record);
    Ok(response.into_hyper(AnswerBody::whole))
}

async fn dispatch(shared: &Arc<Shared>, request: &ApiRequest) -> ApiResponse {
    if request.raw_path.starts_with("/api/") {
        return api::handle(shared, request);
    }
    // Anything else is the web UI (api/router.go servePublic): its single-page app.
    ApiResponse::html(200, SIGN_IN_PAGE)
}

/// Semaphore's web UI page, long enough that pasting it into an error message would bury the
/// message: what a single-sign-on proxy, or Semaphore's own UI, answers where the API was
/// expected.
const SIGN_IN_PAGE: &str = concat!(
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n",
    "<title>Semaphore UI</title>\n<link rel=\"icon\" href=\"/favicon.png\">\n",
    "<link href=\"/css/app.css\" rel=\"stylesheet\">\n</head>\n<body>\n",
    "<noscript><strong>We're sorry but Semaphore UI doesn't work properly without ",
    "JavaScript enabled. Please enable it to continue.</strong></noscript>\n",
    "<div id=\"app\"></div>\n<script src=\"/js/chunk-vendors.js\"></script>\n",
    "<script src=\"/js/app.js\"></script>\n</body>\n</html>\n"
);

/// What a reverse proxy (nginx) in front of Semaphore answers when the backend failed: HTML, not JSON.
fn proxy_error_page(status: u16) -> String {
    let reason = http::reason(status);
    format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// `/__fake/...`: inspection, faults, latency and runner polls for the binary (benchmarks,
/// demo).
fn control(shared: &Shared, request: &ApiRequest) -> ApiResponse {
    let error = |status: u16, message: &str| {
        ApiResponse::json(status, &serde_json::json!({ "error": message }))
    };
    match (request.method.as_str(), request.raw_path.as_str()) {
        ("GET", "/__fake/requests") => ApiResponse::json(200, &*lock(&shared.requests)),
        ("DELETE", "/__fake/requests") => {
            lock(&shared.requests).clear();
            ApiResponse::empty(204)
        }
        ("GET", "/__fake/runners") => ApiResponse::json(200, &shared.state().runners),
        ("POST", "/__fake/latency") => match request
            .json_body()
            .and_then(|v| v.get("ms").and_then(|ms| ms.as_u64()))
        {
            Some(ms) => {
                *lock(&shared.latency) = Duration::from_millis(ms);
                ApiResponse::empty(204)
            }
            None => error(400, "body must be {\"ms\": N}"),
        },
        ("POST", "/__fake/faults") => {
            match request.json_body().as_ref().and_then(fault_from_json) {
                Some(fault) => {
                    lock(&shared.faults).push(ActiveFault {
                        fault,
                        matched: 0,
                        fired: 0,
                    });
                    ApiResponse::empty(204)
                }
                None => error(
                    400,
                    "body must be {\"kind\": \"status\"|\"status_after_handling\"|\"delay_after_handling\"|\"drop_connection\"|\"rate_limit_every\"|\"html\"|\"redirect\"|\"stall_after_headers\"|\"close_after_reading\"|\"cut_body\"|\"html_page_after_handling\", \"status\", \"retry_after\", \"ms\", \"every\", \"location\", \"method\", \"path\", \"times\"}",
                ),
            }
        }
        ("DELETE", "/__fake/faults") => {
            lock(&shared.faults).clear();
            ApiResponse::empty(204)
        }
        // `POST /__fake/touch/{id}`: what the runner's poll does.
        ("POST", path) if path.starts_with("/__fake/touch/") => {
            match path["/__fake/touch/".len()..].parse::<u64>() {
                Ok(id) if shared.state().runner(id).is_some() => {
                    shared.state().touch(id);
                    ApiResponse::empty(204)
                }
                _ => error(404, "no such runner"),
            }
        }
        _ => error(404, "unknown control endpoint"),
    }
}

fn fault_from_json(value: &serde_json::Value) -> Option<Fault> {
    let number = |key: &str| value.get(key).and_then(|v| v.as_u64());
    let kind = match value.get("kind")?.as_str()? {
        "status" => FaultKind::Status {
            status: u16::try_from(number("status")?).ok()?,
            retry_after: number("retry_after"),
        },
        "status_after_handling" => FaultKind::StatusAfterHandling {
            status: u16::try_from(number("status")?).ok()?,
        },
        "delay_after_handling" => {
            FaultKind::DelayAfterHandling(Duration::from_millis(number("ms")?))
        }
        "drop_connection" => FaultKind::DropConnection,
        "html" => FaultKind::Html {
            status: u16::try_from(number("status").unwrap_or(200)).ok()?,
        },
        "rate_limit_every" => FaultKind::RateLimitEvery {
            every: usize::try_from(number("every")?).ok()?,
            retry_after: number("retry_after").unwrap_or(1),
        },
        "redirect" => FaultKind::Redirect {
            status: u16::try_from(number("status")?).ok()?,
            location: value.get("location")?.as_str()?.to_string(),
        },
        "stall_after_headers" => FaultKind::StallAfterHeaders,
        "close_after_reading" => FaultKind::CloseAfterReading,
        "cut_body" => FaultKind::CutBody,
        "html_page_after_handling" => FaultKind::HtmlPageAfterHandling,
        _ => return None,
    };
    let mut fault = Fault::new(kind);
    if let Some(method) = value.get("method").and_then(|v| v.as_str()) {
        fault = fault.method(method);
    }
    if let Some(path) = value.get("path").and_then(|v| v.as_str()) {
        fault = fault.path(path);
    }
    if let Some(times) = number("times") {
        fault = fault.times(usize::try_from(times).ok()?);
    }
    Some(fault)
}
