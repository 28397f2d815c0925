//! psr turns a structured YAML case file into a court-ready pre-sentence report.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`] — read the YAML (size cap, UTF-8, strict YAML), keep every node's
//!    position, and give it the types of [`model`];
//! 2. [`validate`] — the rules about the case itself (ages, dates, supervision);
//! 3. [`matching`] — the proposal against the catalogue of measures: eligibility,
//!    conditions, conflicts with work and care, least-restrictive ordering;
//! 4. [`view`] — the view model, the only thing templates see;
//! 5. [`render`] — Typst in process, PDF/A-2b;
//! 6. [`output`] — atomic, owner-only, never clobbering writes.
//!
//! [`batch`] runs the pipeline over many cases in parallel.
//!
//! [`prepare`] runs stages 1–3 and is what every command calls. Findings are
//! [`diagnostic::Diagnostic`]s, printed by one printer.
//!
//! The rules serve the UN Kyoto Model Strategies on Reducing Reoffending (2025); comments
//! and hints cite them as "para N".

#![warn(missing_docs)]
// Findings are returned on cold paths only; boxing them would buy nothing.
#![allow(clippy::result_large_err)]

#[cfg(feature = "render")]
pub mod batch;
pub mod diagnostic;
pub mod load;
pub mod matching;
pub mod model;
pub mod output;
#[cfg(feature = "render")]
pub mod render;
pub mod validate;
pub mod view;

use std::path::Path;
use std::sync::Arc;

use diagnostic::{Diagnostic, has_errors, sort_in_file_order};
use load::{LoadFailure, Loaded, ReadError, SourceFile};
use matching::Matching;
use model::{Case, Catalogue};

/// The findings about one file.
#[derive(Debug)]
pub struct FileFindings {
    /// The file, for snippets.
    pub source: SourceFile,
    /// Its findings in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Why a case could not be prepared.
#[derive(Debug)]
pub enum Failure {
    /// A file could not be read (exit status 2).
    Read(ReadError),
    /// The files have errors (exit status 1).
    Invalid(Vec<FileFindings>),
}

/// A case that passed every check, with its catalogue and the matching.
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

fn loaded<T: serde::de::DeserializeOwned + load::SectionedFormat>(
    path: &Path,
) -> Result<Loaded<T>, Failure> {
    Ok(load::load::<T>(path)?)
}

/// Loads, validates and matches a case against a catalogue: stages 1–3, shared by
/// every command. A file that cannot be loaded, or a catalogue with errors, is a
/// [`Failure`]; a case with errors is still [`Prepared`] (so that `measures` can show
/// the options), and [`Prepared::has_errors`] tells whether a report may be written.
pub fn prepare(case_path: &Path, catalogue_path: &Path) -> Result<Prepared, Failure> {
    let catalogue = load_catalogue(catalogue_path);
    let case = loaded::<Case>(case_path);
    match (case, catalogue) {
        (Ok(case), Ok(catalogue)) => Ok(prepare_loaded(case, catalogue)),
        (Err(Failure::Read(e)), _) | (_, Err(Failure::Read(e))) => Err(Failure::Read(e)),
        (case, catalogue) => {
            // Report both files' mistakes at once.
            let mut files = Vec::new();
            for failure in [case.err(), catalogue.err()].into_iter().flatten() {
                if let Failure::Invalid(f) = failure {
                    files.extend(f);
                }
            }
            Err(Failure::Invalid(files))
        }
    }
}

/// Loads and validates a catalogue, once for any number of cases.
pub fn load_catalogue(path: &Path) -> Result<Arc<Loaded<Catalogue>>, Failure> {
    let catalogue = loaded::<Catalogue>(path)?;
    let mut findings = validate::validate_catalogue(&catalogue.value, &catalogue.document.map);
    if has_errors(&findings) {
        sort_in_file_order(&mut findings);
        return Err(Failure::Invalid(vec![FileFindings {
            source: catalogue.document.source,
            diagnostics: findings,
        }]));
    }
    Ok(Arc::new(catalogue))
}

/// Loads, validates and matches a case against a catalogue already loaded.
pub fn prepare_case(
    case_path: &Path,
    catalogue: Arc<Loaded<Catalogue>>,
) -> Result<Prepared, Failure> {
    Ok(prepare_loaded(loaded::<Case>(case_path)?, catalogue))
}

/// Loads, validates and matches a case held in memory (an editor's buffer, `--watch`,
/// benchmarks) against a catalogue already loaded.
pub fn prepare_source(
    source: SourceFile,
    catalogue: Arc<Loaded<Catalogue>>,
) -> Result<Prepared, Failure> {
    Ok(prepare_loaded(
        load::load_source::<Case>(source)?,
        catalogue,
    ))
}

fn prepare_loaded(case: Loaded<Case>, catalogue: Arc<Loaded<Catalogue>>) -> Prepared {
    let mut findings = validate::validate_case(&case.value, &case.document.map);
    let matching = matching::match_measures(&case.value, &catalogue.value, &case.document.map);
    findings.extend(matching.findings.iter().cloned());
    sort_in_file_order(&mut findings);
    Prepared {
        case,
        catalogue,
        matching,
        findings,
    }
}

/// Loads and validates a case alone (no catalogue): its findings. `can_print` tells
/// which characters the renderer's fonts have (see [`validate::unprintable_text`]).
pub fn check_case(
    case_path: &Path,
    can_print: &dyn Fn(char) -> bool,
) -> Result<FileFindings, Failure> {
    match loaded::<Case>(case_path) {
        Ok(case) => {
            let mut diagnostics = validate::validate_case(&case.value, &case.document.map);
            diagnostics.extend(validate::unprintable_text(&case.document, can_print));
            sort_in_file_order(&mut diagnostics);
            Ok(FileFindings {
                source: case.document.source,
                diagnostics,
            })
        }
        Err(Failure::Invalid(mut files)) if files.len() == 1 => Ok(files.remove(0)),
        Err(e) => Err(e),
    }
}

/// Checks that the renderer's fonts can print every text of a catalogue (E016): once
/// per catalogue, whatever the number of cases.
pub fn check_catalogue_fonts(
    catalogue: &Loaded<Catalogue>,
    can_print: &dyn Fn(char) -> bool,
) -> Result<(), Failure> {
    let diagnostics = validate::unprintable_text(&catalogue.document, can_print);
    if diagnostics.is_empty() {
        return Ok(());
    }
    Err(Failure::Invalid(vec![FileFindings {
        source: catalogue.document.source.clone(),
        diagnostics,
    }]))
}

impl Prepared {
    /// Adds a finding (E016) for each text of the case that the renderer's fonts
    /// cannot print: run before rendering, so that the finding names the field.
    pub fn check_fonts(&mut self, can_print: &dyn Fn(char) -> bool) {
        let found = validate::unprintable_text(&self.case.document, can_print);
        if !found.is_empty() {
            self.findings.extend(found);
            sort_in_file_order(&mut self.findings);
        }
    }

