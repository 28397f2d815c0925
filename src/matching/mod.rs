//! Stage 3: the proposal against the catalogue of measures really available (para 28).
//!
//! [`match_measures`] is a pure function of the case and the catalogue (the hearing
//! date comes from the case): no I/O, no clock, so that it can be unit-tested rule by
//! rule and run in batch. It never decides: it lists every option with the reasons it
//! is or is not open ([`mod@eligibility`]), checks and fills the conditions of the proposed
//! measures ([`parameters`]), finds clashes with work and care ([`schedule`]), and
//! raises the warnings a court should see ([`warnings`]).
//! `docs/how-matching-works.md` explains every rule.

pub mod counted;
pub mod eligibility;
pub mod parameters;
pub mod schedule;
pub mod texts;
pub mod warnings;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, closest, codes};
use crate::load::SourceMap;
use crate::model::case::{ProposedMeasure, ReportKind, ReportStatus};
use crate::model::catalogue::Measure;
use crate::model::{Case, Catalogue};
use crate::validate::{Reports, reports};
use texts::Wording;

pub use eligibility::{Reason, eligibility, eligibility_in};
pub use parameters::{Filling, MONEY_HINT, fill_condition, is_money, money};
pub use schedule::{Conflict, conflicts, describe, describe_with, intervals, overlaps, uncovered};
pub use warnings::Point;

const UNKNOWN_MEASURE_HINT: &str =
    "the catalogue's measures are listed by `psr measures CASE --catalogue FILE`";
const NOT_ELIGIBLE_HINT: &str =
    "remove the measure from the proposal or choose an eligible one (see \"Options considered\")";
const CONDITION_HINT: &str = "conditions must be unambiguous; give every value the catalogue's condition text uses, or fix the catalogue";
const KIND_HINT: &str = "the catalogue lists the kinds of report each measure serves (`kinds`); a bail report proposes bail measures, a pre-release report licence conditions: choose one of the options of this kind (`psr measures`)";
const CONFLICT_HINT: &str =
    "conditions should fit the person's work schedule and family responsibilities";

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

/// One row of "Options considered".
#[derive(Debug, Clone, Serialize)]
pub struct OptionConsidered {
    /// The measure.
    pub measure: Measure,
    /// Its name in the report's language.
    pub name: String,
    /// Proposed, eligible or not.
    pub status: OptionStatus,
    /// Each failed eligibility rule.
    pub reasons: Vec<Reason>,
    /// Each conflict with the person's work or care (para 31).
    pub conflicts: Vec<Conflict>,
}

/// A proposed measure with its texts in the report's language and its conditions
/// filled in; plain text.
#[derive(Debug, Clone, Serialize)]
pub struct ProposedCondition {
    /// The measure.
    pub measure: Measure,
    /// Its name.
    pub name: String,
    /// The condition as the court reads it.
    pub condition: String,
    /// The condition as the person reads it (the court's when the catalogue has one).
    pub condition_person: String,
    /// The measure in a few words, for the sentence that states the whole proposal.
    pub summary: Option<String>,
    /// Its legal basis.
    pub legal_basis: Option<String>,
    /// The person's consent, as recorded.
    pub consent: Option<bool>,
}

/// What matching concludes.
#[derive(Debug, Clone, Serialize)]
pub struct Matching {
    /// Every measure of the catalogue, least to most restrictive.
    pub options: Vec<OptionConsidered>,
    /// The proposed measures that could be filled, in proposal order.
    pub proposed: Vec<ProposedCondition>,
    /// The same in the language of the person's copy, when the case asks for it in
    /// another language than the report's (`report.person_language`); `None` when
    /// the person's copy reads `proposed`.
    pub person_proposed: Option<Vec<ProposedCondition>>,
    /// Errors and warnings about the proposal.
    pub findings: Vec<Diagnostic>,
    /// The points for the court's attention: what it decides or must weigh, as data
    /// that the report words in its own language (never the author's to-do list).
    pub points: Vec<Point>,
}

