//! `psr diff`: two case files compared as fields, whatever their layout.

use std::path::Path;

use super::common::{fixture, psr, stderr, stdout, temp};

fn example() -> String {
    std::fs::read_to_string(fixture("case.example.yaml")).expect("example")
}

fn diff(dir: &Path, old: &str, new: &str, extra: &[&str]) -> std::process::Output {
    let (a, b) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&a, old).expect("write");
    std::fs::write(&b, new).expect("write");
    let mut args: Vec<&std::ffi::OsStr> = vec!["diff".as_ref(), a.as_os_str(), b.as_os_str()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    psr(&args)
}

#[test]
fn layout_comments_and_order_do_not_count() {
    let dir = temp();
    let formatted = psr::fmt::format_case(psr::load::SourceFile {
        name: "case.yaml".into(),
        text: example(),
    })
    .expect("formatted");
    assert_ne!(formatted, example());
    // Measures and dependants in another order, every comment gone.
    let reordered = example()
        .replace(
            "    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true             # the person agrees (required by this measure)\n    - id: restitution\n      parameters: { amount: \"180.00\", months: 6 }\n      consent: true             # she is willing to repay the store\n",
            "    - id: restitution\n      consent: true\n      parameters: {months: 6, amount: \"180.00\"}\n    - id: womens-centre\n      consent: true\n      parameters: {sessions: 12}\n",
        )
        .replace(
            "      - relation: daughter\n        age: 4\n      - relation: son\n        age: 9\n",
            "      - {age: 9, relation: son}\n      - {age: 4, relation: daughter}\n",
        );
    assert_ne!(reordered, example());
    for other in [formatted, reordered] {
        let out = diff(dir.path(), &example(), &other, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn each_change_is_named_once_with_its_path() {
    let dir = temp();
    let changed = example()
        .replace("parameters: { amount: \"180.00\", months: 6 }", "parameters: { amount: \"180.00\", months: 9 }")
        .replace("        age: 9\n", "        age: 10\n")
        .replace(
            "        to: \"14:00\"\n",
            "        to: \"14:00\"\n      - days: [sat]\n        from: \"08:00\"\n        to: \"12:00\"\n",
        )
        .replace("languages: [sw, en]", "languages: [sw, en, fr]")
        .replace("do not disclose.", "do not disclose; moved in 2026.")
        .replace("    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true             # the person agrees (required by this measure)\n", "");
    let out = diff(dir.path(), &example(), &changed, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let mut lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
    lines.sort();
    assert_eq!(
        lines,
        [
            "+ circumstances.employment.schedule: sat 08:00–12:00",
            "+ person.languages: \"fr\"",
            "- proposal.measures[womens-centre]: measure womens-centre",
            "~ circumstances.caretaking.dependants[son].age: 9 → 10",
            "~ proposal.measures[restitution].parameters.months: 6 → 9",
            "~ restricted_notes (restricted): \"Former partner's address is known to the service; do not disclose.\" → \"Former partner's address is known to the service; do not disclose; mo…\"",
        ]
    );
    let json = diff(dir.path(), &example(), &changed, &["--json"]);
    assert_eq!(json.status.code(), Some(1));
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let changes = changes.as_array().expect("list");
    assert_eq!(changes.len(), 6);
    let restricted = changes
        .iter()
        .find(|c| c["path"] == "restricted_notes")
        .expect("restricted");
    assert_eq!(restricted["restricted"], true);
    assert_eq!(restricted["kind"], "changed");
    assert_eq!(
        restricted["new"],
        "Former partner's address is known to the service; do not disclose; moved in 2026."
    );
}

#[test]
fn a_new_offence_and_a_removed_source_are_whole_items() {
    let dir = temp();
    let changed = example()
        .replace(
            "criminal_history:",
            "  - description: \"Theft from a supermarket\"\n    date: 2026-11-20\n    plea: no_plea\n    category: property\n    circumstances: \"Food worth 12.00.\"\n\ncriminal_history:",
        )
        .replace("  - kind: records_check\n    description: \"Police national computer check\"\n    date: 2026-11-10\n", "");
    let out = diff(dir.path(), &example(), &changed, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("+ offences[2026-11-20]: \"Theft from a supermarket\""),
        "{text}"
    );
    assert!(
        text.contains(
            "- sources[Police national computer check]: \"Police national computer check\""
        ),
        "{text}"
    );
    assert_eq!(text.lines().count(), 2, "{text}");
}

#[test]
fn a_file_that_cannot_be_read_is_exit_2() {
    let dir = temp();
    let out = diff(dir.path(), &example(), "report: [unclosed\n", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("E0"), "{}", stderr(&out));
    let missing = psr(&[
        "diff".as_ref(),
        fixture("case.example.yaml").as_os_str(),
        dir.path().join("nothing.yaml").as_os_str(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
}

/// Escape sequences, a bell, a carriage return, a backspace, a C1 control and a
/// right-to-left override in values and keys reach the terminal as `validate` shows
/// them: `?` for a control character, `<U+202E>` for a bidirectional control.
#[test]
fn control_characters_in_values_and_keys_are_shown_escaped() {
    let dir = temp();
    let old = "person:\n  given_name: \"Mary\"\n";
    let new = concat!(
        "person:\n",
        "  given_name: \"M\\e[2J\\aa\\rr\\by\\u009b31m\"\n",
        "  \"no\\e]0;title\\ates\": \"\\u202Eevil\\u202C\"\n",
    );
    let out = diff(dir.path(), old, new, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    for c in text.chars() {
        assert!(
            c == '\n' || !(c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c)),
            "raw {:?} in {text:?}",
            c
        );
    }
    assert!(
        text.contains("~ person.given_name: \"Mary\" → \"M?[2J?a?r?y?31m\""),
        "{text}"
    );
    assert!(
        text.contains("+ person.no?]0;title?tes: \"<U+202E>evil<U+202C>\""),
        "{text}"
    );
    // As JSON the values stay whole: a program reads them, escaped as JSON escapes.
    let json = diff(dir.path(), old, new, &["--json"]);
    let changes: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(changes[0]["new"], "M\u{1b}[2J\u{7}a\rr\u{8}y\u{9b}31m");
}
