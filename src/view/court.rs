//! The court's copy: its front sheet, the sections of each kind of report, and the
//! signature block.

use super::addendum;
use super::builder::{Cx, SectionFn, Sections, text};
use super::labels::{Key, Labels, group, key};
use super::sections::*;
use super::wording::{author_line, role_word, yes_no};
use super::{Furniture, Meta, Notice, ReportView, Row, Signature};
use crate::diagnostic::{Diagnostic, codes};
use crate::diff::Change;
use crate::matching::Matching;
use crate::model::case::{ReportKind, ReportStatus, SelfHarmRisk};
use crate::model::{Case, Catalogue};
use crate::validate::{FINGERPRINT_SCHEME, is_fingerprint};

/// Builds the court copy of a report. `findings` are the case's: they say whether the
/// supervisor's approval still holds. The points for the court come from `matching`.
pub fn court_view(
    case: &Case,
    catalogue: &Catalogue,
    matching: &Matching,
    findings: &[Diagnostic],
    changes: &[Change],
) -> ReportView {
    let l = Labels::for_language(case.report.language);
    let report = &case.report;
    let date = case.report_date();
    let mut front = hearing_rows(l, case);
    front.extend(person_rows(l, case));
    front.extend(report_rows(l, case));
    let mut sections = Sections::numbered(l.get(key::NO_INFORMATION), &l.colon());
    let cx = Cx {
        l,
        case,
        catalogue,
        matching,
        changes,
    };
    for (title, build) in sections_of(report.kind) {
        sections.add(l.get(*title), |b| build(b, &cx));
    }
    let (title, kind) = (
        l.get(key::title(report.kind)),
        l.get(key::kind(report.kind)),
    );
    let mut view = ReportView {
        lang: report.language.code(),
        draft: report.status == ReportStatus::Draft,
        large_print: false,
        meta: Meta {
            title: format!("{title} — {}", report.court_reference),
            author: vec![report.author.name.clone()],
            subject: format!("{kind} — {}", report.court),
            keywords: vec![report.court_reference.clone(), l.get(key::TITLE)],
            date: date.into(),
        },
        furniture: Furniture {
            reference: report.court_reference.clone(),
            confidential: l.get(key::CONFIDENTIAL),
            page: l.get(key::PAGE),
            of: l.get(key::OF),
            pages: l.get(key::PAGES),
            draft: l.get(key::DRAFT),
        },
        title,
        subtitle: kind,
        front,
        statement: l.get(key::STATEMENT),
        safeguarding: safeguarding(l, case),
        to_fix: super::to_fix(l, case, findings),
        sections: sections.into_list(),
        signature: signature(l, case, approved_fingerprint(case, findings)),
    };
    view.set_for_reading(l);
    view
}

fn row(label: String, value: String) -> Row {
    Row { label, value }
}

/// The front sheet's first rows: the court, its reference, the hearing, the request.
fn hearing_rows(l: &Labels, case: &Case) -> Vec<Row> {
    let report = &case.report;
    let mut rows = vec![
        row(l.get(key::FRONT_COURT), report.court.clone()),
        row(
            l.get(key::FRONT_COURT_REFERENCE),
            report.court_reference.clone(),
        ),
        row(l.get(key::FRONT_HEARING_DATE), l.date(report.hearing_date)),
    ];
    if report.requested_by.is_some() || report.requested_on.is_some() {
        let mut value = text(&report.requested_by);
        if let Some(on) = report.requested_on {
            // No space before Chinese's own "，委托日期：".
            let space = l.space();
            value = format!(
                "{value}{space}{}{space}{}",
                l.get(key::FRONT_REQUESTED_ON),
                l.date(on)
            )
            .trim()
            .to_string();
        }
        rows.push(row(l.get(key::FRONT_REQUESTED), value));
    }
    rows
}

