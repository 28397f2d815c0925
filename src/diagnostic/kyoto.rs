//! The parts of the Kyoto Model Strategies psr relies on, each once, with what it says
//! that a rule relies on, in psr's own words.
//!
//! Paragraph numbers are those of the annex (the model strategies themselves, paras
//! 1–72), not of the General Assembly resolution that adopts them. Codes cite parts
//! through [`super::codes`]; hints and the report's points for the court print the
//! citation from there, and a test checks that every citation written anywhere in
//! psr (code, templates, language files, docs, fixtures) names a part listed here.

/// A part of the model strategies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// A numbered paragraph of the annex.
    Para(u8),
    /// A core principle, I to VI.
    Principle(u8),
    /// A model strategy, No. 1 to 18.
    Strategy(u8),
}

use Part::{Para, Principle, Strategy};

/// One part, and what it says that psr relies on.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The part.
    pub part: Part,
    /// What it says, in a sentence.
    pub says: &'static str,
}

macro_rules! registry {
    ($($part:expr => $says:literal,)*) => {
        /// Every part psr cites, in the order of the text.
        pub const REGISTRY: &[Entry] = &[$(Entry { part: $part, says: $says }),*];
    };
}

registry! {
    Para(2) => "Poverty, exclusion and lack of opportunity are among the root causes of offending.",
    Para(4) => "The strategies are not for children (under 18): a distinct child justice framework applies; parts of it may be extended to young adults.",
    Para(5) => "Approaches are gender-sensitive: prior victimization, trauma and mental health; women who are pregnant, mothers of dependent children or primary caregivers.",
    Para(6) => "The strategies guide; they do not prejudice sentencing proportionate to the gravity, nature and circumstances of the offence, nor victims' rights.",
    Principle(1) => "Decisions are individualized, based on continuing assessment of risks, needs and responsibility, and consider the person's life goals, values and aspirations.",
    Para(11) => "No one-size-fits-all: offenders and types of offenders are not treated as homogeneous groups.",
    Strategy(1) => "Decisions rest on individual assessments by qualified professionals, with standardized, locally tailored and validated tools, and data protection.",
    Para(12) => "Decisions have a clear basis in the findings of individualized assessments; the person takes part and is told the process and outcomes in a way they understand.",
    Para(13) => "A full assessment needs reliable information on the current offence, criminal history and background, from several sources, with data protection.",
    Para(14) => "An assessment considers family and caretaking, socioeconomic status, peers, education, employment, housing, health, disability, trauma, victimization, risk of suicide or self-harm, criminogenic needs and protective factors.",
    Principle(2) => "Non-custodial measures are promoted where appropriate; imprisonment is a measure of last resort.",
    Para(15) => "The least restrictive appropriate measure, balancing the rights of offenders and of victims and public safety.",
    Para(16) => "Community measures keep people in their families and communities; the measure is chosen case by case on established criteria.",
    Strategy(2) => "Diversion is promoted, considering the gravity, nature and circumstances of the offence, on individual assessment.",
    Para(17) => "Diversion at any stage up to sentencing; referral to programmes only with the person's agreement.",
    Para(18) => "Diversion may be preferred for young adults and for people with relevant health conditions, and is not only for first offences.",
    Strategy(3) => "Pretrial detention is a last resort, only against absconding, further offences or interference with justice; alternatives are developed.",
    Para(20) => "Pretrial detention can increase reoffending; it is a last resort; society and victims are protected.",
    Para(21) => "Alternatives to pretrial detention: sureties, bail supervision, court orders or undertakings, monitoring including electronic monitoring.",
    Strategy(4) => "Non-custodial sentences where appropriate, also for repeat offenders; courts should have pre-sentence reports.",
    Para(24) => "Sentences are individualized with due regard to the gravity, nature and circumstances of the offence; short prison terms offer little opportunity for rehabilitation.",
    Para(25) => "Proportionality; a wide range of community sentences and gender-sensitive measures that consider victimization and caretaking.",
    Para(26) => "Pre-sentence reports are critical to informed sentencing; those who prepare them need guidelines and specialized training.",
    Para(27) => "Reports matter most for women, young adults and people in vulnerable situations: family relationships, victimization, childcare, trauma, mental health; for young adults, adverse childhood experiences and education.",
    Para(28) => "The court decides on information about the programmes really available and how the person is expected to integrate and comply.",
    Para(30) => "Supervision is skilled work: managing risk, arranging resources and programmes, a working alliance with the person.",
    Strategy(5) => "Conditions are individualized, proportionate, unambiguous, limited to those necessary and reviewable.",
    Para(31) => "Conditions are proportionate, realistic and fit the person's work schedule and family responsibilities, clearly drafted; the person is told what is required and what follows non-compliance.",
    Para(32) => "Conditions are not excessive; non-compliance is not automatically regarded as wilful.",
    Para(33) => "Electronic monitoring is an aid to supervision, not supervision itself: without human support it does not change behaviour.",
    Para(34) => "Net-widening and mass supervision are avoided; unnecessary supervision of people at low risk may increase reoffending.",
    Strategy(9) => "A seamless transition from prison to the community, with support for housing, work, health and welfare.",
    Para(42) => "Gradual release: open or semi-open regimes, parole, halfway houses.",
    Para(43) => "The period just after release carries a high risk; care continues through it.",
    Para(44) => "Decisions on early release consider family situations and any history of violence, seeking information from victims.",
    Para(45) => "Help on release with housing, employment, health care, welfare and money.",
    Principle(4) => "Programmes and interventions respond to the individual's needs and the causes of their offending.",
    Para(46) => "Criminogenic needs and root causes are taken into account; interventions that miss them may fail.",
    Para(47) => "Programmes respond to the findings of individual assessments; the person's motivation and responsiveness matter.",
    Para(49) => "Programmes give priority to the people most likely to reoffend.",
    Strategy(11) => "Restorative justice only with the free and informed consent of those taking part, and with safeguards.",
    Para(50) => "Restorative justice requires the informed consent of both the offender and the victim.",
    Para(56) => "Civil society organizations may, after screening and adequate training, help prepare pre-sentence reports, under the supervision and sole responsibility of the competent authorities.",
    Para(57) => "Volunteers give peer support, links with the community and practical help with reintegration.",
    Para(59) => "Civil society organizations and volunteers are recruited, screened, trained and supervised by the competent authorities.",
}

