//! Languages (`report.language: en | fr | es | ru | zh | ar`): every fixed text exists in each language
//! with the same placeholders; every kind of report renders in each language with its
//! headings, dates, page numbers and money in that language, while the case's own text
//! stays as written; the person's copy stays plain and leaves out what it must.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value};

use crate::common::*;

const LANGUAGES: [&str; 6] = ["en", "fr", "es", "ru", "zh", "ar"];

/// Each kind of report and its sections in order, as `sections_of` in
/// src/view/court.rs lists them. The signature block follows them in every court copy.
const KINDS: &[(&str, &[&str])] = &[
    (
        "full",
        &[
            "section.sources",
            "section.offence",
            "section.history",
            "section.circumstances",
            "section.assessment",
            "section.goals",
            "section.options",
            "section.proposal",
            "section.attention",
        ],
    ),
    (
        "short",
        &[
            "section.sources",
            "section.offence",
            "section.history",
            "section.key_circumstances",
            "section.assessment",
            "section.goals",
            "section.options",
            "section.proposal",
            "section.attention",
        ],
    ),
    (
        "diversion",
        &[
            "section.sources",
            "section.offence",
            "section.history",
            "section.key_circumstances",
            "section.suitability",
            "section.options",
            "section.proposal",
            "section.attention",
        ],
    ),
    (
        "bail",
        &[
            "section.sources",
            "section.offence_alleged",
            "section.pretrial",
            "section.ties",
            "section.history_bail",
            "section.release_needs",
            "section.options",
            "section.proposal",
            "section.attention",
        ],
    ),
    (
        "pre_release",
        &[
            "section.sources",
            "section.sentence",
            "section.offence",
            "section.history",
            "section.victim",
            "section.resettlement",
            "section.assessment",
            "section.goals",
            "section.options",
            "section.proposal",
            "section.attention",
        ],
    ),
];

/// Free text of the example case: never translated, never reformatted.
const OFFENCE: &str = "Theft of clothing worth 180.00 from a retail store";
/// The example's identifier: in the court copy only.
const IDENTIFIER: &str = "30112233";
/// The victim's views: in the court copy only.
const VICTIM_VIEWS: &str = "The store manager supports restitution";

/// What a rendered report must show in each language.
struct Expected {
    lang: &'static str,
    hearing_date: &'static str,
    first_page: &'static str,
    /// £180.00 as the language writes it (a no-break space reads as a space).
    money: &'static str,
}

const EXPECTED: [Expected; 3] = [
    Expected {
        lang: "en",
        hearing_date: "3 December 2026",
        first_page: "Page 1 of",
        money: "£180.00",
    },
    Expected {
        lang: "fr",
        hearing_date: "3 décembre 2026",
        first_page: "Page 1 sur",
        money: "180,00 £",
    },
    Expected {
        lang: "es",
        hearing_date: "3 de diciembre de 2026",
        first_page: "Página 1 de",
        money: "180,00 £",
    },
];

/// The example catalogue, as psr loads it.
fn example_catalogue() -> psr::model::Catalogue {
    psr::load::load::<psr::model::Catalogue>(&catalogue())
        .unwrap_or_else(|_| panic!("the example catalogue loads"))
        .value
}

/// A catalogue template filled as the report fills it, whitespace as pdftotext gives it;
/// a count as the language says it (`{{ months | months }}`: "6 meses").
fn filled(
    template: &str,
    values: &[(&str, &str)],
    money: &str,
    lang: psr::model::case::Language,
) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        let value = if *value == "MONEY" { money } else { value };
        for unit in psr::matching::counted::UNITS {
            if let Ok(n) = value.parse::<i64>() {
                let said = psr::matching::counted::counted(lang, unit, n).expect("a unit");
                text = text.replace(&format!("{{{{ {name} | {unit} }}}}"), &said);
            }
        }
        text = text.replace(&format!("{{{{ {name} }}}}"), value);
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The measure's condition for the court and for the person, in `lang`.
fn conditions(
    catalogue: &psr::model::Catalogue,
    case: &KindCase,
    lang: psr::model::case::Language,
    money: &str,
) -> (String, String, String) {
    let measure = catalogue.measure(case.measure).expect("the measure");
    let own = catalogue.language;
    let text = |t: &psr::model::Text| {
        t.get(lang, own)
            .expect("a text in the language")
            .to_string()
    };
    let person = measure
        .condition_person
        .as_ref()
        .expect("a person's condition");
    (
        filled(&text(&measure.condition), case.values, money, lang),
        filled(&text(person), case.values, money, lang),
        text(&measure.name),
    )
}

