//! GitLab's routes on an instance URL, and the encoding of group and project paths in them.

use crate::instance_url::InstanceUrl;

/// GitLab's REST and GraphQL endpoints under an instance URL.
pub(crate) trait GitLabRoutes {
    /// `https://host/path` + `/api/v4` + `endpoint`.
    fn api(&self, endpoint: &str) -> String;

    fn graphql(&self) -> String;
}

impl GitLabRoutes for InstanceUrl {
    fn api(&self, endpoint: &str) -> String {
        format!("{}/api/v4{}", self.as_str(), endpoint)
    }

    fn graphql(&self) -> String {
        format!("{}/api/graphql", self.as_str())
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
    fn api_keeps_the_port_and_path() {
        let url = InstanceUrl::parse("https://host:8443/a").unwrap();
        assert_eq!(url.api("/user"), "https://host:8443/a/api/v4/user");
    }

    #[test]
    fn encodes_paths_whole() {
        assert_eq!(encode_id_or_path("team/app"), "team%2Fapp");
        assert_eq!(encode_id_or_path("42"), "42");
        assert_eq!(encode_id_or_path("a.b/c-d_e"), "a.b%2Fc-d_e");
    }
}
