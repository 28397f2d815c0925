//! The pipeline as one call: what every command and front end goes through, so that
//! none can forget a check.
//!
//! A [`Pipeline`] is set up once per process with the catalogue of the area and the
//! engine (templates and fonts); [`Pipeline::render_case`] then takes a case from its
//! file to its rendered copies: load → validate → match → the font check → view →
//! render, refusing a case with errors. [`RenderedCase::write`] puts the copies where
//! they belong. [`Checker`] runs the same checks without rendering (`psr validate`).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

pub use crate::check::{CaseInput, Checker, Failure, FileFindings, LoadedCase, load_catalogue};
use crate::check::{catalogue_warnings, examine, load_case, match_case};
use crate::diagnostic::{Diagnostic, Severity, codes, has_errors};
use crate::load::Loaded;
use crate::matching::Matching;
use crate::model::case::ReportStatus;
use crate::model::{Case, Catalogue};
use crate::output::{sha256_hex, write_together};
use crate::render::{self, Engine, RenderError, RenderJob, Resources};
use crate::validate;
use crate::view::{self, ReportView};

mod approve;
pub use approve::{ApprovalRequest, ApprovedCase, Refusal, check_name};

impl Checker {
    /// Checks cases with the fonts of `resources` (the templates' and `--font-path`'s
    /// besides those built in) and, when given, against a catalogue.
    pub fn new(catalogue: Option<&Path>, resources: &Resources) -> Result<Checker, Failure> {
        Checker::with_fonts(catalogue, || {
            let fonts = resources.fonts()?;
            Ok(Arc::new(fonts) as Arc<dyn validate::Coverage + Send + Sync>)
        })
    }
}

/// A copy's pages as SVG, for a preview.
#[derive(Debug)]
pub struct Preview {
    /// Each page as SVG.
    pub pages: Vec<String>,
    /// The headings on each page: what a page is about, for its text alternative.
    pub headings: Vec<Vec<String>>,
}

/// A case that went through every check, with its catalogue and the matching. It may
/// have errors: `psr measures` and a drafting editor show what they can.
#[derive(Debug)]
pub struct Prepared {
    /// The case.
    pub case: Loaded<Case>,
    /// The catalogue, shared by every case of a batch.
    pub catalogue: Arc<Loaded<Catalogue>>,
    /// Options, filled conditions, findings about the proposal.
    pub matching: Matching,
    /// Every finding about the case and its proposal, in file order.
    pub findings: Vec<Diagnostic>,
    /// For an addendum: what changed since the earlier report.
    pub changes: Vec<crate::diff::Change>,
}

impl Prepared {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        has_errors(&self.findings)
    }

    /// Whether the report may be rendered: no error, or a draft whose errors are all
    /// of those an author fixes while drafting — the proposal against the catalogue,
    /// the sources, the order of dates. An officer must see the draft: it renders
    /// watermarked with a box listing them, and the same case marked final is refused.
    pub fn renderable(&self) -> bool {
        let draft = self.case.value.report.status == ReportStatus::Draft;
        self.case.taint.is_empty()
            && self
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .all(|f| draft && DRAFT_RENDERS.iter().any(|c| c.code == f.code))
    }

    /// The case, if it passed the checks for its status ([`Prepared::renderable`]);
    /// else its findings, as [`Failure::Invalid`].
    pub fn checked(self) -> Result<Checked, Failure> {
        if !self.renderable() {
            return Err(Failure::Invalid(vec![self.file_findings()]));
        }
        Ok(Checked(self))
    }

    /// Whether a text, a list or the whole file is longer than its limit (E017, E018,
    /// E019): what keeps the largest case that lays out under the time and memory
    /// ceilings, so that no path into layout (render, preview, the studio's review)
    /// takes one that is over.
    pub fn over_limits(&self) -> bool {
        self.findings.iter().any(|f| {
            [codes::E017, codes::E018, codes::E019]
                .iter()
                .any(|c| c.code == f.code)
        })
    }

    /// The findings with the case file, for the printer.
    pub fn file_findings(&self) -> FileFindings {
        FileFindings {
            source: self.case.document.source.clone(),
            diagnostics: self.findings.clone(),
        }
    }

    /// The view model of an edition.
    pub fn view(&self, edition: Edition) -> ReportView {
        let case = &self.case.value;
        match edition {
            Edition::Court => view::court_view(
                case,
                &self.catalogue.value,
                &self.matching,
                &self.findings,
                &self.changes,
            ),
            Edition::Person => view::person_view(
                case,
                &self.catalogue.value,
                &self.matching,
                &self.findings,
                &self.changes,
            ),
        }
    }
}