/// Matches a case's proposal against a catalogue. `map` only places findings.
pub fn match_measures(case: &Case, catalogue: &Catalogue, map: &SourceMap) -> Matching {
    let chosen = case.proposal.as_ref().map_or(&[][..], |p| &p.measures);
    let mut wording = Wording::new(case, catalogue);
    let mut person_wording = Wording::for_person(case, catalogue);
    let options = options(case, catalogue, chosen, &mut wording);
    let mut matching = Matching {
        options: Vec::new(),
        proposed: Vec::new(),
        person_proposed: person_wording.as_ref().map(|_| Vec::new()),
        findings: Vec::new(),
        points: Vec::new(),
    };
    let proposal = Proposal {
        case,
        catalogue,
        options: &options,
        map,
    };
    for (i, entry) in chosen.iter().enumerate() {
        let before = matching.proposed.len();
        proposal.check(entry, i, &mut wording, &mut matching);
        let filled = matching.proposed.len() > before;
        if let (true, Some(person), Some(measure), Some(list)) = (
            filled,
            person_wording.as_mut(),
            catalogue.measure(&entry.id),
            matching.person_proposed.as_mut(),
        ) {
            // The person reads in words they understand what the court reads in its
            // own (para 12); a condition that cannot be filled there is reported in the
            // report's language already, so the court's text stands in for it.
            let in_person = proposal
                .fill(measure, entry, person)
                .unwrap_or_else(|_| matching.proposed[before].clone());
            list.push(in_person);
        }
    }
    if let Some((finding, point)) = diversion_preferred(case, catalogue, map, &mut wording) {
        matching.findings.push(finding);
        matching.points.push(point);
    }
    for (finding, point) in warnings::proposal_warnings(case, catalogue, &options, map) {
        matching.findings.push(finding);
        matching.points.extend(point);
    }
    matching
        .points
        .extend(warnings::case_points(case, catalogue.majority()));
    // The court reads a refusal as a refusal, not as "consent not recorded".
    if options
        .iter()
        .any(|o| o.reasons.contains(&Reason::VictimDeclined))
    {
        matching.points.push(Point::VictimDeclined);
    }
    matching.findings.extend(wording.finding(case, map));
    if let Some(person) = &person_wording {
        matching.findings.extend(person.finding(case, map));
    }
    matching.options = options;
    matching
}

/// What the case says about the person and the offence, and the hearing their age is
/// counted at: what eligibility and the weighing of a proposal read.
const THE_PERSON: &[&str] = &[
    "report.kind",
    "report.hearing_date",
    "person",
    "offences",
    "criminal_history",
    "circumstances",
    "assessment",
    "victim",
    "proposal",
    "pretrial",
    "release",
];

/// What the matching's finding of each code reads ([`crate::validate::Reports`]).
pub const REPORTS: &[Reports] = &[
    reports(codes::E060, &["proposal.measures"]),
    reports(codes::E061, THE_PERSON),
    reports(codes::W061, &["victim", "proposal.measures"]),
    reports(codes::E062, &["proposal.measures"]),
    reports(codes::E063, &["proposal.measures"]),
    reports(codes::E064, &["proposal.measures"]),
    reports(codes::E065, &["proposal.measures"]),
    reports(codes::E066, &["proposal.measures", "person", "report"]),
    reports(
        codes::E067,
        &["report.language", "report.person_language", "report.status"],
    ),
    reports(
        codes::W067,
        &["report.language", "report.person_language", "report.status"],
    ),
    reports(codes::E068, &["report.kind", "proposal.measures"]),
    reports(codes::W068, &["report.kind", "proposal.measures"]),
    reports(codes::E069, &["report.kind", "proposal.measures"]),
    reports(
        codes::W094,
        &["report.kind", "report.status", "proposal.measures"],
    ),
    reports(codes::W069, &["proposal.measures"]),
    reports(
        codes::W047,
        &["person", "circumstances.health", "proposal.measures"],
    ),
    reports(codes::W055, THE_PERSON),
    reports(codes::W059, &["person", "proposal"]),
    reports(codes::W090, &["proposal.measures"]),
    reports(codes::W091, &["proposal.measures"]),
    reports(codes::W092, &["proposal.measures"]),
    reports(
        codes::W093,
        &["proposal.measures", "circumstances.finances"],
    ),
    reports(codes::N062, &["proposal.measures"]),
    reports(
        codes::W070,
        &[
            "proposal.measures",
            "circumstances.employment",
            "circumstances.caretaking",
        ],
    ),
    reports(codes::W071, &["assessment", "proposal"]),
    reports(codes::W072, &["assessment", "proposal"]),
    reports(codes::W073, &["assessment", "proposal"]),
    reports(codes::W074, &["proposal"]),
    reports(codes::W075, &["proposal"]),
    reports(codes::W076, &["proposal", "circumstances.caretaking"]),
    reports(codes::W077, &["assessment", "proposal"]),
    reports(codes::W078, &["proposal.measures"]),
    reports(codes::W079, &["proposal.measures", "report.hearing_date"]),
];