/// What the registry says of a part, if it lists it.
pub fn says(part: Part) -> Option<&'static str> {
    REGISTRY.iter().find(|e| e.part == part).map(|e| e.says)
}

/// The words a language uses to cite the text.
#[derive(Debug, Clone, Copy)]
pub struct Style<'a> {
    /// "para", "par.", "párr.".
    pub para: &'a str,
    /// "paras", "par.", "párrs.".
    pub paras: &'a str,
    /// "core principle", "principe fondamental".
    pub principle: &'a str,
    /// "model strategy", "stratégie type".
    pub strategy: &'a str,
    /// The last two items' joiner, with its spaces: " and ", " et ", "和", " و".
    pub and: &'a str,
    /// Between the other items: ", ", "，", "، ".
    pub comma: &'a str,
}

/// The English style, for findings (diagnostics stay in English).
pub const ENGLISH: Style<'static> = Style {
    para: "para",
    paras: "paras",
    principle: "core principle",
    strategy: "model strategy",
    and: " and ",
    comma: ", ",
};

const ROMAN: [&str; 7] = ["", "I", "II", "III", "IV", "V", "VI"];

/// "para 15", or with a word that says where the number goes, "第#段" → "第15段".
fn numbered(word: &str, number: &str) -> String {
    if word.contains('#') {
        word.replace('#', number)
    } else {
        format!("{word} {number}")
    }
}

/// A citation in words: "para 31", "paras 5 and 27", "paras 42–45", "core principle
/// II", "paras 20 and 21, model strategy 3". Runs of three or more paragraphs become a
/// range.
pub fn cite(parts: &[Part], style: Style<'_>) -> String {
    let mut paras: Vec<u8> = parts
        .iter()
        .filter_map(|p| match p {
            Para(n) => Some(*n),
            _ => None,
        })
        .collect();
    paras.sort_unstable();
    paras.dedup();
    let mut groups: Vec<String> = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let mut j = i;
        while j + 1 < paras.len() && paras[j + 1] == paras[j] + 1 {
            j += 1;
        }
        if j - i >= 2 {
            groups.push(format!("{}–{}", paras[i], paras[j]));
            i = j + 1;
        } else {
            groups.push(paras[i].to_string());
            i += 1;
        }
    }
    let mut items = Vec::new();
    if !groups.is_empty() {
        let several = paras.len() > 1;
        let word = if several { style.paras } else { style.para };
        items.push(numbered(word, &join(&groups, style)));
    }
    for part in parts {
        match part {
            Principle(n) => items.push(numbered(
                style.principle,
                ROMAN.get(*n as usize).copied().unwrap_or("?"),
            )),
            Strategy(n) => items.push(numbered(style.strategy, &n.to_string())),
            Para(_) => {}
        }
    }
    items.join(style.comma)
}

