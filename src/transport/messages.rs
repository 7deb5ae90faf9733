//! The words for a request that got no usable answer: what failed on the network, and a
//! redirect not followed. Every forge's client says these the same way.

use std::time::Duration;

use super::{NetworkCause, RedirectRefusal, tls};

pub(crate) fn network_message(
    cause: &NetworkCause,
    url: &str,
    detail: &str,
    timeout: &Duration,
) -> String {
    match cause {
        NetworkCause::Dns => format!("cannot resolve the host of {url} (DNS lookup failed)"),
        NetworkCause::Tls if tls::refusal_reason(detail).is_some() => format!(
            "the TLS handshake with {url} failed: {}",
            tls::refusal_reason(detail).unwrap_or(detail)
        ),
        NetworkCause::Tls if detail.contains("CaUsedAsEndEntity") => format!(
            "the TLS handshake with {url} failed: the server's certificate is {}",
            tls::CA_AS_SERVER_CERT
        ),
        NetworkCause::Tls => format!("the TLS handshake with {url} failed ({detail})"),
        NetworkCause::Refused => {
            format!("connection to {url} was refused: nothing listens at that address and port")
        }
        NetworkCause::Timeout => format!(
            "{url} did not answer within {} s (timeout)",
            timeout.as_secs()
        ),
        NetworkCause::Dropped => {
            format!("the connection to {url} dropped before the server answered ({detail})")
        }
        NetworkCause::Other => format!("cannot reach {url}: {detail}"),
    }
}

pub(crate) fn redirect_message(
    status: &u16,
    method: &str,
    from: &str,
    to: &str,
    refusal: &RedirectRefusal,
) -> String {
    match refusal {
        RedirectRefusal::OtherOrigin { .. } => format!(
            "{method} {from} was redirected ({status}) to {to}, another origin (scheme, host or \
             port); it was not followed and no token, header or body was sent there"
        ),
        RedirectRefusal::TooMany { limit } => {
            format!("{method} {from} was redirected more than {limit} times (the last to {to})")
        }
        RedirectRefusal::WouldBecomeGet => format!(
            "{method} {from} was redirected ({status}) to {to}; following it would turn the \
             {method} into a GET, so it was not followed"
        ),
        RedirectRefusal::Unreadable => {
            format!("{method} {from} was redirected ({status}) to {to:?}, which is not a URL")
        }
    }
}
