//! The forge rule's Semaphore parts on a runner's host: a piped credentials document that
//! names Semaphore, and a `config.runner.json` given with `--runner-file`.

use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;

use super::Context;
use super::forge::ForgeTarget;
use super::forge_variables::target;

/// Whether a piped credentials document says it is a Semaphore runner's (`"forge":
/// "semaphore"`), read without keeping any other value of it.
pub(super) fn names_semaphore(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Forge {
        #[serde(default)]
        forge: String,
    }
    serde_json::from_str::<Forge>(text).is_ok_and(|document| document.forge == "semaphore")
}

impl Context {
    /// A `config.runner.json` (by its name, or a `web_host` key) is Semaphore's, at its
    /// `web_host` (else `--url`).
    pub(super) fn semaphore_file_forge(
        &self,
        path: &std::path::Path,
    ) -> anyhow::Result<Option<ForgeTarget>> {
        let named = path
            .file_name()
            .is_some_and(|name| name == crate::semaphore_file::FILE_NAME);
        let config = crate::semaphore_file::read_unlocked(path).ok().flatten();
        if !named
            && config
                .as_ref()
                .is_none_or(|config| config.web_host.is_none())
        {
            return Ok(None);
        }
        let source = format!("the web_host in {}", path.display());
        match config
            .and_then(|config| config.web_host)
            .and_then(|host| InstanceUrl::parse(&host).ok())
        {
            Some(url) => Ok(Some(target(ForgeKind::Semaphore, url, &source))),
            None => Ok(self
                .flag_url()?
                .map(|url| target(ForgeKind::Semaphore, url, "--url"))),
        }
    }
}
