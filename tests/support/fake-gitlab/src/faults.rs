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
    /// Answered before the handler runs: nothing changes.
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    /// The handler runs (a runner IS created), then the response is replaced: a proxy's 502 after
    /// the fact.
    StatusAfterHandling { status: u16 },
    /// The handler runs, then the response is delayed: a client timeout after the fact.
    DelayAfterHandling(Duration),
    /// The connection is closed without any response (before the handler runs).
    DropConnection,
    /// Every N-th matching request gets 429 with Retry-After (before the handler runs).
    RateLimitEvery { every: usize, retry_after: u64 },
    /// Something other than GitLab's API answers (before the handler runs): an HTML page with
    /// this status, as a proxy, a single-sign-on login page or GitLab's own web sign-in page
    /// (app/views/devise/sessions/new.html.haml, served for a URL that is not under `/api/`)
    /// would.
    Html { status: u16 },
    /// GraphQL's own error answer with a non-200 status (before the handler runs):
    /// `{"errors": [{"message": …}]}`, as app/controllers/graphql_controller.rb `render_error`
    /// writes it, for example 503 and [`GRAPHQL_TIMEOUT_MESSAGE`] when the database cancels the
    /// query (`rescue_from ActiveRecord::QueryAborted`).
    GraphqlError { status: u16, message: String },
    /// A redirect to the web sign-in page on the same host (before the handler runs), as GitLab
    /// answers a web route without a session (Devise's `authenticate_user!`, with Rails'
    /// "You are being redirected" body), or a proxy in front of it sends an API request to a
    /// login page. The fake serves `/users/sign_in` as that HTML page.
    LoginRedirect,
    /// A 3xx with `Location`, before the handler runs: what a proxy or a moved instance
    /// answers. Omnibus GitLab's nginx answers `return 301 https://<fqdn>:<port>$request_uri`
    /// with `redirect_http_to_https` (omnibus-gitlab
    /// files/gitlab-cookbooks/gitlab/templates/default/nginx-gitlab-http.conf.erb).
    Redirect { status: u16, location: String },
    /// `status` with `Retry-After` given as an HTTP date `after` from now (RFC 9110 §10.2.3
    /// allows either form; GitLab's own rack-attack sends seconds, lib/gitlab/rack_attack.rb,
    /// while CDNs and proxies in front of it may send a date). Before the handler runs.
    RetryAfterDate { status: u16, after: Duration },
    /// The handler runs (a runner IS created), the status line and headers go out with the
    /// answer's full `Content-Length`, then nothing more: a server or proxy that hangs mid-answer.
    StallAfterHeaders,
    /// The handler runs, then the connection is closed without any answer: the request was
    /// read and acted on, the answer lost.
    CloseAfterReading,
    /// The handler runs, then its answer goes out with its full `Content-Length` but only
    /// half its body before the connection closes.
    CutBody,
    /// The handler runs and keeps its status (a `201` for a created runner), but the body is
    /// an HTML page instead of GitLab's JSON: a proxy rewriting answers.
    HtmlPageAfterHandling,
    /// The handler runs, then its pagination headers are replaced: `x-next-page` and `Link`
    /// as given (`None` removes the header). GitLab writes both in
    /// lib/gitlab/pagination/offset_pagination.rb (`X-Next-Page`, and `Link` with absolute
    /// URLs built from the request); a proxy or a hostile server may point them anywhere.
    PaginationHeaders {
        next_page: Option<String>,
        link: Option<String>,
    },
}

/// What app/controllers/graphql_controller.rb answers (503) when a query ran too long.
pub const GRAPHQL_TIMEOUT_MESSAGE: &str =
    "Request timed out. Please try a less complex query or a smaller set of records.";

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
            | FaultKind::GraphqlError { .. }
            | FaultKind::LoginRedirect
            | FaultKind::Redirect { .. }
            | FaultKind::RetryAfterDate { .. } => Planned::Before(kind),
            FaultKind::StatusAfterHandling { .. }
            | FaultKind::DelayAfterHandling(_)
            | FaultKind::StallAfterHeaders
            | FaultKind::CloseAfterReading
            | FaultKind::CutBody
            | FaultKind::HtmlPageAfterHandling
            | FaultKind::PaginationHeaders { .. } => Planned::After(kind),
        };
        active.fired += 1;
        return Some(planned);
    }
    None
}
