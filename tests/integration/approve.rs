//! `psr approve`: a supervisor's approval bound to the content approved (para 56).

use std::path::{Path, PathBuf};

use super::common::{catalogue, fixture, pdf_text, psr, render, stderr, temp};

/// The example case (an NGO worker's final report) in `dir` as `smith.yaml`.
fn case_in(dir: &Path) -> PathBuf {
    let case = dir.join("smith.yaml");
    std::fs::copy(fixture("case.example.yaml"), &case).expect("copy");
    case
}

fn approve(case: &Path, by: &str, role: &str) -> std::process::Output {
    psr(&[
        "approve".as_ref(),
        case.as_os_str(),
        "--by".as_ref(),
        by.as_ref(),
        "--role".as_ref(),
        role.as_ref(),
        "--organisation".as_ref(),
        "Riverside Probation Service".as_ref(),
        "--on".as_ref(),
        "2026-11-30".as_ref(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
    ])
}

fn validate(case: &Path) -> std::process::Output {
    psr(&[
        "validate".as_ref(),
        case.as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
    ])
}

fn edit(case: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(case).expect("read");
    assert!(text.contains(from), "{from}");
    std::fs::write(case, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn an_approved_case_renders_with_its_fingerprint_in_the_signature() {
    let dir = temp();
    let case = case_in(dir.path());
    let out = approve(&case, "Daniel Osei", "probation_officer");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&case).expect("read");
    let fingerprint = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("fingerprint: \"sha256:"))
        .map(|rest| rest[..64].to_string())
        .expect("a fingerprint recorded");
    assert!(text.contains("approved_on: 2026-11-30"), "{text}");
    // The approved version is kept beside the case, byte for byte.
    let kept = dir.path().join("smith.approved.yaml");
    assert_eq!(std::fs::read_to_string(&kept).expect("kept"), text);
    assert!(stderr(&out).contains(&fingerprint), "{}", stderr(&out));

    let pdf = dir.path().join("smith.pdf");
    let out = render(&case, &pdf, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Approved by Daniel Osei, probation officer, Riverside Probation Service, on 30 November 2026."),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "Fingerprint of the approved content (SHA-256): {}…",
            &fingerprint[..16]
        )),
        "{text}"
    );
}

#[test]
fn an_edit_after_approval_is_refused_naming_the_changed_field() {
    let dir = temp();
    let case = case_in(dir.path());
    assert_eq!(
        approve(&case, "Daniel Osei", "probation_officer")
            .status
            .code(),
        Some(0)
    );
    // Layout and comments do not count: psr fmt changes no fingerprint.
    let out = psr(&["fmt".as_ref(), case.as_os_str()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    edit(
        &case,
        "# A complete case file.",
        "# Reviewed again. A complete case file.",
    );
    assert_eq!(
        validate(&case).status.code(),
        Some(0),
        "{}",
        stderr(&validate(&case))
    );

    edit(&case, "months: 6\n", "months: 9\n");
    let out = validate(&case);
    assert_eq!(out.status.code(), Some(1));
    // The message wraps: read it as one line.
    let err = stderr(&out).replace(['│', '\n'], " ");
    let err = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(err.contains("E034"), "{err}");
    assert!(
        err.contains("the case changed after its approval on 2026-11-30: proposal.measures[restitution].parameters.months"),
        "{err}"
    );
    assert!(err.contains("psr approve"), "{err}");
    let out = render(&case, &dir.path().join("x.pdf"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!dir.path().join("x.pdf").exists());

    // As a draft it is warned, and its signature prints no fingerprint.
    edit(&case, "status: final", "status: draft");
    let out = validate(&case);
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("W034"), "{}", stderr(&out));
    let pdf = dir.path().join("draft.pdf");
    assert_eq!(render(&case, &pdf, &[]).status.code(), Some(0));
    assert!(!pdf_text(&pdf).contains("Fingerprint"));

    // Approved again, it goes through.
    edit(&case, "status: draft", "status: final");
    assert_eq!(
        approve(&case, "Daniel Osei", "probation_officer")
            .status
            .code(),
        Some(0)
    );
    assert_eq!(validate(&case).status.code(), Some(0));
}

#[test]
fn without_the_kept_copy_the_fingerprint_alone_refuses() {
    let dir = temp();
    let case = case_in(dir.path());
    assert_eq!(
        approve(&case, "Daniel Osei", "probation_officer")
            .status
            .code(),
        Some(0)
    );
    std::fs::remove_file(dir.path().join("smith.approved.yaml")).expect("remove");
    edit(&case, "months: 6\n", "months: 9\n");
    let err = stderr(&validate(&case));
    assert!(err.contains("E034"), "{err}");
    assert!(err.contains("no approved copy is kept"), "{err}");
}

#[test]
fn a_fingerprint_taken_out_is_found_from_the_kept_copy() {
    let dir = temp();
    let case = case_in(dir.path());
    assert_eq!(
        approve(&case, "Daniel Osei", "probation_officer")
            .status
            .code(),
        Some(0)
    );
    let text = std::fs::read_to_string(&case).expect("read");
    let without: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("fingerprint:"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&case, without.replace("months: 6\n", "months: 12\n")).expect("write");
    let out = validate(&case);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("the approval's fingerprint was removed"),
        "{err}"
    );
    assert!(err.contains("parameters.months"), "{err}");
}

#[test]
fn only_the_service_approves_and_never_the_author() {
    let dir = temp();
    let case = case_in(dir.path());
    let before = std::fs::read_to_string(&case).expect("read");
    for (by, role, why) in [
        (
            "Daniel Osei",
            "volunteer",
            "the service accepts the approval of: probation_officer, social_worker",
        ),
        ("Daniel Osei", "ngo_worker", "para 56"),
        (
            "grace  ACHIENG",
            "probation_officer",
            "approving one's own report is not supervision",
        ),
    ] {
        let out = approve(&case, by, role);
        assert_eq!(out.status.code(), Some(1), "{by} {role}");
        assert!(stderr(&out).contains(why), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&case).expect("read"), before);
        assert!(!dir.path().join("smith.approved.yaml").exists());
    }
}

