//! The scope a Gitea/Forgejo runner lives in, as flags give it and as the stored credentials
//! keep it (`org:NAME`, `repo:OWNER/NAME`, `user`, `instance`).

use crate::gitea::Scope;

/// The scope from the four scope flags; `None` when none is given.
pub fn scope_from_flags(
    group: Option<&str>,
    project: Option<&str>,
    instance: bool,
    user: bool,
) -> Option<Scope> {
    if let Some(org) = group {
        return Some(Scope::Org(org.to_string()));
    }
    if let Some(path) = project {
        let (owner, name) = path.split_once('/')?;
        return Some(Scope::Repo {
            owner: owner.to_string(),
            name: name.to_string(),
        });
    }
    if instance {
        return Some(Scope::Instance);
    }
    user.then_some(Scope::User)
}

/// Whether a repository path is `owner/repo` (one slash, both parts non-empty).
pub fn is_repo_path(path: &str) -> bool {
    matches!(path.split_once('/'), Some((owner, name)) if !owner.is_empty() && !name.is_empty() && !name.contains('/'))
}

/// The stored form of a scope.
pub fn scope_key(scope: &Scope) -> String {
    match scope {
        Scope::Instance => "instance".to_string(),
        Scope::Org(org) => format!("org:{org}"),
        Scope::User => "user".to_string(),
        Scope::Repo { owner, name } => format!("repo:{owner}/{name}"),
    }
}

/// The scope a stored key names; `None` for a key this version does not know.
pub fn parse_scope_key(key: &str) -> Option<Scope> {
    match key.split_once(':') {
        None if key == "instance" => Some(Scope::Instance),
        None if key == "user" => Some(Scope::User),
        Some(("org", org)) if !org.is_empty() => Some(Scope::Org(org.to_string())),
        Some(("repo", path)) if is_repo_path(path) => {
            let (owner, name) = path.split_once('/')?;
            Some(Scope::Repo {
                owner: owner.to_string(),
                name: name.to_string(),
            })
        }
        _ => None,
    }
}

/// The contract's `runner_type` for runners listed at `scope`.
pub fn runner_type(scope: &Scope) -> &'static str {
    match scope {
        Scope::Instance => "instance_type",
        Scope::Org(_) => "group_type",
        Scope::User => "user_type",
        Scope::Repo { .. } => "project_type",
    }
}

/// The scope whose routes reach runner `id`: the one its stored credentials name, else
/// `flags`; `None` when neither says.
pub fn runner_scope(
    store: Option<&crate::secrets::SecretStore>,
    url: &crate::instance_url::InstanceUrl,
    id: u64,
    flags: Option<Scope>,
) -> Option<Scope> {
    if flags.is_some() {
        return flags;
    }
    let credentials = super::credentials::RunnerCredentials::load(store?, url, id).ok()??;
    parse_scope_key(credentials.scope.as_deref()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_key_reads_back_as_its_scope() {
        for scope in [
            Scope::Instance,
            Scope::User,
            Scope::Org("team".into()),
            Scope::Repo {
                owner: "team".into(),
                name: "app".into(),
            },
        ] {
            assert_eq!(parse_scope_key(&scope_key(&scope)), Some(scope));
        }
        assert_eq!(parse_scope_key("repo:noslash"), None);
        assert_eq!(parse_scope_key("galaxy"), None);
    }
}