/// A case that passed the checks for its status: no error, or a draft whose errors
/// are all of those a draft renders with. Only [`Prepared::checked`] makes one, and
/// [`Pipeline::render`] takes nothing else: no path renders a case with errors.
#[derive(Debug)]
pub struct Checked(Prepared);

impl Checked {
    /// The case and its findings.
    pub fn prepared(&self) -> &Prepared {
        &self.0
    }
}

/// The errors a draft is rendered with, listed in its box: the proposal against the
/// catalogue, the order of dates, an income not written as money. (A draft without
/// sources, or proposing diversion without the person's agreement, is warned, not
/// refused: W031, W094.) A child at the hearing (E021), a file
/// that did not load, text no font prints and a missing earlier report still stop it.
pub const DRAFT_RENDERS: &[codes::Code] = &[
    codes::E022,
    codes::E023,
    codes::E024,
    codes::E025,
    codes::E027,
    codes::E060,
    codes::E061,
    codes::E062,
    codes::E063,
    codes::E064,
    codes::E065,
    codes::E066,
    codes::E068,
];

/// Which copy of a report: the court's or the person's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Edition {
    /// The court copy (every report kind's own template).
    Court,
    /// The plain-language copy for the person (para 12).
    Person,
}

impl Edition {
    /// `court` or `person`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Court => "court",
            Self::Person => "person",
        }
    }
}

/// One edition rendered.
#[derive(Debug)]
pub struct RenderedCopy {
    /// Which.
    pub edition: Edition,
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its pages.
    pub pages: usize,
}

/// A case rendered whole: every edition asked for, or none.
#[derive(Debug)]
pub struct RenderedCase {
    /// The case and its findings (warnings only: a case with errors is not rendered).
    pub prepared: Prepared,
    /// The editions, court first.
    pub copies: Vec<RenderedCopy>,
}

/// Where the copies of a case go.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// `psr render -o OUT.pdf`: a single copy at `OUT.pdf`; with both, the person's
    /// beside it as `OUT-person.pdf` (`OUT-person-es.pdf` in another language than
    /// the court's).
    File(&'a Path),
    /// `psr batch`: `<dir>/<stem>.pdf` and `<dir>/<stem>-person.pdf` (or
    /// `-person-es.pdf`).
    Folder {
        /// The output folder.
        dir: &'a Path,
        /// The file stem (the sanitised court reference, never a name).
        stem: &'a str,
    },
}

impl Destination<'_> {
    /// The path of an edition, and the name to report for it (the path as given, or
    /// the file name in the folder). `person_language` is the language of a person's
    /// copy that is not in the court's: its file name says it (`OUT-person-es.pdf`),
    /// so that a clerk hands the right file to the right reader.
    pub fn path(
        &self,
        edition: Edition,
        both: bool,
        person_language: Option<crate::model::case::Language>,
    ) -> (PathBuf, String) {
        let person = match person_language {
            Some(language) => format!("-person-{}", language.code()),
            None => "-person".to_string(),
        };
        match *self {
            Destination::File(output) => {
                let path = if !both || edition == Edition::Court {
                    output.to_path_buf()
                } else {
                    let stem = output
                        .file_stem()
                        .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
                    output.with_file_name(format!("{stem}{person}.pdf"))
                };
                let shown = path.display().to_string();
                (path, shown)
            }
            Destination::Folder { dir, stem } => {
                let name = match edition {
                    Edition::Court => format!("{stem}.pdf"),
                    Edition::Person => format!("{stem}{person}.pdf"),
                };
                (dir.join(&name), name)
            }
        }
    }
}

/// One PDF written: what `render --json` prints and `manifest.json` lists.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Written {
    /// Which edition.
    pub copy: Edition,
    /// Its path (render) or file name in the output folder (batch).
    pub output: String,
    /// Its SHA-256.
    pub sha256: String,
    /// Its pages.
    pub pages: usize,
}

