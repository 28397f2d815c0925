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

use crate::diagnostic::{Diagnostic, Severity, codes, has_errors, sort_in_file_order};
use crate::load::{self, LoadFailure, Loaded, ReadError, SectionedFormat, SourceFile};
use crate::matching::{self, Matching};
use crate::model::case::ReportStatus;
use crate::model::{Case, Catalogue, limits};
use crate::output::{WriteError, sha256_hex, write_together};
use crate::render::{self, Engine, RenderError, RenderJob, Resources};
use crate::supervision;
use crate::validate::{self, Coverage};
use crate::view::{self, ReportView};

/// The findings about one file.
#[derive(Debug, Clone)]
pub struct FileFindings {
    /// The file, for snippets.
    pub source: SourceFile,
    /// Its findings in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a case (or the catalogue, or the engine) could not go through.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    /// A file could not be read (exit status 2).
    #[error("{0}")]
    Read(#[from] ReadError),
    /// The files have errors, each at its field (exit status 1).
    #[error("the input has errors")]
    Invalid(Vec<FileFindings>),
    /// The templates, the fonts or Typst failed (exit status 2).
    #[error("{0}")]
    Render(#[from] RenderError),
    /// A PDF could not be written (exit status 2).
    #[error("{0}")]
    Write(#[from] WriteError),
    /// A copy could not be signed (exit status 2).
    #[error("cannot sign the report: {0}")]
    Sign(#[from] crate::sign::SignError),
}

impl From<LoadFailure> for Failure {
    fn from(failure: LoadFailure) -> Self {
        match failure {
            LoadFailure::Read(e) => Failure::Read(e),
            LoadFailure::Invalid {
                source,
                diagnostics,
            } => Failure::Invalid(vec![FileFindings {
                source,
                diagnostics,
            }]),
        }
    }
}

/// A case to go through: a file, or a text held in memory (an editor's buffer).
#[derive(Debug, Clone)]
pub enum CaseInput<'a> {
    /// A case file.
    File(&'a Path),
    /// A case already read.
    Text(SourceFile),
    /// A case's text being edited, and the file it is saved as: the files psr keeps
    /// beside it (its approved copy) are read from that file's folder.
    Editing(SourceFile, &'a Path),
}

impl<'a> From<&'a Path> for CaseInput<'a> {
    fn from(path: &'a Path) -> Self {
        CaseInput::File(path)
    }
}

impl From<SourceFile> for CaseInput<'_> {
    fn from(source: SourceFile) -> Self {
        CaseInput::Text(source)
    }
}

/// A case loaded, with what psr keeps beside its file.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    /// The case.
    pub case: Loaded<Case>,
    /// The tree of the approved copy kept by `psr approve` (`NAME.approved.yaml`),
    /// when there is one that reads as YAML.
    pub approved: Option<serde_json::Value>,
    /// For an addendum: what changed in the case since the earlier case file, or why
    /// that file cannot be used.
    pub earlier: Option<Result<Vec<crate::diff::Change>, String>>,
}

impl LoadedCase {
    /// For an addendum, what changed in the case since the earlier report: every
    /// field but the report's own particulars and the restricted notes (which no
    /// report prints).
    pub fn changes(&self) -> Vec<crate::diff::Change> {
        match &self.earlier {
            Some(Ok(changes)) => changes.clone(),
            _ => Vec::new(),
        }
    }
}

/// What an addendum's changes are computed from: the case's content, the report's own
/// particulars and the restricted notes left out.
fn content(root: &serde_json::Value) -> serde_json::Value {
    let mut root = root.clone();
    if let Some(map) = root.as_object_mut() {
        map.remove("report");
        map.remove("restricted_notes");
        map.remove("schema_version");
    }
    root
}

/// The earlier case file an addendum names: a regular file in the folder of `file` or
/// below it, reached through no link that leaves the folder (a case file cannot make
/// psr print another file's values), that loads as a case within the limits of a
/// case (E017, E018, E019); then what changed since it. `None` for a case that is not
/// an addendum naming a file; `Some(Err(why))` for an earlier file that cannot be
/// used (E036).
fn earlier_changes(
    case: &Case,
    root: &serde_json::Value,
    file: Option<&Path>,
    limit: Option<Duration>,
) -> Result<Option<Result<Vec<crate::diff::Change>, String>>, Failure> {
    use crate::model::case::ReportKind;
    let Some(earlier) = case.report.addendum_to.as_ref() else {
        return Ok(None);
    };
    if case.report.kind != ReportKind::Addendum || !validate::is_plain_file_name(&earlier.case_file)
    {
        return Ok(None);
    }
    let Some(file) = file else {
        return Ok(Some(Err("the addendum is not read from a folder".into())));
    };
    let path = file.with_file_name(earlier.case_file.trim());
    if path == file {
        return Ok(Some(Err("it is this file".into())));
    }
    let later = content(root);
    // This file as it is on disk, to refuse an earlier file that is a link to it.
    let this = std::fs::canonicalize(file).ok();
    let work = move || read_earlier(&path, this.as_deref(), &later);
    let Some(limit) = limit else {
        return Ok(Some(work()));
    };
    // Reading a file of up to 5 MiB and comparing it is bounded but not instant: the
    // time limit covers it as it covers rendering. Past the limit the thread is
    // abandoned, as a render's is.
    let (answer, wait) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("psr-earlier".into())
        .spawn(move || {
            let _ = answer.send(work());
        })
        .map_err(|e| RenderError::Internal(format!("cannot start a thread: {e}")))?;
    match wait.recv_timeout(limit) {
        Ok(result) => Ok(Some(result)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(Failure::Render(RenderError::EarlierTimedOut {
                seconds: limit.as_secs(),
            }))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Render(
            RenderError::Internal(crate::panic::last_location()),
        )),
    }
}

/// The earlier case file at `path` checked, read and compared with `later` (the
/// case's content); `this` is the addendum's own file, every link followed.
fn read_earlier(
    path: &Path,
    this: Option<&Path>,
    later: &serde_json::Value,
) -> Result<Vec<crate::diff::Change>, String> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // The folder and the file as they are on disk, every link followed: the file
    // must be in the folder, or below it.
    let folder = std::fs::canonicalize(folder)
        .map_err(|e| format!("{}: cannot read its folder: {e}", path.display()))?;
    let resolved = match std::fs::canonicalize(path) {
        Ok(resolved) => resolved,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ReadError::NotFound {
                path: path.display().to_string(),
            }
            .to_string());
        }
        Err(e) => return Err(format!("{}: cannot read: {e}", path.display())),
    };
    if this == Some(resolved.as_path()) {
        return Err("it is this file".into());
    }
    if !resolved.starts_with(&folder) {
        return Err(format!(
            "{} is a link to a file outside this case's folder: psr reads the earlier case only from the folder of the addendum",
            path.display()
        ));
    }
    let source = match load::read_source(&resolved) {
        Ok(Ok(source)) => SourceFile {
            name: path.display().to_string(),
            text: source.text,
        },
        Ok(Err(unusable)) => return Err(unusable.finding.message),
        Err(ReadError::IsDirectory { .. }) => {
            return Err(format!("{} is a folder, not a case file", path.display()));
        }
        Err(error) => return Err(error.to_string()),
    };
    let first = |findings: &[Diagnostic]| {
        findings
            .iter()
            .find(|d| d.is_error())
            .map(|d| {
                let line = d
                    .location
                    .map(|l| format!(" at line {}", l.line))
                    .unwrap_or_default();
                format!("{}{line}: {}", d.code, d.message)
            })
            .unwrap_or_default()
    };
    let earlier = match load::load_source::<Case>(source) {
        Ok(loaded) if !has_errors(&loaded.findings) => loaded,
        Ok(loaded) => {
            return Err(format!(
                "it is not a case psr reads ({})",
                first(&loaded.findings)
            ));
        }
        Err(LoadFailure::Invalid { diagnostics, .. }) => {
            return Err(format!(
                "it is not a case psr reads ({})",
                first(&diagnostics)
            ));
        }
        Err(LoadFailure::Read(error)) => return Err(error.to_string()),
    };
    let over = validate::lengths(&earlier.document, limits::CASE, limits::CASE_TEXT);
    if let Some(finding) = over.iter().find(|d| d.is_error()) {
        return Err(format!(
            "it is over a limit of a case file ({}): {}",
            finding.code, finding.message
        ));
    }
    Ok(crate::diff::diff(&content(&earlier.document.root), later))
}

