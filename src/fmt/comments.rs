//! The comments of a YAML text, and the field each belongs to.
//!
//! YAML parsers drop comments, so psr finds them itself: a line scanner that knows
//! quoted scalars (a `#` inside quotes is text), block scalars (their lines are text)
//! and the rule that a comment's `#` starts a line or follows a space.

use std::collections::HashMap;

/// A comment as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Line, from 1.
    pub line: usize,
    /// Column of the `#`, in characters from 0.
    pub column: usize,
    /// What follows the `#`, trailing spaces removed.
    pub text: String,
    /// Alone on its line (else after a value).
    pub own_line: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    None,
    Double,
    Single,
}

/// Every comment of a text, in order.
pub fn comments(text: &str) -> Vec<Comment> {
    let mut found = Vec::new();
    let mut quote = Quote::None;
    // Inside a block scalar: lines more indented than this column are its text.
    let mut block: Option<usize> = None;
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(column) = block {
            if line.trim().is_empty() || indent > column {
                continue;
            }
            block = None;
        }
        let mut at_scalar_start = true;
        let mut comment_at: Option<(usize, usize)> = None; // (byte, char column)
        let mut chars = line.char_indices().enumerate().peekable();
        let mut previous = ' ';
        while let Some((column, (byte, c))) = chars.next() {
            match quote {
                Quote::Double => {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        quote = Quote::None;
                        at_scalar_start = false;
                    }
                }
                Quote::Single => {
                    if c == '\'' {
                        if chars.peek().is_some_and(|(_, (_, n))| *n == '\'') {
                            chars.next();
                        } else {
                            quote = Quote::None;
                            at_scalar_start = false;
                        }
                    }
                }
                Quote::None => {
                    if c == '#' && (previous == ' ' || previous == '\t' || column == 0) {
                        comment_at = Some((byte, column));
                        break;
                    }
                    let next_is_space = chars
                        .peek()
                        .is_none_or(|(_, (_, n))| *n == ' ' || *n == '\t');
                    match c {
                        '"' if at_scalar_start => quote = Quote::Double,
                        '\'' if at_scalar_start => quote = Quote::Single,
                        ' ' | '\t' => {}
                        '[' | '{' | ',' => at_scalar_start = true,
                        ':' | '-' | '?' if next_is_space && (c == ':' || at_scalar_start) => {
                            at_scalar_start = true
                        }
                        _ => at_scalar_start = false,
                    }
                }
            }
            previous = c;
        }
        let content = match comment_at {
            Some((byte, column)) => {
                let own_line = line[..byte].trim().is_empty();
                found.push(Comment {
                    line: index + 1,
                    column,
                    text: line[byte + 1..].trim_end().to_string(),
                    own_line,
                });
                &line[..byte]
            }
            None => line,
        };
        if quote == Quote::None && opens_block_scalar(content) {
            block = Some(key_column(content));
        }
    }
    found
}

/// Whether a line's content ends with a block scalar's indicator (`|`, `>-`, `|2+`…).
fn opens_block_scalar(content: &str) -> bool {
    let content = content.trim_end();
    let Some(start) = content.rfind(['|', '>']) else {
        return false;
    };
    let indicators = &content[start + 1..];
    let before = &content[..start];
    indicators.len() <= 2
        && indicators
            .chars()
            .all(|c| matches!(c, '+' | '-' | '1'..='9'))
        && (before.trim().is_empty()
            || before.ends_with(": ")
            || before.ends_with("- ")
            || before.ends_with(":\t"))
}

/// The column of the node a line opens: past its indentation and list dashes.
fn key_column(content: &str) -> usize {
    let mut column = 0;
    let mut rest = content;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        column += rest.len() - trimmed.len();
        match trimmed.strip_prefix("- ") {
            // `- |`: the scalar is the item, as indented as its dash.
            Some(after) if after.trim_start().starts_with(['|', '>']) => return column,
            Some(after) => {
                column += 2;
                rest = after;
            }
            None => return column,
        }
    }
}

/// A comment line alone on its line, at its column; or a blank line kept with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The column of the `#`.
    pub column: usize,
    /// What follows the `#`; `None` for a blank line.
    pub text: Option<String>,
}

/// The comments of a file, each given to a field (by its path with indices, as
/// [`crate::load::SourceMap`] names keys).
#[derive(Debug, Default, Clone)]
pub struct Attached {
    /// Comment lines before the first field.
    pub header: Vec<Note>,
    /// Comment lines after the last field.
    pub footer: Vec<Note>,
    /// Comment lines just above a field.
    pub leading: HashMap<String, Vec<Note>>,
    /// Comment lines after a field and all it holds, a blank line below them.
    pub after: HashMap<String, Vec<Note>>,
    /// A comment after a field's value, with its continuation lines.
    pub trailing: HashMap<String, Vec<String>>,
}

