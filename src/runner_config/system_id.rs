//! `.runner_system_id`: the id that tells GitLab which machine ("runner manager") a token runs on.
//!
//! gitlab-runner (commands/internal/configfile/system_id_state.go) keeps it beside config.toml.
//! A valid id matches `^[sr]_[0-9a-zA-Z]{12}$`; anything else is replaced. A new id is `s_`
//! and the first 12 hex digits of HMAC-SHA256 keyed with the machine id (denisbrodbeck/machineid:
//! `/var/lib/dbus/machine-id`, else `/etc/machine-id`, trimmed) over the message
//! `gitlab-runner`; without a machine id it is `r_` and 12 random alphanumerics. The file is
//! written with mode 0600 and no newline.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use hmac::{Hmac, Mac};
use rand::Rng;
use sha2::Sha256;

use super::error::ConfigError;
use crate::locked_file::{self, LockedFileError, WriteOptions};

pub const SYSTEM_ID_FILE: &str = ".runner_system_id";

const MACHINE_ID_FILES: [&str; 2] = ["/var/lib/dbus/machine-id", "/etc/machine-id"];
const ID_LENGTH: usize = 12;

pub fn system_id_path(config_dir: &Path) -> PathBuf {
    config_dir.join(SYSTEM_ID_FILE)
}

/// `^[sr]_[0-9a-zA-Z]{12}$`
pub fn is_valid_system_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    bytes.len() == 2 + ID_LENGTH
        && matches!(bytes.first(), Some(b's' | b'r'))
        && bytes.get(1) == Some(&b'_')
        && bytes.iter().skip(2).all(u8::is_ascii_alphanumeric)
}

/// The valid system id stored beside config.toml, if any. Creates nothing.
pub fn read_system_id(config_dir: &Path) -> Option<String> {
    // A FIFO or device planted here must not hang the command: such a file holds no id.
    let bytes = crate::regular_file::read(&system_id_path(config_dir), 4096).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let id = text.trim();
    is_valid_system_id(id).then(|| id.to_string())
}

/// gitlab-runner's derivation from a machine id.
pub fn system_id_from_machine_id(machine_id: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(machine_id.as_bytes()) {
        Ok(mac) => mac,
        Err(_) => return random_system_id(),
    };
    mac.update(b"gitlab-runner");
    let digest = mac.finalize().into_bytes();
    let hex: String = digest.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("s_{}", hex.get(..ID_LENGTH).unwrap_or(&hex))
}

pub(super) fn random_system_id() -> String {
    const CHARSET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::rng();
    let id: String = (0..ID_LENGTH)
        // random_range(0..len) is always a valid index.
        .map(|_| char::from(CHARSET[rng.random_range(0..CHARSET.len())]))
        .collect();
    format!("r_{id}")
}

fn machine_id() -> Option<String> {
    MACHINE_ID_FILES.iter().find_map(|path| {
        let id = fs::read_to_string(path).ok()?;
        let id = id.trim();
        (!id.is_empty()).then(|| id.to_string())
    })
}

/// What gitlab-runner would create on this machine.
pub fn generate_system_id() -> String {
    machine_id().map_or_else(random_system_id, |id| system_id_from_machine_id(&id))
}

/// The stored system id, or a new one written as gitlab-runner writes it. A valid id is never
/// changed. Two runs creating it at once agree: the file appears atomically and the loser
/// reads the winner's id.
pub fn ensure_system_id(config_dir: &Path) -> Result<String, ConfigError> {
    ensure_system_id_owned(config_dir, None)
}

/// [`ensure_system_id`], giving a new file to `owner` (uid, gid): config.toml's owner when
/// root edits a user's config, so that gitlab-runner in user mode can still read its id.
pub fn ensure_system_id_owned(
    config_dir: &Path,
    owner: Option<(u32, u32)>,
) -> Result<String, ConfigError> {
    if let Some(id) = read_system_id(config_dir) {
        return Ok(id);
    }
    let path = system_id_path(config_dir);
    if let Some(kind) = fs::metadata(&path)
        .ok()
        .and_then(|metadata| crate::regular_file::non_regular_kind(&metadata))
    {
        // Replacing a FIFO or a directory someone put there would hide the mistake (or the
        // attack); the caller says so and carries on with an id for this run.
        return Err(ConfigError::NotRegularFile { path, kind });
    }
    let id = generate_system_id();
    // An invalid id is replaced, as gitlab-runner does; a missing one is created without
    // replacing, so that of two runs creating it at once the loser reads the winner's id.
    let replace = fs::symlink_metadata(&path).is_ok();
    let options = WriteOptions {
        owner,
        replace,
        ..WriteOptions::default()
    };
    match locked_file::write_atomically(&path, id.as_bytes(), &options) {
        Ok(()) => {}
        Err(LockedFileError::Io { source, .. })
            if !replace && source.kind() == io::ErrorKind::AlreadyExists =>
        {
            if let Some(id) = read_system_id(config_dir) {
                return Ok(id);
            }
        }
        Err(LockedFileError::Io {
            path,
            action,
            source,
        }) => return Err(ConfigError::io(&path, action, source)),
        Err(error) => {
            return Err(ConfigError::Io {
                path,
                action: "write",
                source: io::Error::other(error),
            });
        }
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_follows_gitlab_runner_regex() {
        assert!(is_valid_system_id("s_0123456789ab"));
        assert!(is_valid_system_id("r_AbCdEfGhIjKl"));
        assert!(!is_valid_system_id("s_0123456789a"));
        assert!(!is_valid_system_id("x_0123456789ab"));
        assert!(!is_valid_system_id("s_0123456789a-"));
        assert!(!is_valid_system_id("s_0123456789abc"));
    }

    #[test]
    fn machine_id_derivation_is_hmac_sha256_keyed_by_the_machine_id() {
        // HMAC-SHA256(key = "0123456789abcdef0123456789abcdef", message = "gitlab-runner"),
        // computed independently with `openssl dgst -sha256 -hmac`.
        let id = system_id_from_machine_id("0123456789abcdef0123456789abcdef");
        // Full digest: ee3af03959fe472a5afbe48d49a7643ad5821761d10a1a5a5f315d2ef66298c4
        assert_eq!(id, "s_ee3af03959fe");
        assert!(is_valid_system_id(&id));
    }

    #[test]
    fn random_ids_are_valid() {
        for _ in 0..100 {
            assert!(is_valid_system_id(&random_system_id()));
        }
    }
}
