//! The checks of a case without rendering: load → validate → match → the font check,
//! and what `psr validate` prints of them. The renderer ([`crate::pipeline`]) runs the
//! same checks before it renders; here they need neither Typst nor the command line,
//! so that a rule is tested in seconds (README, "For developers").

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::diagnostic::{
    Diagnostic, FileReport, codes, has_errors, render_human, sort_in_file_order, summary,
};
use crate::load::{self, LoadFailure, Loaded, ReadError, SectionedFormat, SourceFile};
use crate::matching::{self, Matching};
use crate::model::{Case, Catalogue, limits};
use crate::output::WriteError;
use crate::supervision;
use crate::validate::{self, Coverage, CoveredRanges};
use crate::view;

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
    #[cfg(feature = "render")]
    #[error("{0}")]
    Render(#[from] crate::render::RenderError),
    /// Reading an addendum's earlier case file and comparing it with the case took
    /// longer than the time limit, and was abandoned (exit status 2).
    #[error(
        "reading and comparing the earlier case file took longer than {seconds} s and was stopped: check that `report.addendum_to.case_file` names the earlier case file"
    )]
    EarlierTimedOut {
        /// The limit.
        seconds: u64,
    },
    /// A defect inside psr or a library it uses (exit status 2). What it said is not
    /// shown: it may quote the case.
    #[error("internal error ({0}); nothing was written")]
    Internal(String),
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
        .map_err(|e| {
            Failure::Internal(format!("the earlier case file: cannot start a thread: {e}"))
        })?;
    match wait.recv_timeout(limit) {
        Ok(result) => Ok(Some(result)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Failure::EarlierTimedOut {
            seconds: limit.as_secs(),
        }),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Failure::Internal(format!(
            "the earlier case file: {}",
            crate::panic::last_location()
        ))),
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
    let earlier = match load::load_source::<Case>(source) {
        Ok(loaded) if !has_errors(&loaded.findings) => loaded,
        Ok(loaded) => {
            return Err(format!(
                "it is not a case psr reads ({})",
                first_error(&loaded.findings)
            ));
        }
        Err(LoadFailure::Invalid { diagnostics, .. }) => {
            return Err(format!(
                "it is not a case psr reads ({})",
                first_error(&diagnostics)
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

/// The first error of `findings`, in one line: why an earlier case file is refused.
fn first_error(findings: &[Diagnostic]) -> String {
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
}

/// Loads a case, and what psr keeps beside its file. `limit` bounds the reading of an
/// addendum's earlier case file (the rest is bounded by the limits of a case file).
pub(crate) fn load_case(
    input: CaseInput<'_>,
    limit: Option<Duration>,
) -> Result<LoadedCase, Failure> {
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
pub(crate) fn check_catalogue(
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
pub(crate) fn catalogue_warnings(catalogue: &Loaded<Catalogue>) -> Option<FileFindings> {
    (!catalogue.findings.is_empty()).then(|| FileFindings {
        source: catalogue.document.source.clone(),
        diagnostics: catalogue.findings.clone(),
    })
}

/// Every finding about a loaded case and, when there is a catalogue, its proposal:
/// loading's own, the rules, the matching, and the font check; in file order.
pub(crate) fn examine(
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

/// What the findings [`examine`] makes itself read ([`validate::Reports`]).
const EXAMINE_REPORTS: &[validate::Reports] = &[
    validate::reports(codes::E036, &["report"]),
    // Made from the view's table of what each kind prints.
    validate::reports(codes::W038, &["report.kind"]),
];

/// What the finding of `code` reads, from the table beside the check that makes it;
/// `None` for a code no check of a case makes.
fn listed_reads(code: &str) -> Option<&'static [&'static str]> {
    let rules = validate::CASE_RULES.iter().flat_map(|rule| rule.reports);
    let others = [
        validate::APPROVAL_REPORTS,
        validate::PLACEHOLDER_REPORTS,
        crate::sign::approval::REPORTS,
        EXAMINE_REPORTS,
        matching::REPORTS,
    ];
    rules
        .chain(others.into_iter().flatten())
        .find(|r| r.code.code == code)
        .map(|r| r.reads)
}

/// The fields of the case that the finding of `code` reads; everything, for a code
/// that no table lists.
fn reads(code: &str) -> &'static [&'static str] {
    listed_reads(code).unwrap_or(&[""])
}

pub(crate) fn match_case(case: &Loaded<Case>, catalogue: &Catalogue) -> Matching {
    matching::match_measures(&case.value, catalogue, &case.document.map)
}

/// The checks of the pipeline without rendering: what `psr validate` runs.
pub struct Checker {
    catalogue: Option<Arc<Loaded<Catalogue>>>,
    fonts: Arc<dyn Coverage + Send + Sync>,
}

impl Checker {
    /// Checks cases with the fonts compiled into psr (no template folder nor
    /// `--font-path`) and, when given, against a catalogue.
    pub fn builtin(catalogue: Option<&Path>) -> Result<Checker, Failure> {
        Checker::with_fonts(catalogue, || Ok(Arc::new(CoveredRanges::builtin())))
    }

    /// Checks cases with the fonts `fonts` makes and, when given, against a
    /// catalogue.
    pub fn with_fonts(
        catalogue: Option<&Path>,
        fonts: impl FnOnce() -> Result<Arc<dyn Coverage + Send + Sync>, Failure> + Send,
    ) -> Result<Checker, Failure> {
        // The fonts, and the case skeleton every case is read with, are made on a
        // second thread while the catalogue is read: a cold `psr validate` waits for
        // the catalogue alone (docs/performance.md).
        let (fonts, read) = std::thread::scope(|scope| {
            let worker = scope.spawn(|| {
                let _ = <Case as SectionedFormat>::skeleton();
                fonts()
            });
            let read = catalogue.map(load::load::<Catalogue>);
            (worker.join(), read)
        });
        let fonts = fonts.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
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

/// Where `psr validate` prints: JSON on `stdout`, snippets and summaries on
/// `stderr`. The command gives it the process's streams; a test gives it buffers and
/// reads what the command would have printed, byte for byte.
pub struct ValidateOutput<'a> {
    /// One JSON object a file (`--json`) instead of snippets.
    pub json: bool,
    /// Colour in the snippets (a terminal, and `NO_COLOR` unset).
    pub color: bool,
    /// Standard output.
    pub stdout: &'a mut dyn Write,
    /// Standard error.
    pub stderr: &'a mut dyn Write,
}

/// Exit status 1: the input has errors, nothing was written.
pub const INVALID: u8 = 1;
/// Exit status 2: usage, I/O or internal error.
pub const FAILED: u8 = 2;

impl ValidateOutput<'_> {
    /// `psr validate CASE... [--catalogue FILE]` once the checker is made (`Err` when
    /// the catalogue could not be used): every case checked and its findings printed.
    /// The exit status, or the failure that stops the run (exit status 2, which the
    /// command prints).
    pub fn validate(
        &mut self,
        checker: Result<Checker, Failure>,
        catalogue: Option<&Path>,
        cases: &[PathBuf],
    ) -> Result<u8, Failure> {
        let catalogue = catalogue.unwrap_or(Path::new(""));
        let checker = match checker {
            Ok(checker) => checker,
            Err(Failure::Invalid(files)) => {
                self.findings(&files, catalogue)?;
                return Ok(INVALID);
            }
            Err(failure) => return Err(failure),
        };
        if let Some(warnings) = checker.catalogue_warnings() {
            self.findings(&[warnings], catalogue)?;
        }
        let mut status = 0;
        for path in cases {
            let files = match checker.findings(path.as_path()) {
                Ok(file) => vec![file],
                Err(Failure::Invalid(files)) => files,
                Err(failure) => {
                    // One unreadable file does not hide the others' findings.
                    writeln!(self.stderr, "error: {failure}").map_err(stream_error)?;
                    status = status.max(FAILED);
                    continue;
                }
            };
            if self.findings(&files, path)? {
                status = status.max(INVALID);
            }
        }
        Ok(status)
    }

    /// Prints the findings of one input (JSON on stdout, or snippets and a summary on
    /// stderr); whether they hold an error.
    pub fn findings(&mut self, files: &[FileFindings], path: &Path) -> Result<bool, Failure> {
        let mut errors = false;
        for file in files {
            errors |= has_errors(&file.diagnostics);
            if self.json {
                let report = FileReport {
                    path: &file.source.name,
                    valid: !has_errors(&file.diagnostics),
                    diagnostics: &file.diagnostics,
                };
                let line = serde_json::to_string(&report)
                    .map_err(|e| Failure::Internal(format!("the findings as JSON: {e}")))?;
                writeln!(self.stdout, "{line}").map_err(stream_error)?;
            }
        }
        if !self.json {
            write!(self.stderr, "{}", snippets(files, self.color)).map_err(stream_error)?;
            let all: Vec<_> = files
                .iter()
                .flat_map(|f| f.diagnostics.iter().cloned())
                .collect();
            writeln!(self.stderr, "{}: {}", path.display(), summary(&all)).map_err(stream_error)?;
        }
        Ok(errors)
    }
}

/// The findings of some files as snippets of each, for a person at a terminal.
pub fn snippets(files: &[FileFindings], color: bool) -> String {
    files
        .iter()
        .map(|file| {
            render_human(
                &file.diagnostics,
                &file.source.name,
                &file.source.text,
                color,
            )
        })
        .collect()
}

/// A standard stream that cannot be written (a full disk behind a redirection).
fn stream_error(error: std::io::Error) -> Failure {
    Failure::Write(WriteError::Io {
        path: PathBuf::from("the standard output"),
        source: error,
    })
}

#[cfg(test)]
mod tests {
    use super::listed_reads;
    use crate::diagnostic::codes::CODES;

    /// Every code a check of a case reports says which fields it reads, so that a
    /// field that failed to load silences exactly the findings about it; and says it
    /// once, or two tables could disagree.
    #[test]
    fn every_code_of_the_checks_of_a_case_says_what_it_reads() {
        let load_or_catalogue = |code: &str| {
            code.starts_with("E0") && code[2..3] <= *"1"
                || code == "E020"
                || code.starts_with("E08")
                || code == "W089"
        };
        for code in CODES.iter().filter(|c| !load_or_catalogue(c.code)) {
            assert!(
                listed_reads(code.code).is_some(),
                "{} lists no fields it reads",
                code.code
            );
        }
        let mut seen = std::collections::BTreeMap::new();
        let rules = crate::validate::CASE_RULES
            .iter()
            .flat_map(|rule| rule.reports);
        let others = [
            crate::validate::APPROVAL_REPORTS,
            crate::validate::PLACEHOLDER_REPORTS,
            crate::sign::approval::REPORTS,
            super::EXAMINE_REPORTS,
            crate::matching::REPORTS,
        ];
        for listed in rules.chain(others.into_iter().flatten()) {
            if let Some(before) = seen.insert(listed.code.code, listed.reads) {
                assert_eq!(
                    before, listed.reads,
                    "{} is listed twice, reading other fields",
                    listed.code.code
                );
            }
        }
    }
}
