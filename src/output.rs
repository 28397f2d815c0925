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
    #[cfg(windows)]
    let mut file = builder
        .make_in(folder_of(path), owner_only::create)
        .map_err(&io)?;
    #[cfg(not(windows))]
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

/// What Windows has for mode 0600: a file whose access list is its own, not its
/// folder's, and grants full access to the user who runs psr and to the system
/// (which backs files up and scans them), and to no one else. Set as soon as the file exists,
/// before a byte is written; a file system without access lists (FAT on a USB
/// stick) keeps its folder's rules, as Windows allows no more there.
#[cfg(windows)]
mod owner_only {
    use std::ffi::c_void;
    use std::fs::File;
    use std::os::windows::fs::OpenOptionsExt;
    use std::os::windows::io::AsRawHandle;
    use std::path::Path;

    const GENERIC_READ: u32 = 0x8000_0000;
    const GENERIC_WRITE: u32 = 0x4000_0000;
    const WRITE_DAC: u32 = 0x0004_0000;
    const SE_FILE_OBJECT: u32 = 1;
    const DACL_SECURITY_INFORMATION: u32 = 0x0000_0004;
    const PROTECTED_DACL_SECURITY_INFORMATION: u32 = 0x8000_0000;
    const TOKEN_QUERY: u32 = 0x0008;
    /// TOKEN_INFORMATION_CLASS's TokenUser.
    const TOKEN_USER: u32 = 1;

    #[link(name = "advapi32")]
    unsafe extern "system" {
        fn OpenProcessToken(process: *mut c_void, access: u32, token: *mut *mut c_void) -> i32;
        fn GetTokenInformation(
            token: *mut c_void,
            class: u32,
            information: *mut c_void,
            length: u32,
            returned: *mut u32,
        ) -> i32;
        fn ConvertSidToStringSidW(sid: *mut c_void, text: *mut *mut u16) -> i32;
        fn ConvertStringSecurityDescriptorToSecurityDescriptorW(
            sddl: *const u16,
            revision: u32,
            descriptor: *mut *mut c_void,
            size: *mut u32,
        ) -> i32;
        fn GetSecurityDescriptorDacl(
            descriptor: *mut c_void,
            present: *mut i32,
            dacl: *mut *mut c_void,
            defaulted: *mut i32,
        ) -> i32;
        fn SetSecurityInfo(
            handle: *mut c_void,
            kind: u32,
            what: u32,
            owner: *mut c_void,
            group: *mut c_void,
            dacl: *mut c_void,
            sacl: *mut c_void,
        ) -> u32;
    }
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn GetCurrentProcess() -> *mut c_void;
        fn CloseHandle(handle: *mut c_void) -> i32;
        fn LocalFree(memory: *mut c_void) -> *mut c_void;
    }

    /// The user running psr, as an SDDL SID (`S-1-5-21-…`).
    fn user_sid() -> Option<String> {
        // SAFETY: the token is closed once read; the buffer holds the TOKEN_USER the
        // call writes (its first field is the SID's pointer, into the buffer); the
        // string the conversion allocates is read up to its NUL and freed.
        unsafe {
            let mut token = std::ptr::null_mut();
            if OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) == 0 {
                return None;
            }
            let mut buffer = [0u64; 64];
            let mut length = 0;
            let read = GetTokenInformation(
                token,
                TOKEN_USER,
                buffer.as_mut_ptr().cast(),
                std::mem::size_of_val(&buffer) as u32,
                &mut length,
            );
            CloseHandle(token);
            if read == 0 {
                return None;
            }
            let sid = buffer[0] as usize as *mut c_void;
            let mut text: *mut u16 = std::ptr::null_mut();
            if ConvertSidToStringSidW(sid, &mut text) == 0 {
                return None;
            }
            let mut len = 0;
            while *text.add(len) != 0 {
                len += 1;
            }
            let sid = String::from_utf16(std::slice::from_raw_parts(text, len)).ok();
            LocalFree(text.cast());
            sid
        }
    }

    /// Creates `path` (it must not exist), owner-only where the file system allows.
    pub fn create(path: &Path) -> std::io::Result<File> {
        let open = |access| {
            std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .access_mode(access)
                .open(path)
        };
        match open(GENERIC_READ | GENERIC_WRITE | WRITE_DAC) {
            Ok(file) => {
                restrict(&file);
                Ok(file)
            }
            // A share that lets the user make files but not set their access list:
            // the folder's rules, as before.
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                open(GENERIC_READ | GENERIC_WRITE)
            }
            Err(e) => Err(e),
        }
    }

    /// Protected (nothing inherited), full access for the user and SYSTEM.
    fn restrict(file: &File) {
        let Some(user) = user_sid() else { return };
        let sddl: Vec<u16> = format!("D:P(A;;FA;;;{user})(A;;FA;;;SY)")
            .encode_utf16()
            .chain([0])
            .collect();
        let mut descriptor: *mut c_void = std::ptr::null_mut();
        // SAFETY: the SDDL string is NUL-terminated; the descriptor it gives is read
        // while alive and freed with LocalFree, as the API asks; the handle is the
        // open file's, opened with WRITE_DAC.
        unsafe {
            if ConvertStringSecurityDescriptorToSecurityDescriptorW(
                sddl.as_ptr(),
                1,
                &mut descriptor,
                std::ptr::null_mut(),
            ) == 0
            {
                return;
            }
            let (mut present, mut defaulted) = (0, 0);
            let mut dacl: *mut c_void = std::ptr::null_mut();
            if GetSecurityDescriptorDacl(descriptor, &mut present, &mut dacl, &mut defaulted) != 0
                && present != 0
            {
                SetSecurityInfo(
                    file.as_raw_handle(),
                    SE_FILE_OBJECT,
                    DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                    std::ptr::null_mut(),
                    std::ptr::null_mut(),
                    dacl,
                    std::ptr::null_mut(),
                );
            }
            LocalFree(descriptor);
        }
    }
}

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
