//! The sections of the court's copy, one builder each; [`super::court`] says which
//! kind of report has which.

use super::builder::{SectionBuilder, text};
use super::court::Cx;
use super::labels::{Key, Labels, group, key};
use super::wording::*;
use crate::matching::OptionStatus;
use crate::model::Case;
use crate::model::case::{Assessment, Circumstances};

pub(super) fn section_sources(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    for source in &case.sources {
        let mut lead = l.value(group::SOURCE, &source.kind);
        if let Some(date) = source.date {
            lead = format!("{lead} ({})", l.date(date));
        }
        let mut body = source.description.trim().to_string();
        if let Some(how) = source
            .how_checked
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        {
            body = format!(
                "{body}. {}{}{}",
                l.get(key::SOURCE_CHECKED),
                l.colon(),
                how.trim()
            );
        }
        b.lead(lead, body);
    }
}

pub(super) fn section_offence(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    for offence in &case.offences {
        b.lead(l.get(key::OFFENCE_OFFENCE), offence_line(l, offence));
        b.lead(l.get(key::OFFENCE_ACCOUNT), text(&offence.person_account));
        b.lead(
            l.get(key::OFFENCE_VICTIM_IMPACT),
            text(&offence.victim_impact),
        );
    }
    match &case.victim {
        Some(v) if v.consulted => {
            let views = text(&v.views);
            b.lead(
                l.get(key::VICTIM_VIEWS),
                if views.is_empty() {
                    l.get(key::VICTIM_NO_VIEWS)
                } else {
                    views
                },
            );
        }
        Some(_) => b.lead(l.get(key::VICTIM_VIEWS), l.get(key::VICTIM_NOT_CONSULTED)),
        None => {}
    }
}

/// The offence in one paragraph each, for the shorter kinds of report.
pub(super) fn section_offence_brief(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    for offence in &cx.case.offences {
        b.lead(l.get(key::OFFENCE_OFFENCE), offence_line(l, offence));
    }
}

pub(super) fn section_history(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    if case.criminal_history.is_empty() {
        b.para(None, l.get(key::HISTORY_NONE));
    } else {
        let rows = case
            .criminal_history
            .iter()
            .map(|c| {
                vec![
                    l.date(c.date),
                    c.offence.trim().to_string(),
                    c.outcome.trim().to_string(),
                    l.value(group::COMPLIANCE, &c.compliance),
                ]
            })
            .collect();
        b.table(
            vec![
                l.get(key::HISTORY_DATE),
                l.get(key::HISTORY_OFFENCE),
                l.get(key::HISTORY_OUTCOME),
                l.get(key::HISTORY_COMPLIANCE),
            ],
            vec![22, 33, 30, 15],
            rows,
        );
    }
}

pub(super) fn section_circumstances(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    circumstances(b, l, case);
}

/// A group of circumstances: fills its paragraphs, or none.
type GroupFn = fn(&mut SectionBuilder, &Labels, &Circumstances);

/// The circumstances of paras 26–28 in groups, each under its sub-heading.
const CIRCUMSTANCE_GROUPS: &[(Key, GroupFn)] = &[
    (key::SUB_FAMILY, family),
    (key::SUB_CARETAKING, caretaking),
    (key::SUB_VICTIMIZATION, victimization),
    (key::SUB_HEALTH, health),
    (key::SUB_EDUCATION_EMPLOYMENT, education_employment),
    (key::SUB_HOUSING_FINANCES, housing_finances),
    (key::SUB_PEERS, peers),
];

/// Every group of circumstances; one with nothing recorded says so (a court reads
/// the absence too).
fn circumstances(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    for (title, fill) in CIRCUMSTANCE_GROUPS {
        b.sub(l.get(*title));
        let before = b.paragraphs();
        fill(b, l, &case.circumstances);
        if b.paragraphs() == before {
            b.para(None, l.get(key::NO_INFORMATION));
        }
    }
}

fn family(b: &mut SectionBuilder, l: &Labels, c: &Circumstances) {
    let Some(f) = &c.family else { return };
    b.lead(l.get(key::FAMILY_RELATIONSHIPS), text(&f.relationships));
    if let Some(concerns) = f.domestic_abuse_concerns {
        b.lead(l.get(key::FAMILY_DOMESTIC_ABUSE), yes_no(l, concerns));
    }
}

