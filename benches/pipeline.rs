//! Where a report's time goes, in one process: `cargo bench --bench pipeline`.
//!
//! - `prepare`: load + validate + match (what `psr validate` does per case);
//! - `typst_only`: Typst compile + PDF export of the example's view, nothing of ours;
//! - `report`: the whole pipeline, prepare + view + compile + export (no file write);
//! - `rerender_after_edit`: what `--watch` does after a one-field edit, with Typst's
//!   caches warm from the previous version.
//!
//! `report` against `typst_only` is psr's own overhead. Results: docs/performance.md.

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use psr::load::SourceFile;
use psr::render::{Engine, Format, RenderJob, Resources};
use psr::{Edition, Pipeline};

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn benches(c: &mut Criterion) {
    let resources = Resources::default();
    let pipeline = Pipeline::new(
        &fixture("catalogue.example.yaml"),
        &resources,
        Duration::from_secs(60),
    )
    .expect("pipeline");
    let case_path = fixture("case.example.yaml");
    let text = std::fs::read_to_string(&case_path).expect("case");
    let engine = Engine::new(&resources).expect("engine");
    let source = |text: &str| SourceFile {
        name: "case.yaml".into(),
        text: text.to_string(),
    };

    c.bench_function("prepare", |b| {
        b.iter(|| pipeline.prepare(source(&text)).expect("prepared"))
    });

    let prepared = pipeline.prepare(source(&text)).expect("prepared");
    let job = RenderJob {
        template: "full.typ".into(),
        view_json: serde_json::to_string(&prepared.view(Edition::Court)).expect("view"),
        date: prepared.case.value.report_date(),
        ident: "bench".into(),
        format: Format::Pdf,
    };
    c.bench_function("typst_only", |b| {
        b.iter(|| {
            let rendered = engine.render(&job).expect("pdf");
            Engine::evict_caches(0);
            rendered
        })
    });

    c.bench_function("report", |b| {
        b.iter(|| {
            let rendered = pipeline
                .render_case(source(&text), &[Edition::Court])
                .expect("pdf");
            Engine::evict_caches(0);
            rendered
        })
    });

    // Warm the caches with the unedited case, then time one new edit per iteration.
    let checked = prepared.checked().expect("the example passes its checks");
    let _ = pipeline.render(checked, &[Edition::Court]).expect("pdf");
    let mut edit = 0u64;
    c.bench_function("rerender_after_edit", |b| {
        b.iter(|| {
            edit += 1;
            let edited = text.replace(
                "goals: \"Keep her job,",
                &format!("goals: \"Keep her job (revision {edit}),"),
            );
            // As `--watch` does: Typst's results are kept between saves.
            pipeline
                .render_case(source(&edited), &[Edition::Court])
                .expect("pdf")
        })
    });

    // The studio's live preview: one edit → findings and the court copy's pages as SVG.
    Engine::evict_caches(0);
    c.bench_function("first_preview", |b| {
        b.iter(|| {
            let prepared = pipeline.prepare(source(&text)).expect("prepared");
            let pages = pipeline.preview(&prepared, Edition::Court).expect("svg");
            Engine::evict_caches(0);
            pages
        })
    });
    let prepared = pipeline.prepare(source(&text)).expect("prepared");
    let _ = pipeline.preview(&prepared, Edition::Court).expect("svg");
    c.bench_function("preview_after_edit", |b| {
        b.iter(|| {
            edit += 1;
            let edited = text.replace(
                "goals: \"Keep her job,",
                &format!("goals: \"Keep her job (revision {edit}),"),
            );
            let prepared = pipeline.prepare(source(&edited)).expect("prepared");
            let pages = pipeline.preview(&prepared, Edition::Court).expect("svg");
            (prepared.findings.len(), pages)
        })
    });
}

criterion_group! {
    name = pipeline;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(6));
    targets = benches
}
criterion_main!(pipeline);
