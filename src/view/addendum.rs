//! An addendum's own sections: the earlier report it adds to, and what has changed
//! since in words a court reads — from the diff of the two case files
//! ([`crate::diff`]), each change put as a sentence about the part of the report it
//! touches: a new offence, a measure no longer proposed, employment now recorded.

use chrono::{NaiveDate, NaiveTime, Timelike};
use serde_json::Value;

use super::builder::{Cx, SectionBuilder};
use super::labels::{Key, Labels, key};
use crate::diff::{Change, ChangeKind};
use crate::model::case::Language;
use crate::model::{Case, Catalogue};

/// A path prefix, the label of its part of the report, and the group of words its
/// values use.
type Area = (&'static str, Key, Option<&'static str>);

/// Where a changed field sits in the report: the longest prefix of its path (list
/// items' names taken out) that has a label, and the group of words its values use.
const AREAS: &[Area] = &[
    ("person.address_area", key::FRONT_ADDRESS_AREA, None),
    ("person.languages", key::FRONT_LANGUAGES, None),
    ("person.nationality", key::FRONT_NATIONALITY, None),
    ("person.interpreter_needed", key::FRONT_INTERPRETER, None),
    ("person.pregnant", key::HEALTH_PREGNANT, None),
    ("person", key::FRONT_PERSON, None),
    ("sources", key::SECTION_SOURCES, Some("source")),
    ("offences", key::OFFENCE_OFFENCE, Some("category")),
    ("criminal_history", key::SECTION_HISTORY, Some("compliance")),
    (
        "circumstances.family.domestic_abuse_concerns",
        key::FAMILY_DOMESTIC_ABUSE,
        None,
    ),
    ("circumstances.family", key::SUB_FAMILY, None),
    (
        "circumstances.caretaking.dependants",
        key::CARE_DEPENDANTS,
        None,
    ),
    (
        "circumstances.caretaking.primary_caregiver",
        key::CARE_PRIMARY,
        None,
    ),
    (
        "circumstances.caretaking.alternative_care",
        key::CARE_ALTERNATIVE,
        Some("dayshort"),
    ),
    ("circumstances.caretaking", key::SUB_CARETAKING, None),
    (
        "circumstances.victimization",
        key::SUB_VICTIMIZATION,
        Some("victimization"),
    ),
    ("circumstances.trauma", key::TRAUMA, None),
    (
        "circumstances.adverse_childhood_experiences",
        key::ACE,
        None,
    ),
    ("circumstances.health.physical", key::HEALTH_PHYSICAL, None),
    (
        "circumstances.health.disabilities",
        key::HEALTH_DISABILITIES,
        None,
    ),
    (
        "circumstances.health.mental_health",
        key::HEALTH_MENTAL,
        None,
    ),
    (
        "circumstances.health.substance_use",
        key::HEALTH_SUBSTANCE,
        None,
    ),
    (
        "circumstances.health.self_harm_risk",
        key::HEALTH_SELF_HARM,
        Some("self_harm"),
    ),
    ("circumstances.health", key::SUB_HEALTH, None),
    ("circumstances.education", key::EDUCATION_LEVEL, None),
    (
        "circumstances.employment.schedule",
        key::EMPLOYMENT_HOURS,
        Some("dayshort"),
    ),
    (
        "circumstances.employment",
        key::EMPLOYMENT_STATUS,
        Some("employment"),
    ),
    (
        "circumstances.housing",
        key::HOUSING_STATUS,
        Some("housing"),
    ),
    ("circumstances.finances", key::FINANCES, None),
    ("circumstances.peers", key::SUB_PEERS, None),
    ("circumstances", key::SECTION_CIRCUMSTANCES, None),
    (
        "assessment.risk_of_reoffending",
        key::ASSESSMENT_RISK_REOFFENDING,
        Some("risk"),
    ),
    (
        "assessment.risk_of_serious_harm",
        key::ASSESSMENT_RISK_HARM,
        Some("risk"),
    ),
    (
        "assessment.criminogenic_needs",
        key::ASSESSMENT_NEEDS,
        Some("need"),
    ),
    (
        "assessment.protective_factors",
        key::ASSESSMENT_PROTECTIVE,
        None,
    ),
    (
        "assessment.responsivity",
        key::ASSESSMENT_RESPONSIVITY,
        None,
    ),
    ("assessment.goals", key::GOALS_GOALS, None),
    ("assessment.views", key::GOALS_VIEWS, None),
    ("assessment.compliance", key::ASSESSMENT_COMPLIANCE, None),
    ("assessment", key::SECTION_ASSESSMENT, Some("risk")),
    ("victim", key::SECTION_VICTIM, None),
    ("pretrial", key::SECTION_PRETRIAL, Some("risk")),
    ("release", key::SECTION_SENTENCE, None),
    ("proposal.custody", key::PROPOSAL_CUSTODY_RATIONALE, None),
    ("proposal.rationale", key::PROPOSAL_RATIONALE, None),
    ("proposal", key::SECTION_PROPOSAL, None),
];