/// Loads a case, and what psr keeps beside its file. `limit` bounds the reading of an
/// addendum's earlier case file (the rest is bounded by the limits of a case file).
fn load_case(input: CaseInput<'_>, limit: Option<Duration>) -> Result<LoadedCase, Failure> {
    let (case, file) = match input {
        CaseInput::File(path) => (load::load::<Case>(path)?, Some(path)),
        CaseInput::Text(source) => (load::load_source::<Case>(source)?, None),
        CaseInput::Editing(source, path) => (load::load_source::<Case>(source)?, Some(path)),
    };
    let approved = file.and_then(supervision::read_approved_copy);
    let earlier = earlier_changes(&case.value, &case.document.root, file, limit)?;
    Ok(LoadedCase {
        case,
        approved,
        earlier,
    })
}

/// Loads and checks a catalogue, once for any number of cases. Its text is checked
/// against `fonts` too, so that a measure's name no font can print is found in the
/// catalogue rather than in every report. A catalogue with warnings only is loaded,
/// its warnings kept in [`Loaded::findings`] for the commands to show once.
pub fn load_catalogue(
    path: &Path,
    fonts: &dyn Coverage,
) -> Result<Arc<Loaded<Catalogue>>, Failure> {
    check_catalogue(load::load::<Catalogue>(path)?, fonts)
}

