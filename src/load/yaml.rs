//! YAML under strict settings into a tree of JSON values, with every node's position.

use std::collections::HashMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::source::{MAX_INPUT_BYTES, SourceFile};
use crate::diagnostic::{Diagnostic, Location, codes};

/// The deepest nesting of YAML collections accepted. The formats need 6.
pub const MAX_DEPTH: usize = 64;
/// The most YAML nodes accepted in one file.
pub const MAX_NODES: usize = 250_000;

/// Positions of the nodes of a parsed file, by field path (`offences[0].date`).
///
/// One entry a node, with one hash of its path: the catalogue has ~5 000 nodes and this
/// map is built on the path a cold `psr render` waits for (docs/performance.md).
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    nodes: HashMap<String, Positions, foldhash::fast::RandomState>,
}

/// Where one node is written.
#[derive(Debug, Clone, Copy)]
struct Positions {
    /// The value (for a mapping or a list, where it starts).
    value: Location,
    /// Its key, for a node that is an entry of a mapping.
    key: Option<Location>,
    /// Whether it is a mapping or a list.
    collection: bool,
}

impl SourceMap {
    /// Where the value at `path` is, or its closest ancestor that is in the file.
    /// A mapping or list is pointed at by its key (`person:`), clearer than its first
    /// entry.
    pub fn value(&self, path: &str) -> Option<Location> {
        let mut path = path;
        loop {
            if let Some(node) = self.nodes.get(path) {
                return Some(match node.key {
                    Some(key) if node.collection => key,
                    _ => node.value,
                });
            }
            path = parent_path(path)?;
        }
    }

    /// Where the key of the field at `path` is (for unknown fields), else its value.
    pub fn key(&self, path: &str) -> Option<Location> {
        self.nodes
            .get(path)
            .and_then(|node| node.key)
            .or_else(|| self.value(path))
    }

    /// Whether the file has a node at exactly this path.
    pub fn contains(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }

    /// Every key of every mapping in the file, by path, with where it is written.
    pub fn keys(&self) -> impl Iterator<Item = (&str, Location)> {
        self.nodes
            .iter()
            .filter_map(|(path, node)| Some((path.as_str(), node.key?)))
    }
}

/// `a.b[2].c` → `a.b[2]` → `a.b` → `a` → `` → None.
pub(super) fn parent_path(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

/// The last segment of a path: `person.family_name` → `family_name`.
pub(super) fn leaf(path: &str) -> &str {
    path.rsplit(['.', '[']).next().unwrap_or(path)
}

/// A path with every list index written as `marker`: `offences[3].plea` with `[]`
/// gives `offences[].plea` (a field of any item), with `[0]` `offences[0].plea`.
pub fn with_indices_as(path: &str, marker: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push_str(marker);
            }
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
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
    let node = parse_node(&source.text)?;
    let mut map = SourceMap::default();
    let root = into_json(node, String::new(), None, &source.text, &mut map);
    Ok(Document { source, root, map })
}

/// The tree of a YAML text under the same strict settings as [`parse_yaml`], without
/// the positions of its nodes: for what only compares values (`psr diff`), at half
/// the cost on a long file.
pub fn parse_tree(text: &str) -> Result<Value, Diagnostic> {
    Ok(into_tree(parse_node(text)?))
}

