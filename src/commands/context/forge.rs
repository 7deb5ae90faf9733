//! Which forge a command talks to, by the contract's "which forge" rule: `--forge` (or
//! `RUNNERCTL_FORGE`) decides; else the variable that gave the URL, the forge saved with the
//! login, or a host command's `.runner`; only a URL that none of these explains is asked of
//! the server (`ops::detect`), and only `auth login` saves what it asked.

use crate::cli::Command;
use crate::error::UsageError;
use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;

use super::Context;
use super::forge_variables::{
    Needs, forges_with_url_variables, needs, no_url, several_forges, target, variable_forges,
    variable_url,
};

/// A command's forge when it is not GitLab (GitLab keeps its own resolution, unchanged).
#[derive(Debug, Clone)]
pub(crate) struct ForgeTarget {
    pub kind: ForgeKind,
    pub url: InstanceUrl,
    /// Where the URL came from, for messages: `--url`, a variable, the saved login, a file.
    pub url_source: String,
}

impl Context {
    /// The command's forge, `None` for GitLab (and for commands that talk to no forge).
    pub(crate) fn forge_target(&self, command: &Command) -> anyhow::Result<Option<ForgeTarget>> {
        let host = match needs(command) {
            Needs::Nothing => return Ok(None),
            Needs::Api => false,
            Needs::Host => true,
        };
        let mut target = self.resolve_forge(host)?;
        // --credentials-stdin is for Gitea/Forgejo only: a host whose variables or config.toml
        // say GitLab still takes the forge the piped document names.
        let gitlab = target
            .as_ref()
            .is_none_or(|target| target.kind == ForgeKind::GitLab);
        if gitlab && self.global.forge_choice()?.is_none() {
            target = self.piped_credentials_forge(command)?;
        }
        Ok(target.filter(|target| target.kind != ForgeKind::GitLab))
    }

    fn resolve_forge(&self, host: bool) -> anyhow::Result<Option<ForgeTarget>> {
        let set = forges_with_url_variables();
        if let Some(kind) = self.global.forge_choice()? {
            let (url, url_source) = match self.flag_url()? {
                Some(url) => (url, "--url".to_string()),
                None => match variable_url(kind)? {
                    Some(found) => found,
                    None => match crate::settings::saved_url()? {
                        Some(url) => (url, "the saved login".to_string()),
                        None if kind == ForgeKind::GitLab => return Ok(None),
                        None => {
                            return Err(no_url(kind).into());
                        }
                    },
                },
            };
            return Ok(Some(ForgeTarget {
                kind,
                url,
                url_source,
            }));
        }
        if let Some(url) = self.flag_url()? {
            if let Some(kind) = crate::settings::saved_forge(&url)? {
                return Ok(Some(target(kind, url, "--url")));
            }
            if host && let Some(found) = self.runner_file_forge()? {
                return Ok(Some(found));
            }
            // The variables the operator set say which forge they work with: no request.
            match variable_forges()?.as_slice() {
                [] => {}
                [kind] if *kind == ForgeKind::Gitea => {
                    return self
                        .detect(url, "--url", &[ForgeKind::Forgejo, ForgeKind::Gitea])
                        .map(Some);
                }
                [kind] => return Ok(Some(target(*kind, url, "--url"))),
                several => return Err(several_forges(several).into()),
            }
            return self
                .detect(url, "--url", &ForgeKind::DETECTION_ORDER)
                .map(Some);
        }
        if host && let Some(found) = self.runner_file_forge()? {
            return Ok(Some(found));
        }
        match set.as_slice() {
            [] => {}
            [ForgeKind::GitLab] => return Ok(None),
            [kind] => {
                let Some((url, source)) = variable_url(*kind)? else {
                    return Ok(None);
                };
                if *kind == ForgeKind::Gitea {
                    if let Some(saved) = crate::settings::saved_forge(&url)? {
                        return Ok(Some(target(saved, url, &source)));
                    }
                    // GITEA_URL may be a Forgejo: asked once, then saved.
                    let found =
                        self.detect(url, &source, &[ForgeKind::Forgejo, ForgeKind::Gitea])?;
                    crate::settings::save_forge(&found.url, Some(found.kind))?;
                    return Ok(Some(found));
                }
                return Ok(Some(target(*kind, url, &source)));
            }
            several => return Err(several_forges(several).into()),
        }
        match crate::settings::saved_url()? {
            Some(url) => match crate::settings::saved_forge(&url)? {
                Some(kind) => Ok(Some(target(kind, url, "the saved login"))),
                None => Ok(None),
            },
            None => Ok(None),
        }
    }

    pub(super) fn flag_url(&self) -> anyhow::Result<Option<InstanceUrl>> {
        self.global
            .url
            .as_deref()
            .map(|url| {
                InstanceUrl::parse(url).map_err(|e| UsageError::new(format!("--url: {e}")).into())
            })
            .transpose()
    }
}
