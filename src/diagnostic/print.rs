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
    let handler = handler(color);
    let source = terminal_safe(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&one(&handler, diagnostic, file_name, &source));
        out.push('\n');
    }
    out
}

/// An error from outside psr's own rules (Typst's, about a template) through the same
/// printer, whole: its message, its hints, and a snippet of the file it points at
/// (`(name, text, byte range)`), as typst-cli prints its diagnostics.
pub fn render_upstream(
    message: &str,
    hints: &[String],
    place: Option<(&str, &str, std::ops::Range<usize>)>,
    color: bool,
) -> String {
    let mut report =
        MietteDiagnostic::new(printable(message)).with_severity(miette::Severity::Error);
    if !hints.is_empty() {
        report = report.with_help(printable(&hints.join("\n")));
    }
    let mut out = String::new();
    let rendered = match place {
        Some((name, text, range)) if drawable(text, range.start) => {
            let safe = terminal_safe(text);
            let start = safe.offset(range.start);
            let end = safe.offset(range.end).max(start + 1).min(safe.text.len());
            let report = report.with_label(LabeledSpan::at(start..end.max(start), "here"));
            let report = miette::Report::new(report)
                .with_source_code(NamedSource::new(printable(name), safe.text));
            handler(color).render_report(&mut out, report.as_ref())
        }
        _ => handler(color).render_report(&mut out, &report),
    };
    if rendered.is_err() {
        let _ = writeln!(out, "{}", printable(message));
    }
    out
}

/// miette's graphical handler as psr draws every finding: Unicode lines, 100
/// columns, no links; coloured only when the caller says so.
fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
}

/// The file as the terminal shows it, and where each of its bytes went.
struct SafeSource {
    text: String,
    /// For each character escaped, its offset in the file and the bytes its escape
    /// adds: what moves a finding's offset.
    shifts: Vec<(usize, usize)>,
}

impl SafeSource {
    /// The offset in [`SafeSource::text`] of the file's byte `offset`.
    fn offset(&self, offset: usize) -> usize {
        offset
            + self
                .shifts
                .iter()
                .take_while(|(at, _)| *at < offset)
                .map(|(_, added)| added)
                .sum::<usize>()
    }
}

/// What reaches the terminal is never the file's raw bytes: control characters
/// (escape sequences that set a title or clear the screen) become `?`, one per byte;
/// bidirectional controls and invisible format characters, which can make a line read
/// differently from what the file holds ("Trojan Source"), are shown as `<U+202E>`.
fn terminal_safe(source: &str) -> SafeSource {
    let mut safe = SafeSource {
        text: String::with_capacity(source.len()),
        shifts: Vec::new(),
    };
    for (at, c) in source.char_indices() {
        if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
            safe.text.extend(std::iter::repeat_n('?', c.len_utf8()));
        } else if is_invisible(c) {
            let escape = escaped(c);
            safe.shifts.push((at, escape.len() - c.len_utf8()));
            safe.text.push_str(&escape);
        } else {
            safe.text.push(c);
        }
    }
    safe
}

/// Bidirectional controls (embeddings, overrides, isolates, marks) and characters
/// that take no room: shown as their code point, never obeyed.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

fn escaped(c: char) -> String {
    format!("<U+{:04X}>", c as u32)
}

/// One finding with its snippet, or with its place in words when no snippet can be
/// drawn.
fn one(
    handler: &GraphicalReportHandler,
    diagnostic: &Diagnostic,
    file_name: &str,
    safe: &SafeSource,
) -> String {
    let source = safe.text.as_str();
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
        Some(l) if drawable(source, safe.offset(l.offset)) => {
            let start = safe.offset(l.offset);
            let end = safe.offset(l.offset + l.len.max(1));
            let len = (end - start)
                .max(1)
                .min(source.len().saturating_sub(start).max(1));
            report = report.with_label(LabeledSpan::at(start..start + len, label));
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

/// Text from a file made safe for a terminal: control characters become `?`,
/// bidirectional and invisible ones `<U+202E>`. What `validate` prints of a file's
/// text goes through it, and so does `psr diff`'s every line.
pub fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            out.push('?');
        } else if is_invisible(c) {
            out.push_str(&escaped(c));
        } else {
            out.push(c);
        }
    }
    out
}
