//! The fonts reports are printed with: those compiled in, a template folder's, and
//! those of `--font-path`, known by their metadata and parsed on first use.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

use super::RenderError;
use crate::validate::Coverage;

/// Fonts compiled in besides Typst's own (Libertinus Serif, New Computer Modern,
/// DejaVu Sans Mono): Noto Emoji (SIL OFL 1.1, `report-templates/fonts/OFL.txt`), in
/// black and white, so that an emoji in a name or a statement prints as written; and
/// Noto Serif CJK SC, regular and bold, cut to GB 2312 level 1 and psr's own Chinese
/// text (SIL OFL 1.1, `NotoSerifCJK-OFL.txt`), for Chinese reports; and Noto Naskh
/// Arabic, regular and bold (SIL OFL 1.1, `NotoNaskhArabic-OFL.txt`), for Arabic
/// reports and Arabic names in any report (docs/fonts.md).
const BUILTIN_FONTS: &[&[u8]] = &[
    include_bytes!("../../report-templates/fonts/NotoEmoji-Regular.ttf"),
    include_bytes!("../../report-templates/fonts/NotoSerifSC-Regular-subset.otf"),
    include_bytes!("../../report-templates/fonts/NotoSerifSC-Bold-subset.otf"),
    include_bytes!("../../report-templates/fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../../report-templates/fonts/NotoNaskhArabic-Bold.ttf"),
];

/// The largest font file read from `--font-path` or a template folder. A CJK font
/// collection is about 20 MiB.
pub const MAX_FONT_BYTES: u64 = 128 * 1024 * 1024;

/// How deep `--font-path` folders are searched (`/usr/share/fonts` needs 3).
const MAX_FONT_DEPTH: usize = 8;

/// Every font a report may use, and the book Typst chooses from.
pub struct Fonts {
    /// What each font covers, for Typst and for the check before rendering (E016).
    pub(super) book: LazyHash<FontBook>,
    /// Fonts are parsed on first use: a report needs 4 of the 17 embedded faces, and
    /// parsing them all cost a cold `psr render` several milliseconds.
    slots: Vec<FontSlot>,
}

impl Fonts {
    /// The built-in fonts, then `extra` (a template folder's), then those found in
    /// `font_paths` (folders, searched recursively, or font files).
    pub fn new(extra: Vec<Bytes>, font_paths: &[PathBuf]) -> Result<Fonts, RenderError> {
        let mut fonts = Fonts {
            book: LazyHash::new(FontBook::new()),
            slots: Vec::new(),
        };
        let mut infos = Vec::new();
        let builtin = typst_assets::fonts().chain(BUILTIN_FONTS.iter().copied());
        for data in builtin.map(Bytes::new).chain(extra) {
            fonts.add(&mut infos, data, None);
        }
        for path in font_paths {
            for file in font_files(path)? {
                let bytes = std::fs::read(&file).map_err(|e| RenderError::FontPath {
                    path: file.display().to_string(),
                    reason: e.to_string(),
                })?;
                fonts.add(&mut infos, Bytes::new(bytes), Some(file));
            }
        }
        fonts.book = LazyHash::new(FontBook::from_infos(infos));
        Ok(fonts)
    }

    fn add(&mut self, infos: &mut Vec<FontInfo>, data: Bytes, file: Option<PathBuf>) {
        for (index, info) in FontInfo::iter(&data).enumerate() {
            infos.push(info);
            self.slots.push(FontSlot {
                // A font from a folder is read again when a report first uses it,
                // rather than kept: `--font-path /usr/share/fonts` may hold hundreds
                // of megabytes, and a report uses a few faces.
                data: match &file {
                    Some(path) => FontData::File(path.clone()),
                    None => FontData::Memory(data.clone()),
                },
                index: index as u32,
                font: OnceLock::new(),
            });
        }
    }

    /// The font at `index` of the book, parsed on first use.
    pub(super) fn get(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let data = match &slot.data {
                    FontData::Memory(bytes) => bytes.clone(),
                    // Read when the fonts were listed; gone since only if the font
                    // was removed, and then Typst reports the text it cannot print.
                    FontData::File(path) => Bytes::new(std::fs::read(path).ok()?),
                };
                Font::new(data, slot.index)
            })
            .clone()
    }
}

impl Coverage for Fonts {
    /// Whether some font has a glyph for `c`, or `c` needs none (a space, a zero-width
    /// joiner, a variation selector). Typst falls back to any font of the book for a
    /// character the template's font lacks; PDF/A forbids printing one that no font
    /// has, so such text is refused before Typst runs, at its field.
    fn can_print(&self, c: char) -> bool {
        // Libertinus Serif covers ASCII; control characters were refused at loading.
        c.is_ascii()
            || c.is_whitespace()
            || typst::text::is_default_ignorable(c)
            || (0..)
                .map_while(|i| self.book.info(i))
                .any(|info| info.coverage.contains(c as u32))
    }
}

/// A font known by its metadata, parsed when a document first uses it.
struct FontSlot {
    data: FontData,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// Where a font's bytes are.
enum FontData {
    /// Compiled in, or read from a template folder.
    Memory(Bytes),
    /// A file of `--font-path`, read on first use.
    File(PathBuf),
}

/// The font files (`.ttf`, `.otf`, `.ttc`, `.otc`) at `path`: the file itself, or
/// those in the folder and its sub-folders, in a stable order (the first font of a
/// family wins a tie). Symbolic links are followed: these are folders an administrator
/// names, unlike a template folder.
fn font_files(path: &Path) -> Result<Vec<PathBuf>, RenderError> {
    let fail = |path: &Path, reason: String| RenderError::FontPath {
        path: path.display().to_string(),
        reason,
    };
    let is_font = |path: &Path| {
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["ttf", "otf", "ttc", "otc"].contains(&e.to_ascii_lowercase().as_str())
        })
    };
    let metadata = std::fs::metadata(path).map_err(|e| fail(path, e.to_string()))?;
    if metadata.is_file() {
        if !is_font(path) {
            return Err(fail(
                path,
                "not a font file (.ttf, .otf, .ttc, .otc)".into(),
            ));
        }
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files = Vec::new();
    let mut folders = vec![(path.to_path_buf(), 0)];
    while let Some((folder, depth)) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| fail(&folder, e.to_string()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            // Unreadable entries and broken links are skipped, as font managers do.
            let Ok(metadata) = std::fs::metadata(&path) else {
                continue;
            };
            if metadata.is_dir() && depth < MAX_FONT_DEPTH {
                folders.push((path, depth + 1));
            } else if metadata.is_file() && is_font(&path) && metadata.len() <= MAX_FONT_BYTES {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}
