//! Warnings about the proposal as a whole (net-widening, the least restrictive option,
//! custody, needs left aside, capacity), and the points for the court's attention:
//! the matters the court decides or must weigh, as their own typed output.
//!
//! A warning that only asks the author to complete the report (custody without its
//! rationale, finances not recorded) has no point: the report never prints the
//! author's to-do list to the court.

use std::collections::BTreeSet;

use serde::Serialize;

use super::parameters::money;
use super::schedule::{Conflict, describe, intervals, overlaps};
use super::{OptionConsidered, OptionStatus};
use crate::diagnostic::kyoto::Part;
use crate::diagnostic::{Diagnostic, codes};
use crate::load::SourceMap;
use crate::model::case::Proposal;
use crate::model::case::{Dependant, Need, ReportKind, RiskLevel};
use crate::model::catalogue::{Currency, MeasureCategory, ParamType};
use crate::model::{Case, Catalogue, ParamValue, words};

/// A matter for the court's attention: something it decides or must weigh about the
/// proposal and the person (unmet needs, consent and refusals, conflicts with work and
/// care, net-widening, custody and dependants), never something the author left out.
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
    /// `W075`: a short custodial term (para 24).
    ShortCustody {
        /// Months.
        months: u32,
    },
    /// Custody is considered for the primary caregiver of dependants (paras 5, 25,
    /// 27).
    CustodyForCaregiver {
        /// The dependants, as recorded.
        dependants: Vec<Dependant>,
    },
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
    /// The person does not agree to a proposed measure (`consent: false`).
    PersonDeclined {
        /// The measure's name.
        measure: String,
    },
    /// `W058`: an offence committed before the person reached the age of majority (para 4, footnote 3).
    OffenceAsAChild {
        /// The offence, as described.
        offence: String,
        /// The person's age then.
        age: i32,
        /// The area's age of majority (para 4, footnote 3).
        majority: u8,
    },
    /// `W069`: a measure proposed although the catalogue's criteria exclude it, with
    /// the author's reason (paras 11, 12, 16).
    Override {
        /// The measure's name.
        measure: String,
        /// The criteria it departs from.
        reasons: Vec<super::Reason>,
        /// The author's reason.
        reason: String,
    },
    /// `W055`: diversion may be preferred for a young adult or a person with a
    /// relevant health condition, and the catalogue offers it (para 18).
    DiversionPreferred {
        /// The diversion measure's name.
        measure: String,
    },
    /// `W059`: custody considered for a pregnant woman (para 5).
    CustodyPregnant,
    /// `W090`: electronic monitoring proposed without supervision (para 33).
    MonitoringWithoutSupervision {
        /// The measure's name.
        measure: String,
    },
    /// `W091`: the sessions of the proposed measures take many hours a week (para 31).
    HoursPerWeek {
        /// Whole hours a week.
        hours: u32,
    },
    /// `W092`: two proposed measures meet at the same times (para 31).
    MeasuresClash {
        /// One measure's name.
        first: String,
        /// The other's.
        second: String,
        /// Minutes of the week, half-open.
        times: Vec<(u32, u32)>,
    },
    /// `W093`: the amounts proposed each month against the income recorded (para 31).
    AmountsHigh {
        /// Proposed each month, as the report writes money.
        monthly: String,
        /// Recorded income each month, as the report writes money.
        income: String,
    },
    /// The victim declined restorative justice, and the catalogue offers it (para 50).
    VictimDeclined,
    /// `W061`: restorative justice proposed before the victim's consent is recorded:
    /// it waits on it (model strategy 11, para 50).
    VictimNotAsked {
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

const W071_HINT: &str = "unnecessary supervision of people at low risk may increase reoffending; conditions should be limited to those necessary";
const W072_HINT: &str = "conditions should be limited to those necessary and not excessive; keep only what addresses an assessed need";
const W073_HINT: &str = "consider the least restrictive measure that meets the purpose";
const W074_HINT: &str =
    "imprisonment is a measure of last resort: say why custody is or is not proposed";
const W075_HINT: &str = "States may consider a presumption against short prison terms, which usually offer little opportunity for rehabilitative interventions: the court sees the term among the points for its attention";
const W076_HINT: &str = "describe the impact of custody on dependants, work and housing";
const W077_HINT: &str = "interventions should respond to the assessed needs, or the report should say why a need is left aside";
const W059_HINT: &str = "the specific situation of a pregnant woman is taken into account: describe it in `custody_impact`";
const W078_HINT: &str = "the court should know whether the measure is really available";
const W079_HINT: &str = "tell the court when the measure can really start";

impl Point {
    /// The parts of the model strategies the point rests on: those of its code.
    pub fn cites(&self) -> &'static [Part] {
        match self {
            Point::Conflict { .. } => codes::W070.cites,
            Point::Restrictive { .. } => codes::W071.cites,
            Point::TooMany { .. } => codes::W072.cites,
            Point::LessRestrictive { .. } => codes::W073.cites,
            Point::ShortCustody { .. } => codes::W075.cites,
            Point::CustodyForCaregiver { .. } => &[Part::Para(5), Part::Para(25), Part::Para(27)],
            Point::UnaddressedNeed { .. } => codes::W077.cites,
            Point::NoPlaces { .. } => codes::W078.cites,
            Point::LongWait { .. } => codes::W079.cites,
            Point::PersonDeclined { .. } => &[],
            Point::OffenceAsAChild { .. } => codes::W058.cites,
            Point::VictimDeclined => &[Part::Para(50), Part::Strategy(11)],
            Point::VictimNotAsked { .. } => codes::W061.cites,
            Point::Override { .. } => codes::W069.cites,
            Point::DiversionPreferred { .. } => codes::W055.cites,
            Point::CustodyPregnant => codes::W059.cites,
            Point::MonitoringWithoutSupervision { .. } => codes::W090.cites,
            Point::HoursPerWeek { .. } => codes::W091.cites,
            Point::MeasuresClash { .. } => codes::W092.cites,
            Point::AmountsHigh { .. } => codes::W093.cites,
        }
    }

    /// The point with the measure `id` called by its `name` in the report.
    pub fn named(self, id: &str, name: &str) -> Point {
        let rename = |measure: String| {
            if measure == id {
                name.to_string()
            } else {
                measure
            }
        };
        match self {
            Point::PersonDeclined { measure } => Point::PersonDeclined {
                measure: rename(measure),
            },
            Point::VictimNotAsked { measure } => Point::VictimNotAsked {
                measure: rename(measure),
            },
            Point::Override {
                measure,
                reasons,
                reason,
            } => Point::Override {
                measure: rename(measure),
                reasons,
                reason,
            },
            other => other,
        }
    }
}

