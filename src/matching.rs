//! Stage 3: the proposal against the catalogue of measures really available (para 28).
//!
//! [`match_measures`] is a pure function of the case, the catalogue and the hearing
//! date (taken from the case): no I/O, no clock, so that it can be unit-tested rule by
//! rule and run in batch. It never decides: it lists every option with the reasons it
//! is or is not open, fills the conditions of the proposed measures, and raises the
//! warnings a court should see. `docs/how-matching-works.md` explains every rule.

use std::collections::BTreeSet;
use std::fmt;

use minijinja::{Environment, UndefinedBehavior, Value};
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::model::case::{Gender, Need, OffenceCategory, RiskLevel};
use crate::model::catalogue::{Measure, ParamType};
use crate::model::{Case, Catalogue, ParamValue, ScheduleBlock, Weekday};
use crate::validate::age_on;

/// How an option stands for this person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionStatus {
    /// In the author's proposal.
    Proposed,
    /// Open to the person but not proposed.
    Eligible,
    /// Closed to the person, for the reasons given.
    NotEligible,
}

/// Why a measure is not open to the person, or what stands in its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// Younger than the minimum age.
    BelowMinAge {
        /// The minimum.
        min: u32,
        /// The person's age at the hearing.
        age: i32,
    },
    /// Older than the maximum age.
    AboveMaxAge {
        /// The maximum.
        max: u32,
        /// The person's age at the hearing.
        age: i32,
    },
    /// The measure is for other genders.
    Gender {
        /// Who it is for.
        allowed: Vec<Gender>,
    },
    /// The measure is for other risk levels.
    RiskLevel {
        /// The person's risk of reoffending.
        level: RiskLevel,
        /// Who it is for.
        allowed: Vec<RiskLevel>,
    },
    /// An offence before the court is of an excluded category.
    ExcludedOffence {
        /// The category.
        category: OffenceCategory,
    },
    /// The measure requires a need the assessment does not record.
    MissingNeed {
        /// The need.
        need: Need,
    },
    /// The measure requires the victim's consent, which is not recorded (para 50).
    NoVictimConsent,
    /// The person refused consent.
    NoConsent,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BelowMinAge { min, age } => write!(f, "minimum age {min}; the person is {age}"),
            Self::AboveMaxAge { max, age } => write!(f, "maximum age {max}; the person is {age}"),
            Self::Gender { allowed } => write!(
                f,
                "for {} only",
                allowed.iter().map(words).collect::<Vec<_>>().join(", ")
            ),
            Self::RiskLevel { level, allowed } => write!(
                f,
                "for risk of reoffending {}; the person's is {}",
                allowed.iter().map(words).collect::<Vec<_>>().join(", "),
                words(level)
            ),
            Self::ExcludedOffence { category } => {
                write!(f, "excluded for {} offences", words(category))
            }
            Self::MissingNeed { need } => {
                write!(f, "requires an assessed need: {}", words(need))
            }
            Self::NoVictimConsent => f.write_str("requires the victim's consent, not recorded"),
            Self::NoConsent => f.write_str("the person does not consent"),
        }
    }
}

/// An enumeration value in plain words: `very_high` → "very high".
pub fn words<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
        .unwrap_or_default()
}

/// One row of "Options considered".
#[derive(Debug, Clone, Serialize)]
pub struct OptionConsidered {
    /// The measure.
    pub measure: Measure,
    /// Proposed, eligible or not.
    pub status: OptionStatus,
    /// Each failed eligibility rule.
    pub reasons: Vec<Reason>,
    /// Each conflict with the person's work or care (para 31), in words.
    pub conflicts: Vec<Conflict>,
}

/// A proposed measure with its condition filled in.
#[derive(Debug, Clone, Serialize)]
pub struct ProposedCondition {
    /// The measure.
    pub measure: Measure,
    /// The condition, filled from the parameters; plain text.
    pub condition: String,
}

/// What matching concludes.
#[derive(Debug, Clone, Serialize)]
pub struct Matching {
    /// Every measure of the catalogue, least to most restrictive.
    pub options: Vec<OptionConsidered>,
    /// The proposed measures that could be filled, in proposal order.
    pub proposed: Vec<ProposedCondition>,
    /// Errors and warnings about the proposal.
    pub findings: Vec<Diagnostic>,
    /// The warnings about the proposal, for "Points for the court's attention", as
    /// data that the report words in its own language.
    pub points: Vec<Point>,
}