/// Words that speak of a sentence, which a bail report must not use: the person is
/// not convicted (paras 20–21).
const SENTENCING_WORDS: &[(&str, &[&str])] = &[
    ("en", &["sentence", "sentences", "sentencing", "sentenced"]),
    ("fr", &["peine", "peines", "condamné", "condamnée"]),
    (
        "es",
        &["pena", "penas", "sentencia", "condenado", "condenada"],
    ),
];

fn language(code: &str) -> psr::model::case::Language {
    serde_json::from_value(Value::String(code.to_string())).expect("a language")
}

fn lang_file(lang: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("lang")
        .join(format!("{lang}.json"))
}

/// The labels of a language.
fn labels(lang: &str) -> Map<String, Value> {
    let path = lang_file(lang);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => map,
        other => panic!("{} is not a JSON object: {other:?}", path.display()),
    }
}

/// One label as text.
fn label(labels: &Map<String, Value>, key: &str) -> String {
    labels
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("no label {key:?}"))
        .to_string()
}

/// The top-level keys of a label file in the order written (a JSON map forgets the order
/// and keeps only the last of two equal keys). The files are written two spaces deep.
fn keys_in_order(lang: &str) -> Vec<String> {
    std::fs::read_to_string(lang_file(lang))
        .expect("label file")
        .lines()
        .filter_map(|line| line.strip_prefix("  \""))
        .filter_map(|rest| rest.split_once("\":"))
        .map(|(key, _)| key.to_string())
        .collect()
}

/// The `{name}`s of a text.
fn placeholders(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        rest = &rest[start + 1..];
        if let Some(end) = rest.find('}') {
            let name = &rest[..end];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                found.insert(name.to_string());
            }
        }
    }
    found
}

/// Every `{name}` of a text replaced by `word`.
fn fill_all(text: &str, word: &str) -> String {
    placeholders(text).iter().fold(text.to_string(), |t, name| {
        t.replace(&format!("{{{name}}}"), word)
    })
}

#[test]
fn every_language_has_every_label_with_the_same_placeholders() {
    let en = labels("en");
    let en_keys = keys_in_order("en");
    assert_eq!(en_keys.len(), en.len(), "a key is written twice in en.json");
    for lang in LANGUAGES {
        let mut map = labels(lang);
        let mut keys = keys_in_order(lang);
        assert_eq!(
            keys.len(),
            map.len(),
            "a key is written twice in {lang}.json"
        );
        // A form for a reader of one gender (`key@female`) follows its key and has
        // its placeholders (src/view/labels.rs checks them).
        for (i, key) in keys.iter().enumerate() {
            if let Some((base, _)) = key.split_once('@') {
                assert!(
                    keys[..i].iter().any(|k| k == base),
                    "{lang}.json: {key} does not follow {base}"
                );
            }
        }
        keys.retain(|k| !k.contains('@'));
        map.retain(|k, _| !k.contains('@'));
        assert_eq!(
            keys.len(),
            map.len(),
            "a key is written twice in {lang}.json"
        );
        let missing: Vec<&String> = en_keys.iter().filter(|k| !map.contains_key(*k)).collect();
        let extra: Vec<&String> = keys.iter().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{lang}.json: missing {missing:?}, not in en.json {extra:?}"
        );
        assert_eq!(keys, en_keys, "{lang}.json lists its keys in another order");
        for (key, value) in &map {
            match (key.as_str(), value) {
                ("months", Value::Array(months)) => {
                    assert_eq!(months.len(), 12, "{lang}.json: months");
                    for month in months {
                        assert!(
                            month.as_str().is_some_and(|m| !m.trim().is_empty()),
                            "{lang}.json: a month is empty or not text: {month:?}"
                        );
                    }
                }
                (_, Value::String(text)) => {
                    assert!(!text.trim().is_empty(), "{lang}.json: {key} is empty");
                    let english = en[key].as_str().unwrap_or_default();
                    assert_eq!(
                        placeholders(text),
                        placeholders(english),
                        "{lang}.json: {key} {text:?} has other placeholders than {english:?}"
                    );
                }
                _ => panic!("{lang}.json: {key} is neither text nor the list of months"),
            }
        }
        let date_format = label(&map, "date_format");
        for part in ["{day}", "{month}", "{year}"] {
            assert!(date_format.contains(part), "{lang}.json: date_format");
        }
        let separator = if matches!(lang, "en" | "zh" | "ar") {
            "."
        } else {
            ","
        };
        assert_eq!(label(&map, "decimal_separator"), separator, "{lang}.json");
    }
}

