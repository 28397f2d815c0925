//! Stage 5: lay out a view with Typst, in process, and export a PDF/A-2b.
//!
//! [`Engine`] holds what every report shares: the standard library, the [`Fonts`]
//! (compiled into the binary, a template folder's, and those of `--font-path`) and the
//! [`Templates`] (compiled in, or read once from `--templates DIR`). It is built once
//! per process and borrowed by each report's world ([`world`]), which adds only the
//! view as `/data.json`.
//!
//! [`render_within`] runs a render on a thread of its own under a time limit, so that
//! neither a template that never ends nor a panic inside Typst reaches the user as
//! anything but an error.

mod fonts;
mod templates;
mod text_layer;
mod world;

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, mpsc};

use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, WorldExt};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

pub use fonts::Fonts;
pub use templates::{BUILTIN_TEMPLATES, Templates};
use world::{ReportWorld, file_id};

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
    /// Typst reported errors (in a template, since data is never evaluated), kept
    /// whole for the printer.
    #[error("{}", in_one_line(.0))]
    Typst(Vec<TemplateDiagnostic>),
    /// Typst's PDF/A check found text drawn with no glyph: a combination of characters
    /// (a letter with a mark, a keycap emoji) that no single font has, which the
    /// check before rendering lets pass. The pipeline finds the fields.
    #[error("{}", in_one_line(.diagnostics))]
    Unprintable {
        /// The texts laid out with no glyph, read from the laid-out document.
        texts: Vec<String>,
        /// Typst's errors.
        diagnostics: Vec<TemplateDiagnostic>,
    },
    /// Rendering took longer than the time limit and was abandoned.
    #[error("{}", timed_out_message(*.seconds, *.custom_templates))]
    TimedOut {
        /// The limit.
        seconds: u64,
        /// Whether templates of `--templates` were in use.
        custom_templates: bool,
    },
    /// A defect inside psr or a library it uses. What it said is not shown: it may
    /// quote the case.
    #[error("internal error while rendering ({0}); nothing was written")]
    Internal(String),
}

/// One error Typst reported, whole: its message, its hints, and the place in a
/// template it points at (none for the PDF checks, which point at no source).
#[derive(Debug, Clone)]
pub struct TemplateDiagnostic {
    /// Typst's message.
    pub message: String,
    /// Typst's hints.
    pub hints: Vec<String>,
    /// Where, in which template.
    pub place: Option<TemplatePlace>,
}

/// A place in a template.
#[derive(Debug, Clone)]
pub struct TemplatePlace {
    /// The template's path in the template folder, e.g. `full.typ`.
    pub file: String,
    /// The template's text, for a snippet.
    pub text: String,
    /// The byte range pointed at.
    pub range: std::ops::Range<usize>,
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// Typst's errors as one text, a line each (`template error: full.typ:3:5: …`,
/// then its hints): what a manifest, the studio and `--json` carry.
fn in_one_line(diagnostics: &[TemplateDiagnostic]) -> String {
    let mut out = Vec::new();
    for d in diagnostics {
        let place = d.place.as_ref().map_or(String::new(), |p| {
            format!("{}:{}:{}: ", p.file, p.line, p.column)
        });
        let mut text = format!("template error: {place}{}", d.message);
        for hint in &d.hints {
            text.push_str(&format!("\n  hint: {hint}"));
        }
        out.push(text);
    }
    out.join("\n")
}

fn timed_out_message(seconds: u64, custom: bool) -> String {
    let suspect = if custom {
        "a template given with --templates may loop forever: try the built-in templates"
    } else {
        "the case's text may be too long to lay out: check the longest fields"
    };
    format!("rendering took longer than {seconds} s and was stopped: {suspect}")
}

/// Where templates and fonts come from: `--templates` and `--font-path`.
#[derive(Debug, Clone, Default)]
pub struct Resources {
    /// A folder of templates overriding the built-in ones, file by file.
    pub templates: Option<PathBuf>,
    /// Font files, or folders searched for fonts.
    pub font_paths: Vec<PathBuf>,
}

impl Resources {
    /// The fonts alone, for checking text without rendering (`psr validate`).
    pub fn fonts(&self) -> Result<Fonts, RenderError> {
        let extra = Templates::fonts(self.templates.as_deref())?;
        Fonts::new(extra, &self.font_paths)
    }
}

/// What to render: a template and its data.
#[derive(Debug, Clone)]
pub struct RenderJob {
    /// The main template, e.g. `full.typ`.
    pub template: String,
    /// The view, as JSON.
    pub view_json: String,
    /// The document's date (the report's own, never the clock).
    pub date: chrono::NaiveDate,
    /// Hashed into the PDF's identifier: stable across runs, no personal data.
    pub ident: String,
    /// A PDF, or pages as SVG for a preview.
    pub format: Format,
}

/// What a render makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A PDF/A-2b and PDF/UA-1 file: what is written and handed to a court.
    Pdf,
    /// Each page as an SVG image: the studio's live preview (as Typst's web app
    /// previews), laid out by the same templates.
    Svg,
}

