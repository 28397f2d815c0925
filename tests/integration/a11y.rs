//! PDFs a screen reader can follow: every kind, copy and language declares PDF/UA-1
//! beside PDF/A-2b, its title is the document title, paragraphs are paragraphs, every
//! heading level is a heading, tables have header cells with their scope, and page
//! furniture is not content. The structure tree is read from `qpdf --json`; when the
//! Python checker `pdfua` is installed (`.ci/run` installs it), its rules run too.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::*;

/// What a PDF's structure tree holds.
#[derive(Debug, Default)]
struct Structure {
    /// Tags and how many of each.
    tags: BTreeMap<String, usize>,
    /// Header cells by scope (`/Row`, `/Column`).
    scopes: BTreeMap<String, usize>,
    /// The catalog.
    catalog: Value,
}

fn structure(pdf: &Path) -> Structure {
    let output = Command::new("qpdf")
        .arg("--json")
        .arg(pdf)
        .output()
        .expect("qpdf (Debian qpdf) must be installed: .ci/run installs it");
    assert!(output.status.success(), "qpdf --json {}", pdf.display());
    let json: Value = serde_json::from_slice(&output.stdout).expect("qpdf JSON");
    let objects = &json["qpdf"][1];
    let object = |reference: &Value| -> Value {
        match reference.as_str() {
            Some(r) if r.ends_with(" R") => objects[format!("obj:{r}")]["value"].clone(),
            _ => reference.clone(),
        }
    };
    let root = object(&objects["trailer"]["value"]["/Root"]);
    let mut found = Structure {
        catalog: root.clone(),
        ..Structure::default()
    };
    let mut stack = vec![object(&root["/StructTreeRoot"])];
    while let Some(node) = stack.pop() {
        let node = object(&node);
        if let Some(tag) = node["/S"].as_str() {
            *found.tags.entry(tag.to_string()).or_default() += 1;
            if tag == "/TH" {
                let attributes = object(&node["/A"]);
                let attributes = match attributes {
                    Value::Array(list) => list.iter().map(&object).collect(),
                    other => vec![other],
                };
                for a in attributes {
                    if let Some(scope) = a["/Scope"].as_str() {
                        *found.scopes.entry(scope.to_string()).or_default() += 1;
                    }
                }
            }
        }
        match &node["/K"] {
            Value::Array(kids) => stack.extend(kids.iter().cloned()),
            Value::Null => {}
            kid => stack.push(kid.clone()),
        }
    }
    found
}

fn count(s: &Structure, tag: &str) -> usize {
    s.tags.get(tag).copied().unwrap_or(0)
}

/// The rules of `pdfua` 0.1.3 that it does not evaluate on psr's PDFs, and why:
/// docs/accessibility.md says so. A rule skipped that is not here, or one here that
/// is evaluated again (a new version), fails the check, so that the doc is kept true.
const PDFUA_NOT_EVALUATED: &[&str] = &[
    // "Heading elements are not empty": the rule itself raises a ValueError on an
    // array in the structure tree (pikepdf 10), and pdfua reports it as skipped.
    "UA-14-001",
];

/// The `pdfua` checker's verdict, when it is installed: `Some(output)` on failure,
/// or when the rules it skipped are not exactly [`PDFUA_NOT_EVALUATED`].
fn pdfua_findings(pdf: &Path) -> Option<Option<String>> {
    let output = Command::new("python3")
        .args(["-m", "pdfua", "check"])
        .arg(pdf)
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    if text.contains("No module named pdfua")
        || String::from_utf8_lossy(&output.stderr).contains("No module named pdfua")
    {
        return None;
    }
    let skipped: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("[skip ]"))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let failed = !output.status.success() || skipped != PDFUA_NOT_EVALUATED;
    Some(failed.then_some(text))
}

#[test]
fn every_kind_copy_and_language_is_tagged_for_screen_readers() {
    let dir = temp();
    let mut checked_with_pdfua = 0;
    for kind in ["full", "short", "diversion", "bail", "pre_release"] {
        for lang in ["en", "fr", "es", "ru", "zh", "ar"] {
            let case = dir.path().join(format!("{kind}-{lang}.yaml"));
            std::fs::write(
                &case,
                example_of_kind(kind).replace("language: en ", &format!("language: {lang} ")),
            )
            .unwrap();
            let out = dir.path().join(format!("{kind}-{lang}.pdf"));
            let output = render(&case, &out, &["--copy", "all"]);
            assert!(
                output.status.success(),
                "{kind} {lang}: {}",
                stderr(&output)
            );
            let person = dir.path().join(format!("{kind}-{lang}-person.pdf"));
            for (copy, pdf) in [("court", &out), ("person", &person)] {
                let what = format!("{kind} {lang} {copy}");
                let bytes = std::fs::read(pdf).unwrap();
                let xmp = String::from_utf8_lossy(&bytes);
                assert!(xmp.contains("pdfuaid:part>1<"), "{what}: no PDF/UA-1 claim");
                assert!(xmp.contains("pdfaid:part>2<"), "{what}: no PDF/A-2 claim");
                let s = structure(pdf);
                assert_eq!(
                    s.catalog["/ViewerPreferences"]["/DisplayDocTitle"],
                    Value::Bool(true),
                    "{what}"
                );
                assert_eq!(
                    s.catalog["/Lang"],
                    Value::String(format!("u:{lang}")),
                    "{what}"
                );
                assert_eq!(count(&s, "/Title"), 1, "{what}: {:?}", s.tags);
                // Paragraphs are paragraphs, not cells of a layout grid.
                assert!(count(&s, "/P") >= 15, "{what}: {:?}", s.tags);
                assert!(
                    count(&s, "/P") > count(&s, "/Span") + count(&s, "/Div"),
                    "{what}: {:?}",
                    s.tags
                );
                // One heading per section; the front sheet's labels head their rows.
                assert!(count(&s, "/H1") >= 5, "{what}: {:?}", s.tags);
                assert!(
                    s.scopes.get("/Row").copied().unwrap_or(0) >= 4,
                    "{what}: {:?}",
                    s.scopes
                );
                if copy == "court" {
                    // The tables of options and of previous offending head their columns.
                    assert!(s.scopes.get("/Column").copied().unwrap_or(0) >= 4, "{what}");
                }
                let check = Command::new("qpdf")
                    .arg("--check")
                    .arg(pdf)
                    .output()
                    .unwrap();
                assert!(check.status.success(), "{what}: qpdf --check");
                match pdfua_findings(pdf) {
                    Some(None) => checked_with_pdfua += 1,
                    Some(Some(findings)) => panic!("{what}: pdfua check:\n{findings}"),
                    None => {}
                }
            }
        }
    }
    // Circumstances are sub-headed: a second heading level.
    let text = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    let case = dir.path().join("full.yaml");
    std::fs::write(&case, text).unwrap();
    let out = dir.path().join("full.pdf");
    assert!(render(&case, &out, &["--force"]).status.success());
    assert!(count(&structure(&out), "/H2") >= 5);

    if std::env::var_os("CI").is_some() {
        assert_eq!(
            checked_with_pdfua, 60,
            "CI installs pdfua: every PDF is checked"
        );
    } else if checked_with_pdfua == 0 {
        eprintln!(
            "note: python3 -m pdfua is not installed; its checks were skipped (pip install pdfua)"
        );
    }
}