/// Gives each comment to a field: a comment after a value to the last field that
/// starts on or before its line; one alone on its line to the next field, unless a
/// blank line separates them (then to the field above, as a comment closing it); one
/// right under a comment after a value and in its column is that comment's next line.
/// A blank line just above a comment alone on its line is kept with it.
pub fn attach(text: &str, comments: &[Comment], keys: &[(usize, usize, String)]) -> Attached {
    let blank: Vec<bool> = text.split('\n').map(|l| l.trim().is_empty()).collect();
    let is_blank = |line: usize| line >= 1 && blank.get(line - 1).copied().unwrap_or(false);
    let mut attached = Attached::default();
    // The trailing comment the previous line continued, and its column.
    let mut continuing: Option<(usize, usize, String)> = None;
    for comment in comments {
        // The field a comment after a value (or its next line) belongs to.
        let trailing_of = match &continuing {
            Some((line, column, path))
                if comment.own_line && *line + 1 == comment.line && *column == comment.column =>
            {
                Some(path.clone())
            }
            // The first field on its line (`author: {name: …}  # …` is about
            // `author`), else the last one above (a list of values over lines).
            _ if !comment.own_line => keys
                .iter()
                .find(|(line, _, _)| *line == comment.line)
                .or_else(|| keys.iter().rev().find(|(line, _, _)| *line < comment.line))
                .map(|(_, _, path)| path.clone()),
            _ => None,
        };
        continuing = None;
        if let Some(path) = trailing_of {
            attached
                .trailing
                .entry(path.clone())
                .or_default()
                .push(comment.text.clone());
            continuing = Some((comment.line, comment.column, path));
            continue;
        }
        if !comment.own_line {
            attached.header.push(Note {
                column: comment.column,
                text: Some(comment.text.clone()),
            });
            continue;
        }
        let group = if keys.first().is_none_or(|(line, _, _)| comment.line < *line) {
            &mut attached.header
        } else {
            let next = keys.iter().find(|(line, _, _)| *line > comment.line);
            let separated = next.is_none_or(|(line, _, _)| (comment.line + 1..*line).any(is_blank));
            let previous = keys.iter().rev().find(|(line, _, _)| *line < comment.line);
            match (next, previous, separated) {
                (Some((_, _, path)), _, false) => attached.leading.entry(path.clone()).or_default(),
                (Some(_), Some((_, _, path)), true) => {
                    attached.after.entry(path.clone()).or_default()
                }
                _ => &mut attached.footer,
            }
        };
        if is_blank(comment.line - 1) {
            group.push(Note {
                column: 0,
                text: None,
            });
        }
        group.push(Note {
            column: comment.column,
            text: Some(comment.text.clone()),
        });
    }
    // A blank line between the comments at the top and the first field stays.
    if let Some((first, _, _)) = keys.first()
        && let Some(last) = comments.iter().rfind(|c| c.line < *first)
        && !attached.header.is_empty()
        && (last.line + 1..*first).any(is_blank)
    {
        attached.header.push(Note {
            column: 0,
            text: None,
        });
    }
    attached
}

#[cfg(test)]
mod tests {
    use super::comments;

    fn texts(yaml: &str) -> Vec<(usize, String, bool)> {
        comments(yaml)
            .into_iter()
            .map(|c| (c.line, c.text, c.own_line))
            .collect()
    }

    #[test]
    fn a_hash_in_quotes_or_a_block_scalar_is_text() {
        let yaml = "a: \"x # y\"  # one\nb: 'it''s # no' # two\nc: |\n  # text\n  more # text\nd: x#y # three\n# four\ne: [1, # five\n  2]\n";
        assert_eq!(
            texts(yaml),
            [
                (1, " one".into(), false),
                (2, " two".into(), false),
                (6, " three".into(), false),
                (7, " four".into(), true),
                (8, " five".into(), false),
            ]
        );
    }

    #[test]
    fn a_block_scalar_in_a_list_ends_at_its_indentation() {
        let yaml =
            "l:\n  - text: >-\n      # text\n    # comment\n  - |\n    # text\n  # comment 2\n";
        assert_eq!(
            texts(yaml),
            [(4, " comment".into(), true), (7, " comment 2".into(), true)]
        );
    }
}
