//! Any bytes as a case file: read checks, YAML, typing, validation, the font check
//! (E016, with ASCII standing for the fonts), matching against the example catalogue,
//! the findings printed as `psr validate` prints them, and both copies' view models
//! (what templates read), must never panic.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use psr::diagnostic::{Diagnostic, has_errors, render_human};
use psr::load::{Loaded, parse_yaml, source_from_bytes, typed};
use psr::model::{Case, Catalogue};

static CATALOGUE: LazyLock<Loaded<Catalogue>> = LazyLock::new(|| {
    let text = include_str!("../../fixtures/catalogue.example.yaml");
    let source = source_from_bytes("catalogue.example.yaml".into(), text.as_bytes().to_vec())
        .expect("example catalogue is UTF-8");
    let document = parse_yaml(source).expect("example catalogue parses");
    let psr::load::Typed {
        value,
        findings,
        taint,
    } = typed::<Catalogue>(&document).expect("example catalogue is typed");
    assert!(
        !has_errors(&psr::validate::validate_catalogue(&value, &document.map)),
        "example catalogue is valid"
    );
    Loaded {
        value,
        document,
        findings,
        taint,
    }
});

/// What the command line does with findings: print them, with a snippet of the file.
fn print(diagnostics: &[Diagnostic], text: &str) {
    let _ = render_human(diagnostics, "case.yaml", text, false);
}

fuzz_target!(|data: &[u8]| {
    let catalogue = &*CATALOGUE;
    let source = match source_from_bytes("case.yaml".into(), data.to_vec()) {
        Ok(source) => source,
        Err(unusable) => {
            // `load` shows what could be read of a file that is not UTF-8.
            print(&[unusable.finding], &unusable.shown.text);
            return;
        }
    };
    let text = source.text.clone();
    let document = match parse_yaml(source) {
        Ok(document) => document,
        Err(diagnostic) => return print(&[diagnostic], &text),
    };
    // Fields that failed to load are stood in for: the rules still run on the rest.
    let (case, mut findings) = match typed::<Case>(&document) {
        Ok(typed) => (typed.value, typed.findings),
        Err(diagnostics) => return print(&diagnostics, &text),
    };
    findings.extend(psr::validate::validate_case(&case, &document.map));
    findings.extend(psr::validate::unprintable_text(&document, &|c: char| {
        c.is_ascii()
    }));
    let texts: Vec<String> = text.lines().take(3).map(str::to_string).collect();
    findings.extend(psr::validate::unprintable_combinations(&document, &texts));
    let matching = psr::matching::match_measures(&case, &catalogue.value, &document.map);
    findings.extend(matching.findings.iter().cloned());
    psr::diagnostic::sort_in_file_order(&mut findings);
    print(&findings, &text);
    if !has_errors(&findings) {
        // No earlier report here: an addendum's changes are read from its file.
        let court = psr::view::court_view(&case, &catalogue.value, &matching, &findings, &[]);
        let person = psr::view::person_view(&case, &catalogue.value, &matching, &findings, &[]);
        let _ = serde_json::to_string(&court);
        let _ = serde_json::to_string(&person);
    }
});