fn parse_node(text: &str) -> Result<Placed, Diagnostic> {
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
        // YAML 1.2's indentation rules, which serde-saphyr relaxes by default for
        // PyYAML's sake: a flow list or a quoted text continued at column 0 (the YAML
        // test suite's 9C9N, QB6E, DK95) is refused rather than read one way of two.
        strict_indentation: true,
        // `0755`, `0417`: YAML 1.1 read these as octal, YAML 1.2 as decimal. Keep what
        // was written, as text: a reference stays "0417", and a number field reports
        // the leading zero instead of guessing.
        leading_zero_numbers_as_strings: true,
        reject_unsupported_tags: true,
        merge_keys: serde_saphyr::MergeKeyPolicy::Error,
    };
    serde_saphyr::from_str_with_options(text, options).map_err(|error| yaml_error(&error, text))
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
            codes::E004,
            "YAML anchors and aliases (`&name`, `*name`) are not allowed".to_string(),
            "write each value out in full: aliases can expand a small file into gigabytes (\"billion laughs\")",
        )
    } else if lower.contains("documents {") || lower.contains("multiple documents") {
        (
            codes::E004,
            "the file holds more than one YAML document".to_string(),
            "a case file holds exactly one document: remove the `---` separator and what follows, or split the file",
        )
    } else if lower.contains("depth {") {
        (
            codes::E004,
            format!("the YAML is nested deeper than {MAX_DEPTH} levels"),
            "the case format needs at most 6 levels: check the indentation",
        )
    } else if lower.contains("budget") {
        (
            codes::E004,
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
            codes::E005,
            format!("duplicate key `{key}`"),
            "each field may appear once in a mapping: remove or rename the repeated key",
        )
    } else if lower.contains("invalid indentation") {
        (
            codes::E003,
            format!("invalid YAML: {}", lowercase_first(first_line)),
            "a list in [ ] or a text in quotes that runs over several lines goes on indented past its key, its closing `]` or `}` too; or is a closing quote or bracket missing above?",
        )
    } else {
        (
            codes::E003,
            format!("invalid YAML: {}", lowercase_first(first_line)),
            "check this line and the one before: indentation with spaces (not tabs), a space after each `key:`, closed quotes and brackets",
        )
    };
    let location = error.location().map(|l| location_of(&l, text));
    Diagnostic::new(code, "", message)
        .with_hint(hint)
        .at(location)
}

/// `Invalid type` → `invalid type`; an acronym (`YAML merge keys`) stays as it is.
pub(super) fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    let acronym = text.chars().nth(1).is_some_and(char::is_uppercase);
    match chars.next() {
        Some(c) if !acronym => c.to_lowercase().chain(chars).collect(),
        _ => text.to_string(),
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
    Seq(Vec<Placed>),
    Map(Vec<(Placed, Placed)>),
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
        while let Some(item) = seq.next_element::<Placed>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Placed>()? {
            let value = map.next_value::<Placed>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Node, E> {
        Err(E::custom("binary values are not accepted"))
    }
}

/// A node and where it is written: serde-saphyr's `Spanned` read more cheaply.
///
/// `Spanned<T>` is asked of serde-saphyr as the newtype `__yaml_spanned`, answered as a
/// mapping of four entries (a marker, the value, where it is referenced, where it is
/// defined); its own `Deserialize` reads each key into a `String` and both positions,
/// a tenth of a cold catalogue read. This reads the key names without copying them and
/// stops after the one position kept: there are no aliases, so both are the same.
#[derive(Debug)]
struct Placed {
    value: Node,
    at: serde_saphyr::Location,
}

impl<'de> Deserialize<'de> for Placed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct("__yaml_spanned", PlacedVisitor)
    }
}

struct PlacedVisitor;

impl<'de> Visitor<'de> for PlacedVisitor {
    type Value = Placed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML node with its position")
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Placed, D::Error> {
        d.deserialize_struct("Spanned", PLACED_FIELDS, self)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Placed, A::Error> {
        let mut value = None;
        while let Some(field) = map.next_key::<PlacedField>()? {
            match field {
                PlacedField::Value => value = Some(map.next_value::<Node>()?),
                PlacedField::Referenced => {
                    let at = map.next_value::<serde_saphyr::Location>()?;
                    let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
                    return Ok(Placed { value, at });
                }
                PlacedField::Other => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        Err(de::Error::missing_field("referenced"))
    }
}

const PLACED_FIELDS: &[&str] = &[
    "__serde_saphyr_private_spanned",
    "value",
    "referenced",
    "defined",
];

/// A key of the mapping serde-saphyr answers `__yaml_spanned` with.
enum PlacedField {
    Value,
    Referenced,
    Other,
}

impl<'de> Deserialize<'de> for PlacedField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;
        impl Visitor<'_> for FieldVisitor {
            type Value = PlacedField;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field of a placed node")
            }
            fn visit_str<E>(self, name: &str) -> Result<PlacedField, E> {
                Ok(match name {
                    "value" => PlacedField::Value,
                    "referenced" => PlacedField::Referenced,
                    _ => PlacedField::Other,
                })
            }
        }
        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// A map key as text: what a tree's object is keyed by.
fn key_text(key: Node) -> String {
    match key {
        Node::Str(s) => s,
        Node::Int(n) => n.to_string(),
        Node::Bool(b) => b.to_string(),
        Node::Float(x) => x.to_string(),
        Node::Null => "null".to_string(),
        Node::Seq(_) | Node::Map(_) => "(complex key)".to_string(),
    }
}

/// A scalar as a value of the tree; `None` for a list or a mapping.
fn scalar(node: &mut Node) -> Option<Value> {
    Some(match node {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(n) => Value::from(*n),
        Node::Float(x) => serde_json::Number::from_f64(*x).map_or(Value::Null, Value::Number),
        Node::Str(s) => Value::String(std::mem::take(s)),
        Node::Seq(_) | Node::Map(_) => return None,
    })
}

fn into_tree(node: Placed) -> Value {
    let mut node = node.value;
    if let Some(value) = scalar(&mut node) {
        return value;
    }
    match node {
        Node::Seq(items) => Value::Array(items.into_iter().map(into_tree).collect()),
        Node::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| (key_text(key.value), into_tree(value)))
                .collect(),
        ),
        // A scalar was returned above.
        _ => Value::Null,
    }
}

