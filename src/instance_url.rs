//! The normalised URL of a forge instance: the key for saved API tokens and stored runner
//! tokens. A leaf: it knows no network and no forge's routes (GitLab's `/api/v4` lives in
//! `gitlab`).

use std::fmt;

use url::{Host, Url};

/// A forge instance's URL (a GitLab, Gitea or Forgejo server), normalised to scheme, host, port (only when not the default) and
/// path without a trailing slash, so that `https://GitLab.example.com:443/` and
/// `https://gitlab.example.com` are one instance and `https://host/gitlab` another.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct InstanceUrl(Url);

#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    #[error("'{0}' is not a valid URL: {1}")]
    Invalid(String, url::ParseError),
    #[error("'{0}' must use http or https")]
    Scheme(String),
    #[error("'{0}' has no host")]
    NoHost(String),
}

impl InstanceUrl {
    pub fn parse(input: &str) -> Result<InstanceUrl, UrlError> {
        let trimmed = input.trim();
        let mut url =
            Url::parse(trimmed).map_err(|error| UrlError::Invalid(trimmed.to_string(), error))?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(UrlError::Scheme(trimmed.to_string()));
        }
        if url.host().is_none() {
            return Err(UrlError::NoHost(trimmed.to_string()));
        }
        url.set_query(None);
        url.set_fragment(None);
        // Credentials in a URL would end up in the secret store's key and in messages.
        let _ = url.set_username("");
        let _ = url.set_password(None);
        let path = url.path().trim_end_matches('/').to_string();
        url.set_path(&path);
        Ok(InstanceUrl(url))
    }

    /// glab's `GITLAB_HOST` may be a bare host name, which means https.
    pub fn parse_host_or_url(input: &str) -> Result<InstanceUrl, UrlError> {
        if input.contains("://") {
            InstanceUrl::parse(input)
        } else {
            InstanceUrl::parse(&format!("https://{}", input.trim()))
        }
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str().trim_end_matches('/')
    }

    pub fn host(&self) -> String {
        self.0.host_str().unwrap_or_default().to_string()
    }

    pub fn is_https(&self) -> bool {
        self.0.scheme() == "https"
    }

    pub fn is_loopback(&self) -> bool {
        match self.0.host() {
            Some(Host::Ipv4(ip)) => ip.is_loopback(),
            Some(Host::Ipv6(ip)) => ip.is_loopback(),
            Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
            None => false,
        }
    }
}

impl fmt::Display for InstanceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for InstanceUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InstanceUrl({})", self.as_str())
    }
}

impl serde::Serialize for InstanceUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_default_port_and_trailing_slash() {
        let url = InstanceUrl::parse("https://GitLab.Example.com:443/").unwrap();
        assert_eq!(url.as_str(), "https://gitlab.example.com");
        let url = InstanceUrl::parse("http://127.0.0.1:8080/gitlab/?x=1#y").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/gitlab");
        assert!(url.is_loopback());
    }

    #[test]
    fn keeps_path_and_non_default_port_apart() {
        let a = InstanceUrl::parse("https://host:8443/a").unwrap();
        let b = InstanceUrl::parse("https://host/a").unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn bare_host_means_https() {
        let url = InstanceUrl::parse_host_or_url("gitlab.example.com").unwrap();
        assert_eq!(url.as_str(), "https://gitlab.example.com");
    }

    #[test]
    fn rejects_other_schemes_and_drops_credentials() {
        assert!(InstanceUrl::parse("ftp://host").is_err());
        let url = InstanceUrl::parse("https://user:pw@host").unwrap();
        assert_eq!(url.as_str(), "https://host");
    }
}
