//! psr's canonical layout of a case file: the order of the fields and the comment on
//! each, read from the skeleton `psr init` writes (`src/model/case_skeleton.yaml`),
//! its commented-out optional fields included, and from [`EXTRA`] for the fields the
//! skeleton shows only in examples. A test checks that every field of the JSON Schema
//! has a place.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::comments::comments;
use crate::model::CASE_SKELETON;

/// Where a field goes and what is said of it.
#[derive(Debug, Clone)]
pub struct Field {
    /// Its rank among its siblings (smaller first).
    pub order: usize,
    /// The comment `psr init` writes after it, one entry a line.
    pub comment: Vec<String>,
    /// Whether its value is written in quotes (free text) rather than plain
    /// (enumerations, dates, numbers).
    pub quoted: bool,
}

/// The fields of a format, by path with `[]` for list items (`offences[].plea`).
#[derive(Debug, Default)]
pub struct Layout {
    fields: HashMap<String, Field>,
}

/// Fields the skeleton shows only inside examples: (path, the field it follows,
/// quoted, comment).
const EXTRA: &[(&str, &str, bool, &str)] = &[
    (
        "report.supervisor.gender",
        "report.supervisor.role",
        false,
        "optional: female | male | non_binary | not_stated",
    ),
    (
        "report.supervisor.fingerprint",
        "report.supervisor.approved_on",
        true,
        "written by psr approve: what was approved (para 56); do not edit",
    ),
    (
        "report.supervisor.signature",
        "report.supervisor.fingerprint",
        true,
        "written by psr approve --key: the supervisor's signature of this approval (para 56); do not edit",
    ),
    (
        "proposal.custody_months",
        "proposal.custody_considered",
        false,
        "optional: a custodial term proposed, in months",
    ),
    (
        "proposal.measures[].id",
        "",
        false,
        "the measure's id in the catalogue (`psr measures`)",
    ),
    (
        "proposal.measures[].parameters",
        "proposal.measures[].id",
        false,
        "the values its conditions need, as the catalogue defines them",
    ),
    (
        "proposal.measures[].consent",
        "proposal.measures[].parameters",
        false,
        "whether the person consents (measures that require it)",
    ),
    (
        "proposal.measures[].override_reason",
        "proposal.measures[].consent",
        true,
        "why it is proposed although the catalogue's rules exclude it (paras 11, 12, 16)",
    ),
    (
        "circumstances.caretaking.dependants[].relation",
        "",
        true,
        "daughter, son, parent…",
    ),
    (
        "circumstances.caretaking.dependants[].age",
        "circumstances.caretaking.dependants[].relation",
        false,
        "in years",
    ),
    (
        "circumstances.caretaking.alternative_care_schedule[].days",
        "",
        false,
        "mon | tue | wed | thu | fri | sat | sun",
    ),
    (
        "circumstances.caretaking.alternative_care_schedule[].from",
        "circumstances.caretaking.alternative_care_schedule[].days",
        true,
        "\"HH:MM\", 24-hour",
    ),
    (
        "circumstances.caretaking.alternative_care_schedule[].to",
        "circumstances.caretaking.alternative_care_schedule[].from",
        true,
        "\"HH:MM\", 24-hour",
    ),
    (
        "circumstances.employment.schedule[].days",
        "",
        false,
        "mon | tue | wed | thu | fri | sat | sun",
    ),
    (
        "circumstances.employment.schedule[].from",
        "circumstances.employment.schedule[].days",
        true,
        "\"HH:MM\", 24-hour",
    ),
    (
        "circumstances.employment.schedule[].to",
        "circumstances.employment.schedule[].from",
        true,
        "\"HH:MM\", 24-hour",
    ),
];

/// The layout of a case file.
pub static CASE: LazyLock<Layout> = LazyLock::new(|| {
    let mut layout = Layout::from_skeleton(CASE_SKELETON);
    layout.add_extra(EXTRA);
    layout
});

/// `offences[0].plea` → `offences[].plea`.
pub fn normalize(path: &str) -> String {
    crate::load::with_indices_as(path, "[]")
}

