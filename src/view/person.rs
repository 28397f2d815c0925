//! The plain-language copy for the person: the outcome of the assessment in a way
//! they understand (para 12), and what is required of them and what follows
//! non-compliance (para 31).

use super::builder::{SectionBuilder, Sections};
use super::labels::{Addressee, Key, Labels, group, key};
use super::wording::{and_list, plain_schedule, role_word};
use super::{Furniture, Meta, ReportView, Row, Signature};
use crate::diff::Change;
use crate::matching::{Matching, ProposedCondition};
use crate::model::case::{ReportKind, ReportStatus};
use crate::model::{Case, Catalogue};

/// What a section of the person's copy reads.
struct Cx<'a> {
    l: &'a Labels,
    case: &'a Case,
    matching: &'a Matching,
    /// The author's name, as the person knows them.
    author: String,
    /// For an addendum: what changed since the earlier report.
    changes: &'a [Change],
    /// The catalogue, for the names of measures no longer proposed.
    catalogue: &'a Catalogue,
}

/// A section of the person's copy: its heading and its builder.
type Section = (Key, fn(&mut SectionBuilder, &Cx<'_>));

/// The sections of the person's copy, in order.
const SECTIONS: &[Section] = &[
    (key::PERSON_SECTION_ABOUT, about),
    (key::PERSON_SECTION_SAYS, says),
    (key::PERSON_SECTION_PROPOSED, proposed),
    (key::PERSON_SECTION_NONCOMPLIANCE, noncompliance),
    (key::PERSON_SECTION_CONTACT, contact),
];

/// Builds the plain-language copy for the person (para 12): short sentences, what is
/// proposed and when and where, what happens on non-compliance, whom to contact. It
/// leaves out identifiers and the victim's views.
pub fn person_view(
    case: &Case,
    catalogue: &Catalogue,
    matching: &Matching,
    findings: &[crate::diagnostic::Diagnostic],
    changes: &[Change],
) -> ReportView {
    // The person's copy is in words the person can understand (para 12), which may
    // not be the court's: its labels, dates, numbers and plain texts.
    let language = case.report.person_language();
    // Addressing the person in the grammatical gender recorded, and without one when
    // none is (fr, es, ru and ar agree with their reader).
    let l = Labels::for_person(language, Addressee::of(case.person.gender));
    let report = &case.report;
    let cx = Cx {
        l,
        case,
        matching,
        author: report.author.name.trim().to_string(),
        changes,
        catalogue,
    };
    let row = |label: Key, value: String| Row {
        label: l.get(label),
        value,
    };
    let front = vec![
        row(key::PERSON_FRONT_NAME, case.person.full_name()),
        row(key::PERSON_FRONT_COURT, report.court.clone()),
        row(key::PERSON_FRONT_HEARING, l.date(report.hearing_date)),
        row(key::PERSON_FRONT_AUTHOR, cx.author.clone()),
    ];
    let mut sections = Sections::plain(l.get(key::NO_INFORMATION), &l.colon());
    for (title, build) in SECTIONS {
        sections.add(l.get(*title), |b| build(b, &cx));
        // An addendum says what changed right after what the report is.
        if *title == key::PERSON_SECTION_ABOUT && report.kind == ReportKind::Addendum {
            sections.add(l.get(key::PERSON_SECTION_CHANGED), |b| changed(b, &cx));
        }
    }
    let mut view = ReportView {
        lang: language.code(),
        draft: report.status == ReportStatus::Draft,
        large_print: case.person.literacy_support_needed,
        meta: Meta {
            title: format!("{} — {}", l.get(key::PERSON_TITLE), report.court_reference),
            author: vec![cx.author.clone()],
            subject: l.get(key::PERSON_SUBTITLE),
            keywords: vec![report.court_reference.clone()],
            date: case.report_date().into(),
        },
        furniture: Furniture {
            reference: report.court_reference.clone(),
            confidential: l.get(key::PERSON_CONFIDENTIAL),
            page: l.get(key::PAGE),
            of: l.get(key::OF),
            pages: l.get(key::PAGES),
            draft: l.get(key::DRAFT),
        },
        title: l.get(key::PERSON_TITLE),
        subtitle: l.get(key::PERSON_SUBTITLE),
        front,
        statement: l.get(key::PERSON_STATEMENT),
        safeguarding: None,
        to_fix: super::to_fix(l, case, findings),
        sections: sections.into_list(),
        signature: Signature {
            title: String::new(),
            rows: Vec::new(),
            signed: String::new(),
            supervision: None,
        },
    };
    view.set_for_reading(l);
    view
}

/// What the report is, who wrote it, and when the court decides.
fn about(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, report) = (cx.l, &cx.case.report);
    b.para(
        None,
        l.fill(key::PERSON_ABOUT_1, &[("court", report.court.trim())]),
    );
    let why = match report.serves() {
        ReportKind::Full | ReportKind::Short | ReportKind::Addendum => key::PERSON_ABOUT_2,
        ReportKind::Diversion => key::PERSON_ABOUT_2_DIVERSION,
        ReportKind::Bail => key::PERSON_ABOUT_2_BAIL,
        ReportKind::PreRelease => key::PERSON_ABOUT_2_PRE_RELEASE,
    };
    b.para(None, l.fill(why, &[("author", &cx.author)]));
    if let Some(earlier) = report
        .addendum_to
        .as_ref()
        .filter(|_| report.kind == ReportKind::Addendum)
    {
        b.para(
            None,
            l.fill(key::PERSON_ADDENDUM, &[("date", &l.date(earlier.date))]),
        );
    }
    // Before release, the two facts the person most needs: the sentence being served
    // and the earliest date of release, told in words they understand (para 12).
    if let Some(release) = cx
        .case
        .release
        .as_ref()
        .filter(|_| report.serves() == ReportKind::PreRelease)
    {
        let sentence = release.sentence.as_deref().map(str::trim).unwrap_or("");
        if !sentence.is_empty() {
            b.para(
                None,
                l.fill(key::PERSON_RELEASE_SENTENCE, &[("sentence", sentence)]),
            );
        }
        if let Some(date) = release.release_date {
            b.para(
                None,
                l.fill(key::PERSON_RELEASE_DATE, &[("date", &l.date(date))]),
            );
        }
    }
    b.para(None, l.get(key::PERSON_ABOUT_3));
    b.para(
        None,
        l.fill(
            key::PERSON_ABOUT_4,
            &[("date", &l.date(report.hearing_date))],
        ),
    );
}

/// What has changed since the earlier report, in the same sentences as the court's
/// copy.
fn changed(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let from = super::addendum::Sources {
        l: cx.l,
        case: cx.case,
        catalogue: cx.catalogue,
        person: true,
    };
    super::addendum::change_paragraphs(b, &from, cx.changes);
}

/// What the report says about the person, and the outcome of the assessment in
/// words they understand (para 12); not in a bail copy, which assumes nothing about
/// offending.
fn says(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    b.para(None, l.get(key::PERSON_SAYS_1));
    // Before a trial nothing is said about offending, even as help to avoid it.
    if cx.case.report.serves() == ReportKind::Bail {
        b.para(None, l.get(key::PERSON_SAYS_2_BAIL));
        return;
    }
    b.para(None, l.get(key::PERSON_SAYS_2));
    let a = &cx.case.assessment;
    if let Some(risk) = a.risk_of_reoffending {
        b.para(
            None,
            l.fill(
                key::PERSON_SAYS_RISK,
                &[("level", &l.value(group::RISK, &risk))],
            ),
        );
    }
    if !a.criminogenic_needs.is_empty() {
        let needs: Vec<String> = a
            .criminogenic_needs
            .iter()
            .map(|n| l.value(group::NEED, n))
            .collect();
        b.para(
            None,
            l.fill(key::PERSON_SAYS_NEEDS, &[("needs", &and_list(l, &needs))]),
        );
    }
}

/// Each proposed measure in plain words: what, when, where, with whom, and the name
/// the court will use for it.
fn proposed(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    if cx.matching.proposed.is_empty() {
        b.para(
            None,
            l.get(if cx.case.report.serves() == ReportKind::Bail {
                key::PERSON_PROPOSED_NONE_BAIL
            } else {
                key::PERSON_PROPOSED_NONE
            }),
        );
        return;
    }
    b.para(None, l.get(key::PERSON_PROPOSED_INTRO));
    // In the person's language when it is not the court's; the name the court uses
    // stays the court's, the name the person will hear at the hearing.
    let in_person = cx
        .matching
        .person_proposed
        .as_ref()
        .unwrap_or(&cx.matching.proposed);
    for (chosen, court) in in_person.iter().zip(&cx.matching.proposed) {
        b.para(None, measure_lines(l, chosen, &court.name).join("\n"));
    }
}

/// The condition, then "Sessions held: …" (when the measure's sessions are, not a
/// duty to attend each: the condition says that), "Where: …", "Who runs it: …" when the catalogue
/// says, and "What the court calls it: …".
fn measure_lines(l: &Labels, chosen: &ProposedCondition, court_name: &str) -> Vec<String> {
    let m = &chosen.measure;
    let line = |label: Key, text: &str| l.end(&format!("{}{}{text}", l.get(label), l.colon()));
    let mut lines = vec![chosen.condition_person.clone()];
    if !m.schedule.is_empty() {
        lines.push(line(key::PERSON_WHEN, &plain_schedule(l, &m.schedule)));
    }
    if let Some(place) = m.location.as_deref().filter(|p| !p.trim().is_empty()) {
        lines.push(line(key::PERSON_WHERE, place.trim()));
    }
    if let Some(provider) = &m.provider {
        lines.push(line(key::PERSON_WHO, provider.name.trim()));
    }
    let called = if court_name == chosen.name {
        chosen.name.clone()
    } else {
        // "Trabajo en beneficio de la comunidad (Community service order)".
        format!("{}{}", chosen.name, l.aside(court_name))
    };
    lines.push(line(key::PERSON_CALLED, &called));
    lines
}

/// What happens if the person does not keep to the conditions (para 31), for the
/// question the report serves; whom to tell when something stops them going.
fn noncompliance(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let l = cx.l;
    b.para(
        None,
        l.get(match cx.case.report.serves() {
            ReportKind::Full | ReportKind::Short | ReportKind::Addendum => {
                key::PERSON_NONCOMPLIANCE_SENTENCE
            }
            ReportKind::Diversion => key::PERSON_NONCOMPLIANCE_DIVERSION,
            ReportKind::Bail => key::PERSON_NONCOMPLIANCE_BAIL,
            ReportKind::PreRelease => key::PERSON_NONCOMPLIANCE_PRE_RELEASE,
        }),
    );
    // Only those who really run something the person must go to.
    let mut who: Vec<String> = Vec::new();
    for chosen in &cx.matching.proposed {
        let m = &chosen.measure;
        let attends = !m.schedule.is_empty() || m.location.is_some();
        if let Some(provider) = m.provider.as_ref().filter(|_| attends) {
            let name = provider.name.trim().to_string();
            if !who.contains(&name) {
                who.push(name);
            }
        }
    }
    if !who.is_empty() {
        b.para(
            None,
            l.fill(
                key::PERSON_NONCOMPLIANCE_TELL,
                &[("who", &and_list(l, &who))],
            ),
        );
    }
}

/// Whom to contact.
fn contact(b: &mut SectionBuilder, cx: &Cx<'_>) {
    let (l, author) = (cx.l, &cx.case.report.author);
    // "Grace Achieng (NGO worker, Second Chance Trust)": a name the person knows,
    // what they do — in the author's gender where the language needs it — and where.
    let mut about = vec![role_word(l, author.role, author.gender)];
    about.extend(
        author
            .organisation
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::to_string),
    );
    // The role and the organisation are in apposition, not an enumeration: the
    // clause comma ("，", not "、" in Chinese).
    let who = format!("{}{}", cx.author, l.aside(&about.join(&l.comma())));
    b.para(
        None,
        l.fill(key::PERSON_CONTACT_AUTHOR, &[("author", &who)]),
    );
    if let Some(contact) = author.contact.as_deref().filter(|c| !c.trim().is_empty()) {
        b.para(
            None,
            l.fill(key::PERSON_CONTACT_HOW, &[("contact", contact.trim())]),
        );
    }
    b.para(None, l.get(key::PERSON_CONTACT_LAWYER));
}
