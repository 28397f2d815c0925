//! Stage 5: lay out a view with Typst, in process, and export a PDF/A-2b.
//!
//! [`Engine`] holds what every report shares: the standard library, the fonts (compiled
//! into the binary, plus those of `--font-path`) and the templates (compiled in, or
//! read once from `--templates DIR`). It is built once per process and borrowed by each
//! report's [`ReportWorld`], which adds only the view as `/data.json`. The world is also the sandbox: a template
//! can read the templates and the data, nothing else on the machine.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// The built-in templates, compiled into the binary (`report-templates/`).
pub const BUILTIN_TEMPLATES: &[(&str, &str)] = &[
    ("lib.typ", include_str!("../report-templates/lib.typ")),
    ("full.typ", include_str!("../report-templates/full.typ")),
    ("short.typ", include_str!("../report-templates/short.typ")),
    (
        "diversion.typ",
        include_str!("../report-templates/diversion.typ"),
    ),
    ("bail.typ", include_str!("../report-templates/bail.typ")),
    (
        "pre_release.typ",
        include_str!("../report-templates/pre_release.typ"),
    ),
    ("person.typ", include_str!("../report-templates/person.typ")),
];

/// Fonts compiled in besides Typst's own (Libertinus Serif, New Computer Modern,
/// DejaVu Sans Mono): Noto Emoji (SIL OFL 1.1, `report-templates/fonts/OFL.txt`), in
/// black and white, so that an emoji in a name or a statement prints as written.
const BUILTIN_FONTS: &[&[u8]] = &[include_bytes!(
    "../report-templates/fonts/NotoEmoji-Regular.ttf"
)];

/// The largest font file read from `--font-path` or a template folder. A CJK font
/// collection is about 20 MiB.
const MAX_FONT_BYTES: u64 = 128 * 1024 * 1024;

/// How deep `--font-path` folders are searched (`/usr/share/fonts` needs 3).
const MAX_FONT_DEPTH: usize = 8;

/// The largest template file read from `--templates DIR`.
const MAX_TEMPLATE_BYTES: u64 = 1024 * 1024;

/// Where the view is served to templates.
const DATA_PATH: &str = "/data.json";

/// A rendering failure.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// No template for this kind of report.
    #[error("no template `{0}` among the templates")]
    MissingTemplate(String),
    /// A template folder could not be read.
    #[error("cannot read templates from {path}: {reason}")]
    TemplateFolder {
        /// The folder.
        path: String,
        /// Why.
        reason: String,
    },
    /// A `--font-path` folder or file could not be read.
    #[error("cannot read fonts from {path}: {reason}")]
    FontPath {
        /// The folder or file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Typst reported errors (in a template, since data is never evaluated).
    #[error("{0}")]
    Typst(String),
    /// Typst's PDF/A check found text drawn with no glyph: a combination of characters
    /// (a letter with a mark, a keycap emoji) that no single font has, which the
    /// check before rendering lets pass. [`crate::Prepared::render`] finds the fields.
    #[error("{message}")]
    Unprintable {
        /// The texts Typst names.
        texts: Vec<String>,
        /// Typst's message.
        message: String,
        /// The case or catalogue fields holding those texts, when found.
        findings: Vec<crate::FileFindings>,
    },
}

/// File ids are interned globally and never freed: make them once (typst-notes.md).
static DATA_ID: LazyLock<FileId> = LazyLock::new(|| file_id(DATA_PATH));

fn file_id(path: &str) -> FileId {
    // The paths are ours and absolute: VirtualPath::new only fails on relative escapes.
    let vpath = VirtualPath::new(path)
        .unwrap_or_else(|_| VirtualPath::new("/invalid").expect("static path"));
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

/// What all reports of a process share.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    /// Fonts are parsed on first use: a report needs 4 of the 17 embedded faces, and
    /// parsing them all cost a cold `psr render` several milliseconds.
    fonts: Vec<FontSlot>,
    /// Template sources by id, parsed once.
    sources: HashMap<FileId, Source>,
    /// Other files of a template folder (images, JSON), by id.
    assets: HashMap<FileId, Bytes>,
    /// Template file names, for `templates list`.
    names: Vec<String>,
}

