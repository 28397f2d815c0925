//! The folder of case files the studio serves: which names it reads and writes, and
//! how a save keeps both texts when the file changed meanwhile.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::load::MAX_INPUT_BYTES;
use crate::output::write_atomically;
use crate::pipeline::ApprovedCase;

/// A case file's name, checked: a plain file name directly in the folder, ending in
/// `.yaml` or `.yml`, with no path separator, no `..` and no leading dot; not an
/// approved copy that `psr approve` keeps (`NAME.approved.yaml`,
/// `NAME.approved.yml`), which no edit may touch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseName(String);

impl CaseName {
    /// The name, if it is one the studio serves.
    pub fn parse(name: &str) -> Option<CaseName> {
        let valid = (1..=120).contains(&name.len())
            && (name.ends_with(".yaml") || name.ends_with(".yml"))
            && !name.starts_with('.')
            && !name.contains("..")
            && !crate::supervision::is_approved_copy(std::path::Path::new(name))
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        valid.then(|| CaseName(name.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why the folder refused a read or a write.
#[derive(Debug, thiserror::Error)]
pub enum FolderError {
    /// No such case file (or not a regular file: a link out of the folder, a pipe).
    #[error("no case file `{0}` in the folder")]
    NotFound(String),
    /// The file changed on disk since it was opened: nothing was overwritten.
    #[error("`{name}` changed since it was opened; your text was saved as `{kept}`")]
    Conflict {
        /// The file.
        name: String,
        /// Where the text that could not be saved was kept.
        kept: String,
        /// The version on disk.
        current: String,
    },
    /// The text is larger than psr reads.
    #[error("the text is larger than {MAX_INPUT_BYTES} bytes")]
    TooLarge,
    /// The file is not UTF-8: shown as text and saved back, it would lose bytes.
    #[error(
        "`{0}` is not UTF-8 text: psr cannot read it, and the studio will not open it (save it as UTF-8 in a text editor)"
    )]
    NotText(String),
    /// The file changed on disk since the page that posted was shown: nothing was
    /// written (an approval is of the version read, never of another).
    #[error("`{0}` changed since this page was opened: read it again")]
    Changed(String),
    /// Reading or writing failed.
    #[error("{0}")]
    Io(String),
}

/// The folder, resolved once: every path the studio touches is a name directly in it.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
    /// The catalogue, when it sits in the folder: never a case, to list, read or
    /// write (only `psr`'s own catalogue commands and an editor change it).
    catalogue: Option<PathBuf>,
    /// Held from a save's version check to its rename, so that two saves of the
    /// same version cannot both pass the check.
    saving: Arc<Mutex<()>>,
}

/// A file's text and its version (the SHA-256 of its bytes): what a save must name.
#[derive(Debug, Clone)]
pub struct Versioned {
    /// The text.
    pub text: String,
    /// The version.
    pub version: String,
}

/// The version of a text: the SHA-256 of its bytes, in hexadecimal.
pub fn version_of(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Folder {
    /// The folder at `path`, which must exist; `catalogue` is left out of its cases.
    pub fn open(path: &Path, catalogue: Option<&Path>) -> std::io::Result<Folder> {
        let root = path.canonicalize()?;
        if !root.is_dir() {
            return Err(std::io::Error::other(format!(
                "{} is not a folder",
                path.display()
            )));
        }
        Ok(Folder {
            root,
            catalogue: catalogue.and_then(|c| c.canonicalize().ok()),
            saving: Arc::new(Mutex::new(())),
        })
    }

    /// The folder's path.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The case files in the folder (regular files, not links), by name.
    pub fn cases(&self) -> Vec<CaseName> {
        let Ok(entries) = std::fs::read_dir(&self.root) else {
            return Vec::new();
        };
        let mut names: Vec<CaseName> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| CaseName::parse(&e.file_name().to_string_lossy()))
            .filter(|name| self.path_of(name).is_ok())
            .collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        names
    }

    /// The path of a case file; a link is not followed out of the folder, and the
    /// catalogue is not a case.
    pub fn path_of(&self, name: &CaseName) -> Result<PathBuf, FolderError> {
        let path = self.root.join(name.as_str());
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_file() && !self.is_catalogue(&path) => Ok(path),
            _ => Err(FolderError::NotFound(name.as_str().to_string())),
        }
    }

    /// The root is canonical and a case is a regular file directly in it, never a
    /// link: its path is its canonical path.
    fn is_catalogue(&self, path: &Path) -> bool {
        self.catalogue.as_deref() == Some(path)
    }

    /// A case file's text and version.
    pub fn read(&self, name: &CaseName) -> Result<Versioned, FolderError> {
        let path = self.path_of(name)?;
        let bytes = std::fs::read(&path).map_err(|e| FolderError::Io(e.to_string()))?;
        if bytes.len() as u64 > MAX_INPUT_BYTES {
            return Err(FolderError::TooLarge);
        }
        let version = version_of(&bytes);
        let text = String::from_utf8(bytes)
            .map_err(|_| FolderError::NotText(name.as_str().to_string()))?;
        Ok(Versioned { text, version })
    }