/// The checks of [`load_catalogue`] on a catalogue read.
fn check_catalogue(
    mut catalogue: Loaded<Catalogue>,
    fonts: &dyn Coverage,
) -> Result<Arc<Loaded<Catalogue>>, Failure> {
    let mut findings = std::mem::take(&mut catalogue.findings);
    findings.extend(validate::validate_catalogue(
        &catalogue.value,
        &catalogue.document.map,
    ));
    findings.extend(validate::unprintable_text(&catalogue.document, fonts));
    findings.extend(validate::lengths(
        &catalogue.document,
        limits::CATALOGUE,
        limits::CATALOGUE_TEXT,
    ));
    sort_in_file_order(&mut findings);
    if has_errors(&findings) {
        return Err(Failure::Invalid(vec![FileFindings {
            source: catalogue.document.source,
            diagnostics: findings,
        }]));
    }
    catalogue.findings = findings;
    Ok(Arc::new(catalogue))
}

/// The warnings about a catalogue, with its file for the printer; `None` when it
/// has none.
fn catalogue_warnings(catalogue: &Loaded<Catalogue>) -> Option<FileFindings> {
    (!catalogue.findings.is_empty()).then(|| FileFindings {
        source: catalogue.document.source.clone(),
        diagnostics: catalogue.findings.clone(),
    })
}

/// Every finding about a loaded case and, when there is a catalogue, its proposal:
/// loading's own, the rules, the matching, and the font check; in file order.
fn examine(
    loaded: &LoadedCase,
    catalogue: Option<&Catalogue>,
    matching: Option<&Matching>,
    fonts: &dyn Coverage,
) -> Vec<Diagnostic> {
    let case = &loaded.case;
    let area = validate::Jurisdiction::of(catalogue);
    let mut rules = validate::validate_case_in(&case.value, &case.document.map, &area);
    rules.extend(validate::approval(
        &case.value,
        &case.document.root,
        &case.document.map,
        loaded.approved.as_ref(),
    ));
    // A signed approval verifies, or the field changed since is named (E037).
    rules.extend(crate::sign::approval::check(
        &case.document.root,
        &case.document.map,
        loaded.approved.as_ref(),
    ));
    if let Some(Err(why)) = &loaded.earlier {
        let path = "report.addendum_to.case_file";
        rules.push(
            Diagnostic::new(
                codes::E036,
                path,
                format!("the earlier case file cannot be read: {why}"),
            )
            .with_hint("keep the case file the earlier report was rendered from beside this one, under the name given")
            .at(case.document.map.value(path)),
        );
    }
    // No field the author filled is dropped unsaid: one finding names those the
    // report's kind does not print.
    let unprinted = view::unprinted(&case.value);
    if !unprinted.is_empty() {
        let kind = case.value.report.kind.as_str().replace('_', "-");
        let fields: Vec<String> = unprinted.iter().map(|p| format!("`{p}`")).collect();
        rules.push(
            Diagnostic::new(
                codes::W038,
                "report.kind",
                format!(
                    "a {kind} report does not print what these fields hold: {}",
                    fields.join(", ")
                ),
            )
            .with_hint("each kind of report prints what its question needs (README, \"Kinds\"): choose the kind that prints them, or leave them out; the file keeps them either way")
            .at(case.document.map.value("report.kind")),
        );
    }
    if let Some(skeleton) = <Case as SectionedFormat>::skeleton() {
        let status = case.value.report.status;
        rules.extend(validate::placeholders(status, &case.document, skeleton));
    }
    if let Some(matching) = matching {
        rules.extend(matching.findings.iter().cloned());
    }
    // A finding about a field that failed to load is about its stand-in.
    rules.retain(|finding| !case.taint.silences(&finding.path, reads(finding.code)));
    let mut findings = case.findings.clone();
    findings.extend(rules);
    findings.extend(validate::unprintable_text(&case.document, fonts));
    findings.extend(validate::lengths(
        &case.document,
        limits::CASE,
        limits::CASE_TEXT,
    ));
    sort_in_file_order(&mut findings);
    findings
}