/// Every measure of the catalogue with its status, least restrictive first
/// (para 15); the catalogue's order breaks ties.
fn options(
    case: &Case,
    catalogue: &Catalogue,
    chosen: &[ProposedMeasure],
    wording: &mut Wording,
) -> Vec<OptionConsidered> {
    let proposed_ids: BTreeSet<&str> = chosen.iter().map(|m| m.id.as_str()).collect();
    let kind = case.report.serves();
    let mut options: Vec<OptionConsidered> = catalogue
        .measures
        .iter()
        // The options of this kind of report (a bail report lists bail measures), and
        // any measure proposed all the same, so that the court sees it.
        .filter(|m| m.kinds().contains(&kind) || proposed_ids.contains(m.id.as_str()))
        .map(|measure| {
            let consent = chosen
                .iter()
                .find(|p| p.id == measure.id)
                .and_then(|p| p.consent);
            let reasons = eligibility_in(case, measure, consent, catalogue.majority());
            let status = if proposed_ids.contains(measure.id.as_str()) {
                OptionStatus::Proposed
            } else if !reasons.iter().any(Reason::excludes) {
                // Listed with what it waits on (the victim's consent), if anything.
                OptionStatus::Eligible
            } else {
                OptionStatus::NotEligible
            };
            OptionConsidered {
                measure: measure.clone(),
                name: wording.name(measure),
                status,
                reasons,
                conflicts: conflicts(case, measure),
            }
        })
        .collect();
    options.sort_by_key(|o| o.measure.restrictiveness);
    options
}

/// What the checks of each proposed entry read.
struct Proposal<'a> {
    case: &'a Case,
    catalogue: &'a Catalogue,
    options: &'a [OptionConsidered],
    map: &'a SourceMap,
}

impl Proposal<'_> {
    /// The checks of one proposed measure, entry `i` of the proposal: E060, E061,
    /// W061, N062, E069/W094, E062–E066, E068/W068, W070.
    fn check(
        &self,
        chosen: &ProposedMeasure,
        i: usize,
        wording: &mut Wording,
        matching: &mut Matching,
    ) {
        let (case, map) = (self.case, self.map);
        let path = format!("proposal.measures[{i}]");
        let id_path = format!("{path}.id");
        let Some(measure) = self.catalogue.measure(&chosen.id) else {
            matching
                .findings
                .push(unknown_measure(self.catalogue, &chosen.id, &id_path, map));
            return;
        };
        matching
            .findings
            .extend(other_kind(case, measure, &id_path, map));
        let majority = self.catalogue.majority();
        let (findings, points) =
            consent_and_eligibility(case, measure, majority, chosen, &path, map);
        matching.findings.extend(findings);
        // Points name the measure as the report does.
        let name = wording.name(measure);
        matching
            .points
            .extend(points.into_iter().map(|p| p.named(&measure.id, &name)));
        let parameter_errors =
            parameters::check_parameters(measure, &chosen.parameters, &path, map);
        if parameter_errors.is_empty() {
            match self.fill(measure, chosen, wording) {
                Ok(proposed) => matching.proposed.push(proposed),
                Err(message) => matching.findings.push(
                    Diagnostic::new(
                        codes::E066,
                        &path,
                        format!(
                            "the condition of `{}` cannot be filled: {message}",
                            measure.id
                        ),
                    )
                    .with_hint(CONDITION_HINT)
                    .at(map.value(&path)),
                ),
            }
        }
        matching.findings.extend(parameter_errors);
        let option = self.options.iter().find(|o| o.measure.id == measure.id);
        for conflict in option.map_or(&[][..], |o| o.conflicts.as_slice()) {
            matching.findings.push(
                Diagnostic::new(codes::W070, &path, format!("`{}`: {conflict}", measure.id))
                    .with_hint(CONFLICT_HINT)
                    .at(map.value(&path)),
            );
            matching.points.push(Point::Conflict {
                measure: option.map_or_else(|| measure.id.clone(), |o| o.name.clone()),
                conflict: conflict.clone(),
            });
        }
    }

    /// The measure's texts in the report's language, its templates filled.
    fn fill(
        &self,
        measure: &Measure,
        chosen: &ProposedMeasure,
        wording: &mut Wording,
    ) -> Result<ProposedCondition, String> {
        let name = wording.name(measure);
        let filling = Filling {
            name: &name,
            language: wording.language(),
            currency: self.catalogue.currency.as_ref(),
            gender: self.case.person.gender,
        };
        let given = &chosen.parameters;
        let mut fill = |field: &'static str, text: &crate::model::Text| {
            let template = wording.text(measure, field, text);
            fill_condition(&template, measure, given, &filling)
        };
        let condition = fill("condition", &measure.condition)?;
        let condition_person = match &measure.condition_person {
            Some(text) => fill("condition_person", text)?,
            None => condition.clone(),
        };
        let summary = match &measure.summary {
            Some(text) => Some(fill("summary", text)?),
            None => None,
        };
        let legal_basis = wording.optional(measure, "legal_basis", &measure.legal_basis);
        Ok(ProposedCondition {
            measure: measure.clone(),
            name,
            condition,
            condition_person,
            summary,
            legal_basis,
            consent: chosen.consent,
        })
    }
}

