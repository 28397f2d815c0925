//! Typst lays a document out again until its introspections (page numbers, counters)
//! settle. psr's templates are designed to settle in two passes: "Page X of Y" is the
//! only thing the first pass cannot know, and paragraph numbers come from the view
//! model, not from counters. Layout is most of a report's time, so a third pass would
//! cost a third more.
//!
//! A test binary of its own: Typst's timing recorder is global to the process, and
//! tests running beside it would add their passes to the count.

use std::path::Path;

use psr::Copy;
use psr::render::Engine;

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The layout passes of one render, from Typst's own timing spans ("iter (1)" …).
fn passes(render: impl FnOnce()) -> usize {
    typst_timing::clear();
    typst_timing::enable();
    render();
    typst_timing::disable();
    let mut json = Vec::new();
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).expect("timing export");
    let events: Vec<serde_json::Value> = serde_json::from_slice(&json).expect("timing json");
    events
        .iter()
        .filter(|e| e["ph"] == "B" && e["name"].as_str().is_some_and(|n| n.starts_with("iter (")))
        .count()
}

#[test]
fn every_report_settles_in_two_layout_passes() {
    let engine = Engine::new(None, &[]).expect("engine");
    let catalogue = psr::load_catalogue(&fixture("catalogue.example.yaml")).expect("catalogue");
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("case");
    for kind in ["full", "short", "diversion", "bail", "pre_release"] {
        for language in ["en", "fr"] {
            let text = example
                .replace("kind: full ", &format!("kind: {kind} "))
                .replace("language: en ", &format!("language: {language} "));
            let source = psr::load::SourceFile {
                name: format!("{kind}.yaml"),
                text,
            };
            let prepared = psr::prepare_source(source, catalogue.clone()).expect("prepared");
            for copy in [Copy::Court, Copy::Person] {
                Engine::evict_caches(0);
                let count = passes(|| {
                    prepared.render(&engine, copy).expect("pdf");
                });
                assert_eq!(
                    count, 2,
                    "{kind} {language} {copy:?}: {count} layout passes"
                );
            }
        }
    }
}
