//! What a report states: only what the author recorded ("not assessed" is never a
//! "no"), and points for the court that are the court's to weigh, never the author's
//! own to-do list.

use std::path::Path;
use std::time::Duration;

use psr::load::SourceFile;
use psr::model::case::Language;
use psr::render::Resources;
use psr::view::{Block, Labels, key};
use psr::{Edition, Pipeline};

use super::common::{catalogue, fixture, pdf_text, psr, render, stderr, temp};

const KINDS: [&str; 5] = ["full", "short", "diversion", "bail", "pre_release"];

#[test]
fn a_new_case_states_nothing_that_nobody_entered() {
    let dir = temp();
    let case = dir.path().join("new.yaml");
    let init = psr(&["init".as_ref(), case.as_os_str()]);
    assert!(init.status.success(), "{}", stderr(&init));
    let out = dir.path().join("new.pdf");
    let output = render(&case, &out, &["--copy", "all"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let court = pdf_text(&out);
    // Every answer of the circumstances starts unanswered, and the court reads that.
    for invented in [
        ": no ",
        ": no;",
        ": no.",
        "no concerns",
        "Risk of self-harm",
        "unemployed",
        "Plea",
        "Pregnant",
        "Risk of reoffending: low",
        "Risk of serious harm",
        "The victim was not consulted",
        "Housing: stable",
    ] {
        assert!(!court.contains(invented), "{invented:?} in:\n{court}");
    }
    assert!(
        court.contains("Not assessed for this report: caretaking responsibilities, history of victimization, trauma,"),
        "{court}"
    );
    assert!(
        court.contains("Risk of reoffending: not assessed"),
        "{court}"
    );
    assert_eq!(court.matches("Not assessed for this report").count(), 1);
    let person = pdf_text(&dir.path().join("new-person.pdf"));
    assert!(!person.contains("risk that you break the law"), "{person}");
}

#[test]
fn false_still_means_assessed_and_no() {
    // A file valid before "not assessed" keeps its meaning: `false` is a "no".
    let dir = temp();
    let text = std::fs::read_to_string(fixture("compat/case.v1.yaml"))
        .unwrap()
        .replace("    history: true\n", "    history: false\n");
    assert!(text.contains("    history: false\n"));
    let case = dir.path().join("case.yaml");
    std::fs::write(&case, &text).unwrap();
    let out = dir.path().join("case.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let court = pdf_text(&out);
    assert!(court.contains("History of victimization: no"), "{court}");
    assert!(court.contains("Substance use: no concerns"), "{court}");
    assert!(!court.contains("Not assessed for this report"), "{court}");
}

#[test]
fn a_final_report_names_in_one_warning_what_para_27_asks_and_was_not_assessed() {
    let dir = temp();
    let text = std::fs::read_to_string(fixture("case.example.yaml"))
        .unwrap()
        .replace("    history: true\n", "")
        .replace(
            "      concerns: true\n      diagnoses: [\"depression\"]\n      treatment: \"Sees her GP; on a waiting list for counselling.\"\n",
            "      diagnoses: []\n",
        )
        .replace("    kinds: [domestic_abuse, childhood_abuse]", "    kinds: []")
        .replace(
            "    notes: \"Reports coercive control by her former partner (2019–2025).\"\n",
            "",
        );
    let case = dir.path().join("case.yaml");
    std::fs::write(&case, &text).unwrap();
    let out = dir.path().join("case.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    assert_eq!(err.matches("W039").count(), 1, "{err}");
    assert!(
        err.contains(
            "`circumstances.victimization.history`, `circumstances.health.mental_health.concerns`"
        ),
        "{err}"
    );
    let court = pdf_text(&out);
    assert!(
        court.contains("Not assessed for this report: history of victimization and mental health."),
        "{court}"
    );
    assert!(!court.contains("History of victimization"), "{court}");
    // The example itself assesses them all; a draft is not warned.
    let example = render(
        &fixture("case.example.yaml"),
        &dir.path().join("ex.pdf"),
        &[],
    );
    assert!(!stderr(&example).contains("W039"), "{}", stderr(&example));
    std::fs::write(&case, text.replace("status: final ", "status: draft ")).unwrap();
    let draft = render(&case, &out, &["--force"]);
    assert!(!stderr(&draft).contains("W039"), "{}", stderr(&draft));
}

/// The label keys a point for the court's attention may be worded from: matters the
/// court decides or must weigh. Nothing the author has left to do is among them.
const POINTS: &[&str] = &[
    "attention.none",
    "point.conflict",
    "point.restrictive",
    "point.too_many",
    "point.less_restrictive",
    "point.short_custody",
    "point.custody_caregiver",
    "point.custody_caregiver_unnamed",
    "point.custody_pregnant",
    "point.unaddressed_need",
    "point.no_places",
    "point.long_wait",
    "point.person_declined",
    "point.victim_declined",
    "point.victim_not_asked",
    "point.offence_as_child",
    "point.override",
    "point.diversion_preferred",
    "point.monitoring_without_supervision",
    "point.hours_per_week",
    "point.measures_clash",
    "point.amounts_high",
];

/// The fixed pieces of a label, between its placeholders.
fn pieces(template: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push(rest[..open].to_string());
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        rest = &rest[close..];
    }
    out.push(rest.to_string());
    out
}

/// Whether `text` is worded from `template`: its fixed pieces in order, the first at
/// the start (the citation and the full stop may follow).
fn worded_from(text: &str, template: &str) -> bool {
    let pieces = pieces(template);
    if !text.starts_with(pieces[0].as_str()) {
        return false;
    }
    let mut at = pieces[0].len();
    for piece in &pieces[1..] {
        match text[at..].find(piece.as_str()) {
            Some(found) => at += found + piece.len(),
            None => return false,
        }
    }
    true
}

/// The templates a point may be worded from in `language` (a conflict with each of
/// its kinds spelled out, so that "{measure}: {conflict}" is not a wildcard).
fn allowed(language: Language) -> Vec<String> {
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("src/lang/{}.json", language.code())),
        )
        .unwrap(),
    )
    .unwrap();
    // No-break spaces are where a line may not break, not a different wording.
    let get = |key: &str| {
        file[key]
            .as_str()
            .unwrap_or_else(|| panic!("{key}"))
            .replace('\u{a0}', " ")
    };
    let mut out = Vec::new();
    for key in POINTS {
        if *key == "point.conflict" {
            for conflict in [
                "conflict.working_hours",
                "conflict.no_childcare",
                "conflict.outside_care",
            ] {
                out.push(get(key).replace("{conflict}", &get(conflict)));
            }
        } else {
            out.push(get(key));
        }
    }
    out
}