    /// Whether any finding stops the report.
    pub fn has_errors(&self) -> bool {
        has_errors(&self.findings)
    }

    /// The findings with the case file, for the printer.
    pub fn file_findings(&self) -> FileFindings {
        FileFindings {
            source: self.case.document.source.clone(),
            diagnostics: self.findings.clone(),
        }
    }

    /// The court copy's view model.
    pub fn court_view(&self) -> view::ReportView {
        view::court_view(&self.case.value, &self.catalogue.value, &self.matching)
    }
}

/// Which copy of a report to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Copy {
    /// The court copy (every report kind's own template).
    Court,
    /// The plain-language copy for the person (para 12).
    Person,
}

impl Copy {
    /// `court` or `person`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Court => "court",
            Self::Person => "person",
        }
    }
}

impl Prepared {
    /// The view model of a copy.
    pub fn view(&self, copy: Copy) -> view::ReportView {
        match copy {
            Copy::Court => self.court_view(),
            Copy::Person => view::person_view(&self.case.value, &self.matching),
        }
    }

    /// Stages 4–5: the view of a copy laid out and exported as PDF/A-2b.
    #[cfg(feature = "render")]
    pub fn render(
        &self,
        engine: &render::Engine,
        copy: Copy,
    ) -> Result<render::Rendered, render::RenderError> {
        let case = &self.case.value;
        let view = self.view(copy);
        let json = serde_json::to_string(&view)
            .map_err(|e| render::RenderError::Typst(format!("internal: view model: {e}")))?;
        let template = match copy {
            Copy::Court => format!("{}.typ", case.report.kind.as_str()),
            Copy::Person => "person.typ".to_string(),
        };
        // The PDF identifier is a hash of this: stable across runs, no personal data.
        let ident = format!("psr:{}:{}", case.report.court_reference, copy.as_str());
        engine
            .render(&template, &json, validate::report_date(case), &ident)
            .map_err(|error| match error {
                render::RenderError::Unprintable { texts, message, .. } => {
                    // Point at the fields that hold the text, as validation would.
                    let findings = [&self.case.document, &self.catalogue.document]
                        .into_iter()
                        .filter_map(|document| {
                            let diagnostics = validate::unprintable_combinations(document, &texts);
                            (!diagnostics.is_empty()).then(|| FileFindings {
                                source: document.source.clone(),
                                diagnostics,
                            })
                        })
                        .collect();
                    render::RenderError::Unprintable {
                        texts,
                        message,
                        findings,
                    }
                }
                error => error,
            })
    }
}