fn caretaking(b: &mut SectionBuilder, l: &Labels, c: &Circumstances) {
    let Some(care) = &c.caretaking else { return };
    b.lead(l.get(key::CARE_PRIMARY), yes_no(l, care.primary_caregiver));
    if !care.dependants.is_empty() {
        b.lead(l.get(key::CARE_DEPENDANTS), dependants(l, care));
    }
    b.lead(l.get(key::CARE_ALTERNATIVE), text(&care.alternative_care));
}

fn victimization(b: &mut SectionBuilder, l: &Labels, c: &Circumstances) {
    if let Some(v) = &c.victimization {
        let mut line = yes_no(l, v.history);
        if !v.kinds.is_empty() {
            line = format!("{line} ({})", victimization_kinds(l, v));
        }
        b.lead(l.get(key::VICTIMIZATION_HISTORY), line);
        b.lead(l.get(key::VICTIMIZATION_NOTES), text(&v.notes));
    }
    if let Some(t) = &c.trauma {
        b.lead(l.get(key::TRAUMA), text(&t.notes));
    }
    b.lead(l.get(key::ACE), text(&c.adverse_childhood_experiences));
}

fn health(b: &mut SectionBuilder, l: &Labels, c: &Circumstances) {
    let Some(h) = &c.health else { return };
    b.lead(l.get(key::HEALTH_PHYSICAL), text(&h.physical));
    if !h.disabilities.is_empty() {
        b.lead(l.get(key::HEALTH_DISABILITIES), h.disabilities.join(", "));
    }
    if let Some(m) = &h.mental_health {
        b.lead(l.get(key::HEALTH_MENTAL), mental_health_line(l, m));
    }
    if let Some(s) = &h.substance_use {
        b.lead(
            l.get(key::HEALTH_SUBSTANCE),
            health_line(l, s.concerns, &s.notes),
        );
    }
    if let Some(risk) = h.self_harm_risk {
        b.lead(
            l.get(key::HEALTH_SELF_HARM),
            l.value(group::SELF_HARM, &risk),
        );
    }
}

fn education_employment(b: &mut SectionBuilder, l: &Labels, c: &Circumstances) {
    if let Some(e) = &c.education {
        b.lead(l.get(key::EDUCATION_LEVEL), text(&e.highest_level));
        if !e.vocational_skills.is_empty() {
            b.lead(l.get(key::EDUCATION_SKILLS), e.vocational_skills.join(", "));
        }
    }
    if let Some(e) = &c.employment {
        b.lead(l.get(key::EMPLOYMENT_STATUS), occupation_line(l, e));
        if !e.schedule.is_empty() {
            b.lead(l.get(key::EMPLOYMENT_HOURS), working_hours(l, e));
        }
    }
}

fn housing_finances(b: &mut SectionBuilder, l: &Labels, c: &Circumstances) {
    if let Some(h) = &c.housing {
        b.lead(l.get(key::HOUSING_STATUS), housing_line(l, h));
    }
    if let Some(f) = &c.finances {
        b.lead(l.get(key::FINANCES), text(&f.notes));
    }
}

fn peers(b: &mut SectionBuilder, l: &Labels, c: &Circumstances) {
    b.lead(l.get(key::SUB_PEERS), text(&c.peers));
}

/// Caretaking, work, housing and health in a few paragraphs (short and diversion).
pub(super) fn section_key_circumstances(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    if let Some(care) = &c.caretaking {
        b.lead(l.get(key::CARE_PRIMARY), caretaking_line(l, care));
    }
    if let Some(v) = &c.victimization
        && v.history
    {
        let kinds = v
            .kinds
            .iter()
            .map(|k| l.value(group::VICTIMIZATION, k))
            .collect::<Vec<_>>();
        b.lead(
            l.get(key::VICTIMIZATION_HISTORY),
            format!("{} ({})", yes_no(l, true), kinds.join(", ")),
        );
    }
    if let Some(e) = &c.employment {
        b.lead(l.get(key::EMPLOYMENT_STATUS), employment_line(l, e));
    }
    if let Some(h) = &c.housing {
        b.lead(l.get(key::HOUSING_STATUS), housing_line(l, h));
    }
    if let Some(h) = &c.health {
        if let Some(m) = h.mental_health.as_ref().filter(|m| m.concerns) {
            b.lead(
                l.get(key::HEALTH_MENTAL),
                health_line(l, m.concerns, &m.treatment),
            );
        }
        if let Some(u) = h.substance_use.as_ref().filter(|u| u.concerns) {
            b.lead(
                l.get(key::HEALTH_SUBSTANCE),
                health_line(l, u.concerns, &u.notes),
            );
        }
    }
}

