//! Stage 6: write a PDF so that nothing is ever half-written or silently replaced.
//!
//! The bytes go to a temporary file in the destination folder, created readable by
//! the owner only (the report holds personal data), synced, then renamed over the
//! destination in one step. Without `--force` an existing file is never replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The destination exists and `--force` was not given.
    #[error("{0} already exists: pass --force to replace it")]
    Exists(PathBuf),
    /// The destination exists and is not a regular file (a device, a pipe, a link).
    #[error("{0} exists and is not a regular file: psr replaces only files it could have written")]
    NotAFile(PathBuf),
    /// The destination folder cannot be written, or the disk is full.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The destination.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` atomically with mode 0600.
pub fn write_atomically(path: &Path, bytes: &[u8], force: bool) -> Result<(), WriteError> {
    let io = |source: std::io::Error| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Ok(existing) = std::fs::symlink_metadata(path) {
        // Never a device, a pipe, a folder or a link, with or without --force: saying
        // "pass --force" about /dev/sda would invite a mistake.
        if !existing.file_type().is_file() {
            return Err(WriteError::NotAFile(path.to_path_buf()));
        }
        if !force {
            return Err(WriteError::Exists(path.to_path_buf()));
        }
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".psr-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    // If anything fails below, the temporary file is removed when `file` is dropped.
    let mut file = builder.tempfile_in(folder).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    if force {
        file.persist(path).map_err(|e| io(e.error))?;
    } else {
        // No-clobber rename: a file that appeared meanwhile is still not replaced.
        file.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_path_buf())
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
}

/// The SHA-256 of some bytes, in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
