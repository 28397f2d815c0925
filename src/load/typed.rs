//! Giving the tree its type, section by section, so that every type error of a file
//! is found in one run.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::stand_in::{Taint, stand_in};
use super::yaml::{
    Document, SourceMap, for_each_text, join_key, leaf, lowercase_first, parent_path,
};
use crate::diagnostic::{Diagnostic, closest, codes, leading_zero_hint};

/// Whether two names are a likely typo of each other (edit distance ≤ 2).
fn is_close(a: &str, b: &str) -> bool {
    strsim::levenshtein(a, b) <= 2
}

/// Gives the tree of `document` the type `T`, collecting the type errors of every
/// top-level section (and every item of a top-level list) rather than stopping at the
/// first: a probation officer fixes a file in one pass, not ten.
///
/// A version this psr does not read does not stop loading (the other rules still run
/// and report with it); it is returned beside the value. Nor do type errors, for a
/// format with a skeleton: the failing fields are stood in for and listed in
/// [`Typed::taint`], the errors returned in [`Typed::findings`].
pub fn typed<T: DeserializeOwned + SectionedFormat>(
    document: &Document,
) -> Result<Typed<T>, Vec<Diagnostic>> {
    let controls = control_characters(&document.root, "", &document.map);
    if !controls.is_empty() {
        return Err(controls);
    }
    // A file written for another version says so, whatever else is wrong with it.
    let version: Vec<Diagnostic> = unknown_version(T::VERSION, document).into_iter().collect();
    // Most files are well typed: one pass, and the section by section search for every
    // mistake only when there is one (it doubles the work of a valid file).
    if let Ok(value) = T::deserialize(&document.root) {
        return Ok(Typed::clean(value, version));
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
                        Diagnostic::new(
                            codes::E012,
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
                Diagnostic::new(codes::E003, "", "the file is empty").with_hint(
                    "start from `psr init`, which writes a case file with every field explained",
                ),
            ]);
        }
        _ => {
            return Err(vec![
                Diagnostic::new(
                    codes::E011,
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
    if diagnostics.is_empty() {
        // Every section is well typed on its own: the whole must be too.
        match deserialize_at::<T>(&document.root, "", &document.map) {
            Ok(value) => return Ok(Typed::clean(value, version)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    diagnostics.extend(version);
    let stood_in = T::skeleton().and_then(|skeleton| stand_in::<T>(&document.root, skeleton));
    match stood_in {
        Some((value, taint)) => Ok(Typed {
            value,
            findings: diagnostics,
            taint,
        }),
        None => Err(diagnostics),
    }
}

/// A file given its type: the value, what loading found, and the fields stood in for.
#[derive(Debug)]
pub struct Typed<T> {
    /// The value; where [`Typed::taint`] lists a field, a stand-in.
    pub value: T,
    /// Loading's findings: a version this psr does not read, the type errors.
    pub findings: Vec<Diagnostic>,
    /// The fields that failed to load; empty for a well-typed file.
    pub taint: Taint,
}

impl<T> Typed<T> {
    fn clean(value: T, findings: Vec<Diagnostic>) -> Self {
        Typed {
            value,
            findings,
            taint: Taint::default(),
        }
    }
}

/// The version field of a format: its key, the version this psr reads, and the code
/// of a finding about another version.
#[derive(Debug, Clone, Copy)]
pub struct FormatVersion {
    /// `schema_version`.
    pub key: &'static str,
    /// The versions this psr reads, oldest first.
    pub known: &'static [u32],
    /// The finding when it is another.
    pub code: codes::Code,
    /// `schema`, `catalogue`: the format's name in the message.
    pub name: &'static str,
}

/// The finding for a file whose version this psr does not read. A version that is
/// not a number is a type error, reported by the type checks.
fn unknown_version(version: FormatVersion, document: &Document) -> Option<Diagnostic> {
    let FormatVersion {
        key,
        known,
        code,
        name,
    } = version;
    let found = document.root.get(key)?.as_u64()?;
    (!known.iter().any(|&v| u64::from(v) == found)).then(|| {
        let read: Vec<String> = known.iter().map(u32::to_string).collect();
        let read = match read.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        Diagnostic::new(code, key, format!("unknown {name} version {found}"))
            .with_hint(format!(
                "this psr reads {key} {read}; a newer psr may read this file"
            ))
            .at(document.map.value(key))
    })
}

/// Text with control characters (an escape written `"\e"`, a bell, a NUL) cannot be
/// printed in a report and could act on a terminal, nor can a byte-order mark inside
/// a text (PDF/UA forbids it): refused where it is written.
fn control_characters(value: &Value, path: &str, map: &SourceMap) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for_each_text(value, path, &mut |path, text| {
        if !may_hold_control_or_mark(text) {
            return;
        }
        let control = text.chars().find(|&c| {
            (c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
                // A byte-order mark inside a text, and the noncharacters: invisible,
                // and PDF/UA forbids them in a document's text.
                || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
        });
        if let Some(mark) = mark_after_tab(text) {
            found.push(
                Diagnostic::new(
                    codes::E015,
                    path,
                    format!(
                        "combining mark U+{:04X} right after a tab, with no letter to combine with",
                        mark as u32
                    ),
                )
                .with_hint("remove the tab or the mark, or put the letter it belongs to before it")
                .at(map.value(path)),
            );
            return;
        }
        if let Some(c) = control {
            found.push(
                Diagnostic::new(
                    codes::E015,
                    path,
                    if c.is_control() {
                        format!("control character U+{:04X} in text", c as u32)
                    } else {
                        format!("invisible character U+{:04X} (a byte-order mark or a noncharacter) in text", c as u32)
                    },
                )
                .with_hint("remove it: reports hold printable text, line breaks and tabs only")
                .at(map.value(path)),
            );
        }
    });
    found
}

/// Whether `text` has a byte that begins one of the characters
/// [`control_characters`] looks for: a control character (C0, DEL, C1: `0xC2 0x80`–
/// `0x9F`), U+FEFF, U+FFFE, U+FFFF (`0xEF …`), or a tab (a mark after it). Most texts
/// have none, and are passed over in one scan of their bytes instead of two decodings
/// of their characters.
fn may_hold_control_or_mark(text: &str) -> bool {
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\n' && b != b'\r') || b == 0x7F || b == 0xC2 || b == 0xEF)
}

/// A combining mark (an accent, a vowel sign) right after a tab: a defective
/// sequence that prints as a dotted circle at best, and that makes Typst's text
/// shaping panic inside a right-to-left override (U+202E; docs/upstream.md).
fn mark_after_tab(text: &str) -> Option<char> {
    use unicode_general_category::{GeneralCategory, get_general_category};
    text.chars()
        .zip(text.chars().skip(1))
        .find(|&(before, c)| {
            before == '\t'
                && matches!(
                    get_general_category(c),
                    GeneralCategory::NonspacingMark
                        | GeneralCategory::SpacingMark
                        | GeneralCategory::EnclosingMark
                )
        })
        .map(|(_, c)| c)
}

/// A format whose top-level sections can be checked one by one.
pub trait SectionedFormat {
    /// The version field.
    const VERSION: FormatVersion;
    /// Every top-level key.
    const SECTIONS: &'static [&'static str];
    /// Top-level keys that must be present.
    const REQUIRED: &'static [&'static str];
    /// The checker of one top-level key.
    fn section(key: &str) -> Option<SectionCheck>;
    /// A valid file with every field, whose values stand in for fields that fail to
    /// load (see [`super::stand_in`]); `None`: a file with mistakes is not loaded.
    fn skeleton() -> Option<&'static Value> {
        None
    }
}

/// Checks one section's value, at its path, returning its findings.
pub type SectionCheck = fn(&Value, &str, &SourceMap) -> Vec<Diagnostic>;

/// Checks a section of type `T`. After each finding the offending field is dropped
/// (an item of a list too: the items after it are then named by their place in the
/// file) and the section checked again, so that several mistakes in one section are
/// all reported, a field beside a bad list item included; a "missing field" that only
/// the dropping caused is not reported.
pub fn check_section<T: DeserializeOwned>(
    value: &Value,
    path: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    if T::deserialize(value).is_ok() {
        return Vec::new();
    }
    let mut value = value.clone();
    let mut removed = Removed::default();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    for _ in 0..32 {
        let Err(diagnostic) = deserialize_mapped::<T>(&value, path, map, &|p| removed.in_file(p))
        else {
            break;
        };
        // A field set aside for its own mistake is not also "missing".
        let dropped_here =
            diagnostic.code == "E012" && diagnostics.iter().any(|d| d.path == diagnostic.path);
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
        match remove_path(&mut value, path, &removed.in_value(&failing)) {
            Removal::Field => {}
            Removal::Item(index) => match parent_path(&failing) {
                Some(list) => removed.add(list, index, &failing),
                None => break,
            },
            Removal::None => break,
        }
    }
    diagnostics
}

/// The items dropped from the lists of a section being checked, by the list's path
/// and their place in the file: what turns a path in the value checked (whose later
/// items moved up) back into the file's, and the other way round.
#[derive(Debug, Default)]
struct Removed {
    /// Each list's path in the file, and the places in the file of its items dropped,
    /// in order.
    lists: Vec<(String, Vec<usize>)>,
}

impl Removed {
    /// Records that the item at `failing` (a path in the file) was dropped: `index`
    /// was its place in the value checked.
    fn add(&mut self, list: &str, index: usize, failing: &str) {
        let in_file = failing
            .rsplit_once('[')
            .and_then(|(_, rest)| rest.trim_end_matches(']').parse().ok())
            .unwrap_or(index);
        match self.lists.iter_mut().find(|(path, _)| path == list) {
            Some((_, places)) => {
                places.push(in_file);
                places.sort_unstable();
            }
            None => self.lists.push((list.to_string(), vec![in_file])),
        }
    }

    fn places(&self, list: &str) -> &[usize] {
        self.lists
            .iter()
            .find(|(path, _)| path == list)
            .map_or(&[], |(_, places)| places.as_slice())
    }

    /// A path of the value checked as a path of the file.
    fn in_file(&self, path: &str) -> String {
        self.map(path, true)
    }

    /// A path of the file as a path of the value checked.
    fn in_value(&self, path: &str) -> String {
        self.map(path, false)
    }

    /// `path` with each list index moved from the value's places to the file's
    /// (`to_file`) or back. Lists are known by their path in the file.
    fn map(&self, path: &str, to_file: bool) -> String {
        if self.lists.is_empty() {
            return path.to_string();
        }
        let (mut out, mut in_file) = (String::with_capacity(path.len()), String::new());
        let mut rest = path;
        while let Some(open) = rest.find('[') {
            let Some(close) = rest[open..].find(']').map(|i| open + i) else {
                break;
            };
            out.push_str(&rest[..open]);
            in_file.push_str(&rest[..open]);
            let Ok(index) = rest[open + 1..close].parse::<usize>() else {
                out.push_str(&rest[open..=close]);
                in_file.push_str(&rest[open..=close]);
                rest = &rest[close + 1..];
                continue;
            };
            let places = self.places(&in_file);
            let (value_index, file_index) = if to_file {
                let mut place = index;
                for &dropped in places {
                    if dropped <= place {
                        place += 1;
                    }
                }
                (index, place)
            } else {
                let before = places.iter().filter(|&&dropped| dropped < index).count();
                (index - before, index)
            };
            out.push_str(&format!(
                "[{}]",
                if to_file { file_index } else { value_index }
            ));
            in_file.push_str(&format!("[{file_index}]"));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
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

/// What [`remove_path`] dropped.
enum Removal {
    /// A field of a mapping.
    Field,
    /// The item at this place of a list.
    Item(usize),
    /// Nothing: the path is not in the value.
    None,
}

fn remove_path(value: &mut Value, base: &str, path: &str) -> Removal {
    let Some(relative) = path.strip_prefix(base) else {
        return Removal::None;
    };
    let relative = relative.trim_start_matches('.');
    let mut segments: Vec<&str> = relative.split('.').filter(|s| !s.is_empty()).collect();
    let Some(last) = segments.pop() else {
        return Removal::None;
    };
    let mut current = value;
    for segment in segments {
        let (name, indices) = split_indices(segment);
        if !name.is_empty() {
            let Some(next) = current.get_mut(name) else {
                return Removal::None;
            };
            current = next;
        }
        for index in indices {
            let Some(next) = current.get_mut(index) else {
                return Removal::None;
            };
            current = next;
        }
    }
    let (name, mut indices) = split_indices(last);
    let Some(item) = indices.pop() else {
        let dropped = match current {
            Value::Object(object) => object.remove(last).is_some(),
            _ => false,
        };
        return if dropped {
            Removal::Field
        } else {
            Removal::None
        };
    };
    // An item of a list: `needs[0]`, `schedule[1][0]`.
    if !name.is_empty() {
        let Some(next) = current.get_mut(name) else {
            return Removal::None;
        };
        current = next;
    }
    for index in indices {
        let Some(next) = current.get_mut(index) else {
            return Removal::None;
        };
        current = next;
    }
    match current {
        Value::Array(items) if item < items.len() => {
            items.remove(item);
            Removal::Item(item)
        }
        _ => Removal::None,
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
    deserialize_mapped(value, base, map, &str::to_string)
}

/// [`deserialize_at`] for a value some of whose list items were dropped: `in_file`
/// turns the path of the error into the file's, before it is looked up.
fn deserialize_mapped<T: DeserializeOwned>(
    value: &Value,
    base: &str,
    map: &SourceMap,
    in_file: &dyn Fn(&str) -> String,
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
        type_error(&error.into_inner().to_string(), &in_file(&path), map)
    })
}

/// Turns one of serde's messages into a finding with a hint.
fn type_error(message: &str, path: &str, map: &SourceMap) -> Diagnostic {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        return unknown_field_error(rest, path, map);
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Diagnostic::new(
            codes::E012,
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
        return Diagnostic::new(codes::E013, path, format!("unknown value `{word}`"))
            .with_hint(hint)
            .at(map.value(path));
    }
    date_or_time_error(message, path, map).unwrap_or_else(|| wrong_type(message, path, map))
}

/// E010 from serde's "unknown field `x`, expected one of `a`, `b`" (after its prefix).
fn unknown_field_error(rest: &str, path: &str, map: &SourceMap) -> Diagnostic {
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
    unknown_field(field, &allowed, &parent, map).at(map.key(&full))
}

/// E014: a time, or a date field, that does not parse.
fn date_or_time_error(message: &str, path: &str, map: &SourceMap) -> Option<Diagnostic> {
    let lower = message.to_lowercase();
    if lower.contains("invalid time") {
        return Some(
            Diagnostic::new(codes::E014, path, lowercase_first(message))
                .with_hint("times are 24-hour \"HH:MM\" in quotes, e.g. \"06:00\"")
                .at(map.value(path)),
        );
    }
    let leaf = leaf(path);
    let is_date_field = leaf.ends_with("date") || leaf.ends_with("_on") || leaf == "date_of_birth";
    let bad_date = [
        "input contains invalid characters",
        "premature end",
        "out of range",
        "trailing input",
        "expected a formatted date",
    ]
    .iter()
    .any(|m| lower.contains(m));
    (is_date_field && bad_date).then(|| {
        Diagnostic::new(codes::E014, path, "invalid date")
            .with_hint(
                "dates are written YYYY-MM-DD, e.g. 2026-12-03, and must exist in the calendar",
            )
            .at(map.value(path))
    })
}

/// E011: a value of the wrong type, with a hint saying how to write the right one.
fn wrong_type(message: &str, path: &str, map: &SourceMap) -> Diagnostic {
    let lower = message.to_lowercase();
    let number = leading_zero_number(message);
    if let Some((number, hint)) = number.and_then(|n| Some((n, leading_zero_hint(n)?))) {
        return Diagnostic::new(
            codes::E011,
            path,
            format!("`{number}` is a number written with a leading zero"),
        )
        .with_hint(hint)
        .at(map.value(path));
    }
    let hint = if lower.contains("expected a boolean") {
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
    Diagnostic::new(
        codes::E011,
        path,
        format!("wrong type: {}", lowercase_first(&message)),
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

fn unknown_field(field: &str, allowed: &[&str], parent: &str, map: &SourceMap) -> Diagnostic {
    let full = join_key(parent, field);
    let mut hint = format!("allowed fields here: {}", allowed.join(", "));
    if let Some(best) = closest(field, allowed.iter().copied()) {
        hint = format!("did you mean `{best}`? {hint}");
    }
    Diagnostic::new(
        codes::E010,
        full.clone(),
        format!("unknown field `{field}`"),
    )
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

#[cfg(test)]
mod tests {
    use super::Removed;

    /// Items dropped from a list move the later ones up: paths are turned back into
    /// the file's places, and the file's into the value's, list by list.
    #[test]
    fn paths_follow_the_items_dropped_from_their_lists() {
        let mut removed = Removed::default();
        assert_eq!(removed.in_file("a.l[3].b"), "a.l[3].b");
        // `a.l[0]` and then (the value's `a.l[1]`) the file's `a.l[2]` are dropped.
        removed.add("a.l", 0, "a.l[0]");
        assert_eq!(removed.in_file("a.l[1]"), "a.l[2]");
        removed.add("a.l", 1, "a.l[2]");
        assert_eq!(removed.in_file("a.l[0]"), "a.l[1]");
        assert_eq!(removed.in_file("a.l[1].m[0]"), "a.l[3].m[0]");
        assert_eq!(removed.in_value("a.l[3].m[0]"), "a.l[1].m[0]");
        assert_eq!(removed.in_value("a.l[1]"), "a.l[0]");
        // Another list, and a list inside an item, are their own.
        removed.add("a.l[3].m", 0, "a.l[3].m[0]");
        assert_eq!(removed.in_file("a.l[1].m[0]"), "a.l[3].m[1]");
        assert_eq!(removed.in_file("a.k[0]"), "a.k[0]");
        assert_eq!(removed.in_value("a.l[3].m[1]"), "a.l[1].m[0]");
    }
}
