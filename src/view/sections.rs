//! The sections of the court's copy, one builder each; [`super::court`] says which
//! kind of report has which.

use super::builder::{Cx, SectionBuilder, text};
use super::labels::{Key, Labels, group, key};
use super::wording::*;
use crate::matching::{OptionStatus, ProposedCondition};
use crate::model::Case;
use crate::model::case::ReportKind;
use crate::model::case::{Assessment, Factor, Gender};

pub(super) fn section_sources(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    for source in &case.sources {
        let mut lead = l.value(group::SOURCE, &source.kind);
        if let Some(date) = source.date {
            lead = format!("{lead}{}", l.aside(&l.date(date)));
        }
        let mut body = source.description.trim().to_string();
        if let Some(how) = source
            .how_checked
            .as_deref()
            .filter(|h| !h.trim().is_empty())
        {
            body = format!(
                "{body}{}{}{}{}",
                l.stop(),
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
        b.lead(
            l.get(key::OFFENCE_CIRCUMSTANCES),
            text(&offence.circumstances),
        );
    }
    victim_views(b, cx);
}

/// The victim's views, or that the victim was not consulted, as recorded: the rights
/// of victims are weighed in sentencing (paras 15, 24) and information from victims
/// on any history of violence is sought before release (para 44).
fn victim_views(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    match &cx.case.victim {
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

/// The victim, in a pre-release report: what they said, information sought before
/// release on any history of violence (para 44).
pub(super) fn section_victim(b: &mut SectionBuilder, cx: &Cx<'_>) {
    victim_views(b, cx);
}

/// The alleged offence in a bail report, said as alleged: nothing assumes guilt.
pub(super) fn section_offence_alleged(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    for offence in &cx.case.offences {
        b.lead(
            l.get(key::OFFENCE_OFFENCE),
            alleged_offence_line(l, offence),
        );
    }
}

/// Release before trial: the address, then each ground of para 20 for detention as
/// the author assessed it — not attending court, interfering with the course of
/// justice, serious harm or further offences — with the conditions that would meet
/// it, the safety of the victim and witnesses, and whether detention is necessary at
/// all (paras 20–21).
pub(super) fn section_pretrial(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    b.para(None, l.get(key::PRETRIAL_INTRO));
    let Some(p) = &cx.case.pretrial else {
        victim_views(b, cx);
        return;
    };
    let mut address = text(&p.address);
    if let Some(verified) = p.address_verified {
        let checked = l.get(if verified {
            key::PRETRIAL_VERIFIED
        } else {
            key::PRETRIAL_NOT_VERIFIED
        });
        address = if address.is_empty() {
            checked
        } else {
            l.end(&format!("{address}{}{checked}", l.semicolon()))
        };
    }
    b.lead(l.get(key::PRETRIAL_ADDRESS), address);
    let grounds = [
        (
            key::PRETRIAL_ATTENDANCE,
            p.attendance_risk,
            &p.attendance,
            &p.attendance_conditions,
        ),
        (
            key::PRETRIAL_INTERFERENCE,
            p.interference_risk,
            &p.interference,
            &p.interference_conditions,
        ),
        (key::PRETRIAL_HARM, p.harm_risk, &p.harm, &p.harm_conditions),
    ];
    for (label, risk, why, conditions) in grounds {
        let mut parts = Vec::new();
        if let Some(risk) = risk {
            parts.push(l.fill(
                key::PRETRIAL_RISK,
                &[("level", &l.value(group::RISK, &risk))],
            ));
        }
        let why = text(why);
        if !why.is_empty() {
            parts.push(l.end(&why));
        }
        let conditions = text(conditions);
        if !conditions.is_empty() {
            parts.push(l.end(&format!(
                "{}{}{conditions}",
                l.get(key::PRETRIAL_CONDITIONS),
                l.colon()
            )));
        }
        b.lead(l.get(label), parts.join(l.space()));
    }
    b.lead(l.get(key::PRETRIAL_SAFETY), text(&p.victim_witness_safety));
    victim_views(b, cx);
    if let Some(necessary) = p.detention_necessary {
        b.lead(
            l.get(key::PRETRIAL_NECESSARY),
            l.get(if necessary {
                key::PRETRIAL_NECESSARY_YES
            } else {
                key::PRETRIAL_NECESSARY_NO
            }),
        );
    }
}

/// What would support the person on release before trial (paras 20–21): health and
/// treatment, how they engage, what would help them keep to conditions, their views.
/// Nothing here speaks of reoffending: the person is not convicted.
pub(super) fn section_release_needs(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, case) = (cx.l, cx.case);
    pregnancy(b, l, case);
    if let Some(h) = &case.circumstances.health {
        b.lead(l.get(key::HEALTH_PHYSICAL), text(&h.physical));
        if !h.disabilities.is_empty() {
            b.lead(l.get(key::HEALTH_DISABILITIES), l.join(&h.disabilities));
        }
        if let Some(m) = &h.mental_health {
            b.lead(l.get(key::HEALTH_MENTAL), mental_health_line(l, m));
        }
        if let Some(u) = &h.substance_use {
            b.lead(
                l.get(key::HEALTH_SUBSTANCE),
                health_line(l, u.concerns, &u.notes),
            );
        }
        if let Some(risk) = h.self_harm_risk {
            b.lead(
                l.get(key::HEALTH_SELF_HARM),
                l.value(group::SELF_HARM, &risk),
            );
        }
    }
    let a = &case.assessment;
    if let Some(harm) = a.risk_of_serious_harm {
        b.lead(
            l.get(key::ASSESSMENT_RISK_HARM),
            l.value(group::RISK, &harm),
        );
    }
    b.lead(l.get(key::ASSESSMENT_RESPONSIVITY), text(&a.responsivity));
    b.lead(l.get(key::BAIL_COMPLIANCE), text(&a.compliance));
    b.lead(l.get(key::GOALS_VIEWS), text(&a.views));
    b.lead(l.get(key::GOALS_GOALS), text(&a.goals));
    not_assessed(b, l, case, RELEASE_NEEDS);
}

/// The factors that bear on support during release before trial.
const RELEASE_NEEDS: &[Factor] = &[
    Factor::PhysicalHealth,
    Factor::MentalHealth,
    Factor::SubstanceUse,
    Factor::SelfHarm,
];

/// Whether a woman is pregnant, when stated (para 5).
fn pregnancy(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    if let Some(pregnant) = case
        .person
        .pregnant
        .filter(|_| case.person.gender == Gender::Female)
    {
        b.lead(l.get(key::HEALTH_PREGNANT), yes_no(l, pregnant));
    }
}

/// The sentence being served, the release date and progress in custody, which a
/// decision on early release weighs (para 12 (d)).
pub(super) fn section_sentence(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    let Some(r) = &cx.case.release else {
        return;
    };
    let mut sentence = text(&r.sentence);
    if let Some(on) = r.sentenced_on {
        let date = l.fill(key::RELEASE_SENTENCED_ON, &[("date", &l.date(on))]);
        sentence = if sentence.is_empty() {
            date
        } else {
            format!("{sentence}{}{date}", l.comma())
        };
    }
    b.lead(l.get(key::RELEASE_SENTENCE), sentence);
    if let Some(date) = r.release_date {
        b.lead(l.get(key::RELEASE_RELEASE_DATE), l.date(date));
    }
    b.lead(l.get(key::RELEASE_PROGRESS), text(&r.progress));
}

/// The offence in one paragraph each, for the shorter kinds of report.
pub(super) fn section_offence_brief(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    for offence in &cx.case.offences {
        b.lead(l.get(key::OFFENCE_OFFENCE), offence_line(l, offence));
    }
}

/// The offence in one paragraph each, and the victim's views: a short report keeps
/// what the victim said, the rights of victims being weighed (paras 15, 24).
pub(super) fn section_offence_short(b: &mut SectionBuilder, cx: &Cx<'_>) {
    section_offence_brief(b, cx);
    victim_views(b, cx);
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
                    // A breach with what led to it (para 32).
                    match c.compliance_notes.as_deref().map(str::trim) {
                        Some(notes) if !notes.is_empty() => format!(
                            "{}{}{notes}",
                            l.value(group::COMPLIANCE, &c.compliance),
                            l.colon()
                        ),
                        _ => l.value(group::COMPLIANCE, &c.compliance),
                    },
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
            vec![0, 40, 40, 0],
            rows,
        );
    }
}

pub(super) fn section_circumstances(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx { l, case, .. } = *cx;
    circumstances(b, l, case);
}

/// A group of circumstances: fills its paragraphs, or none.
type GroupFn = fn(&mut SectionBuilder, &Labels, &Case);

/// The circumstances of paras 14 and 27 in groups, each under its sub-heading.
const CIRCUMSTANCE_GROUPS: &[(Key, GroupFn)] = &[
    (key::SUB_FAMILY, family),
    (key::SUB_CARETAKING, caretaking),
    (key::SUB_VICTIMIZATION, victimization),
    (key::SUB_HEALTH, health),
    (key::SUB_EDUCATION_EMPLOYMENT, education_employment),
    (key::SUB_HOUSING_FINANCES, housing_finances),
    (key::SUB_PEERS, peers),
];

/// First, once, the factors of paras 14 and 27 that were not assessed (a court reads
/// the absence too, and never as a "no"); then every group of circumstances with
/// something recorded, under its sub-heading.
fn circumstances(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    not_assessed(b, l, case, &Factor::ALL);
    for (title, fill) in CIRCUMSTANCE_GROUPS {
        b.group(l.get(*title), |b| fill(b, l, case));
    }
}

fn family(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    let Some(f) = &case.circumstances.family else {
        return;
    };
    b.lead(l.get(key::FAMILY_RELATIONSHIPS), text(&f.relationships));
    if let Some(concerns) = f.domestic_abuse_concerns {
        b.lead(l.get(key::FAMILY_DOMESTIC_ABUSE), yes_no(l, concerns));
    }
}

fn caretaking(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    let Some(care) = &case.circumstances.caretaking else {
        return;
    };
    if let Some(primary) = care.primary_caregiver {
        b.lead(l.get(key::CARE_PRIMARY), yes_no(l, primary));
    }
    if !care.dependants.is_empty() {
        b.lead(l.get(key::CARE_DEPENDANTS), dependants(l, care));
    }
    b.lead(l.get(key::CARE_ALTERNATIVE), text(&care.alternative_care));
}

fn victimization(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    let c = &case.circumstances;
    if let Some(v) = &c.victimization {
        let line = match (v.history, v.kinds.is_empty()) {
            (Some(history), true) => yes_no(l, history),
            (Some(history), false) => {
                format!(
                    "{}{}",
                    yes_no(l, history),
                    l.aside(&victimization_kinds(l, v))
                )
            }
            (None, false) => victimization_kinds(l, v),
            (None, true) => String::new(),
        };
        b.lead(l.get(key::VICTIMIZATION_HISTORY), line);
        b.lead(l.get(key::VICTIMIZATION_NOTES), text(&v.notes));
    }
    if let Some(t) = &c.trauma {
        b.lead(l.get(key::TRAUMA), text(&t.notes));
    }
    b.lead(l.get(key::ACE), text(&c.adverse_childhood_experiences));
}

fn health(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    pregnancy(b, l, case);
    let Some(h) = &case.circumstances.health else {
        return;
    };
    b.lead(l.get(key::HEALTH_PHYSICAL), text(&h.physical));
    if !h.disabilities.is_empty() {
        b.lead(l.get(key::HEALTH_DISABILITIES), l.join(&h.disabilities));
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

fn education_employment(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    let c = &case.circumstances;
    if let Some(e) = &c.education {
        b.lead(l.get(key::EDUCATION_LEVEL), text(&e.highest_level));
        if !e.vocational_skills.is_empty() {
            b.lead(l.get(key::EDUCATION_SKILLS), l.join(&e.vocational_skills));
        }
    }
    if let Some(e) = &c.employment {
        b.lead(l.get(key::EMPLOYMENT_STATUS), occupation_line(l, e));
        if !e.schedule.is_empty() {
            b.lead(l.get(key::EMPLOYMENT_HOURS), working_hours(l, e));
        }
    }
}

fn housing_finances(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    let c = &case.circumstances;
    if let Some(h) = &c.housing {
        b.lead(l.get(key::HOUSING_STATUS), housing_line(l, h));
    }
    if let Some(f) = &c.finances {
        b.lead(l.get(key::FINANCES), text(&f.notes));
    }
}

fn peers(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    b.lead(l.get(key::SUB_PEERS), text(&case.circumstances.peers));
}

/// Family, caretaking, victimization, work, housing and health in a few paragraphs
/// (short and diversion), and once what was not assessed.
pub(super) fn section_key_circumstances(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    family_and_care(b, l, cx.case);
    pregnancy(b, l, cx.case);
    if let Some(v) = &c.victimization {
        let line = match (v.history, v.kinds.is_empty()) {
            (Some(history), true) => yes_no(l, history),
            (Some(history), false) => {
                format!(
                    "{}{}",
                    yes_no(l, history),
                    l.aside(&victimization_kinds(l, v))
                )
            }
            (None, false) => victimization_kinds(l, v),
            (None, true) => String::new(),
        };
        b.lead(l.get(key::VICTIMIZATION_HISTORY), line);
    }
    if let Some(e) = &c.employment {
        b.lead(l.get(key::EMPLOYMENT_STATUS), employment_line(l, e));
    }
    if let Some(h) = &c.housing {
        b.lead(l.get(key::HOUSING_STATUS), housing_line(l, h));
    }
    if let Some(h) = &c.health {
        if let Some(m) = &h.mental_health {
            b.lead(l.get(key::HEALTH_MENTAL), mental_health_line(l, m));
        }
        if let Some(u) = &h.substance_use {
            b.lead(
                l.get(key::HEALTH_SUBSTANCE),
                health_line(l, u.concerns, &u.notes),
            );
        }
    }
    not_assessed(b, l, cx.case, &Factor::ALL);
}

/// Family relationships, domestic abuse concerns when recorded, caretaking and the
/// alternative care: in the shorter kinds, each in a paragraph.
fn family_and_care(b: &mut SectionBuilder, l: &Labels, case: &Case) {
    let c = &case.circumstances;
    if let Some(f) = &c.family {
        b.lead(l.get(key::FAMILY_RELATIONSHIPS), text(&f.relationships));
        if let Some(concerns) = f.domestic_abuse_concerns {
            b.lead(l.get(key::FAMILY_DOMESTIC_ABUSE), yes_no(l, concerns));
        }
    }
    if let Some(care) = &c.caretaking {
        caretaking_paras(b, l, care);
        b.lead(l.get(key::CARE_ALTERNATIVE), text(&care.alternative_care));
    }
}

pub(super) fn section_assessment(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let a = &cx.case.assessment;
    instrument(b, cx.l, a);
    risk_and_needs(b, cx.l, a);
    assessment_details(b, cx.l, a);
}

/// A standardised instrument's result, as recorded.
fn instrument(b: &mut SectionBuilder, l: &Labels, a: &Assessment) {
    let Some(instrument) = &a.instrument else {
        return;
    };
    let mut line = instrument.name.trim().to_string();
    if let Some(on) = instrument.completed_on {
        line = format!(
            "{line}{}{}{}{}",
            l.comma(),
            l.get(key::ASSESSMENT_COMPLETED_ON),
            l.space(),
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

/// Protective factors, responsivity and the expected compliance.
fn assessment_details(b: &mut SectionBuilder, l: &Labels, a: &Assessment) {
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
    b.lead(l.get(key::ASSESSMENT_COMPLIANCE), text(&a.compliance));
}

/// Risk levels and criminogenic needs, as the assessment records them.
fn risk_and_needs(b: &mut SectionBuilder, l: &Labels, a: &Assessment) {
    b.lead(
        l.get(key::ASSESSMENT_RISK_REOFFENDING),
        a.risk_of_reoffending.map_or_else(
            || l.get(key::NOT_ASSESSED),
            |risk| l.value(group::RISK, &risk),
        ),
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
            l.join(&needs)
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
    instrument(b, l, a);
    risk_and_needs(b, l, a);
    let plea = cx
        .case
        .offences
        .iter()
        .filter_map(|o| o.plea.map(|plea| l.value(group::PLEA, &plea)))
        .collect::<Vec<_>>();
    if !plea.is_empty() {
        b.lead(l.get(key::OFFENCE_PLEA), l.join(&plea));
    }
    // The agreement as recorded on each measure, never the person's general views
    // (para 17), which follow under their own label.
    let agreement = agreement(l, cx.case, &cx.matching.proposed);
    b.lead(
        l.get(key::SUITABILITY_AGREEMENT),
        if agreement.is_empty() {
            l.get(key::SUITABILITY_NO_AGREEMENT)
        } else {
            l.sentences(&agreement)
        },
    );
    b.lead(l.get(key::GOALS_VIEWS), text(&a.views));
    b.lead(l.get(key::GOALS_GOALS), text(&a.goals));
    assessment_details(b, l, a);
}

/// Ties to the community that bear on release before trial (paras 20–21).
pub(super) fn section_ties(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    if let Some(h) = &c.housing {
        b.lead(l.get(key::HOUSING_STATUS), housing_line(l, h));
    }
    if let Some(e) = &c.employment {
        b.lead(l.get(key::EMPLOYMENT_STATUS), employment_line(l, e));
    }
    family_and_care(b, l, cx.case);
    not_assessed(b, l, cx.case, TIES);
}

/// The factors that bear on release before trial: where and with whom the person
/// lives, and what holds them to the area.
const TIES: &[Factor] = &[
    Factor::Housing,
    Factor::Employment,
    Factor::Family,
    Factor::Caretaking,
];

/// The factors that bear on resettlement after release (paras 42–45).
const RESETTLEMENT: &[Factor] = &[
    Factor::Housing,
    Factor::Employment,
    Factor::PhysicalHealth,
    Factor::MentalHealth,
    Factor::SubstanceUse,
    Factor::Family,
];

/// Resettlement needs on release: housing, work, health, family, money (paras 42–45),
/// and once what was not assessed.
pub(super) fn section_resettlement(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, c) = (cx.l, &cx.case.circumstances);
    b.para(None, l.get(key::RESETTLEMENT_INTRO));
    if let Some(h) = &c.housing {
        b.lead(l.get(key::HOUSING_STATUS), housing_line(l, h));
    }
    if let Some(e) = &c.employment {
        b.lead(l.get(key::EMPLOYMENT_STATUS), employment_line(l, e));
    }
    if let Some(e) = &c.education {
        b.lead(l.get(key::EDUCATION_LEVEL), text(&e.highest_level));
        if !e.vocational_skills.is_empty() {
            b.lead(l.get(key::EDUCATION_SKILLS), l.join(&e.vocational_skills));
        }
    }
    pregnancy(b, l, cx.case);
    if let Some(h) = &c.health {
        b.lead(l.get(key::HEALTH_PHYSICAL), text(&h.physical));
        if !h.disabilities.is_empty() {
            b.lead(l.get(key::HEALTH_DISABILITIES), l.join(&h.disabilities));
        }
        if let Some(m) = &h.mental_health {
            b.lead(l.get(key::HEALTH_MENTAL), mental_health_line(l, m));
        }
        if let Some(u) = &h.substance_use {
            b.lead(
                l.get(key::HEALTH_SUBSTANCE),
                health_line(l, u.concerns, &u.notes),
            );
        }
    }
    family_and_care(b, l, cx.case);
    if let Some(f) = &c.finances {
        b.lead(l.get(key::FINANCES), text(&f.notes));
    }
    not_assessed(b, l, cx.case, RESETTLEMENT);
}

pub(super) fn section_options(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx {
        l,
        catalogue,
        matching,
        ..
    } = *cx;
    // The list is the catalogue's whole only when no measure of it serves another
    // kind of report: a bail report leaves out the sentences, and must not say
    // "every measure" of an area it has filtered.
    let intro = if matching.options.len() == catalogue.measures.len() {
        key::OPTIONS_INTRO
    } else {
        key::OPTIONS_INTRO_KIND
    };
    b.para(None, l.fill(intro, &[("area", catalogue.area.trim())]));
    // Before a trial the least restrictive option is release without conditions
    // (para 20): it comes first, proposed when no measure is.
    let release = (cx.case.report.serves() == ReportKind::Bail).then(|| {
        vec![
            l.get(key::OPTIONS_RELEASE),
            "0".to_string(),
            l.get(if matching.proposed.is_empty() {
                key::STATUS_PROPOSED
            } else {
                key::STATUS_ELIGIBLE
            }),
            String::new(),
        ]
    });
    let rows = release
        .into_iter()
        .chain(matching.options.iter().map(|o| {
            let mut notes: Vec<String> = o.reasons.iter().map(|r| reason_text(l, r)).collect();
            notes.extend(o.conflicts.iter().map(|c| conflict_text(l, c)));
            let status = match o.status {
                OptionStatus::Proposed => l.get(key::STATUS_PROPOSED),
                OptionStatus::Eligible => l.get(key::STATUS_ELIGIBLE),
                OptionStatus::NotEligible => l.get(key::STATUS_NOT_ELIGIBLE),
            };
            vec![
                o.name.clone(),
                o.measure.restrictiveness.to_string(),
                status,
                notes.join(&l.semicolon()),
            ]
        }))
        .collect();
    b.table(
        vec![
            l.get(key::OPTIONS_MEASURE),
            l.get(key::OPTIONS_RESTRICTIVENESS),
            l.get(key::OPTIONS_STATUS),
            l.get(key::OPTIONS_NOTES),
        ],
        vec![42, 0, 0, 58],
        rows,
    );
}

pub(super) fn section_proposal(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let Cx {
        l, case, matching, ..
    } = *cx;
    b.para(None, opening(l, case, &matching.proposed));
    // Beside the proposal, what it is weighed against: the gravity, nature and
    // circumstances of each offence (paras 6, 24, 25).
    if matches!(case.report.serves(), ReportKind::Full | ReportKind::Short) {
        for offence in &case.offences {
            let circumstances = text(&offence.circumstances);
            if !circumstances.is_empty() {
                b.lead(
                    l.get(key::PROPOSAL_WEIGHED),
                    format!("{}{}{circumstances}", offence.description.trim(), l.colon()),
                );
            }
        }
    }
    for chosen in &matching.proposed {
        let mut body = chosen.condition.clone();
        if let Some(basis) = &chosen.legal_basis {
            // A sentence after the condition: no space after "。" in Chinese.
            body = l.end(&format!(
                "{}{}{}{basis}",
                l.sentence(&body),
                l.get(key::PROPOSAL_LEGAL_BASIS),
                l.colon()
            ));
        }
        b.lead(chosen.name.clone(), body);
    }
    let Some(proposal) = &case.proposal else {
        return;
    };
    b.lead(l.get(key::PROPOSAL_RATIONALE), text(&proposal.rationale));
    // Custody is a sentencing question, detention before trial a bail one (paras 20,
    // 24, 27): the author's reasons and its impact are printed in those kinds; a
    // diversion or pre-release report names them in W038 instead.
    let sentencing = matches!(case.report.serves(), ReportKind::Full | ReportKind::Short);
    if let Some(months) = proposal.custody_months.filter(|_| sentencing) {
        b.para(
            None,
            l.fill(
                key::PROPOSAL_CUSTODY_MONTHS,
                &[("months", &months.to_string())],
            ),
        );
    }
    let (rationale, impact) = match case.report.serves() {
        ReportKind::Bail => (
            key::PROPOSAL_DETENTION_RATIONALE,
            key::PROPOSAL_DETENTION_IMPACT,
        ),
        _ if sentencing => (
            key::PROPOSAL_CUSTODY_RATIONALE,
            key::PROPOSAL_CUSTODY_IMPACT,
        ),
        _ => return,
    };
    b.lead(l.get(rationale), text(&proposal.custody_rationale));
    b.lead(l.get(impact), text(&proposal.custody_impact));
}

/// The proposal in one paragraph: every measure in a few words (with amounts and
/// their currency), the person's agreement as recorded, and whether custody is
/// proposed.
fn opening(l: &Labels, case: &Case, proposed: &[ProposedCondition]) -> String {
    let mut sentences = Vec::new();
    if proposed.is_empty() && case.report.serves() == ReportKind::Bail {
        // The least restrictive option before a trial (para 20), said as such.
        sentences.push(l.get(key::PROPOSAL_OPENING_RELEASE));
    } else if proposed.is_empty() {
        sentences.push(l.get(key::PROPOSAL_OPENING_NONE));
    } else {
        let items: Vec<String> = proposed
            .iter()
            .map(|p| p.summary.clone().unwrap_or_else(|| p.name.clone()))
            .collect();
        sentences.push(l.fill(key::PROPOSAL_OPENING, &[("list", &and_list(l, &items))]));
    }
    sentences.extend(agreement(l, case, proposed));
    let sentencing = matches!(case.report.serves(), ReportKind::Full | ReportKind::Short);
    if let Some(p) = case.proposal.as_ref().filter(|_| sentencing)
        && p.custody_considered
        && p.custody_months.is_none()
    {
        sentences.push(l.get(key::PROPOSAL_CUSTODY_NOT_PROPOSED));
    }
    l.sentences(&sentences)
}

/// The points for the court's attention: the matters it decides or must weigh, each
/// with the parts of the model strategies it rests on, in the report's language
/// ("… (para 34)."). They come from the matching as typed points; the author's own
/// completeness findings are never printed to the court.
pub(super) fn section_attention(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    let points: Vec<String> = cx
        .matching
        .points
        .iter()
        .map(|p| match p.cites() {
            [] => l.end(&point_text(l, p)),
            cites => l.end(&format!("{}{}", point_text(l, p), l.aside(&l.cite(cites)))),
        })
        .collect();
    if points.is_empty() {
        b.para(None, l.get(key::ATTENTION_NONE));
    }
    for point in points {
        b.para(None, point);
    }
}

/// The person's agreement exactly as recorded: the measures agreed to, those refused,
/// and those whose agreement is needed — the catalogue says so, or it is a diversion
/// (para 17) — and not recorded.
fn agreement(l: &Labels, case: &Case, proposed: &[ProposedCondition]) -> Vec<String> {
    let diversion = case.report.serves() == ReportKind::Diversion;
    let person = case.person.full_name();
    let names = |keep: &dyn Fn(&ProposedCondition) -> bool| -> Vec<String> {
        proposed
            .iter()
            .filter(|p| keep(p))
            .map(|p| p.name.clone())
            .collect()
    };
    let agreed = names(&|p| p.consent == Some(true));
    let declined = names(&|p| p.consent == Some(false));
    let missing =
        names(&|p| p.consent.is_none() && (diversion || p.measure.eligibility.requires_consent));
    [
        (agreed, key::PROPOSAL_AGREES),
        (declined, key::PROPOSAL_DECLINES),
        (missing, key::PROPOSAL_AGREEMENT_MISSING),
    ]
    .into_iter()
    .filter(|(names, _)| !names.is_empty())
    .map(|(names, sentence)| {
        l.fill(
            sentence,
            &[("person", &person), ("list", &and_list(l, &names))],
        )
    })
    .collect()
}
