//! The fonts reports are printed with: those compiled in, a template folder's, and
//! those of `--font-path`, known by their metadata and parsed on first use.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

use super::RenderError;
use crate::validate::fonts::{BUILTIN_INDEX, EmbeddedIndex};
use crate::validate::{Coverage, CoveredRanges};

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

/// Every font file compiled in, in the order of the book: Typst's own, then psr's.
fn builtin_files() -> impl Iterator<Item = &'static [u8]> {
    typst_assets::fonts().chain(BUILTIN_FONTS.iter().copied())
}

/// What each built-in face is (family, variant, flags) and which characters it has,
/// as Typst reads them (`FontInfo`), one face a line, in the order of
/// [`BUILTIN_INDEX`]: read when the first report is laid out, instead of parsing every
/// face's names and character map at each start. No font's bytes are touched until a
/// report prints with it.
const BUILTIN_FACES: &str = include_str!("fonts/faces.json");

/// The largest font file read from `--font-path` or a template folder. A CJK font
/// collection is about 20 MiB.
pub const MAX_FONT_BYTES: u64 = 128 * 1024 * 1024;

/// How deep `--font-path` folders are searched (`/usr/share/fonts` needs 3).
const MAX_FONT_DEPTH: usize = 8;

/// Every font a report may use, and the book Typst chooses from.
pub struct Fonts {
    /// What each font is and covers, for Typst: built when the first report is laid
    /// out, so that `psr validate` never builds it.
    book: OnceLock<LazyHash<FontBook>>,
    /// Whether the first faces of the book are the built-in ones, read from their
    /// embedded metadata; if not (a stale [`BUILTIN_FACES`]), they are in `parsed`.
    embedded: bool,
    /// The metadata of the faces parsed when listed: a template folder's, those of
    /// `--font-path`, in the order of the book after the built-in ones.
    parsed: Vec<FontInfo>,
    /// The characters some face has: the check before rendering (E016).
    coverage: CoveredRanges,
    /// Fonts are parsed on first use: an English report needs 4 of the 22 faces.
    slots: Vec<FontSlot>,
}

impl Fonts {
    /// The built-in fonts, then `extra` (a template folder's), then those found in
    /// `font_paths` (folders, searched recursively, or font files).
    pub fn new(extra: Vec<Bytes>, font_paths: &[PathBuf]) -> Result<Fonts, RenderError> {
        let mut fonts = Fonts {
            book: OnceLock::new(),
            embedded: false,
            parsed: Vec::new(),
            coverage: CoveredRanges::from_sorted(Vec::new()),
            slots: Vec::new(),
        };
        let mut ranges = Vec::new();
        match embedded_index() {
            Some(index) => {
                let files: Vec<&'static [u8]> = builtin_files().collect();
                for &(file, face) in index.faces {
                    fonts
                        .slots
                        .push(FontSlot::new(FontData::Builtin(files[file]), face));
                }
                fonts.embedded = true;
                ranges = index.coverage.to_vec();
            }
            None => {
                for data in builtin_files() {
                    fonts.add(FontData::Builtin(data), data, &mut ranges);
                }
            }
        }
        for data in extra {
            fonts.add(FontData::Memory(data.clone()), &data, &mut ranges);
        }
        for path in font_paths {
            for file in font_files(path)? {
                let bytes = std::fs::read(&file).map_err(|e| RenderError::FontPath {
                    path: file.display().to_string(),
                    reason: e.to_string(),
                })?;
                // A font from a folder is read again when a report first uses it,
                // rather than kept: `--font-path /usr/share/fonts` may hold hundreds
                // of megabytes, and a report uses a few faces.
                fonts.add(FontData::File(file), &bytes, &mut ranges);
            }
        }
        fonts.coverage = CoveredRanges::from_sorted(merge(ranges));
        Ok(fonts)
    }

