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

/// The example as a `kind` report in `lang`, for a person of `gender`, by an author
/// of `author_gender` (none recorded when empty). A full report proposes a
/// conditional discharge and restitution, which a man is eligible for too.
fn gendered_case(kind: &str, lang: &str, gender: &str, author_gender: &str) -> String {
    let mut text = in_language(example_of_kind(kind), lang, "")
        .replace("gender: female ", &format!("gender: {gender} "));
    if kind == "pre_release" {
        // A measure a man is eligible for too: none.
        text = text.replace(
            "  measures:\n    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true\n",
            "  measures: []\n",
        );
    }
    if kind == "full" {
        text = text.replace(
            "    - id: womens-centre\n      parameters: { sessions: 12 }\n      consent: true\n",
            "    - id: discharge\n      parameters: { months: 12 }\n",
        );
    }
    if !author_gender.is_empty() {
        text = text.replace(
            "    role: ngo_worker",
            &format!("    gender: {author_gender}\n    role: ngo_worker"),
        );
    }
    text
}

/// The person's copy of a case, as text.
fn person_copy(dir: &Path, name: &str, yaml: &str) -> String {
    let case = dir.join(format!("{name}.yaml"));
    std::fs::write(&case, yaml).expect("write case");
    let out = dir.join(format!("{name}.pdf"));
    let output = render(&case, &out, &["--copy", "person"]);
    assert!(output.status.success(), "{name}: {}", stderr(&output));
    pdf_text(&out)
}

/// Whether `text` (a PDF's text) holds `phrase`, compared without spaces and
/// direction marks: pdftotext spaces digits and Latin runs among Arabic words its own
/// way (a direction mark before the "6" of "لمدة 6 أشهر").
fn has(text: &str, phrase: &str) -> bool {
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| {
                !c.is_whitespace()
                    && !matches!(c, '\u{200B}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            })
            .collect()
    };
    bare(text).contains(&bare(phrase))
}

/// Arabic addresses the person in the gender recorded, throughout the copy — the
/// fixed text and the catalogue's conditions — and without gender when none is.
#[test]
fn the_arabic_copy_agrees_with_the_persons_gender() {
    let dir = temp();
    let female = person_copy(dir.path(), "f", &gendered_case("full", "ar", "female", ""));
    let male = person_copy(dir.path(), "m", &gendered_case("full", "ar", "male", ""));
    let unstated = person_copy(
        dir.path(),
        "n",
        &gendered_case("full", "ar", "not_stated", ""),
    );
    let feminine = ["وتدفعين المبلغ", "إذا لم تفعلي ما", "يجب ألا تخالفي القانون"];
    let masculine = ["وتدفع المبلغ", "إذا لم تفعل ما", "يجب ألا تخالف القانون"];
    let neutral = ["عليك دفع", "عدم القيام بما", "عليك عدم مخالفة القانون"];
    for (text, words, others) in [
        (&female, feminine, [masculine, neutral]),
        (&male, masculine, [feminine, neutral]),
        (&unstated, neutral, [feminine, masculine]),
    ] {
        for word in words {
            assert!(has(text, word), "{word} missing: {text}");
        }
        for word in others.iter().flatten() {
            assert!(!has(text, word), "{word} in the wrong copy: {text}");
        }
    }
    for word in ["تدفعين", "تفعلي ما", "تخالفي", "تحضري", "أن تتحدثي عن"]
    {
        assert!(!has(&male, word), "{word} in the copy for a man: {male}");
        assert!(!has(&unstated, word), "{word} without a gender: {unstated}");
    }
    // Counted as people say it.
    for text in [&female, &male, &unstated] {
        assert!(has(text, "لمدة 6 أشهر"), "{text}");
        // "لمدة 12 شهراً": pdftotext moves the tanween of "شهراً" away from its
        // letter, so the number is read back here and the noun's form is unit-tested
        // (src/matching/counted.rs).
        assert!(has(text, "لمدة 12"), "{text}");
        assert!(!has(text, "قدرها"), "{text}");
    }

    // Bail: twice a week, and where the person lives until the trial.
    let female = person_copy(dir.path(), "bf", &gendered_case("bail", "ar", "female", ""));
    let male = person_copy(dir.path(), "bm", &gendered_case("bail", "ar", "male", ""));
    assert!(has(&female, "مرتين في الأسبوع"), "{female}");
    assert!(has(&female, "تسكنين وتنامين"), "{female}");
    assert!(has(&female, "لم تحضري إلى"), "{female}");
    assert!(has(&male, "مرتين في الأسبوع"), "{male}");
    assert!(has(&male, "تسكن وتنام"), "{male}");
    assert!(has(&male, "لم تحضر إلى"), "{male}");
    // The author's role in her gender.
    let by_her = person_copy(
        dir.path(),
        "a",
        &gendered_case("bail", "ar", "male", "female"),
    );
    assert!(has(&by_her, "موظفة في منظمة غير حكومية"), "{by_her}");
}

/// French, Spanish and Russian agree with the person where their words do, and the
/// role of the author follows `author.gender`.
#[test]
fn french_spanish_and_russian_copies_agree_with_the_person_and_the_author() {
    let dir = temp();
    let fr_f = person_copy(
        dir.path(),
        "frf",
        &gendered_case("pre_release", "fr", "female", "female"),
    );
    let fr_m = person_copy(
        dir.path(),
        "frm",
        &gendered_case("pre_release", "fr", "male", "male"),
    );
    let fr_n = person_copy(
        dir.path(),
        "frn",
        &gendered_case("pre_release", "fr", "not_stated", ""),
    );
    assert!(fr_f.contains("vous pouvez être libérée"), "{fr_f}");
    assert!(fr_f.contains("intervenante associative"), "{fr_f}");
    assert!(fr_m.contains("vous pouvez être libéré :"), "{fr_m}");
    assert!(fr_m.contains("intervenant associatif"), "{fr_m}");
    // Without a gender, no "libéré ou libérée": a sentence that needs none.
    assert!(
        fr_n.contains("La date la plus proche de votre sortie"),
        "{fr_n}"
    );
    assert!(!fr_n.contains("libéré"), "{fr_n}");

    let es_f = person_copy(
        dir.path(),
        "esf",
        &gendered_case("bail", "es", "female", "female"),
    );
    let es_m = person_copy(
        dir.path(),
        "esm",
        &gendered_case("bail", "es", "male", "male"),
    );
    assert!(es_f.contains("puede detenerla"), "{es_f}");
    assert!(es_f.contains("enviarla a prisión"), "{es_f}");
    assert!(es_f.contains("profesional de ONG"), "{es_f}");
    assert!(es_m.contains("puede detenerlo"), "{es_m}");
    assert!(es_f.contains("2 veces por semana"), "{es_f}");
    let es_full = person_copy(
        dir.path(),
        "esff",
        &gendered_case("full", "es", "female", ""),
    );
    assert!(es_full.contains("puede castigarla"), "{es_full}");

    // Russian speaks to the person as «вы», whose forms carry no gender: the copies
    // for a woman and for a man read the same, and count in full words.
    let ru_f = person_copy(
        dir.path(),
        "ruf",
        &gendered_case("full", "ru", "female", ""),
    );
    let ru_m = person_copy(dir.path(), "rum", &gendered_case("full", "ru", "male", ""));
    assert_eq!(ru_f, ru_m);
    assert!(ru_f.contains("в течение 6 месяцев"), "{ru_f}");
    assert!(ru_f.contains("В течение 12 месяцев"), "{ru_f}");
    assert!(!ru_f.contains("мес."), "{ru_f}");
    let ru_bail = person_copy(dir.path(), "rub", &gendered_case("bail", "ru", "male", ""));
    assert!(ru_bail.contains("2 раза в неделю"), "{ru_bail}");
}

/// Both copies of the example as a `kind` report in `lang`, as text (the court's,
/// the person's).
fn both_copies(dir: &Path, kind: &str, lang: &str) -> (String, String) {
    let case = dir.join(format!("{kind}-{lang}.yaml"));
    std::fs::write(&case, in_language(example_of_kind(kind), lang, "")).expect("write");
    let out = dir.join(format!("{kind}-{lang}.pdf"));
    let output = render(&case, &out, &["--copy", "all"]);
    assert!(output.status.success(), "{}", stderr(&output));
    (
        pdf_text(&out),
        pdf_text(&dir.join(format!("{kind}-{lang}-person.pdf"))),
    )
}

fn arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}')
}

