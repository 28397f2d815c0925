//! E017, E018, E019: texts, lists and files longer than their limits
//! ([`crate::model::limits`]). Checked on the tree as written, before anything is laid
//! out: a 1 MiB name would otherwise take a gigabyte and fail in the PDF writer,
//! naming no field.

use serde_json::Value;

use crate::diagnostic::{Diagnostic, codes};
use crate::load::{Document, push_index, push_key};
use crate::model::limits::{self, ENTRIES, LIST, Limit, PARAGRAPH, REFERENCE, Table};

/// Where the limits are explained, for the hints.
const SEE: &str = "docs/security.md lists every limit";

/// The findings about the lengths in `document`, against `table`; `total` is the most
/// text the whole file may hold.
pub fn lengths(document: &Document, table: Table, total: usize) -> Vec<Diagnostic> {
    let mut check = Check {
        document,
        table,
        found: Vec::new(),
        characters: 0,
    };
    check.node(&document.root, &mut String::new(), &mut String::new());
    if check.characters > total {
        check.found.push(
            Diagnostic::new(
                codes::E019,
                "",
                format!(
                    "the file holds {} characters of text; the limit is {total}",
                    check.characters
                ),
            )
            .with_hint(format!(
                "a report is read by a court in one sitting: summarise, and keep the full documents as sources; {SEE}"
            )),
        );
    }
    check.found
}

struct Check<'a> {
    document: &'a Document,
    table: Table,
    found: Vec<Diagnostic>,
    characters: usize,
}

impl Check<'_> {
    /// Checks the node at `path` (with indices), whose `pattern` has `[]` for them.
    /// Both are grown for a child and cut back after it: no text is allocated a node.
    fn node(&mut self, value: &Value, path: &mut String, pattern: &mut String) {
        match value {
            Value::String(text) => {
                let length = text.chars().count();
                self.characters += length;
                let limit = limits::limit_of(self.table, pattern, PARAGRAPH);
                if length > limit.max {
                    self.too_long(path, length, limit);
                }
            }
            Value::Array(items) => {
                let limit = limits::limit_of(self.table, pattern, LIST);
                if items.len() > limit.max {
                    self.too_many(path, items.len(), limit, "items");
                }
                let (path_len, pattern_len) = (path.len(), pattern.len());
                pattern.push_str("[]");
                for (i, item) in items.iter().enumerate() {
                    push_index(path, i);
                    self.node(item, path, pattern);
                    path.truncate(path_len);
                }
                pattern.truncate(pattern_len);
            }
            Value::Object(object) => {
                let mapping = limits::is_mapping(self.table, pattern);
                if mapping && object.len() > ENTRIES.max {
                    self.too_many(path, object.len(), ENTRIES, "entries");
                }
                let (path_len, pattern_len) = (path.len(), pattern.len());
                for (key, item) in object {
                    push_key(path, key);
                    if mapping {
                        let length = key.chars().count();
                        self.characters += length;
                        if length > REFERENCE.max {
                            self.too_long(path, length, REFERENCE);
                        }
                        pattern.push_str(".*");
                    } else {
                        push_key(pattern, key);
                    }
                    self.node(item, path, pattern);
                    path.truncate(path_len);
                    pattern.truncate(pattern_len);
                }
            }
            _ => {}
        }
    }

    fn too_long(&mut self, path: &str, length: usize, limit: Limit) {
        self.found.push(
            Diagnostic::new(
                codes::E017,
                path,
                format!(
                    "`{path}` is {length} characters long, over the limit of {} for {}",
                    limit.max, limit.what
                ),
            )
            .with_hint(if limit == PARAGRAPH {
                format!(
                    "summarise it: a longer account belongs in a source document, listed under `sources`; {SEE}"
                )
            } else {
                format!("shorten it; {SEE}")
            })
            .at(self.document.map.value(path)),
        );
    }

    fn too_many(&mut self, path: &str, count: usize, limit: Limit, unit: &str) {
        self.found.push(
            Diagnostic::new(
                codes::E018,
                path,
                format!(
                    "`{path}` has {count} {unit}, over the limit of {} for {}",
                    limit.max, limit.what
                ),
            )
            .with_hint(format!("keep the ones the court needs; {SEE}"))
            .at(self.document.map.key(path)),
        );
    }
}
