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

/// One part, what it says that psr relies on, and what psr may cite it for.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The part.
    pub part: Part,
    /// What it says, in a sentence.
    pub says: &'static str,
    /// What psr cites it for: a sentence that cites the part speaks of one of these
    /// (lower case, matched anywhere in the sentence; `a & b` asks for both).
    pub about: &'static [&'static str],
    /// Claims the part does not hold though psr once cited it for them (the audits
    /// of issues 27 and before): a sentence that cites the part never speaks of these.
    pub not_for: &'static [&'static str],
}

macro_rules! registry {
    ($($part:expr => $says:literal about [$($about:literal),* $(,)?] $(not [$($not:literal),* $(,)?])?,)*) => {
        /// Every part psr cites, in the order of the text.
        pub const REGISTRY: &[Entry] = &[$(Entry {
            part: $part,
            says: $says,
            about: &[$($about),*],
            not_for: &[$($($not),*)?],
        }),*];
    };
}

registry! {
    Para(2) => "The root causes of offending include poverty, social inequalities, marginalization, and racial and other forms of discrimination."
        about ["root cause", "poverty", "inequalit", "marginaliz", "discrimination"]
        not ["lack of opportunity"],
    Para(4) => "The strategies are not for children (under 18, unless the age of majority comes earlier under the law that applies: footnote 3): a distinct child justice framework applies; parts of it may be extended to young adults."
        about ["child", "under 18", "18", "young adult", "majority", "adult"],
    Para(5) => "Approaches are gender-sensitive: prior victimization, trauma and mental health; women who are pregnant, mothers of dependent children or primary caregivers."
        about ["wom", "gender", "pregnan", "caregiver", "caretaking", "mother", "trauma", "mental health", "victimization", "female"],
    Para(6) => "The strategies guide; they do not prejudice sentencing proportionate to the gravity, nature and circumstances of the offence, nor victims' rights."
        about ["gravity", "proportionate", "circumstances", "weigh", "aggravat", "mitigat"],
    Principle(1) => "Decisions are individualized, based on continuing assessment of risks, needs and responsibility, and consider the person's life goals, values and aspirations."
        about ["goal", "aspiration", "values", "individual", "assessment", "views"],
    Para(11) => "No one-size-fits-all: offenders and types of offenders are not treated as homogeneous groups."
        about ["one-size", "homogeneous", "individual", "override", "criteria", "exclude", "refusal"],
    Strategy(1) => "Decisions rest on individual assessments by qualified professionals, with standardized, locally tailored and validated tools, and data protection."
        about ["assessment", "instrument", "tool", "qualified"],
    Para(12) => "Decisions have a clear basis in the findings of individualized assessments, made among others when a sentence or diversion is decided and when early release is considered; the person takes part and is told the process and outcomes in a way they understand."
        about ["understand", "plain", "informed", "told", "explain", "participat", "goals", "views", "basis", "assessment", "override", "criteria", "exclude", "refusal", "literacy", "a–f", "early release"]
        not ["catalogue & language", "translation"],
    Para(13) => "A full assessment needs reliable information on the current offence, criminal history and background, from several sources, with data protection."
        about ["source", "information", "offence", "criminal history", "background"],
    Para(14) => "An assessment considers gender, age, family and caretaking, socioeconomic status, peers, education, employment, housing, health, disability, substance use, trauma, victimization, risk of suicide or self-harm, criminogenic needs and protective factors."
        about ["assess", "family", "caretaking", "caregiver", "dependant", "socioeconomic", "financ", "income", "means", "peer", "education", "employment", "housing", "health", "disabilit", "substance", "trauma", "victimization", "self-harm", "suicide", "criminogenic", "protective", "gender", "age", "circumstances", "factors", "accessib", "work", "treatment"],
    Principle(2) => "Non-custodial measures are promoted where appropriate; imprisonment is a measure of last resort."
        about ["last resort", "custody", "imprisonment", "non-custodial", "rationale"],
    Para(15) => "The least restrictive appropriate measure, balancing the rights of offenders and of victims and public safety."
        about ["restrictive", "least", "right & victim", "balance", "public safety"]
        not ["custody"],
    Para(16) => "Community measures keep people in their families and communities; the measure is chosen case by case on established criteria."
        about ["community", "case by case", "case-by-case", "criteria", "eligib", "catalogue", "established", "available", "non-custodial", "family", "families", "range", "rule", "exclude", "refusal"],
    Strategy(2) => "Diversion is promoted, considering the gravity, nature and circumstances of the offence, on individual assessment."
        about ["diversion", "divert"],
    Para(17) => "Diversion at any stage up to sentencing; referral to programmes only with the person's agreement."
        about ["diversion", "divert", "agree", "consent", "category", "categories", "prosecution", "proceedings", "any stage"],
    Para(18) => "Diversion may be preferred for young adults and for people with relevant health conditions, and is not only for first offences."
        about ["diversion", "young adult", "health", "first offence", "prefer"],
    Strategy(3) => "Pretrial detention is a last resort, only against absconding, further offences or interference with justice; alternatives are developed."
        about ["pretrial", "before trial", "bail", "last resort", "alternative", "abscond"],
    Para(20) => "Pretrial detention can increase reoffending; it is a last resort, limited to the risks of absconding, further offences or interference with justice; society and victims are protected."
        about ["pretrial", "pre-trial", "before trial", "detention", "last resort", "abscond", "attend", "court", "interfer", "further offence", "victim", "witness", "not yet tried", "alleged", "bail", "conviction", "release", "least restrictive"]
        not ["assume & guilt", "presum", "innocen"],
    Para(21) => "Alternatives to pretrial detention: sureties, bail supervision, court orders or undertakings, monitoring including electronic monitoring."
        about ["alternative", "surety", "sureties", "bail", "supervision", "undertaking", "monitoring", "pretrial", "before trial", "release", "condition", "detention"]
        not ["assume & guilt", "presum", "innocen"],
    Strategy(4) => "Non-custodial sentences where appropriate, also for repeat offenders; unnecessary short prison terms are avoided; courts should have pre-sentence reports."
        about ["non-custodial", "short", "custod", "pre-sentence report", "sentenc"],
    Para(24) => "Sentences are individualized with due regard to the gravity, nature and circumstances of the offence and the protection of victims' rights; States may consider a presumption against short prison terms, which offer little opportunity for rehabilitation."
        about ["gravity", "circumstances", "individualiz", "short", "custod", "offence", "sentenc", "right & victim", "weigh", "aggravat", "mitigat"]
        not ["required if custody", "would not do"],
    Para(25) => "Proportionality; a wide range of community sentences and gender-sensitive measures that consider victimization and caretaking."
        about ["proportional", "community", "gender", "women", "woman", "victimization", "caretaking", "caregiver", "category", "categories", "circumstances", "care", "range", "measure", "weigh", "aggravat", "mitigat"],
    Para(26) => "Pre-sentence reports are critical to informed sentencing; those who prepare them need guidelines and specialized training."
        about ["report & train", "report & guideline", "report & critical", "report & informed", "report & prepar", "pre-sentence report", "trained", "training", "kinds of report", "names both"],
    Para(27) => "Reports matter most for women, young adults and people in vulnerable situations: family relationships, victimization, childcare, trauma, mental health; for young adults, adverse childhood experiences and education."
        about ["wom", "young adult", "vulnerable", "family", "victimization", "childcare", "caretaking", "caregiver", "trauma", "mental health", "childhood", "education", "health", "circumstance", "factor", "court", "sentencing", "disabilit", "dependant"],
    Para(28) => "The court decides on information about the programmes really available and how the person is expected to integrate and comply."
        about ["available", "comply", "complian", "integrate", "programme", "catalogue", "places", "wait", "resources", "actionable", "option", "measure", "proposal", "range", "sentence", "eligib"],
    Para(30) => "Supervision is skilled work: managing risk, arranging resources and programmes, a working alliance with the person."
        about ["supervision", "supervis", "manag"],
    Strategy(5) => "Conditions are individualized, proportionate, unambiguous, limited to those necessary and reviewable."
        about ["proportionate", "necessary", "individualiz", "unambiguous", "review", "hours", "restrictive", "low risk", "excessive", "realistic", "many"],
    Para(31) => "Conditions are proportionate, realistic and fit the person's work schedule and family responsibilities, clearly drafted; the person is told what is required and what follows non-compliance."
        about ["condition", "proportionate", "realistic", "work", "employment", "family", "care", "schedule", "hours", "times", "clear", "ambigu", "told", "non-compliance", "money", "amount", "income", "parameter", "currency", "means", "value", "session", "template", "affordab", "required"],
    Para(32) => "Conditions are not excessive; non-compliance is not automatically regarded as wilful."
        about ["excessive", "wilful", "breach", "non-compliance", "complian", "range", "low risk", "three or more", "outside"],
    Para(33) => "Electronic monitoring is an aid to supervision, not supervision itself: without human support it does not change behaviour."
        about ["electronic", "monitor", "aid to supervision", "tag"],
    Para(34) => "Net-widening and mass supervision are avoided; unnecessary supervision of people at low risk may increase reoffending."
        about ["low risk", "risk is `low`", "net-widening", "net widening", "mass supervision", "unnecessary", "restrictive"],
    Strategy(9) => "A seamless transition from prison to the community, with support for housing, work, health and welfare."
        about ["release", "transition", "resettlement"],
    Para(42) => "Gradual release: open or semi-open regimes, parole, halfway houses."
        about ["gradual", "open", "parole", "halfway", "conditional release", "early release", "licence", "release"]
        not ["sentence and release date", "sentence, release date", "sentence being served"],
    Para(43) => "The period just after release carries a high risk; care continues through it."
        about ["after release", "immediately", "continuity", "services", "pre-release"]
        not ["sentence and release date", "sentence, release date", "sentence being served"],
    Para(44) => "Expanded family contact while release is prepared, subject to an individual assessment, duly considering any history of violence, including by seeking information from victims; decisions on early release consider the family situation, including parental responsibilities."
        about ["release & violence", "release & family", "early release", "family contact"]
        not ["custody impact", "impact of custody", "impact on dependants", "sentence and release date", "sentence, release date", "sentence being served"],
    Para(45) => "Help on release with housing, employment, health care, welfare and money."
        about ["housing", "employment", "work", "health", "welfare", "money", "financial", "resettlement"]
        not ["sentence and release date", "sentence, release date", "sentence being served"],
    Principle(4) => "Programmes and interventions respond to the individual's needs and the causes of their offending."
        about ["need", "cause"],
    Para(46) => "Criminogenic needs and root causes are taken into account; interventions that miss them may fail."
        about ["need", "cause", "criminogenic"],
    Para(47) => "Programmes respond to the findings of individual assessments; the person's motivation and responsiveness matter."
        about ["assessment", "motivation", "responsiv", "need", "finding"],
    Para(49) => "Programmes give priority to the people most likely to reoffend."
        about ["likely to reoffend", "priorit", "risk"],
    Strategy(11) => "Restorative justice should be considered as an option, subject to the consent of those taking part and to safeguards."
        about ["restorative", "consent"],
    Para(50) => "Restorative justice requires the informed consent of both the offender and the victim."
        about ["restorative", "consent", "victim"],
    Para(56) => "Civil society organizations may, after screening and adequate training, help prepare pre-sentence reports, under the supervision and sole responsibility of the competent authorities."
        about ["supervis", "approv", "screen", "train", "civil society", "ngo", "volunteer", "competent", "review", "fingerprint", "author", "provider"]
        not ["supervision of the probation service"],
    Para(57) => "Volunteers give peer support, links with the community and practical help with reintegration."
        about ["volunteer"],
    Para(59) => "Civil society organizations and volunteers are recruited, screened, trained and supervised by the competent authorities."
        about ["screen", "train", "supervis", "recruit", "competent", "volunteer", "ngo", "civil society"],
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
    citations(&text.to_lowercase())
        .into_iter()
        .flat_map(|c| c.parts)
        .collect()
}