    /// Lists the faces of one font file, parsing their metadata.
    fn add(&mut self, data: FontData, bytes: &[u8], ranges: &mut Vec<(u32, u32)>) {
        for (index, info) in FontInfo::iter(bytes).enumerate() {
            ranges.extend(coverage_ranges(&info));
            self.parsed.push(info);
            self.slots.push(FontSlot::new(data.clone(), index as u32));
        }
    }

    /// The book Typst chooses fonts from, built on first use.
    pub(super) fn book(&self) -> &LazyHash<FontBook> {
        self.book.get_or_init(|| {
            let builtin = self.slots.len() - self.parsed.len();
            let infos = match self.embedded {
                true => serde_json::from_str::<Vec<FontInfo>>(BUILTIN_FACES)
                    .ok()
                    .filter(|infos| infos.len() == builtin)
                    // Written with the index, and tested: never, but the book must
                    // stay in the order of the slots.
                    .unwrap_or_else(|| self.slots[..builtin].iter().map(FontSlot::info).collect()),
                false => Vec::new(),
            };
            let infos = infos.into_iter().chain(self.parsed.iter().cloned());
            LazyHash::new(FontBook::from_infos(infos))
        })
    }

    /// The font at `index` of the book, parsed on first use.
    pub(super) fn get(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let data = match &slot.data {
                    // Borrowed from the binary, never copied.
                    FontData::Builtin(bytes) => Bytes::new(*bytes),
                    FontData::Memory(bytes) => bytes.clone(),
                    // Read when the fonts were listed; gone since only if the font
                    // was removed, and then Typst reports the text it cannot print.
                    FontData::File(path) => Bytes::new(std::fs::read(path).ok()?),
                };
                Font::new(data, slot.index)
            })
            .clone()
    }

    /// The families of the faces parsed so far, in the order of the book: what a
    /// report has cost in fonts.
    pub fn parsed_families(&self) -> Vec<String> {
        self.slots
            .iter()
            .filter_map(|slot| slot.font.get()?.as_ref())
            .map(|font| font.info().family.clone())
            .collect()
    }
}

impl Coverage for Fonts {
    fn can_print(&self, c: char) -> bool {
        self.coverage.can_print(c)
    }

    fn can_print_all(&self, text: &str) -> bool {
        self.coverage.can_print_all(text)
    }
}

/// Where the built-in faces are and what they cover, if written for the files
/// compiled in.
fn embedded_index() -> Option<&'static EmbeddedIndex<'static>> {
    let index = &BUILTIN_INDEX;
    let lengths = builtin_files().map(<[u8]>::len);
    index.lengths.iter().copied().eq(lengths).then_some(index)
}

/// What a face covers, as ranges `[start, end)` of code points in order.
fn coverage_ranges(info: &FontInfo) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for c in info.coverage.iter() {
        match ranges.last_mut() {
            Some((_, end)) if *end == c => *end = c + 1,
            _ => ranges.push((c, c + 1)),
        }
    }
    ranges
}