/// Who signs the copies of a run (`--sign`), and the time the signatures state.
#[derive(Debug, Clone, Copy)]
pub struct Signing<'a> {
    /// The author's key and certificate.
    pub signer: &'a crate::sign::Signer,
    /// The signing time (`/M`): the clock, or `SOURCE_DATE_EPOCH`.
    pub when: chrono::DateTime<chrono::Utc>,
}

impl RenderedCase {
    /// Signs every copy as its author (docs/signatures.md), before it is written.
    pub fn sign(&mut self, signing: Signing<'_>) -> Result<(), Failure> {
        // The signature says "Author of the pre-sentence report": only the author's key
        // makes it (a supervisor countersigns; para 56).
        let author = self.prepared.case.value.report.author.name.trim();
        let signer = signing.signer.identity();
        if !crate::validate::same_person(author, &signer.name) {
            return Err(crate::sign::SignError::Refused(format!(
                "the key names {}, and the report's author is {author}: the author signs \
                 the report (a supervisor countersigns it: `psr countersign`); nothing was written",
                signer.name
            ))
            .into());
        }
        // The approval goes with the signature only when the report states it: not
        // when the case changed since (W034: no fingerprint printed).
        let changed = self
            .prepared
            .findings
            .iter()
            .any(|f| f.code == codes::W034.code);
        let approval = self
            .prepared
            .case
            .document
            .root
            .pointer("/report/supervisor")
            .and_then(serde_json::Value::as_object)
            .filter(|_| !changed);
        for copy in &mut self.copies {
            copy.pdf = crate::sign::sign_report(&copy.pdf, signing.signer, signing.when, approval)?;
        }
        Ok(())
    }

    /// Writes every copy (atomically, mode 0600), court first: all of them or none.
    pub fn write(
        &self,
        destination: Destination<'_>,
        force: bool,
    ) -> Result<Vec<Written>, Failure> {
        self.write_with(destination, force, &[])
    }

    /// Writes every copy and the `also` files (`--emit-view`'s view model) as one:
    /// all of them or none ([`crate::output::write_together`]).
    pub fn write_with(
        &self,
        destination: Destination<'_>,
        force: bool,
        also: &[(&Path, &[u8])],
    ) -> Result<Vec<Written>, Failure> {
        let both = self.copies.len() > 1;
        let report = &self.prepared.case.value.report;
        let person_language = report
            .person_language
            .filter(|language| *language != report.language);
        let mut written = Vec::new();
        let mut paths = Vec::new();
        for copy in &self.copies {
            let (path, shown) = destination.path(copy.edition, both, person_language);
            paths.push(path);
            written.push(Written {
                copy: copy.edition,
                output: shown,
                sha256: sha256_hex(&copy.pdf),
                pages: copy.pages,
            });
        }
        let mut files: Vec<(&Path, &[u8])> = paths
            .iter()
            .zip(&self.copies)
            .map(|(path, copy)| (path.as_path(), copy.pdf.as_slice()))
            .collect();
        files.extend_from_slice(also);
        write_together(&files, force)?;
        Ok(written)
    }
}

/// The catalogue of the area and the engine: what every case of a run is checked and
/// rendered with.
pub struct Pipeline {
    catalogue: Arc<Loaded<Catalogue>>,
    engine: Arc<Engine>,
    time_limit: Duration,
}

impl Pipeline {
    /// Loads and checks the catalogue, and builds the engine. `time_limit` bounds the
    /// rendering of each copy.
    pub fn new(
        catalogue: &Path,
        resources: &Resources,
        time_limit: Duration,
    ) -> Result<Pipeline, Failure> {
        // The catalogue is read and checked while the engine is made.
        let (engine, catalogue) =
            Engine::build_while(resources, |fonts| load_catalogue(catalogue, fonts))?;
        let (engine, catalogue) = (Arc::new(engine), catalogue?);
        Ok(Pipeline {
            catalogue,
            engine,
            time_limit,
        })
    }

    /// The same engine with a catalogue read again (a saved file under `--watch`):
    /// Typst's caches stay warm.
    pub fn with_catalogue(&self, catalogue: &Path) -> Result<Pipeline, Failure> {
        Ok(Pipeline {
            catalogue: load_catalogue(catalogue, self.engine.fonts())?,
            engine: Arc::clone(&self.engine),
            time_limit: self.time_limit,
        })
    }

    /// The catalogue's warnings, to show once whatever the number of cases.
    pub fn catalogue_warnings(&self) -> Option<FileFindings> {
        catalogue_warnings(&self.catalogue)
    }