/// Each language's punctuation (issue 26, item 3): Arabic lists with "،" and "؛",
/// Chinese enumerations with "、", French hours "15 h", Russian supervision "Надзор".
#[test]
fn lists_and_hours_take_the_punctuation_of_their_language() {
    let dir = temp();
    for kind in ["full", "pre_release", "bail"] {
        let (court, person) = both_copies(dir.path(), kind, "ar");
        for text in [&court, &person] {
            let chars: Vec<char> = text
                .chars()
                .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
                .collect();
            // No Latin comma or semicolon between two Arabic words.
            for (i, c) in chars.iter().enumerate() {
                if matches!(c, ',' | ';') {
                    let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
                    let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
                    let around: String = chars[i.saturating_sub(20)..(i + 20).min(chars.len())]
                        .iter()
                        .collect();
                    assert!(
                        !(before.is_some_and(|c| arabic(*c)) && after.is_some_and(|c| arabic(*c))),
                        "{kind}: a Latin {c:?} between Arabic words: {around}"
                    );
                }
            }
        }
    }

    let (court, person) = both_copies(dir.path(), "full", "zh");
    let court_bare: String = court.chars().filter(|c| !c.is_whitespace()).collect();
    // The person's languages, and citations of several paragraphs.
    assert!(court_bare.contains("斯瓦希里语、英语"), "{court}");
    assert!(!court_bare.contains("斯瓦希里语，英语"), "{court}");
    assert!(court_bare.contains("、25和27段"), "{court}");
    assert!(!court_bare.contains("，25和27段"), "{court}");
    assert!(!court_bare.contains("OASys,"), "{court}");
    let (_, bail) = both_copies(dir.path(), "bail", "zh");
    let bail_bare: String = bail.chars().filter(|c| !c.is_whitespace()).collect();
    // The count is not read as part of the address ("12 Bridge Street2 次").
    assert!(!bail_bare.contains("Street2"), "{bail}");
    assert!(bail_bare.contains("2次"), "{bail}");
    let _ = person;

    let (_, person) = both_copies(dir.path(), "full", "fr");
    assert!(person.contains("de 15 h à 17 h"), "{person}");
    assert!(!person.contains(" 06 h"), "{person}");
    let (court, _) = both_copies(dir.path(), "full", "ru");
    assert!(court.contains("Надзор (п. 56)"), "{court}");
    assert!(!court.contains("Руководство"), "{court}");
    let (court, _) = both_copies(dir.path(), "diversion", "fr");
    assert!(court.contains("peut être envisagée"), "{court}");
    let (court, _) = both_copies(dir.path(), "diversion", "es");
    assert!(court.contains("Puede considerarse"), "{court}");
}