/// A warning about the proposal that the court should see (rules.md, "Warnings").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "point", rename_all = "snake_case")]
pub enum Point {
    /// `W070`: a schedule conflict with work or care (para 31).
    Conflict {
        /// The measure's name.
        measure: String,
        /// The conflict.
        conflict: Conflict,
    },
    /// `W071`: a restrictive measure for a person at low risk (para 34).
    Restrictive {
        /// The measure's name.
        measure: String,
        /// Its restrictiveness.
        level: u8,
    },
    /// `W072`: three or more measures for a person at low risk (para 34).
    TooMany {
        /// How many.
        count: usize,
    },
    /// `W073`: a less restrictive eligible measure meets the same needs (para 15).
    LessRestrictive {
        /// The alternative's name.
        other: String,
        /// Its restrictiveness.
        other_level: u8,
        /// The proposed measure's name.
        measure: String,
        /// Its restrictiveness.
        level: u8,
    },
    /// `W074`: custody considered without a rationale (paras 15, 24).
    CustodyWithoutRationale,
    /// `W075`: a short custodial term (para 24).
    ShortCustody {
        /// Months.
        months: u32,
    },
    /// `W076`: custody for a primary caregiver without its impact (paras 27, 44).
    CustodyWithoutImpact,
    /// `W077`: a need no proposed measure addresses (core principle IV).
    UnaddressedNeed {
        /// The need.
        need: Need,
    },
    /// `W078`: no places (para 28).
    NoPlaces {
        /// The measure's name.
        measure: String,
    },
    /// `W079`: a waiting time past four weeks after the hearing (para 28).
    LongWait {
        /// The measure's name.
        measure: String,
        /// Weeks.
        weeks: u32,
    },
}

/// Matches a case's proposal against a catalogue. `map` only places findings.
pub fn match_measures(case: &Case, catalogue: &Catalogue, map: &SourceMap) -> Matching {
    let mut findings = Vec::new();
    let proposal = case.proposal.clone().unwrap_or_default();
    let proposed_ids: BTreeSet<&str> = proposal.measures.iter().map(|m| m.id.as_str()).collect();

    let mut options: Vec<OptionConsidered> = catalogue
        .measures
        .iter()
        .map(|measure| {
            let consent = proposal
                .measures
                .iter()
                .find(|p| p.id == measure.id)
                .and_then(|p| p.consent);
            let reasons = eligibility(case, measure, consent);
            let status = if proposed_ids.contains(measure.id.as_str()) {
                OptionStatus::Proposed
            } else if reasons.is_empty() {
                OptionStatus::Eligible
            } else {
                OptionStatus::NotEligible
            };
            OptionConsidered {
                measure: measure.clone(),
                status,
                reasons,
                conflicts: conflicts(case, measure),
            }
        })
        .collect();
    // Least restrictive first (para 15); the catalogue's order breaks ties.
    options.sort_by_key(|o| o.measure.restrictiveness);

    let mut proposed = Vec::new();
    let mut points = Vec::new();
    for (i, chosen) in proposal.measures.iter().enumerate() {
        let path = format!("proposal.measures[{i}]");
        let Some(measure) = catalogue.measure(&chosen.id) else {
            let ids = catalogue.measures.iter().map(|m| m.id.as_str());
            let mut hint =
                "the catalogue's measures are listed by `psr measures CASE --catalogue FILE`"
                    .to_string();
            if let Some(best) = crate::load::closest(&chosen.id, ids) {
                hint = format!("did you mean `{best}`? {hint}");
            }
            findings.push(
                Diagnostic::error(
                    "E060",
                    format!("{path}.id"),
                    format!(
                        "unknown measure `{}`: it is not in the catalogue",
                        chosen.id
                    ),
                )
                .with_hint(format!(
                    "para 28: propose only measures really available in the area; {hint}"
                ))
                .at(map.value(&format!("{path}.id"))),
            );
            continue;
        };
        let option = options.iter().find(|o| o.measure.id == measure.id);
        // Each entry with its own consent: a measure may be proposed twice.
        for reason in &eligibility(case, measure, chosen.consent) {
            findings.push(
                Diagnostic::error("E061", format!("{path}.id"), format!("the person is not eligible for `{}`: {reason}", measure.id))
                    .with_hint("remove the measure from the proposal or choose an eligible one (see \"Options considered\")")
                    .at(map.value(&format!("{path}.id"))),
            );
        }
        if measure.eligibility.requires_consent && chosen.consent.is_none() {
            findings.push(
                Diagnostic::note(
                    "N062",
                    path.to_string(),
                    format!(
                        "`{}` requires the person's consent, which is not recorded",
                        measure.id
                    ),
                )
                .with_hint(
                    "add `consent: true` to the proposed measure once the person has agreed to it",
                )
                .at(map.value(&path)),
            );
        }
        let parameter_errors = check_parameters(measure, &chosen.parameters, &path, map);
        let ok = parameter_errors.is_empty();
        findings.extend(parameter_errors);
        if ok {
            match fill_condition(measure, &chosen.parameters, case.report.language.decimal_separator()) {
                Ok(condition) => proposed.push(ProposedCondition {
                    measure: measure.clone(),
                    condition,
                }),
                Err(message) => findings.push(
                    Diagnostic::error("E066", path.clone(), format!("the condition of `{}` cannot be filled: {message}", measure.id))
                        .with_hint("para 31: conditions must be unambiguous; give every value the catalogue's condition text uses, or fix the catalogue")
                        .at(map.value(&path)),
                ),
            }
        }
        for conflict in option.map(|o| o.conflicts.as_slice()).unwrap_or_default() {
            findings.push(
                Diagnostic::warning("W070", path.clone(), format!("`{}`: {conflict}", measure.id))
                    .with_hint("para 31: conditions should fit the person's work schedule and family responsibilities")
                    .at(map.value(&path)),
            );
            points.push(Point::Conflict {
                measure: measure.name.clone(),
                conflict: conflict.clone(),
            });
        }
    }

    for (finding, point) in proposal_warnings(case, &options, map) {
        findings.push(finding);
        points.push(point);
    }
    Matching {
        options,
        proposed,
        findings,
        points,
    }
}