/// Each page as SVG, the pages shared among the machine's cores: each is
/// independent, and writing a page's glyphs as paths is most of a preview's time.
fn pages_as_svg(pages: &[typst_layout::Page]) -> Vec<String> {
    let options = typst_svg::SvgOptions::default();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let per_thread = pages.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = pages
            .chunks(per_thread)
            .map(|chunk| {
                let options = &options;
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|page| typst_svg::svg(page, options))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// The headings of the document, page by page, as plain text.
fn headings_by_page(document: &PagedDocument) -> Vec<Vec<String>> {
    use typst::foundations::{NativeElement, Selector};
    use typst::introspection::Introspector;
    let introspector = document.introspector();
    let mut pages = vec![Vec::new(); document.pages().len()];
    for heading in introspector.query(&Selector::Elem(typst::model::HeadingElem::ELEM, None)) {
        let page = heading
            .location()
            .and_then(|at| introspector.page(at))
            .map(|n| n.get() - 1);
        // The body only: the element's own plain text starts with its supplement.
        let text = heading
            .to_packed::<typst::model::HeadingElem>()
            .map(|h| h.body.plain_text())
            .unwrap_or_default();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some(list) = page.and_then(|p| pages.get_mut(p)) {
            list.push(text);
        }
    }
    pages
}

/// A rendered report.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF's bytes (empty for [`Format::Svg`]).
    pub pdf: Vec<u8>,
    /// Each page as SVG (empty for [`Format::Pdf`]).
    pub svg: Vec<String>,
    /// The headings on each page, for a preview's text alternative (empty for
    /// [`Format::Pdf`]).
    pub headings: Vec<Vec<String>>,
    /// Number of pages.
    pub pages: usize,
}

/// What all reports of a process share.
pub struct Engine {
    library: LazyHash<Library>,
    fonts: Fonts,
    templates: Templates,
}

impl Engine {
    /// The engine with the templates and fonts of `resources`.
    pub fn new(resources: &Resources) -> Result<Engine, RenderError> {
        Engine::build_while(resources, |_| ()).map(|(engine, ())| engine)
    }

    /// The engine with the templates and fonts of `resources`, and what `meanwhile`
    /// makes with its fonts (checking a catalogue, E016). What Typst needs whatever the
    /// report — the templates parsed, the standard library, the font book and their
    /// hashes — is made on a second thread meanwhile: a cold `psr render` waits for the
    /// longer of the two, not for both (docs/performance.md).
    pub fn build_while<T>(
        resources: &Resources,
        meanwhile: impl FnOnce(&Fonts) -> T,
    ) -> Result<(Engine, T), RenderError> {
        let folder = templates::Folder::read(resources.templates.as_deref())?;
        let custom = resources.templates.is_some();
        let fonts = Fonts::new(folder.fonts.clone(), &resources.font_paths)?;
        let (built, value) = std::thread::scope(|scope| {
            let worker = scope.spawn(|| {
                // Hashed once here rather than by Typst's first memoized call.
                let prehash = |value: &dyn Fn(&mut std::hash::DefaultHasher)| {
                    value(&mut std::hash::DefaultHasher::new());
                };
                let library = LazyHash::new(
                    // Row headers on the front sheet (`pdf.header-cell`) for screen
                    // readers.
                    Library::builder()
                        .with_features([typst::Feature::A11yExtras].into_iter().collect())
                        .build(),
                );
                prehash(&|h| std::hash::Hash::hash(&library, h));
                prehash(&|h| std::hash::Hash::hash(fonts.book(), h));
                (folder.parse(custom), library)
            });
            let value = meanwhile(&fonts);
            (worker.join(), value)
        });
        let (templates, library) = built.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok((
            Engine {
                library,
                fonts,
                templates,
            },
            value,
        ))
    }

    /// The fonts: what the check before rendering asks.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Drops Typst's memoized results older than `max_age` compilations. A long-running
    /// process calls this between reports, or memory grows ~9 MB a report.
    pub fn evict_caches(max_age: usize) {
        typst::comemo::evict(max_age);
    }

    /// Compiles a view with its template into a PDF/A-2b (or SVG pages), on this thread.
    pub fn render(&self, job: &RenderJob) -> Result<Rendered, RenderError> {
        let main = file_id(&format!("/{}", job.template));
        if !self.templates.sources.contains_key(&main) {
            return Err(RenderError::MissingTemplate(job.template.clone()));
        }
        let world = ReportWorld {
            engine: self,
            main,
            data: typst::foundations::Bytes::from_string(job.view_json.clone()),
        };
        let warned = typst::compile::<PagedDocument>(&world);
        let document = warned
            .output
            .map_err(|errors| RenderError::Typst(kept(&world, &errors)))?;
        if job.format == Format::Svg {
            return Ok(Rendered {
                pdf: Vec::new(),
                svg: pages_as_svg(document.pages()),
                headings: headings_by_page(&document),
                pages: document.pages().len(),
            });
        }
        let date = job.date;
        let datetime = Datetime::from_ymd(
            chrono::Datelike::year(&date),
            chrono::Datelike::month(&date) as u8,
            chrono::Datelike::day(&date) as u8,
        );
        let standards =
            PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1]).map_err(|e| {
                RenderError::Typst(vec![TemplateDiagnostic {
                    message: e.message().to_string(),
                    hints: Vec::new(),
                    place: None,
                }])
            })?;
        let options = PdfOptions {
            ident: Smart::Custom(job.ident.clone()),
            timestamp: datetime.map(Timestamp::new_utc),
            standards,
            ..PdfOptions::default()
        };
        let document = text_layer::without_layout_controls(document);
        let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
            let diagnostics = kept(&world, &errors);
            // What the PDF/A check refuses as "not displayed" is a glyph the font
            // lacks: found in the laid-out pages, never in Typst's English.
            let mut texts = Vec::new();
            for page in document.pages() {
                text_without_glyphs(&page.frame, &mut texts);
            }
            if texts.is_empty() {
                RenderError::Typst(diagnostics)
            } else {
                RenderError::Unprintable { texts, diagnostics }
            }
        })?;
        Ok(Rendered {
            pages: document.pages().len(),
            pdf,
            svg: Vec::new(),
            headings: Vec::new(),
        })
    }
}

