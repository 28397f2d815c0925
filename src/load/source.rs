//! Reading a file: a size cap, UTF-8, a byte-order mark removed.

use std::io::Read;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Location, codes};

/// The largest case or catalogue file psr reads (5 MiB). Real case files are a few KiB.
pub const MAX_INPUT_BYTES: u64 = 5 * 1024 * 1024;

/// A file read into memory, with the name used in diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it.
    pub name: String,
    /// Its text (UTF-8, BOM removed).
    pub text: String,
}

/// A file that could not be read at all (exit status 2), as opposed to a file that was
/// read and has mistakes (a [`Diagnostic`], exit status 1).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file does not exist.
    #[error("{path}: no such file")]
    NotFound {
        /// The path.
        path: String,
    },
    /// A folder was given where a file was expected.
    #[error("{path}: is a folder, not a file")]
    IsDirectory {
        /// The path.
        path: String,
    },
    /// A named pipe, a socket or a device: reading it could block for ever or never
    /// end, so it is refused before it is opened.
    #[error("{path}: is {kind}, not a regular file")]
    NotRegular {
        /// The path.
        path: String,
        /// What it is: "a named pipe (FIFO)".
        kind: &'static str,
    },
    /// Another I/O failure (permissions, device).
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// A file that was read but cannot be used: too large, or not text.
#[derive(Debug)]
pub struct Unusable {
    /// Why (E001, E002).
    pub finding: Diagnostic,
    /// What can be shown of it: the text up to a byte that is not UTF-8, with the rest
    /// made readable; nothing of a file over the size cap.
    pub shown: SourceFile,
}

/// What a file that is neither a regular file nor a folder is, for the message; `None`
/// for a regular file or a folder.
pub fn not_regular(file_type: &std::fs::FileType) -> Option<&'static str> {
    if file_type.is_file() || file_type.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some("something other than a file")
}

/// Reads a file with the size cap and the UTF-8 check.
///
/// `Ok(Err(unusable))` is a file that was read but cannot be used (too large, not
/// text); `Err` is a file that could not be read.
pub fn read_source(path: &Path) -> Result<Result<SourceFile, Unusable>, ReadError> {
    let name = path.display().to_string();
    let io = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound { path: name.clone() },
        _ => ReadError::Io {
            path: name.clone(),
            source,
        },
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if metadata.is_dir() {
        return Err(ReadError::IsDirectory { path: name });
    }
    if let Some(kind) = not_regular(&metadata.file_type()) {
        return Err(ReadError::NotRegular { path: name, kind });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    // Read at most one byte past the cap: a 50 GiB file costs no more than a 5 MiB one.
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(source_from_bytes(name, bytes))
}

/// Checks size and encoding of bytes already in memory (tests, fuzzing, stdin).
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<SourceFile, Unusable> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        let finding = Diagnostic::new(
            codes::E001,
            "",
            format!(
                "file is larger than the {} MiB limit",
                MAX_INPUT_BYTES >> 20
            ),
        )
        .with_hint("a case file is a few kilobytes: check that this is the right file");
        return Err(Unusable {
            finding,
            shown: SourceFile {
                name,
                text: String::new(),
            },
        });
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..offset];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let finding = Diagnostic::new(codes::E002, "", "the file is not UTF-8 text")
                .with_hint(
                    "save the file as UTF-8; a binary or a word-processor file cannot be read",
                )
                .at(Some(Location {
                    line,
                    column,
                    offset,
                    len: 1,
                }));
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            return Err(Unusable {
                finding,
                shown: SourceFile { name, text },
            });
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(SourceFile { name, text })
}
