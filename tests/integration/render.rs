//! `psr render`: the example case becomes a court-ready PDF.

use std::process::Command;

use crate::common::*;

const HEADINGS: &[&str] = &[
    "1 Sources of information",
    "2 Offence analysis",
    "3 Previous offending and compliance",
    "4 Personal circumstances",
    "5 Assessment of risk and needs",
    "6 The person's goals and views",
    "7 Options considered",
    "8 Proposal",
    "9 Points for the court's attention",
    "Signature",
];

#[test]
fn example_renders_with_every_section_and_filled_condition() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let output = render(&fixture("case.example.yaml"), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));

    // The path and its SHA-256 are printed, and the digest is the file's.
    let printed = stdout(&output);
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        printed.contains(&psr::output::sha256_hex(&bytes)),
        "{printed}"
    );
    assert!(printed.contains("report.pdf"), "{printed}");

    let text = pdf_text(&out);
    for expected in [
        "Mary Wanjiru",
        "RMC/CR/2026/0417",
        "CONFIDENTIAL — prepared for the court",
        "Riverside Magistrates' Court",
        "3 December 2026",
        "14 March 2003 (age 23 at the hearing)",
        "Daniel Osei, probation officer, Riverside Probation Service; approved on 28 November 2026",
        "it does not bind the court",
        // Each condition filled from the catalogue, as the court reads it, and the
        // whole proposal in one sentence, money with its currency.
        "To attend 12 sessions at Eastfield Women's Centre, 4 Mill Lane on Tuesday or Thursday afternoons, as arranged by the responsible officer.",
        "To pay £180.00 to the victim in equal monthly instalments over 6 months.",
        "The author proposes 12 sessions of the women's centre programme and restitution of £180.00 to the victim over 6 months.",
        "Mary Wanjiru has agreed to: Women's centre programme and Restitution to the victim.",
        "Page 1 of 4",
        "Page 4 of 4",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for heading in HEADINGS {
        assert!(
            text.contains(heading),
            "missing heading {heading:?} in:\n{text}"
        );
    }
    // Sections come in the order of a full report (src/view/court.rs).
    let positions: Vec<usize> = HEADINGS.iter().map(|h| text.find(h).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    // Restricted notes are never printed.
    assert!(
        !text.contains("Former partner's address"),
        "restricted notes leaked"
    );
}

#[test]
fn pdf_is_archival_with_embedded_fonts_and_metadata() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    assert!(
        render(&fixture("case.example.yaml"), &out, &[])
            .status
            .success()
    );

    let fonts = pdf_fonts(&out);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{fonts}");
    for row in rows {
        // Columns: name type encoding emb sub uni object ID; emb must be "yes".
        let columns: Vec<&str> = row.split_whitespace().collect();
        let emb = columns[columns.len() - 5];
        assert_eq!(emb, "yes", "font not embedded: {row}");
    }

    let bytes = std::fs::read(&out).unwrap();
    let raw = String::from_utf8_lossy(&bytes);
    assert!(raw.contains("pdfaid:part>2<"), "PDF/A part not declared");
    assert!(
        raw.contains("pdfaid:conformance>B<"),
        "PDF/A conformance not declared"
    );

    let info = Command::new("pdfinfo").arg(&out).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    for expected in [
        "Title:           Pre-sentence report — RMC/CR/2026/0417",
        "Author:          Grace Achieng",
        "Subject:         Full report — Riverside Magistrates' Court",
        "CreationDate:    Sat Nov 28 00:00:00 2026 UTC",
        "Page size:       595.276 x 841.89 pts (A4)",
        "Tagged:          yes",
    ] {
        assert!(info.contains(expected), "missing {expected:?} in:\n{info}");
    }
    assert!(
        raw.contains("<dc:language>") && raw.contains(">en<"),
        "no language in XMP"
    );
}

