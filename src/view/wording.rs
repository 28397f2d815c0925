//! Sentences and lines both copies and several sections share, in the report's
//! language.

use super::builder::SectionBuilder;
use super::labels::{Labels, group, key};
use crate::matching::{Conflict, Point, Reason};
use crate::model::case::{
    AuthorRole, Caretaking, Dependant, Employment, Factor, Gender, Housing, MentalHealth, Offence,
    Victimization,
};
use crate::model::{Case, ScheduleBlock};

pub(super) fn author_line(
    l: &Labels,
    name: &str,
    role: Option<AuthorRole>,
    gender: Option<Gender>,
    organisation: &Option<String>,
) -> String {
    let mut parts = vec![name.trim().to_string()];
    if let Some(role) = role {
        parts.push(role_word(l, role, gender));
    }
    if let Some(org) = organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        parts.push(org.trim().to_string());
    }
    parts.retain(|p| !p.is_empty());
    // Name, role and organisation in apposition: the clause comma ("，" in Chinese).
    parts.join(&l.comma())
}

/// A role in words, agreeing with the person's gender where the language needs it
/// ("trabajadora social"); the generic form when the gender is not recorded.
pub(super) fn role_word(l: &Labels, role: AuthorRole, gender: Option<Gender>) -> String {
    match gender {
        Some(Gender::Female) => l.value(group::ROLE_FEMALE, &role),
        _ => l.value(group::ROLE, &role),
    }
}

pub(super) fn yes_no(l: &Labels, value: bool) -> String {
    l.get(if value { key::YES } else { key::NO })
}

pub(super) fn offence_line(l: &Labels, offence: &Offence) -> String {
    // The plea when it is recorded, never a default.
    let plea = offence.plea.map_or_else(String::new, |plea| {
        format!(
            "{}{}{}{}",
            l.get(key::OFFENCE_PLEA),
            l.colon(),
            l.value(group::PLEA, &plea),
            l.stop()
        )
    });
    format!(
        "{}{comma}{}{space}{}{plea}{}{colon}{}{end}",
        offence_name(offence),
        l.get(key::OFFENCE_DATE),
        l.sentence(&l.date(offence.date)),
        l.get(key::OFFENCE_CATEGORY),
        l.value(group::CATEGORY, &offence.category),
        colon = l.colon(),
        comma = l.comma(),
        space = l.space(),
        end = l.end(""),
    )
}

/// An alleged offence, before any trial: what and when it is said to have happened,
/// and the person's position when recorded. Nothing assumes guilt.
pub(super) fn alleged_offence_line(l: &Labels, offence: &Offence) -> String {
    let position = offence.plea.map_or_else(String::new, |plea| {
        format!(
            "{}{}{}{}",
            l.get(key::PRETRIAL_PLEA),
            l.colon(),
            l.value(group::PLEA, &plea),
            l.end("")
        )
    });
    format!(
        "{}{}{}{}{}{position}",
        offence_name(offence),
        l.comma(),
        l.get(key::OFFENCE_DATE_ALLEGED),
        l.space(),
        l.sentence(&l.date(offence.date)),
    )
    .trim_end()
    .to_string()
}

/// "Theft of clothing (Theft Act 1968 s.1)".
fn offence_name(offence: &Offence) -> String {
    let name = offence.description.trim();
    match offence
        .legal_reference
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(reference) => format!("{name} ({reference})"),
        None => name.to_string(),
    }
}

/// "a, b and c" in the report's language.
pub(super) fn and_list(l: &Labels, items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{}{last}", l.join(rest), l.and()),
        _ => items.join(""),
    }
}

/// Caretaking in one or two paragraphs: "Primary caregiver: yes; Dependants:
/// daughter, aged 4; son, aged 9", only what was recorded (a caregiver's role left
/// out is not assessed, never "no").
pub(super) fn caretaking_paras(b: &mut SectionBuilder, l: &Labels, care: &Caretaking) {
    let listed = !care.dependants.is_empty();
    match care.primary_caregiver {
        Some(primary) if listed => b.lead(
            l.get(key::CARE_PRIMARY),
            format!(
                "{}{}{}{}{}",
                yes_no(l, primary),
                l.semicolon(),
                l.get(key::CARE_DEPENDANTS),
                l.colon(),
                dependants(l, care)
            ),
        ),
        Some(primary) => b.lead(l.get(key::CARE_PRIMARY), yes_no(l, primary)),
        None if listed => b.lead(l.get(key::CARE_DEPENDANTS), dependants(l, care)),
        None => {}
    }
}