// That every label and every value the view asks for exists in every language is
// checked where the keys are defined, in `src/view/labels.rs`: a key is a constant,
// and a key that does not exist does not compile.

/// The example case in a kind, a language and a status, written into `dir`.
fn case_file(dir: &Path, kind: &str, lang: &str, status: &str) -> PathBuf {
    // A proposal of this kind's own measures, and the section this kind needs.
    let mut case = example_of_kind(kind);
    // The example has a comment after each of these values.
    for (from, to) in [
        ("language: en ".to_string(), format!("language: {lang} ")),
        ("status: final ".to_string(), format!("status: {status} ")),
    ] {
        assert_eq!(
            case.matches(&from).count(),
            1,
            "{from:?} in the example case"
        );
        case = case.replace(&from, &to);
    }
    let path = dir.join(format!("{kind}-{lang}-{status}.yaml"));
    std::fs::write(&path, case).expect("write case");
    path
}

/// Renders both copies of a case; the court copy's and the person's paths.
fn render_all(case: &Path) -> (PathBuf, PathBuf) {
    let court = case.with_extension("pdf");
    let output = render(case, &court, &["--copy", "all"]);
    assert!(
        output.status.success(),
        "{} failed:\n{}",
        case.display(),
        stderr(&output)
    );
    let stem = court.file_stem().unwrap().to_string_lossy().into_owned();
    let person = court.with_file_name(format!("{stem}-person.pdf"));
    assert!(person.exists(), "no person's copy at {}", person.display());
    (court, person)
}

fn pages(pdf: &Path) -> usize {
    let output = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils)");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count for {}", pdf.display()))
}

/// No label key is printed in place of its text (a label missing in that language).
fn assert_no_label_key(text: &str, labels: &Map<String, Value>, what: &str) {
    for key in labels.keys().filter(|k| k.contains('.')) {
        assert!(
            !text.contains(key.as_str()),
            "{what}: label key {key:?} printed:\n{text}"
        );
    }
}

