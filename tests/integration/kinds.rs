//! Reports fit for their purpose: the catalogue's texts in the report's language or a
//! finding, measures of the report's own kind, the points a judge must see, agreement
//! with the author's gender, the person's copy for its kind and its reader, and a
//! signature that stays with what it signs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;

/// Writes a case into `dir` and renders it with a catalogue.
fn render_case(
    dir: &Path,
    name: &str,
    text: &str,
    catalogue: &Path,
    extra: &[&str],
) -> (Output, PathBuf) {
    let case = dir.join(format!("{name}.yaml"));
    std::fs::write(&case, text).unwrap();
    let out = dir.join(format!("{name}.pdf"));
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "render".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    (psr(&args), out)
}

fn english_only() -> PathBuf {
    fixture("compat/catalogue.v1-english.yaml")
}

fn in_french(text: &str) -> String {
    text.replace("language: en ", "language: fr ")
}

#[test]
fn a_final_report_in_a_language_the_catalogue_lacks_is_refused_and_a_draft_says_so() {
    let dir = temp();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    // The spec's catalogue is in English only.
    let (output, out) = render_case(
        dir.path(),
        "final",
        &in_french(&example),
        &english_only(),
        &[],
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("E067"), "{err}");
    assert!(err.contains("the catalogue has no `fr` text"), "{err}");
    assert!(err.contains("report.language"), "{err}");
    assert!(!out.exists());

    // A draft is rendered, with the warning, and prints the catalogue's own text.
    let draft = in_french(&example).replace("status: final ", "status: draft ");
    let (output, out) = render_case(dir.path(), "draft", &draft, &english_only(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("W067"), "{}", stderr(&output));
    assert!(pdf_text(&out).contains("Restitution to the victim"));

    // In English the same catalogue is complete.
    let (output, _) = render_case(dir.path(), "english", &example, &english_only(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!stderr(&output).contains("E067"));
}

#[test]
fn a_measure_of_another_kind_is_refused_when_the_catalogue_lists_kinds() {
    let dir = temp();
    // A community service order proposed in a bail report.
    let bail = example_of_kind("bail").replace(
        "    - id: bail-support",
        "    - id: cso\n      parameters: { hours: 80 }\n      consent: true\n    - id: bail-support",
    );
    let (output, out) = render_case(dir.path(), "bail", &bail, &catalogue(), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("E068") && err.contains("`cso` is not a measure for a bail report"),
        "{err}"
    );
    assert!(!out.exists());

    // A catalogue that lists no kinds: the category says, and it is a warning.
    let english = std::fs::read_to_string(fixture("case.example.yaml"))
        .unwrap()
        .replace("kind: full ", "kind: bail ");
    let (output, out) = render_case(dir.path(), "old", &english, &english_only(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("W068"), "{}", stderr(&output));
    // The bail report's options are its own kind's: no sentencing disposal is listed
    // but what was proposed anyway.
    let text = pdf_text(&out);
    assert!(!text.contains("Conditional discharge 1"), "{text}");
    assert!(text.contains("Probation supervision"), "{text}");
}

#[test]
fn the_points_for_the_court_hold_what_it_weighs_never_the_author_s_to_do_list() {
    let dir = temp();
    // The spec's example: consent to the women's centre not recorded; the victim
    // declined restorative justice. No report date, and no approval date either.
    let text = std::fs::read_to_string(fixture("compat/case.v1.yaml"))
        .unwrap()
        .replace("    approved_on: 2026-11-28\n", "")
        .replace("role: ngo_worker ", "role: probation_officer ")
        .replace("  supervisor:\n", "  # supervisor:\n")
        .replace("    name: \"Daniel Osei\"\n", "")
        .replace(
            "    role: probation_officer\n    organisation: \"Riverside Probation Service\"\n",
            "",
        );
    let (output, out) = render_case(dir.path(), "points", &text, &catalogue(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // What the author left out is for the author: findings on the terminal.
    let err = stderr(&output);
    assert!(err.contains("N062") && err.contains("W051"), "{err}");
    let pdf = pdf_text(&out);
    let points = &pdf[pdf.find("Points for the court's attention").unwrap()..];
    // Without `report.date` (nor an approval), the report says so where a date would
    // stand, never the hearing's date in its place (W051).
    let signature = points.find("Signature Prepared by").expect("the signature");
    assert!(
        points[signature..].contains("Date not recorded"),
        "{points}"
    );
    assert!(pdf.contains("Date of report not recorded"), "{pdf}");
    let points = &points[..signature];
    for expected in [
        "The victim has declined restorative justice (para 50, model strategy 11).",
        "Custody is considered for the primary caregiver of: daughter, aged 4; son, aged 9 (paras 5, 25 and 27).",
    ] {
        assert!(points.contains(expected), "no {expected:?} in:\n{points}");
    }
    for to_do in ["agreement", "date", "not recorded"] {
        assert!(
            !points.contains(to_do),
            "{to_do:?} among the points:\n{points}"
        );
    }
    // The proposal states the agreement as recorded, and the options table words the
    // refusal as one.
    assert!(
        pdf.contains("Mary Wanjiru's agreement is not recorded for: Women's centre programme."),
        "{pdf}"
    );
    assert!(
        pdf.contains("Restorative justice conference 2 not eligible the victim has declined"),
        "{pdf}"
    );
    assert!(!pdf.contains("No points were raised"), "{pdf}");
}

#[test]
fn the_author_s_role_agrees_with_their_gender() {
    let dir = temp();
    let example = std::fs::read_to_string(fixture("case.example.yaml"))
        .unwrap()
        .replace("language: en ", "language: es ")
        .replace("role: ngo_worker ", "role: social_worker ");
    let (output, out) = render_case(dir.path(), "neutral", &example, &catalogue(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(pdf_text(&out).contains("Grace Achieng, trabajador social"));
    let female = example.replace(
        "    contact: \"g.achieng@secondchance.example\"\n",
        "    contact: \"g.achieng@secondchance.example\"\n    gender: female\n",
    );
    let (output, out) = render_case(dir.path(), "female", &female, &catalogue(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = pdf_text(&out);
    assert!(text.contains("Grace Achieng, trabajadora social"), "{text}");
    assert!(text.contains("Cargo trabajadora social"), "{text}");
}

/// The height of the first occurrence of `word` in a PDF, in points.
fn word_height(pdf: &Path, word: &str) -> f64 {
    let output = Command::new("pdftotext")
        .args(["-bbox", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&output.stdout);
    let line = html
        .lines()
        .find(|l| l.contains(&format!(">{word}</word>")))
        .unwrap_or_else(|| panic!("no {word:?} on page 1 of {}", pdf.display()));
    let number = |name: &str| -> f64 {
        let rest = &line[line.find(&format!("{name}=\"")).unwrap() + name.len() + 2..];
        rest[..rest.find('"').unwrap()].parse().unwrap()
    };
    number("yMax") - number("yMin")
}

#[test]
fn the_person_s_copy_follows_its_kind_and_its_reader() {
    let dir = temp();
    let mut texts = Vec::new();
    for kind in ["full", "diversion", "bail", "pre_release"] {
        let (output, out) = render_case(
            dir.path(),
            kind,
            &example_of_kind(kind),
            &catalogue(),
            &["--copy", "person"],
        );
        assert!(output.status.success(), "{kind}: {}", stderr(&output));
        texts.push((kind, pdf_text(&out)));
    }
    let text = |kind: &str| &texts.iter().find(|(k, _)| *k == kind).unwrap().1;
    assert!(text("full").contains("to help the court decide your sentence"));
    assert!(
        text("bail").contains("The court will decide if you can stay at home until your trial")
    );
    assert!(text("bail").contains("It does not say if you did anything wrong."));
    assert!(text("bail").contains("you can be arrested"));
    assert!(text("diversion").contains("without a trial, if you agree"));
    assert!(text("pre_release").contains("when you leave prison"));
    assert!(text("pre_release").contains("you can be sent back to prison"));
    for (kind, body) in &texts {
        // The court's name for each measure, beside the plain words.
        assert!(body.contains("What the court calls it:"), "{kind}: {body}");
    }

    // Whom to tell, only when someone runs something the person goes to.
    let restitution_only = example_of_kind("full").replace(
        "    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true\n",
        "",
    );
    let (output, out) = render_case(
        dir.path(),
        "restitution",
        &restitution_only,
        &catalogue(),
        &["--copy", "person"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let body = pdf_text(&out);
    assert!(
        !body.contains("If something stops you from going"),
        "{body}"
    );
    assert!(!body.contains("supervisor"), "{body}");
    assert!(text("full").contains("If something stops you from going, tell Second Chance Trust"));

    // Larger print for a person who needs support to read (the example records it).
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    assert!(example.contains("literacy_support_needed: true"));
    let plain = example.replace(
        "literacy_support_needed: true",
        "literacy_support_needed: false",
    );
    let (_, large) = render_case(
        dir.path(),
        "large",
        &example,
        &catalogue(),
        &["--copy", "person"],
    );
    let (_, normal) = render_case(
        dir.path(),
        "normal",
        &plain,
        &catalogue(),
        &["--copy", "person"],
    );
    let ratio = word_height(&large, "Court") / word_height(&normal, "Court");
    assert!(
        (1.08..1.16).contains(&ratio),
        "14 pt against 12.5 pt: {ratio}"
    );
}

/// The first words of the last paragraph numbered like "9.2" in `text`.
fn last_numbered_paragraph(text: &str) -> String {
    let is_number = |word: &str| {
        let mut parts = word.split('.');
        let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
            return false;
        };
        [a, b]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
    };
    let words: Vec<&str> = text.split(' ').collect();
    let at = words
        .iter()
        .rposition(|w| is_number(w))
        .expect("a numbered paragraph");
    words[at..(at + 6).min(words.len())].join(" ")
}

/// The text of one page of a PDF.
fn page_text(pdf: &Path, page: usize) -> String {
    let output = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_signature_stays_on_the_page_of_the_report_s_last_paragraph() {
    let dir = temp();
    for kind in ["full", "short", "diversion", "bail", "pre_release"] {
        let (output, out) =
            render_case(dir.path(), kind, &example_of_kind(kind), &catalogue(), &[]);
        assert!(output.status.success(), "{kind}: {}", stderr(&output));
        // The report's last paragraph begins with its number ("9.2 The victim …"):
        // the last number before the signature's heading. (The page furniture that
        // may stand between them is on every page, so it would prove nothing.)
        let whole = pdf_text(&out);
        let points = whole
            .find("Points for the court's attention")
            .expect("points");
        let heading = whole[points..].find(" Signature ").expect("signature") + points;
        let last = last_numbered_paragraph(&whole[points..heading]);
        let pages = (1..=6)
            .map(|p| page_text(&out, p))
            .take_while(|t| !t.is_empty())
            .collect::<Vec<_>>();
        let signed = pages
            .iter()
            .position(|t| t.contains("Prepared by"))
            .expect("a signature block");
        assert!(
            pages[signed].contains(last.trim()),
            "{kind}: the signature's page lacks the report's last paragraph ({last:?})"
        );
    }
}

#[test]
fn what_the_model_strategies_ask_reaches_the_court_with_its_paragraphs() {
    let dir = temp();
    for (fixture_name, expected) in [
        (
            "err_warn_override.yaml",
            &[
                "Drug rehabilitation requirement is proposed although the catalogue's criteria exclude it (requires an assessed need: substance use). The author's reason: Cannabis use since the separation, not yet assessed as a need; she asks for treatment (paras 11, 12 and 16).",
                "Diversion may be preferred for a young adult or a person with a relevant health condition, and Turning Point deferred prosecution is available (paras 17 and 18, model strategy 2).",
            ][..],
        ),
        (
            "err_warn_monitoring_alone.yaml",
            &[
                "Electronically monitored curfew is electronic monitoring, proposed without supervision: monitoring is an aid to supervision, not supervision itself (para 33).",
            ][..],
        ),
        (
            "err_warn_amounts_high.yaml",
            &[
                "The amounts proposed come to £300.00 a month, more than a quarter of the income recorded (£400.00) (paras 14 and 31).",
            ][..],
        ),
        (
            "err_warn_offence_before_18.yaml",
            &[
                "committed at the age of 17, before the person turned 18; the child justice framework may bear on it (para 4).",
            ][..],
        ),
        (
            "err_warn_custody_pregnant.yaml",
            &[
                "Custody is considered for a woman who is pregnant (para 5).",
                "Pregnant: yes",
            ][..],
        ),
    ] {
        let text = std::fs::read_to_string(fixture(&format!("invalid/{fixture_name}"))).unwrap();
        let (output, out) = render_case(dir.path(), "case", &text, &catalogue(), &["--force"]);
        assert!(
            output.status.success(),
            "{fixture_name}: {}",
            stderr(&output)
        );
        let pdf = pdf_text(&out);
        for expected in expected {
            assert!(
                pdf.contains(expected),
                "{fixture_name}: no {expected:?} in:\n{pdf}"
            );
        }
    }
    // The gravity and circumstances of the offence, beside the proposal.
    let (_, out) = render_case(
        dir.path(),
        "example",
        &std::fs::read_to_string(fixture("case.example.yaml")).unwrap(),
        &catalogue(),
        &["--force"],
    );
    let pdf = pdf_text(&out);
    let proposal = &pdf[pdf.find("8 Proposal").unwrap()..];
    assert!(
        proposal.contains("The offence weighed: Theft of clothing worth 180.00 from a retail store: Goods of low value"),
        "{proposal}"
    );
    // The person learns the outcome of the assessment (para 12).
    let (_, person) = render_case(
        dir.path(),
        "person",
        &std::fs::read_to_string(fixture("case.example.yaml")).unwrap(),
        &catalogue(),
        &["--force", "--copy", "person"],
    );
    let text = pdf_text(&person);
    assert!(
        text.contains("The report says the risk that you break the law again is low."),
        "{text}"
    );
}
