//! Every citation of the Kyoto Model Strategies that psr writes — in its code and
//! comments, hints, templates, language files, docs, fixtures and pinned outputs —
//! names a part listed in the registry (`src/diagnostic/kyoto.rs`), and is made for
//! something the registry holds for that part: one source of truth for what each
//! paragraph says.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use psr::diagnostic::codes::CODES;
use psr::diagnostic::kyoto::{REGISTRY, citations_in, claims_in, holds};

use crate::common::root;

/// The files psr ships or documents itself with.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            [
                "rs", "json", "typ", "md", "yaml", "yml", "js", "html", "css", "snap",
            ]
            .contains(&e)
        }) {
            out.push(path);
        }
    }
}

/// Every file that may cite: the README, the sources and their assets, the
/// templates, every doc, the fixtures and the pinned outputs of the snapshot tests.
fn all_files() -> Vec<PathBuf> {
    let root = root();
    let mut all = vec![root.join("README.md")];
    for dir in [
        "src",
        "report-templates",
        "docs",
        "fixtures",
        "tests/integration/snapshots",
        "tests/rules/src/snapshots",
    ] {
        files(&root.join(dir), &mut all);
    }
    all.sort();
    all
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The language files other than English: their citations are checked against the
/// English text of the same key instead.
fn translation(path: &Path) -> bool {
    path.parent().is_some_and(|p| p.ends_with("src/lang"))
        && path.file_name().is_some_and(|n| n != "en.json")
}

#[test]
fn every_citation_names_a_part_of_the_registry() {
    let all = all_files();
    assert!(all.len() > 50, "too few files: {}", all.len());
    let mut cited = 0;
    let mut unknown = Vec::new();
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for part in citations_in(&text) {
            cited += 1;
            if !REGISTRY.iter().any(|e| e.part == part) {
                unknown.push(format!("{}: {part:?}", relative(path)));
            }
        }
    }
    assert!(cited > 100, "too few citations found: {cited}");
    unknown.sort();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "citations of parts the registry does not list (add them there with what psr relies on, or correct the citation):\n{}",
        unknown.join("\n")
    );
}

/// Each citation is made for something the registry holds for the part: the sentence
/// that cites it speaks of what the part is cited for, and of nothing the text does
/// not say there. A range ("paras 42–45") cites a passage: one of its paragraphs
/// suffices, and none may be cited for what it does not say.
#[test]
fn every_citation_is_made_for_what_the_registry_holds_for_the_part() {
    let mut checked = 0;
    let mut loose = Vec::new();
    for path in all_files() {
        // The registry itself and its examples; translations are checked below; the
        // hints in pinned outputs are their codes', checked with the codes
        // (`src/diagnostic/codes.rs`).
        let snapshot = path.extension().is_some_and(|e| e == "snap");
        if path.ends_with("src/diagnostic/kyoto.rs") || translation(&path) || snapshot {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let by_line = path.extension().is_some_and(|e| e == "json");
        for (citation, claim) in claims_in(&text, by_line) {
            checked += citation.parts.len();
            let results: Vec<_> = citation
                .parts
                .iter()
                .map(|&part| (part, holds(part, &claim)))
                .collect();
            let failed: Vec<String> = if citation.range {
                let refused: Vec<String> = results
                    .iter()
                    .filter_map(|(_, r)| r.as_ref().err())
                    .filter(|why| why.contains("does not say"))
                    .cloned()
                    .collect();
                if !refused.is_empty() {
                    refused
                } else if results.iter().any(|(_, r)| r.is_ok()) {
                    Vec::new()
                } else {
                    results
                        .iter()
                        .filter_map(|(_, r)| r.clone().err())
                        .take(1)
                        .collect()
                }
            } else {
                results.into_iter().filter_map(|(_, r)| r.err()).collect()
            };
            for why in failed {
                loose.push(format!(
                    "{}: \"{}\": {why}",
                    relative(&path),
                    claim.split_whitespace().collect::<Vec<_>>().join(" ")
                ));
            }
        }
    }
    assert!(checked > 500, "too few citations checked: {checked}");
    loose.sort();
    loose.dedup();
    assert!(
        loose.is_empty(),
        "{} citations made for something the registry does not hold for the part (correct the citation, or, where the text does say it, add it to the part's `about` in src/diagnostic/kyoto.rs):\n{}",
        loose.len(),
        loose.join("\n")
    );
}

/// The numbers a language's text cites: in every script psr writes, citations are
/// written with ASCII digits ("par. 15", "第15段", "الفقرة 15").
fn numbers(text: &str) -> BTreeSet<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// A translation cites what the English text of the same key cites, no more, no
/// less: the English is checked against the registry, the others against it.
#[test]
fn every_translation_cites_what_the_english_cites() {
    let lang = root().join("src/lang");
    let read = |name: &str| -> BTreeMap<String, String> {
        let text = std::fs::read_to_string(lang.join(name)).unwrap();
        let all: BTreeMap<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        all.into_iter()
            .filter_map(|(k, v)| v.as_str().map(|v| (k, v.to_string())))
            .collect()
    };
    let english = read("en.json");
    let citing: Vec<(&String, &String)> = english
        .iter()
        .filter(|(_, v)| !citations_in(v).is_empty())
        .collect();
    assert!(citing.len() >= 5, "too few citing keys: {}", citing.len());
    let mut wrong = Vec::new();
    for name in ["fr.json", "es.json", "ru.json", "zh.json", "ar.json"] {
        let other = read(name);
        for (key, en) in &citing {
            let Some(text) = other.get(*key) else {
                continue;
            };
            if numbers(en) != numbers(text) {
                wrong.push(format!(
                    "{name} {key}: cites {:?}, the English {:?}",
                    numbers(text),
                    numbers(en)
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The rule tables of `docs/how-matching-works.md` cite for each code what
/// `src/diagnostic/codes.rs` cites (`docs/diagnostics.md` is checked by a unit test).
#[test]
fn how_matching_works_cites_for_each_code_what_the_codes_cite() {
    let docs = std::fs::read_to_string(root().join("docs/how-matching-works.md")).unwrap();
    let mut rows = 0;
    let mut wrong = Vec::new();
    for line in docs.lines() {
        let Some(rest) = line.strip_prefix("| `") else {
            continue;
        };
        let Some(code) = CODES.iter().find(|c| rest.starts_with(c.code)) else {
            continue;
        };
        rows += 1;
        // The last cell holds the citation.
        let last = line.trim_end_matches('|').rsplit('|').next().unwrap_or("");
        let mut found = citations_in(last);
        found.sort();
        found.dedup();
        let mut cited = code.cites.to_vec();
        cited.sort();
        if found != cited {
            wrong.push(format!(
                "{}: how-matching-works.md cites {found:?}, codes.rs {cited:?}",
                code.code
            ));
        }
    }
    assert!(rows > 20, "too few rows of codes: {rows}");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
