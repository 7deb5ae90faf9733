//! runnerctl's own settings file (`~/.config/runnerctl/config.toml`): the URL saved by
//! `auth login`, and the forge each logged-in URL is (`[forges]`, URL → `gitea`, ...); a URL
//! without one there was saved before other forges were known, and is GitLab. Never a token:
//! those live in the secret store.

use std::path::PathBuf;

use anyhow::Context as _;

use crate::forge_kind::ForgeKind;
use crate::instance_url::InstanceUrl;
use crate::locked_file::{self, FileLock, LockOptions, WriteOptions};

pub fn settings_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("XDG_CONFIG_HOME").filter(|dir| !dir.is_empty()) {
        return Some(PathBuf::from(dir).join("runnerctl"));
    }
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| PathBuf::from(home).join(".config").join("runnerctl"))
}

pub fn settings_file() -> Option<PathBuf> {
    settings_dir().map(|dir| dir.join("config.toml"))
}

/// The URL saved by `auth login`, if any.
pub fn saved_url() -> anyhow::Result<Option<InstanceUrl>> {
    let Some((path, document)) = read_document()? else {
        return Ok(None);
    };
    match document.get("url").and_then(|item| item.as_str()) {
        Some(url) => {
            Ok(Some(InstanceUrl::parse(url).with_context(|| {
                format!("bad url in {}", path.display())
            })?))
        }
        None => Ok(None),
    }
}

/// The forge `auth login` saved for `url`; `None` when it saved none (GitLab, in settings
/// written before other forges were known) or never logged in there.
pub fn saved_forge(url: &InstanceUrl) -> anyhow::Result<Option<ForgeKind>> {
    let Some((path, document)) = read_document()? else {
        return Ok(None);
    };
    match document
        .get("forges")
        .and_then(|forges| forges.get(url.as_str()))
        .and_then(|item| item.as_str())
    {
        Some(word) => word
            .parse()
            .map(Some)
            .map_err(|_| anyhow::anyhow!("unknown forge {word:?} for {url} in {}", path.display())),
        None => Ok(None),
    }
}

/// Records which forge `url` is (or with `None`, forgets it), keeping anything else.
pub fn save_forge(url: &InstanceUrl, forge: Option<ForgeKind>) -> anyhow::Result<()> {
    edit_document(|document| match forge {
        Some(forge) => {
            if !document.contains_table("forges") {
                document["forges"] = toml_edit::table();
            }
            document["forges"][url.as_str()] = toml_edit::value(forge.as_str());
        }
        None => {
            if let Some(forges) = document.get_mut("forges").and_then(|f| f.as_table_mut()) {
                forges.remove(url.as_str());
            }
        }
    })
}

/// The settings file as a document, `None` when there is none.
fn read_document() -> anyhow::Result<Option<(PathBuf, toml_edit::DocumentMut)>> {
    let Some(path) = settings_file() else {
        return Ok(None);
    };
    let text = match read_text(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    let document: toml_edit::DocumentMut = text
        .parse()
        .with_context(|| format!("{} is not valid TOML", path.display()))?;
    Ok(Some((path, document)))
}

/// Saves (or with `None`, forgets) the default URL, keeping anything else in the file.
pub fn save_url(url: Option<&InstanceUrl>) -> anyhow::Result<()> {
    edit_document(|document| match url {
        Some(url) => document["url"] = toml_edit::value(url.as_str()),
        None => {
            document.remove("url");
        }
    })
}

/// Reads, changes and replaces the settings file under its lock, so two logins at once both
/// land whole.
fn edit_document(change: impl FnOnce(&mut toml_edit::DocumentMut)) -> anyhow::Result<()> {
    let path = settings_file().context("neither HOME nor XDG_CONFIG_HOME is set")?;
    let dir = path.parent().context("settings file has no directory")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let _lock = FileLock::acquire(&locked_file::lock_path(&path), &LockOptions::default())
        .with_context(|| format!("cannot write {}", path.display()))?;
    let mut document: toml_edit::DocumentMut = match read_text(&path) {
        Ok(text) => text
            .parse()
            .with_context(|| format!("{} is not valid TOML", path.display()))?,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Default::default(),
        Err(error) => return Err(error).with_context(|| format!("cannot read {}", path.display())),
    };
    change(&mut document);
    locked_file::write_atomically(
        &path,
        document.to_string().as_bytes(),
        &WriteOptions::default(),
    )
    .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// The settings file's text; like every file runnerctl reads, never blocking on a FIFO.
fn read_text(path: &std::path::Path) -> std::io::Result<String> {
    let bytes = crate::regular_file::read(path, 1024 * 1024)?;
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text"))
}
