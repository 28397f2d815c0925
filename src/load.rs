//! Stage 1: read a YAML file into the typed model, keeping every node's position.
//!
//! The file is read with a size cap and checked as UTF-8, then parsed by serde-saphyr
//! into a generic tree whose nodes carry their line and column ([`SourceMap`]), under
//! strict settings: no anchors or aliases, one document, YAML 1.2 booleans only,
//! duplicate keys refused, a depth and node budget. The tree is then deserialized into
//! the model section by section, so that a file with mistakes in several sections gets
//! all of them in one run, each pointing at its line.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use serde_saphyr::Spanned;

use crate::diagnostic::{Diagnostic, Location};

/// The largest case or catalogue file psr reads (5 MiB). Real case files are a few KiB.
pub const MAX_INPUT_BYTES: u64 = 5 * 1024 * 1024;
/// The deepest nesting of YAML collections accepted. The formats need 6.
pub const MAX_DEPTH: usize = 64;
/// The most YAML nodes accepted in one file.
pub const MAX_NODES: usize = 250_000;

/// A file read into memory, with the name used in diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user gave it.
    pub name: String,
    /// Its text (UTF-8, BOM removed).
    pub text: String,
}

/// A file that could not be read at all (exit status 2), as opposed to a file that was
/// read and has mistakes (a [`Diagnostic`], exit status 1).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file does not exist.
    #[error("{path}: no such file")]
    NotFound {
        /// The path.
        path: String,
    },
    /// A folder was given where a file was expected.
    #[error("{path}: is a folder, not a file")]
    IsDirectory {
        /// The path.
        path: String,
    },
    /// Another I/O failure (permissions, device).
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

/// Reads a file with the size cap and the UTF-8 check.
///
/// `Ok(Err(diagnostic))` is a file that was read but cannot be used (too large, not
/// text); `Err` is a file that could not be read.
pub fn read_source(path: &Path) -> Result<Result<SourceFile, Diagnostic>, ReadError> {
    let name = path.display().to_string();
    let io = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound { path: name.clone() },
        _ => ReadError::Io {
            path: name.clone(),
            source,
        },
    };
    let metadata = std::fs::metadata(path).map_err(io)?;
    if metadata.is_dir() {
        return Err(ReadError::IsDirectory { path: name });
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    // Read at most one byte past the cap: a 50 GiB file costs no more than a 5 MiB one.
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    Ok(source_from_bytes(name, bytes))
}

/// Checks size and encoding of bytes already in memory (tests, fuzzing, stdin).
pub fn source_from_bytes(name: String, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            "E001",
            "",
            format!(
                "file is larger than the {} MiB limit",
                MAX_INPUT_BYTES >> 20
            ),
        )
        .with_hint("a case file is a few kilobytes: check that this is the right file"));
    }
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = &e.as_bytes()[..offset];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            return Err(Diagnostic::error("E002", "", "the file is not UTF-8 text")
                .with_hint(
                    "save the file as UTF-8; a binary or a word-processor file cannot be read",
                )
                .at(Some(Location {
                    line,
                    column,
                    offset,
                    len: 1,
                })));
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(SourceFile { name, text })
}

/// Positions of the nodes of a parsed file, by field path (`offences[0].date`).
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    values: HashMap<String, Location>,
    keys: HashMap<String, Location>,
    collections: HashSet<String>,
}

impl SourceMap {
    /// Where the value at `path` is, or its closest ancestor that is in the file.
    /// A mapping or list is pointed at by its key (`person:`), clearer than its first
    /// entry.
    pub fn value(&self, path: &str) -> Option<Location> {
        let mut path = path;
        loop {
            if self.collections.contains(path)
                && let Some(key) = self.keys.get(path)
            {
                return Some(*key);
            }
            if let Some(location) = self.values.get(path) {
                return Some(*location);
            }
            path = parent_path(path)?;
        }
    }

    /// Where the key of the field at `path` is (for unknown fields), else its value.
    pub fn key(&self, path: &str) -> Option<Location> {
        self.keys.get(path).copied().or_else(|| self.value(path))
    }

