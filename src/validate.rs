//! Stage 2: the rules of `rules.md` that concern the case itself.
//!
//! Every rule reads the typed [`Case`] and points its finding at the line of the field
//! it concerns through the [`SourceMap`]. The rules about the proposal against the
//! catalogue are in [`crate::matching`].

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::Diagnostic;
use crate::load::SourceMap;
use crate::model::Case;
use crate::model::case::{AuthorRole, Gender, ReportStatus, SelfHarmRisk};

/// The case format version this psr reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Whole years from `birth` to `on`.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

/// The date the report bears: `report.date`, else the supervisor's approval, else the
/// hearing date. It is also the PDF's creation date, so output stays reproducible.
pub fn report_date(case: &Case) -> NaiveDate {
    case.report
        .date
        .or_else(|| case.report.supervisor.as_ref().and_then(|s| s.approved_on))
        .unwrap_or(case.report.hearing_date)
}

/// Checks a case on its own. Findings are in no particular order; callers sort them.
pub fn validate_case(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &str| map.value(path);
    let report = &case.report;
    let hearing = report.hearing_date;

    if case.schema_version != SCHEMA_VERSION {
        out.push(
            Diagnostic::error(
                "E020",
                "schema_version",
                format!("unknown schema version {}", case.schema_version),
            )
            .with_hint(format!("this psr reads schema_version {SCHEMA_VERSION}"))
            .at(at("schema_version")),
        );
    }

    // Age and dates of birth (para 4).
    let birth = case.person.date_of_birth;
    if birth > hearing {
        out.push(
            Diagnostic::error(
                "E022",
                "person.date_of_birth",
                "the date of birth is after the hearing date",
            )
            .with_hint("check the date of birth; dates are YYYY-MM-DD")
            .at(at("person.date_of_birth")),
        );
    } else if age_on(birth, hearing) < 18 {
        out.push(
            Diagnostic::error(
                "E021",
                "person.date_of_birth",
                format!(
                    "the person is {} at the hearing: the person is a child; the child justice system applies",
                    age_on(birth, hearing)
                ),
            )
            .with_hint("para 4: these strategies and this report are for adults; refer the case to the youth justice service")
            .at(at("person.date_of_birth")),
        );
    }
    for (i, offence) in case.offences.iter().enumerate() {
        let path = format!("offences[{i}].date");
        if offence.date < birth {
            out.push(
                Diagnostic::error(
                    "E022",
                    &path,
                    "the offence date is before the date of birth",
                )
                .with_hint("check both dates; dates are YYYY-MM-DD")
                .at(at(&path)),
            );
        }
        if offence.date > hearing {
            out.push(
                Diagnostic::error("E023", &path, "the offence date is after the hearing date")
                    .with_hint(
                        "an offence before the court happened before the hearing: check the date",
                    )
                    .at(at(&path)),
            );
        }
    }
    if let Some(requested) = report.requested_on
        && requested > hearing
    {
        out.push(
            Diagnostic::error(
                "E024",
                "report.requested_on",
                "the report was requested after the hearing date",
            )
            .with_hint("check `requested_on` and `hearing_date`")
            .at(at("report.requested_on")),
        );
    }

    // Supervision of reports by NGO workers and volunteers (para 56).
    let supervisor = report.supervisor.as_ref();
    if let (Some(approved), Some(requested)) =
        (supervisor.and_then(|s| s.approved_on), report.requested_on)
        && approved < requested
    {
        out.push(
            Diagnostic::error(
                "E025",
                "report.supervisor.approved_on",
                "the supervisor approved the report before it was requested",
            )
            .with_hint("check `approved_on`: approval comes after the request")
            .at(at("report.supervisor.approved_on")),
        );
    }
    if report.status == ReportStatus::Final && report.author.role.needs_supervision() {
        let complete = supervisor.is_some_and(|s| {
            s.name.as_deref().is_some_and(|n| !n.trim().is_empty())
                && matches!(
                    s.role,
                    Some(AuthorRole::ProbationOfficer | AuthorRole::SocialWorker)
                )
                && s.approved_on.is_some()
        });
        if !complete {
            let (path, what) = match supervisor {
                None => ("report.author.role", "there is no `supervisor`"),
                Some(s) if s.name.as_deref().is_none_or(|n| n.trim().is_empty()) => {
                    ("report.supervisor", "the supervisor has no `name`")
                }
                Some(s) if s.approved_on.is_none() => (
                    "report.supervisor",
                    "the supervisor has no `approved_on` date",
                ),
                Some(_) => (
                    "report.supervisor.role",
                    "the supervisor is not a probation officer or social worker",
                ),
            };
            out.push(
                Diagnostic::error(
                    "E030",
                    path,
                    format!("a final report by an NGO worker or volunteer needs a supervisor's approval: {what}"),
                )
                .with_hint("para 56: reports by NGO workers and volunteers are prepared under the supervision of the competent authority; add `supervisor` with name, role (probation_officer or social_worker) and approved_on, or set `status: draft`")
                .at(at(path)),
            );
        }
    }

    if case.sources.is_empty() {
        let path = if map.contains("sources") {
            "sources"
        } else {
            ""
        };
        out.push(
            Diagnostic::error("E031", "sources", "no sources of information are listed")
                .with_hint("para 13: say where the information comes from (interview, document, records check, contact)")
                .at(at(path)),
        );
    }

    // Warnings about what a court needs to know (paras 5, 27).
    let person = &case.person;
    let circumstances = &case.circumstances;
    if person.gender == Gender::Female {
        if circumstances.caretaking.is_none() || circumstances.victimization.is_none() {
            let missing = match (
                circumstances.caretaking.is_none(),
                circumstances.victimization.is_none(),
            ) {
                (true, true) => "`caretaking` and `victimization`",
                (true, false) => "`caretaking`",
                _ => "`victimization`",
            };
            out.push(
                Diagnostic::warning("W040", "circumstances", format!("no {missing} information for a woman"))
                    .with_hint("paras 5 and 27: caretaking responsibilities and any history of victimization shape a gender-sensitive proposal")
                    .at(at("circumstances")),
            );
        }
        if person.pregnant.is_none() {
            out.push(
                Diagnostic::warning(
                    "W041",
                    "person.pregnant",
                    "whether the person is pregnant is not stated",
                )
                .with_hint("para 5: add `pregnant: true` or `pregnant: false`")
                .at(at("person")),
            );
        }
    }
    let age = age_on(birth, hearing);
    if (18..=24).contains(&age)
        && circumstances.adverse_childhood_experiences.is_none()
        && circumstances.education.is_none()
    {
        out.push(
            Diagnostic::warning(
                "W042",
                "circumstances",
                format!("the person is a young adult ({age}) and the report has no `adverse_childhood_experiences` or `education`"),
            )
            .with_hint("para 27: for young adults, adverse childhood experiences and education inform the proposal")
            .at(at("circumstances")),
        );
    }
    if let Some(risk) = circumstances.health.as_ref().and_then(|h| h.self_harm_risk)
        && risk >= SelfHarmRisk::Medium
    {
        out.push(
                Diagnostic::warning("W043", "circumstances.health.self_harm_risk", "risk of self-harm is medium or high")
                    .with_hint("the court copy shows a safeguarding notice near the top; make sure the risk is managed before the hearing")
                    .at(at("circumstances.health.self_harm_risk")),
            );
    }
    if report.status == ReportStatus::Draft {
        out.push(
            Diagnostic::warning(
                "W050",
                "report.status",
                "this is a draft: every page carries a DRAFT watermark",
            )
            .with_hint("set `status: final` when the report is ready for the court")
            .at(at("report.status")),
        );
    }
    out
}
