//! Stage 6: write a PDF so that nothing is ever half-written or silently replaced.
//!
//! The bytes go to a temporary file in the destination folder, created readable by
//! the owner only (the report holds personal data), synced, then renamed over the
//! destination in one step. Without `--force` an existing file is never replaced.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The destination exists and `--force` was not given.
    #[error("{0} already exists: pass --force to replace it")]
    Exists(PathBuf),
    /// The destination exists and is not a regular file (a device, a pipe, a link).
    #[error("{0} exists and is not a regular file: psr replaces only files it could have written")]
    NotAFile(PathBuf),
    /// Two of the files written together have the same path (`--emit-view` naming
    /// the PDF).
    #[error("{0} is named twice among the files to write: give each its own name")]
    Twice(PathBuf),
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
    write_together(&[(path, bytes)], force)
}

/// Writes several files as one: every one of them, or none. Each is written to a
/// temporary file beside it (mode 0600) and synced before any is renamed into place,
/// so that a full disk or a destination that may not be replaced stops the write with
/// nothing changed; a rename that still fails puts back what the earlier ones
/// replaced (kept meanwhile as a hard link, `.psr-*.old`) or removes what they
/// created. Used for a report's two copies and for an approval (the case and its
/// approved copy).
pub fn write_together(files: &[(&Path, &[u8])], force: bool) -> Result<(), WriteError> {
    for (i, (path, _)) in files.iter().enumerate() {
        if files[..i].iter().any(|(other, _)| other == path) {
            return Err(WriteError::Twice(path.to_path_buf()));
        }
        check_destination(path, force)?;
    }
    let mut parts = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        parts.push(temporary(path, bytes)?);
    }
    let mut done: Vec<(&Path, Option<tempfile::NamedTempFile<()>>)> = Vec::new();
    for ((path, _), part) in files.iter().zip(parts) {
        // What a forced write replaces is kept until every file is in place.
        let backup = if force && std::fs::symlink_metadata(path).is_ok() {
            tempfile::Builder::new()
                .prefix(".psr-")
                .suffix(".old")
                .make_in(folder_of(path), |link| std::fs::hard_link(path, link))
                .ok()
        } else {
            None
        };
        if let Err(error) = persist(part, path, force) {
            drop(backup);
            undo(done);
            return Err(error);
        }
        done.push((path, backup));
    }
    // Every file is in place: the backups go (dropping one removes it).
    Ok(())
}

/// Puts back what the files renamed into place replaced, or removes them.
fn undo(done: Vec<(&Path, Option<tempfile::NamedTempFile<()>>)>) {
    for (path, backup) in done.into_iter().rev() {
        match backup {
            Some(backup) => {
                let _ = backup.persist(path);
            }
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Refuses a destination that is not a regular file, and one that exists without
/// `force`.
fn check_destination(path: &Path, force: bool) -> Result<(), WriteError> {
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
    Ok(())
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> WriteError + '_ {
    move |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `bytes` in a temporary file beside `path`, mode 0600, synced. If anything fails
/// later, the file is removed when it is dropped.
fn temporary(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, WriteError> {
    let io = io_error(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".psr-").suffix(".part");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    let mut file = builder.tempfile_in(folder_of(path)).map_err(&io)?;
    file.write_all(bytes).map_err(&io)?;
    file.as_file().sync_all().map_err(&io)?;
    Ok(file)
}

fn persist(file: tempfile::NamedTempFile, path: &Path, force: bool) -> Result<(), WriteError> {
    let io = io_error(path);
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

pub use crate::digest::sha256_hex;

#[cfg(test)]
mod tests {
    use super::{WriteError, write_together};

    /// Files written together: all of them, or none when one may not be written.
    #[test]
    fn files_written_together_are_all_written_or_none() {
        let dir = tempfile::tempdir().expect("temp");
        let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
        std::fs::write(&b, b"older").expect("write");
        let refused = write_together(&[(&a, b"A"), (&b, b"B")], false);
        assert!(matches!(refused, Err(WriteError::Exists(_))), "{refused:?}");
        assert!(!a.exists());
        // The same name twice is refused before anything is written.
        let twice = write_together(&[(&a, b"A"), (&a, b"B")], true);
        assert!(matches!(twice, Err(WriteError::Twice(_))), "{twice:?}");
        assert!(!a.exists());
        write_together(&[(&a, b"A"), (&b, b"B")], true).expect("written");
        assert_eq!(std::fs::read(&a).expect("a"), b"A");
        assert_eq!(std::fs::read(&b).expect("b"), b"B");
        // No temporary file or kept copy is left.
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        names.sort();
        assert_eq!(names, ["a.pdf", "b.pdf"]);
    }
}
