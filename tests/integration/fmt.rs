//! `psr fmt`: the canonical layout, every value and comment kept, idempotent, and
//! `--check` for a folder of cases.

use std::path::{Path, PathBuf};

use psr::fmt::format_case;
use psr::load::{SourceFile, parse_yaml};

use super::common::{fixture, psr, root, stderr, stdout, temp};

#[allow(dead_code)]
#[path = "../../examples/generate_cases.rs"]
mod generate_cases;

fn source(name: &str, text: &str) -> SourceFile {
    SourceFile {
        name: name.into(),
        text: text.into(),
    }
}

/// Formats `text`, checks that the result reads back as the same tree and that a
/// second pass changes nothing; returns the result.
fn formats_losslessly(name: &str, text: &str) -> Option<String> {
    let original = parse_yaml(source(name, text)).ok()?;
    if !original.root.is_object() {
        return None;
    }
    let once = format_case(source(name, text)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    let again =
        parse_yaml(source(name, &once)).unwrap_or_else(|d| panic!("{name}: {}\n{once}", d.message));
    assert_eq!(again.root, original.root, "{name}: a value changed\n{once}");
    let twice = format_case(source(name, &once)).unwrap_or_else(|e| panic!("{name}: {e:?}"));
    assert_eq!(twice, once, "{name}: not idempotent");
    // Every comment of the file is still there.
    for comment in psr::fmt::comments::comments(text) {
        assert!(
            once.contains(comment.text.trim()),
            "{name}: lost the comment `{}`\n{once}",
            comment.text
        );
    }
    Some(once)
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_fixture_formats_without_losing_a_value_or_a_comment() {
    let mut formatted = 0;
    for dir in ["", "invalid", "compat", "hostile", "injection", "fmt"] {
        for path in yaml_files(&fixture(dir)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("catalogue"))
            {
                continue;
            }
            if formats_losslessly(&path.display().to_string(), &text).is_some() {
                formatted += 1;
            }
        }
    }
    assert!(formatted >= 60, "only {formatted} fixtures formatted");
}

#[test]
fn a_thousand_generated_cases_format_without_losing_a_value() {
    let mut rng = generate_cases::Rng(7);
    for i in 0..1000 {
        let text = generate_cases::case(i, &mut rng);
        let formatted = formats_losslessly(&format!("case-{i}"), &text).expect("a mapping");
        let first_field = formatted
            .lines()
            .find(|l| !l.starts_with('#'))
            .unwrap_or_default();
        assert!(first_field.starts_with("schema_version: 1"), "{formatted}");
    }
}

#[test]
fn the_init_skeleton_is_already_formatted() {
    let dir = temp();
    let case = dir.path().join("new.yaml");
    assert!(psr(&["init".as_ref(), case.as_os_str()]).status.success());
    let check = psr(&["fmt".as_ref(), "--check".as_ref(), case.as_os_str()]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}{}",
        stdout(&check),
        stderr(&check)
    );
}

#[test]
fn a_case_written_by_hand_gets_the_canonical_layout() {
    let text = std::fs::read_to_string(fixture("fmt/commented.yaml")).expect("fixture");
    let formatted = formats_losslessly("commented.yaml", &text).expect("formatted");
    insta::assert_snapshot!("fmt_commented", formatted);
    // The order of psr init, whatever the order written.
    let position = |needle: &str| formatted.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(position("schema_version:") < position("report:"));
    assert!(position("report:") < position("person:"));
    assert!(position("  given_name:") < position("  family_name:"));
    // Free text of several lines as a block; times quoted; dates and enumerations plain.
    assert!(formatted.contains("person_account: |-"), "{formatted}");
    assert!(formatted.contains("from: \"09:00\""), "{formatted}");
    assert!(
        formatted.contains("date_of_birth: 1999-07-01 "),
        "{formatted}"
    );
    assert!(formatted.contains("kind: short "), "{formatted}");
    assert!(formatted.contains("family_name: \"Okafor\""), "{formatted}");
    // psr init's comment where the person wrote none, theirs where they did.
    assert!(
        formatted.contains("# guilty | not_guilty | no_plea"),
        "{formatted}"
    );
    assert!(
        formatted.contains("given_name: \"Chinedu\"           # goes by \"Chi\""),
        "{formatted}"
    );
    assert!(
        formatted.contains("  author:                         # on the duty rota"),
        "{formatted}"
    );
}

