//! `psr diff`: what changed between two case files, as fields rather than lines.
//!
//! Both files are read as trees ([`crate::load::parse_yaml`]), so layout, comments
//! and key order do not count. Items of a list are matched by what identifies them,
//! not by their place: measures by `id`, offences by date and description, previous
//! convictions by date and offence, sources by description, kind and date,
//! dependants by relation and age; an item whose full identity changed but whose
//! main key (an offence's date, a dependant's relation) did not is shown as changed
//! rather than removed and added. Lists of plain values (languages, needs) and of
//! schedule blocks are compared as sets.

use serde::Serialize;
use serde_json::Value;

/// One difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The field, list items named by what identifies them:
    /// `proposal.measures[community-service].parameters.hours`.
    pub path: String,
    /// What happened to it.
    pub kind: ChangeKind,
    /// The value before (not for an addition).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    /// The value after (not for a removal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
    /// Under `restricted_notes`: for the probation service only, never printed in a
    /// report.
    pub restricted: bool,
}

/// What happened to a field or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// In the new file only.
    Added,
    /// In the old file only.
    Removed,
    /// In both, with another value.
    Changed,
}

/// How the items of a list are told apart: the fields of their full identity, the
/// first of which is their main key.
const IDENTITIES: &[(&str, &[&str])] = &[
    ("proposal.measures", &["id"]),
    ("offences", &["date", "description"]),
    ("criminal_history", &["date", "offence"]),
    ("sources", &["description", "kind", "date"]),
    ("circumstances.caretaking.dependants", &["relation", "age"]),
];

/// The changes from `old` to `new`, fields in the order of their names, items in the
/// order of the new list (removed ones last).
pub fn diff(old: &Value, new: &Value) -> Vec<Change> {
    let mut changes = Vec::new();
    compare(old, new, "", "", &mut changes);
    changes
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn push(
    changes: &mut Vec<Change>,
    path: &str,
    kind: ChangeKind,
    old: Option<&Value>,
    new: Option<&Value>,
) {
    changes.push(Change {
        path: path.to_string(),
        kind,
        old: old.cloned(),
        new: new.cloned(),
        restricted: path == "restricted_notes" || path.starts_with("restricted_notes."),
    });
}

/// `shape` is the path without item labels (`offences.plea`), for the identity table.
fn compare(old: &Value, new: &Value, path: &str, shape: &str, changes: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, new_value) in b {
                let child = join(path, key);
                let child_shape = join(shape, key);
                match a.get(key) {
                    Some(old_value) => compare(old_value, new_value, &child, &child_shape, changes),
                    None => push(changes, &child, ChangeKind::Added, None, Some(new_value)),
                }
            }
            for (key, old_value) in a {
                if !b.contains_key(key) {
                    push(
                        changes,
                        &join(path, key),
                        ChangeKind::Removed,
                        Some(old_value),
                        None,
                    );
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => compare_lists(a, b, path, shape, changes),
        _ if old == new => {}
        _ => push(changes, path, ChangeKind::Changed, Some(old), Some(new)),
    }
}

fn identity<'a>(item: &'a Value, fields: &[&str]) -> Vec<Option<&'a Value>> {
    fields.iter().map(|f| item.get(*f)).collect()
}

/// A short name for an item in a path: its main key, or its whole identity when two
/// items share the main key.
fn label(item: &Value, fields: &[&str], items: &[&Value]) -> String {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "?".into(),
    };
    let main = text(item.get(fields[0]));
    let shared = items
        .iter()
        .filter(|other| text(other.get(fields[0])) == main)
        .count()
        > 1;
    let full = if shared && fields.len() > 1 {
        fields
            .iter()
            .map(|f| text(item.get(*f)))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        main
    };
    if full.chars().count() > 32 {
        let cut: String = full.chars().take(31).collect();
        format!("{}…", cut.trim_end())
    } else {
        full
    }
}

fn compare_lists(a: &[Value], b: &[Value], path: &str, shape: &str, changes: &mut Vec<Change>) {
    let Some((_, fields)) = IDENTITIES.iter().find(|(p, _)| *p == shape) else {
        // Plain values, schedule blocks, anything else: compared as sets.
        for item in b.iter().filter(|item| !a.contains(item)) {
            push(changes, path, ChangeKind::Added, None, Some(item));
        }
        for item in a.iter().filter(|item| !b.contains(item)) {
            push(changes, path, ChangeKind::Removed, Some(item), None);
        }
        return;
    };
    let mut old_left: Vec<Option<&Value>> = a.iter().map(Some).collect();
    let mut pairs: Vec<(Option<&Value>, &Value)> = Vec::new();
    // The full identity first, then the main key alone, then nothing.
    let mut unmatched: Vec<&Value> = Vec::new();
    for item in b {
        let found = old_left
            .iter_mut()
            .find(|o| o.is_some_and(|o| identity(o, fields) == identity(item, fields)));
        match found {
            Some(slot) => pairs.push((slot.take(), item)),
            None => unmatched.push(item),
        }
    }
    for item in unmatched {
        let found = old_left
            .iter_mut()
            .find(|o| o.is_some_and(|o| o.get(fields[0]) == item.get(fields[0])));
        pairs.push((found.and_then(Option::take), item));
    }
    let new_items: Vec<&Value> = b.iter().collect();
    let old_items: Vec<&Value> = a.iter().collect();
    for (old, new) in pairs {
        let item_path = format!("{path}[{}]", label(new, fields, &new_items));
        match old {
            Some(old) => compare(old, new, &item_path, shape, changes),
            None => push(changes, &item_path, ChangeKind::Added, None, Some(new)),
        }
    }
    for old in old_left.into_iter().flatten() {
        let item_path = format!("{path}[{}]", label(old, fields, &old_items));
        push(changes, &item_path, ChangeKind::Removed, Some(old), None);
    }
}