    /// Whether the file has a node at exactly this path.
    pub fn contains(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → `` → None.
fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// The last segment of a path: `person.family_name` → `family_name`.
fn leaf(path: &str) -> &str {
    path.rsplit(['.', '[']).next().unwrap_or(path)
}

/// Whether two names are a likely typo of each other (edit distance ≤ 2).
fn is_close(a: &str, b: &str) -> bool {
    strsim::levenshtein(a, b) <= 2
}

/// Joins a path and a map key.
pub fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A YAML document: the tree as JSON values (for serde) and the positions of its nodes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file.
    pub source: SourceFile,
    /// The tree.
    pub root: Value,
    /// Positions by path.
    pub map: SourceMap,
}

/// Parses YAML text under psr's strict settings.
pub fn parse_yaml(source: SourceFile) -> Result<Document, Diagnostic> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_INPUT_BYTES as usize),
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_documents: 1,
            // Anchors and aliases are refused outright: case files have no use for
            // them and they are the door to "billion laughs" expansion.
            max_anchors: 0,
            max_aliases: 0,
        },
        strict_booleans: true,
        // `0755`, `0417`: YAML 1.1 read these as octal, YAML 1.2 as decimal. Keep what
        // was written, as text: a reference stays "0417", and a number field reports
        // the leading zero instead of guessing.
        leading_zero_numbers_as_strings: true,
        reject_unsupported_tags: true,
        merge_keys: serde_saphyr::MergeKeyPolicy::Error,
    };
    let parsed: Result<Spanned<Node>, _> =
        serde_saphyr::from_str_with_options(&source.text, options);
    let node = match parsed {
        Ok(node) => node,
        Err(error) => return Err(yaml_error(&error, &source.text)),
    };
    let mut map = SourceMap::default();
    let root = into_json(node, String::new(), &source.text, &mut map);
    Ok(Document { source, root, map })
}

fn yaml_error(error: &serde_saphyr::Error, text: &str) -> Diagnostic {
    let message = error.without_snippet().to_string();
    let first_line = message.lines().next().unwrap_or("invalid YAML").trim();
    // The snippet and the JSON carry the position: drop the parser's own copy of it.
    let first_line = match first_line.rfind(" at line ") {
        Some(cut) => &first_line[..cut],
        None => first_line,
    };
    let lower = first_line.to_lowercase();
    let (code, message, hint) = if lower.contains("anchors {")
        || lower.contains("aliases {")
        || lower.contains("alias")
    {
        (
            "E004",
            "YAML anchors and aliases (`&name`, `*name`) are not allowed".to_string(),
            "write each value out in full: aliases can expand a small file into gigabytes (\"billion laughs\")",
        )
    } else if lower.contains("documents {") || lower.contains("multiple documents") {
        (
            "E004",
            "the file holds more than one YAML document".to_string(),
            "a case file holds exactly one document: remove the `---` separator and what follows, or split the file",
        )
    } else if lower.contains("depth {") {
        (
            "E004",
            format!("the YAML is nested deeper than {MAX_DEPTH} levels"),
            "the case format needs at most 6 levels: check the indentation",
        )
    } else if lower.contains("budget") {
        (
            "E004",
            "the YAML is larger than psr accepts (too many nodes or too much text)".to_string(),
            "a case file is a few kilobytes: check that this is the right file",
        )
    } else if let Some(rest) = lower.strip_prefix("duplicate mapping key: ") {
        let key = first_line["duplicate mapping key: ".len()..]
            .split(',')
            .next()
            .unwrap_or(rest)
            .trim();
        (
            "E005",
            format!("duplicate key `{key}`"),
            "each field may appear once in a mapping: remove or rename the repeated key",
        )
    } else {
        (
            "E003",
            format!("invalid YAML: {}", lowercase_first(first_line)),
            "check this line and the one before: indentation with spaces (not tabs), a space after each `key:`, closed quotes and brackets",
        )
    };
    let location = error.location().map(|l| location_of(&l, text));
    Diagnostic::error(code, "", message)
        .with_hint(hint)
        .at(location)
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn location_of(location: &serde_saphyr::Location, text: &str) -> Location {
    let line = location.line().max(1) as usize;
    let column = location.column().max(1) as usize;
    let span = location.span();
    let offset = match span.byte_offset() {
        Some(offset) => offset as usize,
        None => offset_of(text, line, column),
    };
    let len = span.byte_len().unwrap_or(0) as usize;
    Location {
        line,
        column,
        offset: offset.min(text.len()),
        len,
    }
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum::<usize>();
    let rest = &text[start.min(text.len())..];
    start
        + rest
            .char_indices()
            .nth(column - 1)
            .map_or(rest.len(), |(i, _)| i)
}

/// A YAML node as parsed, before it is given a type.
#[derive(Debug)]
enum Node {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(i64::try_from(v).map_or(Node::Float(v as f64), Node::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Node>>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Err(E::custom("binary values are not accepted"))
    }
}

fn into_json(node: Spanned<Node>, path: String, text: &str, map: &mut SourceMap) -> Value {
    map.values
        .insert(path.clone(), location_of(&node.referenced, text));
    match node.value {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(b),
        Node::Int(n) => Value::from(n),
        Node::Float(x) => serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number),
        Node::Str(s) => Value::String(s),
        Node::Seq(items) => {
            map.collections.insert(path.clone());
            Value::Array(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, item)| into_json(item, format!("{path}[{i}]"), text, map))
                    .collect(),
            )
        }
        Node::Map(entries) => {
            map.collections.insert(path.clone());
            let mut object = serde_json::Map::new();
            for (key, value) in entries {
                let name = match key.value {
                    Node::Str(s) => s,
                    Node::Int(n) => n.to_string(),
                    Node::Bool(b) => b.to_string(),
                    Node::Float(x) => x.to_string(),
                    Node::Null => "null".to_string(),
                    Node::Seq(_) | Node::Map(_) => "(complex key)".to_string(),
                };
                let child = join_key(&path, &name);
                map.keys
                    .insert(child.clone(), location_of(&key.referenced, text));
                let value = into_json(value, child, text, map);
                object.insert(name, value);
            }
            Value::Object(object)
        }
    }
}