#[test]
fn the_points_for_the_court_are_only_what_the_court_weighs_in_every_kind_and_language() {
    let pipeline = Pipeline::new(&catalogue(), &Resources::default(), Duration::from_secs(60))
        .expect("the pipeline");
    let mut cases = vec![
        (
            "case.example.yaml".to_string(),
            fixture("case.example.yaml"),
        ),
        ("case.v1.yaml".to_string(), fixture("compat/case.v1.yaml")),
    ];
    for entry in std::fs::read_dir(fixture("invalid")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("err_warn_") {
            cases.push((name, path));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (name, path) in &cases {
        let text = std::fs::read_to_string(path).unwrap();
        for language in Language::ALL {
            let l = Labels::for_language(language);
            let allowed = allowed(language);
            let title = l.get(key::SECTION_ATTENTION);
            for kind in KINDS {
                let case = text
                    .replacen("kind: full ", &format!("kind: {kind} "), 1)
                    .replacen(
                        "language: en ",
                        &format!("language: {} ", language.code()),
                        1,
                    );
                let prepared = pipeline
                    .prepare(SourceFile {
                        name: name.clone(),
                        text: case,
                    })
                    .expect("prepared");
                let view = prepared.view(Edition::Court);
                let section = view
                    .sections
                    .iter()
                    .find(|s| s.title == title)
                    .unwrap_or_else(|| panic!("{name} {kind} {language:?}: no section {title:?}"));
                for block in &section.blocks {
                    let Block::Para { text, .. } = block else {
                        panic!("{name}: a point that is not a paragraph");
                    };
                    let text: String = text
                        .chars()
                        .filter(|c| !matches!(c, '\u{2066}'..='\u{2069}'))
                        .map(|c| if c == '\u{a0}' { ' ' } else { c })
                        .collect();
                    let from = allowed.iter().position(|t| worded_from(&text, t));
                    assert!(
                        from.is_some(),
                        "{name}, {kind}, {}: {text:?} is not a point for the court",
                        language.code()
                    );
                    seen.insert(from.unwrap());
                }
            }
        }
    }
    // The fixtures reach most points: the test reads real ones, not an empty list.
    assert!(seen.len() >= 8, "only {} kinds of points seen", seen.len());
}

#[test]
fn the_example_s_final_court_copy_holds_no_item_of_the_author_s_checklist() {
    let dir = temp();
    // The NGO author's screening not recorded, no expected compliance, no gravity of
    // the offence, no goals: findings for the author, in a final report.
    let text = std::fs::read_to_string(fixture("case.example.yaml"))
        .unwrap()
        .replace("    screened_on: 2025-09-01     # an NGO worker's screening and training (para 56)\n", "")
        .replace("  goals: \"Keep her job, clear her debts and train as a seamstress.\"   # core principle I\n", "")
        .replace("  compliance: \"Completed her previous order; works fixed hours and can attend afternoon sessions where childcare is offered.\"   # para 28\n", "")
        .replace("    circumstances: \"Goods of low value, taken at a time of financial hardship and recovered; a second theft within three years.\"   # gravity, nature, circumstances (paras 6, 24)\n", "");
    let case = dir.path().join("case.yaml");
    std::fs::write(&case, &text).unwrap();
    let out = dir.path().join("case.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let err = stderr(&output);
    for code in ["W048", "W052", "W053", "W057"] {
        assert!(err.contains(code), "{code} not in:\n{err}");
    }
    let pdf = pdf_text(&out);
    let points = &pdf[pdf.find("Points for the court's attention").unwrap()..];
    for to_do in ["not recorded", "screening", "date", "does not say", "goals"] {
        assert!(
            !points.contains(to_do),
            "{to_do:?} among the points:\n{points}"
        );
    }
}

/// Renders `text` as `name.yaml` in `dir`, both copies, and returns the findings and
/// the text of each copy.
fn render_both(dir: &Path, name: &str, text: &str) -> (String, String, String) {
    let case = dir.join(format!("{name}.yaml"));
    std::fs::write(&case, text).unwrap();
    let out = dir.join(format!("{name}.pdf"));
    let output = render(&case, &out, &["--copy", "all", "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    (
        stderr(&output),
        pdf_text(&out),
        pdf_text(&dir.join(format!("{name}-person.pdf"))),
    )
}

#[test]
fn a_bail_report_answers_the_bail_question_and_drops_nothing_unsaid() {
    let dir = temp();
    let text = super::common::example_of_kind("bail").replace(
        "  victim_witness_safety:",
        "  attendance_conditions: \"Reporting twice a week.\"\n  interference_risk: low\n  interference: \"The witnesses are store staff she does not know.\"\n  harm_risk: low\n  harm_conditions: \"No contact with the store.\"\n  detention_necessary: false\n  victim_witness_safety:",
    );
    let (err, court, person) = render_both(dir.path(), "bail", &text);
    for expected in [
        // Para 20's grounds as assessed, each with what would meet it.
        "Attending court: Risk as assessed: low. Has attended every appointment. Conditions that would meet it: Reporting twice a week.",
        "Interfering with the course of justice: Risk as assessed: low. The witnesses are store staff she does not know.",
        "Serious harm or further offences: Risk as assessed: low. Conditions that would meet it: No contact with the store.",
        "Whether detention is necessary: In the author's assessment, detention is not necessary",
        // What the author wrote about dependants, work and housing.
        "Impact of detention on dependants, work and housing: She is the primary carer",
        "Detention before trial: Detention is not needed",
        "Alternative care: Her mother can mind the children on weekday evenings only.",
        // The least restrictive option first.
        "Release without conditions 0 eligible",
    ] {
        assert!(court.contains(expected), "no {expected:?} in:\n{court}");
    }
    for sentencing in [
        "Risk of reoffending",
        "Criminogenic needs",
        "Expected compliance",
    ] {
        assert!(!court.contains(sentencing), "{sentencing:?} in:\n{court}");
    }
    assert!(!person.contains("trouble"), "{person}");
    // The example's plea is guilty: not a bail question; and the fields a bail report
    // does not print are named.
    assert!(err.contains("W037"), "{err}");
    assert!(
        err.contains("W038") && err.contains("`assessment.risk_of_reoffending`"),
        "{err}"
    );
    let (err, court, _) = render_both(
        dir.path(),
        "bail-none",
        &text
            .replace("    plea: guilty ", "    plea: not_guilty ")
            .replace("  measures:\n    - id: bail-support\n      parameters: { times_per_week: 2 }\n    - id: bail-residence\n      parameters: { address: \"14 Mill Lane, Eastfield\" }\n", "  measures: []\n"),
    );
    assert!(!err.contains("W037"), "{err}");
    assert!(
        court.contains("The author proposes release without conditions.")
            && court.contains("Release without conditions 0 proposed"),
        "{court}"
    );
}

#[test]
fn a_short_report_keeps_the_person_s_goals_and_views_and_the_victim_s() {
    let dir = temp();
    let (err, court, _) = render_both(
        dir.path(),
        "short",
        &super::common::example_of_kind("short"),
    );
    for expected in [
        "Goals: Keep her job, clear her debts and train as a seamstress.",
        "Views: Willing to attend a women's centre and to repay the store.",
        "The victim's views: The store manager supports restitution",
    ] {
        assert!(court.contains(expected), "no {expected:?} in:\n{court}");
    }
    // What a short report leaves out is said to the author.
    assert!(
        err.contains("W038") && err.contains("`circumstances.peers`"),
        "{err}"
    );
}

#[test]
fn the_pre_release_person_s_copy_names_the_sentence_and_the_release_date() {
    let dir = temp();
    let (_, _, person) = render_both(
        dir.path(),
        "release",
        &super::common::example_of_kind("pre_release"),
    );
    for expected in [
        "The sentence you are serving: 8 months' imprisonment.",
        "The earliest date you can be released: 20 December 2026.",
    ] {
        assert!(person.contains(expected), "no {expected:?} in:\n{person}");
    }
}

#[test]
fn a_refusal_is_shown_and_a_diversion_prints_the_agreement_recorded() {
    let dir = temp();
    let refused = std::fs::read_to_string(fixture("case.example.yaml"))
        .unwrap()
        .replace(
            "      consent: true             # she is willing to repay the store\n",
            "      consent: false\n",
        );
    let (_, court, _) = render_both(dir.path(), "refused", &refused);
    for expected in [
        "Mary Wanjiru does not agree to: Restitution to the victim.",
        "the person does not consent",
        "The person does not agree to Restitution to the victim.",
    ] {
        assert!(court.contains(expected), "no {expected:?} in:\n{court}");
    }
    let diversion = super::common::example_of_kind("diversion").replace(
        "  views: \"Willing to attend a women's centre and to repay the store.\"",
        "  views: \"Does not want diversion; would rather go to trial.\"",
    );
    let (_, court, _) = render_both(dir.path(), "diversion", &diversion);
    assert!(
        court.contains("The person's agreement: Mary Wanjiru has agreed to: Turning Point deferred prosecution and Restitution to the victim."),
        "{court}"
    );
    assert!(
        court.contains("Views: Does not want diversion; would rather go to trial."),
        "{court}"
    );
}

#[test]
fn a_draft_always_renders_with_what_to_fix_and_the_same_final_is_refused() {
    let dir = temp();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    let measures = "  measures:\n    - id: womens-centre\n";
    assert!(example.contains(measures));
    let sources_start = example.find("sources:  ").unwrap();
    let sources_end = example.find("circumstances:  ").unwrap();
    let no_sources = format!(
        "{}sources: []\n\n{}",
        &example[..sources_start],
        &example[sources_end..]
    );
    for (code, text) in [
        // A measure not of this kind.
        (
            "E068",
            example.replace(
                measures,
                "  measures:\n    - id: bail-residence\n      parameters: { address: \"14 Mill Lane\" }\n    - id: womens-centre\n",
            ),
        ),
    ] {
        let draft = text.replace("status: final ", "status: draft ");
        assert_ne!(draft, text, "{code}");
        let case = dir.path().join(format!("{code}.yaml"));
        std::fs::write(&case, &draft).unwrap();
        let out = dir.path().join(format!("{code}.pdf"));
        let output = render(&case, &out, &["--copy", "all"]);
        assert_eq!(output.status.code(), Some(0), "{code}: {}", stderr(&output));
        assert!(stderr(&output).contains(code), "{}", stderr(&output));
        for copy in [out.clone(), dir.path().join(format!("{code}-person.pdf"))] {
            let pdf = pdf_text(&copy);
            let box_at = pdf
                .find("Draft — to fix before this report can be final")
                .unwrap_or_else(|| panic!("{code}: no box in:\n{pdf}"));
            assert!(pdf[box_at..].contains(&format!("{code} — ")), "{code}: {pdf}");
        }
        // Marked final, the same case is refused and nothing is written.
        std::fs::write(&case, draft.replace("status: draft ", "status: final ")).unwrap();
        let final_out = dir.path().join(format!("{code}-final.pdf"));
        let output = render(&case, &final_out, &[]);
        assert_eq!(output.status.code(), Some(1), "{code}: {}", stderr(&output));
        assert!(!final_out.exists());
    }
    // What a draft is only warned of, and a final report refused for: no sources
    // (para 13), a diversion without the person's agreement (para 17).
    for (warning, error, text) in [
        ("W031", "E031", no_sources),
        (
            "W094",
            "E069",
            std::fs::read_to_string(fixture("invalid/err_diversion_no_consent.yaml")).unwrap(),
        ),
    ] {
        let draft = text.replace("status: final ", "status: draft ");
        assert_ne!(draft, text, "{warning}");
        let case = dir.path().join(format!("{warning}.yaml"));
        std::fs::write(&case, &draft).unwrap();
        let out = dir.path().join(format!("{warning}.pdf"));
        let output = render(&case, &out, &[]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{warning}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains(warning), "{}", stderr(&output));
        assert!(!stderr(&output).contains(error), "{}", stderr(&output));
        std::fs::write(&case, text).unwrap();
        let final_out = dir.path().join(format!("{warning}-final.pdf"));
        let output = render(&case, &final_out, &[]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{error}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains(error), "{}", stderr(&output));
        assert!(!final_out.exists());
    }
    // Restorative justice before the victim was asked is no refusal, final or draft:
    // the court reads that it waits on the victim's consent (model strategy 11).
    let rj = example
        .replace("  restorative_justice_consent: false\n", "")
        .replace(
            measures,
            "  measures:\n    - id: rj-conference\n      consent: true\n    - id: womens-centre\n",
        );
    let case = dir.path().join("rj.yaml");
    std::fs::write(&case, &rj).unwrap();
    let out = dir.path().join("rj.pdf");
    let output = render(&case, &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("W061"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("E061"), "{}", stderr(&output));
    let pdf = pdf_text(&out);
    assert!(
        pdf.contains(
            "is proposed subject to the victim's consent, which has not yet been recorded"
        ),
        "{pdf}"
    );
    // A child at the hearing is refused even as a draft (para 4).
    let child = example
        .replace("status: final ", "status: draft ")
        .replace("date_of_birth: 2003-03-14", "date_of_birth: 2010-03-14");
    let case = dir.path().join("child.yaml");
    std::fs::write(&case, child).unwrap();
    let output = render(&case, &dir.path().join("child.pdf"), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
}

#[test]
fn an_income_is_read_as_money_or_refused_never_passed_over() {
    // "£1,250" once switched the affordability check (W093) off in silence.
    let dir = temp();
    let text = std::fs::read_to_string(fixture("case.example.yaml"))
        .unwrap()
        .replace(
            "    notes: \"Debts of about 900 after the separation; receives child benefit.\"\n",
            "    notes: \"Debts.\"\n    monthly_income: \"£1,250\"\n",
        );
    let case = dir.path().join("income.yaml");
    std::fs::write(&case, &text).unwrap();
    let output = render(&case, &dir.path().join("income.pdf"), &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("E027")
            && err.contains("`monthly_income` must be an amount such as \"180.00\""),
        "{err}"
    );
    // Written as amounts are, it is read, and the check runs.
    std::fs::write(&case, text.replace("\"£1,250\"", "\"100.00\"")).unwrap();
    let output = render(&case, &dir.path().join("income.pdf"), &["--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("W093"), "{}", stderr(&output));
}

/// A report without its own `date` said "Date of report: 28 November 2026", the day
/// the supervisor approved it (or else the hearing's date): a date nobody gave the
/// report. It now says the date is not recorded, and W051 tells the author.
#[test]
fn a_report_without_its_own_date_says_so_and_borrows_none() {
    let dir = temp();
    let example = std::fs::read_to_string(fixture("case.example.yaml")).expect("example");
    let line = example
        .lines()
        .find(|l| l.starts_with("  date: "))
        .expect("the example's date");
    let case = dir.path().join("case.yaml");
    std::fs::write(&case, example.replace(&format!("{line}\n"), "")).expect("write");
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("W051"), "{}", stderr(&output));
    let text = pdf_text(&out);
    assert!(text.contains("Date of report not recorded"), "{text}");
    let signature = &text[text.find("Signature Prepared by").expect("signature")..];
    assert!(signature.contains("Date not recorded"), "{signature}");
    // The approval's date stays the approval's.
    assert!(!text.contains("Date of report 28 November 2026"), "{text}");
    assert!(text.contains("28 November 2026"), "{text}");
}

/// "Every measure available in Riverside District is listed" was printed above a
/// table that leaves out the measures serving other kinds of report (a full report
/// lists no bail measure): the whole catalogue is claimed only when it is shown.
#[test]
fn the_options_say_every_measure_only_when_the_table_lists_them_all() {
    let dir = temp();
    let whole = "Every measure available in Riverside District is listed";
    let filtered =
        "Every measure available in Riverside District for this kind of report is listed";
    let case = fixture("case.example.yaml");
    let out = dir.path().join("filtered.pdf");
    let output = render(&case, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = pdf_text(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(filtered), "{text}");
    assert!(!text.contains("Bail supervision and support"), "{text}");

    // The same catalogue without the three measures no full report proposes.
    let catalogue_text = std::fs::read_to_string(catalogue()).expect("catalogue");
    let cut = catalogue_text
        .find("  - id: turning-point\n")
        .expect("the diversion measure");
    let full_only = dir.path().join("full-only.yaml");
    std::fs::write(&full_only, &catalogue_text[..cut]).expect("write");
    let out = dir.path().join("whole.pdf");
    let output = psr(&[
        "render".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        full_only.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = pdf_text(&out)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains(whole), "{text}");
    assert!(!text.contains(filtered), "{text}");
}