/// One citation in a text: where it starts and what it cites.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Its byte offset in the lower-case text.
    pub at: usize,
    /// The parts cited, a range expanded.
    pub parts: Vec<Part>,
    /// Whether it is one range and nothing else ("paras 42–45"): a range cites a
    /// passage as a whole, so the sentence needs to speak of one of its paragraphs.
    pub range: bool,
}

/// The citations of a lower-case text, in the order of the words searched for.
fn citations(lower: &str) -> Vec<Citation> {
    let mut found = Vec::new();
    for word in ["paras ", "para ", "par. ", "párrs. ", "párr. "] {
        for (at, _) in lower.match_indices(word) {
            // "para" inside a longer word ("paragraph", the Spanish "para ") is not a
            // citation unless a number follows.
            let before = lower[..at].chars().next_back();
            if before.is_some_and(char::is_alphanumeric) {
                continue;
            }
            let (numbers, range) = numbers_after(&lower[at + word.len()..]);
            if !numbers.is_empty() {
                found.push(Citation {
                    at,
                    parts: numbers.into_iter().map(Para).collect(),
                    range,
                });
            }
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
            if let Some(number) = number {
                found.push(Citation {
                    at,
                    parts: vec![make(number)],
                    range: false,
                });
            }
        }
    }
    found
}