/// Gives the tree of `document` the type `T`, collecting the type errors of every
/// top-level section (and every item of a top-level list) rather than stopping at the
/// first: a probation officer fixes a file in one pass, not ten.
pub fn typed<T: DeserializeOwned + SectionedFormat>(
    document: &Document,
) -> Result<T, Vec<Diagnostic>> {
    let controls = control_characters(&document.root, "", &document.map);
    if !controls.is_empty() {
        return Err(controls);
    }
    // Most files are well typed: one pass, and the section by section search for every
    // mistake only when there is one (it doubles the work of a valid file).
    if let Ok(value) = T::deserialize(&document.root) {
        return Ok(value);
    }
    let mut diagnostics = Vec::new();
    match &document.root {
        Value::Object(object) => {
            for (key, value) in object {
                match T::section(key) {
                    Some(check) => {
                        diagnostics.extend(check(value, key, &document.map));
                    }
                    None => diagnostics.push(unknown_field(key, T::SECTIONS, "", &document.map)),
                }
            }
            for section in T::REQUIRED {
                if !object.contains_key(*section) {
                    diagnostics.push(
                        Diagnostic::error(
                            "E012",
                            *section,
                            format!("missing required section `{section}`"),
                        )
                        .with_hint(format!(
                            "add `{section}:` at the top level (`psr init` writes a skeleton with every section)"
                        ))
                        .at(document.map.value("")),
                    );
                }
            }
        }
        Value::Null => {
            return Err(vec![
                Diagnostic::error("E003", "", "the file is empty").with_hint(
                    "start from `psr init`, which writes a case file with every field explained",
                ),
            ]);
        }
        _ => {
            return Err(vec![
                Diagnostic::error(
                    "E011",
                    "",
                    "expected a mapping of sections at the top level",
                )
                .with_hint(
                    "the file must start with `key: value` lines such as `schema_version: 1`",
                )
                .at(document.map.value("")),
            ]);
        }
    }
    // A version mismatch alone does not stop loading: the rules run and report it
    // (crate::validate) with every other finding. With type errors it is said here.
    let only_version = diagnostics
        .iter()
        .all(|d| matches!(d.code, "E020" | "E080"));
    if !diagnostics.is_empty() && !only_version {
        return Err(diagnostics);
    }
    // Every section is well typed on its own: the whole must be too.
    deserialize_at::<T>(&document.root, "", &document.map).map_err(|d| vec![d])
}

/// Text with control characters (an escape written `"\e"`, a bell, a NUL) cannot be
/// printed in a report and could act on a terminal: refused where it is written.
fn control_characters(value: &Value, path: &str, map: &SourceMap) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for_each_text(value, path, &mut |path, text| {
        let control = text
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'));
        if let Some(c) = control {
            found.push(
                Diagnostic::error(
                    "E015",
                    path,
                    format!("control character U+{:04X} in text", c as u32),
                )
                .with_hint("remove it: reports hold printable text, line breaks and tabs only")
                .at(map.value(path)),
            );
        }
    });
    found
}