    /// The catalogue.
    pub fn catalogue(&self) -> &Loaded<Catalogue> {
        &self.catalogue
    }

    /// Loads, validates and matches a case and checks its fonts. A case with errors
    /// is still `Ok`: see [`Prepared::has_errors`].
    pub fn prepare<'a>(&self, input: impl Into<CaseInput<'a>>) -> Result<Prepared, Failure> {
        let loaded = load_case(input.into(), Some(self.time_limit))?;
        let matching = match_case(&loaded.case, &self.catalogue.value);
        let findings = examine(
            &loaded,
            Some(&self.catalogue.value),
            Some(&matching),
            self.engine.fonts(),
        );
        let changes = loaded.changes();
        Ok(Prepared {
            changes,
            case: loaded.case,
            catalogue: Arc::clone(&self.catalogue),
            matching,
            findings,
        })
    }

    /// Renders the editions of a checked case, court first. Nothing is returned
    /// unless every edition rendered.
    pub fn render(&self, checked: Checked, editions: &[Edition]) -> Result<RenderedCase, Failure> {
        let Checked(prepared) = checked;
        let mut copies = Vec::new();
        for &edition in editions {
            let rendered = self
                .render_edition(&prepared, edition)
                .map_err(|error| self.unprintable_fields(&prepared, error))?;
            copies.push(RenderedCopy {
                edition,
                pdf: rendered.pdf,
                pages: rendered.pages,
            });
        }
        Ok(RenderedCase { prepared, copies })
    }

    /// The whole pipeline for one case: prepare, then render every edition.
    pub fn render_case<'a>(
        &self,
        input: impl Into<CaseInput<'a>>,
        editions: &[Edition],
    ) -> Result<RenderedCase, Failure> {
        self.render(self.prepare(input)?.checked()?, editions)
    }

    fn render_edition(
        &self,
        prepared: &Prepared,
        edition: Edition,
    ) -> Result<render::Rendered, Failure> {
        self.render_as(prepared, edition, render::Format::Pdf)
    }

    /// The pages of one copy as SVG images, for a live preview. A case with findings
    /// is previewed all the same, so that a draft can be read as it is written; only
    /// a case with a field that failed to load is not (its stand-ins would be shown),
    /// nor one over the limits, which `render` refuses too.
    pub fn preview(&self, prepared: &Prepared, edition: Edition) -> Result<Preview, Failure> {
        if !prepared.case.taint.is_empty() || prepared.over_limits() {
            return Err(Failure::Invalid(vec![prepared.file_findings()]));
        }
        let rendered = self.render_as(prepared, edition, render::Format::Svg)?;
        Ok(Preview {
            pages: rendered.svg,
            headings: rendered.headings,
        })
    }

    fn render_as(
        &self,
        prepared: &Prepared,
        edition: Edition,
        format: render::Format,
    ) -> Result<render::Rendered, Failure> {
        let case = &prepared.case.value;
        let view_json = serde_json::to_string(&prepared.view(edition))
            .map_err(|e| RenderError::Internal(format!("the view model: {e}")))?;
        let template = match edition {
            Edition::Court => format!("{}.typ", case.report.kind.as_str()),
            Edition::Person => "person.typ".to_string(),
        };
        let job = RenderJob {
            template,
            view_json,
            date: case.report_date(),
            // The PDF identifier is a hash of this: stable across runs, no personal data.
            ident: format!("psr:{}:{}", case.report.court_reference, edition.as_str()),
            format,
        };
        Ok(render::render_within(&self.engine, job, self.time_limit)?)
    }

    /// Text Typst could not print although every character has a font (a keycap
    /// emoji): E016 at the fields that hold it, as validation would have said.
    fn unprintable_fields(&self, prepared: &Prepared, failure: Failure) -> Failure {
        let Failure::Render(RenderError::Unprintable { texts, .. }) = &failure else {
            return failure;
        };
        let files: Vec<FileFindings> = [&prepared.case.document, &self.catalogue.document]
            .into_iter()
            .filter_map(|document| {
                let diagnostics = validate::unprintable_combinations(document, texts);
                (!diagnostics.is_empty()).then(|| FileFindings {
                    source: document.source.clone(),
                    diagnostics,
                })
            })
            .collect();
        if files.is_empty() {
            return failure;
        }
        Failure::Invalid(files)
    }
}