/// Every eligibility rule the person fails for this measure.
pub fn eligibility(case: &Case, measure: &Measure, consent: Option<bool>) -> Vec<Reason> {
    let rules = &measure.eligibility;
    let age = age_on(case.person.date_of_birth, case.report.hearing_date);
    let mut reasons = Vec::new();
    // A child, or a birth date after the hearing, is refused by validation (E021, E022):
    // age rules would only repeat it.
    let adult = age >= 18;
    if adult
        && let Some(min) = rules.min_age
        && age < min as i32
    {
        reasons.push(Reason::BelowMinAge { min, age });
    }
    if adult
        && let Some(max) = rules.max_age
        && age > max as i32
    {
        reasons.push(Reason::AboveMaxAge { max, age });
    }
    if !rules.genders.is_empty() && !rules.genders.contains(&case.person.gender) {
        reasons.push(Reason::Gender {
            allowed: rules.genders.clone(),
        });
    }
    let level = case.assessment.risk_of_reoffending;
    if !rules.risk_levels.is_empty() && !rules.risk_levels.contains(&level) {
        reasons.push(Reason::RiskLevel {
            level,
            allowed: rules.risk_levels.clone(),
        });
    }
    let mut seen = BTreeSet::new();
    for offence in &case.offences {
        if rules
            .excluded_offence_categories
            .contains(&offence.category)
            && seen.insert(offence.category as u8)
        {
            reasons.push(Reason::ExcludedOffence {
                category: offence.category,
            });
        }
    }
    for need in &rules.requires_need {
        if !case.assessment.criminogenic_needs.contains(need) {
            reasons.push(Reason::MissingNeed { need: *need });
        }
    }
    if rules.requires_victim_consent
        && case
            .victim
            .as_ref()
            .and_then(|v| v.restorative_justice_consent)
            != Some(true)
    {
        reasons.push(Reason::NoVictimConsent);
    }
    if rules.requires_consent && consent == Some(false) {
        reasons.push(Reason::NoConsent);
    }
    reasons
}