pub(super) fn dependants(l: &Labels, care: &Caretaking) -> String {
    dependants_list(l, &care.dependants)
}

/// "daughter, aged 4; son, aged 9".
fn dependants_list(l: &Labels, dependants: &[Dependant]) -> String {
    dependants
        .iter()
        .map(|d| match d.age {
            Some(age) => format!(
                "{}{}{}",
                d.relation.trim(),
                l.comma(),
                l.fill(key::CARE_AGE, &[("age", &age.to_string())])
            ),
            None => d.relation.trim().to_string(),
        })
        .collect::<Vec<_>>()
        .join(&l.semicolon())
}

/// "employed, warehouse operative": the status and the occupation, as recorded.
pub(super) fn occupation_line(l: &Labels, e: &Employment) -> String {
    let mut parts = Vec::new();
    if let Some(status) = e.status {
        parts.push(l.value(group::EMPLOYMENT, &status));
    }
    if let Some(o) = e.occupation.as_deref().filter(|o| !o.trim().is_empty()) {
        parts.push(o.trim().to_string());
    }
    parts.join(&l.comma())
}

/// "Mon 06:00–14:00, Tue 06:00–14:00": the working hours.
pub(super) fn working_hours(l: &Labels, e: &Employment) -> String {
    times(l, &crate::matching::intervals(&e.schedule))
}

/// The occupation and, when recorded, the working hours, in one line.
pub(super) fn employment_line(l: &Labels, e: &Employment) -> String {
    let line = occupation_line(l, e);
    if e.schedule.is_empty() {
        return line;
    }
    let hours = format!(
        "{}{}{}",
        l.get(key::EMPLOYMENT_HOURS),
        l.colon(),
        working_hours(l, e)
    );
    if line.is_empty() {
        return hours;
    }
    format!("{line}{}{hours}", l.stop())
}

/// The housing status and the notes, as recorded.
pub(super) fn housing_line(l: &Labels, h: &Housing) -> String {
    let status = h.status.map(|s| l.value(group::HOUSING, &s));
    joined(status, &h.notes, &l.stop())
}

/// `first` and then `notes`, joined by `between`; either may be missing.
fn joined(first: Option<String>, notes: &Option<String>, between: &str) -> String {
    let notes = notes.as_deref().map(str::trim).filter(|n| !n.is_empty());
    match (first, notes) {
        (Some(first), Some(notes)) => format!("{first}{between}{notes}"),
        (Some(first), None) => first,
        (None, Some(notes)) => notes.to_string(),
        (None, None) => String::new(),
    }
}

/// Concerns or not (when assessed), the diagnoses and the treatment.
pub(super) fn mental_health_line(l: &Labels, m: &MentalHealth) -> String {
    let mut parts = Vec::new();
    if let Some(concerns) = m.concerns {
        parts.push(concerns_word(l, concerns));
    }
    if !m.diagnoses.is_empty() {
        parts.push(format!(
            "{}{}{}",
            l.get(key::HEALTH_DIAGNOSES),
            l.colon(),
            l.join(&m.diagnoses)
        ));
    }
    let line = parts.join(&l.semicolon());
    let treatment = m
        .treatment
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| format!("{}{}{t}", l.get(key::HEALTH_TREATMENT), l.colon()));
    match treatment {
        Some(t) if line.is_empty() => t,
        Some(t) => format!("{line}{}{t}", l.stop()),
        None => line,
    }
}

fn concerns_word(l: &Labels, concerns: bool) -> String {
    l.get(if concerns {
        key::HEALTH_CONCERNS
    } else {
        key::HEALTH_NO_CONCERNS
    })
}

/// "domestic abuse, childhood abuse": the kinds of victimization recorded.
pub(super) fn victimization_kinds(l: &Labels, v: &Victimization) -> String {
    let kinds: Vec<String> = v
        .kinds
        .iter()
        .map(|k| l.value(group::VICTIMIZATION, k))
        .collect::<Vec<_>>();
    l.join(&kinds)
}

/// Concerns or not (when assessed), and the notes.
pub(super) fn health_line(l: &Labels, concerns: Option<bool>, notes: &Option<String>) -> String {
    joined(concerns.map(|c| concerns_word(l, c)), notes, &l.stop())
}