#[test]
fn two_renders_are_byte_identical() {
    let dir = temp();
    let (a, b) = (dir.path().join("a.pdf"), dir.path().join("b.pdf"));
    assert!(
        render(&fixture("case.example.yaml"), &a, &[])
            .status
            .success()
    );
    assert!(
        render(&fixture("case.example.yaml"), &b, &[])
            .status
            .success()
    );
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn output_is_owner_only_and_never_overwritten_without_force() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp();
    let out = dir.path().join("report.pdf");
    assert!(
        render(&fixture("case.example.yaml"), &out, &[])
            .status
            .success()
    );
    let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    std::fs::write(&out, b"an older report").unwrap();
    let again = render(&fixture("case.example.yaml"), &out, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("--force"), "{}", stderr(&again));
    assert_eq!(std::fs::read(&out).unwrap(), b"an older report");

    let forced = render(&fixture("case.example.yaml"), &out, &["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("report.pdf")]);
}

#[test]
fn markup_in_case_text_prints_literally() {
    let dir = temp();
    let out = dir.path().join("injection.pdf");
    let output = render(&fixture("injection/case.yaml"), &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = pdf_text(&out);
    for literal in [
        r#"#read("/etc/passwd") *[$x$]* <label> @ref // not a comment"#,
        r#"#eval("1+1") #import "lib.typ" ] $ /* \ {{ name }} {% if x %}"#,
        "RMC/#panic()/0417",
    ] {
        assert!(text.contains(literal), "missing {literal:?} in:\n{text}");
    }
    assert!(!text.contains("root:x:0"), "a file was read");
}

/// Issue 32, 4: `render --json` with a case that has errors answered nothing on
/// stdout; it answers as `validate --json` does, one object per file, and writes
/// nothing.
#[test]
fn json_output_of_a_case_with_errors_is_validate_s() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let case = fixture("invalid/err_birth_after_hearing.yaml");
    let output = render(&case, &out, &["--json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(!out.exists());
    let validated = psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(stdout(&output), stdout(&validated));
    let value: serde_json::Value =
        serde_json::from_str(stdout(&output).lines().next().expect("a line")).expect("JSON");
    assert_eq!(value["valid"], false);
    assert!(
        value["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| d["severity"] == "error"),
        "{value}"
    );
}

#[test]
fn json_output_names_file_digest_and_pages() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let output = render(&fixture("case.example.yaml"), &out, &["--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let written = &value["written"][0];
    assert_eq!(written["sha256"], psr::output::sha256_hex(&bytes));
    assert_eq!(written["pages"], 4);
    assert_eq!(written["copy"], "court");
    assert_eq!(written["output"], out.display().to_string());
    // The example's findings: a young adult for whom the catalogue offers a
    // diversion (para 18), its consent recorded, its report dated; and its approval,
    // written by hand in a `schema_version: 1` file, neither bound nor signed (para 56).
    let codes: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["W055", "W030"]);
}

#[test]
fn watch_renders_again_when_the_case_is_saved() {
    let dir = temp();
    let case = dir.path().join("case.yaml");
    let out = dir.path().join("report.pdf");
    let text = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    std::fs::write(&case, &text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(["render".as_ref(), case.as_os_str(), "--catalogue".as_ref()])
        .arg(catalogue())
        .args(["-o".as_ref(), out.as_os_str(), "--watch".as_ref()])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |needle: &str| {
        for _ in 0..100 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            if out.exists() && pdf_text(&out).contains(needle) {
                return true;
            }
        }
        false
    };
    let first = wait_for("Keep her job, clear her debts");
    // Saved with a new goal: the PDF follows without a restart.
    std::fs::write(
        &case,
        text.replace("Keep her job,", "Keep her job and her flat,"),
    )
    .unwrap();
    let second = wait_for("Keep her job and her flat");
    child.kill().unwrap();
    let _ = child.wait();
    assert!(first, "first render missing");
    assert!(second, "the edit was not rendered");
}

#[test]
fn safeguarding_notice_comes_before_the_first_section() {
    let dir = temp();
    let case = dir.path().join("case.yaml");
    let text = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    std::fs::write(
        &case,
        text.replace("self_harm_risk: low ", "self_harm_risk: high "),
    )
    .unwrap();
    let out = dir.path().join("report.pdf");
    let output = render(&case, &out, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("W043"));
    let text = pdf_text(&out);
    let notice = text
        .find("SAFEGUARDING NOTICE")
        .expect("no safeguarding notice");
    assert!(notice < text.find("1 Sources of information").unwrap());
    assert!(
        text.contains("The assessed risk of self-harm is high."),
        "{text}"
    );

    // Without the risk there is no notice.
    let plain = dir.path().join("plain.pdf");
    assert!(
        render(&fixture("case.example.yaml"), &plain, &[])
            .status
            .success()
    );
    assert!(!pdf_text(&plain).contains("SAFEGUARDING NOTICE"));
}

#[test]
fn supervised_report_shows_the_approval_in_the_signature_block() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    assert!(
        render(&fixture("case.example.yaml"), &out, &[])
            .status
            .success()
    );
    let text = pdf_text(&out);
    let signature = text.rfind("Signature").unwrap();
    let approval = text
        .find("Approved by Daniel Osei, probation officer, Riverside Probation Service, on 28 November 2026.")
        .expect("no approval");
    assert!(
        approval > signature,
        "approval is not in the signature block"
    );
    assert!(text.contains("Supervision (para 56)"));
}

#[test]
fn every_kind_renders_its_own_sections() {
    let dir = temp();
    for (kind, expected, absent) in [
        (
            "short",
            &["3 Previous offending", "1 Sources of information"][..],
            &["Personal circumstances", "Impact on the victim"][..],
        ),
        (
            "diversion",
            &["Suitability for diversion"][..],
            &["Personal circumstances", "Impact of custody", "Custody:"][..],
        ),
        (
            "bail",
            &[
                "Release before trial",
                "Address until the trial: 14 Mill Lane, Eastfield, with her mother; the address has been checked.",
                "Attending court: Risk as assessed: low.",
                // The impact of detention on dependants, work and housing, and the
                // author's reasons, as the author wrote them (paras 20, 27).
                "Impact of detention on dependants, work and housing: She is the primary carer",
                "Detention before trial: Detention is not needed",
                "Alternative care: Her mother can mind the children",
                "Release without conditions 0 eligible",
                "Support on release before trial",
                "Safety of the victim and witnesses: The store is across town",
                "alleged to have been committed on",
            ][..],
            &[
                "Personal circumstances",
                "Impact of custody",
                "Custody:",
                "Plea:",
                "Risk of reoffending",
                "Criminogenic needs",
                "Expected compliance",
            ][..],
        ),
        (
            "pre_release",
            &[
                "The sentence being served",
                "Sentence: 8 months' imprisonment, imposed on 4 May 2026",
                "Earliest release date: 20 December 2026",
                "Progress in custody: Completed a course",
                "The victim's views: The store manager",
                "Resettlement",
            ][..],
            &["Personal circumstances", "Impact of custody", "Custody:"][..],
        ),
    ] {
        let case = dir.path().join(format!("{kind}.yaml"));
        std::fs::write(&case, example_of_kind(kind)).unwrap();
        let out = dir.path().join(format!("{kind}.pdf"));
        let output = render(&case, &out, &[]);
        assert!(output.status.success(), "{kind}: {}", stderr(&output));
        let text = pdf_text(&out);
        for expected in expected {
            assert!(
                text.contains(expected),
                "{kind}: no {expected:?} in:\n{text}"
            );
        }
        for absent in absent {
            assert!(!text.contains(absent), "{kind}: has {absent:?} in:\n{text}");
        }
        assert!(
            text.contains("Options considered")
                && text.contains("Points for the court's attention"),
            "{kind}"
        );
    }
}

/// The names in a folder, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `--copy all` writes both copies or neither: when the person's copy cannot be
/// written (it exists, or something that is not a file is in its place), the court
/// copy is not written either, and an older court copy replaced with `--force` is put
/// back. Before, the court copy was written and the person's was not.
#[test]
fn copy_all_writes_both_copies_or_neither() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let person = dir.path().join("report-person.pdf");

    // The person's copy exists, no --force: nothing is written.
    std::fs::write(&person, b"an older person's copy").unwrap();
    let run = render(&fixture("case.example.yaml"), &out, &["--copy", "all"]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("report-person.pdf"),
        "{}",
        stderr(&run)
    );
    assert!(!out.exists(), "the court copy was written alone");
    assert_eq!(std::fs::read(&person).unwrap(), b"an older person's copy");
    assert_eq!(names_in(dir.path()), ["report-person.pdf"]);

    // A folder where the person's copy goes, with --force: the older court copy stays.
    std::fs::remove_file(&person).unwrap();
    std::fs::create_dir(&person).unwrap();
    std::fs::write(&out, b"an older court copy").unwrap();
    let run = render(
        &fixture("case.example.yaml"),
        &out,
        &["--copy", "all", "--force"],
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert_eq!(std::fs::read(&out).unwrap(), b"an older court copy");
    assert_eq!(names_in(dir.path()), ["report-person.pdf", "report.pdf"]);

    // Both can be written: both are.
    std::fs::remove_dir(&person).unwrap();
    let run = render(
        &fixture("case.example.yaml"),
        &out,
        &["--copy", "all", "--force"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF-"));
    assert!(std::fs::read(&person).unwrap().starts_with(b"%PDF-"));
    assert_eq!(names_in(dir.path()), ["report-person.pdf", "report.pdf"]);
}

/// `--emit-view FILE` follows the rule of the PDFs: an existing file is replaced only
/// with `--force` (before, a case file given by mistake was replaced by JSON), and
/// never when it is not a regular file. Nothing else is written when it is refused.
#[test]
fn emit_view_never_replaces_a_file_without_force() {
    let dir = temp();
    let out = dir.path().join("report.pdf");
    let view = dir.path().join("case.yaml");
    std::fs::write(&view, "report:\n  court: Riverside\n").unwrap();
    let run = render(
        &fixture("case.example.yaml"),
        &out,
        &["--emit-view", view.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("--force"), "{}", stderr(&run));
    assert_eq!(
        std::fs::read_to_string(&view).unwrap(),
        "report:\n  court: Riverside\n"
    );
    assert!(!out.exists());

    let run = render(
        &fixture("case.example.yaml"),
        &out,
        &["--emit-view", view.to_str().unwrap(), "--force"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&view).unwrap()).expect("the view");
    assert!(json.is_object());
    assert!(out.exists());

    // A new file is written without --force.
    let fresh = dir.path().join("view.json");
    let run = render(
        &fixture("case.example.yaml"),
        &dir.path().join("other.pdf"),
        &["--emit-view", fresh.to_str().unwrap()],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(fresh.exists());
}

/// `--watch` replaces on each save only what it wrote itself: a report (or a view
/// model) that was there before it started, without `--force`, stays as it was
/// after every save. Before, the first render was refused and every save then
/// replaced it.
#[test]
fn watch_never_replaces_a_file_it_did_not_write() {
    let dir = temp();
    let case = dir.path().join("case.yaml");
    let out = dir.path().join("report.pdf");
    let view = dir.path().join("view.json");
    let text = std::fs::read_to_string(fixture("case.example.yaml")).unwrap();
    std::fs::write(&case, &text).unwrap();
    std::fs::write(&view, b"an older view").unwrap();
    let log = dir.path().join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_psr"))
        .args(["render".as_ref(), case.as_os_str(), "--catalogue".as_ref()])
        .arg(catalogue())
        .args(["-o".as_ref(), out.as_os_str(), "--watch".as_ref()])
        .args(["--emit-view".as_ref(), view.as_os_str()])
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let refusals = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .matches("view.json already exists")
            .count()
    };
    let wait_for = |count: usize| {
        for _ in 0..150 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            if refusals() >= count {
                return true;
            }
        }
        false
    };
    let first = wait_for(1);
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::write(
        &case,
        text.replace("Keep her job,", "Keep her job and her flat,"),
    )
    .unwrap();
    let second = wait_for(2);
    child.kill().unwrap();
    let _ = child.wait();
    let log = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(first && second, "{log}");
    assert_eq!(std::fs::read(&view).unwrap(), b"an older view", "{log}");
    assert!(!out.exists(), "{log}");
}
