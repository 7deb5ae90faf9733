//! Faults a test can inject: errors, delays and dropped connections on chosen requests.

use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Fault {
    /// Only requests with this method (case-insensitive); `None` = any.
    pub method: Option<String>,
    /// The raw path exactly, or a prefix when it ends with `*`; `None` = any.
    pub path: Option<String>,
    /// How many matching requests it hits; `None` = forever.
    pub times: Option<usize>,
    pub kind: FaultKind,
}

#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answered before the handler runs, with Semaphore's `{"error": "<reason>"}` body
    /// (`helpers.WriteErrorStatus`): nothing changes.
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    /// The handler runs (a runner IS created), then the response is replaced by a proxy's
    /// HTML error page with this status.
    StatusAfterHandling { status: u16 },
    /// The handler runs, then the response is delayed: a client timeout after the fact.
    DelayAfterHandling(Duration),
    /// The connection is closed without any response (before the handler runs).
    DropConnection,
    /// Every N-th matching request gets 429 with Retry-After (before the handler runs).
    RateLimitEvery { every: usize, retry_after: u64 },
    /// An HTML page with this status instead of the API (before the handler runs): a proxy or
    /// single-sign-on login page in front of Semaphore.
    Html { status: u16 },
    /// A 3xx with `Location`, before the handler runs: what a proxy or a moved instance answers.
    Redirect { status: u16, location: String },
    /// The handler runs, the status line and headers go out with the answer's full
    /// `Content-Length`, then nothing more.
    StallAfterHeaders,
    /// The handler runs, then the connection is closed without any answer.
    CloseAfterReading,
    /// The handler runs, then half its body goes out before the connection closes.
    CutBody,
    /// The handler runs and keeps its status, but the body is an HTML page.
    HtmlPageAfterHandling,
}

impl Fault {
    pub fn new(kind: FaultKind) -> Fault {
        Fault {
            method: None,
            path: None,
            times: None,
            kind,
        }
    }

    pub fn method(mut self, method: &str) -> Self {
        self.method = Some(method.to_string());
        self
    }

    pub fn path(mut self, path: &str) -> Self {
        self.path = Some(path.to_string());
        self
    }

    pub fn times(mut self, times: usize) -> Self {
        self.times = Some(times);
        self
    }

    pub(crate) fn matches(&self, method: &str, raw_path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        let path_ok = match self.path.as_deref() {
            None => true,
            Some(pattern) => match pattern.strip_suffix('*') {
                Some(prefix) => raw_path.starts_with(prefix),
                None => raw_path == pattern,
            },
        };
        method_ok && path_ok
    }
}

/// An injected fault and how often it has matched.
#[derive(Debug)]
pub(crate) struct ActiveFault {
    pub fault: Fault,
    pub matched: usize,
    pub fired: usize,
}

/// What the server does about a request, decided before the handler runs.
#[derive(Debug, Clone)]
pub(crate) enum Planned {
    Before(FaultKind),
    After(FaultKind),
}

/// Picks the first live fault matching the request and counts it.
pub(crate) fn plan(faults: &mut [ActiveFault], method: &str, raw_path: &str) -> Option<Planned> {
    for active in faults.iter_mut() {
        if !active.fault.matches(method, raw_path) {
            continue;
        }
        if active
            .fault
            .times
            .is_some_and(|limit| active.fired >= limit)
        {
            continue;
        }
        active.matched += 1;
        let kind = active.fault.kind.clone();
        let planned = match kind {
            FaultKind::RateLimitEvery { every, .. } => {
                if every == 0 || active.matched % every != 0 {
                    continue;
                }
                Planned::Before(kind)
            }
            FaultKind::Status { .. }
            | FaultKind::DropConnection
            | FaultKind::Html { .. }
            | FaultKind::Redirect { .. } => Planned::Before(kind),
            FaultKind::StatusAfterHandling { .. }
            | FaultKind::DelayAfterHandling(_)
            | FaultKind::StallAfterHeaders
            | FaultKind::CloseAfterReading
            | FaultKind::CutBody
            | FaultKind::HtmlPageAfterHandling => Planned::After(kind),
        };
        active.fired += 1;
        return Some(planned);
    }
    None
}