pub(super) fn section_assessment(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    let a = &case.assessment;
    if let Some(instrument) = &a.instrument {
        let mut line = instrument.name.trim().to_string();
        if let Some(on) = instrument.completed_on {
            line = format!(
                "{line}, {} {}",
                l.get(key::ASSESSMENT_COMPLETED_ON),
                l.date(on)
            );
        }
        if let Some(result) = instrument
            .result
            .as_deref()
            .filter(|r| !r.trim().is_empty())
        {
            line = format!(
                "{line}{}{}{}{}",
                l.semicolon(),
                l.get(key::ASSESSMENT_RESULT),
                l.colon(),
                result.trim()
            );
        }
        b.lead(l.get(key::ASSESSMENT_INSTRUMENT), line);
    }
    risk_and_needs(b, l, a);
    if !a.protective_factors.is_empty() {
        b.lead(
            l.get(key::ASSESSMENT_PROTECTIVE),
            a.protective_factors
                .iter()
                .map(|p| p.trim())
                .collect::<Vec<_>>()
                .join(&l.semicolon()),
        );
    }
    b.lead(l.get(key::ASSESSMENT_RESPONSIVITY), text(&a.responsivity));
}

/// Risk levels and criminogenic needs, as the assessment records them.
fn risk_and_needs(b: &mut SectionBuilder, l: &Labels, a: &Assessment) {
    b.lead(
        l.get(key::ASSESSMENT_RISK_REOFFENDING),
        l.value(group::RISK, &a.risk_of_reoffending),
    );
    if let Some(harm) = a.risk_of_serious_harm {
        b.lead(
            l.get(key::ASSESSMENT_RISK_HARM),
            l.value(group::RISK, &harm),
        );
    }
    let needs = a
        .criminogenic_needs
        .iter()
        .map(|n| l.value(group::NEED, n))
        .collect::<Vec<_>>();
    b.lead(
        l.get(key::ASSESSMENT_NEEDS),
        if needs.is_empty() {
            l.get(key::NONE_RECORDED)
        } else {
            needs.join(", ")
        },
    );
}

pub(super) fn section_goals(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    b.lead(l.get(key::GOALS_GOALS), text(&case.assessment.goals));
    b.lead(l.get(key::GOALS_VIEWS), text(&case.assessment.views));
}

/// Suitability for diversion: risk, needs and the person's agreement (para 17).
pub(super) fn section_suitability(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, a) = (cx.l, &cx.case.assessment);
    b.para(None, l.get(key::SUITABILITY_INTRO));
    risk_and_needs(b, l, a);
    let plea = cx
        .case
        .offences
        .iter()
        .map(|o| l.value(group::PLEA, &o.plea))
        .collect::<Vec<_>>();
    if !plea.is_empty() {
        b.lead(l.get(key::OFFENCE_PLEA), plea.join(", "));
    }
    let views = text(&a.views);
    b.lead(
        l.get(key::SUITABILITY_AGREEMENT),
        if views.is_empty() {
            l.get(key::SUITABILITY_NO_AGREEMENT)
        } else {
            views
        },
    );
    b.lead(l.get(key::GOALS_GOALS), text(&a.goals));
}

/// Ties to the community that make release safe (para 21).
pub(super) fn section_ties(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    b.para(None, l.get(key::TIES_INTRO));
    if let Some(h) = &c.housing {
        b.lead(l.get(key::HOUSING_STATUS), housing_line(l, h));
    }
    if let Some(e) = &c.employment {
        b.lead(l.get(key::EMPLOYMENT_STATUS), employment_line(l, e));
    }
    if let Some(f) = &c.family {
        b.lead(l.get(key::FAMILY_RELATIONSHIPS), text(&f.relationships));
    }
    if let Some(care) = &c.caretaking {
        b.lead(l.get(key::CARE_PRIMARY), caretaking_line(l, care));
    }
}