/// Calls `visit` with the path and text of every string value under `value`.
pub fn for_each_text(value: &Value, path: &str, visit: &mut dyn FnMut(&str, &str)) {
    match value {
        Value::String(text) => visit(path, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                for_each_text(item, &format!("{path}[{i}]"), visit);
            }
        }
        Value::Object(object) => {
            for (key, item) in object {
                for_each_text(item, &join_key(path, key), visit);
            }
        }
        _ => {}
    }
}

/// A format whose top-level sections can be checked one by one.
pub trait SectionedFormat {
    /// Every top-level key.
    const SECTIONS: &'static [&'static str];
    /// Top-level keys that must be present.
    const REQUIRED: &'static [&'static str];
    /// The checker of one top-level key.
    fn section(key: &str) -> Option<SectionCheck>;
}

/// Checks one section's value, at its path, returning its findings.
pub type SectionCheck = fn(&Value, &str, &SourceMap) -> Vec<Diagnostic>;

/// Checks a section of type `T`. After each finding the offending field is dropped
/// and the section checked again, so that several mistakes in one section are all
/// reported; a "missing field" that only the dropping caused is not reported.
pub fn check_section<T: DeserializeOwned>(
    value: &Value,
    path: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    if T::deserialize(value).is_ok() {
        return Vec::new();
    }
    let mut value = value.clone();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for _ in 0..32 {
        let Err(diagnostic) = deserialize_at::<T>(&value, path, map) else {
            break;
        };
        let dropped_here = diagnostics
            .last()
            .is_some_and(|last| diagnostic.code == "E012" && diagnostic.path == last.path);
        if dropped_here {
            break;
        }
        // `famly_name` is one mistake, not two: its "did you mean" already says that
        // `family_name` is missing.
        let misspelt = diagnostic.code == "E012"
            && diagnostics.iter().any(|d| {
                d.code == "E010"
                    && parent_path(&d.path) == parent_path(&diagnostic.path)
                    && is_close(leaf(&d.path), leaf(&diagnostic.path))
            });
        if misspelt {
            break;
        }
        let failing = diagnostic.path.clone();
        diagnostics.push(diagnostic);
        if !remove_path(&mut value, path, &failing) {
            break;
        }
    }
    diagnostics
}

/// Checks each item of a list section on its own.
pub fn check_list<T: DeserializeOwned>(
    value: &Value,
    path: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .flat_map(|(i, item)| check_section::<T>(item, &format!("{path}[{i}]"), map))
            .collect(),
        _ => check_section::<Vec<T>>(value, path, map),
    }
}

fn remove_path(value: &mut Value, base: &str, path: &str) -> bool {
    let Some(relative) = path.strip_prefix(base) else {
        return false;
    };
    let relative = relative.trim_start_matches('.');
    let mut segments: Vec<&str> = relative.split('.').filter(|s| !s.is_empty()).collect();
    let Some(last) = segments.pop() else {
        return false;
    };
    let mut current = value;
    for segment in segments {
        let (name, indices) = split_indices(segment);
        if !name.is_empty() {
            let Some(next) = current.get_mut(name) else {
                return false;
            };
            current = next;
        }
        for index in indices {
            let Some(next) = current.get_mut(index) else {
                return false;
            };
            current = next;
        }
    }
    match current {
        Value::Object(object) => object.remove(last).is_some(),
        _ => false,
    }
}

fn split_indices(segment: &str) -> (&str, Vec<usize>) {
    let mut parts = segment.split('[');
    let name = parts.next().unwrap_or("");
    let indices = parts
        .filter_map(|p| p.trim_end_matches(']').parse().ok())
        .collect();
    (name, indices)
}

/// Deserializes one value, turning serde's error into a finding at its path and line.
pub fn deserialize_at<T: DeserializeOwned>(
    value: &Value,
    base: &str,
    map: &SourceMap,
) -> Result<T, Diagnostic> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|error| {
        let mut path = base.to_string();
        for segment in error.path().iter() {
            match segment {
                serde_path_to_error::Segment::Seq { index } => path.push_str(&format!("[{index}]")),
                serde_path_to_error::Segment::Map { key } => path = join_key(&path, key),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        type_error(&error.into_inner().to_string(), &path, map)
    })
}

