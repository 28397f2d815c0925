//! Writes a case's tree in the canonical layout, with the comments given to its
//! fields.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::comments::{Attached, Note};
use super::layout::Layout;
use crate::load::join_key;

/// The column where comments after a value start, as in `psr init`'s skeleton.
const COMMENT_COLUMN: usize = 34;
/// Lists of plain values longer than this on one line are written one item a line.
const FLOW_WIDTH: usize = 80;

/// One line of output and the comment after it.
struct Line {
    text: String,
    comment: Vec<String>,
}

/// Builds the text.
pub struct Emitter<'a> {
    layout: &'a Layout,
    comments: &'a Attached,
    /// Where each key was written (line, column), for fields the layout does not know.
    positions: &'a HashMap<String, (usize, usize)>,
    lines: Vec<Line>,
    /// Right after a block scalar's text: a line more indented than this column
    /// would be read as more of it.
    block: Option<usize>,
    /// Right after a `|+` block scalar: a blank line would be read as its text.
    kept_lines: bool,
}

impl<'a> Emitter<'a> {
    /// An emitter with the layout, the comments and the positions of the file.
    pub fn new(
        layout: &'a Layout,
        comments: &'a Attached,
        positions: &'a HashMap<String, (usize, usize)>,
    ) -> Self {
        Emitter {
            layout,
            comments,
            positions,
            lines: Vec::new(),
            block: None,
            kept_lines: false,
        }
    }

    /// The whole file.
    pub fn file(mut self, root: &Map<String, Value>) -> String {
        self.notes(&self.comments.header);
        let keys = self.ordered(root, "");
        for (index, key) in keys.iter().enumerate() {
            let value = &root[key.as_str()];
            let collection = is_block_collection(value);
            let previous_collection =
                index > 0 && is_block_collection(&root[keys[index - 1].as_str()]);
            // A blank line around each section, as the skeleton has.
            if index > 0 && (collection || previous_collection) {
                self.blank();
            }
            self.entry(key, value, "", 0, None);
        }
        self.notes(&self.comments.footer);
        render(&self.lines)
    }

    /// A blank line, unless there is one already, or it would be read as text.
    fn blank(&mut self) {
        let after_blank = self.lines.last().is_none_or(|l| l.text.is_empty());
        if after_blank || self.kept_lines {
            return;
        }
        self.lines.push(Line {
            text: String::new(),
            comment: Vec::new(),
        });
    }

    /// A line of the value (not a comment or a blank).
    fn push(&mut self, line: Line) {
        self.block = None;
        self.kept_lines = false;
        self.lines.push(line);
    }

    /// Comment lines at their columns (none deeper than a block scalar's text above
    /// allows), blank lines kept with them.
    fn notes(&mut self, notes: &[Note]) {
        for note in notes {
            match &note.text {
                None => self.blank(),
                Some(text) => {
                    let column = self
                        .block
                        .map_or(note.column, |limit| note.column.min(limit));
                    self.lines.push(Line {
                        text: format!("{}#{text}", " ".repeat(column)),
                        comment: Vec::new(),
                    });
                }
            }
        }
    }

    /// The keys of a mapping in layout order; unknown keys after, as written.
    fn ordered(&self, map: &Map<String, Value>, path: &str) -> Vec<String> {
        let mut keys: Vec<(usize, (usize, usize), String)> = map
            .keys()
            .map(|key| {
                let child = join_key(path, key);
                let order = self.layout.get(&child).map_or(usize::MAX, |f| f.order);
                let position = self
                    .positions
                    .get(&child)
                    .copied()
                    .unwrap_or((usize::MAX, usize::MAX));
                (order, position, key.clone())
            })
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, _, key)| key).collect()
    }

    /// A mapping's entries at `indent`; with `dash`, the first after `- ` at that column.
    fn mapping(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        indent: usize,
        dash: Option<usize>,
    ) {
        for (index, key) in self.ordered(map, path).iter().enumerate() {
            let dash = if index == 0 { dash } else { None };
            self.entry(key, &map[key.as_str()], path, indent, dash);
        }
    }

    /// `key: value`, its leading comments above it and its comment after it.
    fn entry(
        &mut self,
        key: &str,
        value: &Value,
        parent: &str,
        indent: usize,
        dash: Option<usize>,
    ) {
        let path = join_key(parent, key);
        if let Some(leading) = self.comments.leading.get(&path) {
            self.notes(leading);
        }
        let prefix = match dash {
            Some(column) => format!("{}- ", " ".repeat(column)),
            None => " ".repeat(indent),
        };
        let comment = match self.comments.trailing.get(&path) {
            Some(own) => own.clone(),
            None => self
                .layout
                .get(&path)
                .map(|f| f.comment.iter().map(|c| format!(" {c}")).collect())
                .unwrap_or_default(),
        };
        let head = format!("{prefix}{}:", key_text(key));
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.push(Line {
                    text: head,
                    comment,
                });
                self.mapping(map, &path, indent + 2, None);
            }
            Value::Array(items) if !fits_on_one_line(items) => {
                self.push(Line {
                    text: head,
                    comment,
                });
                for (index, item) in items.iter().enumerate() {
                    self.item(item, &format!("{path}[{index}]"), indent + 2);
                }
            }
            Value::String(text) if block_safe(text) => {
                // A comment line under a block scalar's head would be read as its
                // text: a comment of several lines is joined into one.
                let comment = match comment.split_first() {
                    Some((first, rest)) if !rest.is_empty() => {
                        let mut joined = first.clone();
                        for next in rest {
                            joined.push(' ');
                            joined.push_str(next.trim());
                        }
                        vec![joined]
                    }
                    _ => comment,
                };
                self.push(Line {
                    text: format!("{head} {}", block_indicator(text)),
                    comment,
                });
                self.block_lines(text, indent + 2);
            }
            _ => {
                let quoted = self.layout.get(&path).map(|f| f.quoted);
                self.push(Line {
                    text: format!("{head} {}", inline(value, quoted)),
                    comment,
                });
            }
        }
        if let Some(after) = self.comments.after.get(&path) {
            self.notes(after);
        }
    }

    /// A list item at the dash column `indent`.
    fn item(&mut self, value: &Value, path: &str, indent: usize) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                self.mapping(map, path, indent + 2, Some(indent))
            }
            Value::String(text) if block_safe(text) => {
                self.push(Line {
                    text: format!("{}- {}", " ".repeat(indent), block_indicator(text)),
                    comment: Vec::new(),
                });
                self.block_lines(text, indent + 2);
            }
            _ => self.push(Line {
                text: format!("{}- {}", " ".repeat(indent), inline(value, None)),
                comment: Vec::new(),
            }),
        }
    }

    /// The lines of a literal block scalar, its text at `indent`.
    fn block_lines(&mut self, text: &str, indent: usize) {
        let body = text.trim_end_matches('\n');
        let trailing = text.len() - body.len();
        let lines = body.split('\n').chain((1..trailing).map(|_| ""));
        for line in lines {
            self.lines.push(Line {
                text: if line.is_empty() {
                    String::new()
                } else {
                    format!("{}{line}", " ".repeat(indent))
                },
                comment: Vec::new(),
            });
        }
        // The head's column: the text is more indented than it.
        self.block = Some(indent - 2);
        self.kept_lines = trailing > 1;
    }
}