fn join(items: &[String], style: Style<'_>) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{}{}{last}", rest.join(style.comma), style.and)
        }
        _ => items.join(""),
    }
}

/// Every citation written in a text ("para 31", "paras 42–45", "par. 15 et 24",
/// "párrs. 5 y 27", "core principle IV", "model strategy 3"), as parts; ranges
/// expanded. For the test that psr cites only what the registry lists.
pub fn citations_in(text: &str) -> Vec<Part> {
    let mut found = Vec::new();
    let lower = text.to_lowercase();
    for word in ["paras ", "para ", "par. ", "párrs. ", "párr. "] {
        for (at, _) in lower.match_indices(word) {
            // "para" inside a longer word ("paragraph", the Spanish "para ") is not a
            // citation unless a number follows.
            let before = lower[..at].chars().next_back();
            if before.is_some_and(char::is_alphanumeric) {
                continue;
            }
            found.extend(
                numbers_after(&lower[at + word.len()..])
                    .into_iter()
                    .map(Para),
            );
        }
    }
    for (word, make) in [
        ("core principle ", Principle as fn(u8) -> Part),
        ("model strategy ", Strategy as fn(u8) -> Part),
    ] {
        for (at, _) in lower.match_indices(word) {
            let rest = &lower[at + word.len()..];
            let token: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let number = token.parse::<u8>().ok().or_else(|| {
                ROMAN
                    .iter()
                    .position(|r| !r.is_empty() && r.eq_ignore_ascii_case(&token))
                    .map(|i| i as u8)
            });
            found.extend(number.map(make));
        }
    }
    found
}

/// The paragraph numbers at the start of `text`: "31", "5 and 27", "42–45",
/// "15, 24", "15 et 24", "5 y 27"; a range is expanded.
fn numbers_after(text: &str) -> Vec<u8> {
    let mut numbers = Vec::new();
    let mut rest = text;
    loop {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(first) = digits.parse::<u8>() else {
            break;
        };
        rest = &rest[digits.len()..];
        if let Some(after) = rest.strip_prefix('–').or_else(|| rest.strip_prefix('-')) {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(last) = digits.parse::<u8>() {
                numbers.extend(first..=last.max(first));
                rest = &after[digits.len()..];
            } else {
                numbers.push(first);
            }
        } else {
            numbers.push(first);
        }
        // A list goes on after ", ", " and ", " et ", " y ".
        let next = [", ", " and ", " et ", " y ", " e "]
            .iter()
            .find_map(|sep| rest.strip_prefix(sep))
            .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()));
        match next {
            Some(r) => rest = r,
            None => break,
        }
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::{ENGLISH, Part::*, citations_in, cite, says};

    #[test]
    fn citations_read_as_a_court_would_write_them() {
        assert_eq!(cite(&[Para(31)], ENGLISH), "para 31");
        assert_eq!(cite(&[Para(27), Para(5)], ENGLISH), "paras 5 and 27");
        assert_eq!(
            cite(&[Para(42), Para(43), Para(44), Para(45)], ENGLISH),
            "paras 42–45"
        );
        assert_eq!(
            cite(&[Para(20), Para(21), Strategy(3)], ENGLISH),
            "paras 20 and 21, model strategy 3"
        );
        assert_eq!(cite(&[Principle(2)], ENGLISH), "core principle II");
        assert_eq!(
            cite(&[Para(5), Para(14), Para(25), Para(27)], ENGLISH),
            "paras 5, 14, 25 and 27"
        );
    }

    #[test]
    fn citations_are_found_in_any_of_the_three_languages() {
        assert_eq!(
            citations_in("see paras 42–45 and para 4; core principle IV"),
            [
                Para(42),
                Para(43),
                Para(44),
                Para(45),
                Para(4),
                Principle(4)
            ]
        );
        assert_eq!(citations_in("(par. 15 et 24)"), [Para(15), Para(24)]);
        assert_eq!(citations_in("párrs. 5 y 27"), [Para(5), Para(27)]);
        // The Spanish preposition "para" is no citation.
        assert!(citations_in("para el tribunal").is_empty());
        assert!(says(Para(31)).is_some());
        assert!(says(Para(99)).is_none());
    }
}
