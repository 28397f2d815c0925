//! Standing in for the fields that fail to load, so that the rules that do not read
//! them still run: an officer gets every finding of a file in one run, not the type
//! errors first and the date-order rules only once those are fixed.
//!
//! Each field that fails is replaced by a value that loads (the skeleton's, else a
//! neutral one of the type serde asked for) or, when it is an unknown key, removed. The
//! paths replaced are the [`Taint`]: a rule that reads one of them stays silent, since
//! its finding would be about the stand-in rather than the file.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::yaml::{join_key, leaf, parent_path};
use crate::diagnostic::closest;

/// The fields of a file that failed to load and were stood in for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taint {
    paths: Vec<String>,
}

impl Taint {
    /// Whether every field loaded as written.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The fields stood in for, as paths (`offences[1].date`).
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Whether a finding at `path` from a rule that reads the fields `reads` (paths
    /// without indices: `offences.date`; `""` reads everything) would be about a stand-in.
    ///
    /// A finding about another item of the same list is kept: a bad date in the first
    /// offence says nothing about the second.
    pub fn silences(&self, path: &str, reads: &[&str]) -> bool {
        self.paths.iter().any(|taint| {
            if is_within(path, taint) {
                return true;
            }
            let field = without_indices(taint);
            let read = reads
                .iter()
                .any(|read| is_within(&field, read) || is_within(read, &field));
            read && !about_another_item(path, taint)
        })
    }

    fn add(&mut self, path: String) {
        if !self.paths.contains(&path) {
            self.paths.push(path);
        }
    }
}

/// Whether `path` is `ancestor` or lies under it (`""` is above everything).
fn is_within(path: &str, ancestor: &str) -> bool {
    ancestor.is_empty()
        || path == ancestor
        || path
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.starts_with(['.', '[']))
}

/// `offences[1].date` → `offences.date`.
fn without_indices(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            c if !in_index => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether `path` and `taint` index one list at different items.
fn about_another_item(path: &str, taint: &str) -> bool {
    let mut from = 0;
    while let Some(open) = taint[from..].find('[').map(|i| i + from) {
        let Some(close) = taint[open..].find(']').map(|i| i + open) else {
            return false;
        };
        let list = &taint[..open];
        if let Some(rest) = path.strip_prefix(list)
            && rest.starts_with('[')
            && let Some(end) = rest.find(']')
        {
            if rest[..=end] != taint[open..=close] {
                return true;
            }
        } else {
            return false;
        }
        from = close + 1;
    }
    false
}

/// Loads `root` as a `T` after standing in for each field that fails, one at a time;
/// `None` when some failure has no stand-in (a required field of a list item that the
/// skeleton does not show), and the file's mistakes are reported alone.
pub fn stand_in<T: DeserializeOwned>(root: &Value, skeleton: &Value) -> Option<(T, Taint)> {
    let mut value = root.clone();
    let mut taint = Taint::default();
    // Each round fixes one field; a file has far fewer mistakes than this before the
    // type checks' own limit.
    for _ in 0..128 {
        let error = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(typed) => return Some((typed, taint)),
            Err(error) => error,
        };
        let path = path_of(&error);
        let message = error.into_inner().to_string();
        if let Some(rest) = message.strip_prefix("unknown field `") {
            let field = rest.split('`').next().unwrap_or(rest);
            let key = if leaf(&path) == field {
                path.clone()
            } else {
                join_key(&path, field)
            };
            let parent = parent_path(&key).unwrap_or("").to_string();
            if !remove(&mut value, &key) {
                return None;
            }
            // `victms:` was meant as `victim`: the rules that read `victim` would
            // otherwise say it is not recorded. The fields allowed are serde's list
            // (every field, those `psr init` leaves commented out too).
            let meant = closest(field, expected_fields(rest)).map(|meant| join_key(&parent, meant));
            match meant {
                Some(meant) => taint.add(meant),
                None if !parent.is_empty() => taint.add(parent),
                None => {}
            }
            continue;
        }
        if let Some(rest) = message.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or(rest);
            let missing = join_key(&path, field);
            let replacement = at(skeleton, &without_list_items(&missing))?.clone();
            set(&mut value, &missing, replacement)?;
            taint.add(missing);
            continue;
        }
        let replacement = at(skeleton, &without_list_items(&path))
            .cloned()
            .or_else(|| neutral(&message, &path))?;
        if at(&value, &path) == Some(&replacement) {
            // The stand-in fails too: give up rather than loop.
            return None;
        }
        set(&mut value, &path, replacement)?;
        taint.add(path);
    }
    None
}

/// The fields serde's "unknown field" message lists as expected: "`a`, expected one
/// of `b`, `c`" gives `b` and `c`.
fn expected_fields(message: &str) -> impl Iterator<Item = &str> {
    let list = message
        .split_once("expected one of ")
        .or_else(|| message.split_once("expected "))
        .map_or("", |(_, list)| list);
    list.split(", ")
        .map(|field| field.trim().trim_matches('`'))
        .filter(|field| !field.is_empty() && !field.contains(' '))
}

