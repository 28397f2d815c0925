//! Bounded on every input: each text and list of a case has a limit (E017, E018), the
//! whole file one more (E019), and whatever `validate` accepts renders, under 200 MB,
//! in every script (`docs/security.md`, "Limits").

use std::path::Path;

use psr::Checker;
use psr::diagnostic::Diagnostic;
use psr::load::source_from_bytes;
use psr::model::limits::{self, LIST, Limit, PARAGRAPH};
use psr::render::Resources;
use serde_json::Value;

use crate::common::*;

/// Peak memory allowed to a render of the largest case `validate` accepts.
const MEMORY_LIMIT_KIB: u64 = 200 * 1024;

/// Letters of two, three and four bytes in UTF-8, right to left, and an invisible
/// format character.
const LETTERS: [char; 4] = ['é', 'א', '😀', '\u{202E}'];

fn checker() -> Checker {
    Checker::new(Some(&catalogue()), &Resources::default()).expect("the catalogue loads")
}

fn example() -> Value {
    let text = std::fs::read(fixture("case.example.yaml")).unwrap();
    let source = source_from_bytes("case.yaml".into(), text).unwrap();
    psr::load::parse_yaml(source).unwrap().root
}

/// The findings about a case tree, written as JSON (which is YAML).
fn findings(checker: &Checker, case: &Value) -> Vec<Diagnostic> {
    let text = serde_json::to_vec_pretty(case).unwrap();
    let source = source_from_bytes("case.yaml".into(), text).unwrap();
    checker.findings(source).unwrap().diagnostics
}

fn errors(checker: &Checker, case: &Value) -> Vec<String> {
    findings(checker, case)
        .iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{} {} {}", d.code, d.path, d.message))
        .collect()
}

/// Every text leaf of a tree: its path, and its pattern (`[]` for list items).
fn texts(value: &Value, path: &str, pattern: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(_) => out.push((path.to_string(), pattern.to_string())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                texts(item, &format!("{path}[{i}]"), &format!("{pattern}[]"), out);
            }
        }
        Value::Object(object) => {
            for (key, item) in object {
                let join = |p: &str| {
                    if p.is_empty() {
                        key.clone()
                    } else {
                        format!("{p}.{key}")
                    }
                };
                let mapping = limits::is_mapping(limits::CASE, pattern);
                let child_pattern = if mapping {
                    format!("{pattern}.*")
                } else {
                    join(pattern)
                };
                texts(item, &join(path), &child_pattern, out);
            }
        }
        _ => {}
    }
}

fn at_mut<'a>(value: &'a mut Value, path: &str) -> &'a mut Value {
    let mut current = value;
    for part in path.split('.') {
        let mut pieces = part.split('[');
        let key = pieces.next().unwrap();
        current = &mut current[key];
        for index in pieces {
            let i: usize = index.trim_end_matches(']').parse().unwrap();
            current = &mut current[i];
        }
    }
    current
}

/// The free-text fields of the example (not an enumeration, a date or a time, a
/// measure id or a parameter): those that take any text without a type error.
fn free_texts(checker: &Checker) -> Vec<(String, Limit)> {
    let case = example();
    let mut leaves = Vec::new();
    texts(&case, "", "", &mut leaves);
    leaves
        .into_iter()
        .filter(|(path, _)| !path.starts_with("proposal.measures"))
        .filter(|(path, _)| {
            let mut edited = case.clone();
            *at_mut(&mut edited, path) = Value::String("Any text".into());
            errors(checker, &edited).is_empty()
        })
        .map(|(path, pattern)| {
            let limit = limits::limit_of(limits::CASE, &pattern, PARAGRAPH);
            (path, limit)
        })
        .collect()
}

/// The characters of text in a tree, as E019 counts them: every text, and the keys
/// of the mappings of free keys.
fn characters(value: &Value, pattern: &str) -> usize {
    match value {
        Value::String(text) => text.chars().count(),
        Value::Array(items) => items
            .iter()
            .map(|item| characters(item, &format!("{pattern}[]")))
            .sum(),
        Value::Object(object) => {
            let mapping = limits::is_mapping(limits::CASE, pattern);
            object
                .iter()
                .map(|(key, item)| {
                    let child = match (mapping, pattern.is_empty()) {
                        (true, _) => format!("{pattern}.*"),
                        (false, true) => key.clone(),
                        (false, false) => format!("{pattern}.{key}"),
                    };
                    let own = if mapping { key.chars().count() } else { 0 };
                    own + characters(item, &child)
                })
                .sum()
        }
        _ => 0,
    }
}

