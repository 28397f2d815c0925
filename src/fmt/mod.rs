//! `psr fmt`: a case file rewritten in psr's canonical layout, every value and every
//! comment kept.
//!
//! The layout is `psr init`'s: its order of fields and its comment on each
//! ([`layout`]); free text of several lines as a literal block (`|`); enumerations,
//! identifiers and dates plain; other text, times and amounts in double quotes; lists
//! of plain values in brackets. The person's comments ([`comments`]) stay with their
//! fields: one above a field stays above it, one after a value stays after it (in
//! place of `psr init`'s), and those before the first field or after the last stay
//! at the top or the end. The result is read back and compared with the input before
//! anything is written: a value that would change is an internal error, never a
//! rewritten file.

pub mod comments;
mod emit;
pub mod layout;

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, codes};
use crate::load::{SourceFile, parse_yaml};

/// Why a text was not formatted.
#[derive(Debug)]
pub enum FormatError {
    /// The text is not a YAML mapping psr can read: its findings.
    Invalid(Vec<Diagnostic>),
    /// The formatted text would not read back as the same case: a defect of psr.
    Internal(String),
}

/// A case file's text in the canonical layout.
pub fn format_case(source: SourceFile) -> Result<String, FormatError> {
    let name = source.name.clone();
    let text = source.text.clone();
    let document = parse_yaml(source).map_err(|d| FormatError::Invalid(vec![d]))?;
    let Value::Object(root) = &document.root else {
        return Err(FormatError::Invalid(vec![Diagnostic::new(
            codes::E011,
            "",
            "the file is not a mapping of fields: nothing to format",
        )]));
    };
    let (attached, positions) = placed_comments(&document, &text);
    let found = comments::comments(&text);
    let formatted = emit::Emitter::new(&layout::CASE, &attached, &positions).file(root);

    // Never lose a value or a comment: the result must read back as the same tree,
    // with as many comment lines as were written plus psr init's.
    let again = parse_yaml(SourceFile {
        name: name.clone(),
        text: formatted.clone(),
    })
    .map_err(|d| {
        FormatError::Internal(format!("the formatted text does not parse ({})", d.message))
    })?;
    if again.root != document.root {
        return Err(FormatError::Internal(
            "the formatted text reads back as a different case".into(),
        ));
    }
    let kept: Vec<String> = comments::comments(&formatted)
        .into_iter()
        .map(|c| c.text)
        .collect();
    let kept = kept.join("\n");
    if let Some(lost) = found.iter().find(|c| !kept.contains(c.text.trim())) {
        return Err(FormatError::Internal(format!(
            "the comment on line {} would be lost",
            lost.line
        )));
    }
    Ok(formatted)
}

/// A case given as a tree (the studio's forms send one) written in the canonical
/// layout, with the comments of `previous`, the text it replaces, at the fields that
/// still exist: a comment of a field the tree no longer has goes with it. When
/// `previous` is not YAML, only psr init's comments are written.
pub fn format_tree(root: &Value, previous: &str) -> Result<String, FormatError> {
    let Value::Object(map) = root else {
        return Err(FormatError::Invalid(vec![Diagnostic::new(
            codes::E011,
            "",
            "the case is not a mapping of fields: nothing to write",
        )]));
    };
    let (attached, positions) = match parse_yaml(SourceFile {
        name: "case.yaml".into(),
        text: previous.to_string(),
    }) {
        Ok(document) => placed_comments(&document, previous),
        Err(_) => Default::default(),
    };
    let formatted = emit::Emitter::new(&layout::CASE, &attached, &positions).file(map);
    // As for a file: the text must read back as the very tree it was made from.
    let again = parse_yaml(SourceFile {
        name: "case.yaml".into(),
        text: formatted.clone(),
    })
    .map_err(|d| {
        FormatError::Internal(format!("the written text does not parse ({})", d.message))
    })?;
    if again.root != *root {
        return Err(FormatError::Internal(
            "the written text reads back as a different case".into(),
        ));
    }
    Ok(formatted)
}

/// Where each key of a parsed text is, and the text's comments given to its fields.
fn placed_comments(
    document: &crate::load::Document,
    text: &str,
) -> (comments::Attached, HashMap<String, (usize, usize)>) {
    let positions: HashMap<String, (usize, usize)> = document
        .map
        .keys()
        .map(|(path, location)| (path.to_string(), (location.line, location.column)))
        .collect();
    let mut keys: Vec<(usize, usize, String)> = positions
        .iter()
        .map(|(path, (line, column))| (*line, *column, path.clone()))
        .collect();
    keys.sort();
    let attached = comments::attach(text, &comments::comments(text), &keys);
    (attached, positions)
}