/// E068 (the catalogue names the measure's kinds) or W068 (its kinds follow from its
/// category): a measure proposed in a kind of report it does not serve.
fn other_kind(case: &Case, measure: &Measure, path: &str, map: &SourceMap) -> Option<Diagnostic> {
    let kind = case.report.serves();
    if measure.kinds().contains(&kind) {
        return None;
    }
    let code = if measure.kinds_are_explicit() {
        codes::E068
    } else {
        codes::W068
    };
    Some(
        Diagnostic::new(
            code,
            path,
            format!(
                "`{}` is not a measure for a {} report",
                measure.id,
                kind.as_str().replace('_', "-")
            ),
        )
        .with_hint(KIND_HINT)
        .at(map.value(path)),
    )
}

/// E061 for each eligibility rule the person fails, with this entry's own consent
/// (a measure may be proposed twice). Restorative justice before the victim has been
/// asked is no refusal: it is to be considered (model strategy 11) and proceeds only
/// with the victim's consent (para 50), so a warning (W061) and a point for the court
/// say that it waits on it; only the victim's recorded refusal is an error. W069 instead when the author gives a reason to
/// depart from the catalogue's criteria (the person's refusal and the victim's are
/// never overridden). The person's agreement: needed for a measure the catalogue
/// marks, and for every measure of a diversion report (para 17), where its absence
/// is an error (E069) rather than a note (N062); a refusal of a measure that does not
/// need it is the court's to weigh, a point rather than an error.
fn consent_and_eligibility(
    case: &Case,
    measure: &Measure,
    majority: u8,
    chosen: &ProposedMeasure,
    path: &str,
    map: &SourceMap,
) -> (Vec<Diagnostic>, Vec<Point>) {
    let id_path = format!("{path}.id");
    let diversion = case.report.serves() == ReportKind::Diversion;
    let needs_consent = measure.eligibility.requires_consent || diversion;
    let mut reasons = eligibility_in(case, measure, chosen.consent, majority);
    if !needs_consent {
        reasons.retain(|r| *r != Reason::NoConsent);
    }
    let victim_not_asked = reasons.contains(&Reason::NoVictimConsent);
    reasons.retain(|r| *r != Reason::NoVictimConsent);
    let overridable = |r: &Reason| !matches!(r, Reason::NoConsent | Reason::VictimDeclined);
    let override_reason = chosen
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let mut out = Vec::new();
    let mut points = Vec::new();
    if chosen.consent == Some(false) {
        points.push(Point::PersonDeclined {
            measure: measure.id.clone(),
        });
    }
    let (overridden, refused): (Vec<Reason>, Vec<Reason>) = match override_reason {
        Some(_) => reasons.into_iter().partition(overridable),
        None => (Vec::new(), reasons),
    };
    for reason in &refused {
        out.push(
            Diagnostic::new(
                codes::E061,
                &id_path,
                format!("the person is not eligible for `{}`: {reason}", measure.id),
            )
            .with_hint(NOT_ELIGIBLE_HINT)
            .at(map.value(&id_path)),
        );
    }
    if victim_not_asked {
        out.push(victim_not_asked_finding(measure, &id_path, map));
        points.push(Point::VictimNotAsked {
            measure: measure.id.clone(),
        });
    }
    if let (Some(reason), false) = (override_reason, overridden.is_empty()) {
        out.push(overridden_finding(measure, &overridden, &id_path, map));
        points.push(Point::Override {
            measure: measure.id.clone(),
            reasons: overridden,
            reason: reason.to_string(),
        });
    }
    if needs_consent && chosen.consent.is_none() {
        out.push(consent_missing(case, measure, diversion, path, map));
    }
    (out, points)
}

/// W061: restorative justice proposed before the victim was asked.
fn victim_not_asked_finding(measure: &Measure, id_path: &str, map: &SourceMap) -> Diagnostic {
    Diagnostic::new(
        codes::W061,
        id_path,
        format!(
            "`{}` is proposed and the victim's consent to it is not recorded",
            measure.id
        ),
    )
    .with_hint("restorative justice is to be considered, and proceeds only with the victim's informed consent: the court reads that it waits on it; record the victim's answer (`victim.restorative_justice_consent`) once they have been asked")
    .at(map.value(id_path))
}