fn text_of(letter: char, length: usize) -> Value {
    Value::String(std::iter::repeat_n(letter, length).collect())
}

#[test]
fn every_text_at_its_limit_is_accepted_and_one_more_is_refused() {
    let checker = checker();
    let fields = free_texts(&checker);
    assert!(fields.len() >= 40, "only {} free-text fields", fields.len());
    for (path, limit) in &fields {
        for letter in LETTERS {
            let mut case = example();
            *at_mut(&mut case, path) = text_of(letter, limit.max);
            let found = errors(&checker, &case);
            assert!(found.is_empty(), "{path} at {}: {found:?}", limit.max);
        }
        let mut case = example();
        *at_mut(&mut case, path) = text_of('é', limit.max + 1);
        let found = errors(&checker, &case);
        let expected = format!(
            "E017 {path} `{path}` is {} characters long, over the limit of {} for {}",
            limit.max + 1,
            limit.max,
            limit.what
        );
        assert_eq!(found, vec![expected]);
    }
}

/// The example's lists, each grown to its limit by repeating its first item.
const LISTS: &[&str] = &[
    "offences",
    "criminal_history",
    "sources",
    "circumstances.caretaking.dependants",
    "person.languages",
    "assessment.protective_factors",
];

fn grown(case: &mut Value, path: &str, items: usize) {
    let list = at_mut(case, path).as_array_mut().unwrap();
    let first = list[0].clone();
    list.resize(items, first);
}

fn list_limit(path: &str) -> Limit {
    let pattern = path.to_string();
    limits::limit_of(limits::CASE, &pattern, LIST)
}

#[test]
fn every_list_at_its_limit_is_accepted_and_one_more_is_refused() {
    let checker = checker();
    for path in LISTS {
        let limit = list_limit(path);
        let mut case = example();
        grown(&mut case, path, limit.max);
        let found = errors(&checker, &case);
        assert!(found.is_empty(), "{path} at {}: {found:?}", limit.max);
        grown(&mut case, path, limit.max + 1);
        let found = errors(&checker, &case);
        assert!(
            found.iter().any(
                |e| e.starts_with(&format!("E018 {path} `{path}` has {} items", limit.max + 1))
            ),
            "{path}: {found:?}"
        );
    }
}

/// The largest case `validate` accepts: every list at its limit, then each text at its
/// limit (names first, then paragraphs) until the whole file reaches its own.
fn largest(checker: &Checker, fields: &[(String, Limit)], letter: char) -> Value {
    let mut case = example();
    for path in LISTS {
        grown(&mut case, path, list_limit(path).max);
    }
    let mut total = characters(&case, "");
    let names = fields.iter().filter(|(_, l)| *l != PARAGRAPH);
    let paragraphs = fields.iter().filter(|(_, l)| *l == PARAGRAPH);
    for (path, limit) in names.chain(paragraphs) {
        let old = at_mut(&mut case, path).as_str().unwrap().chars().count();
        let length = (limits::CASE_TEXT - total + old).min(limit.max);
        let mut text: String = std::iter::repeat_n(letter, length).collect();
        if path == "report.supervisor.name" {
            // The supervisor is someone else than the author (E030).
            if let Some(first) = text.chars().next() {
                text.replace_range(..first.len_utf8(), "Z");
            }
        }
        *at_mut(&mut case, path) = Value::from(text);
        total = total - old + length;
    }
    assert_eq!(total, characters(&case, ""));
    assert!(total > limits::CASE_TEXT - 1000, "{total} characters only");
    let found = errors(checker, &case);
    assert!(
        found.is_empty(),
        "the largest case with {letter:?}: {found:?}"
    );
    case
}