/// Every kind of report in one language: court copy and person's copy.
fn every_kind_renders_in(expected: &Expected) {
    let lang = expected.lang;
    let l = labels(lang);
    let en = labels("en");
    let dir = temp();
    let catalogue = example_catalogue();
    for (kind, sections) in KINDS {
        let what = format!("{kind} report in {lang}");
        let (court, person) = render_all(&case_file(dir.path(), kind, lang, "final"));
        let measures = kind_case(kind);
        let (court_condition, person_condition, name) =
            conditions(&catalogue, &measures, language(lang), expected.money);
        let (english_condition, _, english_name) =
            conditions(&catalogue, &measures, language("en"), "£180.00");

        // The court copy.
        let text = pdf_text(&court);
        let mut headings: Vec<String> = sections
            .iter()
            .enumerate()
            .map(|(i, key)| format!("{} {}", i + 1, label(&l, key)))
            .collect();
        headings.push(label(&l, "section.signature"));
        let mut last = 0;
        for heading in &headings {
            let at = text[last..].find(heading.as_str()).unwrap_or_else(|| {
                panic!("{what}: missing {heading:?} after byte {last}:\n{text}")
            });
            last += at + heading.len();
        }
        for part in [
            label(&l, &format!("title.{kind}")),
            label(&l, &format!("kind.{kind}")),
            label(&l, "confidential"),
            expected.hearing_date.to_string(),
            expected.first_page.to_string(),
            court_condition.clone(),
            name.clone(),
            OFFENCE.to_string(),
            IDENTIFIER.to_string(),
        ] {
            assert!(text.contains(&part), "{what}: missing {part:?} in:\n{text}");
        }
        // The catalogue's text in the report's language, never the English beside it.
        if lang != "en" {
            for english in [&english_condition, &english_name] {
                assert!(
                    !text.contains(english.as_str()),
                    "{what}: English catalogue text {english:?} in:\n{text}"
                );
            }
        }
        if *kind == "full" {
            assert!(text.contains(VICTIM_VIEWS), "{what}: no victim's views");
        }
        assert!(
            !text.contains(&label(&l, "draft")),
            "{what}: a final report has a watermark"
        );
        assert_no_label_key(&text, &l, &what);
        if lang != "en" {
            // No English fixed text is left where a translation exists.
            let title = format!("title.{kind}");
            for key in sections
                .iter()
                .copied()
                .chain(["confidential", title.as_str()])
            {
                let english = label(&en, key);
                if english != label(&l, key) {
                    assert!(
                        !text.contains(&english),
                        "{what}: English {english:?} in:\n{text}"
                    );
                }
            }
            assert!(!text.contains("3 December 2026"), "{what}: English date");
        }

        // The person's copy.
        let what = format!("person's copy of the {kind} report in {lang}");
        let text = pdf_text(&person);
        assert!(!text.contains(IDENTIFIER), "{what}: identifier in:\n{text}");
        assert!(
            !text.contains(VICTIM_VIEWS),
            "{what}: victim's views in:\n{text}"
        );
        let days = format!(
            "{} {} {}",
            label(&l, "day.tue"),
            label(&l, "and"),
            label(&l, "day.thu")
        );
        let hour = |h: &str| {
            label(&l, "time_format_hour")
                .replace("{h}", h)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let schedule = label(&l, "person.schedule")
            .replace("{days}", &days)
            .replace("{from}", &hour("15"))
            .replace("{to}", &hour("17"));
        let mut parts = vec![
            label(&l, "person.title"),
            label(&l, "person.confidential"),
            label(&l, "person.section.proposed"),
            label(&l, "person.section.noncompliance"),
            label(&l, "person.contact.lawyer"),
            expected.hearing_date.to_string(),
            expected.first_page.to_string(),
            person_condition.clone(),
        ];
        if ["full", "short", "pre_release"].contains(kind) {
            parts.push(schedule);
        }
        for part in parts {
            assert!(text.contains(&part), "{what}: missing {part:?} in:\n{text}");
        }
        // No paragraph numbers in the person's copy.
        assert!(
            !text.contains(" 1.1 "),
            "{what}: legal numbering in:\n{text}"
        );
        assert_no_label_key(&text, &l, &what);
        if *kind == "bail" {
            let court_text = pdf_text(&court);
            let words = SENTENCING_WORDS
                .iter()
                .find(|(code, _)| *code == lang)
                .map_or(&[][..], |(_, words)| words);
            for (copy, text) in [("court", &court_text), ("person", &text)] {
                let found: Vec<&str> = text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| words.contains(&w.to_lowercase().as_str()))
                    .collect();
                assert!(
                    found.is_empty(),
                    "{what}: sentencing words {found:?} in the {copy} copy:\n{text}"
                );
            }
        }
    }
}

#[test]
fn every_kind_renders_in_english() {
    every_kind_renders_in(&EXPECTED[0]);
}

#[test]
fn every_kind_renders_in_french() {
    every_kind_renders_in(&EXPECTED[1]);
}

#[test]
fn every_kind_renders_in_spanish() {
    every_kind_renders_in(&EXPECTED[2]);
}