/// The stack of the thread a report is rendered on: Typst recurses deeply on nested
/// content, and a spawned thread's default (2 MiB) is smaller than the main thread's.
const RENDER_STACK: usize = 16 * 1024 * 1024;

/// A render, sent to a render thread with where to answer.
type Work = (
    Arc<Engine>,
    RenderJob,
    mpsc::Sender<Result<Rendered, RenderError>>,
);

thread_local! {
    /// Each thread that renders has its own render thread, kept between reports: a
    /// new thread per report would fault in its stack again (about 1 ms a report).
    static RENDER_THREAD: RefCell<Option<mpsc::Sender<Work>>> = const { RefCell::new(None) };
}

fn spawn_render_thread() -> Result<mpsc::Sender<Work>, RenderError> {
    let (jobs, incoming) = mpsc::channel::<Work>();
    std::thread::Builder::new()
        .name("render".into())
        .stack_size(RENDER_STACK)
        .spawn(move || {
            for (engine, job, answer) in incoming {
                // Nobody waits for an answer after a time-out.
                let _ = answer.send(engine.render(&job));
            }
        })
        .map_err(|e| RenderError::Internal(format!("cannot start a thread: {e}")))?;
    Ok(jobs)
}

/// Renders `job` on this thread's render thread and waits at most `limit`. Typst
/// cannot be interrupted: past the limit the render thread is abandoned (the next
/// report gets a new one, and the process should end soon, as every command does)
/// and [`RenderError::TimedOut`] returned. A panic on that thread is
/// [`RenderError::Internal`], naming where it happened, never what it said.
pub fn render_within(
    engine: &Arc<Engine>,
    job: RenderJob,
    limit: std::time::Duration,
) -> Result<Rendered, RenderError> {
    let (answer, wait) = mpsc::channel();
    RENDER_THREAD.with(|slot| -> Result<(), RenderError> {
        let mut slot = slot.borrow_mut();
        let mut work = (Arc::clone(engine), job, answer);
        // A render thread that panicked is gone: start another and send again.
        for _ in 0..2 {
            let jobs = match slot.as_ref() {
                Some(jobs) => jobs.clone(),
                None => slot.insert(spawn_render_thread()?).clone(),
            };
            match jobs.send(work) {
                Ok(()) => return Ok(()),
                Err(mpsc::SendError(returned)) => {
                    *slot = None;
                    work = returned;
                }
            }
        }
        Err(RenderError::Internal("cannot reach a render thread".into()))
    })?;
    let abandon = || RENDER_THREAD.with(|slot| *slot.borrow_mut() = None);
    match wait.recv_timeout(limit) {
        Ok(result) => result,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            abandon();
            Err(RenderError::TimedOut {
                seconds: limit.as_secs(),
                custom_templates: engine.templates.custom,
            })
        }
        // The render thread ended without answering: it panicked.
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            abandon();
            Err(RenderError::Internal(crate::panic::last_location()))
        }
    }
}