fn render_largest(letter: char) {
    let checker = checker();
    let fields = free_texts(&checker);
    let case = largest(&checker, &fields, letter);
    let dir = temp();
    let file = dir.path().join("case.yaml");
    std::fs::write(&file, serde_json::to_vec_pretty(&case).unwrap()).unwrap();
    let pdf = dir.path().join("report.pdf");
    let catalogue = catalogue();
    let args: [&std::ffi::OsStr; 8] = [
        "render".as_ref(),
        file.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
        "-o".as_ref(),
        pdf.as_os_str(),
        "--time-limit".as_ref(),
        "300".as_ref(),
    ];
    let Some((output, kib)) = psr_peak_memory(&args) else {
        let output = psr(&args);
        assert!(output.status.success(), "{}", stderr(&output));
        return;
    };
    assert!(output.status.success(), "{letter:?}: {}", stderr(&output));
    assert!(Path::new(&pdf).exists());
    assert!(
        kib < MEMORY_LIMIT_KIB,
        "the largest case with {letter:?} peaked at {kib} KiB"
    );
}

#[test]
fn the_largest_case_renders_under_the_memory_ceiling_in_latin() {
    render_largest(LETTERS[0]);
}

#[test]
fn the_largest_case_renders_under_the_memory_ceiling_in_hebrew() {
    render_largest(LETTERS[1]);
}

#[test]
fn the_largest_case_renders_under_the_memory_ceiling_with_emoji() {
    render_largest(LETTERS[2]);
}

#[test]
fn the_largest_case_renders_under_the_memory_ceiling_with_bidi_controls() {
    render_largest(LETTERS[3]);
}

#[test]
fn one_character_over_the_whole_files_limit_is_refused() {
    let checker = checker();
    let fields = free_texts(&checker);
    let mut case = largest(&checker, &fields, 'é');
    // Grow the first paragraph that has room left.
    let (path, _) = fields
        .iter()
        .find(|(path, limit)| {
            let length = at_mut(&mut case.clone(), path)
                .as_str()
                .unwrap()
                .chars()
                .count();
            *limit == PARAGRAPH && length < PARAGRAPH.max
        })
        .expect("a paragraph with room");
    let total = characters(&case, "");
    let grow = limits::CASE_TEXT - total + 1;
    let now = at_mut(&mut case, path).as_str().unwrap().chars().count();
    *at_mut(&mut case, path) = text_of('é', now + grow);
    let found = errors(&checker, &case);
    assert!(found.iter().any(|e| e.starts_with("E019")), "{found:?}");
}

/// Issue 30, 1: the studio's preview of the largest case `validate` accepts (emoji, the
/// heaviest above) stays under the same ceiling as `render`, both copies and again,
/// measured as the studio process's peak resident memory (`VmHWM`).
#[cfg(target_os = "linux")]
#[test]
fn the_largest_case_previewed_in_the_studio_stays_under_the_memory_ceiling() {
    let checker = checker();
    let fields = free_texts(&checker);
    let case = largest(&checker, &fields, LETTERS[2]);
    let dir = temp();
    std::fs::copy(catalogue(), dir.path().join("catalogue.yaml")).expect("catalogue");
    let studio =
        super::studio::Studio::start_with(dir.path(), &["--time-limit".as_ref(), "300".as_ref()]);
    // JSON is YAML: the case as a client would type it.
    let text = serde_json::to_string_pretty(&case).expect("json");
    for copy in ["court", "person", "court"] {
        let answer = studio.send(
            "POST",
            &format!("/api/check?copy={copy}"),
            &[],
            text.as_bytes(),
        );
        assert_eq!(answer.status, 200, "{copy}");
        let checked = answer.json();
        assert!(
            checked["preview"].is_null(),
            "{copy}: {}",
            checked["preview"]
        );
        let pages = checked["pages"].as_array().expect("pages");
        assert!(!pages.is_empty(), "{copy}");
        eprintln!(
            "{copy}: {} pages, {} bytes of SVG",
            pages.len(),
            pages
                .iter()
                .map(|p| p.as_str().unwrap_or("").len())
                .sum::<usize>()
        );
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", studio.pid())).expect("status");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    eprintln!("studio peak memory: {kib} KiB");
    assert!(
        kib < MEMORY_LIMIT_KIB,
        "the studio peaked at {kib} KiB previewing the largest case"
    );
}
