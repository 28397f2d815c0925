//! The one printer of findings for a person at a terminal.

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource};

use super::{Diagnostic, Severity};

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
    let source = terminal_safe(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&one(&handler, diagnostic, file_name, &source));
        out.push('\n');
    }
    out
}

/// What reaches the terminal is never the file's raw bytes: control characters
/// (escape sequences that set a title or clear the screen) become `?`, one per byte,
/// so that every offset still points at the same place.
fn terminal_safe(source: &str) -> String {
    source
        .chars()
        .flat_map(|c| {
            let replace = c.is_control() && !matches!(c, '\n' | '\t' | '\r');
            let n = if replace { c.len_utf8() } else { 1 };
            std::iter::repeat_n(if replace { '?' } else { c }, n)
        })
        .collect()
}

/// One finding with its snippet, or with its place in words when no snippet can be
/// drawn.
fn one(
    handler: &GraphicalReportHandler,
    diagnostic: &Diagnostic,
    file_name: &str,
    source: &str,
) -> String {
    let mut out = String::new();
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
    match diagnostic.location {
        Some(l) if drawable(source, l.offset) => {
            let len = l
                .len
                .max(1)
                .min(source.len().saturating_sub(l.offset).max(1));
            report = report.with_label(LabeledSpan::at(l.offset..l.offset + len, label));
        }
        Some(l) => {
            let _ = writeln!(out, "{file_name}:{}:{}:", l.line, l.column);
        }
        // Without a snippet miette would not name the file: say it ourselves.
        None => {
            let _ = writeln!(out, "{file_name}:");
        }
    }
    let report = miette::Report::new(report)
        .with_source_code(NamedSource::new(file_name, source.to_string()));
    if handler.render_report(&mut out, report.as_ref()).is_err() {
        // Fall back to one plain line: never lose a finding to a rendering problem.
        let _ = writeln!(
            out,
            "{}: {file_name}: {}",
            diagnostic.code, diagnostic.message
        );
    }
    out
}

/// Whether miette can draw a snippet at `offset`: it cannot past column 65 535 (its
/// widths are u16), so far along a very long line the place is given in words.
fn drawable(source: &str, offset: usize) -> bool {
    let line_start = source[..offset.min(source.len())]
        .rfind('\n')
        .map_or(0, |p| p + 1);
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |p| line_start + p);
    line_end - line_start < 10_000
}

/// Text from a file made safe for a terminal: control characters become `?`.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' { '?' } else { c })
        .collect()
}
