//! `register --template-config`: a config.toml with one `[[runners]]` entry that fills what the
//! flags leave empty, as gitlab-runner's own `--template-config` does.

use std::fmt;
use std::path::{Path, PathBuf};

use toml_edit::{Item, Table, TableLike};

use super::document::ConfigDocument;
use super::error::ConfigError;
use super::file::read_config_text;

/// Keys a template never supplies: they identify one registered runner, and come from this
/// run's token and its verification. gitlab-runner drops the token; the rest would attach the
/// entry to whichever runner the template was copied from.
const CREDENTIAL_KEYS: [&str; 4] = ["token", "id", "token_obtained_at", "token_expires_at"];

#[derive(Clone)]
pub struct RunnerTemplate {
    path: PathBuf,
    entry: Table,
}

// Templates may carry secrets (cache keys, passwords): show only where it came from.
impl fmt::Debug for RunnerTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunnerTemplate")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl RunnerTemplate {
    /// Reads the template with the same checks as a config.toml (regular file, size, syntax,
    /// types). It must hold exactly one `[[runners]]` entry.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = read_config_text(path)?.ok_or_else(|| ConfigError::NotFound {
            path: path.to_path_buf(),
        })?;
        let document = ConfigDocument::parse(&text, path)?;
        Self::from_document(&document)
    }

    pub fn from_document(document: &ConfigDocument) -> Result<Self, ConfigError> {
        let path = document.path().to_path_buf();
        let runners = document.runners().len();
        if runners != 1 {
            return Err(ConfigError::Refused {
                path,
                message: format!(
                    "a template must hold exactly one [[runners]] entry, this one holds {runners}"
                ),
            });
        }
        let Some(mut entry) = document.entry_copy(0) else {
            return Err(ConfigError::Refused {
                path,
                message: "the template's [[runners]] entry could not be read".into(),
            });
        };
        let keys: Vec<String> = entry.iter().map(|(key, _)| key.to_string()).collect();
        for key in keys {
            if CREDENTIAL_KEYS.iter().any(|k| k.eq_ignore_ascii_case(&key)) {
                entry.remove(&key);
            }
        }
        Ok(RunnerTemplate { path, entry })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn entry(&self) -> &dyn TableLike {
        &self.entry
    }

    /// The value at `path` in the template's entry, keys matched as in config.toml.
    pub fn value_at(&self, path: &[&str]) -> Option<&Item> {
        super::document::lookup(&self.entry, path)
    }
}
