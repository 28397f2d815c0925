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

/// The control characters that steer the layout and must not reach the text a reader
/// copies: direction marks and isolates, the word joiner, the zero-width space. (Not
/// the embeddings U+202A–U+202E: pdftotext writes its own around right-to-left text.)
fn steers_layout(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2060}' | '\u{2066}'..='\u{2069}'
    )
}

/// Issue 26, items 3 and 4: in an Arabic report the full stop psr puts after a name
/// is the Arabic sentence's, at its end (left of the name), never between the name
/// and the Arabic before it (".Riverside Magistrates' Court"); brackets around a
/// Latin name face it; and the text copied out of any report holds no invisible
/// control (45 isolates were in the Arabic example's text).
#[test]
fn arabic_punctuation_stays_with_the_arabic_sentence_and_text_copies_cleanly() {
    let dir = temp();
    for lang in ["en", "fr", "es", "ru", "zh", "ar"] {
        let kinds: &[&str] = if lang == "ar" {
            &["full", "short", "diversion", "bail", "pre_release"]
        } else {
            &["full"]
        };
        for kind in kinds {
            let (court, person) = both_copies(dir.path(), kind, lang);
            for (copy, text) in [("court", &court), ("person", &person)] {
                let found: Vec<String> = text
                    .chars()
                    .filter(|&c| steers_layout(c))
                    .map(|c| format!("U+{:04X}", c as u32))
                    .collect();
                assert!(found.is_empty(), "{lang} {kind} {copy}: {found:?}");
            }
        }
    }
    // Words on the line of `word`, in the order they are drawn, left to right.
    let line_of = |pdf: &Path, word: &str| -> Vec<Vec<(String, f64, f64)>> {
        let mut lines = Vec::new();
        for (_, words) in pages_and_words(pdf) {
            for w in words.iter().filter(|w| w.text == word) {
                let mut line: Vec<(String, f64, f64)> = words
                    .iter()
                    .filter(|o| (o.y_max - w.y_max).abs() < 2.0)
                    .map(|o| (o.text.clone(), o.x_min, o.x_max))
                    .collect();
                line.sort_by(|a, b| a.1.total_cmp(&b.1));
                lines.push(line);
            }
        }
        lines
    };
    let person = dir.path().join("full-ar-person.pdf");
    // "كُتب هذا التقرير من أجل Riverside Magistrates' Court." and "… Grace Achieng. وهو …".
    for (first, last) in [("Riverside", "Court"), ("Grace", "Achieng")] {
        let lines = line_of(&person, first);
        let sentence = lines
            .iter()
            .find(|line| line.iter().any(|(t, _, _)| t == "."))
            .unwrap_or_else(|| panic!("a line with {first} and a full stop: {lines:?}"));
        let at = |word: &str| sentence.iter().position(|(t, _, _)| t == word).expect(word);
        let stop = sentence
            .iter()
            .position(|(t, _, _)| t == ".")
            .expect("stop");
        assert!(
            stop + 1 == at(first) && at(last) > at(first),
            "the full stop is left of the name: {sentence:?}"
        );
    }
    // A value a catalogue's condition sets into an Arabic sentence keeps its number
    // before the street, and the sentence's full stop after it: "… في 14 Mill Lane,
    // Eastfield." (it printed "Mill Lane, Eastfield. 14").
    let bail = dir.path().join("bail-ar-person.pdf");
    let lines = line_of(&bail, "Mill");
    let line = lines
        .iter()
        .find(|line| line.iter().any(|(t, _, _)| t == "14"))
        .unwrap_or_else(|| panic!("the bail address: {lines:?}"));
    let at = |word: &str| line.iter().position(|(t, _, _)| t == word).expect(word);
    assert_eq!(at("14") + 1, at("Mill"), "{line:?}");
    assert_eq!(line[at("14") - 1].0, ".", "{line:?}");
    // Working hours read from their start among Arabic words: "06:00–14:00", never
    // "14:00–06:00".
    let court_text = pdf_text(&dir.path().join("full-ar.pdf"));
    assert!(court_text.contains("06:00–14:00"), "{court_text}");
    assert!(!court_text.contains("14:00–06:00"), "{court_text}");
    // "مع Grace Achieng (موظف …، Second Chance Trust).": the bracket that closes the
    // Arabic aside is the aside's, left of the name.
    let person_words = line_of(&person, "Trust");
    let trust = person_words
        .iter()
        .find_map(|line| {
            let at = line.iter().position(|(t, _, _)| t == "Trust")?;
            Some((line.clone(), at))
        })
        .expect("the contact line");
    assert!(
        !trust.0[trust.1 + 1..]
            .iter()
            .any(|(t, _, _)| t.contains(')') || t.contains('(')),
        "a bracket right of the name: {:?}",
        trust.0
    );
    // "في إطار برنامج Turning Point (الفقرات 17 و18، …)": the bracket that opens the
    // Arabic aside stands left of the name, the one that closes it further left.
    let court = dir.path().join("full-ar.pdf");
    let lines = line_of(&court, "Turning");
    let line = lines.first().expect("the line of Turning Point");
    let turning = line
        .iter()
        .position(|(t, _, _)| t == "Turning")
        .expect("Turning");
    for (i, (text, _, _)) in line.iter().enumerate() {
        if text.contains('(') || text.contains(')') {
            assert!(i < turning, "a bracket right of the name: {line:?}");
        }
    }
}

