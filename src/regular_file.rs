//! Reading a file that may have been replaced by a FIFO, a device or a directory: a plain
//! `open` of a FIFO waits for a writer forever, and reading a device may never end. Every file
//! runnerctl reads (the secret store, `.runner_system_id`, `--ca-file`; config.toml has its
//! own reader with the same rules) goes through [`read`].

use std::fs::OpenOptions;
use std::io::{self, Read};
use std::path::Path;

/// The file's bytes, at most `limit` of them. A FIFO, socket, device or directory is an error
/// of kind `InvalidInput` naming what it is, found without blocking; a missing file keeps
/// `NotFound`, so callers can tell "absent" from "broken".
pub fn read(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let metadata = file.metadata()?;
    if let Some(kind) = non_regular_kind(&metadata) {
        let message = if kind == NOT_REGULAR {
            format!("it is {kind}")
        } else {
            format!("it is {kind}, not a regular file")
        };
        return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    }
    if metadata.len() > limit {
        return Err(too_large(limit));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(limit));
    }
    Ok(bytes)
}

/// The last `limit` bytes of a regular file (all of it when smaller), with the rules of
/// [`read`]: a FIFO, device or directory is refused without blocking. For logs, which grow
/// past any limit a whole read could take.
pub fn read_tail(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    let metadata = file.metadata()?;
    if let Some(kind) = non_regular_kind(&metadata) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {kind}"),
        ));
    }
    let start = metadata.len().saturating_sub(limit);
    file.seek(SeekFrom::Start(start))?;
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn too_large(limit: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("it is larger than {} KiB", limit / 1024),
    )
}

const NOT_REGULAR: &str = "not a regular file";

/// What a path that should be a regular file is instead ("a directory", "a FIFO", …), or
/// `None` for a regular file: the one wording every host-file and secret-file check uses.
pub(crate) fn non_regular_kind(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let file_type = metadata.file_type();
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a FIFO");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some(NOT_REGULAR)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_regular_file_within_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, "hello").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"hello");
        assert_eq!(
            read(&path, 4).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
    }

    #[test]
    fn missing_file_keeps_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let error = read(&dir.path().join("absent"), 10).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
    }

    #[test]
    fn directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = read(dir.path(), 10).unwrap_err();
        assert!(error.to_string().contains("a directory"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fifo");
        let name = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        let error = read(&path, 10).unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        assert!(error.to_string().contains("FIFO"), "{error}");
    }
}