/// `key: value` or `- key: value`, the key a lowercase identifier: a field, written
/// or commented out.
fn field_line(body: &str) -> Option<(bool, &str, &str)> {
    let (item, rest) = match body.strip_prefix("- ") {
        Some(rest) => (true, rest),
        None => (false, body),
    };
    let colon = rest.find(':')?;
    let key = &rest[..colon];
    let after = &rest[colon + 1..];
    let is_key = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_lowercase())
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && (after.is_empty() || after.starts_with(' '));
    is_key.then_some((item, key, after))
}

/// The column from which a comment is an aligned comment (a continuation), not a
/// commented-out field.
const ALIGNED: usize = 30;

impl Layout {
    /// Reads the fields, their order, quoting and comments from a skeleton.
    fn from_skeleton(skeleton: &str) -> Layout {
        let mut layout = Layout::default();
        let mut stack: Vec<(usize, String)> = Vec::new();
        let mut last: Option<String> = None;
        for (index, line) in skeleton.lines().enumerate() {
            let indent = line.len() - line.trim_start().len();
            let rest = line.trim_start();
            if rest.is_empty() {
                continue;
            }
            let (indent, body) = match rest.strip_prefix('#') {
                Some(after) => {
                    if indent >= ALIGNED {
                        // The next line of the comment above.
                        if let Some(field) = last.as_ref().and_then(|p| layout.fields.get_mut(p)) {
                            field.comment.push(after.trim().to_string());
                        }
                        continue;
                    }
                    let after = after.strip_prefix(' ').unwrap_or(after);
                    let inner = after.len() - after.trim_start().len();
                    (indent + inner, after.trim_start())
                }
                None => (indent, rest),
            };
            let Some((item, key, after)) = field_line(body) else {
                // Prose: not a field.
                continue;
            };
            let key_indent = if item { indent + 2 } else { indent };
            if item {
                while stack.last().is_some_and(|(i, _)| *i >= indent) {
                    stack.pop();
                }
                let parent = stack.last().map(|(_, p)| p.clone()).unwrap_or_default();
                stack.push((indent, format!("{parent}[]")));
            } else {
                while stack.last().is_some_and(|(i, _)| *i >= key_indent) {
                    stack.pop();
                }
            }
            let parent = stack.last().map(|(_, p)| p.as_str()).unwrap_or_default();
            let path = if parent.is_empty() {
                key.to_string()
            } else {
                format!("{parent}.{key}")
            };
            stack.push((key_indent, path.clone()));
            let comment = comments(after)
                .into_iter()
                .next()
                .map(|c| vec![c.text.trim().to_string()])
                .unwrap_or_default();
            let value = after.trim_start();
            layout.fields.entry(path.clone()).or_insert(Field {
                order: index * 100,
                comment,
                quoted: value.starts_with('"'),
            });
            last = Some(path);
        }
        layout
    }

    fn add_extra(&mut self, extra: &[(&str, &str, bool, &str)]) {
        for (k, (path, after, quoted, comment)) in extra.iter().enumerate() {
            let order = self
                .fields
                .get(*after)
                .map_or(k + 1, |field| field.order + 1 + k);
            self.fields.insert(
                (*path).to_string(),
                Field {
                    order,
                    comment: vec![(*comment).to_string()],
                    quoted: *quoted,
                },
            );
        }
    }

    /// The field at a path (indices or `[]`).
    pub fn get(&self, path: &str) -> Option<&Field> {
        self.fields.get(&normalize(path))
    }

    /// Every field's path.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.fields.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::{CASE, normalize};

    #[test]
    fn the_skeleton_gives_order_quoting_and_comments() {
        let kind = CASE.get("report.kind").expect("report.kind");
        assert!(
            kind.comment[0].starts_with("full | short"),
            "{:?}",
            kind.comment
        );
        assert!(!kind.quoted);
        let court = CASE.get("report.court").expect("court");
        assert!(court.quoted);
        assert!(kind.order < court.order);
        // Commented-out fields and list items have their places too.
        assert!(CASE.get("report.date").is_some());
        assert!(CASE.get("report.supervisor.approved_on").is_some());
        assert!(CASE.get("offences[3].plea").is_some());
        assert!(CASE.get("criminal_history[].compliance_notes").is_some());
        assert!(CASE.get("release.progress").is_some());
        // A comment over two lines.
        let needs = CASE.get("assessment.criminogenic_needs").expect("needs");
        assert_eq!(needs.comment.len(), 2, "{:?}", needs.comment);
        assert_eq!(normalize("a[10].b[2]"), "a[].b[]");
    }
}