/// Checks a proposed measure's parameters against the catalogue (rules.md "Errors").
fn check_parameters(
    measure: &Measure,
    given: &std::collections::BTreeMap<String, ParamValue>,
    path: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (name, value) in given {
        let at = format!("{path}.parameters.{name}");
        let Some(spec) = measure.parameters.get(name) else {
            let names = measure.parameters.keys().map(String::as_str);
            let mut hint = format!(
                "`{}` takes: {}",
                measure.id,
                if measure.parameters.is_empty() {
                    "no parameters".to_string()
                } else {
                    measure
                        .parameters
                        .keys()
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            );
            if let Some(best) = crate::load::closest(name, names) {
                hint = format!("did you mean `{best}`? {hint}");
            }
            out.push(
                Diagnostic::error(
                    "E063",
                    at.clone(),
                    format!("unknown parameter `{name}` for `{}`", measure.id),
                )
                .with_hint(hint)
                .at(map.key(&at)),
            );
            continue;
        };
        let wrong = |expected: &str, hint: &str| {
            Diagnostic::error("E064", at.clone(), format!("`{name}` must be {expected}"))
                .with_hint(hint.to_string())
                .at(map.value(&at))
        };
        match (spec.kind, value) {
            (ParamType::Integer, ParamValue::Integer(n)) => {
                let below = spec.min.is_some_and(|min| *n < min);
                let above = spec.max.is_some_and(|max| *n > max);
                if below || above {
                    let range = match (spec.min, spec.max) {
                        (Some(min), Some(max)) => format!("between {min} and {max}"),
                        (Some(min), None) => format!("at least {min}"),
                        (None, Some(max)) => format!("at most {max}"),
                        (None, None) => String::new(),
                    };
                    out.push(
                        Diagnostic::error("E065", at.clone(), format!("`{name}` is {n}, outside the catalogue's range: {range}"))
                            .with_hint(format!("para 31: conditions must be proportionate; `{}` allows {range}", measure.id))
                            .at(map.value(&at)),
                    );
                }
            }
            (ParamType::Integer, value) => {
                let leading_zero = match value {
                    ParamValue::Text(text) => crate::load::leading_zero_hint(text),
                    _ => None,
                };
                let hint = leading_zero.unwrap_or_else(|| "write the number without quotes, e.g. 12".to_string());
                out.push(wrong("a whole number", &hint))
            }
            (ParamType::Money, ParamValue::Text(text)) if is_money(text) => {}
            (ParamType::Money, ParamValue::Float(_) | ParamValue::Integer(_)) => out.push(wrong(
                "an amount written as a decimal string",
                "write money in quotes with two decimals, e.g. \"180.00\": unquoted numbers may lose cents",
            )),
            (ParamType::Money, _) => out.push(wrong("an amount such as \"180.00\"", "write digits, a point and two decimals, in quotes")),
            (ParamType::Text, ParamValue::Text(_)) | (ParamType::Boolean, ParamValue::Boolean(_)) => {}
            (ParamType::Text, _) => out.push(wrong("a text", "put the value in double quotes")),
            (ParamType::Boolean, _) => out.push(wrong("true or false", "write true or false")),
        }
    }
    for (name, spec) in &measure.parameters {
        if spec.required && !given.contains_key(name) {
            let at = format!("{path}.parameters");
            out.push(
                Diagnostic::error("E062", format!("{at}.{name}"), format!("missing parameter `{name}` for `{}`", measure.id))
                    .with_hint(format!("add `{name}` under `parameters`; the condition cannot be written without it (para 31)"))
                    .at(map.value(&at)),
            );
        }
    }
    out
}

/// `"180"`, `"180.5"`, `"180.00"`: digits, optionally a point and one or two decimals.
pub fn is_money(text: &str) -> bool {
    let (whole, cents) = text.split_once('.').unwrap_or((text, "00"));
    !whole.is_empty()
        && whole.len() <= 12
        && whole.bytes().all(|b| b.is_ascii_digit())
        && (1..=2).contains(&cents.len())
        && cents.bytes().all(|b| b.is_ascii_digit())
}

/// Fills a measure's condition with minijinja in strict mode: an undefined variable is
/// an error, never an empty string (para 31: conditions must be unambiguous). The
/// result is plain text, laid out by the templates as data.
pub fn fill_condition(
    measure: &Measure,
    given: &std::collections::BTreeMap<String, ParamValue>,
    decimal_separator: char,
) -> Result<String, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_recursion_limit(16);
    // A condition is a sentence, not a program: bound the work a template may do.
    env.set_fuel(Some(50_000));
    let mut context = std::collections::BTreeMap::new();
    context.insert("name".to_string(), Value::from(measure.name.clone()));
    if let Some(location) = &measure.location {
        context.insert("location".to_string(), Value::from(location.clone()));
    }
    if let Some(provider) = &measure.provider {
        context.insert("provider".to_string(), Value::from(provider.name.clone()));
    }
    for (name, value) in given {
        let value = match value {
            ParamValue::Integer(n) => Value::from(*n),
            ParamValue::Boolean(b) => Value::from(*b),
            // Money in the report's number format: "180.00" → "180,00" in French.
            ParamValue::Text(t) if is_money_param(measure, name) => {
                Value::from(t.replace('.', &decimal_separator.to_string()))
            }
            ParamValue::Text(t) => Value::from(t.clone()),
            ParamValue::Float(x) => Value::from(*x),
        };
        context.insert(name.clone(), value);
    }
    env.render_str(&measure.condition, context)
        .map(|text| text.trim().to_string())
        .map_err(|e| {
            let mut message = e.kind().to_string();
            if let Some(detail) = e.detail() {
                message = format!("{message}: {detail}");
            }
            message
        })
}