/// A value in one line, as a person reads it: text as written, a schedule block as
/// `mon, wed 09:00–13:00`, other values compact.
pub fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => {
            let one_line = text.replace('\n', " ⏎ ");
            if one_line.chars().count() > 70 {
                let cut: String = one_line.chars().take(69).collect();
                format!("\"{cut}…\"")
            } else {
                format!("\"{one_line}\"")
            }
        }
        Value::Object(map)
            if map.contains_key("days") && map.contains_key("from") && map.contains_key("to") =>
        {
            let days = map["days"]
                .as_array()
                .map(|d| {
                    d.iter()
                        .map(|v| v.as_str().unwrap_or("?"))
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .unwrap_or_default();
            format!(
                "{days} {}–{}",
                map["from"].as_str().unwrap_or("?"),
                map["to"].as_str().unwrap_or("?")
            )
        }
        Value::Object(map) if map.contains_key("id") && map.len() <= 4 => {
            format!("measure {}", map["id"].as_str().unwrap_or("?"))
        }
        // An offence, a conviction, a source, a dependant: what names it.
        Value::Object(map)
            if let Some(name) = ["description", "offence", "relation"]
                .iter()
                .find_map(|k| map.get(*k)) =>
        {
            describe(name)
        }
        other => {
            let text = other.to_string();
            if text.chars().count() > 70 {
                let cut: String = text.chars().take(69).collect();
                format!("{cut}…")
            } else {
                text
            }
        }
    }
}

/// One line for a change: `~ path: old → new`, `+ path: new`, `- path: old`.
pub fn line(change: &Change) -> String {
    let restricted = if change.restricted {
        " (restricted)"
    } else {
        ""
    };
    match change.kind {
        ChangeKind::Changed => format!(
            "~ {}{restricted}: {} → {}",
            change.path,
            describe(change.old.as_ref().unwrap_or(&Value::Null)),
            describe(change.new.as_ref().unwrap_or(&Value::Null))
        ),
        ChangeKind::Added => format!(
            "+ {}{restricted}: {}",
            change.path,
            describe(change.new.as_ref().unwrap_or(&Value::Null))
        ),
        ChangeKind::Removed => format!(
            "- {}{restricted}: {}",
            change.path,
            describe(change.old.as_ref().unwrap_or(&Value::Null))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{ChangeKind, diff, line};
    use serde_json::json;

    #[test]
    fn items_are_matched_by_what_identifies_them() {
        let old = json!({"proposal": {"measures": [
            {"id": "restitution", "parameters": {"months": 6}},
            {"id": "cso", "parameters": {"hours": 120}}
        ]}});
        let new = json!({"proposal": {"measures": [
            {"id": "cso", "parameters": {"hours": 150}},
            {"id": "restitution", "parameters": {"months": 6}}
        ]}});
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            line(&changes[0]),
            "~ proposal.measures[cso].parameters.hours: 120 → 150"
        );
    }

    #[test]
    fn an_offence_keeps_its_place_when_its_description_changes() {
        let old =
            json!({"offences": [{"date": "2026-08-02", "description": "Theft", "plea": "guilty"}]});
        let new = json!({"offences": [{"date": "2026-08-02", "description": "Theft of clothing", "plea": "guilty"}]});
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].path, "offences[2026-08-02].description");
        assert_eq!(changes[0].kind, ChangeKind::Changed);
    }

    #[test]
    fn schedules_and_plain_lists_are_sets() {
        let old = json!({"circumstances": {"employment": {"schedule": [
            {"days": ["mon", "tue"], "from": "09:00", "to": "17:00"}
        ]}}, "person": {"languages": ["en", "sw"]}});
        let new = json!({"circumstances": {"employment": {"schedule": [
            {"days": ["mon", "tue"], "from": "09:00", "to": "17:00"},
            {"days": ["sat"], "from": "08:00", "to": "12:00"}
        ]}}, "person": {"languages": ["sw", "en"]}});
        let changes = diff(&old, &new);
        assert_eq!(changes.len(), 1, "{changes:?}");
        assert_eq!(
            line(&changes[0]),
            "+ circumstances.employment.schedule: sat 08:00–12:00"
        );
    }

    #[test]
    fn restricted_notes_are_marked() {
        let changes = diff(
            &json!({"restricted_notes": "a"}),
            &json!({"restricted_notes": "b"}),
        );
        assert!(changes[0].restricted);
        assert_eq!(
            line(&changes[0]),
            "~ restricted_notes (restricted): \"a\" → \"b\""
        );
    }
}
