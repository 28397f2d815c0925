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

use std::collections::{HashMap, HashSet, VecDeque};

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

/// A value as a key of a hash map: equal values (as `==` says) hash alike, so that
/// items are matched in time linear in the length of the lists, not quadratic.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Key<'a>(Option<&'a Value>);

impl Eq for Key<'_> {}

impl std::hash::Hash for Key<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        fn walk<H: std::hash::Hasher>(value: &Value, state: &mut H) {
            match value {
                Value::Null => 0u8.hash(state),
                Value::Bool(b) => (1u8, b).hash(state),
                Value::Number(n) => {
                    2u8.hash(state);
                    if let Some(u) = n.as_u64() {
                        u.hash(state);
                    } else if let Some(i) = n.as_i64() {
                        i.hash(state);
                    } else {
                        // 0.0 and -0.0 are equal: they must hash alike.
                        (n.as_f64().unwrap_or_default() + 0.0).to_bits().hash(state);
                    }
                }
                Value::String(s) => (3u8, s).hash(state),
                Value::Array(items) => {
                    (4u8, items.len()).hash(state);
                    for item in items {
                        walk(item, state);
                    }
                }
                // A map's keys are in order (serde_json's `Map` is sorted): equal maps
                // are walked alike.
                Value::Object(map) => {
                    (5u8, map.len()).hash(state);
                    for (key, item) in map {
                        key.hash(state);
                        walk(item, state);
                    }
                }
            }
        }
        match self.0 {
            None => std::hash::Hash::hash(&0u8, state),
            Some(value) => {
                std::hash::Hash::hash(&1u8, state);
                walk(value, state);
            }
        }
    }
}

fn identity<'a>(item: &'a Value, fields: &[&str]) -> Vec<Key<'a>> {
    fields.iter().map(|f| Key(item.get(*f))).collect()
}

/// How an item's main key reads in a path.
fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "?".into(),
    }
}

/// How many items of a list have each main key, as [`label`] reads it.
fn main_keys(items: &[Value], main: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for item in items {
        *counts.entry(text(item.get(main))).or_insert(0) += 1;
    }
    counts
}