    /// Saves `text` as `name` if the file is still at `version`, atomically and with
    /// mode 0600. If it changed meanwhile (another tab, another program), nothing is
    /// overwritten: the text is kept beside it in a new file, named in the error.
    pub fn save(&self, name: &CaseName, text: &str, version: &str) -> Result<String, FolderError> {
        if text.len() as u64 > MAX_INPUT_BYTES {
            return Err(FolderError::TooLarge);
        }
        // A poisoned lock only means another save panicked: the check still holds.
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        let current = self.read(name)?;
        if current.version != version {
            let kept = self.keep_aside(name, text.as_bytes())?;
            return Err(FolderError::Conflict {
                name: name.as_str().to_string(),
                kept: kept.as_str().to_string(),
                current: current.version,
            });
        }
        let path = self.path_of(name)?;
        if let Some(out) = replace_if_still(&path, text.as_bytes(), version)? {
            // Another program saved between the check and the swap: its text is back
            // in place, and this one is kept beside it (and, should a third save have
            // landed in that instant, that one too).
            let kept = self.keep_aside(name, text.as_bytes())?;
            if out != text.as_bytes() {
                self.keep_aside(name, &out)?;
            }
            return Err(FolderError::Conflict {
                name: name.as_str().to_string(),
                kept: kept.as_str().to_string(),
                current: self.read(name)?.version,
            });
        }
        Ok(version_of(text.as_bytes()))
    }

    /// Writes an approved case as `name`, and the approved copy beside it, both or
    /// neither ([`ApprovedCase::write`], as `psr approve` writes them), if the file
    /// is still at `version`, the one the supervisor read. Returns the new version.
    pub fn write_approval(
        &self,
        name: &CaseName,
        approved: &ApprovedCase,
        version: &str,
    ) -> Result<String, FolderError> {
        let text = approved.text();
        if text.len() as u64 > MAX_INPUT_BYTES {
            return Err(FolderError::TooLarge);
        }
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        if self.read(name)?.version != version {
            return Err(FolderError::Changed(name.as_str().to_string()));
        }
        let path = self.path_of(name)?;
        approved.write(&path).map_err(|e| {
            FolderError::Io(format!("{e}; nothing was approved, the case is unchanged"))
        })?;
        Ok(version_of(text.as_bytes()))
    }

    /// Writes a new case file with `text` under the first free name `stem-N.yaml`.
    pub fn create(&self, stem: &str, text: &str) -> Result<CaseName, FolderError> {
        let _saving = self.saving.lock().unwrap_or_else(|e| e.into_inner());
        self.create_locked(stem, text.as_bytes())
    }

    /// [`Folder::create`], the lock held by the caller.
    fn create_locked(&self, stem: &str, text: &[u8]) -> Result<CaseName, FolderError> {
        for n in 1..10_000 {
            let Some(name) = CaseName::parse(&format!("{stem}-{n}.yaml")) else {
                break;
            };
            let path = self.root.join(name.as_str());
            if std::fs::symlink_metadata(&path).is_ok() {
                continue;
            }
            write_atomically(&path, text, false).map_err(|e| FolderError::Io(e.to_string()))?;
            return Ok(name);
        }
        Err(FolderError::Io("no free name for a new case".into()))
    }

    fn keep_aside(&self, name: &CaseName, text: &[u8]) -> Result<CaseName, FolderError> {
        let stem = name
            .as_str()
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml");
        self.create_locked(&format!("{stem}.unsaved"), text)
    }
}

/// Replaces the file at `path` with `bytes` if it still holds the version `expected`
/// (`None`). If another program saved it meanwhile, the file is left as that program
/// wrote it, and what came back out is returned: these `bytes`, unless a third save
/// landed in that instant.
///
/// On Linux the new file is swapped into place (`RENAME_EXCHANGE`) and the file it
/// displaced read: another program's save that lands between the check and the swap
/// is displaced whole, seen, and swapped back. Nothing is unlinked until it has been
/// read and found to be the version replaced.
#[cfg(target_os = "linux")]
fn replace_if_still(
    path: &Path,
    bytes: &[u8],
    expected: &str,
) -> Result<Option<Vec<u8>>, FolderError> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use std::io::Write;
    let io = |e: std::io::Error| FolderError::Io(e.to_string());
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".psr-").suffix(".part");
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o600));
    }
    // Dropped, the temporary file is removed: after the swap, that is the old file.
    let mut temp = builder.tempfile_in(folder).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    temp.as_file().sync_all().map_err(io)?;
    let swap = |temp: &Path| {
        renameat_with(CWD, temp, CWD, path, RenameFlags::EXCHANGE)
            .map_err(|e| FolderError::Io(std::io::Error::from(e).to_string()))
    };
    swap(temp.path())?;
    let displaced = std::fs::read(temp.path()).map_err(io)?;
    if version_of(&displaced) == expected {
        return Ok(None);
    }
    swap(temp.path())?;
    std::fs::read(temp.path()).map(Some).map_err(io)
}

/// Elsewhere: checked once more just before an atomic replace (a window of a rename).
#[cfg(not(target_os = "linux"))]
fn replace_if_still(
    path: &Path,
    bytes: &[u8],
    expected: &str,
) -> Result<Option<Vec<u8>>, FolderError> {
    let now = std::fs::read(path).map_err(|e| FolderError::Io(e.to_string()))?;
    if version_of(&now) != expected {
        return Ok(Some(bytes.to_vec()));
    }
    write_atomically(path, bytes, true).map_err(|e| FolderError::Io(e.to_string()))?;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::CaseName;

    #[test]
    fn only_plain_yaml_names_directly_in_the_folder() {
        for good in ["case.yaml", "RMC-2026_0417.yml", "a.b.yaml"] {
            assert!(CaseName::parse(good).is_some(), "{good}");
        }
        for bad in [
            "../case.yaml",
            "/etc/passwd.yaml",
            "sub/case.yaml",
            "case.approved.yaml",
            ".hidden.yaml",
            "case.yaml.txt",
            "case..yaml",
            "ca se.yaml",
            "case\\x.yaml",
            "",
        ] {
            assert!(CaseName::parse(bad).is_none(), "{bad}");
        }
    }
}