impl Engine {
    /// The engine with the built-in templates, overridden file by file from
    /// `templates`, and the built-in fonts followed by those found in `font_paths`
    /// (folders, searched recursively, or font files).
    pub fn new(templates: Option<&Path>, font_paths: &[PathBuf]) -> Result<Engine, RenderError> {
        let mut texts: Vec<(String, String)> = BUILTIN_TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut fonts: Vec<FontSlot> = Vec::new();
        let mut infos = Vec::new();
        let mut add_fonts = |data: Bytes, file: Option<PathBuf>| {
            for (index, info) in FontInfo::iter(&data).enumerate() {
                infos.push(info);
                fonts.push(FontSlot {
                    // A font from a folder is read again when a report first uses it,
                    // rather than kept: `--font-path /usr/share/fonts` may hold
                    // hundreds of megabytes, and a report uses a few faces.
                    data: match &file {
                        Some(path) => FontData::File(path.clone()),
                        None => FontData::Memory(data.clone()),
                    },
                    index: index as u32,
                    font: OnceLock::new(),
                });
            }
        };
        for data in typst_assets::fonts().chain(BUILTIN_FONTS.iter().copied()) {
            add_fonts(Bytes::new(data), None);
        }
        let mut assets = HashMap::new();
        if let Some(dir) = templates {
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
                    // A jurisdiction's own fonts, by family name in its templates.
                    "ttf" | "otf" => add_fonts(Bytes::new(bytes), None),
                    // Logos and data files, read by templates with image(..) or json(..).
                    _ => {
                        assets.insert(file_id(&format!("/{name}")), Bytes::new(bytes));
                    }
                }
            }
        }
        for path in font_paths {
            for file in font_files(path)? {
                let bytes = std::fs::read(&file).map_err(|e| RenderError::FontPath {
                    path: file.display().to_string(),
                    reason: e.to_string(),
                })?;
                add_fonts(Bytes::new(bytes), Some(file));
            }
        }
        let sources = texts
            .iter()
            .map(|(name, text)| {
                let id = file_id(&format!("/{name}"));
                (id, Source::new(id, text.clone()))
            })
            .collect();
        Ok(Engine {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_infos(infos)),
            fonts,
            sources,
            assets,
            names: texts.into_iter().map(|(n, _)| n).collect(),
        })
    }

    /// The template file names.
    pub fn template_names(&self) -> &[String] {
        &self.names
    }

    /// Whether some font of the engine has a glyph for `c`, or `c` needs none (a
    /// space, a zero-width joiner, a variation selector). Typst falls back to any font
    /// of the book for a character the template's font lacks; PDF/A forbids printing
    /// one that no font has, so such text is refused before Typst runs, at its field.
    pub fn can_print(&self, c: char) -> bool {
        // Libertinus Serif covers ASCII; control characters were refused at loading.
        c.is_ascii()
            || c.is_whitespace()
            || typst::text::is_default_ignorable(c)
            || (0..)
                .map_while(|i| self.book.info(i))
                .any(|info| info.coverage.contains(c as u32))
    }

    /// Drops Typst's memoized results older than `max_age` compilations. A long-running
    /// process calls this between reports, or memory grows ~9 MB a report (typst-notes).
    pub fn evict_caches(max_age: usize) {
        typst::comemo::evict(max_age);
    }

    /// Compiles a view with the template `main` (e.g. `full.typ`) into a PDF/A-2b.
    pub fn render(
        &self,
        main: &str,
        view_json: &str,
        date: chrono::NaiveDate,
        ident: &str,
    ) -> Result<Rendered, RenderError> {
        let main_id = file_id(&format!("/{main}"));
        if !self.sources.contains_key(&main_id) {
            return Err(RenderError::MissingTemplate(main.to_string()));
        }
        let world = ReportWorld {
            engine: self,
            main: main_id,
            data: Bytes::from_string(view_json.to_string()),
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let document = warned
            .output
            .map_err(|errors| RenderError::Typst(describe(&world, &errors)))?;
        let datetime = Datetime::from_ymd(
            chrono::Datelike::year(&date),
            chrono::Datelike::month(&date) as u8,
            chrono::Datelike::day(&date) as u8,
        );
        let standards = PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| RenderError::Typst(e.message().to_string()))?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            timestamp: datetime.map(Timestamp::new_utc),
            standards,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
            let message = describe(&world, &errors);
            let texts: Vec<String> = errors
                .iter()
                .filter_map(|d| unprintable_text(&d.message))
                .collect();
            if texts.is_empty() {
                RenderError::Typst(message)
            } else {
                RenderError::Unprintable {
                    texts,
                    message,
                    findings: Vec::new(),
                }
            }
        })?;
        Ok(Rendered {
            pages: document.pages().len(),
            pdf,
        })
    }
}