/// A path with the names of list items taken out: `offences[2026-08-02].plea` →
/// `offences.plea`.
fn bare(path: &str) -> String {
    crate::load::with_indices_as(path, "")
}

/// The area of a path: its place in [`AREAS`] (the order changes are told in
/// within a section) and its entry. A prefix matches its fields
/// (`proposal.rationale`) and the fields named after it (`proposal.custody_months`
/// under `proposal.custody`).
fn area(path: &str) -> Option<(usize, &'static Area)> {
    let bare = bare(path);
    AREAS.iter().enumerate().find(|(_, (prefix, _, _))| {
        bare == *prefix
            || bare.starts_with(&format!("{prefix}."))
            || bare.starts_with(&format!("{prefix}_"))
    })
}

/// A value in words: dates in the report's language, yes and no, enumerations by
/// their label in `group`, lists and mappings as their values one after another.
fn words(l: &Labels, value: &Value, group: Option<&str>) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => l.get(if *b { key::YES } else { key::NO }),
        Value::Number(n) => n.to_string(),
        Value::String(s) => {
            if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
                return l.date(date);
            }
            if let Ok(time) = NaiveTime::parse_from_str(s, "%H:%M") {
                return l.time(time.hour() * 60 + time.minute());
            }
            group
                .and_then(|g| l.word(g, s))
                .unwrap_or_else(|| s.trim().to_string())
        }
        Value::Array(items) => joined(l, items, group),
        // A block of a schedule: "Sat 08:00–12:00", one unit that no line end
        // divides (a no-break space, a word joiner after the dash).
        Value::Object(map) if map.contains_key("days") && map.contains_key("from") => {
            let to = map
                .get("to")
                .map_or_else(String::new, |t| words(l, t, None));
            let hours = format!("{}–\u{2060}{to}", words(l, &map["from"], None));
            let hours = if l.language().is_rtl() {
                super::bidi::isolated_range(&hours)
            } else {
                hours
            };
            format!(
                "{}\u{a0}{hours}",
                l.unbroken(&words(l, &map["days"], Some("dayshort")))
            )
        }
        Value::Object(map) => joined(l, map.values(), group),
    }
}

/// Values in words one after another, the empty ones left out.
fn joined<'a>(
    l: &Labels,
    values: impl IntoIterator<Item = &'a Value>,
    group: Option<&str>,
) -> String {
    let words: Vec<String> = values
        .into_iter()
        .map(|v| words(l, v, group))
        .filter(|w| !w.is_empty())
        .collect();
    l.join(&words)
}

/// The field of an object by name, in words.
fn field(l: &Labels, value: Option<&Value>, name: &str, group: Option<&str>) -> String {
    value
        .and_then(|v| v.get(name))
        .map_or_else(String::new, |v| words(l, v, group))
}