/// "Not assessed for this report: trauma and substance use.": said once, plainly, for
/// the factors among `factors` the author did not assess (paras 14, 27).
pub(super) fn not_assessed(b: &mut SectionBuilder, l: &Labels, case: &Case, factors: &[Factor]) {
    let missing: Vec<String> = factors
        .iter()
        .filter(|f| !case.circumstances.assessed(**f))
        .map(|f| l.value(group::FACTOR, f))
        .collect();
    if !missing.is_empty() {
        b.para(
            None,
            l.fill(key::NOT_ASSESSED_LIST, &[("list", &and_list(l, &missing))]),
        );
    }
}

/// Times of the week in the report's language: "mar. 10:00–12:00".
pub(super) fn times(l: &Labels, intervals: &[(u32, u32)]) -> String {
    let each: Vec<String> = intervals
        .iter()
        .map(|interval| {
            // A day with its hours is one unit: no line ends between "Fri" and
            // "06:00–14:00", nor after the dash (a word joiner, U+2060).
            crate::matching::describe_with(
                std::slice::from_ref(interval),
                |day| l.unbroken(&l.value(group::DAY_SHORT, &day)),
                |minutes| l.time(minutes),
            )
            .replace(' ', "\u{a0}")
            .replace('–', "–\u{2060}")
        })
        // In Arabic the range is isolated, or it would read from its end ("14:00–06:00").
        .map(|range| match range.split_once('\u{a0}') {
            Some((day, hours)) if l.language().is_rtl() => {
                format!("{day}\u{a0}{}", super::bidi::isolated_range(hours))
            }
            _ => range,
        })
        .collect();
    // Items of a list, with the language's comma ("،" in Arabic, "、" in Chinese).
    l.join(&each)
}