#[test]
fn a_case_with_errors_is_not_approved() {
    let dir = temp();
    let case = case_in(dir.path());
    edit(
        &case,
        "hearing_date: 2026-12-03",
        "hearing_date: 2026-13-03",
    );
    let before = std::fs::read_to_string(&case).expect("read");
    let out = approve(&case, "Daniel Osei", "probation_officer");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("E014"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&case).expect("read"), before);
    assert!(!dir.path().join("smith.approved.yaml").exists());
}

/// What is approved is checked as `render` checks it: against the catalogue given,
/// or the one beside the case (as the studio reads it), never against none.
#[test]
fn a_case_is_approved_only_against_its_catalogue() {
    let dir = temp();
    let case = case_in(dir.path());
    let before = std::fs::read_to_string(&case).expect("read");
    let without = |case: &Path| {
        psr(&[
            "approve".as_ref(),
            case.as_os_str(),
            "--by".as_ref(),
            "Daniel Osei".as_ref(),
            "--role".as_ref(),
            "probation_officer".as_ref(),
            "--on".as_ref(),
            "2026-11-30".as_ref(),
        ])
    };
    let out = without(&case);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--catalogue FILE"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&case).expect("read"), before);
    // A parameter outside the catalogue's range (E065) is found with the catalogue
    // beside the case, as the studio finds it.
    std::fs::copy(catalogue(), dir.path().join("catalogue.yaml")).expect("copy");
    let out = without(&case);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    edit(&case, "sessions: 12", "sessions: 1000");
    let out = without(&case);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("E065"), "{}", stderr(&out));
    // A draft renders with it, in its box of errors; it is not approved with it.
    edit(&case, "status: final", "status: draft");
    let draft = std::fs::read_to_string(&case).expect("read");
    let out = without(&case);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("E065"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing was approved"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&case).expect("read"), draft);
}

#[test]
fn a_batch_of_the_folder_leaves_the_kept_copy_out() {
    let dir = temp();
    let case = case_in(dir.path());
    assert_eq!(
        approve(&case, "Daniel Osei", "probation_officer")
            .status
            .code(),
        Some(0)
    );
    let out_dir = dir.path().join("out");
    let out = psr(&[
        "batch".as_ref(),
        dir.path().as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "--output".as_ref(),
        out_dir.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdfs = std::fs::read_dir(&out_dir)
        .expect("out")
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                e.file_name().to_string_lossy().ends_with(".pdf")
                    && !e.file_name().to_string_lossy().ends_with("-person.pdf")
            })
        })
        .count();
    assert_eq!(pdfs, 1, "{}", stderr(&out));
}