/// Typst's errors, whole, each with the place in a template it points at.
fn kept(world: &ReportWorld<'_>, diagnostics: &[SourceDiagnostic]) -> Vec<TemplateDiagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| TemplateDiagnostic {
            message: d.message.to_string(),
            hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
            place: d.span.id().and_then(|id| {
                let source = world.engine.templates.sources.get(&id)?;
                let range = world.range(d.span)?;
                let lines = source.lines();
                Some(TemplatePlace {
                    file: id.vpath().get_without_slash().to_string(),
                    text: source.text().to_string(),
                    line: lines.byte_to_line(range.start)? + 1,
                    column: lines.byte_to_column(range.start)? + 1,
                    range,
                })
            }),
        })
        .collect()
}

/// The texts of a page laid out with a glyph its font lacks (glyph 0, `.notdef`),
/// each once, in page order.
fn text_without_glyphs(frame: &typst::layout::Frame, texts: &mut Vec<String>) {
    for (_, item) in frame.items() {
        match item {
            typst::layout::FrameItem::Group(group) => text_without_glyphs(&group.frame, texts),
            typst::layout::FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let Some(missing) = text.text.get(glyph.range()) else {
                        continue;
                    };
                    if !texts.iter().any(|t| t == missing) {
                        texts.push(missing.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::*;
    use crate::load::SourceFile;
    use crate::{Edition, Pipeline};

    /// The families of the fonts parsed to render the example in `language`.
    fn fonts_parsed_for(language: &str) -> Vec<String> {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let resources = Resources::default();
        let catalogue = fixtures.join("catalogue.example.yaml");
        let pipeline =
            Pipeline::new(&catalogue, &resources, Duration::from_secs(60)).expect("pipeline");
        let text = std::fs::read_to_string(fixtures.join("case.example.yaml")).expect("case");
        let text = text.replace("language: en ", &format!("language: {language} "));
        let prepared = pipeline
            .prepare(SourceFile {
                name: "case.yaml".into(),
                text,
            })
            .expect("prepared");
        assert!(!prepared.has_errors(), "{:?}", prepared.findings);
        let engine = Engine::new(&resources).expect("engine");
        let job = RenderJob {
            template: "full.typ".into(),
            view_json: serde_json::to_string(&prepared.view(Edition::Court)).expect("view"),
            date: prepared.case.value.report_date(),
            ident: "fonts".into(),
            format: Format::Pdf,
        };
        let rendered = engine.render(&job).expect("pdf");
        assert!(rendered.pages > 0);
        let mut families = engine.fonts().parsed_families();
        families.dedup();
        families
    }

    /// A report parses the faces it prints with and no other: an English one none of
    /// the Chinese or Arabic faces, a Chinese one none of the Arabic ones.
    #[test]
    fn a_report_parses_only_the_fonts_of_its_language() {
        assert_eq!(fonts_parsed_for("en"), ["Libertinus Serif"]);
        assert_eq!(
            fonts_parsed_for("zh"),
            ["Libertinus Serif", "Noto Serif CJK SC"]
        );
        assert_eq!(
            fonts_parsed_for("ar"),
            ["Libertinus Serif", "Noto Naskh Arabic"]
        );
    }
}
