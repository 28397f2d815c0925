//! The person's copy read as its reader would (issue 26): in a language the person
//! reads, which may not be the court's (para 12); addressing the person in the
//! grammatical gender recorded; set with the punctuation of its language.

use std::path::{Path, PathBuf};

use crate::common::*;

/// The example case with `edit` applied to its YAML, written to `dir/case.yaml`.
fn case_with(dir: &Path, edit: impl Fn(String) -> String) -> PathBuf {
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("example case");
    let path = dir.join("case.yaml");
    std::fs::write(&path, edit(example)).expect("write case");
    path
}

/// `report.language` replaced by `lang`, and `extra` lines added under `report:`.
fn in_language(text: String, lang: &str, extra: &str) -> String {
    let start = text.find("  language: en").expect("the example's language");
    let end = start + text[start..].find('\n').expect("end of line");
    format!(
        "{}  language: {lang}\n{extra}{}",
        &text[..start],
        &text[end + 1..]
    )
}

/// A Spanish reader before an English court: the court's copy stays English, the
/// person's copy is Spanish — labels, dates, money, the catalogue's plain condition —
/// and its file name says so.
#[test]
fn the_persons_copy_is_in_the_language_the_person_reads() {
    let dir = temp();
    let case = case_with(dir.path(), |t| {
        in_language(t, "en", "  person_language: es\n")
            .replace("languages: [sw, en]", "languages: [es]")
    });
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &["--copy", "all"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("W028"), "{}", stderr(&output));
    let person = dir.path().join("report-person-es.pdf");
    assert!(
        person.exists(),
        "the person's copy is named for its language: {}",
        stdout(&output)
    );
    assert!(!dir.path().join("report-person.pdf").exists());

    let court = pdf_text(&out);
    assert!(court.contains("Pre-sentence report"), "{court}");
    assert!(court.contains("3 December 2026"), "{court}");
    assert!(court.contains("£180.00"), "{court}");
    assert!(!court.contains("diciembre"), "{court}");

    let text = pdf_text(&person);
    assert!(text.contains("Su copia del informe"), "{text}");
    assert!(text.contains("3 de diciembre de 2026"), "{text}");
    // The catalogue's plain condition in Spanish, its amount written the Spanish way.
    assert!(
        text.contains("Usted devuelve 180,00 £ a la víctima"),
        "{text}"
    );
    assert!(!text.contains("You pay"), "{text}");
    assert!(!text.contains("December"), "{text}");
    // The name the court will use, beside the person's own words for it.
    assert!(
        text.contains("Restitución a la víctima (Restitution to the victim)"),
        "{text}"
    );
}

/// A person who reads none of the copy's languages, with no interpreter: W028 says
/// so, names the languages psr writes, and proposes the one the person reads.
#[test]
fn a_copy_in_a_language_the_person_does_not_read_is_warned() {
    let dir = temp();
    let case = case_with(dir.path(), |t| {
        t.replace("languages: [sw, en]", "languages: [sw, Español]")
    });
    let output = psr(&["validate".as_ref(), case.as_os_str()]);
    let text = stderr(&output);
    assert!(text.contains("W028"), "{text}");
    assert!(text.contains("es (Spanish)"), "{text}");
    assert!(text.contains("ar (Arabic)"), "{text}");
    assert!(text.contains("report.person_language: es"), "{text}");

    // The person's copy in Spanish: nothing to say.
    let case = case_with(dir.path(), |t| {
        in_language(t, "en", "  person_language: es\n")
            .replace("languages: [sw, en]", "languages: [sw, Español]")
    });
    let output = psr(&["validate".as_ref(), case.as_os_str()]);
    assert!(!stderr(&output).contains("W028"), "{}", stderr(&output));

    // An interpreter will read it to the person: nothing to say.
    let case = case_with(dir.path(), |t| {
        t.replace("languages: [sw, en]", "languages: [sw]")
            .replace("interpreter_needed: false", "interpreter_needed: true")
    });
    let output = psr(&["validate".as_ref(), case.as_os_str()]);
    assert!(!stderr(&output).contains("W028"), "{}", stderr(&output));

    // Nothing psr writes: the hint says so.
    let case = case_with(dir.path(), |t| {
        t.replace("languages: [sw, en]", "languages: [sw]")
    });
    let output = psr(&["validate".as_ref(), case.as_os_str()]);
    let text = stderr(&output);
    assert!(text.contains("W028"), "{text}");
    assert!(text.contains("interpreter_needed: true"), "{text}");
}