/// A template that sets every text of the view in a column 2 cm wide, hyphenated:
/// a line ends at every place where one may.
const NARROW: &str = r#"#let data = json("/data.json")
#set document(title: data.title)
#set page(width: 2.4cm, height: 12cm, margin: 2mm)
#set text(size: 7pt, lang: data.lang, hyphenate: true)
#set par(justify: false)
#let walk(v) = if type(v) == str { par(v); par("§§") } else if type(v) == array { for x in v { walk(x) } } else if type(v) == dictionary { for (k, x) in v { walk(x) } }
#walk(data)
"#;

/// Issue 26, item 5: nothing breaks where a reader would not break it. In a column
/// 2 cm wide, where a line ends wherever one may, a date, a month's name, a day with
/// its hours, a time range and "para 15" still come out whole.
#[test]
fn dates_hours_and_citations_stay_whole_in_a_column_two_centimetres_wide() {
    let dir = temp();
    let templates = dir.path().join("narrow");
    let output = psr(&[
        "templates".as_ref(),
        "export".as_ref(),
        templates.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    for template in ["full.typ", "person.typ"] {
        std::fs::write(templates.join(template), NARROW).expect("template");
    }
    let lang_file = |lang: &str| -> serde_json::Value {
        let text = std::fs::read_to_string(root().join(format!("src/lang/{lang}.json")))
            .expect("language file");
        serde_json::from_str(&text).expect("JSON")
    };
    let mut checked = 0;
    for lang in ["en", "fr", "es", "ru", "ar", "zh"] {
        let labels = lang_file(lang);
        let case = dir.path().join(format!("narrow-{lang}.yaml"));
        std::fs::write(&case, in_language(example_of_kind("full"), lang, "")).expect("write");
        let out = dir.path().join(format!("narrow-{lang}.pdf"));
        let output = render(
            &case,
            &out,
            &["--copy", "all", "--templates", templates.to_str().unwrap()],
        );
        assert!(output.status.success(), "{lang}: {}", stderr(&output));
        let months: Vec<String> = labels["months"]
            .as_array()
            .expect("months")
            .iter()
            .map(|m| m.as_str().unwrap_or("").to_string())
            .collect();
        let days: Vec<String> = labels
            .as_object()
            .expect("labels")
            .iter()
            .filter(|(k, _)| k.starts_with("dayshort."))
            .map(|(_, v)| v.as_str().unwrap_or("?").to_string())
            .collect();
        assert_eq!(days.len(), 7, "{lang}");
        let cites = [&labels["cite.para"], &labels["cite.paras"]]
            .map(|c| c.as_str().unwrap_or("?").to_string());
        for pdf in [
            out.clone(),
            dir.path().join(format!("narrow-{lang}-person.pdf")),
        ] {
            let text = std::process::Command::new("pdftotext")
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext");
            let text = String::from_utf8_lossy(&text.stdout).replace('\u{a0}', " ");
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            assert!(
                lines.len() > 200,
                "{lang}: a narrow column makes many lines"
            );
            // Two lines of one text, "§§" between texts.
            for pair in lines.windows(2).filter(|p| !p.contains(&"§§")) {
                let (line, next) = (pair[0], pair[1]);
                let at = format!("{lang}, {}: {line:?} / {next:?}", pdf.display());
                let next_digit = next.chars().next().is_some_and(|c| c.is_ascii_digit());
                // A time range: "06:00–" never ends a line.
                let ends_in_time = line.strip_suffix('–').is_some_and(|l| {
                    l.len() >= 5 && l[l.len() - 5..].chars().filter(|c| *c == ':').count() == 1
                });
                assert!(!ends_in_time, "a time range broken: {at}");
                // A day before its hours, a citation before its number.
                let last = line.rsplit(' ').next().unwrap_or("");
                let day = days.iter().any(|d| d == last);
                let hours = next.len() >= 5 && next.as_bytes().get(2) == Some(&b':');
                assert!(!(day && hours), "a day apart from its hours: {at}");
                for cite in &cites {
                    assert!(
                        !(line.ends_with(cite.as_str()) && next_digit),
                        "a citation broken: {at}"
                    );
                }
                // A count stays with its unit: "over 6 / months".
                let units = [
                    "months",
                    "weeks",
                    "hours",
                    "sessions",
                    "mois",
                    "semaines",
                    "heures",
                    "séances",
                    "meses",
                    "semanas",
                    "horas",
                    "sesiones",
                    "месяцев",
                    "месяца",
                    "недель",
                    "недели",
                    "часов",
                    "часа",
                    "встреч",
                    "встречи",
                ];
                let count = !last.is_empty() && last.chars().all(|c| c.is_ascii_digit());
                let unit = next.split(' ').next().is_some_and(|w| {
                    units.contains(&w.trim_end_matches(|c: char| !c.is_alphabetic()))
                });
                assert!(!(count && unit), "a count apart from its unit: {at}");
                // A month's name is never hyphenated; an Arabic month's two names stay
                // together.
                if let Some(stem) = line.strip_suffix(['-', '\u{ad}']) {
                    let word = stem.rsplit(' ').next().unwrap_or("");
                    let joined = format!("{word}{}", next.split(' ').next().unwrap_or(""));
                    assert!(
                        !months.iter().any(|m| m.as_str() == joined),
                        "a month's name hyphenated: {at}"
                    );
                }
                assert!(
                    !(line.ends_with('/')
                        && months.iter().any(|m| m.contains('/')
                            && line.contains(m.split('/').next().unwrap_or("?")))),
                    "an Arabic month's names apart: {at}"
                );
                // Chinese breaks between any two characters, but not inside a date
                // ("2026 / 年8月2日") or a day's name ("周 / 五").
                if lang == "zh" {
                    let date_part = |c: char| c.is_ascii_digit() || matches!(c, '年' | '月' | '日');
                    let split_date = line.chars().next_back().is_some_and(date_part)
                        && next.chars().next().is_some_and(date_part)
                        && (line.ends_with(|c: char| c.is_ascii_digit())
                            != next.starts_with(|c: char| c.is_ascii_digit()));
                    assert!(!split_date, "a date broken: {at}");
                    assert!(!line.ends_with('周'), "a day's name broken: {at}");
                    // A law's short title stays whole with its brackets: "《保 / 释法》".
                    if let Some(open) = line.rfind('《').filter(|o| !line[*o..].contains('》')) {
                        let rest = next.find('》').map_or(next, |end| &next[..end]);
                        let length = line[open..].chars().count() + rest.chars().count() + 1;
                        assert!(length > 8, "a book title broken: {at}");
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 2000, "{checked} line ends checked");
}
