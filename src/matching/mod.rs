//! Stage 3: the proposal against the catalogue of measures really available (para 28).
//!
//! [`match_measures`] is a pure function of the case and the catalogue (the hearing
//! date comes from the case): no I/O, no clock, so that it can be unit-tested rule by
//! rule and run in batch. It never decides: it lists every option with the reasons it
//! is or is not open ([`eligibility`]), checks and fills the conditions of the proposed
//! measures ([`parameters`]), finds clashes with work and care ([`schedule`]), and
//! raises the warnings a court should see ([`warnings`]).
//! `docs/how-matching-works.md` explains every rule.

pub mod eligibility;
pub mod parameters;
pub mod schedule;
pub mod warnings;

use std::collections::BTreeSet;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, closest, codes};
use crate::load::SourceMap;
use crate::model::case::ProposedMeasure;
use crate::model::catalogue::Measure;
use crate::model::{Case, Catalogue};

pub use eligibility::{Reason, eligibility};
pub use parameters::{fill_condition, is_money};
pub use schedule::{Conflict, conflicts, describe, describe_with, intervals, overlaps, uncovered};
pub use warnings::Point;

const UNKNOWN_MEASURE_HINT: &str =
    "the catalogue's measures are listed by `psr measures CASE --catalogue FILE`";
const NOT_ELIGIBLE_HINT: &str =
    "remove the measure from the proposal or choose an eligible one (see \"Options considered\")";
const CONDITION_HINT: &str = "para 31: conditions must be unambiguous; give every value the catalogue's condition text uses, or fix the catalogue";
const CONFLICT_HINT: &str =
    "para 31: conditions should fit the person's work schedule and family responsibilities";

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
    /// Proposed, eligible or not.
    pub status: OptionStatus,
    /// Each failed eligibility rule.
    pub reasons: Vec<Reason>,
    /// Each conflict with the person's work or care (para 31).
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

/// Matches a case's proposal against a catalogue. `map` only places findings.
pub fn match_measures(case: &Case, catalogue: &Catalogue, map: &SourceMap) -> Matching {
    let proposal = case.proposal.clone().unwrap_or_default();
    let options = options(case, catalogue, &proposal.measures);
    let mut matching = Matching {
        options: Vec::new(),
        proposed: Vec::new(),
        findings: Vec::new(),
        points: Vec::new(),
    };
    for (i, chosen) in proposal.measures.iter().enumerate() {
        check_proposed(case, catalogue, &options, chosen, i, map, &mut matching);
    }
    for (finding, point) in warnings::proposal_warnings(case, &options, map) {
        matching.findings.push(finding);
        matching.points.push(point);
    }
    matching.options = options;
    matching
}

/// Every measure of the catalogue with its status, least restrictive first
/// (para 15); the catalogue's order breaks ties.
fn options(
    case: &Case,
    catalogue: &Catalogue,
    chosen: &[ProposedMeasure],
) -> Vec<OptionConsidered> {
    let proposed_ids: BTreeSet<&str> = chosen.iter().map(|m| m.id.as_str()).collect();
    let mut options: Vec<OptionConsidered> = catalogue
        .measures
        .iter()
        .map(|measure| {
            let consent = chosen
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
    options.sort_by_key(|o| o.measure.restrictiveness);
    options
}

/// The checks of one proposed measure, entry `i` of the proposal: E060, E061, N062,
/// E062–E066, W070.
fn check_proposed(
    case: &Case,
    catalogue: &Catalogue,
    options: &[OptionConsidered],
    chosen: &ProposedMeasure,
    i: usize,
    map: &SourceMap,
    matching: &mut Matching,
) {
    let path = format!("proposal.measures[{i}]");
    let id_path = format!("{path}.id");
    let Some(measure) = catalogue.measure(&chosen.id) else {
        matching
            .findings
            .push(unknown_measure(catalogue, &chosen.id, &id_path, map));
        return;
    };
    matching
        .findings
        .extend(consent_and_eligibility(case, measure, chosen, &path, map));
    let parameter_errors = parameters::check_parameters(measure, &chosen.parameters, &path, map);
    if parameter_errors.is_empty() {
        let separator = case.report.language.decimal_separator();
        match fill_condition(measure, &chosen.parameters, separator) {
            Ok(condition) => matching.proposed.push(ProposedCondition {
                measure: measure.clone(),
                condition,
            }),
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
    let option = options.iter().find(|o| o.measure.id == measure.id);
    for conflict in option.map_or(&[][..], |o| o.conflicts.as_slice()) {
        matching.findings.push(
            Diagnostic::new(codes::W070, &path, format!("`{}`: {conflict}", measure.id))
                .with_hint(CONFLICT_HINT)
                .at(map.value(&path)),
        );
        matching.points.push(Point::Conflict {
            measure: measure.name.clone(),
            conflict: conflict.clone(),
        });
    }
}

/// E061 for each eligibility rule the person fails, with this entry's own consent
/// (a measure may be proposed twice); N062 when consent is needed and not recorded.
fn consent_and_eligibility(
    case: &Case,
    measure: &Measure,
    chosen: &ProposedMeasure,
    path: &str,
    map: &SourceMap,
) -> Vec<Diagnostic> {
    let id_path = format!("{path}.id");
    let mut out: Vec<Diagnostic> = eligibility(case, measure, chosen.consent)
        .iter()
        .map(|reason| {
            Diagnostic::new(
                codes::E061,
                &id_path,
                format!("the person is not eligible for `{}`: {reason}", measure.id),
            )
            .with_hint(NOT_ELIGIBLE_HINT)
            .at(map.value(&id_path))
        })
        .collect();
    if measure.eligibility.requires_consent && chosen.consent.is_none() {
        out.push(
            Diagnostic::new(
                codes::N062,
                path,
                format!(
                    "`{}` requires the person's consent, which is not recorded",
                    measure.id
                ),
            )
            .with_hint(
                "add `consent: true` to the proposed measure once the person has agreed to it",
            )
            .at(map.value(path)),
        );
    }
    out
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
        "para 28: propose only measures really available in the area; {hint}"
    ))
    .at(map.value(path))
}