/// The measure a path names, `proposal.measures[womens-centre]…`, by its name in the
/// catalogue.
fn measure_name(catalogue: &Catalogue, language: Language, path: &str) -> Option<String> {
    let id = measure_id(path)?;
    Some(catalogue.measures.iter().find(|m| m.id == id).map_or_else(
        || id.to_string(),
        |m| {
            m.name
                .best(language, catalogue.language)
                .0
                .trim()
                .to_string()
        },
    ))
}

/// The id in `proposal.measures[ID]…`, for a path under a proposed measure.
fn measure_id(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("proposal.measures[")?;
    Some(&rest[..rest.find(']')?])
}

/// What the sentences are made from.
pub struct Sources<'a> {
    /// The report's language.
    pub l: &'a Labels,
    /// The case.
    pub case: &'a Case,
    /// The catalogue, for the names of measures.
    pub catalogue: &'a Catalogue,
    /// Whether the sentences are for the person's copy (its plain conditions).
    pub person: bool,
}

impl Sources<'_> {
    /// The language of the copy: the person's for the person's copy.
    fn language(&self) -> Language {
        if self.person {
            self.case.report.person_language()
        } else {
            self.case.report.language
        }
    }
}

/// The changes as sentences, in the order of the report's sections.
fn sentences(from: &Sources<'_>, changes: &[Change]) -> Vec<String> {
    let rank = |path: &str| area(path).map_or(usize::MAX, |(index, _)| index);
    let mut ordered: Vec<&Change> = changes.iter().filter(|c| !c.restricted).collect();
    ordered.sort_by_key(|c| section_rank(&c.path, rank(&c.path)));
    let mut out: Vec<String> = Vec::new();
    for change in ordered {
        let sentence = sentence(from, change, changes);
        if !sentence.is_empty() && !out.contains(&sentence) {
            out.push(sentence);
        }
    }
    out
}

/// What changed in a case, as the sentences an addendum prints for the court, in the
/// case's language: the supervisor's review reads them (restricted notes left out,
/// as in the report).
pub fn change_sentences(case: &Case, catalogue: &Catalogue, changes: &[Change]) -> Vec<String> {
    let from = Sources {
        l: Labels::for_language(case.report.language),
        case,
        catalogue,
        person: false,
    };
    sentences(&from, changes)
}

/// Changes in the order of a report: offences, history, circumstances, assessment,
/// proposal.
fn section_rank(path: &str, within: usize) -> (usize, usize) {
    let order = [
        "offences",
        "criminal_history",
        "person",
        "circumstances",
        "assessment",
        "victim",
        "pretrial",
        "release",
        "sources",
        "proposal",
    ];
    let top = path.split(['.', '[']).next().unwrap_or("");
    (
        order.iter().position(|t| *t == top).unwrap_or(order.len()),
        within,
    )
}

/// The sentence an addendum prints for one change; empty when there is nothing the
/// court needs to read.
fn sentence(from: &Sources<'_>, change: &Change, all: &[Change]) -> String {
    let bare = bare(&change.path);
    // Whole items of the lists a court counts: offences, convictions, measures.
    if let Some(measure) = measure_name(from.catalogue, from.language(), &change.path) {
        return measure_sentence(from, change, all, &bare, &measure);
    }
    let whole_item = change.kind != ChangeKind::Changed;
    match bare.as_str() {
        "sources" if whole_item => source_sentence(from.l, change),
        "offences" if whole_item => offence_sentence(from.l, change),
        "criminal_history" if change.kind == ChangeKind::Added => {
            let new = change.new.as_ref();
            from.l.fill(
                key::CHANGE_CONVICTION_ADDED,
                &[
                    ("what", &field(from.l, new, "offence", None)),
                    ("date", &field(from.l, new, "date", None)),
                ],
            )
        }
        _ => field_sentence(from.l, change),
    }
}