#[test]
fn check_names_the_files_that_would_change_and_changes_nothing() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let messy = dir.path().join("messy.yaml");
    let tidy = dir.path().join("tidy.yaml");
    std::fs::copy(fixture("fmt/commented.yaml"), &messy).expect("copy");
    std::fs::copy(fixture("fmt/commented.yaml"), &tidy).expect("copy");
    assert!(psr(&["fmt".as_ref(), tidy.as_os_str()]).status.success());
    let before = std::fs::read(&messy).expect("read");
    let check = psr(&[
        "fmt".as_ref(),
        "--check".as_ref(),
        messy.as_os_str(),
        tidy.as_os_str(),
    ]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(
        stdout(&check),
        format!("would reformat {}\n", messy.display())
    );
    assert_eq!(
        std::fs::read(&messy).expect("read"),
        before,
        "--check changes nothing"
    );

    // Formatting replaces the file atomically, owner-only, nothing left beside it.
    let out = psr(&["fmt".as_ref(), messy.as_os_str()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("formatted"), "{}", stderr(&out));
    assert_eq!(
        std::fs::read(&messy).unwrap(),
        std::fs::read(&tidy).unwrap()
    );
    assert_eq!(
        std::fs::metadata(&messy).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    let check = psr(&[
        "fmt".as_ref(),
        "--check".as_ref(),
        messy.as_os_str(),
        tidy.as_os_str(),
    ]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    assert!(stdout(&check).is_empty());
}

#[test]
fn a_file_that_is_not_yaml_is_left_as_it_is() {
    let dir = temp();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "report: [unclosed\n").expect("write");
    let list = dir.path().join("list.yaml");
    std::fs::write(&list, "- a\n- b\n").expect("write");
    let good = dir.path().join("good.yaml");
    std::fs::write(&good, "schema_version: 1\nreport: {kind: full}\n").expect("write");
    let out = psr(&[
        "fmt".as_ref(),
        broken.as_os_str(),
        list.as_os_str(),
        good.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("E0"), "{err}");
    assert!(err.contains("broken.yaml was not formatted"), "{err}");
    assert!(err.contains("list.yaml was not formatted"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "report: [unclosed\n"
    );
    assert_eq!(std::fs::read_to_string(&list).unwrap(), "- a\n- b\n");
    // The others are formatted all the same.
    assert!(
        std::fs::read_to_string(&good)
            .unwrap()
            .contains("report:\n  kind: full ")
    );
    let missing = psr(&["fmt".as_ref(), root().join("nothing.yaml").as_os_str()]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn tricky_values_keep_their_types_and_text() {
    for (field, written) in [
        ("nationality", "\"0755\""),
        ("nationality", "\"true\""),
        ("nationality", "\"no\""),
        ("nationality", "\"null\""),
        ("nationality", "\"12:30\""),
        ("nationality", "\"  leading spaces\\nand lines\\n\""),
        ("nationality", "\"two\\n\\n\\nblank lines kept\\n\\n\""),
        ("nationality", "\"a tab\\tinside\\nand a # not a comment\""),
        ("nationality", "\"quotes \\\" and \\\\ backslash\""),
        ("nationality", "\"\\u202Eright to left\\n\""),
        ("nationality", "''"),
        ("nationality", "'it''s # fine'"),
        ("address_area", "|+\n    kept\n\n"),
        ("address_area", ">-\n    folded\n    lines"),
    ] {
        let text = std::fs::read_to_string(fixture("case.example.yaml"))
            .unwrap()
            .replace(
                "  address_area: \"Eastfield\"",
                &format!("  {field}: {written}"),
            )
            .replace("  nationality: \"Kenyan\"\n", "");
        formats_losslessly(&format!("{field}: {written}"), &text).expect("formatted");
    }
}

/// Every field path of a JSON Schema, lists as `[]`.
fn schema_paths(
    schema: &serde_json::Value,
    node: &serde_json::Value,
    path: &str,
    out: &mut Vec<String>,
    depth: usize,
) {
    if depth > 12 {
        return;
    }
    if let Some(reference) = node.get("$ref").and_then(|r| r.as_str()) {
        let name = reference.rsplit('/').next().unwrap_or_default();
        let defs = schema.get("definitions").or_else(|| schema.get("$defs"));
        if let Some(target) = defs.and_then(|d| d.get(name)) {
            schema_paths(schema, target, path, out, depth + 1);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for branch in node
            .get(key)
            .and_then(|b| b.as_array())
            .into_iter()
            .flatten()
        {
            schema_paths(schema, branch, path, out, depth + 1);
        }
    }
    if let Some(items) = node.get("items") {
        schema_paths(schema, items, &format!("{path}[]"), out, depth + 1);
    }
    for (key, child) in node
        .get("properties")
        .and_then(|p| p.as_object())
        .into_iter()
        .flatten()
    {
        let child_path = if path.is_empty() {
            key.clone()
        } else {
            format!("{path}.{key}")
        };
        out.push(child_path.clone());
        schema_paths(schema, child, &child_path, out, depth + 1);
    }
}

#[test]
fn every_field_of_the_format_has_a_place_in_the_layout() {
    let schema = psr::model::case_schema();
    let mut paths = Vec::new();
    schema_paths(&schema, &schema, "", &mut paths, 0);
    paths.sort();
    paths.dedup();
    assert!(paths.len() > 100, "{}", paths.len());
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| psr::fmt::layout::CASE.get(p).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "fields without a place in the layout (src/fmt/layout.rs, EXTRA): {missing:#?}"
    );
}
