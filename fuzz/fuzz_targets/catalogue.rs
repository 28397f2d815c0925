//! Any bytes as a catalogue: read checks, YAML, typing, validation, then matching the
//! example case against it, and the findings printed, must never panic.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use psr::diagnostic::{Diagnostic, has_errors, render_human};
use psr::load::{Loaded, parse_yaml, source_from_bytes, typed};
use psr::model::{Case, Catalogue};

static CASE: LazyLock<Loaded<Case>> = LazyLock::new(|| {
    let text = include_str!("../../fixtures/case.example.yaml");
    let source = source_from_bytes("case.example.yaml".into(), text.as_bytes().to_vec())
        .expect("example case is UTF-8");
    let document = parse_yaml(source).expect("example case parses");
    let psr::load::Typed {
        value,
        findings,
        taint,
    } = typed::<Case>(&document).expect("example case is typed");
    Loaded {
        value,
        document,
        findings,
        taint,
    }
});

fn print(diagnostics: &[Diagnostic], name: &str, text: &str) {
    let _ = render_human(diagnostics, name, text, false);
}

fuzz_target!(|data: &[u8]| {
    let case = &*CASE;
    let source = match source_from_bytes("catalogue.yaml".into(), data.to_vec()) {
        Ok(source) => source,
        Err(unusable) => {
            print(&[unusable.finding], "catalogue.yaml", &unusable.shown.text);
            return;
        }
    };
    let text = source.text.clone();
    let document = match parse_yaml(source) {
        Ok(document) => document,
        Err(diagnostic) => return print(&[diagnostic], "catalogue.yaml", &text),
    };
    let (catalogue, mut findings) = match typed::<Catalogue>(&document) {
        Ok(typed) => (typed.value, typed.findings),
        Err(diagnostics) => return print(&diagnostics, "catalogue.yaml", &text),
    };
    findings.extend(psr::validate::validate_catalogue(&catalogue, &document.map));
    print(&findings, "catalogue.yaml", &text);
    // psr matches cases only against a catalogue without errors (`load_catalogue`).
    if has_errors(&findings) {
        return;
    }
    let matching = psr::matching::match_measures(&case.value, &catalogue, &case.document.map);
    print(
        &matching.findings,
        "case.example.yaml",
        &case.document.source.text,
    );
});
