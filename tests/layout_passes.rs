//! Typst lays a document out again until its introspections (page numbers, counters)
//! settle. psr's templates are designed to settle in two passes: "Page X of Y" is the
//! only thing the first pass cannot know, and paragraph numbers come from the view
//! model, not from counters. Layout is most of a report's time, so a third pass would
//! cost a third more.
//!
//! A test binary of its own: Typst's timing recorder is global to the process, and
//! tests running beside it would add their passes to the count. Its own tests take
//! turns ([`RECORDER`]).

use std::path::Path;
use std::time::Duration;

use psr::load::SourceFile;
use psr::render::{Engine, Resources};
use psr::{Edition, Pipeline};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn pipeline() -> Pipeline {
    Pipeline::new(
        &fixture("catalogue.example.yaml"),
        &Resources::default(),
        Duration::from_secs(60),
    )
    .expect("pipeline")
}

fn source(name: &str, text: String) -> SourceFile {
    SourceFile {
        name: name.to_string(),
        text,
    }
}

/// Held while a test records: one recording at a time.
static RECORDER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The names of Typst's timing spans begun during `render`, one per piece of work
/// really done (a memoized result reused records none).
fn spans(render: impl FnOnce()) -> Vec<String> {
    typst_timing::clear();
    typst_timing::enable();
    render();
    typst_timing::disable();
    let mut json = Vec::new();
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).expect("timing export");
    let events: Vec<serde_json::Value> = serde_json::from_slice(&json).expect("timing json");
    events
        .iter()
        .filter(|e| e["ph"] == "B")
        .filter_map(|e| e["name"].as_str().map(str::to_string))
        .collect()
}

/// The layout passes of one render ("iter (1)", "iter (2)" …).
fn passes(render: impl FnOnce()) -> usize {
    spans(render)
        .iter()
        .filter(|n| n.starts_with("iter ("))
        .count()
}

/// The blocks laid out in one render.
fn blocks(render: impl FnOnce()) -> usize {
    spans(render).iter().filter(|n| *n == "block").count()
}

#[test]
fn every_report_settles_in_two_layout_passes() {
    let _turn = RECORDER.lock().unwrap_or_else(|e| e.into_inner());
    let pipeline = pipeline();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("case");
    for kind in ["full", "short", "diversion", "bail", "pre_release"] {
        // Each kind proposes measures of its own kind (a bail report, bail measures).
        let measures = match kind {
            "bail" => "    - id: bail-support\n      parameters: { times_per_week: 2 }\n",
            "pre_release" => {
                "    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true\n"
            }
            _ => "",
        };
        let proposed = if measures.is_empty() {
            example.clone()
        } else {
            let start = example.find("  measures:\n").expect("measures") + "  measures:\n".len();
            format!("{}{measures}", &example[..start])
        };
        for language in ["en", "fr"] {
            let text = proposed
                .replace("kind: full ", &format!("kind: {kind} "))
                .replace("language: en ", &format!("language: {language} "));
            for copy in [Edition::Court, Edition::Person] {
                Engine::evict_caches(0);
                let case = source(&format!("{kind}.yaml"), text.clone());
                let count = passes(|| {
                    pipeline.render_case(case, &[copy]).expect("pdf");
                });
                assert_eq!(
                    count, 2,
                    "{kind} {language} {copy:?}: {count} layout passes"
                );
            }
        }
    }
}

/// `--watch` keeps Typst's caches between saves: after a one-field edit, the blocks
/// that did not change must come from the cache. A template that lets the whole view
/// into a page's styles (a `context` footer naming `data`) makes every block new on
/// every edit: 4 times the work (docs/performance.md).
#[test]
fn an_edit_lays_out_again_only_what_changed() {
    let _turn = RECORDER.lock().unwrap_or_else(|e| e.into_inner());
    let pipeline = pipeline();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("case");
    let edited = example.replace("goals: \"Keep her job,", "goals: \"Keep her job (edited),");
    for copy in [Edition::Court, Edition::Person] {
        Engine::evict_caches(0);
        let cold = blocks(|| {
            let case = source("case.yaml", example.clone());
            pipeline.render_case(case, &[copy]).expect("pdf");
        });
        let warm = blocks(|| {
            let case = source("case.yaml", edited.clone());
            pipeline.render_case(case, &[copy]).expect("pdf");
        });
        assert!(cold > 20, "{copy:?}: {cold} blocks laid out");
        assert!(
            warm * 4 < cold,
            "{copy:?}: an edit laid out {warm} of {cold} blocks again"
        );
    }
}
