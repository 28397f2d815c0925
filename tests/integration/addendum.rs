//! Addendum reports: what changed since the report the court has, in words, with the
//! updated proposal; the earlier report named by its date and SHA-256.

use std::path::{Path, PathBuf};

use super::common::{fixture, pdf_text, pdf_text_unspaced, render, stderr, stdout, temp};

/// The earlier case (the example, a full report, before the person's agreement to the
/// women's centre was recorded) rendered in `dir`: its SHA-256.
fn earlier(dir: &Path) -> String {
    let case = dir.join("smith.yaml");
    let text = std::fs::read_to_string(fixture("case.example.yaml")).expect("read");
    let agreed = "      consent: true             # the person agrees (required by this measure)\n";
    assert!(text.contains(agreed));
    std::fs::write(&case, text.replace(agreed, "")).expect("write");
    let out = render(&case, &dir.join("smith.pdf"), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // `psr render` prints the SHA-256 as sha256sum does.
    stdout(&out)[..64].to_string()
}

/// The example as an addendum to `smith.yaml` in `language`, with a new offence, a
/// measure's term changed, the person's agreement to another recorded, a new source,
/// a schedule block added, and the restricted notes changed.
fn addendum(dir: &Path, sha: &str, language: &str) -> PathBuf {
    let text = std::fs::read_to_string(fixture("case.example.yaml")).expect("read");
    let replaced = [
        (
            "  kind: full              # full | short | diversion | bail | pre_release   (para 12 a–f)\n",
            format!(
                "  kind: addendum\n  addendum_to:\n    kind: full\n    date: 2026-11-28\n    sha256: \"{sha}\"\n    case_file: smith.yaml\n"
            ),
        ),
        (
            "  language: en ",
            format!("  language: {language} "),
        ),
        (
            "  hearing_date: 2026-12-03\n",
            "  hearing_date: 2026-12-17\n".to_string(),
        ),
        (
            "  date: 2026-11-28 ",
            "  date: 2026-12-10 ".to_string(),
        ),
        (
            "offences:\n",
            "offences:\n  - description: \"Shoplifting of baby formula worth 25.00\"\n    date: 2026-11-20\n    plea: guilty\n    category: property\n    circumstances: \"Low value, during a wait for delayed wages.\"\n".to_string(),
        ),
        (
            "parameters: { amount: \"180.00\", months: 6 }",
            "parameters: { amount: \"180.00\", months: 9 }".to_string(),
        ),
        (
            "        to: \"14:00\"\n",
            "        to: \"14:00\"\n      - days: [sat]\n        from: \"08:00\"\n        to: \"12:00\"\n".to_string(),
        ),
        ("do not disclose.", "do not disclose; SECRET-CHANGE.".to_string()),
        (
            "    notes: \"Debts of about 900 after the separation; receives child benefit.\"\n",
            "    notes: \"Debts of about 900 after the separation, now paid by instalments agreed with the council; receives child benefit.\"\n".to_string(),
        ),
        (
            "    description: \"Telephone call with the children's school\"\n    date: 2026-11-14\n",
            "    description: \"Telephone call with the children's school\"\n    date: 2026-11-14\n  - kind: document\n    description: \"Letter from the women's centre confirming a place\"\n    date: 2026-12-07\n    how_checked: \"Place confirmed in writing\"\n".to_string(),
        ),
    ];
    let mut text = text;
    for (from, to) in replaced {
        assert!(text.contains(from), "{from}");
        text = text.replacen(from, &to, 1);
    }
    let case = dir.join(format!("smith-addendum-{language}.yaml"));
    std::fs::write(&case, text).expect("write");
    case
}

/// A SHA-256 as an addendum prints it: groups of eight.
fn grouped(sha: &str) -> String {
    sha.as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn an_addendum_names_the_earlier_report_and_says_what_changed() {
    let dir = temp();
    let sha = earlier(dir.path());
    let case = addendum(dir.path(), &sha, "en");
    let pdf = dir.path().join("addendum.pdf");
    let out = render(&case, &pdf, &["--copy", "all"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    for expected in [
        "Addendum report",
        "This addendum adds to the earlier report (Full report) dated 28 November 2026.",
        &format!("SHA-256 of the earlier report's PDF: {}", grouped(&sha)),
        "New offence: Shoplifting of baby formula worth 25.00, 20 November 2026.",
        // A changed condition as it now reads and as it read, whole.
        "Restitution to the victim: the condition now reads “To pay £180.00 to the victim in equal monthly instalments over 9 months”; it read “To pay £180.00 to the victim in equal monthly instalments over 6 months”.",
        "Mary Wanjiru has now agreed to: Women's centre programme.",
        "New source of information: Document (7 December 2026): Letter from the women's centre confirming a place. How it was checked: Place confirmed in writing.",
        "Working hours (new information): Sat 08:00–12:00",
        // A longer text as it now reads, whole.
        "(as it now reads): Debts of about 900 after the separation, now paid by instalments agreed with the council; receives child benefit.",
        "Options considered",
        "Proposal",
        "over 9 months",
    ] {
        assert!(text.contains(expected), "{expected:?} not in:\n{text}");
    }
    // Restricted notes are for the service only: never in a report.
    assert!(!text.contains("SECRET-CHANGE"), "{text}");
    assert!(!text.contains("restricted"), "{text}");

    let person = pdf_text(&dir.path().join("addendum-person.pdf"));
    for expected in [
        "This is an update to the report written on 28 November 2026.",
        "What has changed",
        "New offence: Shoplifting of baby formula worth 25.00, 20 November 2026.",
        "Restitution to the victim: the condition now reads “You pay back £180.00 to the victim. You pay the same amount each month, for 9 months”; it read “You pay back £180.00 to the victim. You pay the same amount each month, for 6 months”.",
        "Mary Wanjiru has now agreed to: Women's centre programme.",
    ] {
        assert!(person.contains(expected), "{expected:?} not in:\n{person}");
    }
    assert!(!person.contains("SECRET-CHANGE"));
}

/// Russian, Chinese and Arabic: the title, the earlier report's date, the new offence
/// as the case writes it, the changed measure's new term, in both copies. Read without
/// spaces, for pdftotext spaces Chinese and Arabic its own way.
#[test]
fn an_addendum_in_russian_chinese_and_arabic() {
    let dir = temp();
    let sha = earlier(dir.path());
    for (language, title, earlier_date, offence, term, agreed) in [
        (
            "ru",
            "Дополнительный доклад",
            "28 ноября 2026 г.",
            "Новое правонарушение: Shoplifting of baby formula worth 25.00, 20 ноября 2026 г.",
            ("в течение 9 мес.", "в течение 9 месяцев"),
            "теперь даёт согласие на меру: Программа женского центра.",
        ),
        (
            "zh",
            "补充报告",
            "2026年11月28日",
            "新的罪行：Shoplifting of baby formula worth 25.00，2026年11月20日。",
            ("9个月", "9个月"),
            "现已同意：妇女中心项目。",
        ),
        (
            "ar",
            "تقرير تكميلي",
            // pdftotext writes a number that ends an Arabic sentence after its full
            // stop: the year and the stop are left out of the date.
            "28 تشرين الثاني/نوفمبر",
            "Shoplifting of baby formula worth 25.00",
            // Both copies count as people say it: "لمدة 9 أشهر", never "مدةً بالأشهر
            // قدرها 9".
            ("لمدة9أشهر", "9أشهر"),
            // Said without a gender: "سُجّلت الآن موافقة … على".
            "الآن موافقة",
        ),
    ] {
        let case = addendum(dir.path(), &sha, language);
        let pdf = dir.path().join(format!("addendum-{language}.pdf"));
        let out = render(&case, &pdf, &["--copy", "all"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let person = dir.path().join(format!("addendum-{language}-person.pdf"));
        for (copy, text, term) in [
            ("court", pdf_text_unspaced(&pdf), term.0),
            ("person", pdf_text_unspaced(&person), term.1),
        ] {
            for expected in [earlier_date, offence, term, agreed] {
                let expected: String = expected.split_whitespace().collect();
                assert!(
                    text.contains(&expected),
                    "{language} {copy}: {expected:?} not in:\n{text}"
                );
            }
        }
        let court = pdf_text_unspaced(&pdf);
        assert!(
            court.contains(&title.replace(' ', "")),
            "{language}: {title} not in:\n{court}"
        );
        assert!(court.contains(&sha[..8]), "{language}: {court}");
    }
}

#[test]
fn an_addendum_in_french_and_spanish() {
    let dir = temp();
    let sha = earlier(dir.path());
    for (language, expected) in [
        (
            "fr",
            [
                "Rapport complémentaire",
                "daté du 28 novembre 2026",
                "Nouvelle infraction : Shoplifting of baby formula worth 25.00, 20 novembre 2026.",
                "Restitution à la victime : la condition est désormais « Verser 180,00 £ à la victime en mensualités égales sur 9 mois » ; elle était « Verser 180,00 £ à la victime en mensualités égales sur 6 mois ».",
                "Mary Wanjiru a désormais donné son accord pour : Programme du centre pour femmes.",
            ],
        ),
        (
            "es",
            [
                "Informe complementario",
                "de fecha 28 de noviembre de 2026",
                "Nuevo delito: Shoplifting of baby formula worth 25.00, 20 de noviembre de 2026.",
                "Restitución a la víctima: la condición dice ahora «Pagar 180,00 £ a la víctima en plazos mensuales iguales durante 9 meses»; antes decía «Pagar 180,00 £ a la víctima en plazos mensuales iguales durante 6 meses».",
                "Mary Wanjiru ha dado ahora su consentimiento para: Programa del centro de mujeres.",
            ],
        ),
    ] {
        let case = addendum(dir.path(), &sha, language);
        let pdf = dir.path().join(format!("addendum-{language}.pdf"));
        let out = render(&case, &pdf, &["--copy", "all"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = pdf_text(&pdf);
        for expected in expected {
            assert!(text.contains(expected), "{expected:?} not in:\n{text}");
        }
        assert!(text.contains(&grouped(&sha)), "{text}");
        let person = pdf_text(&dir.path().join(format!("addendum-{language}-person.pdf")));
        assert!(person.contains(expected[2]), "{person}");
    }
}

#[test]
fn an_addendum_without_its_earlier_report_is_refused() {
    let dir = temp();
    let sha = earlier(dir.path());
    let case = addendum(dir.path(), &sha, "en");
    let text = std::fs::read_to_string(&case).expect("read");

    // The earlier case file is not beside it.
    std::fs::write(
        &case,
        text.replace("case_file: smith.yaml", "case_file: gone.yaml"),
    )
    .expect("write");
    let out = render(&case, &dir.path().join("x.pdf"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("E036"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("report.addendum_to.case_file"),
        "{}",
        stderr(&out)
    );

    // Not a file name alone, and a hash that is not one.
    for (from, to, path) in [
        (
            "case_file: smith.yaml",
            "case_file: ../smith.yaml",
            "report.addendum_to.case_file",
        ),
        (
            &format!("sha256: \"{sha}\""),
            "sha256: \"4dc27c0f\"",
            "report.addendum_to.sha256",
        ),
        (
            "    kind: full\n",
            "    kind: addendum\n",
            "report.addendum_to.kind",
        ),
    ] {
        std::fs::write(&case, text.replace(from, to)).expect("write");
        let out = render(&case, &dir.path().join("x.pdf"), &[]);
        assert_eq!(out.status.code(), Some(1), "{to}");
        assert!(stderr(&out).contains("E035"), "{}", stderr(&out));
        assert!(stderr(&out).contains(path), "{}", stderr(&out));
    }
    // No `addendum_to` at all.
    let start = text.find("  addendum_to:\n").expect("addendum_to");
    let end =
        text.find("case_file: smith.yaml\n").expect("case_file") + "case_file: smith.yaml\n".len();
    std::fs::write(&case, format!("{}{}", &text[..start], &text[end..])).expect("write");
    let out = render(&case, &dir.path().join("x.pdf"), &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("an addendum without `addendum_to`"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("x.pdf").exists());
}

#[test]
fn an_addendum_is_approved_like_any_report() {
    let dir = temp();
    let sha = earlier(dir.path());
    let case = addendum(dir.path(), &sha, "en");
    // Copied over with the rest of the case, an approval dated before the earlier
    // report approved that report, not this addendum (W025).
    let text = std::fs::read_to_string(&case).expect("read");
    let approved = "    approved_on: 2026-11-28\n";
    assert!(text.contains(approved));
    std::fs::write(
        &case,
        text.replace(approved, "    approved_on: 2026-11-20\n"),
    )
    .expect("write");
    let (status, err) = render_addendum(&case, &[]);
    assert_eq!(status, Some(0), "{err}");
    assert!(
        err.contains("W025")
            && err.contains("approved this addendum (2026-11-20) before the report"),
        "{err}"
    );
    let out = super::common::psr(&[
        "approve".as_ref(),
        case.as_os_str(),
        "--by".as_ref(),
        "Daniel Osei".as_ref(),
        "--role".as_ref(),
        "probation_officer".as_ref(),
        "--on".as_ref(),
        "2026-12-09".as_ref(),
        "--catalogue".as_ref(),
        super::common::catalogue().as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("approved.pdf");
    let out = render(&case, &pdf, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("W025"), "{}", stderr(&out));
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Fingerprint of the approved content (SHA-256):"),
        "{text}"
    );
    assert!(text.contains("New offence: Shoplifting"), "{text}");
}

/// Renders the addendum `case` to `x.pdf` beside it: exit status and stderr.
fn render_addendum(case: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let out = render(case, &case.with_file_name("x.pdf"), extra);
    (out.status.code(), stderr(&out))
}

/// The earlier case file must be a case: not a line of text, not a catalogue, not a
/// folder; a regular file in the addendum's folder, or reached through a link that
/// stays in it. Before, "hello world" and a catalogue rendered "Previous conviction
/// now recorded: , .", and a link printed the values of a file outside the folder.
#[test]
fn the_earlier_case_file_must_be_a_case_in_this_folder() {
    let outer = temp();
    let dir = outer.path().join("cases");
    std::fs::create_dir(&dir).expect("folder");
    let sha = earlier(&dir);
    let case = addendum(&dir, &sha, "en");
    let text = std::fs::read_to_string(&case).expect("read");
    let name = |file: &str| {
        std::fs::write(
            &case,
            text.replace("case_file: smith.yaml", &format!("case_file: {file}")),
        )
        .expect("write");
    };

    std::fs::write(dir.join("hello.yaml"), "hello world\n").expect("write");
    std::fs::copy(super::common::catalogue(), dir.join("catalogue.yaml")).expect("copy");
    std::fs::create_dir(dir.join("folder.yaml")).expect("folder");
    // A valid case outside the folder, reached through a link in it.
    let secret = std::fs::read_to_string(dir.join("smith.yaml"))
        .expect("read")
        .replace("Wanjiru", "OUTSIDE-SECRET");
    std::fs::write(outer.path().join("elsewhere.yaml"), secret).expect("write");
    std::os::unix::fs::symlink("../elsewhere.yaml", dir.join("link-out.yaml")).expect("link");
    for (file, why) in [
        ("hello.yaml", "is not a case"),
        ("catalogue.yaml", "is not a case"),
        ("folder.yaml", "is a folder"),
        ("link-out.yaml", "outside this case's folder"),
    ] {
        name(file);
        let (status, err) = render_addendum(&case, &[]);
        assert_eq!(status, Some(1), "{file}: {err}");
        assert!(err.contains("E036"), "{file}: {err}");
        assert!(err.contains(why), "{file}: {why:?} not in {err}");
        assert!(!err.contains("OUTSIDE-SECRET"), "{err}");
        assert!(!dir.join("x.pdf").exists(), "{file}");
        // `validate` says the same.
        let out = super::common::psr(&["validate".as_ref(), case.as_os_str()]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(stderr(&out).contains(why), "{file}: {}", stderr(&out));
    }

    // A link that stays in the folder is the file it names.
    std::os::unix::fs::symlink("smith.yaml", dir.join("link-in.yaml")).expect("link");
    name("link-in.yaml");
    let (status, err) = render_addendum(&case, &[]);
    assert_eq!(status, Some(0), "{err}");
    let printed = pdf_text(&dir.join("x.pdf"));
    assert!(printed.contains("New offence: Shoplifting"), "{printed}");
}

/// The earlier case file is held to the case's limits (E017, E018, E019), as the
/// case is: before, an earlier file of any size was read and compared.
#[test]
fn the_earlier_case_file_is_held_to_the_limits_of_a_case() {
    let dir = temp();
    let sha = earlier(dir.path());
    let case = addendum(dir.path(), &sha, "en");
    let smith = dir.path().join("smith.yaml");
    let text = std::fs::read_to_string(&smith).expect("read");
    assert!(text.contains("Mary"));
    std::fs::write(&smith, text.replacen("Mary", &"M".repeat(5_000), 1)).expect("write");
    let (status, err) = render_addendum(&case, &[]);
    assert_eq!(status, Some(1), "{err}");
    assert!(err.contains("E036"), "{err}");
    assert!(err.contains("over a limit of a case file (E017)"), "{err}");
}

/// `--time-limit` covers reading the earlier case file and comparing it: a limit of
/// 0 s stops a long earlier file there, saying so (exit 2), where before the whole
/// comparison ran first and only the render was timed.
#[test]
fn the_time_limit_covers_the_earlier_case_file() {
    let dir = temp();
    let sha = earlier(dir.path());
    let case = addendum(dir.path(), &sha, "en");
    let smith = dir.path().join("smith.yaml");
    let mut text = std::fs::read_to_string(&smith).expect("read");
    text.push_str("\nrestricted_notes_long:\n");
    for i in 0..40_000 {
        text.push_str(&format!("  - {{date: 2020-01-01, offence: \"o{i}\"}}\n"));
    }
    std::fs::write(&smith, text).expect("write");
    let (status, err) = render_addendum(&case, &["--time-limit", "0"]);
    assert_eq!(status, Some(2), "{err}");
    assert!(
        err.contains("reading and comparing the earlier case file took longer than 0 s"),
        "{err}"
    );
}
