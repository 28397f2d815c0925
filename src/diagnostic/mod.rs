//! Findings about an input file, and the one printer that shows them.
//!
//! Every finding has a stable code, a severity, the field path, the line and column
//! in the YAML file, a lowercase one-line message and a hint. They are printed like
//! rustc's, through miette ([`render_human`]), or as JSON. Every code is listed once in
//! [`codes::CODES`], and `docs/diagnostics.md` explains each.

pub mod codes;
mod hints;
pub mod kyoto;
mod print;

use serde::Serialize;

pub use hints::{closest, leading_zero_hint};
pub use print::{printable, render_human, render_upstream};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input is wrong or the report would mislead a court: nothing is written.
    Error,
    /// Printed, and listed in the report's points for the court's attention.
    Warning,
    /// Informational.
    Note,
}

/// A place in a source file (1-based line and column, 0-based byte span).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Byte offset of the node.
    #[serde(skip)]
    pub offset: usize,
    /// Length in bytes of the node (0 when unknown).
    #[serde(skip)]
    pub len: usize,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable code, e.g. `E012`; listed in `docs/diagnostics.md`.
    pub code: &'static str,
    /// Error, warning or note.
    pub severity: Severity,
    /// One lowercase line in plain English.
    pub message: String,
    /// The field path, e.g. `proposal.measures[1].parameters.hours` (empty: the whole file).
    pub path: String,
    /// Where in the file, when the finding comes from a node of it.
    #[serde(flatten)]
    pub location: Option<Location>,
    /// What to do about it, citing the model strategies where they explain the rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A finding of kind `code` about the field at `path` (empty: the whole file).
    pub fn new(code: codes::Code, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.code,
            severity: code.severity,
            message: message.into(),
            path: path.into(),
            location: None,
            hint: None,
        }
    }

    /// Adds a hint, led by the parts of the model strategies the code cites (one
    /// registry, [`codes::CODES`]): "para 13: say where the information comes from".
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        let hint = hint.into();
        let cites = codes::lookup(self.code).map_or(&[][..], |c| c.cites);
        self.hint = Some(if cites.is_empty() {
            hint
        } else {
            format!("{}: {hint}", kyoto::cite(cites, kyoto::ENGLISH))
        });
        self
    }

    /// Adds a location.
    pub fn at(mut self, location: Option<Location>) -> Self {
        self.location = location;
        self
    }

    /// Whether this finding stops the report.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Whether any finding is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// Sorts findings into file order (then by code), the order a reader fixes them in.
pub fn sort_in_file_order(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| {
        (
            d.location.map_or((usize::MAX, 0), |l| (l.line, l.column)),
            d.code,
        )
    });
}

/// The machine-readable findings of one file, for `--json`.
#[derive(Debug, Serialize)]
pub struct FileReport<'a> {
    /// The file's path as given.
    pub path: &'a str,
    /// Whether the file has no errors.
    pub valid: bool,
    /// Its findings in file order.
    pub diagnostics: &'a [Diagnostic],
}

/// One-line summary: "2 errors, 1 warning".
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    format!(
        "{errors} error{}, {warnings} warning{}",
        if errors == 1 { "" } else { "s" },
        if warnings == 1 { "" } else { "s" }
    )
}
