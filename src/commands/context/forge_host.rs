//! The forge rule's parts that look at the runner's host: a `.runner`'s marks, the server
//! asked when nothing else says, and where the `.runner` is.

use std::path::PathBuf;

use crate::error::UsageError;
use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;

use super::Context;
use super::forge::ForgeTarget;
use super::forge_variables::target;

impl Context {
    /// The credentials document piped to `register --credentials-stdin`, read once.
    pub(crate) fn piped_credentials(&self) -> anyhow::Result<&str> {
        if let Some(text) = self.piped_credentials.get() {
            return Ok(text);
        }
        let text = crate::commands::read_stdin_token("runner credentials")?;
        Ok(self.piped_credentials.get_or_init(|| text))
    }

    /// `register --credentials-stdin` on a host where nothing else names the forge: the piped
    /// document does (`token show ID --format json` writes its forge and URL).
    pub(super) fn piped_credentials_forge(
        &self,
        command: &crate::cli::Command,
    ) -> anyhow::Result<Option<ForgeTarget>> {
        let crate::cli::Command::Register(args) = command else {
            return Ok(None);
        };
        if !args.credentials_stdin {
            return Ok(None);
        }
        let text = self.piped_credentials()?;
        if super::semaphore_host::names_semaphore(text) {
            let credentials =
                crate::ops::semaphore::credentials::SemaphoreCredentials::from_json(text)
                    .map_err(UsageError::caused_by)?;
            return Ok(Some(target(
                ForgeKind::Semaphore,
                credentials.url,
                "the piped credentials",
            )));
        }
        let credentials =
            crate::ops::gitea::credentials::RunnerCredentials::from_json(self.piped_credentials()?)
                .map_err(UsageError::caused_by)?;
        Ok(Some(target(
            credentials.forge,
            credentials.url,
            "the piped credentials",
        )))
    }

    /// A host command's `--runner-file`: its runner is Gitea or Forgejo by the file's own
    /// marks, else the forge its `address` is.
    pub(super) fn runner_file_forge(&self) -> anyhow::Result<Option<ForgeTarget>> {
        let Some(path) = &self.global.runner_file else {
            return Ok(None);
        };
        if let Some(found) = self.semaphore_file_forge(path)? {
            return Ok(Some(found));
        }
        let Some(file) = crate::ops::detect::runner_file_marks(path) else {
            return Ok(None);
        };
        let source = format!("the address in {}", path.display());
        match (file.kind, file.address) {
            (Some(kind), Some(url)) => Ok(Some(target(kind, url, &source))),
            (Some(kind), None) => match self.flag_url()? {
                Some(url) => Ok(Some(target(kind, url, "--url"))),
                None => Ok(None),
            },
            (None, Some(url)) => self
                .detect(url, &source, &[ForgeKind::Forgejo, ForgeKind::Gitea])
                .map(Some),
            (None, None) => Ok(None),
        }
    }

    pub(super) fn detect(
        &self,
        url: InstanceUrl,
        source: &str,
        order: &[ForgeKind],
    ) -> anyhow::Result<ForgeTarget> {
        let options = crate::ops::detect::ProbeOptions {
            timeout: Some(std::time::Duration::from_secs(self.global.timeout)),
            ca_file: self.global.ca_file_path(),
        };
        let kind = crate::ops::detect::detect_forge(&url, order, &options).map_err(|error| {
            let unknown = matches!(error, crate::ops::detect::DetectError::Unknown { .. });
            let error = anyhow::Error::new(error);
            if unknown {
                error.context(format!(
                    "{url} (from {source}) is not a server runnerctl knows: check the URL (a web \
                     server or proxy page answers there), or name its forge with --forge \
                     gitlab|gitea|forgejo|semaphore"
                ))
            } else {
                error
            }
        })?;
        Ok(ForgeTarget {
            kind,
            url,
            url_source: source.to_string(),
        })
    }

    /// The `.runner` path for a Gitea/Forgejo host command: `--runner-file`, else `./.runner`
    /// when it exists, else the one in the `WorkingDirectory=` of the runner's systemd unit.
    pub(crate) fn runner_file_path(&self) -> anyhow::Result<PathBuf> {
        if let Some(path) = &self.global.runner_file {
            return Ok(path.clone());
        }
        let here = PathBuf::from(".runner");
        if here.exists() {
            return Ok(here);
        }
        if let Some(dir) = crate::service::runner_unit_working_directory() {
            return Ok(dir.join(".runner"));
        }
        Err(UsageError::new(
            "no .runner here and no runner service to find one from: pass --runner-file PATH",
        )
        .into())
    }
}
