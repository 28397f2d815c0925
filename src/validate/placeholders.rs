//! W049, E033: text still as `psr init` wrote it. The skeleton puts a placeholder in
//! every field to fill ("Name of the court", "REF/0000"); one left in a report reads as
//! a mistake to the court, or names nobody.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, codes};
use crate::load::{Document, SourceMap, at_first_item, for_each_text};
use crate::model::Case;
use crate::model::case::ReportStatus;

/// What [`placeholders`]' findings read ([`super::Reports`]).
pub const REPORTS: &[super::Reports] = &[
    super::reports(codes::W049, &["report.status"]),
    super::reports(codes::E033, &["report.status"]),
];

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
pub fn is_placeholder(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_uppercase() || c.is_whitespace() || c == '/')
}

/// W026, E026: the texts a report cannot do without — the court, its reference, the
/// author's name, the person's names, what each offence was and each source — left
/// empty (the studio's new case starts them so, with the placeholder shown beside the
/// field). A draft is warned; a final report is refused.
pub fn required_texts(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let mut empty: Vec<String> = Vec::new();
    let mut check = |path: String, text: &str| {
        if text.trim().is_empty() {
            empty.push(path);
        }
    };
    let report = &case.report;
    check("report.court".into(), &report.court);
    check("report.court_reference".into(), &report.court_reference);
    check("report.author.name".into(), &report.author.name);
    check("person.given_name".into(), &case.person.given_name);
    check("person.family_name".into(), &case.person.family_name);
    for (i, offence) in case.offences.iter().enumerate() {
        check(format!("offences[{i}].description"), &offence.description);
    }
    for (i, source) in case.sources.iter().enumerate() {
        check(format!("sources[{i}].description"), &source.description);
    }
    let final_report = report.status == ReportStatus::Final;
    empty
        .into_iter()
        .map(|path| {
            let message = format!("`{path}` is empty");
            let finding = if final_report {
                Diagnostic::new(codes::E026, &path, message)
                    .with_hint("a final report goes to the court: write the text, or keep `status: draft` until it is")
            } else {
                Diagnostic::new(codes::W026, &path, message)
                    .with_hint("the report needs it: write it before the report is final")
            };
            finding.at(map.value(&path))
        })
        .collect()
}