fn is_money_param(measure: &Measure, name: &str) -> bool {
    measure
        .parameters
        .get(name)
        .is_some_and(|spec| spec.kind == ParamType::Money)
}

/// A week as minutes from Monday 00:00, half-open intervals.
type Interval = (u32, u32);
const WEEK: u32 = 7 * 1440;

/// The weekly intervals of schedule blocks; a block whose end is not after its start
/// runs past midnight (22:00–06:00).
pub fn intervals(blocks: &[ScheduleBlock]) -> Vec<Interval> {
    let mut out = Vec::new();
    for block in blocks {
        let from = u32::from(block.from.minutes);
        let to = u32::from(block.to.minutes);
        let length = if to > from {
            to - from
        } else {
            1440 - from + to
        };
        for day in &block.days {
            let start = day.index() as u32 * 1440 + from;
            let end = start + length;
            if end <= WEEK {
                out.push((start, end));
            } else {
                // Sunday night into Monday morning.
                out.push((start, WEEK));
                out.push((0, end - WEEK));
            }
        }
    }
    out.sort_unstable();
    out
}

/// Where two schedules overlap; touching intervals (14:00–15:00 after 06:00–14:00) do not.
pub fn overlaps(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (start, end) = (a0.max(b0), a1.min(b1));
            if start < end {
                out.push((start, end));
            }
        }
    }
    merge(out)
}

/// The parts of `a` not covered by `b`.
pub fn uncovered(a: &[Interval], b: &[Interval]) -> Vec<Interval> {
    let covers = merge(b.to_vec());
    let mut out = Vec::new();
    for &(start, end) in a {
        let mut cursor = start;
        for &(c0, c1) in &covers {
            if c1 <= cursor || c0 >= end {
                continue;
            }
            if c0 > cursor {
                out.push((cursor, c0));
            }
            cursor = cursor.max(c1);
        }
        if cursor < end {
            out.push((cursor, end));
        }
    }
    merge(out)
}