/// The text of a PDF in content order, diagonal text included (`pdftotext -raw`).
fn raw_text(pdf: &Path) -> String {
    let output = Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(output.status.success(), "pdftotext -raw {}", pdf.display());
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A draft of one kind in one language: its watermark word, whole, once on every page
/// of both copies.
fn draft_is_watermarked(lang: &str, kind: &str, word: &str) {
    assert_eq!(label(&labels(lang), "draft"), word);
    let dir = temp();
    let (court, person) = render_all(&case_file(dir.path(), kind, lang, "draft"));
    for pdf in [court, person] {
        // The watermark is drawn once per page, on the diagonal: pdftotext in its
        // default mode leaves diagonal text out, in raw mode it extracts it once.
        let text = raw_text(&pdf);
        let count = text.matches(word).count();
        let pages = pages(&pdf);
        assert_eq!(
            count,
            pages,
            "{}: {word:?} {count} times on {pages} pages (a word too wide for the page \
             is hyphenated and broken over two lines):\n{text}",
            pdf.display()
        );
    }
}

#[test]
fn a_draft_is_watermarked_in_english() {
    draft_is_watermarked("en", "short", "DRAFT");
}

#[test]
fn a_draft_is_watermarked_in_french() {
    draft_is_watermarked("fr", "full", "PROJET");
}

#[test]
fn a_draft_is_watermarked_in_spanish() {
    draft_is_watermarked("es", "bail", "BORRADOR");
}

/// As [`draft_is_watermarked`], for a word pdftotext's raw mode splits into lines (its
/// first letter, or each character) and, in Arabic, gives in the order seen on the
/// page: read without spaces and direction marks, and Arabic backwards.
fn draft_is_watermarked_letter_by_letter(lang: &str, kind: &str, word: &str) {
    assert_eq!(label(&labels(lang), "draft"), word);
    let dir = temp();
    let (court, person) = render_all(&case_file(dir.path(), kind, lang, "draft"));
    let seen: String = if lang == "ar" {
        word.chars().rev().collect()
    } else {
        word.to_string()
    };
    for pdf in [court, person] {
        let text: String = raw_text(&pdf)
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '\u{202A}'..='\u{202E}'))
            .collect();
        let (count, pages) = (text.matches(&seen).count(), pages(&pdf));
        assert_eq!(
            count,
            pages,
            "{}: {word:?} {count} times on {pages} pages",
            pdf.display()
        );
    }
}

#[test]
fn a_draft_is_watermarked_in_russian_chinese_and_arabic() {
    draft_is_watermarked_letter_by_letter("ru", "pre_release", "ПРОЕКТ");
    draft_is_watermarked_letter_by_letter("zh", "diversion", "草稿");
    draft_is_watermarked_letter_by_letter("ar", "full", "مسودة");
}

/// Syllables of an English word, by a heuristic: groups of vowels, less a silent final
/// "e" ("made", not "table") and a silent "-ed" ("asked", not "wanted").
fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let n = w.len();
    if n == 0 {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut previous = false;
    for &c in &w {
        if vowel(c) && !previous {
            count += 1;
        }
        previous = vowel(c);
    }
    let silent_e = n > 2 && w[n - 1] == 'e' && w[n - 2] != 'l';
    let silent_ed = n > 3 && w[n - 2..] == ['e', 'd'] && !matches!(w[n - 3], 't' | 'd');
    if count > 1 && (silent_e || silent_ed) {
        count -= 1;
    }
    count.max(1)
}