/// An approval is written whole or not at all: when the approved copy cannot be
/// written (a folder, a named pipe or a link where `smith.approved.yaml` goes), the
/// case is left as it was. Before, the approval was written into the case and the
/// copy was not.
#[test]
fn an_approval_is_all_or_nothing() {
    for obstacle in ["folder", "fifo", "link"] {
        let dir = temp();
        let case = case_in(dir.path());
        let before = std::fs::read(&case).expect("read");
        let copy = dir.path().join("smith.approved.yaml");
        match obstacle {
            "folder" => std::fs::create_dir(&copy).expect("folder"),
            "fifo" => {
                let made = std::process::Command::new("mkfifo")
                    .arg(&copy)
                    .status()
                    .expect("mkfifo");
                assert!(made.success());
            }
            _ => std::os::unix::fs::symlink("elsewhere.yaml", &copy).expect("link"),
        }
        let out = approve(&case, "Daniel Osei", "probation_officer");
        assert_eq!(out.status.code(), Some(2), "{obstacle}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("smith.approved.yaml"),
            "{obstacle}: {}",
            stderr(&out)
        );
        assert_eq!(
            std::fs::read(&case).expect("read"),
            before,
            "{obstacle}: the case was changed"
        );
        assert!(!dir.path().join("elsewhere.yaml").exists(), "{obstacle}");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".psr-"))
            .collect();
        assert!(leftovers.is_empty(), "{obstacle}: {leftovers:?}");
    }
}

/// `smith.yaml` and `smith.yml` keep approved copies of their own, named from the
/// whole file name (`smith.approved.yaml`, `smith.approved.yml`): before, both were
/// kept as `smith.approved.yaml`, and approving one replaced the other's copy. A
/// copy kept for a `.yml` case under the old name is still read when no `.yaml` case
/// beside it could own it.
#[test]
fn each_case_file_keeps_its_own_approved_copy() {
    let dir = temp();
    let yaml = case_in(dir.path());
    let yml = dir.path().join("smith.yml");
    let text = std::fs::read_to_string(&yaml).expect("read");
    std::fs::write(&yml, text.replace("months: 6\n", "months: 7\n")).expect("write");
    for case in [&yaml, &yml] {
        let out = approve(case, "Daniel Osei", "probation_officer");
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let kept_yaml = dir.path().join("smith.approved.yaml");
    let kept_yml = dir.path().join("smith.approved.yml");
    assert_eq!(
        std::fs::read_to_string(&kept_yaml).expect("kept"),
        std::fs::read_to_string(&yaml).expect("read")
    );
    assert_eq!(
        std::fs::read_to_string(&kept_yml).expect("kept"),
        std::fs::read_to_string(&yml).expect("read")
    );
    // Each case's change is named from its own copy.
    edit(&yaml, "months: 6\n", "months: 9\n");
    let err = stderr(&validate(&yaml));
    assert!(err.contains("parameters.months"), "{err}");
    edit(&yml, "sessions: 12", "sessions: 10");
    let err = stderr(&validate(&yml));
    assert!(err.contains("parameters.sessions"), "{err}");
    // `smith.approved.yml` is a kept copy: `psr approve` refuses it, `psr batch`
    // leaves it aside.
    let out = approve(&kept_yml, "Daniel Osei", "probation_officer");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("approved copy"), "{}", stderr(&out));
    let out = psr(&[
        "batch".as_ref(),
        dir.path().as_os_str(),
        "--catalogue".as_ref(),
        catalogue().as_os_str(),
        "--output".as_ref(),
        dir.path().join("out").as_os_str(),
    ]);
    assert!(
        stderr(&out).contains("smith.approved.yml: an approved copy"),
        "{}",
        stderr(&out)
    );
    // A file named otherwise has no name of its own for a copy: refused.
    let txt = dir.path().join("smith.txt");
    std::fs::copy(fixture("case.example.yaml"), &txt).expect("copy");
    let out = approve(&txt, "Daniel Osei", "probation_officer");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains(".yaml or .yml"), "{}", stderr(&out));

    // A copy kept under the old name for a `.yml` case alone is still found.
    let old = temp();
    let yml = old.path().join("smith.yml");
    std::fs::copy(&kept_yml, &yml).expect("copy");
    std::fs::copy(&kept_yml, old.path().join("smith.approved.yaml")).expect("copy");
    edit(&yml, "sessions: 12", "sessions: 10");
    let err = stderr(&validate(&yml));
    assert!(err.contains("parameters.sessions"), "{err}");
}