/// A short name for an item in a path: its main key, or its whole identity when two
/// items of its list (`shared`, from [`main_keys`]) share the main key.
fn label(item: &Value, fields: &[&str], shared: &HashMap<String, usize>) -> String {
    let main = text(item.get(fields[0]));
    let full = if shared.get(&main).copied().unwrap_or(0) > 1 && fields.len() > 1 {
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

/// The positions of a list's items by a key, first first: the next unmatched item
/// with a key is the first still there.
fn positions<K: Eq + std::hash::Hash>(
    items: impl Iterator<Item = (usize, K)>,
) -> HashMap<K, VecDeque<usize>> {
    let mut map: HashMap<K, VecDeque<usize>> = HashMap::new();
    for (index, key) in items {
        map.entry(key).or_default().push_back(index);
    }
    map
}

fn compare_lists(a: &[Value], b: &[Value], path: &str, shape: &str, changes: &mut Vec<Change>) {
    let Some((_, fields)) = IDENTITIES.iter().find(|(p, _)| *p == shape) else {
        // Plain values, schedule blocks, anything else: compared as sets.
        let in_a: HashSet<Key<'_>> = a.iter().map(|v| Key(Some(v))).collect();
        let in_b: HashSet<Key<'_>> = b.iter().map(|v| Key(Some(v))).collect();
        for item in b.iter().filter(|item| !in_a.contains(&Key(Some(item)))) {
            push(changes, path, ChangeKind::Added, None, Some(item));
        }
        for item in a.iter().filter(|item| !in_b.contains(&Key(Some(item)))) {
            push(changes, path, ChangeKind::Removed, Some(item), None);
        }
        return;
    };
    let mut taken = vec![false; a.len()];
    let mut pairs: Vec<(Option<usize>, &Value)> = Vec::new();
    // The full identity first, then the main key alone, then nothing; each time the
    // first old item not yet taken.
    let mut by_identity = positions(a.iter().enumerate().map(|(i, o)| (i, identity(o, fields))));
    let mut unmatched: Vec<&Value> = Vec::new();
    for item in b {
        match by_identity
            .get_mut(&identity(item, fields))
            .and_then(VecDeque::pop_front)
        {
            Some(index) => {
                taken[index] = true;
                pairs.push((Some(index), item));
            }
            None => unmatched.push(item),
        }
    }
    let mut by_main = positions(
        a.iter()
            .enumerate()
            .filter(|(i, _)| !taken[*i])
            .map(|(i, o)| (i, Key(o.get(fields[0])))),
    );
    for item in unmatched {
        let found = by_main
            .get_mut(&Key(item.get(fields[0])))
            .and_then(VecDeque::pop_front);
        if let Some(index) = found {
            taken[index] = true;
        }
        pairs.push((found, item));
    }
    let new_keys = main_keys(b, fields[0]);
    let old_keys = main_keys(a, fields[0]);
    for (old, new) in pairs {
        let item_path = format!("{path}[{}]", label(new, fields, &new_keys));
        match old {
            Some(old) => compare(&a[old], new, &item_path, shape, changes),
            None => push(changes, &item_path, ChangeKind::Added, None, Some(new)),
        }
    }
    for (old, _) in a.iter().zip(&taken).filter(|(_, taken)| !**taken) {
        let item_path = format!("{path}[{}]", label(old, fields, &old_keys));
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

/// One line for a change: `~ path: old → new`, `+ path: new`, `- path: old`. Made
/// safe for a terminal as `validate`'s findings are
/// ([`crate::diagnostic::printable`]): a control character in a key or a value is
/// `?` (a line break in a key too: one change, one line), a bidirectional control
/// `<U+202E>`.
pub fn line(change: &Change) -> String {
    let restricted = if change.restricted {
        " (restricted)"
    } else {
        ""
    };
    let text = match change.kind {
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
    };
    crate::diagnostic::printable(&text).replace('\n', "?")
}

#[cfg(test)]
mod tests {
    use super::{Change, ChangeKind, diff, line};
    use serde_json::{Value, json};

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

    /// The matching as it was written first, quadratic (every item searched for in
    /// the whole other list): the reference the linear one must agree with.
    fn quadratic(a: &[Value], b: &[Value], fields: &[&str], path: &str) -> Vec<Change> {
        let text = |v: Option<&Value>| match v {
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => "?".into(),
        };
        let label = |item: &Value, items: &[Value]| {
            let main = text(item.get(fields[0]));
            let shared = items
                .iter()
                .filter(|o| text(o.get(fields[0])) == main)
                .count()
                > 1;
            let full = if shared {
                let all: Vec<String> = fields.iter().map(|f| text(item.get(*f))).collect();
                all.join(", ")
            } else {
                main
            };
            format!("{path}[{full}]")
        };
        let identity = |item: &Value| -> Vec<Option<Value>> {
            fields.iter().map(|f| item.get(*f).cloned()).collect()
        };
        let mut old_left: Vec<Option<&Value>> = a.iter().map(Some).collect();
        let mut pairs = Vec::new();
        let mut unmatched = Vec::new();
        for item in b {
            match old_left
                .iter_mut()
                .find(|o| o.is_some_and(|o| identity(o) == identity(item)))
            {
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
        let mut changes = Vec::new();
        for (old, new) in pairs {
            let item_path = label(new, b);
            match old {
                Some(old) => super::compare(old, new, &item_path, path, &mut changes),
                None => super::push(&mut changes, &item_path, ChangeKind::Added, None, Some(new)),
            }
        }
        for old in old_left.into_iter().flatten() {
            super::push(
                &mut changes,
                &label(old, a),
                ChangeKind::Removed,
                Some(old),
                None,
            );
        }
        changes
    }

    /// Lists with shared dates, repeated items, missing keys and numbers written
    /// both ways (`0.0`, `-0.0`, `1`, `1.0`): the linear matching pairs exactly the
    /// items the quadratic one did, in the same order, with the same labels.
    #[test]
    fn the_linear_matching_pairs_items_as_the_quadratic_one_did() {
        // A small generator, seeded: the same lists every run.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let dates = [
            json!(0.0),
            json!(-0.0),
            json!(1),
            json!(1.0),
            json!("2026-01-01"),
            json!("2026-01-02"),
        ];
        let mut compared = 0;
        for _ in 0..2000 {
            let mut list = || -> Vec<Value> {
                let len = next(9);
                (0..len)
                    .map(|_| {
                        let mut item = serde_json::Map::new();
                        if next(6) > 0 {
                            item.insert("date".into(), dates[next(6) as usize].clone());
                        }
                        if next(4) > 0 {
                            item.insert("offence".into(), json!(format!("o{}", next(3))));
                        }
                        item.insert("outcome".into(), json!(next(2)));
                        Value::Object(item)
                    })
                    .collect()
            };
            let (a, b) = (list(), list());
            let expected = quadratic(&a, &b, &["date", "offence"], "criminal_history");
            let linear = diff(
                &json!({ "criminal_history": a }),
                &json!({ "criminal_history": b }),
            );
            assert_eq!(linear, expected, "{a:?}\n{b:?}");
            compared += expected.len();
        }
        assert!(compared > 2000, "the lists differ often enough: {compared}");
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