/// W069: a measure the catalogue's rules exclude, proposed for the author's reason.
fn overridden_finding(
    measure: &Measure,
    overridden: &[Reason],
    id_path: &str,
    map: &SourceMap,
) -> Diagnostic {
    let listed: Vec<String> = overridden.iter().map(ToString::to_string).collect();
    Diagnostic::new(
        codes::W069,
        id_path,
        format!(
            "`{}` is proposed although the catalogue's rules exclude it ({}), for the reason given",
            measure.id,
            listed.join("; ")
        ),
    )
    .with_hint("the court sees the rules and the reason among the points for its attention; say why this person is an exception")
    .at(map.value(id_path))
}

/// The person's agreement not recorded for a measure that needs it: E069 in a final
/// diversion report (W094 in a draft), N062 elsewhere.
fn consent_missing(
    case: &Case,
    measure: &Measure,
    diversion: bool,
    path: &str,
    map: &SourceMap,
) -> Diagnostic {
    let draft = case.report.status == ReportStatus::Draft;
    let (code, message, hint) = if diversion {
        (
            // The referral needs the agreement, not the report that proposes it:
            // a draft is warned, a final report refused (para 17).
            if draft { codes::W094 } else { codes::E069 },
            format!(
                "`{}` is proposed in a diversion report, and the person's agreement to it is not recorded",
                measure.id
            ),
            "diversion proceeds only with the person's agreement to each measure: record it (`consent: true`) or propose another measure",
        )
    } else {
        (
            codes::N062,
            format!(
                "`{}` requires the person's consent, which is not recorded",
                measure.id
            ),
            "add `consent: true` to the proposed measure once the person has agreed to it",
        )
    };
    Diagnostic::new(code, path, message)
        .with_hint(hint)
        .at(map.value(path))
}

/// W055: in a sentencing report, diversion may be preferred for a young adult or a
/// person with a relevant health condition (para 18), and the catalogue offers a
/// diversion the person is eligible for.
fn diversion_preferred(
    case: &Case,
    catalogue: &Catalogue,
    map: &SourceMap,
    wording: &mut Wording,
) -> Option<(Diagnostic, Point)> {
    if !matches!(case.report.serves(), ReportKind::Full | ReportKind::Short) {
        return None;
    }
    // A child is refused altogether (E021).
    let age = case.age_at_hearing();
    if age < 18 {
        return None;
    }
    let young = age <= 24;
    let health = case.circumstances.health.as_ref().is_some_and(|h| {
        h.mental_health
            .as_ref()
            .is_some_and(|m| m.concerns == Some(true))
            || h.substance_use
                .as_ref()
                .is_some_and(|u| u.concerns == Some(true))
    });
    if !young && !health {
        return None;
    }
    let measure = catalogue.measures.iter().find(|m| {
        m.category == crate::model::catalogue::MeasureCategory::Diversion
            && m.kinds().contains(&ReportKind::Diversion)
            && eligibility_in(case, m, None, catalogue.majority()).is_empty()
    })?;
    let who = if young {
        "is a young adult"
    } else {
        "has a relevant health condition"
    };
    let finding = Diagnostic::new(
        codes::W055,
        "report.kind",
        format!(
            "the person {who}, and the catalogue offers a diversion they are eligible for: `{}`",
            measure.id
        ),
    )
    .with_hint("diversion may be a preferred response, and not only for first offences: say why it is or is not proposed")
    .at(map.value("report.kind"));
    Some((
        finding,
        Point::DiversionPreferred {
            measure: wording.name(measure),
        },
    ))
}

/// E060: a proposed measure that the catalogue does not have (para 28).
fn unknown_measure(catalogue: &Catalogue, id: &str, path: &str, map: &SourceMap) -> Diagnostic {
    let ids = catalogue.measures.iter().map(|m| m.id.as_str());
    let hint = match closest(id, ids) {
        Some(best) => format!("did you mean `{best}`? {UNKNOWN_MEASURE_HINT}"),
        None => UNKNOWN_MEASURE_HINT.to_string(),
    };
    Diagnostic::new(
        codes::E060,
        path,
        format!("unknown measure `{id}`: it is not in the catalogue"),
    )
    .with_hint(format!(
        "propose only measures really available in the area; {hint}"
    ))
    .at(map.value(path))
}