/// Resettlement needs on release: housing, work, health, family, money (paras 42–45).
pub(super) fn section_resettlement(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    b.para(None, l.get(key::RESETTLEMENT_INTRO));
    let none = l.get(key::NO_INFORMATION);
    b.lead(
        l.get(key::HOUSING_STATUS),
        c.housing
            .as_ref()
            .map_or(none.clone(), |h| housing_line(l, h)),
    );
    b.lead(
        l.get(key::EMPLOYMENT_STATUS),
        c.employment
            .as_ref()
            .map_or(none.clone(), |e| employment_line(l, e)),
    );
    if let Some(e) = &c.education {
        b.lead(l.get(key::EDUCATION_LEVEL), text(&e.highest_level));
    }
    match &c.health {
        Some(h) => {
            b.lead(l.get(key::HEALTH_PHYSICAL), text(&h.physical));
            if let Some(m) = &h.mental_health {
                b.lead(
                    l.get(key::HEALTH_MENTAL),
                    health_line(l, m.concerns, &m.treatment),
                );
            }
            if let Some(u) = &h.substance_use {
                b.lead(
                    l.get(key::HEALTH_SUBSTANCE),
                    health_line(l, u.concerns, &u.notes),
                );
            }
        }
        None => b.lead(l.get(key::SUB_HEALTH), none.clone()),
    }
    match &c.family {
        Some(f) => b.lead(l.get(key::FAMILY_RELATIONSHIPS), text(&f.relationships)),
        None => b.lead(l.get(key::SUB_FAMILY), none.clone()),
    }
    if let Some(care) = &c.caretaking
        && !care.dependants.is_empty()
    {
        b.lead(l.get(key::CARE_DEPENDANTS), dependants(l, care));
    }
    b.lead(
        l.get(key::FINANCES),
        c.finances.as_ref().map_or(none, |f| text(&f.notes)),
    );
}

pub(super) fn section_options(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx {
        l,
        catalogue,
        matching,
        ..
    } = *cx;
    b.para(
        None,
        l.fill(key::OPTIONS_INTRO, &[("area", catalogue.area.trim())]),
    );
    let rows = matching
        .options
        .iter()
        .map(|o| {
            let mut notes: Vec<String> = o.reasons.iter().map(|r| reason_text(l, r)).collect();
            notes.extend(o.conflicts.iter().map(|c| conflict_text(l, c)));
            let status = match o.status {
                OptionStatus::Proposed => l.get(key::STATUS_PROPOSED),
                OptionStatus::Eligible => l.get(key::STATUS_ELIGIBLE),
                OptionStatus::NotEligible => l.get(key::STATUS_NOT_ELIGIBLE),
            };
            vec![
                o.measure.name.trim().to_string(),
                o.measure.restrictiveness.to_string(),
                status,
                notes.join(&l.semicolon()),
            ]
        })
        .collect();
    b.table(
        vec![
            l.get(key::OPTIONS_MEASURE),
            l.get(key::OPTIONS_RESTRICTIVENESS),
            l.get(key::OPTIONS_STATUS),
            l.get(key::OPTIONS_NOTES),
        ],
        vec![28, 17, 13, 42],
        rows,
    );
}

pub(super) fn section_proposal(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx {
        l, case, matching, ..
    } = *cx;
    let proposal = case.proposal.clone().unwrap_or_default();
    if matching.proposed.is_empty() {
        b.para(None, l.get(key::PROPOSAL_NONE));
    }
    for chosen in &matching.proposed {
        let m = &chosen.measure;
        let mut body = chosen.condition.clone();
        if let Some(basis) = m.legal_basis.as_deref().filter(|x| !x.trim().is_empty()) {
            body = format!("{body} ({})", basis.trim());
        }
        b.lead(m.name.trim().to_string(), body);
    }
    b.lead(l.get(key::PROPOSAL_RATIONALE), text(&proposal.rationale));
    if proposal.custody_considered || proposal.custody_months.is_some() {
        if let Some(months) = proposal.custody_months {
            b.para(
                None,
                l.fill(
                    key::PROPOSAL_CUSTODY_MONTHS,
                    &[("months", &months.to_string())],
                ),
            );
        }
        b.lead(
            l.get(key::PROPOSAL_CUSTODY_RATIONALE),
            text(&proposal.custody_rationale),
        );
        b.lead(
            l.get(key::PROPOSAL_CUSTODY_IMPACT),
            text(&proposal.custody_impact),
        );
    }
}

pub(super) fn section_attention(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, matching, .. } = *cx;
    if matching.points.is_empty() {
        b.para(None, l.get(key::ATTENTION_NONE));
    }
    for point in &matching.points {
        b.para(None, point_text(l, point));
    }
}