fn merge(mut intervals: Vec<Interval>) -> Vec<Interval> {
    intervals.sort_unstable();
    let mut out: Vec<Interval> = Vec::new();
    for (start, end) in intervals {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// "Tue 10:00–12:00, Thu 10:00–12:00".
pub fn describe(intervals: &[Interval]) -> String {
    describe_with(intervals, |day| day_name(day).to_string())
}

/// The intervals with day names of a language. An interval that runs into another
/// day names both ends: "Fri 18:00–Sun 18:00".
pub fn describe_with(intervals: &[Interval], day_name: impl Fn(Weekday) -> String) -> String {
    let day_of = |m: u32| Weekday::ALL[(m / 1440) as usize % 7];
    let clock = |m: u32| format!("{:02}:{:02}", (m % 1440) / 60, m % 60);
    intervals
        .iter()
        .map(|&(start, end)| {
            // Up to a day (a night shift included) reads "Mon 22:00–06:00".
            if end - start <= 1440 {
                let end_text = if end % 1440 == 0 {
                    "24:00".to_string()
                } else {
                    clock(end)
                };
                format!("{} {}–{}", day_name(day_of(start)), clock(start), end_text)
            } else {
                format!(
                    "{} {}–{} {}",
                    day_name(day_of(start)),
                    clock(start),
                    day_name(day_of(end % WEEK)),
                    clock(end)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn day_name(day: Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.index()]
}

/// A conflict of a measure's schedule with the person's work or care (para 31).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "conflict", rename_all = "snake_case")]
pub enum Conflict {
    /// Sessions overlap working hours, at these times.
    WorkingHours {
        /// Minutes of the week, half-open.
        times: Vec<(u32, u32)>,
    },
    /// A primary caregiver, no childcare, and no alternative care hours recorded.
    NoChildcare,
    /// A primary caregiver, no childcare, and sessions outside alternative care hours.
    OutsideAlternativeCare {
        /// Minutes of the week, half-open.
        times: Vec<(u32, u32)>,
    },
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WorkingHours { times } => write!(
                f,
                "its sessions overlap the person's working hours: {}",
                describe(times)
            ),
            Self::NoChildcare => f.write_str(
                "the person is a primary caregiver, the measure offers no childcare and no hours of alternative care are recorded (`alternative_care_schedule`)",
            ),
            Self::OutsideAlternativeCare { times } => write!(
                f,
                "the person is a primary caregiver, the measure offers no childcare and its sessions fall outside the hours of alternative care: {}",
                describe(times)
            ),
        }
    }
}

/// Conflicts of a measure's schedule with the person's work and care (para 31).
pub fn conflicts(case: &Case, measure: &Measure) -> Vec<Conflict> {
    let mut out = Vec::new();
    if measure.schedule.is_empty() {
        return out;
    }
    let sessions = intervals(&measure.schedule);
    if let Some(employment) = &case.circumstances.employment {
        let clash = overlaps(&sessions, &intervals(&employment.schedule));
        if !clash.is_empty() {
            out.push(Conflict::WorkingHours { times: clash });
        }
    }
    if let Some(care) = &case.circumstances.caretaking
        && care.primary_caregiver
        && measure.childcare != Some(true)
    {
        if care.alternative_care_schedule.is_empty() {
            out.push(Conflict::NoChildcare);
        } else {
            let gap = uncovered(&sessions, &intervals(&care.alternative_care_schedule));
            if !gap.is_empty() {
                out.push(Conflict::OutsideAlternativeCare { times: gap });
            }
        }
    }
    out
}

/// The warnings of rules.md about the proposal as a whole.
fn proposal_warnings(
    case: &Case,
    options: &[OptionConsidered],
    map: &SourceMap,
) -> Vec<(Diagnostic, Point)> {
    let mut out = Vec::new();
    let Some(proposal) = &case.proposal else {
        return out;
    };
    let at = |path: &str| map.value(path);
    let proposed: Vec<&OptionConsidered> = options
        .iter()
        .filter(|o| o.status == OptionStatus::Proposed)
        .collect();
    let needs = &case.assessment.criminogenic_needs;

    // Net-widening (para 34).
    if case.assessment.risk_of_reoffending == RiskLevel::Low {
        for option in proposed.iter().filter(|o| o.measure.restrictiveness >= 4) {
            out.push((

                Diagnostic::warning("W071", "proposal.measures", format!("risk of reoffending is low and `{}` has restrictiveness {}", option.measure.id, option.measure.restrictiveness))
                    .with_hint("para 34: intensive measures for people at low risk widen the net without reducing reoffending")
                    .at(at("proposal.measures")),
Point::Restrictive { measure: option.measure.name.clone(), level: option.measure.restrictiveness },
));
        }
        if proposal.measures.len() >= 3 {
            out.push((

                Diagnostic::warning("W072", "proposal.measures", format!("risk of reoffending is low and {} measures are proposed", proposal.measures.len()))
                    .with_hint("para 34: stacking requirements on a low-risk person widens the net; keep only what addresses an assessed need")
                    .at(at("proposal.measures")),
Point::TooMany { count: proposal.measures.len() },
));
        }
    }

    // Least restrictive (para 15).
    for chosen in &proposed {
        let relevant: BTreeSet<Need> = chosen
            .measure
            .addresses_needs
            .iter()
            .filter(|n| needs.contains(n))
            .copied()
            .collect();
        if relevant.is_empty() {
            continue;
        }
        for other in options.iter().filter(|o| {
            o.status == OptionStatus::Eligible
                && o.measure.restrictiveness < chosen.measure.restrictiveness
                && relevant
                    .iter()
                    .all(|n| o.measure.addresses_needs.contains(n))
        }) {
            out.push((

                Diagnostic::warning("W073", "proposal.measures", format!("`{}` (restrictiveness {}) addresses the same needs as `{}` (restrictiveness {}) and is not proposed", other.measure.id, other.measure.restrictiveness, chosen.measure.id, chosen.measure.restrictiveness))
                    .with_hint("para 15: consider the least restrictive measure that meets the purpose")
                    .at(at("proposal.measures")),
Point::LessRestrictive { other: other.measure.name.clone(), other_level: other.measure.restrictiveness, measure: chosen.measure.name.clone(), level: chosen.measure.restrictiveness },
));
        }
    }

    // Custody (paras 15, 24, 27, 44).
    let custody = proposal.custody_considered || proposal.custody_months.is_some();
    let blank = |text: &Option<String>| text.as_deref().is_none_or(|t| t.trim().is_empty());
    if custody && blank(&proposal.custody_rationale) {
        out.push((
            Diagnostic::warning(
                "W074",
                "proposal.custody_rationale",
                "custody is considered without a `custody_rationale`",
            )
            .with_hint(
                "paras 15 and 24: custody is a last resort; say why it is or is not proposed",
            )
            .at(at("proposal")),
            Point::CustodyWithoutRationale,
        ));
    }
    if let Some(months) = proposal.custody_months
        && months < 12
    {
        out.push((

                Diagnostic::warning("W075", "proposal.custody_months", format!("a short custodial term ({months} months) is proposed"))
                    .with_hint("para 24: short prison terms disrupt work, housing and family and do little to reduce reoffending")
                    .at(at("proposal.custody_months")),
Point::ShortCustody { months },
));
    }
    let caregiver = case
        .circumstances
        .caretaking
        .as_ref()
        .is_some_and(|c| c.primary_caregiver);
    if custody && caregiver && blank(&proposal.custody_impact) {
        out.push((
            Diagnostic::warning(
                "W076",
                "proposal.custody_impact",
                "custody is considered for a primary caregiver without a `custody_impact`",
            )
            .with_hint(
                "paras 27 and 44: describe the impact of custody on dependants, work and housing",
            )
            .at(at("proposal")),
            Point::CustodyWithoutImpact,
        ));
    }

    // Needs no proposed measure addresses (core principle IV); not said while a proposed
    // id is unknown (E060), which would make every need look unaddressed.
    let complete = proposal
        .measures
        .iter()
        .all(|p| options.iter().any(|o| o.measure.id == p.id));
    let addressed: BTreeSet<Need> = proposed
        .iter()
        .flat_map(|o| o.measure.addresses_needs.iter().copied())
        .collect();
    for need in needs.iter().filter(|n| complete && !addressed.contains(n)) {
        out.push((

            Diagnostic::warning("W077", "assessment.criminogenic_needs", format!("no proposed measure addresses the need `{}`", words(need)))
                .with_hint("core principle IV: the proposal should respond to the assessed needs, or say why a need is left aside")
                .at(at("assessment.criminogenic_needs")),
Point::UnaddressedNeed { need: *need },
));
    }

    // Capacity against the hearing date.
    for option in &proposed {
        if let Some(capacity) = &option.measure.capacity {
            if capacity.places == Some(0) {
                out.push((
                    Diagnostic::warning(
                        "W078",
                        "proposal.measures",
                        format!("`{}` has no places available", option.measure.id),
                    )
                    .with_hint(
                        "para 28: the court should know whether the measure is really available",
                    )
                    .at(at("proposal.measures")),
                    Point::NoPlaces {
                        measure: option.measure.name.clone(),
                    },
                ));
            }
            if let Some(weeks) = capacity.waiting_weeks.filter(|w| *w > 4) {
                out.push((

                    Diagnostic::warning("W079", "proposal.measures", format!("`{}` has a waiting time of {weeks} weeks: it cannot start within four weeks of the hearing", option.measure.id))
                        .with_hint("para 28: tell the court when the measure can really start")
                        .at(at("proposal.measures")),
Point::LongWait { measure: option.measure.name.clone(), weeks },
));
            }
        }
    }
    out
}