/// What a rule about the proposal reads.
pub struct Proposed<'a> {
    /// The case.
    pub case: &'a Case,
    /// The proposal.
    pub proposal: &'a Proposal,
    /// Every option, least restrictive first.
    pub options: &'a [OptionConsidered],
    /// The options proposed.
    pub chosen: Vec<&'a OptionConsidered>,
    /// The catalogue's currency, for amounts.
    pub currency: Option<&'a Currency>,
    /// Places findings.
    pub map: &'a SourceMap,
}

/// A warning, with its point for the court when it is one.
pub type Warning = (Diagnostic, Option<Point>);

/// A rule about the proposal as a whole: the codes it may report, and the check.
pub struct ProposalRule {
    /// The codes it reports.
    pub codes: &'static [codes::Code],
    /// The check.
    pub check: fn(&Proposed<'_>) -> Vec<Warning>,
}

/// The rules about the proposal as a whole, in the order the court reads them.
pub const PROPOSAL_RULES: &[ProposalRule] = &[
    ProposalRule {
        codes: &[codes::W071, codes::W072],
        check: net_widening,
    },
    ProposalRule {
        codes: &[codes::W073],
        check: least_restrictive,
    },
    ProposalRule {
        codes: &[codes::W074, codes::W075, codes::W076, codes::W059],
        check: custody,
    },
    ProposalRule {
        codes: &[codes::W090],
        check: monitoring,
    },
    ProposalRule {
        codes: &[codes::W091, codes::W092],
        check: time_taken,
    },
    ProposalRule {
        codes: &[codes::W093],
        check: amounts,
    },
    ProposalRule {
        codes: &[codes::W047],
        check: accessibility,
    },
    ProposalRule {
        codes: &[codes::W077],
        check: unaddressed_needs,
    },
    ProposalRule {
        codes: &[codes::W078, codes::W079],
        check: capacity,
    },
];

/// The warnings about the proposal as a whole, with their points for the court.
pub fn proposal_warnings(
    case: &Case,
    catalogue: &Catalogue,
    options: &[OptionConsidered],
    map: &SourceMap,
) -> Vec<Warning> {
    let Some(proposal) = &case.proposal else {
        return Vec::new();
    };
    let proposed = Proposed {
        case,
        proposal,
        options,
        chosen: options
            .iter()
            .filter(|o| o.status == OptionStatus::Proposed)
            .collect(),
        currency: catalogue.currency.as_ref(),
        map,
    };
    PROPOSAL_RULES
        .iter()
        .flat_map(|rule| (rule.check)(&proposed))
        .collect()
}

/// A warning about `proposal.measures`, where these rules point.
fn about_measures(p: &Proposed<'_>, code: codes::Code, message: String, hint: &str) -> Diagnostic {
    Diagnostic::new(code, "proposal.measures", message)
        .with_hint(hint)
        .at(p.map.value("proposal.measures"))
}

/// W071, W072: intensive or many measures for a person at low risk (para 34).
fn net_widening(p: &Proposed<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    if p.case.assessment.risk_of_reoffending != Some(RiskLevel::Low) {
        return out;
    }
    for option in p.chosen.iter().filter(|o| o.measure.restrictiveness >= 4) {
        let (id, level) = (&option.measure.id, option.measure.restrictiveness);
        out.push((
            about_measures(
                p,
                codes::W071,
                format!("risk of reoffending is low and `{id}` has restrictiveness {level}"),
                W071_HINT,
            ),
            Some(Point::Restrictive {
                measure: option.name.clone(),
                level,
            }),
        ));
    }
    let count = p.proposal.measures.len();
    if count >= 3 {
        out.push((
            about_measures(
                p,
                codes::W072,
                format!("risk of reoffending is low and {count} measures are proposed"),
                W072_HINT,
            ),
            Some(Point::TooMany { count }),
        ));
    }
    out
}

/// W073: an eligible, less restrictive measure meets the same assessed needs
/// (para 15).
fn least_restrictive(p: &Proposed<'_>) -> Vec<Warning> {
    let needs = &p.case.assessment.criminogenic_needs;
    let mut out = Vec::new();
    for chosen in &p.chosen {
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
        let (measure, level) = (&chosen.measure, chosen.measure.restrictiveness);
        for other in p.options.iter().filter(|o| {
            o.status == OptionStatus::Eligible
                && o.measure.restrictiveness < level
                && relevant
                    .iter()
                    .all(|n| o.measure.addresses_needs.contains(n))
        }) {
            let other_level = other.measure.restrictiveness;
            out.push((
                about_measures(
                    p,
                    codes::W073,
                    format!(
                        "`{}` (restrictiveness {other_level}) addresses the same needs as `{}` (restrictiveness {level}) and is not proposed",
                        other.measure.id, measure.id
                    ),
                    W073_HINT,
                ),
                Some(Point::LessRestrictive {
                    other: other.name.clone(),
                    other_level,
                    measure: chosen.name.clone(),
                    level,
                }),
            ));
        }
    }
    out
}

/// W074, W075, W076: custody is explained, a last resort (core principle II); short
/// terms are pointed out (para 24); and its impact on a primary caregiver's
/// dependants is described (paras 5, 14, 25, 27).
fn custody(p: &Proposed<'_>) -> Vec<Warning> {
    let proposal = p.proposal;
    let at = |path: &str| p.map.value(path);
    let mut out = Vec::new();
    let custody = proposal.custody_considered || proposal.custody_months.is_some();
    let blank = |text: &Option<String>| text.as_deref().is_none_or(|t| t.trim().is_empty());
    if custody && blank(&proposal.custody_rationale) {
        out.push((
            Diagnostic::new(
                codes::W074,
                "proposal.custody_rationale",
                "custody is considered without a `custody_rationale`",
            )
            .with_hint(W074_HINT)
            .at(at("proposal")),
            None,
        ));
    }
    if let Some(months) = proposal.custody_months.filter(|m| *m < 12) {
        out.push((
            Diagnostic::new(
                codes::W075,
                "proposal.custody_months",
                format!("a short custodial term ({months} months) is proposed"),
            )
            .with_hint(W075_HINT)
            .at(at("proposal.custody_months")),
            Some(Point::ShortCustody { months }),
        ));
    }
    let caregiver = p
        .case
        .circumstances
        .caretaking
        .as_ref()
        .is_some_and(|c| c.primary_caregiver == Some(true));
    if custody && p.case.person.pregnant == Some(true) {
        out.push((
            Diagnostic::new(
                codes::W059,
                "proposal.custody_considered",
                "custody is considered for a woman who is pregnant",
            )
            .with_hint(W059_HINT)
            .at(at("proposal")),
            Some(Point::CustodyPregnant),
        ));
    }
    if custody && caregiver && blank(&proposal.custody_impact) {
        out.push((
            Diagnostic::new(
                codes::W076,
                "proposal.custody_impact",
                "custody is considered for a primary caregiver without a `custody_impact`",
            )
            .with_hint(W076_HINT)
            .at(at("proposal")),
            None,
        ));
    }
    out
}

/// W077: each assessed need is met by a proposed measure (core principle IV). Not
/// said while a proposed id is unknown (E060), which would make every need look
/// unaddressed, nor in a bail report.
fn unaddressed_needs(p: &Proposed<'_>) -> Vec<Warning> {
    // Bail conditions secure attendance and safety until the trial; they are not
    // meant to answer the needs behind offending (paras 20–21).
    if p.case.report.serves() == ReportKind::Bail {
        return Vec::new();
    }
    let complete = p
        .proposal
        .measures
        .iter()
        .all(|m| p.options.iter().any(|o| o.measure.id == m.id));
    if !complete {
        return Vec::new();
    }
    let addressed: BTreeSet<Need> = p
        .chosen
        .iter()
        .flat_map(|o| o.measure.addresses_needs.iter().copied())
        .collect();
    let path = "assessment.criminogenic_needs";
    p.case
        .assessment
        .criminogenic_needs
        .iter()
        .filter(|n| !addressed.contains(n))
        .map(|need| {
            (
                Diagnostic::new(
                    codes::W077,
                    path,
                    format!("no proposed measure addresses the need `{}`", words(need)),
                )
                .with_hint(W077_HINT)
                .at(p.map.value(path)),
                Some(Point::UnaddressedNeed { need: *need }),
            )
        })
        .collect()
}

/// W078, W079: a proposed measure has places and can start soon after the hearing
/// (para 28).
fn capacity(p: &Proposed<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    for option in &p.chosen {
        let Some(capacity) = &option.measure.capacity else {
            continue;
        };
        let (id, name) = (&option.measure.id, &option.name);
        if capacity.places == Some(0) {
            out.push((
                about_measures(
                    p,
                    codes::W078,
                    format!("`{id}` has no places available"),
                    W078_HINT,
                ),
                Some(Point::NoPlaces {
                    measure: name.clone(),
                }),
            ));
        }
        if let Some(weeks) = capacity.waiting_weeks.filter(|w| *w > 4) {
            out.push((
                about_measures(
                    p,
                    codes::W079,
                    format!(
                        "`{id}` has a waiting time of {weeks} weeks: it cannot start within four weeks of the hearing"
                    ),
                    W079_HINT,
                ),
                Some(Point::LongWait {
                    measure: name.clone(),
                    weeks,
                }),
            ));
        }
    }
    out
}

/// W090: electronic monitoring is an aid to supervision, not supervision itself
/// (para 33).
fn monitoring(p: &Proposed<'_>) -> Vec<Warning> {
    let has = |category: MeasureCategory| p.chosen.iter().any(|o| o.measure.category == category);
    if has(MeasureCategory::Supervision) {
        return Vec::new();
    }
    p.chosen
        .iter()
        .filter(|o| o.measure.category == MeasureCategory::ElectronicMonitoring)
        .map(|o| {
            (
                about_measures(
                    p,
                    codes::W090,
                    format!("`{}` is electronic monitoring, and no supervision is proposed", o.measure.id),
                    "without human support, monitoring does not change behaviour: propose supervision beside it, or say who supports the person",
                ),
                Some(Point::MonitoringWithoutSupervision {
                    measure: o.name.clone(),
                }),
            )
        })
        .collect()
}

/// Sessions a week above which the court should weigh whether the proposal can be
/// kept to alongside work and care: psr's own threshold, not the text's.
const MANY_HOURS_A_WEEK: u32 = 20;

/// W091, W092: the proposal as a whole can be kept to: its sessions do not take more
/// than a working week's evenings and weekends, and no two measures meet at once
/// (para 31: realistic, in order to enable compliance; model strategy 5).
fn time_taken(p: &Proposed<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    let sessions: Vec<(&OptionConsidered, Vec<(u32, u32)>)> = p
        .chosen
        .iter()
        .filter(|o| !o.measure.schedule.is_empty())
        .map(|o| (*o, merge_all(intervals(&o.measure.schedule))))
        .collect();
    let minutes: u32 = sessions
        .iter()
        .flat_map(|(_, times)| times.iter().map(|(a, b)| b - a))
        .sum();
    let hours = minutes / 60;
    if hours > MANY_HOURS_A_WEEK {
        out.push((
            about_measures(
                p,
                codes::W091,
                format!("the sessions of the measures proposed take {hours} hours a week"),
                "conditions should be realistic and limited to those necessary: check that the person can keep to them alongside work and care",
            ),
            Some(Point::HoursPerWeek { hours }),
        ));
    }
    for (i, (first, a)) in sessions.iter().enumerate() {
        for (second, b) in &sessions[i + 1..] {
            let clash = overlaps(a, b);
            if clash.is_empty() {
                continue;
            }
            out.push((
                about_measures(
                    p,
                    codes::W092,
                    format!(
                        "`{}` and `{}` meet at the same times: {}",
                        first.measure.id,
                        second.measure.id,
                        describe(&clash)
                    ),
                    "the person cannot be in two places at once: choose other sessions or other measures",
                ),
                Some(Point::MeasuresClash {
                    first: first.name.clone(),
                    second: second.name.clone(),
                    times: clash,
                }),
            ));
        }
    }
    out
}

fn merge_all(times: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    // Overlapping blocks of one measure count once.
    overlaps(&times, &[(0, 7 * 1440)])
}

/// The share of a month's income above which amounts are pointed out: psr's own
/// threshold, not the text's.
const INCOME_SHARE_PERCENT: u64 = 25;

/// W093: amounts of money set against the person's finances (para 31: realistic;
/// para 14: socioeconomic status).
fn amounts(p: &Proposed<'_>) -> Vec<Warning> {
    // What is to be paid each month: each amount over its measure's `months`, or at
    // once when it has none; in cents.
    let mut monthly: u64 = 0;
    let mut any = false;
    for (entry, option) in p.proposal.measures.iter().filter_map(|e| {
        p.chosen
            .iter()
            .find(|o| o.measure.id == e.id)
            .map(|o| (e, *o))
    }) {
        let months = entry
            .parameters
            .get("months")
            .and_then(|v| match v {
                ParamValue::Integer(n) if *n > 0 => Some(*n as u64),
                _ => None,
            })
            .unwrap_or(1);
        for (name, spec) in &option.measure.parameters {
            if spec.kind != ParamType::Money {
                continue;
            }
            if let Some(ParamValue::Text(text)) = entry.parameters.get(name)
                && let Some(cents) = cents(text)
            {
                any = true;
                monthly += cents.div_ceil(months);
            }
        }
    }
    if !any {
        return Vec::new();
    }
    let finances = p.case.circumstances.finances.as_ref();
    let income = finances
        .and_then(|f| f.monthly_income.as_deref())
        .and_then(cents);
    let recorded = finances.is_some_and(|f| {
        f.monthly_income.is_some() || f.notes.as_deref().is_some_and(|n| !n.trim().is_empty())
    });
    match income {
        Some(income) if monthly * 100 > income * INCOME_SHARE_PERCENT => vec![(
            about_measures(
                p,
                codes::W093,
                format!(
                    "the amounts proposed come to {} a month, more than a quarter of the income recorded ({})",
                    decimal(monthly),
                    decimal(income)
                ),
                "amounts should be realistic for the person to pay: check them against their means",
            ),
            Some(Point::AmountsHigh {
                monthly: money(&decimal(monthly), p.case.report.language, p.currency),
                income: money(&decimal(income), p.case.report.language, p.currency),
            }),
        )],
        Some(_) => Vec::new(),
        None if recorded => Vec::new(),
        None => vec![(
            about_measures(
                p,
                codes::W093,
                "amounts of money are proposed, and the person's finances are not recorded"
                    .to_string(),
                "add `finances:` under `circumstances` (notes, and `monthly_income` if known): amounts should be realistic for the person to pay",
            ),
            None,
        )],
    }
}

/// Cents of an amount written "180.00"; `None` for anything else.
fn cents(text: &str) -> Option<u64> {
    if !super::is_money(text) {
        return None;
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, "0"));
    let fraction = format!("{fraction:0<2}");
    Some(whole.parse::<u64>().ok()? * 100 + fraction.parse::<u64>().ok()?)
}

