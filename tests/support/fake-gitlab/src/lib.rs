//! A stateful fake of GitLab's REST and GraphQL APIs.