/// The sentences of the person's copy in a language: the `person.*` texts that end as a
/// sentence does (headings and labels do not), placeholders filled with a short word.
fn person_sentences(lang: &str) -> Vec<String> {
    labels(lang)
        .iter()
        .filter(|(key, _)| key.starts_with("person."))
        .filter_map(|(_, value)| value.as_str())
        .map(str::trim)
        .filter(|text| text.ends_with('.') || text.ends_with(':'))
        .flat_map(|text| {
            fill_all(text, "Sam")
                .split(['.', '!', '?'])
                .map(str::trim)
                .filter(|s| s.chars().any(char::is_alphabetic))
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

fn words(sentence: &str) -> Vec<&str> {
    sentence
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect()
}

#[test]
fn the_person_copy_reads_at_about_age_eleven() {
    let sentences = person_sentences("en");
    assert!(sentences.len() >= 12, "too few sentences: {sentences:?}");
    let words: Vec<&str> = sentences.iter().flat_map(|s| words(s)).collect();
    let syllables: usize = words.iter().map(|w| syllables(w)).sum();
    let (s, w, y) = (sentences.len() as f64, words.len() as f64, syllables as f64);
    let grade = 0.39 * w / s + 11.8 * y / w - 15.59;
    println!(
        "Flesch–Kincaid grade of the English person's copy: {grade:.2} \
         ({} sentences, {} words, {syllables} syllables)",
        sentences.len(),
        words.len()
    );
    assert!(
        grade <= 6.0,
        "grade {grade:.2} is above 6 (reading age 11): {sentences:#?}"
    );
    // Short sentences in every language.
    for lang in LANGUAGES {
        for sentence in person_sentences(lang) {
            let count = self::words(&sentence).len();
            assert!(count <= 20, "{lang}: {count} words in {sentence:?}");
        }
    }
}

#[test]
fn syllable_heuristic_counts_common_words() {
    for (word, expected) in [
        ("the", 1),
        ("court", 1),
        ("asked", 1),
        ("made", 1),
        ("table", 2),
        ("wanted", 2),
        ("decide", 2),
        ("sentence", 2),
        ("supervisor", 4),
        ("different", 3),
    ] {
        assert_eq!(syllables(word), expected, "{word}");
    }
}

#[test]
fn french_puts_a_space_before_colons_and_semicolons_and_free_text_stays_as_written() {
    let dir = temp();
    for (lang, plea, result) in [
        ("en", "Plea: guilty", "2026; result: OGRS3"),
        (
            "fr",
            "Position sur la culpabilité : reconnaît les faits",
            "2026 ; résultat : OGRS3",
        ),
        (
            "es",
            "Posición sobre la acusación: se declara culpable",
            "2026; resultado: OGRS3",
        ),
    ] {
        let case = case_file(dir.path(), "full", lang, "final");
        let court = case.with_extension("pdf");
        let output = render(&case, &court, &[]);
        assert!(output.status.success(), "{}", stderr(&output));
        let text = pdf_text(&court);
        assert!(text.contains(plea), "{lang}: {plea:?} in {text}");
        assert!(text.contains(result), "{lang}: {result:?} in {text}");
        // The officer's own text keeps its punctuation ("Sees her GP; …").
        assert!(text.contains("Sees her GP;"), "{lang}: {text}");
    }
}

#[test]
fn every_kind_renders_in_russian_with_its_dates_title_and_page_numbers() {
    let dir = temp();
    let ru = labels("ru");
    for kind in ["full", "short", "diversion", "bail", "pre_release"] {
        let case = case_file(dir.path(), kind, "ru", "final");
        let (court, person) = render_all(&case);
        let text = pdf_text(&court);
        let title = label(&ru, &format!("title.{kind}"));
        assert!(text.contains(&title), "ru {kind}: {title:?} in {text}");
        // "3 декабря 2026 г.", the hearing date, and "Стр. 1 из 4".
        assert!(text.contains("3 декабря 2026 г."), "ru {kind}: {text}");
        assert!(text.contains("Стр. 1 из "), "ru {kind}: {text}");
        // A date that ends a sentence keeps one full stop.
        assert!(!text.contains("г.."), "ru {kind}: {text}");
        let plain = pdf_text(&person);
        assert!(
            plain.contains("Ваш экземпляр доклада"),
            "ru {kind}: {plain}"
        );
        assert!(plain.contains("3 декабря 2026 г."), "ru {kind}: {plain}");
        assert!(!plain.contains("г.."), "ru {kind}: {plain}");
    }
}

#[test]
fn every_kind_renders_in_chinese_with_the_built_in_font() {
    let dir = temp();
    let zh = labels("zh");
    for kind in ["full", "short", "diversion", "bail", "pre_release"] {
        let case = case_file(dir.path(), kind, "zh", "final");
        let (court, person) = render_all(&case);
        // Typst spaces Chinese from Latin letters and digits; pdftotext writes that
        // space as a space: read the text without spaces.
        let text = pdf_text(&court).replace(' ', "");
        let title = label(&zh, &format!("title.{kind}"));
        assert!(text.contains(&title), "zh {kind}: {title:?} in {text}");
        // Full-width brackets, with no space before them.
        assert!(
            text.contains("2003年3月14日（开庭时23岁）"),
            "zh {kind}: {text}"
        );
        // Chinese writes no space before its own comma.
        assert!(
            pdf_text(&court).contains("Mensah，委托日期："),
            "zh {kind}: {text}"
        );
        assert!(text.contains("2026年12月3日"), "zh {kind}: {text}");
        assert!(text.contains("第1页，共"), "zh {kind}: {text}");
        let plain = pdf_text(&person).replace(' ', "");
        assert!(plain.contains("您的报告副本"), "zh {kind}: {plain}");
        assert!(plain.contains("2026年12月3日"), "zh {kind}: {plain}");
        // No font from the machine: the built-in subset of Noto Serif CJK SC.
        let fonts = pdf_fonts(&court);
        assert!(fonts.contains("NotoSerifCJKsc-Regular"), "{fonts}");
    }
}

#[test]
fn every_kind_renders_in_arabic_right_to_left_with_the_built_in_font() {
    let dir = temp();
    let ar = labels("ar");
    for kind in ["full", "short", "diversion", "bail", "pre_release"] {
        let case = case_file(dir.path(), kind, "ar", "final");
        let (court, person) = render_all(&case);
        let text = pdf_text_unspaced(&court);
        let title = label(&ar, &format!("title.{kind}")).replace(' ', "");
        assert!(text.contains(&title), "ar {kind}: {title:?} in {text}");
        // The hearing date in the form of UN documents, and "Page 1 of 4".
        assert!(text.contains("3كانونالأول/ديسمبر2026"), "ar {kind}: {text}");
        assert!(text.contains("الصفحة1من"), "ar {kind}: {text}");
        // The case's English text is kept whole, its full stop with it.
        assert!(
            text.contains("Theftofclothingworth180.00"),
            "ar {kind}: {text}"
        );
        let plain = pdf_text_unspaced(&person);
        assert!(plain.contains("نسختكمنالتقرير"), "ar {kind}: {plain}");
        assert!(
            plain.contains("3كانونالأول/ديسمبر2026"),
            "ar {kind}: {plain}"
        );
        // No font from the machine: the built-in Noto Naskh Arabic.
        let fonts = pdf_fonts(&court);
        assert!(fonts.contains("NotoNaskhArabic-Regular"), "{fonts}");
        assert!(fonts.contains("NotoNaskhArabic-Bold"), "{fonts}");
    }
}

/// The options table's narrow Measure column hyphenated names ("Электронный мони- /
/// торинг"); a measure's name breaks only between its words. The French caregiver
/// was "l'aidant principal", a man's word for the woman of the example.
#[test]
fn measure_names_are_not_hyphenated_and_the_french_caregiver_has_no_gender() {
    let dir = temp();
    let catalogue = example_catalogue();
    for lang in ["fr", "es", "ru", "en"] {
        let case = case_file(dir.path(), "full", lang, "final");
        let (court, _) = render_all(&case);
        let words: BTreeSet<String> = catalogue
            .measures
            .iter()
            .flat_map(|m| {
                m.name
                    .best(language(lang), catalogue.language)
                    .0
                    .split_whitespace()
                    .map(|w| {
                        w.trim_matches(|c: char| !c.is_alphanumeric())
                            .to_lowercase()
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|w| w.chars().count() > 5)
            .collect();
        let output = Command::new("pdftotext")
            .arg(&court)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        // The options table: from its header's last column to the proposal's heading.
        let labels = labels(lang);
        let notes = label(&labels, "options.notes");
        let proposal = label(&labels, "section.proposal");
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .skip_while(|l| !l.contains(notes.as_str()))
            .take_while(|l| !l.contains(proposal.as_str()))
            .collect();
        assert!(lines.len() > 10, "{lang}: no options table in {text}");
        let mut broken = Vec::new();
        for pair in lines.windows(2) {
            if let Some(stem) = pair[0].strip_suffix(['-', '\u{ad}']) {
                let last = stem.rsplit(' ').next().unwrap_or("");
                let first = pair[1].split(' ').next().unwrap_or("");
                let joined = format!("{last}{first}")
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                if words.contains(&joined) {
                    broken.push(format!("{} / {}", pair[0], pair[1]));
                }
            }
        }
        assert!(broken.is_empty(), "{lang}: {broken:?}");
        if lang == "fr" {
            let text = pdf_text(&court);
            assert!(!text.contains("aidant principal"), "{text}");
            assert!(text.contains("prise en charge principale"), "{text}");
        }
    }
}