/// A change to a proposed measure: added or removed whole, the person's agreement,
/// or its condition.
fn measure_sentence(
    from: &Sources<'_>,
    change: &Change,
    all: &[Change],
    bare: &str,
    measure: &str,
) -> String {
    let l = from.l;
    let whole = bare == "proposal.measures";
    match (change.kind, whole) {
        (ChangeKind::Added, true) => l.fill(key::CHANGE_MEASURE_ADDED, &[("measure", measure)]),
        (ChangeKind::Removed, true) => l.fill(key::CHANGE_MEASURE_REMOVED, &[("measure", measure)]),
        // The person's agreement recorded since: said as such.
        _ if bare == "proposal.measures.consent" => {
            let key = match change.new {
                Some(Value::Bool(true)) => key::CHANGE_AGREED,
                Some(Value::Bool(false)) => key::CHANGE_DECLINED,
                _ => return String::new(),
            };
            l.fill(
                key,
                &[
                    ("person", &from.case.person.full_name()),
                    ("measure", measure),
                ],
            )
        }
        // A parameter changed: the condition as it now reads and as it read,
        // whole. A diff cut to the words that differ read as a sentence in no
        // language but English ("désormais égales sur 9 mois (auparavant 6)").
        _ => {
            let id = measure_id(&change.path).unwrap_or_default();
            match condition_change(from, id, all) {
                Some((now, was)) => l.fill(
                    key::CHANGE_CONDITION,
                    &[("area", measure), ("new", &now), ("old", &was)],
                ),
                None => String::new(),
            }
        }
    }
}

/// A source of information added or removed: its kind, date and description, and
/// how it was checked.
fn source_sentence(l: &Labels, change: &Change) -> String {
    let item = change.new.as_ref().or(change.old.as_ref());
    let mut source = format!(
        "{}{}",
        field(l, item, "kind", Some("source")),
        l.aside(&field(l, item, "date", None))
    );
    source = format!(
        "{source}{}{}",
        l.colon(),
        field(l, item, "description", None)
    );
    let how = field(l, item, "how_checked", None);
    if !how.is_empty() {
        source = format!(
            "{}{}{}{how}",
            l.sentence(&source),
            l.get(key::SOURCE_CHECKED),
            l.colon()
        );
    }
    let key = if change.kind == ChangeKind::Added {
        key::CHANGE_SOURCE_ADDED
    } else {
        key::CHANGE_SOURCE_REMOVED
    };
    l.fill(key, &[("source", source.trim_end_matches('.'))])
}

/// An offence added or removed: what and when.
fn offence_sentence(l: &Labels, change: &Change) -> String {
    let item = change.new.as_ref().or(change.old.as_ref());
    let what = field(l, item, "description", None);
    let date = field(l, item, "date", None);
    let key = if change.kind == ChangeKind::Added {
        key::CHANGE_OFFENCE_ADDED
    } else {
        key::CHANGE_OFFENCE_REMOVED
    };
    l.fill(key, &[("what", &what), ("date", &date)])
}

/// Any other field: its area of the report, and its value now and before.
fn field_sentence(l: &Labels, change: &Change) -> String {
    let (old, new) = (change.old.as_ref(), change.new.as_ref());
    let (label, group) = area(&change.path).map_or_else(
        || (l.get(key::SECTION_CIRCUMSTANCES), None),
        |(_, (_, key, group))| (l.get(*key), *group),
    );
    let old_words = old.map_or_else(String::new, |v| words(l, v, group));
    let new_words = new.map_or_else(String::new, |v| words(l, v, group));
    // The offence whose details changed is named by its date.
    let label = match change.path.strip_prefix("offences[") {
        Some(rest) => format!(
            "{label}{}",
            l.aside(&words(
                l,
                &Value::String(rest[..rest.find(']').unwrap_or(0)].to_string()),
                None
            ))
        ),
        None => label,
    };
    let short = |w: &str| w.chars().count() <= 60 && !w.contains('\n');
    match change.kind {
        ChangeKind::Added => l.fill(
            key::CHANGE_RECORDED,
            &[("area", &label), ("new", &new_words)],
        ),
        ChangeKind::Removed => l.fill(key::CHANGE_REMOVED, &[("area", &label)]),
        ChangeKind::Changed if short(&old_words) && short(&new_words) => l.fill(
            key::CHANGE_NOW,
            &[("area", &label), ("old", &old_words), ("new", &new_words)],
        ),
        // A longer text: as it now reads, whole; the earlier report has the old.
        ChangeKind::Changed => l.fill(
            key::CHANGE_REWRITTEN,
            &[("area", &label), ("new", &new_words)],
        ),
    }
}

