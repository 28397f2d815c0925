//! Stage 1: read a YAML file into the typed model, keeping every node's position.
//!
//! The file is read with a size cap and checked as UTF-8 ([`source`]), then parsed by
//! serde-saphyr into a generic tree whose nodes carry their line and column
//! ([`yaml`], [`SourceMap`]), under strict settings: no anchors or aliases, one
//! document, YAML 1.2 booleans only, duplicate keys refused, a depth and node budget.
//! The tree is then given the model's types section by section ([`mod@typed`]), so that a
//! file with mistakes in several sections gets all of them in one run, each pointing at
//! its line.

mod formats;
mod source;
mod stand_in;
mod typed;
mod yaml;

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, sort_in_file_order};

pub use source::{
    MAX_INPUT_BYTES, ReadError, SourceFile, Unusable, not_regular, read_source, source_from_bytes,
};
pub use stand_in::{Taint, at_first_item};
pub use typed::{
    FormatVersion, SectionCheck, SectionedFormat, Typed, check_list, check_section, deserialize_at,
    typed,
};
pub use yaml::{
    Document, MAX_DEPTH, MAX_NODES, SourceMap, for_each_text, join_key, parse_tree, parse_yaml,
    push_index, push_key, with_indices_as,
};

/// A whole file loaded: the typed value, the file and its positions.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The typed value.
    pub value: T,
    /// The file and its positions.
    pub document: Document,
    /// What loading found that does not stop it (a version this psr does not read, a
    /// field that failed and was stood in for): reported with the findings of the rules.
    pub findings: Vec<Diagnostic>,
    /// The fields that failed to load and were stood in for: the rules that read them
    /// stay silent. Empty unless [`Loaded::findings`] has errors.
    pub taint: Taint,
}

/// Reads, parses and types a file. A file that cannot be read is
/// [`LoadFailure::Read`]; mistakes in it are [`LoadFailure::Invalid`], with the
/// file's text for the printer.
pub fn load<T: DeserializeOwned + SectionedFormat>(path: &Path) -> Result<Loaded<T>, LoadFailure> {
    let source = match read_source(path).map_err(LoadFailure::Read)? {
        Ok(source) => source,
        Err(Unusable { finding, shown }) => {
            return Err(LoadFailure::Invalid {
                source: shown,
                diagnostics: vec![finding],
            });
        }
    };
    load_source(source)
}

/// Parses and types a file already in memory.
pub fn load_source<T: DeserializeOwned + SectionedFormat>(
    source: SourceFile,
) -> Result<Loaded<T>, LoadFailure> {
    let document = match parse_yaml(source.clone()) {
        Ok(document) => document,
        Err(diagnostic) => {
            return Err(LoadFailure::Invalid {
                source,
                diagnostics: vec![diagnostic],
            });
        }
    };
    match typed::<T>(&document) {
        Ok(Typed {
            value,
            findings,
            taint,
        }) => Ok(Loaded {
            value,
            document,
            findings,
            taint,
        }),
        Err(mut diagnostics) => {
            sort_in_file_order(&mut diagnostics);
            Err(LoadFailure::Invalid {
                source: document.source,
                diagnostics,
            })
        }
    }
}

/// Why a file could not be loaded.
#[derive(Debug)]
pub enum LoadFailure {
    /// It could not be read (exit status 2).
    Read(ReadError),
    /// It was read and has mistakes (exit status 1).
    Invalid {
        /// The file, for the printer's snippets.
        source: SourceFile,
        /// What is wrong.
        diagnostics: Vec<Diagnostic>,
    },
}