/// Turns one of serde's messages into a finding with a hint.
fn type_error(message: &str, path: &str, map: &SourceMap) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let parent = parent_path(path).unwrap_or("");
        // serde_path_to_error puts the unknown key on the path itself.
        let (parent, full) = if path.ends_with(field) {
            (parent.to_string(), path.to_string())
        } else {
            (path.to_string(), join_key(path, field))
        };
        let allowed: Vec<&str> = allowed.iter().map(String::as_str).collect();
        return unknown_field(field, &allowed, &parent, map).at(map.key(&full));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::error(
            "E012",
            join_key(path, field),
            format!("missing required field `{field}`"),
        )
        .with_hint(format!(
            "add `{field}:` here; `psr init` writes a skeleton with every field explained"
        ))
        .at(map.key(path));
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (word, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let allowed = backticked(expected);
        let mut hint = format!("allowed values: {}", allowed.join(", "));
        if let Some(best) = closest(word, allowed.iter().map(String::as_str)) {
            hint = format!("did you mean `{best}`? {hint}");
        }
        return Diagnostic::error("E013", path, format!("unknown value `{word}`"))
            .with_hint(hint)
            .at(map.value(path));
    }
    let leaf = path.rsplit(['.', '[']).next().unwrap_or(path);
    let lower = message.to_lowercase();
    let is_date_field = leaf.ends_with("date") || leaf.ends_with("_on") || leaf == "date_of_birth";
    if lower.contains("invalid time") {
        return Diagnostic::error("E014", path, lowercase_first(message))
            .with_hint("times are 24-hour \"HH:MM\" in quotes, e.g. \"06:00\"")
            .at(map.value(path));
    }
    if is_date_field
        && (lower.contains("input contains invalid characters")
            || lower.contains("premature end")
            || lower.contains("out of range")
            || lower.contains("trailing input")
            || lower.contains("expected a formatted date"))
    {
        return Diagnostic::error("E014", path, "invalid date")
            .with_hint(
                "dates are written YYYY-MM-DD, e.g. 2026-12-03, and must exist in the calendar",
            )
            .at(map.value(path));
    }
    let leading_zero = leading_zero_number(message).and_then(leading_zero_hint);
    let hint = if let Some(hint) = &leading_zero {
        hint.as_str()
    } else if lower.contains("expected a boolean") {
        "write true or false (YAML 1.1 words such as yes, no, on, off are not booleans here)"
    } else if lower.contains("expected a string") {
        "put the value in double quotes to make it text"
    } else if lower.contains("expected u32") || lower.contains("expected u8") {
        "write a whole number, 0 or more, without quotes"
    } else if lower.contains("expected i64") {
        "write a whole number without quotes"
    } else if lower.contains("expected a sequence") {
        "write a list: one `- item` per line, or [a, b]"
    } else if lower.contains("expected struct") || lower.contains("expected a map") {
        "write a mapping of `field: value` lines, indented under this key"
    } else if lower.contains("untagged enum paramvalue") {
        "write a whole number, true/false, or text in quotes"
    } else {
        "see fixtures/case.example.yaml for the expected form"
    };
    let message = message
        .strip_prefix("invalid type: ")
        .or_else(|| message.strip_prefix("invalid value: "))
        .unwrap_or(message)
        .replace("expected u32", "expected a whole number, 0 or more")
        .replace("expected u8", "expected a whole number, 0 to 255")
        .replace("expected i64", "expected a whole number");
    let message = message.as_str();
    Diagnostic::error(
        "E011",
        path,
        format!("wrong type: {}", lowercase_first(message)),
    )
    .with_hint(hint)
    .at(map.value(path))
}

/// The text of serde's message when a text was given for a number field.
fn leading_zero_number(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("invalid type: string \"")?;
    let (text, expected) = rest.split_once('"')?;
    (expected.contains("expected u") || expected.contains("expected i")).then_some(text)
}

/// The hint for a whole number written with a leading zero (`010`), which psr keeps
/// as text (see [`parse_yaml`]); `None` for any other text.
pub fn leading_zero_hint(text: &str) -> Option<String> {
    let is_leading_zero =
        text.len() > 1 && text.starts_with('0') && text.bytes().all(|b| b.is_ascii_digit());
    if !is_leading_zero {
        return None;
    }
    let plain = text.trim_start_matches('0');
    let plain = if plain.is_empty() { "0" } else { plain };
    Some(format!(
        "a number written with a leading zero is read as text (older YAML read `{text}` as octal): write `{plain}`"
    ))
}

fn unknown_field(field: &str, allowed: &[&str], parent: &str, map: &SourceMap) -> Diagnostic {
    let full = join_key(parent, field);
    let mut hint = format!("allowed fields here: {}", allowed.join(", "));
    if let Some(best) = closest(field, allowed.iter().copied()) {
        hint = format!("did you mean `{best}`? {hint}");
    }
    Diagnostic::error("E010", full.clone(), format!("unknown field `{field}`"))
        .with_hint(hint)
        .at(map.key(&full))
}

fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The allowed word closest to a typo (edit distance ≤ 2), as `just` does.
pub fn closest<'a>(word: &str, allowed: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    allowed
        .map(|candidate| (strsim::levenshtein(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// A whole file loaded: the typed value, the file and its positions.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The typed value.
    pub value: T,
    /// The file and its positions.
    pub document: Document,
}

/// Reads, parses and types a file. I/O failures are `Err(Err(..))`; mistakes in the
/// file are `Err(Ok(findings))` together with the file's text for the printer.
pub fn load<T: DeserializeOwned + SectionedFormat>(path: &Path) -> Result<Loaded<T>, LoadFailure> {
    let source = match read_source(path).map_err(LoadFailure::Read)? {
        Ok(source) => source,
        Err(diagnostic) => {
            // A snippet of what could be read (not for a file over the size cap).
            let text = match diagnostic.location {
                Some(_) => std::fs::read(path)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .unwrap_or_default(),
                None => String::new(),
            };
            return Err(LoadFailure::Invalid {
                source: SourceFile {
                    name: path.display().to_string(),
                    text,
                },
                diagnostics: vec![diagnostic],
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
        Ok(value) => Ok(Loaded { value, document }),
        Err(mut diagnostics) => {
            crate::diagnostic::sort_in_file_order(&mut diagnostics);
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

/// The case format's version, checked with the types so that a file written for
/// another version says so whatever else is wrong with it.
fn check_schema_version(value: &Value, path: &str, map: &SourceMap) -> Vec<Diagnostic> {
    check_version(
        value,
        path,
        map,
        crate::validate::SCHEMA_VERSION,
        "E020",
        "schema",
    )
}

fn check_catalogue_version(value: &Value, path: &str, map: &SourceMap) -> Vec<Diagnostic> {
    check_version(
        value,
        path,
        map,
        crate::validate::CATALOGUE_VERSION,
        "E080",
        "catalogue",
    )
}

fn check_version(
    value: &Value,
    path: &str,
    map: &SourceMap,
    known: u32,
    code: &'static str,
    what: &str,
) -> Vec<Diagnostic> {
    match deserialize_at::<u32>(value, path, map) {
        Err(diagnostic) => vec![diagnostic],
        Ok(version) if version != known => vec![
            Diagnostic::error(code, path, format!("unknown {what} version {version}"))
                .with_hint(format!(
                    "this psr reads {path} {known}; a newer psr may read this file"
                ))
                .at(map.value(path)),
        ],
        Ok(_) => Vec::new(),
    }
}

/// Sections of the case format, each checked on its own.
impl SectionedFormat for crate::model::Case {
    const SECTIONS: &'static [&'static str] = &[
        "schema_version",
        "report",
        "person",
        "offences",
        "criminal_history",
        "sources",
        "circumstances",
        "assessment",
        "restricted_notes",
        "victim",
        "proposal",
    ];
    const REQUIRED: &'static [&'static str] = &["schema_version", "report", "person", "assessment"];

    fn section(key: &str) -> Option<SectionCheck> {
        use crate::model::case::*;
        Some(match key {
            "schema_version" => check_schema_version,
            "report" => check_section::<Report>,
            "person" => check_section::<Person>,
            "offences" => check_list::<Offence>,
            "criminal_history" => check_list::<PreviousConviction>,
            "sources" => check_list::<Source>,
            "circumstances" => check_section::<Circumstances>,
            "assessment" => check_section::<Assessment>,
            "restricted_notes" => check_section::<Option<String>>,
            "victim" => check_section::<Option<Victim>>,
            "proposal" => check_section::<Option<Proposal>>,
            _ => return None,
        })
    }
}

/// Sections of the catalogue format.
impl SectionedFormat for crate::model::Catalogue {
    const SECTIONS: &'static [&'static str] =
        &["catalogue_version", "area", "updated_on", "measures"];
    const REQUIRED: &'static [&'static str] = &["catalogue_version", "area", "measures"];

    fn section(key: &str) -> Option<SectionCheck> {
        use crate::model::catalogue::*;
        Some(match key {
            "catalogue_version" => check_catalogue_version,
            "area" => check_section::<String>,
            "updated_on" => check_section::<Option<chrono::NaiveDate>>,
            "measures" => check_list::<Measure>,
            _ => return None,
        })
    }
}