/// Formats Typst's diagnostics with the template file, line and column.
fn describe(world: &ReportWorld<'_>, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = Vec::new();
    for d in diagnostics.iter().filter(|d| d.severity == Severity::Error) {
        let place = d
            .span
            .id()
            .and_then(|id| {
                let source = world.engine.sources.get(&id)?;
                let range = world.range(d.span)?;
                let lines = source.lines();
                let line = lines.byte_to_line(range.start)? + 1;
                let column = lines.byte_to_column(range.start)? + 1;
                Some(format!(
                    "{}:{line}:{column}: ",
                    id.vpath().get_without_slash()
                ))
            })
            .unwrap_or_default();
        let mut text = format!("template error: {place}{}", d.message);
        for hint in &d.hints {
            text.push_str(&format!("\n  hint: {}", hint.v));
        }
        out.push(text);
    }
    out.join("\n")
}

/// The text of Typst's "the text `\"…\"` could not be displayed with font …", unescaped.
fn unprintable_text(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("the text `\"")?;
    let (quoted, _) = rest.split_once("\"` could not be displayed")?;
    let mut text = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next()? {
            'n' => text.push('\n'),
            'r' => text.push('\r'),
            't' => text.push('\t'),
            'u' => {
                let code: String = chars.by_ref().skip(1).take_while(|&c| c != '}').collect();
                text.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?)?);
            }
            other => text.push(other),
        }
    }
    Some(text)
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

/// A rendered PDF.
#[derive(Debug)]
pub struct Rendered {
    /// The bytes.
    pub pdf: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
}

/// The world of one report: the engine's templates plus this report's data.
struct ReportWorld<'a> {
    engine: &'a Engine,
    main: FileId,
    data: Bytes,
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.engine
            .sources
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == *DATA_ID {
            return Ok(self.data.clone());
        }
        if let Some(bytes) = self.engine.assets.get(&id) {
            return Ok(bytes.clone());
        }
        match self.engine.sources.get(&id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_string())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        let slot = self.engine.fonts.get(index)?;
        slot.font
            .get_or_init(|| {
                let data = match &slot.data {
                    FontData::Memory(bytes) => bytes.clone(),
                    // Read when the engine was made; gone since only if the font was
                    // removed, and then Typst reports the text it cannot print.
                    FontData::File(path) => Bytes::new(std::fs::read(path).ok()?),
                };
                Font::new(data, slot.index)
            })
            .clone()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the same input gives the same bytes.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
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

/// Runs `work`, and ends the process with a clear error if it takes longer than
/// `limit`: Typst cannot be interrupted, and a custom template that loops forever must
/// not hang a court office's batch. Files are written atomically, so none is left
/// half-written.
pub fn with_time_limit<T>(limit: std::time::Duration, what: &str, work: impl FnOnce() -> T) -> T {
    let (done, wait) = std::sync::mpsc::channel::<()>();
    let what = what.to_string();
    let watchdog = std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(limit) {
            eprintln!(
                "error: {what} took longer than {} s and was stopped: a template may loop forever (check custom templates given with --templates)",
                limit.as_secs()
            );
            std::process::exit(2);
        }
    });
    let result = work();
    let _ = done.send(());
    let _ = watchdog.join();
    result
}
