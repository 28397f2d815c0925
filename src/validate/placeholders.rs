//! W049, E033: text still as `psr init` wrote it. The skeleton puts a placeholder in
//! every field to fill ("Name of the court", "REF/0000"); one left in a report reads as
//! a mistake to the court, or names nobody.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, codes};
use crate::load::{Document, at_first_item, for_each_text};
use crate::model::case::ReportStatus;

/// W049 for each field of a draft that still holds the skeleton's placeholder; E033
/// for a final report, which goes to the court.
pub fn placeholders(
    status: ReportStatus,
    document: &Document,
    skeleton: &Value,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for_each_text(&document.root, "", &mut |path, text| {
        let placeholder = at_first_item(skeleton, path)
            .and_then(Value::as_str)
            .is_some_and(|written| written == text && is_placeholder(written));
        if !placeholder {
            return;
        }
        let message = format!("`{path}` still holds the placeholder \"{text}\"");
        let finding = match status {
            ReportStatus::Final => Diagnostic::new(codes::E033, path, message)
                .with_hint("a final report goes to the court: write the real text, or keep `status: draft` until it is"),
            ReportStatus::Draft => Diagnostic::new(codes::W049, path, message)
                .with_hint("`psr init` writes a placeholder in every field to fill: write the real text, or remove an optional field"),
        };
        found.push(finding.at(document.map.value(path)));
    });
    found
}

/// The skeleton's placeholders are text to replace ("Your name"); its enumeration
/// values (`full`, `en`) and dates are choices that may stay.
fn is_placeholder(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_uppercase() || c.is_whitespace() || c == '/')
}