fn is_block_collection(value: &Value) -> bool {
    match value {
        Value::Object(map) => !map.is_empty(),
        Value::Array(items) => !fits_on_one_line(items),
        _ => false,
    }
}

/// A list of plain values short enough for `[a, b, c]`.
fn fits_on_one_line(items: &[Value]) -> bool {
    items.iter().all(|item| match item {
        Value::String(text) => !text.contains('\n'),
        Value::Array(_) | Value::Object(_) => false,
        _ => true,
    }) && items
        .iter()
        .map(|v| inline(v, None).len() + 2)
        .sum::<usize>()
        <= FLOW_WIDTH
}

/// Text that a literal block scalar (`|`) gives back exactly: several lines, only
/// printable characters and tabs, no line of spaces alone, and a first line of text
/// that does not start with a space (it would set the indentation).
fn block_safe(text: &str) -> bool {
    let body = text.trim_end_matches('\n');
    text.contains('\n')
        && !body.is_empty()
        && text.chars().all(|c| {
            (!c.is_control() || c == '\n' || c == '\t')
                && !matches!(
                    c,
                    '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}' | '\u{2028}' | '\u{2029}' | '\u{85}'
                )
        })
        && body
            .split('\n')
            .all(|line| line.is_empty() || !line.trim().is_empty())
        && body
            .split('\n')
            .find(|line| !line.is_empty())
            .is_some_and(|first| !first.starts_with([' ', '\t']))
}

/// `|-` (no final line break), `|` (one) or `|+` (more, kept).
fn block_indicator(text: &str) -> &'static str {
    match text.len() - text.trim_end_matches('\n').len() {
        0 => "|-",
        1 => "|",
        _ => "|+",
    }
}

/// Words YAML readers may take for something other than a string.
fn reserved(text: &str) -> bool {
    matches!(
        text.to_ascii_lowercase().as_str(),
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

fn identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !reserved(text)
}

fn date(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

fn key_text(key: &str) -> String {
    if identifier(key) {
        key.to_string()
    } else {
        quote(key)
    }
}

fn quote(text: &str) -> String {
    // JSON's escapes are a subset of YAML's double-quoted ones.
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// A value on the line of its key: plain for enumerations, identifiers and dates
/// (unless the field is free text, `quoted`), in double quotes otherwise; lists of
/// plain values in brackets; anything else as JSON, which YAML reads alike.
fn inline(value: &Value, quoted: Option<bool>) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => {
            if quoted != Some(true) && (identifier(text) || date(text)) {
                text.clone()
            } else {
                quote(text)
            }
        }
        Value::Array(items) if fits_on_one_line(items) => {
            let items: Vec<String> = items.iter().map(|v| inline(v, None)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) if map.is_empty() => "{}".into(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// The lines, comments after values aligned at [`COMMENT_COLUMN`], their next lines
/// under them.
fn render(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(&line.text);
        if let Some((first, rest)) = line.comment.split_first() {
            let width = line.text.chars().count();
            let column = if width < COMMENT_COLUMN {
                COMMENT_COLUMN
            } else {
                width + 3
            };
            out.push_str(&" ".repeat(column - width));
            out.push('#');
            out.push_str(first);
            for next in rest {
                out.push('\n');
                out.push_str(&" ".repeat(column));
                out.push('#');
                out.push_str(next);
            }
        }
        out.push('\n');
    }
    out
}