/// A proposed measure's condition as it now reads and as it read before its
/// parameters changed, each whole and without its closing full stop.
fn condition_change(from: &Sources<'_>, id: &str, all: &[Change]) -> Option<(String, String)> {
    let (case, catalogue) = (from.case, from.catalogue);
    let measure = catalogue.measures.iter().find(|m| m.id == id)?;
    let entry = case
        .proposal
        .as_ref()?
        .measures
        .iter()
        .find(|m| m.id == id)?;
    let mut earlier = entry.parameters.clone();
    let prefix = format!("proposal.measures[{id}].parameters.");
    for change in all {
        let Some(name) = change.path.strip_prefix(&prefix) else {
            continue;
        };
        match change.old.clone().map(serde_json::from_value) {
            Some(Ok(value)) => earlier.insert(name.to_string(), value),
            _ => earlier.remove(name),
        };
    }
    let language = from.language();
    let template = match (&measure.condition_person, from.person) {
        (Some(text), true) => text,
        _ => &measure.condition,
    }
    .best(language, catalogue.language)
    .0;
    let name = measure.name.best(language, catalogue.language).0.trim();
    let filling = crate::matching::Filling {
        name,
        language,
        currency: catalogue.currency.as_ref(),
        gender: case.person.gender,
    };
    let fill = |given| crate::matching::fill_condition(template, measure, given, &filling).ok();
    let (now, was) = (fill(&entry.parameters)?, fill(&earlier)?);
    // Quoted inside a sentence: the condition's own full stop would end it early.
    let quoted = |t: String| {
        t.trim()
            .trim_end_matches(['.', '。'])
            .trim_end()
            .to_string()
    };
    (now != was).then(|| (quoted(now), quoted(was)))
}

/// The report this one adds to: its kind, date and the SHA-256 of its PDF, so that
/// the court can tell it is the one on its file.
pub(super) fn section_earlier(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Some(earlier) = &cx.case.report.addendum_to else {
        return;
    };
    let l = cx.l;
    b.para(
        None,
        l.fill(
            key::ADDENDUM_EARLIER,
            &[
                ("kind", &l.get(key::kind(earlier.kind))),
                ("date", &l.date(earlier.date)),
            ],
        ),
    );
    // In groups of eight, as fingerprints are read aloud and compared by eye.
    let sha = earlier.sha256.trim().to_lowercase();
    let groups: Vec<String> = sha
        .as_bytes()
        .chunks(8)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    b.lead(l.get(key::ADDENDUM_SHA256), groups.join(" "));
    b.para(None, l.get(key::ADDENDUM_STANDS));
}

/// What has changed since the earlier report, one paragraph a change.
pub(super) fn section_changes(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let from = Sources {
        l: cx.l,
        case: cx.case,
        catalogue: cx.catalogue,
        person: false,
    };
    change_paragraphs(b, &from, cx.changes);
}

/// The changes as paragraphs, or "No change … recorded": the court's section and the
/// person's copy alike.
pub(super) fn change_paragraphs(b: &mut SectionBuilder, from: &Sources<'_>, changes: &[Change]) {
    let said = sentences(from, changes);
    if said.is_empty() {
        b.para(None, from.l.get(key::CHANGES_NONE));
    }
    for sentence in said {
        b.para(None, sentence);
    }
}
