//! Findings about an input file, and the one printer that shows them.
//!
//! Every finding has a stable code, a severity, the field path, the line and column
//! in the YAML file, a lowercase one-line message and a hint (rules.md: "Three kinds
//! of finding"). They are printed like rustc's, through miette, or as JSON.

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};
use serde::Serialize;

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
    /// An error.
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path, message)
    }

    /// A warning.
    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, path, message)
    }

    /// A note.
    pub fn note(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Note, code, path, message)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            path: path.into(),
            location: None,
            hint: None,
        }
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
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

/// Prints findings for a person at a terminal: a labelled snippet of the file with
/// the node underlined, like rustc. `color` is decided by the caller (terminal and
/// `NO_COLOR`).
pub fn render_human(
    diagnostics: &[Diagnostic],
    file_name: &str,
    source: &str,
    color: bool,
) -> String {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false);
    // What reaches the terminal is never the file's raw bytes: control characters
    // (escape sequences that set a title or clear the screen) become `?`, one per
    // byte, so that every offset still points at the same place.
    let shown: String = source
        .chars()
        .flat_map(|c| {
            let replace = c.is_control() && !matches!(c, '\n' | '\t' | '\r');
            let n = if replace { c.len_utf8() } else { 1 };
            std::iter::repeat_n(if replace { '?' } else { c }, n)
        })
        .collect();
    let source = shown.as_str();
    let mut out = String::new();
    for diagnostic in diagnostics {
        let mut report = MietteDiagnostic::new(printable(&diagnostic.message))
            .with_code(diagnostic.code)
            .with_severity(match diagnostic.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            });
        if let Some(hint) = &diagnostic.hint {
            report = report.with_help(printable(hint));
        }
        let label = if diagnostic.path.is_empty() {
            "here".to_string()
        } else {
            printable(&diagnostic.path)
        };
        // miette cannot print a snippet past column 65 535 (its widths are u16): far
        // along a very long line, the place is given in words instead.
        let printable = diagnostic.location.filter(|l| {
            let line_start = source[..l.offset.min(source.len())]
                .rfind('\n')
                .map_or(0, |p| p + 1);
            let line_end = source[line_start..]
                .find('\n')
                .map_or(source.len(), |p| line_start + p);
            line_end - line_start < 10_000
        });
        if let (Some(l), None) = (diagnostic.location, printable) {
            let _ = writeln!(out, "{file_name}:{}:{}:", l.line, l.column);
        }
        match printable {
            Some(l) => {
                let len = l
                    .len
                    .max(1)
                    .min(source.len().saturating_sub(l.offset).max(1));
                report = report.with_label(LabeledSpan::at(l.offset..l.offset + len, label));
            }
            // Without a snippet miette would not name the file: say it ourselves.
            None if diagnostic.location.is_none() => {
                let _ = writeln!(out, "{file_name}:");
            }
            None => {}
        }
        let report = miette::Report::new(report)
            .with_source_code(NamedSource::new(file_name, source.to_string()));
        let mut text = String::new();
        if handler.render_report(&mut text, report.as_ref()).is_err() {
            // Fall back to one plain line: never lose a finding to a rendering problem.
            let _ = writeln!(
                text,
                "{}: {file_name}: {}",
                diagnostic.code, diagnostic.message
            );
        }
        out.push_str(&text);
        out.push('\n');
    }
    out
}

/// Text from a file made safe for a terminal: control characters become `?`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { '?' } else { c })
        .collect()
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