/// "Tuesday and Thursday, from 15:00 to 17:00" for each block of a schedule.
pub(super) fn plain_schedule(l: &Labels, blocks: &[ScheduleBlock]) -> String {
    blocks
        .iter()
        .map(|block| {
            let days: Vec<String> = block.days.iter().map(|d| l.value(group::DAY, d)).collect();
            let days = and_list(l, &days);
            l.fill(
                key::PERSON_SCHEDULE,
                &[
                    ("days", &days),
                    ("from", &l.time(u32::from(block.from.minutes))),
                    ("to", &l.time(u32::from(block.to.minutes))),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(&l.semicolon())
}

/// Why a measure is not open, in the report's language.
pub(super) fn reason_text(l: &Labels, reason: &Reason) -> String {
    let list = |values: Vec<String>| l.join(&values);
    match reason {
        Reason::BelowMinAge { min, age } => l.fill(
            key::REASON_BELOW_MIN_AGE,
            &[("min", &min.to_string()), ("age", &age.to_string())],
        ),
        Reason::AboveMaxAge { max, age } => l.fill(
            key::REASON_ABOVE_MAX_AGE,
            &[("max", &max.to_string()), ("age", &age.to_string())],
        ),
        Reason::Gender { allowed } => l.fill(
            key::REASON_GENDER,
            &[(
                "allowed",
                &list(allowed.iter().map(|g| l.value(group::PEOPLE, g)).collect()),
            )],
        ),
        Reason::RiskLevel { level, allowed } => l.fill(
            key::REASON_RISK_LEVEL,
            &[
                (
                    "allowed",
                    &list(allowed.iter().map(|r| l.value(group::RISK, r)).collect()),
                ),
                ("level", &l.value(group::RISK, level)),
            ],
        ),
        Reason::RiskNotAssessed { allowed } => l.fill(
            key::REASON_RISK_NOT_ASSESSED,
            &[(
                "allowed",
                &list(allowed.iter().map(|r| l.value(group::RISK, r)).collect()),
            )],
        ),
        Reason::ExcludedOffence { category } => l.fill(
            key::REASON_EXCLUDED_OFFENCE,
            &[("category", &l.value(group::CATEGORY, category))],
        ),
        Reason::MissingNeed { need } => l.fill(
            key::REASON_MISSING_NEED,
            &[("need", &l.value(group::NEED, need))],
        ),
        Reason::NoVictimConsent => l.get(key::REASON_NO_VICTIM_CONSENT),
        Reason::NoConsent => l.get(key::REASON_NO_CONSENT),
        Reason::VictimDeclined => l.get(key::REASON_VICTIM_DECLINED),
    }
}

/// A schedule conflict, in the report's language.
pub(super) fn conflict_text(l: &Labels, conflict: &Conflict) -> String {
    match conflict {
        Conflict::WorkingHours { times: t } => {
            l.fill(key::CONFLICT_WORKING_HOURS, &[("times", &times(l, t))])
        }
        Conflict::NoChildcare => l.get(key::CONFLICT_NO_CHILDCARE),
        Conflict::OutsideAlternativeCare { times: t } => {
            l.fill(key::CONFLICT_OUTSIDE_CARE, &[("times", &times(l, t))])
        }
    }
}

/// A point for the court's attention, in the report's language.
pub(super) fn point_text(l: &Labels, point: &Point) -> String {
    match point {
        Point::Conflict { measure, conflict } => l.fill(
            key::POINT_CONFLICT,
            &[
                ("measure", measure),
                ("conflict", &conflict_text(l, conflict)),
            ],
        ),
        Point::Restrictive { measure, level } => l.fill(
            key::POINT_RESTRICTIVE,
            &[("measure", measure), ("level", &level.to_string())],
        ),
        Point::TooMany { count } => l.fill(key::POINT_TOO_MANY, &[("count", &count.to_string())]),
        Point::LessRestrictive {
            other,
            other_level,
            measure,
            level,
        } => less_restrictive_text(l, (other, *other_level), (measure, *level)),
        Point::ShortCustody { months } => {
            l.fill(key::POINT_SHORT_CUSTODY, &[("months", &months.to_string())])
        }
        Point::CustodyForCaregiver { dependants } if dependants.is_empty() => {
            l.get(key::POINT_CUSTODY_CAREGIVER_UNNAMED)
        }
        Point::CustodyForCaregiver { dependants } => l.fill(
            key::POINT_CUSTODY_CAREGIVER,
            &[("dependants", &dependants_list(l, dependants))],
        ),
        Point::UnaddressedNeed { need } => l.fill(
            key::POINT_UNADDRESSED_NEED,
            &[("need", &l.value(group::NEED, need))],
        ),
        Point::NoPlaces { measure } => l.fill(key::POINT_NO_PLACES, &[("measure", measure)]),
        Point::PersonDeclined { measure } => {
            l.fill(key::POINT_PERSON_DECLINED, &[("measure", measure)])
        }
        Point::OffenceAsAChild {
            offence,
            age,
            majority,
        } => offence_as_a_child_text(l, offence, *age, *majority),
        Point::VictimDeclined => l.get(key::POINT_VICTIM_DECLINED),
        Point::VictimNotAsked { measure } => {
            l.fill(key::POINT_VICTIM_NOT_ASKED, &[("measure", measure)])
        }
        Point::Override {
            measure,
            reasons,
            reason,
        } => override_text(l, measure, reasons, reason),
        Point::DiversionPreferred { measure } => {
            l.fill(key::POINT_DIVERSION_PREFERRED, &[("measure", measure)])
        }
        Point::CustodyPregnant => l.get(key::POINT_CUSTODY_PREGNANT),
        Point::MonitoringWithoutSupervision { measure } => l.fill(
            key::POINT_MONITORING_WITHOUT_SUPERVISION,
            &[("measure", measure)],
        ),
        Point::HoursPerWeek { hours } => {
            l.fill(key::POINT_HOURS_PER_WEEK, &[("hours", &hours.to_string())])
        }
        Point::MeasuresClash {
            first,
            second,
            times,
        } => measures_clash_text(l, first, second, times),
        Point::AmountsHigh { monthly, income } => l.fill(
            key::POINT_AMOUNTS_HIGH,
            &[("monthly", monthly), ("income", income)],
        ),
        Point::LongWait { measure, weeks } => l.fill(
            key::POINT_LONG_WAIT,
            &[("measure", measure), ("weeks", &weeks.to_string())],
        ),
    }
}

/// A less restrictive measure the catalogue offers (`other`, with its level) than
/// the one proposed.
fn less_restrictive_text(l: &Labels, other: (&str, u8), proposed: (&str, u8)) -> String {
    l.fill(
        key::POINT_LESS_RESTRICTIVE,
        &[
            ("other", other.0),
            ("other_level", &other.1.to_string()),
            ("measure", proposed.0),
            ("level", &proposed.1.to_string()),
        ],
    )
}

/// An offence committed before the age of majority.
fn offence_as_a_child_text(l: &Labels, offence: &str, age: i32, majority: u8) -> String {
    l.fill(
        key::POINT_OFFENCE_AS_A_CHILD,
        &[
            ("offence", offence),
            ("age", &age.to_string()),
            ("majority", &majority.to_string()),
        ],
    )
}

/// A measure proposed although the person is not eligible, with the author's reason.
fn override_text(l: &Labels, measure: &str, reasons: &[Reason], reason: &str) -> String {
    let reasons: Vec<String> = reasons.iter().map(|r| reason_text(l, r)).collect();
    l.fill(
        key::POINT_OVERRIDE,
        &[
            ("measure", measure),
            ("reasons", &reasons.join(&l.semicolon())),
            ("reason", reason.trim().trim_end_matches('.')),
        ],
    )
}

/// Two measures proposed whose times clash.
fn measures_clash_text(l: &Labels, first: &str, second: &str, clash: &[(u32, u32)]) -> String {
    l.fill(
        key::POINT_MEASURES_CLASH,
        &[
            ("first", first),
            ("second", second),
            ("times", &times(l, clash)),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::case::{Dependant, EmploymentStatus, Language};
    use crate::model::{ClockTime, Weekday};

    fn clock(text: &str) -> ClockTime {
        ClockTime::parse(text).expect("a time")
    }

    /// The paragraphs `fill` writes, each as "Lead: text".
    fn paragraphs(fill: impl FnOnce(&mut SectionBuilder)) -> Vec<String> {
        let mut sections = super::super::builder::Sections::numbered(String::new(), ": ");
        sections.add("Section".into(), fill);
        sections
            .into_list()
            .remove(0)
            .blocks
            .into_iter()
            .filter_map(|block| match block {
                super::super::Block::Para { lead, text, .. } => {
                    Some(format!("{} {text}", lead.unwrap_or_default()))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn caretaking_names_the_dependants_with_their_ages() {
        let l = Labels::for_language(Language::En);
        let mut care = Caretaking {
            primary_caregiver: Some(true),
            dependants: vec![
                Dependant {
                    relation: "daughter".into(),
                    age: Some(4),
                },
                Dependant {
                    relation: "mother".into(),
                    age: None,
                },
            ],
            ..Caretaking::default()
        };
        assert_eq!(
            paragraphs(|b| caretaking_paras(b, l, &care)),
            ["Primary caregiver: yes; Dependants: daughter, aged 4; mother"]
        );
        // Not assessed is never "no": the dependants alone.
        care.primary_caregiver = None;
        assert_eq!(
            paragraphs(|b| caretaking_paras(b, l, &care)),
            ["Dependants: daughter, aged 4; mother"]
        );
        care.dependants.clear();
        assert!(paragraphs(|b| caretaking_paras(b, l, &care)).is_empty());
    }

    #[test]
    fn health_lines_say_no_concerns_only_when_assessed() {
        let l = Labels::for_language(Language::En);
        assert_eq!(health_line(l, Some(false), &None), "no concerns");
        assert_eq!(health_line(l, None, &None), "");
        assert_eq!(
            health_line(l, None, &Some("Drinks at weekends.".into())),
            "Drinks at weekends."
        );
        let mental = MentalHealth {
            concerns: None,
            diagnoses: vec!["depression".into()],
            treatment: None,
        };
        assert_eq!(
            mental_health_line(l, &mental),
            "recorded diagnoses: depression"
        );
    }

    #[test]
    fn a_schedule_reads_as_days_and_hours_in_the_report_s_language() {
        let blocks = [ScheduleBlock {
            days: vec![Weekday::Tue, Weekday::Thu],
            from: clock("15:00"),
            to: clock("17:00"),
        }];
        let en = plain_schedule(Labels::for_language(Language::En), &blocks);
        assert_eq!(en, "Tuesday and Thursday, from 15:00 to 17:00");
        let fr = plain_schedule(Labels::for_language(Language::Fr), &blocks);
        assert!(fr.starts_with("mardi et jeudi"), "{fr}");
    }

    #[test]
    fn employment_gives_the_occupation_and_then_the_hours() {
        let l = Labels::for_language(Language::En);
        let work = Employment {
            status: Some(EmploymentStatus::Employed),
            occupation: Some("warehouse operative".into()),
            schedule: vec![ScheduleBlock {
                days: vec![Weekday::Mon],
                from: clock("06:00"),
                to: clock("14:00"),
            }],
        };
        assert_eq!(
            employment_line(l, &work),
            "employed, warehouse operative. Working hours: Mon\u{a0}06:00–\u{2060}14:00"
        );
    }

    #[test]
    fn a_reason_is_worded_in_the_report_s_language() {
        let reason = Reason::BelowMinAge { min: 25, age: 23 };
        let en = reason_text(Labels::for_language(Language::En), &reason);
        let es = reason_text(Labels::for_language(Language::Es), &reason);
        assert!(en.contains("25") && en.contains("23"), "{en}");
        assert_ne!(en, es);
    }
}
