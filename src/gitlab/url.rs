//! The normalised GitLab URL: the key for saved API tokens and stored runner tokens.

use std::fmt;

use url::{Host, Url};

/// A GitLab instance's URL, normalised to scheme, host, port (only when not the default) and
/// path without a trailing slash, so that `https://GitLab.example.com:443/` and
/// `https://gitlab.example.com` are one instance and `https://host/gitlab` another.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct GitLabUrl(Url);

#[derive(Debug, thiserror::Error)]
pub enum UrlError {
    #[error("'{0}' is not a valid URL: {1}")]
    Invalid(String, url::ParseError),
    #[error("'{0}' must use http or https")]
    Scheme(String),
    #[error("'{0}' has no host")]
    NoHost(String),
}

impl GitLabUrl {
    pub fn parse(input: &str) -> Result<GitLabUrl, UrlError> {
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
        Ok(GitLabUrl(url))
    }

    /// glab's `GITLAB_HOST` may be a bare host name, which means https.
    pub fn parse_host_or_url(input: &str) -> Result<GitLabUrl, UrlError> {
        if input.contains("://") {
            GitLabUrl::parse(input)
        } else {
            GitLabUrl::parse(&format!("https://{}", input.trim()))
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

    /// `https://host/path` + `/api/v4` + `endpoint`.
    pub fn api(&self, endpoint: &str) -> String {
        format!("{}/api/v4{}", self.as_str(), endpoint)
    }

    pub fn graphql(&self) -> String {
        format!("{}/api/graphql", self.as_str())
    }
}

impl fmt::Display for GitLabUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for GitLabUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GitLabUrl({})", self.as_str())
    }
}

impl serde::Serialize for GitLabUrl {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A group or project path for a `/groups/:id` or `/projects/:id` route: ids pass through,
/// paths are URL-encoded whole (`team/app` → `team%2Fapp`).
pub fn encode_id_or_path(id_or_path: &str) -> String {
    percent_encoding::utf8_percent_encode(id_or_path, PATH_SEGMENT).to_string()
}

const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_case_default_port_and_trailing_slash() {
        let url = GitLabUrl::parse("https://GitLab.Example.com:443/").unwrap();
        assert_eq!(url.as_str(), "https://gitlab.example.com");
        let url = GitLabUrl::parse("http://127.0.0.1:8080/gitlab/?x=1#y").unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:8080/gitlab");
        assert!(url.is_loopback());
    }

    #[test]
    fn keeps_path_and_non_default_port_apart() {
        let a = GitLabUrl::parse("https://host:8443/a").unwrap();
        let b = GitLabUrl::parse("https://host/a").unwrap();
        assert_ne!(a, b);
        assert_eq!(a.api("/user"), "https://host:8443/a/api/v4/user");
    }

    #[test]
    fn bare_host_means_https() {
        let url = GitLabUrl::parse_host_or_url("gitlab.example.com").unwrap();
        assert_eq!(url.as_str(), "https://gitlab.example.com");
    }

    #[test]
    fn rejects_other_schemes_and_drops_credentials() {
        assert!(GitLabUrl::parse("ftp://host").is_err());
        let url = GitLabUrl::parse("https://user:pw@host").unwrap();
        assert_eq!(url.as_str(), "https://host");
    }

    #[test]
    fn encodes_paths_whole() {
        assert_eq!(encode_id_or_path("team/app"), "team%2Fapp");
        assert_eq!(encode_id_or_path("42"), "42");
        assert_eq!(encode_id_or_path("a.b/c-d_e"), "a.b%2Fc-d_e");
    }
}