/// "180.00" from cents.
fn decimal(cents: u64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// W047: for a person with recorded disabilities, proposed measures that take place
/// somewhere and whose accessibility the catalogue does not state (paras 14, 27).
fn accessibility(p: &Proposed<'_>) -> Vec<Warning> {
    let disabled = p
        .case
        .circumstances
        .health
        .as_ref()
        .is_some_and(|h| !h.disabilities.is_empty());
    if !disabled {
        return Vec::new();
    }
    p.chosen
        .iter()
        .filter(|o| {
            let attended = !o.measure.schedule.is_empty() || o.measure.location.is_some();
            attended && o.measure.accessible != Some(true)
        })
        .map(|o| {
            (
                about_measures(
                    p,
                    codes::W047,
                    format!(
                        "the person has recorded disabilities, and the catalogue does not say that `{}` is accessible",
                        o.measure.id
                    ),
                    "check with the provider that the person can take part, and say so in the report",
                ),
                None,
            )
        })
        .collect()
}

/// The points about the person and the case that no warning raises: custody weighed
/// for a primary caregiver (paras 5, 25, 27) and an offence committed as a child
/// (para 4).
pub fn case_points(case: &Case, majority: u8) -> Vec<Point> {
    let mut points: Vec<Point> = case
        .offences_before(majority)
        .filter(|_| case.age_at_hearing() >= i32::from(majority))
        .map(|(_, offence, age)| Point::OffenceAsAChild {
            offence: offence.description.trim().to_string(),
            age,
            majority,
        })
        .collect();
    let sentencing = matches!(case.report.serves(), ReportKind::Full | ReportKind::Short);
    let custody = case
        .proposal
        .as_ref()
        .is_some_and(|p| p.custody_considered || p.custody_months.is_some());
    if let Some(care) = case.circumstances.caretaking.as_ref()
        && care.primary_caregiver == Some(true)
        && sentencing
        && custody
    {
        points.push(Point::CustodyForCaregiver {
            dependants: care.dependants.clone(),
        });
    }
    points
}