/// The paragraph numbers at the start of `text`: "31", "5 and 27", "42–45",
/// "15, 24", "15 et 24", "5 y 27"; a range is expanded. Also whether they are one
/// range and nothing else.
fn numbers_after(text: &str) -> (Vec<u8>, bool) {
    let mut numbers = Vec::new();
    let mut rest = text;
    let mut items = 0;
    let mut ranges = 0;
    loop {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let Ok(first) = digits.parse::<u8>() else {
            break;
        };
        items += 1;
        rest = &rest[digits.len()..];
        if let Some(after) = rest.strip_prefix('–').or_else(|| rest.strip_prefix('-')) {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(last) = digits.parse::<u8>() {
                numbers.extend(first..=last.max(first));
                ranges += 1;
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
    (numbers, items == 1 && ranges == 1)
}

/// Whether the registry holds `part` for what `claim` says: `Err` says why not (a
/// part the registry does not list, a claim it is not cited for, or one the text
/// does not make).
pub fn holds(part: Part, claim: &str) -> Result<(), String> {
    let Some(entry) = REGISTRY.iter().find(|e| e.part == part) else {
        return Err(format!("{part:?} is not in the registry"));
    };
    // Words broken over lines read as one text.
    let claim = claim
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let speaks_of = |words: &str| words.split(" & ").all(|w| claim.contains(w));
    if let Some(not) = entry.not_for.iter().find(|n| speaks_of(n)) {
        return Err(format!("{part:?} does not say \"{not}\" ({})", entry.says));
    }
    if entry.about.iter().any(|a| speaks_of(a)) {
        Ok(())
    } else {
        Err(format!(
            "{part:?} is cited for something the registry does not hold for it ({})",
            entry.says
        ))
    }
}

/// Each citation of a text with the claim it is made for: the sentence around it,
/// at most two lines back and one on; a table row whole (`| … |`), or the line alone
/// when `by_line` (a language file, a list of labels). A citation that is only an
/// example of the format, in quotes ("\"para 31\""), is left out.
pub fn claims_in(text: &str, by_line: bool) -> Vec<(Citation, String)> {
    let lower = text.to_lowercase();
    let mut out = Vec::new();
    for citation in citations(&lower) {
        let at = citation.at;
        let quoted = lower[..at]
            .chars()
            .rev()
            .take(4)
            .any(|c| c == '"' || c == '“');
        if quoted {
            continue;
        }
        let line_start = lower[..at].rfind('\n').map_or(0, |i| i + 1);
        let line_end = lower[at..].find('\n').map_or(lower.len(), |i| at + i);
        let line = &lower[line_start..line_end];
        let claim = if line.trim_start().starts_with('|') {
            line.to_string()
        } else if by_line {
            // The sentence within the line.
            let before = &lower[line_start..at];
            let before = &before[last_sentence_end(before)..];
            let after = &lower[at..line_end];
            format!("{before}{}", &after[..first_sentence_end(after)])
        } else {
            let mut start = line_start;
            for _ in 0..2 {
                if start > 0 {
                    start = lower[..start - 1].rfind('\n').map_or(0, |i| i + 1);
                }
            }
            let after_line = lower[line_end..]
                .get(1..)
                .and_then(|r| r.find('\n'))
                .map_or(lower.len(), |i| line_end + 1 + i);
            let before = &lower[start..at];
            let before = &before[last_sentence_end(before)..];
            let after = &lower[at..after_line];
            let after = &after[..first_sentence_end(after)];
            // One line of prose, without the comment markers that broke it.
            format!("{before}{after}")
                .lines()
                .map(|l| {
                    let l = l.trim();
                    ["///", "//!", "//", "#", "*"]
                        .iter()
                        .find_map(|m| l.strip_prefix(m))
                        .unwrap_or(l)
                        .trim()
                })
                .collect::<Vec<_>>()
                .join("\n")
                .trim()
                .to_string()
        };
        out.push((citation, claim));
    }
    out
}

/// Whether a full stop at `i` of `s` ends a sentence: followed by a space or the end,
/// and not that of "e.g.", "i.e.", "s.", "par." or "art.".
fn ends_sentence(s: &str, i: usize) -> bool {
    let before = &s[..i];
    let abbreviation = ["e.g", "i.e", " s", "par", "art"]
        .iter()
        .any(|a| before.ends_with(a));
    s.as_bytes()[i] == b'.'
        && !abbreviation
        && s[i + 1..].chars().next().is_none_or(char::is_whitespace)
}

/// Where the last sentence of `s` starts: after its last full stop or blank line.
fn last_sentence_end(s: &str) -> usize {
    let stop = (0..s.len())
        .rev()
        .find(|&i| s.is_char_boundary(i) && ends_sentence(s, i))
        .map(|i| i + 1);
    let blank = s.rfind("\n\n").map(|i| i + 2);
    stop.max(blank).unwrap_or(0)
}

/// Where the first sentence of `s` ends: at its first full stop or blank line, or
/// before a table row.
fn first_sentence_end(s: &str) -> usize {
    let stop = (0..s.len()).find(|&i| s.is_char_boundary(i) && ends_sentence(s, i));
    let blank = s.find("\n\n");
    let row = s.find("\n|");
    [stop, blank, row]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::{ENGLISH, Part::*, citations_in, cite, claims_in, holds, says};

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

    #[test]
    fn a_part_holds_only_for_what_the_registry_says_it_is_cited_for() {
        assert!(
            holds(
                Para(44),
                "a decision on early release weighs the family situation"
            )
            .is_ok()
        );
        // The loose citations of issue 27 are refused.
        assert!(
            holds(
                Para(44),
                "impact of custody on dependants, work and housing"
            )
            .is_err()
        );
        assert!(holds(Para(44), "the victim's views on release").is_err());
        assert!(holds(Para(20), "nothing in the report assumes guilt").is_err());
        assert!(holds(Para(56), "under the supervision of the probation service").is_err());
        assert!(
            holds(
                Para(12),
                "the catalogue lacks texts in the report's language"
            )
            .is_err()
        );
        assert!(holds(Para(2), "poverty, exclusion and lack of opportunity").is_err());
        assert!(holds(Para(24), "say why a non-custodial sentence would not do").is_err());
        assert!(holds(Para(99), "anything").is_err());
        // `a & b` asks for both.
        assert!(holds(Para(26), "trained").is_ok());
        assert!(holds(Para(26), "the report").is_err());
        assert!(holds(Para(26), "the report's authors are trained").is_ok());
    }

    #[test]
    fn a_citation_is_read_with_its_sentence_its_row_or_its_line() {
        let text = "The first sentence, about poverty.\nImpact of custody on work\n(paras 27, 44). Next.\n| W045 | sentence | paras 42–45 |\n";
        let claims = claims_in(text, false);
        assert_eq!(claims.len(), 2);
        let (first, claim) = &claims[0];
        assert_eq!(first.parts, [Para(27), Para(44)]);
        assert!(!first.range);
        assert_eq!(claim, "impact of custody on work\n(paras 27, 44)");
        let (second, row) = &claims[1];
        assert!(second.range);
        assert_eq!(second.parts, [Para(42), Para(43), Para(44), Para(45)]);
        assert_eq!(row, "| w045 | sentence | paras 42–45 |");
        let by_line = claims_in("\"a\": \"family\",\n\"b\": \"housing (para 14)\"", true);
        assert_eq!(by_line[0].1, "\"b\": \"housing (para 14)\"");
        // An example of the format in quotes is no citation.
        assert!(claims_in("a citation: \"para 31\"", false).is_empty());
    }
}
