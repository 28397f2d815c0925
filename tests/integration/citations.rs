//! Every citation of the Kyoto Model Strategies that psr writes — in its code, hints,
//! templates, language files, docs and fixtures — names a part listed in the registry
//! (`src/diagnostic/kyoto.rs`), where what psr relies on it for is written down.

use std::path::Path;

use psr::diagnostic::kyoto::{REGISTRY, citations_in};

use crate::common::root;

/// The files psr ships or documents itself with.
fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ["rs", "json", "typ", "md", "yaml", "yml"].contains(&e))
        {
            out.push(path);
        }
    }
}

#[test]
fn every_citation_names_a_part_of_the_registry() {
    let root = root();
    let mut all = vec![root.join("README.md")];
    for dir in ["src", "report-templates", "docs", "fixtures"] {
        files(&root.join(dir), &mut all);
    }
    assert!(all.len() > 50, "too few files: {}", all.len());
    let mut cited = 0;
    let mut unknown = Vec::new();
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for part in citations_in(&text) {
            cited += 1;
            if !REGISTRY.iter().any(|e| e.part == part) {
                unknown.push(format!(
                    "{}: {part:?}",
                    path.strip_prefix(&root).unwrap_or(path).display()
                ));
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