/// The tree of `node`, at `path`, its positions recorded in `map`; `key` is where its
/// key is written when it is an entry of a mapping.
fn into_json(
    node: Placed,
    path: String,
    key: Option<Location>,
    text: &str,
    map: &mut SourceMap,
) -> Value {
    let mut positions = Positions {
        value: location_of(&node.at, text),
        key,
        collection: false,
    };
    let mut value = node.value;
    let tree = match scalar(&mut value) {
        Some(scalar) => scalar,
        None => {
            positions.collection = true;
            match value {
                Node::Seq(items) => Value::Array(
                    items
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| {
                            let mut child = path.clone();
                            push_index(&mut child, i);
                            into_json(item, child, None, text, map)
                        })
                        .collect(),
                ),
                Node::Map(entries) => {
                    let mut object = serde_json::Map::new();
                    for (key, value) in entries {
                        let location = location_of(&key.at, text);
                        let name = key_text(key.value);
                        let child = join_key(&path, &name);
                        let value = into_json(value, child, Some(location), text, map);
                        object.insert(name, value);
                    }
                    Value::Object(object)
                }
                // A scalar was handled above.
                _ => Value::Null,
            }
        }
    };
    map.nodes.insert(path, positions);
    tree
}

/// Calls `visit` with the path and text of every string value under `value`.
pub fn for_each_text(value: &Value, path: &str, visit: &mut dyn FnMut(&str, &str)) {
    each_text(value, &mut path.to_string(), visit);
}

/// [`for_each_text`] with one path grown for a child and cut back after it.
fn each_text(value: &Value, path: &mut String, visit: &mut dyn FnMut(&str, &str)) {
    let at = path.len();
    match value {
        Value::String(text) => visit(path, text),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                push_index(path, i);
                each_text(item, path, visit);
                path.truncate(at);
            }
        }
        Value::Object(object) => {
            for (key, item) in object {
                push_key(path, key);
                each_text(item, path, visit);
                path.truncate(at);
            }
        }
        _ => {}
    }
}

/// `path` made the path of its item `index`, as [`for_each_text`] names it: `path[index]`.
pub fn push_index(path: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(path, "[{index}]");
}

/// `path` made the path of its entry `key`, as [`join_key`] names it.
pub fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

#[cfg(test)]
mod tests {
    use super::{SourceFile, parse_tree, parse_yaml};

    /// `psr diff` reads trees without positions: the same tree as the loader's.
    #[test]
    fn a_tree_without_positions_is_the_loaders_tree() {
        let example = include_str!("../../fixtures/case.example.yaml");
        let odd = "1: one\ntrue: yes\nnull: ~\n1.5: [0755, 1e3, -0.0, \"x\"]\nnested: {a: [{b: 1}], c: {}}\n";
        for text in [example, odd] {
            let document = parse_yaml(SourceFile {
                name: "case.yaml".into(),
                text: text.to_string(),
            })
            .expect("YAML");
            assert_eq!(parse_tree(text).expect("YAML"), document.root);
        }
        assert_eq!(
            parse_tree("a: [unclosed\n").expect_err("invalid").code,
            parse_yaml(SourceFile {
                name: "x".into(),
                text: "a: [unclosed\n".into()
            })
            .expect_err("invalid")
            .code
        );
    }
}