/// The fields of the case that the finding of `code` reads; everything, for a code
/// that no rule lists.
fn reads(code: &str) -> &'static [&'static str] {
    validate::reads(code)
        .or_else(|| matching::reads(code))
        .unwrap_or(&[""])
}

fn match_case(case: &Loaded<Case>, catalogue: &Catalogue) -> Matching {
    matching::match_measures(&case.value, catalogue, &case.document.map)
}

/// The checks of the pipeline without rendering: what `psr validate` runs.
pub struct Checker {
    catalogue: Option<Arc<Loaded<Catalogue>>>,
    fonts: Arc<dyn Coverage + Send + Sync>,
}

impl Checker {
    /// Checks cases with the fonts of `resources` and, when given, against a
    /// catalogue.
    pub fn new(catalogue: Option<&Path>, resources: &Resources) -> Result<Checker, Failure> {
        // The fonts, and the case skeleton every case is read with, are made on a
        // second thread while the catalogue is read: a cold `psr validate` waits for
        // the catalogue alone (docs/performance.md).
        let (fonts, read) = std::thread::scope(|scope| {
            let worker = scope.spawn(|| {
                let _ = <Case as SectionedFormat>::skeleton();
                resources.fonts()
            });
            let read = catalogue.map(load::load::<Catalogue>);
            (worker.join(), read)
        });
        let fonts = Arc::new(fonts.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?);
        let catalogue = match read {
            Some(read) => Some(check_catalogue(read?, fonts.as_ref())?),
            None => None,
        };
        Ok(Checker { catalogue, fonts })
    }

    /// The catalogue's warnings, to show once whatever the number of cases.
    pub fn catalogue_warnings(&self) -> Option<FileFindings> {
        self.catalogue.as_deref().and_then(catalogue_warnings)
    }

    /// Every finding about a case. A file with mistakes that stop loading is still
    /// `Ok`, with those mistakes; `Err` is a file that cannot be read.
    pub fn findings<'a>(&self, input: impl Into<CaseInput<'a>>) -> Result<FileFindings, Failure> {
        let loaded = match load_case(input.into(), None) {
            Ok(loaded) => loaded,
            Err(Failure::Invalid(mut files)) if files.len() == 1 => return Ok(files.remove(0)),
            Err(failure) => return Err(failure),
        };
        let matching = self
            .catalogue
            .as_ref()
            .map(|c| match_case(&loaded.case, &c.value));
        let diagnostics = examine(
            &loaded,
            self.catalogue.as_ref().map(|c| &c.value),
            matching.as_ref(),
            self.fonts.as_ref(),
        );
        Ok(FileFindings {
            source: loaded.case.document.source,
            diagnostics,
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

    /// Renders the editions of a prepared case, court first; refuses a case with
    /// errors. Nothing is returned unless every edition rendered.
    pub fn render(
        &self,
        prepared: Prepared,
        editions: &[Edition],
    ) -> Result<RenderedCase, Failure> {
        if !prepared.renderable() {
            return Err(Failure::Invalid(vec![prepared.file_findings()]));
        }
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
        self.render(self.prepare(input)?, editions)
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

#[cfg(test)]
mod tests {
    use crate::diagnostic::codes::CODES;
    use crate::{matching, validate};

    /// Every code a case rule or the matching reports says which fields it reads, so
    /// that a field that failed to load silences exactly the findings about it.
    #[test]
    fn every_code_of_the_case_rules_and_the_matching_says_what_it_reads() {
        let load_or_catalogue = |code: &str| {
            code.starts_with("E0") && code[2..3] <= *"1"
                || code == "E020"
                || code.starts_with("E08")
                || code == "W089"
        };
        for code in CODES.iter().filter(|c| !load_or_catalogue(c.code)) {
            let reads = validate::reads(code.code).or_else(|| matching::reads(code.code));
            assert!(reads.is_some(), "{} lists no fields it reads", code.code);
        }
        for rule in validate::CASE_RULES {
            for code in rule.codes {
                assert!(validate::reads(code.code).is_some(), "{}", code.code);
            }
        }
    }
}