/// The front sheet's rows about the person.
fn person_rows(l: &Labels, case: &Case) -> Vec<Row> {
    let person = &case.person;
    let age = case.age_at_hearing().to_string();
    let mut rows = vec![
        row(l.get(key::FRONT_PERSON), person.full_name()),
        row(
            l.get(key::FRONT_DATE_OF_BIRTH),
            format!(
                "{}{}",
                l.date(person.date_of_birth),
                l.aside(&l.fill(key::FRONT_AGE, &[("age", &age)]))
            ),
        ),
    ];
    for (key, value) in [
        (key::FRONT_NATIONALITY, text(&person.nationality)),
        (key::FRONT_LANGUAGES, languages(l, &person.languages)),
        (key::FRONT_ADDRESS_AREA, text(&person.address_area)),
    ] {
        if !value.trim().is_empty() {
            rows.push(row(l.get(key), value));
        }
    }
    if person.interpreter_needed {
        rows.push(row(l.get(key::FRONT_INTERPRETER), yes_no(l, true)));
    }
    if !person.identifiers.is_empty() {
        let ids: Vec<String> = person
            .identifiers
            .iter()
            .map(|(k, v)| format!("{}{}{v}", identifier(l, k), l.colon()))
            .collect();
        rows.push(row(l.get(key::FRONT_IDENTIFIERS), ids.join(&l.semicolon())));
    }
    rows
}

/// Languages by name ("Swahili, English"), a code psr does not know as written.
fn languages(l: &Labels, codes: &[String]) -> String {
    let names: Vec<String> = codes
        .iter()
        .map(|code| {
            let code = code.trim();
            l.language_name(&code.to_ascii_lowercase())
                .unwrap_or_else(|| code.to_string())
        })
        .collect::<Vec<_>>();
    l.join(&names)
}

/// An identifier's name: its label, or its key in words with a capital
/// ("prison_number" → "Prison number").
fn identifier(l: &Labels, key: &str) -> String {
    l.identifier(key).unwrap_or_else(|| {
        let words = key.replace('_', " ");
        let mut chars = words.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => words,
        }
    })
}

/// The front sheet's rows about the report: its kind, author, supervisor, date and
/// distribution.
fn report_rows(l: &Labels, case: &Case) -> Vec<Row> {
    let report = &case.report;
    let author = &report.author;
    let mut rows = vec![
        row(l.get(key::FRONT_KIND), l.get(key::kind(report.kind))),
        row(
            l.get(key::FRONT_AUTHOR),
            author_line(
                l,
                &author.name,
                Some(author.role),
                author.gender,
                &author.organisation,
            ),
        ),
    ];
    if let Some(s) = &report.supervisor {
        let name = s.name.as_deref().unwrap_or("");
        let mut value = author_line(l, name, s.role, s.gender, &s.organisation);
        if let Some(on) = s.approved_on {
            value = format!(
                "{value}{}{} {}",
                l.semicolon(),
                l.get(key::FRONT_APPROVED_ON),
                l.date(on)
            );
        }
        rows.push(row(l.get(key::FRONT_SUPERVISOR), value));
    }
    rows.push(row(l.get(key::FRONT_DATE), recorded_date(l, case)));
    if !report.distribution.is_empty() {
        let list: Vec<String> = report
            .distribution
            .iter()
            .map(|r| l.value(group::RECIPIENT, r))
            .collect();
        rows.push(row(l.get(key::FRONT_DISTRIBUTION), l.join(&list)));
    }
    rows
}

/// The notice near the top when the risk of self-harm is medium or high.
fn safeguarding(l: &Labels, case: &Case) -> Option<Notice> {
    let risk = case
        .circumstances
        .health
        .as_ref()
        .and_then(|h| h.self_harm_risk)
        .filter(|r| *r >= SelfHarmRisk::Medium)?;
    Some(Notice {
        title: l.get(key::SAFEGUARDING_TITLE),
        text: l.fill(
            key::SAFEGUARDING_TEXT,
            &[("level", &l.value(group::SELF_HARM, &risk))],
        ),
    })
}