/// The path of a serde error, as the findings write it.
fn path_of<E>(error: &serde_path_to_error::Error<E>) -> String {
    let mut path = String::new();
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => path.push_str(&format!("[{index}]")),
            serde_path_to_error::Segment::Map { key } => path = join_key(&path, key),
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    path
}

/// The skeleton shows one item of a list: `offences[3].date` → `offences[0].date`.
fn without_list_items(path: &str) -> String {
    super::yaml::with_indices_as(path, "[0]")
}

/// A value of the type serde's `message` asked for, when the skeleton has none.
fn neutral(message: &str, path: &str) -> Option<Value> {
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let first = rest.split('`').nth(2)?;
        return Some(Value::String(first.to_string()));
    }
    let lower = message.to_lowercase();
    let leaf = leaf(path);
    Some(if lower.contains("invalid time") {
        Value::String("00:00".into())
    } else if leaf.ends_with("date") || leaf.ends_with("_on") {
        Value::String("2000-01-01".into())
    } else if lower.contains("expected a boolean") {
        Value::Bool(false)
    } else if lower.contains("expected a string") {
        Value::String(String::new())
    } else if lower.contains("expected a sequence") {
        Value::Array(Vec::new())
    } else if lower.contains("expected struct") || lower.contains("expected a map") {
        Value::Object(serde_json::Map::new())
    } else if ["expected u", "expected i", "expected f", "paramvalue"]
        .iter()
        .any(|e| lower.contains(e))
    {
        Value::from(0)
    } else {
        return None;
    })
}

/// The segments of a path: `a.b[2].c` → key a, key b, index 2, key c.
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Segment<'_>>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        let key = pieces.next().unwrap_or("");
        if !key.is_empty() {
            out.push(Segment::Key(key));
        }
        for index in pieces {
            out.push(Segment::Index(index.strip_suffix(']')?.parse().ok()?));
        }
    }
    Some(out)
}

/// The value of `tree` at `path`, reading the first item of each list: where the
/// skeleton shows the field of any item (`offences[3].date` → `offences[0].date`).
pub fn at_first_item<'a>(tree: &'a Value, path: &str) -> Option<&'a Value> {
    at(tree, &without_list_items(path))
}

fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    segments(path)?
        .iter()
        .try_fold(value, |value, segment| match segment {
            Segment::Key(key) => value.get(key),
            Segment::Index(index) => value.get(index),
        })
}

fn set(value: &mut Value, path: &str, replacement: Value) -> Option<()> {
    let mut segments = segments(path)?;
    let last = segments.pop()?;
    let mut current = value;
    for segment in &segments {
        current = match segment {
            Segment::Key(key) => current.get_mut(key)?,
            Segment::Index(index) => current.get_mut(index)?,
        };
    }
    match last {
        Segment::Key(key) => {
            current
                .as_object_mut()?
                .insert(key.to_string(), replacement);
        }
        Segment::Index(index) => *current.get_mut(index)? = replacement,
    }
    Some(())
}

fn remove(value: &mut Value, path: &str) -> bool {
    let Some(parent) = parent_path(path) else {
        return false;
    };
    let Some(Value::Object(object)) = at_mut(value, parent) else {
        return false;
    };
    object.remove(leaf(path)).is_some()
}

fn at_mut<'a>(value: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    let segments = segments(path)?;
    let mut current = value;
    for segment in &segments {
        current = match segment {
            Segment::Key(key) => current.get_mut(*key)?,
            Segment::Index(index) => current.get_mut(*index)?,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests {
    use super::{Taint, about_another_item, without_list_items};

    fn taint(paths: &[&str]) -> Taint {
        Taint {
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn a_rule_that_reads_a_stood_in_field_is_silent() {
        let t = taint(&["person.date_of_birth"]);
        assert!(t.silences("person.age", &["person.date_of_birth"]));
        assert!(t.silences("person", &["person"]));
        assert!(!t.silences("sources", &["sources"]));
        assert!(t.silences("anything", &[""]));
    }

    #[test]
    fn a_finding_about_another_item_of_the_list_is_kept() {
        let t = taint(&["offences[0].date"]);
        assert!(t.silences("offences[0].date", &["offences.date"]));
        assert!(!t.silences("offences[1].date", &["offences.date"]));
        assert!(t.silences("report.hearing_date", &["offences.date"]));
        assert!(about_another_item("offences[1]", "offences[0].date"));
        assert!(!about_another_item("offences", "offences[0].date"));
    }

    #[test]
    fn the_skeleton_shows_the_first_item_of_each_list() {
        assert_eq!(
            without_list_items("circumstances.caretaking.dependants[3].age"),
            "circumstances.caretaking.dependants[0].age"
        );
    }
}
