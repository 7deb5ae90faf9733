//! Redirects: followed only to the same origin (scheme, host and port), so that a token, a
//! header or a body never goes anywhere but the instance it was meant for.

use reqwest::{Method, StatusCode};
use url::Url;

use crate::instance_url::InstanceUrl;

/// Same-origin redirects followed for one request (the contract's "redirects" row).
pub(crate) const MAX_REDIRECTS: usize = 5;

/// Why a redirect was not followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RedirectRefusal {
    /// To another scheme, host or port; `new_url` is the instance URL it seems to point at.
    OtherOrigin { new_url: String },
    /// More same-origin redirects than runnerctl follows.
    TooMany { limit: usize },
    /// A 301/302/303 of a write, which would have to be replayed as a GET.
    WouldBecomeGet,
    /// A `Location` that is not a URL.
    Unreadable,
}

/// A redirect not followed, with what a forge's error needs to say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused {
    pub(crate) status: u16,
    pub(crate) method: String,
    /// The URL that answered with the redirect, without its query.
    pub(crate) from: String,
    /// Where it pointed, without its query.
    pub(crate) to: String,
    pub(crate) refusal: RedirectRefusal,
}

/// Where the next request of a call goes.
pub(crate) struct Hop {
    pub(crate) url: Url,
    pub(crate) method: Method,
    /// Whether the call's body is sent (not after a redirect that turned the request into a GET).
    pub(crate) with_body: bool,
}

pub(crate) fn is_redirect(status: StatusCode) -> bool {
    matches!(status.as_u16(), 301 | 302 | 303 | 307 | 308)
}

/// The request a redirect asks for, or why it is not followed: another origin (scheme, host or
/// port) never gets the token, the headers or the body; a same-origin redirect is followed
/// [`MAX_REDIRECTS`] times at most, 307 and 308 keeping the method and body. A 301, 302 or 303
/// would turn a write into a GET (as browsers and reqwest do), which would then "succeed"
/// without the change: only reads follow those.
///
/// `api_roots` are the forge's API paths (`/api/v4`, `/api/v1`, …), by which the instance URL a
/// redirect to another origin points at is found (see [`suggested_url`]).
pub(crate) fn next_hop(
    base: &InstanceUrl,
    from: &Hop,
    status: u16,
    location: &str,
    followed: usize,
    api_roots: &[&str],
) -> Result<Hop, Refused> {
    let refuse = |to: String, refusal: RedirectRefusal| Refused {
        status,
        method: from.method.to_string(),
        from: without_query(&from.url),
        to,
        refusal,
    };
    let Ok(target) = from.url.join(location) else {
        return Err(refuse(
            location.chars().take(200).collect(),
            RedirectRefusal::Unreadable,
        ));
    };
    if target.origin() != from.url.origin() {
        let new_url = suggested_url(base, &from.url, &target, api_roots);
        return Err(refuse(
            without_query(&target),
            RedirectRefusal::OtherOrigin { new_url },
        ));
    }
    if followed >= MAX_REDIRECTS {
        return Err(refuse(
            without_query(&target),
            RedirectRefusal::TooMany {
                limit: MAX_REDIRECTS,
            },
        ));
    }
    let keeps_method = matches!(status, 307 | 308);
    let read = from.method == Method::GET || from.method == Method::HEAD;
    if !keeps_method && !read {
        return Err(refuse(
            without_query(&target),
            RedirectRefusal::WouldBecomeGet,
        ));
    }
    Ok(Hop {
        url: target,
        method: from.method.clone(),
        with_body: from.with_body && keeps_method,
    })
}

/// The instance URL a redirect to another origin points at: the target with the part of the
/// path below the configured base (`/api/v4/...`) taken off, else the target's path up to the
/// first of `api_roots` it holds.
pub(crate) fn suggested_url(
    base: &InstanceUrl,
    requested: &Url,
    target: &Url,
    api_roots: &[&str],
) -> String {
    let base_path = Url::parse(base.as_str())
        .map(|url| url.path().trim_end_matches('/').to_string())
        .unwrap_or_default();
    let below = requested
        .path()
        .strip_prefix(&base_path)
        .unwrap_or(requested.path());
    let target_path = target.path();
    let prefix = match target_path.strip_suffix(below) {
        Some(prefix) if !below.is_empty() => prefix,
        _ => api_roots
            .iter()
            .find_map(|api| target_path.find(api).map(|at| &target_path[..at]))
            .unwrap_or(""),
    };
    let mut suggested = target.clone();
    suggested.set_path(prefix);
    suggested.set_query(None);
    suggested.set_fragment(None);
    InstanceUrl::parse(suggested.as_str())
        .map(|url| url.to_string())
        .unwrap_or_else(|_| suggested.as_str().trim_end_matches('/').to_string())
}

/// A URL for a debug line: no user or password, no fragment, and each query value that may be
/// a secret (under a name that says token, secret, password or key, or holding a known token
/// prefix) shown as `REDACTED`; names and the other values (pages, filters) stay readable.
pub(crate) fn loggable_url(url: &Url) -> String {
    let mut shown = url.clone();
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.set_fragment(None);
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let lower = name.to_ascii_lowercase();
                let secret = ["token", "secret", "password", "key"]
                    .iter()
                    .any(|word| lower.contains(word))
                    || crate::token::KNOWN_PREFIXES
                        .iter()
                        .any(|known| value.contains(known.prefix));
                let value = if secret { "REDACTED".into() } else { value };
                (name.into_owned(), value.into_owned())
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(&pairs);
    }
    shown.to_string()
}

/// A URL for messages: no query (it may carry anything a server put there), no fragment.
pub(crate) fn without_query(url: &Url) -> String {
    let mut url = url.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.to_string()
}