/// The sections of each kind of report, in order.
fn sections_of(kind: ReportKind) -> &'static [(Key, SectionFn)] {
    match kind {
        ReportKind::Full => &[
            (key::SECTION_SOURCES, section_sources),
            (key::SECTION_OFFENCE, section_offence),
            (key::SECTION_HISTORY, section_history),
            (key::SECTION_CIRCUMSTANCES, section_circumstances),
            (key::SECTION_ASSESSMENT, section_assessment),
            (key::SECTION_GOALS, section_goals),
            (key::SECTION_OPTIONS, section_options),
            (key::SECTION_PROPOSAL, section_proposal),
            (key::SECTION_ATTENTION, section_attention),
        ],
        // 2–3 pages: what the court must know to sentence, with its sources.
        ReportKind::Short => &[
            (key::SECTION_SOURCES, section_sources),
            (key::SECTION_OFFENCE, section_offence_short),
            (key::SECTION_HISTORY, section_history),
            (key::SECTION_KEY_CIRCUMSTANCES, section_key_circumstances),
            (key::SECTION_ASSESSMENT, section_assessment),
            (key::SECTION_GOALS, section_goals),
            (key::SECTION_OPTIONS, section_options),
            (key::SECTION_PROPOSAL, section_proposal),
            (key::SECTION_ATTENTION, section_attention),
        ],
        // Suitability for diversion and the person's agreement (para 17).
        ReportKind::Diversion => &[
            (key::SECTION_SOURCES, section_sources),
            (key::SECTION_OFFENCE, section_offence),
            (key::SECTION_HISTORY, section_history),
            (key::SECTION_KEY_CIRCUMSTANCES, section_key_circumstances),
            (key::SECTION_SUITABILITY, section_suitability),
            (key::SECTION_OPTIONS, section_options),
            (key::SECTION_PROPOSAL, section_proposal),
            (key::SECTION_ATTENTION, section_attention),
        ],
        // Release before trial, detention a last resort (paras 20–21). No guilt is
        // assumed, and nothing is said of reoffending, needs behind offending or
        // compliance with a sentence.
        ReportKind::Bail => &[
            (key::SECTION_SOURCES, section_sources),
            (key::SECTION_OFFENCE_ALLEGED, section_offence_alleged),
            (key::SECTION_PRETRIAL, section_pretrial),
            (key::SECTION_TIES, section_ties),
            (key::SECTION_HISTORY_BAIL, section_history),
            (key::SECTION_RELEASE_NEEDS, section_release_needs),
            (key::SECTION_OPTIONS, section_options),
            (key::SECTION_PROPOSAL, section_proposal),
            (key::SECTION_ATTENTION, section_attention),
        ],
        // What changed since the report the court has, and the proposal as it now
        // stands with its options: the earlier report stands for the rest.
        ReportKind::Addendum => &[
            (key::SECTION_EARLIER, addendum::section_earlier),
            (key::SECTION_CHANGES, addendum::section_changes),
            (key::SECTION_OPTIONS, section_options),
            (key::SECTION_PROPOSAL, section_proposal),
            (key::SECTION_ATTENTION, section_attention),
        ],
        // Release from custody. The sentence and progress, for a decision on early
        // release (para 12 (d)). What the victim said of any history of violence
        // before release (para 44). Resettlement (para 45). Licence conditions on
        // conditional release (para 42).
        ReportKind::PreRelease => &[
            (key::SECTION_SOURCES, section_sources),
            (key::SECTION_SENTENCE, section_sentence),
            (key::SECTION_OFFENCE, section_offence_brief),
            (key::SECTION_HISTORY, section_history),
            (key::SECTION_VICTIM, section_victim),
            (key::SECTION_RESETTLEMENT, section_resettlement),
            (key::SECTION_ASSESSMENT, section_assessment),
            (key::SECTION_GOALS, section_goals),
            (key::SECTION_OPTIONS, section_options),
            (key::SECTION_PROPOSAL, section_proposal),
            (key::SECTION_ATTENTION, section_attention),
        ],
    }
}

