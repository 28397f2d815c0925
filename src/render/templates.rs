//! The report templates: compiled in from `report-templates/`, overridden file by file
//! from `--templates DIR`.

use std::collections::HashMap;
use std::path::Path;

use typst::foundations::Bytes;
use typst::syntax::{FileId, Source};

use super::RenderError;
use super::fonts::MAX_FONT_BYTES;
use super::world::file_id;

/// The built-in templates, compiled into the binary (`report-templates/`).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("lib.typ", include_str!("../../report-templates/lib.typ")),
    ("full.typ", include_str!("../../report-templates/full.typ")),
    (
        "short.typ",
        include_str!("../../report-templates/short.typ"),
    ),
    (
        "diversion.typ",
        include_str!("../../report-templates/diversion.typ"),
    ),
    ("bail.typ", include_str!("../../report-templates/bail.typ")),
    (
        "pre_release.typ",
        include_str!("../../report-templates/pre_release.typ"),
    ),
    (
        "addendum.typ",
        include_str!("../../report-templates/addendum.typ"),
    ),
    (
        "person.typ",
        include_str!("../../report-templates/person.typ"),
    ),
];

/// The largest template file read from `--templates DIR`.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// The templates of a process, parsed once.
pub struct Templates {
    /// Template sources by id.
    pub(super) sources: HashMap<FileId, Source>,
    /// Other files of a template folder (images, JSON), by id.
    pub(super) assets: HashMap<FileId, Bytes>,
    /// Whether a folder overrides the built-in templates: what to suspect when
    /// rendering does not end.
    pub custom: bool,
}

impl Templates {
    /// The built-in templates, overridden file by file from `dir`; with the fonts the
    /// folder holds (a jurisdiction's own, by family name in its templates).
    pub fn load(dir: Option<&Path>) -> Result<(Templates, Vec<Bytes>), RenderError> {
        let folder = Folder::read(dir)?;
        let fonts = folder.fonts.clone();
        Ok((folder.parse(dir.is_some()), fonts))
    }

    /// The fonts of the template folder `dir` alone, for checking text without
    /// rendering (`psr validate`): its templates are read and checked as by [`load`],
    /// not parsed.
    ///
    /// [`load`]: Templates::load
    pub fn fonts(dir: Option<&Path>) -> Result<Vec<Bytes>, RenderError> {
        Ok(Folder::read(dir)?.fonts)
    }
}

/// The files of the templates, as read: texts by name, other files by id, fonts.
pub(super) struct Folder {
    texts: Vec<(String, String)>,
    assets: HashMap<FileId, Bytes>,
    /// The fonts of a template folder.
    pub(super) fonts: Vec<Bytes>,
}

impl Folder {
    /// The templates parsed; `custom` when a folder overrides the built-in ones.
    pub(super) fn parse(self, custom: bool) -> Templates {
        let sources = self
            .texts
            .into_iter()
            .map(|(name, text)| {
                let id = file_id(&format!("/{name}"));
                (id, Source::new(id, text))
            })
            .collect();
        Templates {
            sources,
            assets: self.assets,
            custom,
        }
    }

    /// The built-in templates, overridden file by file from `dir`.
    pub(super) fn read(dir: Option<&Path>) -> Result<Folder, RenderError> {
        let mut texts: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut assets = HashMap::new();
        let mut fonts = Vec::new();
        if let Some(dir) = dir {
            for (name, bytes) in read_template_dir(dir)? {
                let kind = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
                match kind.as_str() {
                    "typ" => {
                        let text =
                            String::from_utf8(bytes).map_err(|_| RenderError::TemplateFolder {
                                path: dir.display().to_string(),
                                reason: format!("{name} is not UTF-8 text"),
                            })?;
                        match texts.iter_mut().find(|(n, _)| *n == name) {
                            Some(slot) => slot.1 = text,
                            None => texts.push((name, text)),
                        }
                    }
                    "ttf" | "otf" => fonts.push(Bytes::new(bytes)),
                    // Logos and data files, read by templates with image(..) or json(..).
                    _ => {
                        assets.insert(file_id(&format!("/{name}")), Bytes::new(bytes));
                    }
                }
            }
        }
        Ok(Folder {
            texts,
            assets,
            fonts,
        })
    }
}

/// The kinds of file a template folder may hold.
const TEMPLATE_EXTENSIONS: &[&str] = &["typ", "json", "png", "jpg", "jpeg", "svg", "ttf", "otf"];

/// Reads the files directly in a template folder. Only regular files are read: no
/// sub-folders and no symbolic links, so a template can never reach a file outside
/// the folder (the world serves nothing else: `../`, absolute paths and packages are
/// "not found").
fn read_template_dir(dir: &Path) -> Result<Vec<(String, Vec<u8>)>, RenderError> {
    let fail = |reason: String| RenderError::TemplateFolder {
        path: dir.display().to_string(),
        reason,
    };
    let entries = std::fs::read_dir(dir).map_err(|e| fail(e.to_string()))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| fail(e.to_string()))?;
        // `file_type` does not follow symbolic links: a link is not a regular file.
        let file_type = entry.file_type().map_err(|e| fail(e.to_string()))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
        if !file_type.is_file() || !TEMPLATE_EXTENSIONS.contains(&extension.as_str()) {
            continue;
        }
        let metadata = entry.metadata().map_err(|e| fail(e.to_string()))?;
        let limit = if matches!(extension.as_str(), "ttf" | "otf") {
            MAX_FONT_BYTES
        } else {
            MAX_TEMPLATE_BYTES
        };
        if metadata.len() > limit {
            return Err(fail(format!("{name} is larger than {} MiB", limit >> 20)));
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| fail(format!("{name}: {e}")))?;
        files.push((name, bytes));
    }
    files.sort();
    Ok(files)
}