/// `ranges` sorted and joined where they meet or overlap.
fn merge(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some((_, last)) if start <= *last => *last = (*last).max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

/// A font known by its metadata, parsed when a document first uses it.
struct FontSlot {
    data: FontData,
    index: u32,
    font: OnceLock<Option<Font>>,
}

impl FontSlot {
    fn new(data: FontData, index: u32) -> FontSlot {
        FontSlot {
            data,
            index,
            font: OnceLock::new(),
        }
    }

    /// The metadata of a built-in face, parsed from its bytes.
    fn info(&self) -> FontInfo {
        let FontData::Builtin(bytes) = self.data else {
            unreachable!("only built-in faces come before the parsed ones")
        };
        FontInfo::new(bytes, self.index).unwrap_or_else(|| FontInfo {
            family: String::new(),
            variant: Default::default(),
            flags: typst::text::FontFlags::empty(),
            axes: Vec::new(),
            coverage: typst::text::Coverage::from_vec(Vec::new()),
        })
    }
}

/// Where a font's bytes are.
#[derive(Clone)]
enum FontData {
    /// Compiled in.
    Builtin(&'static [u8]),
    /// Read from a template folder.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The built-in faces as Typst reads them from the files: what
    /// [`BUILTIN_INDEX`] and [`BUILTIN_FACES`] must hold.
    fn computed() -> (Index, Vec<FontInfo>) {
        let mut faces = Vec::new();
        let mut infos = Vec::new();
        let mut ranges = Vec::new();
        for (file, data) in builtin_files().enumerate() {
            for (index, info) in FontInfo::iter(data).enumerate() {
                ranges.extend(coverage_ranges(&info));
                faces.push((file, index as u32));
                infos.push(info);
            }
        }
        let index = Index {
            lengths: builtin_files().map(<[u8]>::len).collect(),
            faces,
            coverage: merge(ranges),
        };
        (index, infos)
    }

    /// [`EmbeddedIndex`] as computed.
    struct Index {
        lengths: Vec<usize>,
        faces: Vec<(usize, u32)>,
        coverage: Vec<(u32, u32)>,
    }

    impl Index {
        fn borrowed(&self) -> EmbeddedIndex<'_> {
            EmbeddedIndex {
                lengths: &self.lengths,
                faces: &self.faces,
                coverage: &self.coverage,
            }
        }

        /// The index as the Rust expression [`BUILTIN_INDEX`] includes, eight pairs
        /// a line.
        fn rust(&self) -> String {
            fn lines<T: std::fmt::Debug>(items: &[T]) -> String {
                items
                    .chunks(8)
                    .map(|chunk| {
                        let items: Vec<String> = chunk.iter().map(|i| format!("{i:?}")).collect();
                        format!("        {},\n", items.join(", "))
                    })
                    .collect()
            }
            format!(
                "// Written by `PSR_WRITE_FONT_BOOK=1 cargo test --release --lib the_embedded_font_book`\n\
                 // from the built-in font files (src/render/fonts.rs): do not edit.\n\
                 EmbeddedIndex {{\n    lengths: &[\n{}    ],\n    faces: &[\n{}    ],\n    coverage: &[\n{}    ],\n}}\n",
                lines(&self.lengths),
                lines(&self.faces),
                lines(&self.coverage)
            )
        }
    }

    /// One face a line, so that a changed font shows as a changed line.
    fn faces_json(infos: &[FontInfo]) -> String {
        let lines: Vec<String> = infos
            .iter()
            .map(|info| serde_json::to_string(info).expect("json"))
            .collect();
        format!("[\n{}\n]\n", lines.join(",\n"))
    }

    #[test]
    fn the_embedded_font_book_is_the_fonts_own() {
        let (index, infos) = computed();
        if std::env::var_os("PSR_WRITE_FONT_BOOK").is_some() {
            let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
            std::fs::write(src.join("validate/fonts/index.rs"), index.rust()).expect("write");
            std::fs::write(src.join("render/fonts/faces.json"), faces_json(&infos)).expect("write");
            return;
        }
        let hint = "the built-in fonts changed: PSR_WRITE_FONT_BOOK=1 cargo test --release --lib the_embedded_font_book";
        assert_eq!(embedded_index(), Some(&index.borrowed()), "{hint}");
        let embedded: Vec<FontInfo> = serde_json::from_str(BUILTIN_FACES).expect("faces");
        assert_eq!(embedded, infos, "{hint}");
    }

    /// The E016 check from the embedded ranges answers as every face asked in turn.
    #[test]
    fn fonts_cover_what_some_built_in_face_covers() {
        let fonts = Fonts::new(Vec::new(), &[]).expect("fonts");
        assert!(fonts.embedded);
        let (_, infos) = computed();
        let any_face = |c: u32| infos.iter().any(|info| info.coverage.contains(c));
        for c in (0x80..0x3_0000).filter_map(char::from_u32) {
            let needs_no_glyph = c.is_whitespace() || typst::text::is_default_ignorable(c);
            assert_eq!(
                fonts.can_print(c),
                needs_no_glyph || any_face(c as u32),
                "U+{:04X}",
                c as u32
            );
        }
        assert!(
            fonts.parsed_families().is_empty(),
            "no face parsed to answer"
        );
    }

    /// A whole text answers as its characters one by one, across the edges of the
    /// ranges (a covered character, then one the range before it does not hold).
    #[test]
    fn a_text_is_printable_when_each_of_its_characters_is() {
        let fonts = Fonts::new(Vec::new(), &[]).expect("fonts");
        let one_by_one = |text: &str| text.chars().all(|c| fonts.can_print(c));
        let all: Vec<char> = (0x20..0x3_0000).filter_map(char::from_u32).collect();
        for width in [1, 2, 7, 64] {
            for text in all.chunks(width).map(String::from_iter) {
                assert_eq!(fonts.can_print_all(&text), one_by_one(&text), "{text:?}");
            }
        }
        for text in [
            "",
            "plain",
            "王秀英 a 王",
            "مريم\u{200D}x",
            "ж\u{10FFFF}",
            "玥",
            "a\u{3000}b",
        ] {
            assert_eq!(fonts.can_print_all(text), one_by_one(text), "{text:?}");
        }
    }

    /// A face added from a folder extends the coverage and the book, after the
    /// built-in faces.
    #[test]
    fn fonts_of_a_font_path_join_the_built_in_ones() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/fonts");
        let builtin = Fonts::new(Vec::new(), &[]).expect("fonts");
        let fonts = Fonts::new(Vec::new(), &[folder]).expect("fonts");
        // Not among the built-in Chinese characters (GB 2312 level 1).
        let rare = '玥';
        assert!(!builtin.can_print(rare) && fonts.can_print(rare));
        let book = fonts.book();
        let added = builtin.book().families().count();
        assert!(book.families().count() > added);
        let cover = |c: char| {
            (0..)
                .map_while(|i| book.info(i))
                .any(|info| info.coverage.contains(c as u32))
        };
        for c in ['玛', '丽', 'م', 'ж', '😀', 'ส', rare] {
            assert_eq!(fonts.can_print(c), cover(c), "{c}");
        }
    }

    #[test]
    fn ranges_are_merged_where_they_meet() {
        let merged = merge(vec![(10, 12), (1, 3), (3, 5), (11, 20), (30, 31)]);
        assert_eq!(merged, [(1, 5), (10, 20), (30, 31)]);
        let covered =
            |ranges: &[(u32, u32)], c| CoveredRanges::from_sorted(ranges.to_vec()).contains(c);
        assert!(covered(&merged, 1) && covered(&merged, 4) && covered(&merged, 19));
        assert!(!covered(&merged, 0) && !covered(&merged, 5) && !covered(&merged, 20));
        assert!(!covered(&merged, 31) && !covered(&[], 7));
    }

    /// The characters drawn with no glyph are Typst's, every one of them: psr's table
    /// (which the rules use without Typst) is not out of date.
    #[test]
    fn psr_ignores_what_typst_ignores() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            assert_eq!(
                crate::validate::fonts::needs_no_glyph(c),
                c.is_whitespace() || typst::text::is_default_ignorable(c),
                "U+{:04X}",
                c as u32
            );
        }
    }

    /// The check without the renderer (`psr validate` in the rules' tests) covers
    /// what the renderer's built-in fonts cover.
    #[test]
    fn the_rules_know_the_built_in_coverage() {
        let fonts = Fonts::new(Vec::new(), &[]).expect("fonts");
        assert_eq!(fonts.coverage.ranges(), CoveredRanges::builtin().ranges());
        assert_eq!(fonts.coverage.ranges(), computed().0.coverage.as_slice());
    }
}