/// The fingerprint of the approval, when the case still has it (para 56): a case
/// changed since is refused when final (E034) and carries no fingerprint when draft.
fn approved_fingerprint<'a>(case: &'a Case, findings: &[Diagnostic]) -> Option<&'a str> {
    let changed = findings
        .iter()
        .any(|f| f.code == codes::E034.code || f.code == codes::W034.code);
    case.report
        .supervisor
        .as_ref()
        .and_then(|s| s.fingerprint.as_deref())
        .filter(|f| !changed && is_fingerprint(f))
}

/// The author's particulars, the place to sign, and the supervisor's approval
/// (para 56), with the first characters of its fingerprint.
fn signature(l: &Labels, case: &Case, fingerprint: Option<&str>) -> Signature {
    Signature {
        title: l.get(key::SECTION_SIGNATURE),
        rows: author_rows(l, case),
        signed: l.get(key::SIGNATURE_SIGNED),
        supervision: approval_notice(l, case, fingerprint),
    }
}

/// The author's particulars, as they sign, and the report's date.
fn author_rows(l: &Labels, case: &Case) -> Vec<Row> {
    let author = &case.report.author;
    let mut rows = vec![
        Row {
            label: l.get(key::SIGNATURE_AUTHOR),
            value: author.name.trim().to_string(),
        },
        Row {
            label: l.get(key::SIGNATURE_ROLE),
            value: role_word(l, author.role, author.gender),
        },
    ];
    if let Some(org) = author
        .organisation
        .as_deref()
        .filter(|o| !o.trim().is_empty())
    {
        rows.push(Row {
            label: l.get(key::SIGNATURE_ORGANISATION),
            value: org.trim().to_string(),
        });
    }
    if let Some(contact) = author.contact.as_deref().filter(|c| !c.trim().is_empty()) {
        rows.push(Row {
            label: l.get(key::SIGNATURE_CONTACT),
            value: contact.trim().to_string(),
        });
    }
    // An NGO worker's or volunteer's screening and training (para 56).
    for (label, date) in [
        (key::SIGNATURE_SCREENED_ON, author.screened_on),
        (key::SIGNATURE_TRAINED_ON, author.trained_on),
    ] {
        if let Some(date) = date {
            rows.push(Row {
                label: l.get(label),
                value: l.date(date),
            });
        }
    }
    rows.push(Row {
        label: l.get(key::SIGNATURE_DATE),
        value: recorded_date(l, case),
    });
    rows
}

/// The supervisor's approval (para 56), with the first characters of its
/// fingerprint when it still holds; none without a supervisor's name.
fn approval_notice(l: &Labels, case: &Case, fingerprint: Option<&str>) -> Option<Notice> {
    case.report
        .supervisor
        .as_ref()
        .filter(|s| s.name.is_some())
        .map(|s| Notice {
            title: l.get(key::SIGNATURE_SUPERVISOR),
            text: l.fill(
                key::SIGNATURE_APPROVED,
                &[
                    ("name", s.name.as_deref().unwrap_or("").trim()),
                    (
                        "role",
                        &s.role
                            .map_or_else(String::new, |r| role_word(l, r, s.gender)),
                    ),
                    (
                        "organisation",
                        s.organisation.as_deref().unwrap_or("").trim(),
                    ),
                    (
                        "date",
                        &s.approved_on.map_or_else(String::new, |d| l.date(d)),
                    ),
                ],
            ) + &fingerprint.map_or_else(String::new, |f| {
                let digits = f.trim_start_matches(FINGERPRINT_SCHEME);
                format!(
                    " {}",
                    l.fill(
                        key::SIGNATURE_FINGERPRINT,
                        &[("fingerprint", &digits[..16])]
                    )
                )
            }),
        })
}

/// The report's own date as its author recorded it (`report.date`), or "not
/// recorded": never the approval's or the hearing's date in its place (W051).
fn recorded_date(l: &Labels, case: &Case) -> String {
    case.report
        .date
        .map_or_else(|| l.get(key::FRONT_DATE_NOT_RECORDED), |d| l.date(d))
}
