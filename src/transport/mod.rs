//! HTTP transport every forge client shares: the client options (timeouts, CA file,
//! concurrency, retries and their backoff), TLS with a CA file, what a network failure was,
//! and the rule for redirects (same origin only: a token is never sent to another origin).
//!
//! A leaf below the forge modules: it knows no forge's routes, errors or words. Each forge's
//! client turns what it returns into its own error type.

mod messages;
mod network;
mod options;
mod redirect;
pub(crate) mod tls;

pub(crate) use messages::{network_message, redirect_message};
pub use network::NetworkCause;
pub(crate) use network::{classify, is_dropped};
pub use options::{ANNOUNCED_WAIT, ClientOptions, RetryPolicy};
pub(crate) use options::{backoff, retry_delay};
pub use redirect::RedirectRefusal;
pub(crate) use redirect::{Hop, is_redirect, loggable_url, next_hop, without_query};

// The waits' pure parts, for the clients' own tests of their retries.
#[cfg(test)]
pub(crate) use options::{after_retry_after, jittered, parse_retry_after};
#[cfg(test)]
pub(crate) use redirect::suggested_url;
