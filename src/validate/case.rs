//! The rules about a case on its own, one function per code or family of codes.
//!
//! Each rule reads the typed [`Case`] and points its finding at the line of the field
//! it concerns through the [`SourceMap`].

use super::Jurisdiction;
use crate::diagnostic::{Diagnostic, codes};
use crate::load::SourceMap;
use crate::model::Case;
use crate::model::case::{
    Compliance, Factor, Gender, Language, OffenceCategory, Plea, ReportKind, ReportStatus,
    SelfHarmRisk,
};

const CHILD_HINT: &str =
    "these strategies and this report are for adults; refer the case to the child justice system";
const SUPERVISION_HINT: &str = "reports by civil society organizations, their staff and volunteers, are prepared under the supervision and sole responsibility of the competent authorities; add `supervisor` with name, role (probation_officer or social_worker, or a role the catalogue's `supervisor_roles` names) and approved_on, or set `status: draft`";
const SOURCES_HINT: &str =
    "say where the information comes from (interview, document, records check, contact)";
const WOMAN_HINT: &str = "caretaking responsibilities and any history of victimization shape a gender-sensitive proposal";
const YOUNG_ADULT_HINT: &str =
    "for young adults, adverse childhood experiences and education inform the proposal";
const SELF_HARM_HINT: &str = "the court copy shows a safeguarding notice near the top; make sure the risk is managed before the hearing";

/// E021, E022: the person is an adult at the hearing, born before it (para 4), with
/// the age of majority of 18.
pub fn age(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    age_in(case, &Jurisdiction::default(), map)
}

/// E021, E022: the person is an adult at the hearing — 18, or the earlier age of
/// majority the area's catalogue names (para 4, footnote 3) — born before it.
pub fn age_in(case: &Case, area: &Jurisdiction, map: &SourceMap) -> Vec<Diagnostic> {
    let path = "person.date_of_birth";
    let (birth, hearing) = (case.person.date_of_birth, case.report.hearing_date);
    let finding = if birth > hearing {
        Diagnostic::new(
            codes::E022,
            path,
            format!("the date of birth ({birth}) is after the hearing date ({hearing})"),
        )
        .with_hint("check the date of birth; dates are YYYY-MM-DD")
    } else if case.age_at_hearing() < i32::from(area.age_of_majority) {
        Diagnostic::new(
            codes::E021,
            path,
            format!(
                "the person is {} at the hearing: the person is a child; the child justice system applies",
                case.age_at_hearing()
            ),
        )
        .with_hint(CHILD_HINT)
    } else {
        return Vec::new();
    };
    vec![finding.at(map.value(path))]
}

/// E022, E023: each offence lies between the birth and the hearing.
pub fn offence_dates(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let (birth, hearing) = (case.person.date_of_birth, case.report.hearing_date);
    let mut out = Vec::new();
    for (i, offence) in case.offences.iter().enumerate() {
        let path = format!("offences[{i}].date");
        let date = offence.date;
        if date < birth {
            out.push(
                Diagnostic::new(
                    codes::E022,
                    &path,
                    format!("the offence date ({date}) is before the date of birth ({birth})"),
                )
                .with_hint("check both dates; dates are YYYY-MM-DD")
                .at(map.value(&path)),
            );
        }
        if date > hearing {
            out.push(
                Diagnostic::new(
                    codes::E023,
                    &path,
                    format!("the offence date ({date}) is after the hearing date ({hearing})"),
                )
                .with_hint(
                    "an offence before the court happened before the hearing: check the date",
                )
                .at(map.value(&path)),
            );
        }
    }
    out
}

/// E024: the report was asked for before the hearing.
pub fn request_date(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let hearing = case.report.hearing_date;
    let Some(requested) = case.report.requested_on.filter(|r| *r > hearing) else {
        return Vec::new();
    };
    let path = "report.requested_on";
    vec![
        Diagnostic::new(
            codes::E024,
            path,
            format!("the report was requested ({requested}) after the hearing date ({hearing})"),
        )
        .with_hint("check `requested_on` and `hearing_date`")
        .at(map.value(path)),
    ]
}

/// E025: a supervisor approves a report after it was asked for.
pub fn approval_date(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    let approved = report.supervisor.as_ref().and_then(|s| s.approved_on);
    let (Some(approved), Some(requested)) = (approved, report.requested_on) else {
        return Vec::new();
    };
    if approved >= requested {
        return Vec::new();
    }
    let path = "report.supervisor.approved_on";
    vec![
        Diagnostic::new(
            codes::E025,
            path,
            format!(
                "the supervisor approved the report ({approved}) before it was requested ({requested})"
            ),
        )
        .with_hint("check `approved_on`: approval comes after the request")
        .at(map.value(path)),
    ]
}

/// W025: an addendum's approval dated before the report it adds to. What was
/// approved then was the earlier report, not what has changed since: the approval
/// was most likely copied over with the rest of the case (para 56).
pub fn addendum_approval_date(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    let approved = report.supervisor.as_ref().and_then(|s| s.approved_on);
    let (Some(approved), Some(earlier)) = (approved, &report.addendum_to) else {
        return Vec::new();
    };
    if report.kind != ReportKind::Addendum || approved >= earlier.date {
        return Vec::new();
    }
    let path = "report.supervisor.approved_on";
    vec![
        Diagnostic::new(
            codes::W025,
            path,
            format!(
                "the supervisor approved this addendum ({approved}) before the report it adds to was dated ({})",
                earlier.date
            ),
        )
        .with_hint("an approval of the earlier report does not approve the addendum: ask the supervisor to approve this addendum (`psr approve`), and set `approved_on` to that date")
        .at(map.value(path)),
    ]
}

/// E030: a final report by an NGO worker or volunteer names a supervisor from the
/// service who approved it (para 56), a probation officer or social worker.
pub fn supervision(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    supervision_in(case, &Jurisdiction::default(), map)
}

/// E030: the same, with the roles of the competent authorities whose approval the
/// area's catalogue accepts.
pub fn supervision_in(case: &Case, area: &Jurisdiction, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    if report.status != ReportStatus::Final || !report.author.role.needs_supervision() {
        return Vec::new();
    }
    let named = |name: &Option<String>| name.as_deref().is_some_and(|n| !n.trim().is_empty());
    let (path, what) = match &report.supervisor {
        None => ("report.author.role", "there is no `supervisor`"),
        Some(s) if !named(&s.name) => ("report.supervisor", "the supervisor has no `name`"),
        Some(s) if s.approved_on.is_none() => (
            "report.supervisor",
            "the supervisor has no `approved_on` date",
        ),
        Some(s) if !s.role.is_some_and(|r| area.supervisors.contains(&r)) => (
            "report.supervisor.role",
            "the supervisor's role is not one whose approval the service accepts",
        ),
        // Approving one's own report is not supervision.
        Some(s)
            if s.name
                .as_deref()
                .is_some_and(|n| same_person(n, &report.author.name)) =>
        {
            ("report.supervisor.name", "the supervisor is the author")
        }
        Some(_) => return Vec::new(),
    };
    vec![
        Diagnostic::new(
            codes::E030,
            path,
            format!(
                "a final report by an NGO worker or volunteer needs a supervisor's approval: {what}"
            ),
        )
        .with_hint(SUPERVISION_HINT)
        .at(map.value(path)),
    ]
}

/// Two names written for one person: the same words, whatever the case and spacing.
pub fn same_person(a: &str, b: &str) -> bool {
    let words =
        |name: &str| -> Vec<String> { name.split_whitespace().map(str::to_lowercase).collect() };
    !words(a).is_empty() && words(a) == words(b)
}

/// E031, W031: the report says where its information comes from (para 13): a final
/// report without is refused, a draft warned (an author drafts before every source
/// is in).
pub fn sources(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    if !case.sources.is_empty() {
        return Vec::new();
    }
    // Point at `sources: []` when it is written, else at the top of the file.
    let at = if map.contains("sources") {
        "sources"
    } else {
        ""
    };
    vec![
        Diagnostic::new(
            if case.report.status == ReportStatus::Draft {
                codes::W031
            } else {
                codes::E031
            },
            "sources",
            "no sources of information are listed",
        )
        .with_hint(SOURCES_HINT)
        .at(map.value(at)),
    ]
}

/// W039: a final report for a sentencing or diversion decision says what para 27 asks
/// the court to know: family relationships, victimization, caretaking, trauma and
/// mental health. One finding names those not assessed; the court copy says plainly
/// which they are. For a woman, those W040 and W046 already name are left to them.
pub fn not_assessed(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    let sentencing = matches!(
        report.serves(),
        ReportKind::Full | ReportKind::Short | ReportKind::Diversion
    );
    if report.status != ReportStatus::Final || report.kind == ReportKind::Addendum || !sentencing {
        return Vec::new();
    }
    let c = &case.circumstances;
    let woman = case.person.gender == Gender::Female;
    let named_for_a_woman = |factor: Factor| {
        woman
            && match factor {
                Factor::Caretaking => c.caretaking.is_none(),
                Factor::Victimization => c.victimization.is_none(),
                Factor::Trauma | Factor::MentalHealth => {
                    c.trauma.is_none()
                        && c.health
                            .as_ref()
                            .and_then(|h| h.mental_health.as_ref())
                            .is_none()
                }
                _ => false,
            }
    };
    let missing: Vec<Factor> = c
        .not_assessed()
        .into_iter()
        .filter(|f| f.is_core() && !named_for_a_woman(*f))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let names: Vec<String> = missing.iter().map(|f| format!("`{}`", f.path())).collect();
    let at = if map.contains("circumstances") {
        "circumstances"
    } else {
        ""
    };
    vec![
        Diagnostic::new(
            codes::W039,
            "circumstances",
            format!(
                "a final report in which these circumstances were not assessed: {}",
                names.join(", ")
            ),
        )
        .with_hint("the court needs them at sentencing: record what the person says (a yes or a no, a level, a few words), or keep the report a draft; the court copy lists what was not assessed")
        .at(map.value(at)),
    ]
}

/// W040, W041: for a woman, caretaking, victimization and pregnancy (paras 5, 27).
pub fn woman(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    if case.person.gender != Gender::Female {
        return Vec::new();
    }
    let c = &case.circumstances;
    let mut out = Vec::new();
    let missing = match (c.caretaking.is_none(), c.victimization.is_none()) {
        (true, true) => Some("`caretaking` and `victimization`"),
        (true, false) => Some("`caretaking`"),
        (false, true) => Some("`victimization`"),
        (false, false) => None,
    };
    if let Some(missing) = missing {
        out.push(
            Diagnostic::new(
                codes::W040,
                "circumstances",
                format!("no {missing} information for a woman"),
            )
            .with_hint(WOMAN_HINT)
            .at(map.value("circumstances")),
        );
    }
    if case.person.pregnant.is_none() {
        out.push(
            Diagnostic::new(
                codes::W041,
                "person.pregnant",
                "whether the person is pregnant is not stated",
            )
            .with_hint("add `pregnant: true` or `pregnant: false`")
            .at(map.value("person")),
        );
    }
    out
}

/// W042: for a young adult, childhood and education (para 27).
pub fn young_adult(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let age = case.age_at_hearing();
    let c = &case.circumstances;
    if !(18..=24).contains(&age)
        || c.adverse_childhood_experiences.is_some()
        || c.education.is_some()
    {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            codes::W042,
            "circumstances",
            format!(
                "the person is a young adult ({age}) and the report has no `adverse_childhood_experiences` or `education`"
            ),
        )
        .with_hint(YOUNG_ADULT_HINT)
        .at(map.value("circumstances")),
    ]
}

/// W043: a medium or high risk of self-harm, shown to the court as a notice.
pub fn self_harm(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let risk = case
        .circumstances
        .health
        .as_ref()
        .and_then(|h| h.self_harm_risk);
    if risk.is_none_or(|r| r < SelfHarmRisk::Medium) {
        return Vec::new();
    }
    let path = "circumstances.health.self_harm_risk";
    vec![
        Diagnostic::new(codes::W043, path, "risk of self-harm is medium or high")
            .with_hint(SELF_HARM_HINT)
            .at(map.value(path)),
    ]
}

/// W044, W045: a bail report says where the person would live, whether they will
/// attend court and whether the victim and witnesses are safe (paras 20–21); a
/// pre-release report says what sentence is being served and when it ends, which a
/// decision on early release weighs (para 12 (d)).
pub fn kind_information(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let (code, field, message, hint) = match case.report.serves() {
        ReportKind::Bail if case.pretrial.is_none() => (
            codes::W044,
            "pretrial",
            "a bail report with no `pretrial` section: the address, attending court, and the safety of the victim and witnesses",
            "add `pretrial:` with `address`, `attendance` and `victim_witness_safety` (see `psr init`)",
        ),
        ReportKind::PreRelease if case.release.is_none() => (
            codes::W045,
            "release",
            "a pre-release report with no `release` section: the sentence, the release date and progress in custody",
            "add `release:` with `sentence`, `release_date` and `progress`",
        ),
        _ => return Vec::new(),
    };
    vec![
        Diagnostic::new(code, field, message)
            .with_hint(hint)
            .at(map.value("report.kind")),
    ]
}

/// W037: a bail report is about a person not yet tried (paras 20–21); an offence to
/// which the person has pleaded guilty asks another question.
pub fn bail_after_a_plea(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    if case.report.serves() != ReportKind::Bail {
        return Vec::new();
    }
    case.offences
        .iter()
        .enumerate()
        .filter(|(_, o)| o.plea == Some(Plea::Guilty))
        .map(|(i, _)| {
            let path = format!("offences[{i}].plea");
            Diagnostic::new(
                codes::W037,
                &path,
                "a bail report about an offence to which the person has pleaded guilty",
            )
            .with_hint("a bail report is for a person not yet tried, and assumes nothing of guilt; release after a conviction, before sentence, is another question: check the plea, or the kind of report")
            .at(map.value(&path))
        })
        .collect()
}

/// E027: an income written otherwise than amounts are ("£1,250" for "1250.00"): read
/// as money everywhere, or refused with the same words, never passed over — the
/// affordability of what is proposed is checked against it (W093, para 31).
pub fn income(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let Some(income) = case
        .circumstances
        .finances
        .as_ref()
        .and_then(|f| f.monthly_income.as_deref())
    else {
        return Vec::new();
    };
    if crate::matching::is_money(income.trim()) {
        return Vec::new();
    }
    let path = "circumstances.finances.monthly_income";
    vec![
        Diagnostic::new(
            codes::E027,
            path,
            "`monthly_income` must be an amount such as \"180.00\"",
        )
        .with_hint(crate::matching::MONEY_HINT)
        .at(map.value(path)),
    ]
}

/// W051: the report has no date of its own: it says "Date of report: not recorded",
/// never the approval's or the hearing's date in its place.
pub fn report_date(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    if report.date.is_some() {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            codes::W051,
            "report.date",
            "the report has no `date`: its date is printed as not recorded",
        )
        .with_hint("add `date:` under `report` with the day the report was completed")
        .at(map.value("report")),
    ]
}

/// W050: a draft, watermarked on every page.
pub fn draft(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    if case.report.status != ReportStatus::Draft {
        return Vec::new();
    }
    let path = "report.status";
    vec![
        Diagnostic::new(
            codes::W050,
            path,
            "this is a draft: every page carries a DRAFT watermark",
        )
        .with_hint("set `status: final` when the report is ready for the court")
        .at(map.value(path)),
    ]
}

/// E032: a final report weighs an offence: with none recorded, nothing can be
/// proportionate to it (paras 13, 24).
pub fn offence_recorded(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    if case.report.status != ReportStatus::Final || !case.offences.is_empty() {
        return Vec::new();
    }
    let at = if map.contains("offences") {
        "offences"
    } else {
        ""
    };
    vec![
        Diagnostic::new(
            codes::E032,
            "offences",
            "a final report with no offence recorded",
        )
        .with_hint(
            "add the offence or offences before the court under `offences`, or set `status: draft`",
        )
        .at(map.value(at)),
    ]
}

/// W052: a sentencing report records the gravity, nature and circumstances of each
/// offence, so that the proposal can be weighed against them (paras 6, 24, 25).
pub fn offence_circumstances(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    if !matches!(case.report.serves(), ReportKind::Full | ReportKind::Short) {
        return Vec::new();
    }
    case.offences
        .iter()
        .enumerate()
        .filter(|(_, o)| blank(&o.circumstances))
        .map(|(i, _)| {
            let path = format!("offences[{i}]");
            Diagnostic::new(
                codes::W052,
                format!("{path}.circumstances"),
                "the gravity, nature and circumstances of the offence are not recorded",
            )
            .with_hint("add `circumstances:` to the offence: what made it more or less serious; the proposal is weighed against it")
            .at(map.value(&path))
        })
        .collect()
}

/// W046: for a woman, trauma and mental health needs (paras 5, 27).
pub fn woman_health(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let c = &case.circumstances;
    let mental_health = c.health.as_ref().and_then(|h| h.mental_health.as_ref());
    if case.person.gender != Gender::Female || c.trauma.is_some() || mental_health.is_some() {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            codes::W046,
            "circumstances",
            "no `trauma` or `mental_health` information for a woman",
        )
        .with_hint("trauma and mental healthcare needs are of particular relevance when sentencing women; say what is known, or that nothing is")
        .at(map.value("circumstances")),
    ]
}

/// W048: an NGO worker or volunteer who writes a final report was screened and
/// trained (paras 26, 56, 59).
pub fn author_screening(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    let author = &report.author;
    if report.status != ReportStatus::Final
        || !author.role.needs_supervision()
        || (author.screened_on.is_some() && author.trained_on.is_some())
    {
        return Vec::new();
    }
    let missing = match (author.screened_on, author.trained_on) {
        (None, None) => "`screened_on` and `trained_on`",
        (None, Some(_)) => "`screened_on`",
        _ => "`trained_on`",
    };
    vec![
        Diagnostic::new(
            codes::W048,
            "report.author",
            format!("a final report by an NGO worker or volunteer whose {missing} is not recorded"),
        )
        .with_hint("record when the author was screened and trained to prepare reports (`screened_on`, `trained_on` under `author`)")
        .at(map.value("report.author")),
    ]
}

/// W053: how the person is expected to comply with what is proposed (para 28).
pub fn expected_compliance(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let proposes = case
        .proposal
        .as_ref()
        .is_some_and(|p| !p.measures.is_empty());
    if !proposes || !blank(&case.assessment.compliance) {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            codes::W053,
            "assessment.compliance",
            "the report does not say how the person is expected to comply with the measures proposed",
        )
        .with_hint("add `compliance:` under `assessment`: what helps or hinders the person in keeping to conditions")
        .at(map.value("assessment")),
    ]
}

/// W054: a past breach is told with its circumstances: non-compliance is not read
/// as wilful by default (para 32).
pub fn breach_circumstances(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    case.criminal_history
        .iter()
        .enumerate()
        .filter(|(_, c)| c.compliance == Compliance::Breached && blank(&c.compliance_notes))
        .map(|(i, _)| {
            let path = format!("criminal_history[{i}]");
            Diagnostic::new(
                codes::W054,
                format!("{path}.compliance_notes"),
                "a breach is recorded without its circumstances",
            )
            .with_hint("add `compliance_notes:`: what led to the breach, so that it is not read as wilful by default")
            .at(map.value(&format!("{path}.compliance")))
        })
        .collect()
}

/// W056: the victim was heard where harm to a person is at stake at sentencing
/// (violence, sexual offences, domestic abuse: the rights of victims are weighed,
/// paras 15, 24), and before release where the case records a victim or a history of
/// violence (information from victims on any history of violence, para 44).
pub fn victim_views(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let consulted = case.victim.as_ref().is_some_and(|v| v.consulted);
    if consulted {
        return Vec::new();
    }
    let harm = case.offences.iter().any(|o| {
        matches!(
            o.category,
            OffenceCategory::Violence | OffenceCategory::Sexual
        )
    });
    let domestic = case
        .circumstances
        .family
        .as_ref()
        .and_then(|f| f.domestic_abuse_concerns)
        == Some(true)
        && case
            .offences
            .iter()
            .any(|o| o.category == OffenceCategory::Violence);
    let abuse = case
        .circumstances
        .family
        .as_ref()
        .and_then(|f| f.domestic_abuse_concerns)
        == Some(true);
    let why = if case.report.serves() == ReportKind::PreRelease {
        if case.victim.is_some() {
            "a pre-release report whose case records a victim"
        } else if harm || abuse {
            "a pre-release report whose case records a history of violence"
        } else {
            return Vec::new();
        }
    } else if harm || domestic {
        "a violent, sexual or domestic-abuse offence"
    } else {
        return Vec::new();
    };
    let at = if map.contains("victim") { "victim" } else { "" };
    vec![
        Diagnostic::new(
            codes::W056,
            "victim.consulted",
            format!("the victim's views were not sought, in {why}"),
        )
        .with_hint("seek the victim's views, or say why they could not be sought (`victim: { consulted: … }`)")
        .at(map.value(at)),
    ]
}

/// W057: the person's own goals and views are part of the report (para 12, core
/// principle I).
pub fn participation(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let a = &case.assessment;
    let missing = match (blank(&a.goals), blank(&a.views)) {
        (true, true) => "goals and views",
        (true, false) => "goals",
        (false, true) => "views",
        (false, false) => return Vec::new(),
    };
    vec![
        Diagnostic::new(
            codes::W057,
            "assessment",
            format!("the person's own {missing} are not recorded"),
        )
        .with_hint("ask the person about their life goals and their view of the proposal (`goals`, `views` under `assessment`)")
        .at(map.value("assessment")),
    ]
}

/// W028: the person's copy exists so that the person understands what is proposed
/// (para 12, "in a manner that they can understand"): in a language they are recorded
/// as reading, or read to them by an interpreter. Said only when `person.languages`
/// records something to go by.
pub fn person_language(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let person = &case.person;
    if person.interpreter_needed || person.languages.is_empty() {
        return Vec::new();
    }
    let reads: Vec<Language> = person
        .languages
        .iter()
        .filter_map(|l| Language::recorded(l))
        .collect();
    let copy = case.report.person_language();
    if reads.contains(&copy) {
        return Vec::new();
    }
    let path = if case.report.person_language.is_some() {
        "report.person_language"
    } else {
        "person.languages"
    };
    let written: Vec<String> = Language::ALL
        .iter()
        .map(|l| format!("{} ({})", l.code(), l.english_name()))
        .collect();
    let hint = match reads.first() {
        Some(language) => format!(
            "set `report.person_language: {}` for a copy in {}, or record `interpreter_needed: true` if an interpreter will read it to the person",
            language.code(),
            language.english_name()
        ),
        None => "psr cannot write the copy in a language the person reads: record `interpreter_needed: true` and have it read to the person, or set `report.person_language` to one they understand".to_string(),
    };
    vec![
        Diagnostic::new(
            codes::W028,
            path,
            format!(
                "the person's copy is in {} ({}), which the person is not recorded as reading (`person.languages`: {}), and no interpreter is recorded; psr writes the person's copy in {}",
                copy.english_name(),
                copy.code(),
                person.languages.iter().map(|l| l.trim()).collect::<Vec<_>>().join(", "),
                written.join(", "),
            ),
        )
        .with_hint(hint)
        .at(map.value(path)),
    ]
}

/// W058: an offence committed before the person turned 18, or the area's age of majority (para 4, footnote 3): the child
/// justice framework may bear on it, even for an adult at the hearing.
pub fn offence_as_a_child(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    offence_as_a_child_in(case, &Jurisdiction::default(), map)
}

/// W058 with the area's age of majority (para 4, footnote 3).
pub fn offence_as_a_child_in(case: &Case, area: &Jurisdiction, map: &SourceMap) -> Vec<Diagnostic> {
    let majority = area.age_of_majority;
    // A child at the hearing is refused altogether (E021).
    if case.age_at_hearing() < i32::from(majority) {
        return Vec::new();
    }
    case.offences_before(majority)
        .map(|(i, o, age)| {
            let path = format!("offences[{i}].date");
            Diagnostic::new(
                codes::W058,
                &path,
                format!(
                    "the offence was committed before the person turned {majority} (aged {age} on {})",
                    o.date
                ),
            )
            .with_hint("say in the report how the child justice framework bears on this offence")
            .at(map.value(&path))
        })
        .collect()
}

/// An optional text that is absent or blank.
fn blank(text: &Option<String>) -> bool {
    text.as_deref().is_none_or(|t| t.trim().is_empty())
}

/// E035: an addendum names the report it adds to — its kind, date, the SHA-256 of its
/// PDF and the case file it came from, beside this one — and only an addendum does.
pub fn addendum(case: &Case, map: &SourceMap) -> Vec<Diagnostic> {
    let report = &case.report;
    let refuse = |path: &str, message: String, hint: &str| {
        vec![
            Diagnostic::new(codes::E035, path, message)
                .with_hint(hint)
                .at(map.value(path).or_else(|| map.key(path))),
        ]
    };
    let earlier = match (report.kind, &report.addendum_to) {
        (ReportKind::Addendum, None) => {
            return refuse(
                "report.kind",
                "an addendum without `addendum_to`: the report it adds to".into(),
                "add `addendum_to:` with the earlier report's `kind`, `date`, `sha256` (as `psr render` printed it) and `case_file`",
            );
        }
        (ReportKind::Addendum, Some(earlier)) => earlier,
        (_, Some(_)) => {
            return refuse(
                "report.addendum_to",
                "`addendum_to` in a report that is not an addendum".into(),
                "set `kind: addendum`, or remove `addendum_to`",
            );
        }
        (_, None) => return Vec::new(),
    };
    if earlier.kind == ReportKind::Addendum {
        return refuse(
            "report.addendum_to.kind",
            "an addendum adds to a report of another kind, not to an addendum".into(),
            "name the kind of the first report (full, short, diversion, bail, pre_release)",
        );
    }
    let sha = earlier.sha256.trim();
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return refuse(
            "report.addendum_to.sha256",
            format!("`{sha}` is not a SHA-256 (64 hex digits)"),
            "copy the SHA-256 that `psr render` printed for the earlier report (or `sha256sum REPORT.pdf`)",
        );
    }
    if !is_plain_file_name(&earlier.case_file) {
        return refuse(
            "report.addendum_to.case_file",
            format!(
                "`{}` is not the name of a file beside this one",
                earlier.case_file
            ),
            "keep the earlier case file in the same folder and give its name alone (`smith-2026-11.yaml`)",
        );
    }
    if earlier.date > case.report_date() {
        return refuse(
            "report.addendum_to.date",
            format!(
                "the earlier report ({}) is dated after this addendum ({})",
                earlier.date,
                case.report_date()
            ),
            "check the dates: an addendum comes after the report it adds to",
        );
    }
    Vec::new()
}

/// A file name with no folder in it: what an addendum may name.
pub fn is_plain_file_name(name: &str) -> bool {
    let name = name.trim();
    !name.is_empty()
        && !name.starts_with('.')
        && !name.contains(['/', '\\', '\0'])
        && name.len() <= 255
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::load::{Loaded, SourceFile, load_source};
    use crate::model::case::{AuthorRole, Supervisor};

    /// The example case (a woman of 23, a final report by an NGO worker approved by a
    /// probation officer): every rule here is silent on it.
    fn example() -> Loaded<Case> {
        let source = SourceFile {
            name: "case.example.yaml".into(),
            text: include_str!("../../fixtures/case.example.yaml").into(),
        };
        load_source::<Case>(source).unwrap_or_else(|_| panic!("the example loads"))
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a date")
    }

    /// The codes and paths a rule reports about a changed example.
    fn run(
        rule: fn(&Case, &SourceMap) -> Vec<Diagnostic>,
        change: impl FnOnce(&mut Case),
    ) -> Vec<(&'static str, String)> {
        let mut loaded = example();
        change(&mut loaded.value);
        rule(&loaded.value, &loaded.document.map)
            .into_iter()
            .map(|d| (d.code, d.path))
            .collect()
    }

    #[test]
    fn every_rule_is_silent_on_the_example() {
        let loaded = example();
        for rule in [
            age,
            offence_dates,
            request_date,
            approval_date,
            supervision,
            sources,
            woman,
            young_adult,
            self_harm,
            draft,
        ] {
            assert!(rule(&loaded.value, &loaded.document.map).is_empty());
        }
    }

    #[test]
    fn age_refuses_a_child_and_a_birth_after_the_hearing() {
        let child = run(age, |c| c.person.date_of_birth = date("2010-01-01"));
        assert_eq!(child, [("E021", "person.date_of_birth".to_string())]);
        let unborn = run(age, |c| c.person.date_of_birth = date("2027-01-01"));
        assert_eq!(unborn, [("E022", "person.date_of_birth".to_string())]);
        // Eighteen on the day of the hearing is an adult.
        let adult = run(age, |c| c.person.date_of_birth = date("2008-12-03"));
        assert!(adult.is_empty());
    }

    #[test]
    fn offences_lie_between_the_birth_and_the_hearing() {
        let late = run(offence_dates, |c| c.offences[0].date = date("2026-12-04"));
        assert_eq!(late, [("E023", "offences[0].date".to_string())]);
        let early = run(offence_dates, |c| c.offences[0].date = date("2001-01-01"));
        assert_eq!(early, [("E022", "offences[0].date".to_string())]);
        let on_the_day = run(offence_dates, |c| c.offences[0].date = date("2026-12-03"));
        assert!(on_the_day.is_empty());
    }

    #[test]
    fn request_and_approval_come_in_order() {
        let request = run(request_date, |c| {
            c.report.requested_on = Some(date("2026-12-04"))
        });
        assert_eq!(request, [("E024", "report.requested_on".to_string())]);
        let approval = run(approval_date, |c| {
            if let Some(s) = c.report.supervisor.as_mut() {
                s.approved_on = Some(date("2026-11-04"));
            }
        });
        assert_eq!(
            approval,
            [("E025", "report.supervisor.approved_on".to_string())]
        );
    }

    #[test]
    fn a_final_report_by_an_ngo_worker_needs_a_complete_supervisor() {
        let none = run(supervision, |c| c.report.supervisor = None);
        assert_eq!(none, [("E030", "report.author.role".to_string())]);
        let volunteer = run(supervision, |c| {
            c.report.supervisor = Some(Supervisor {
                role: Some(AuthorRole::Volunteer),
                ..c.report.supervisor.clone().expect("a supervisor")
            });
        });
        assert_eq!(volunteer, [("E030", "report.supervisor.role".to_string())]);
        let unnamed = run(supervision, |c| {
            if let Some(s) = c.report.supervisor.as_mut() {
                s.name = Some("  ".into());
            }
        });
        assert_eq!(unnamed, [("E030", "report.supervisor".to_string())]);
        let herself = run(supervision, |c| {
            let author = c.report.author.name.to_uppercase();
            if let Some(s) = c.report.supervisor.as_mut() {
                s.name = Some(format!("  {author} "));
            }
        });
        assert_eq!(herself, [("E030", "report.supervisor.name".to_string())]);
        // A draft, or a probation officer's own report, needs none.
        let draft = run(supervision, |c| {
            c.report.supervisor = None;
            c.report.status = ReportStatus::Draft;
        });
        assert!(draft.is_empty());
        let officer = run(supervision, |c| {
            c.report.supervisor = None;
            c.report.author.role = AuthorRole::ProbationOfficer;
        });
        assert!(officer.is_empty());
    }

    #[test]
    fn the_age_of_majority_and_the_supervisors_are_the_area_s() {
        let area = |age, roles: &[AuthorRole]| Jurisdiction {
            age_of_majority: age,
            supervisors: roles.to_vec(),
        };
        let mut loaded = example();
        // Seventeen at the hearing: a child where majority is 18, an adult at 17.
        loaded.value.person.date_of_birth = date("2009-06-01");
        let case = &loaded.value;
        let map = &loaded.document.map;
        let at_18 = age_in(case, &Jurisdiction::default(), map);
        assert_eq!(at_18.len(), 1);
        assert_eq!(at_18[0].code, "E021");
        assert!(age_in(case, &area(17, AuthorRole::DEFAULT_SUPERVISORS), map).is_empty());
        // A prison officer approves only where the service accepts it.
        let mut loaded = example();
        if let Some(s) = loaded.value.report.supervisor.as_mut() {
            s.role = Some(AuthorRole::PrisonOfficer);
        }
        let (case, map) = (&loaded.value, &loaded.document.map);
        let refused = supervision_in(case, &Jurisdiction::default(), map);
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].code, "E030");
        let prison = [
            AuthorRole::ProbationOfficer,
            AuthorRole::SocialWorker,
            AuthorRole::PrisonOfficer,
        ];
        assert!(supervision_in(case, &area(18, &prison), map).is_empty());
    }

    #[test]
    fn the_victim_is_heard_before_release_where_a_victim_or_violence_is_recorded() {
        let pre_release = |c: &mut Case| {
            c.report.kind = ReportKind::PreRelease;
            for offence in &mut c.offences {
                offence.category = OffenceCategory::Property;
            }
            if let Some(family) = c.circumstances.family.as_mut() {
                family.domestic_abuse_concerns = None;
            }
        };
        // A shop theft, no victim recorded: nothing to ask.
        let theft = run(victim_views, |c| {
            pre_release(c);
            c.victim = None;
        });
        assert!(theft.is_empty(), "{theft:?}");
        // A victim recorded and not consulted.
        let victim = run(victim_views, |c| {
            pre_release(c);
            if let Some(v) = c.victim.as_mut() {
                v.consulted = false;
            }
        });
        assert_eq!(victim, [("W056", "victim.consulted".to_string())]);
        // A history of violence, and no victim section.
        let violence = run(victim_views, |c| {
            pre_release(c);
            c.victim = None;
            c.offences[0].category = OffenceCategory::Violence;
        });
        assert_eq!(violence, [("W056", "victim.consulted".to_string())]);
    }

    #[test]
    fn sources_are_required() {
        assert_eq!(
            run(sources, |c| c.sources.clear()),
            [("E031", "sources".to_string())]
        );
        // A draft is warned, not refused.
        assert_eq!(
            run(sources, |c| {
                c.sources.clear();
                c.report.status = ReportStatus::Draft;
            }),
            [("W031", "sources".to_string())]
        );
    }

    #[test]
    fn a_woman_s_care_victimization_and_pregnancy_are_asked_for() {
        let found = run(woman, |c| {
            c.circumstances.caretaking = None;
            c.person.pregnant = None;
        });
        assert_eq!(
            found,
            [
                ("W040", "circumstances".to_string()),
                ("W041", "person.pregnant".to_string())
            ]
        );
        let man = run(woman, |c| {
            c.person.gender = Gender::Male;
            c.circumstances.caretaking = None;
            c.person.pregnant = None;
        });
        assert!(man.is_empty());
    }

    #[test]
    fn a_young_adult_s_childhood_and_education_are_asked_for() {
        let found = run(young_adult, |c| {
            c.circumstances.adverse_childhood_experiences = None;
            c.circumstances.education = None;
        });
        assert_eq!(found, [("W042", "circumstances".to_string())]);
        let older = run(young_adult, |c| {
            c.person.date_of_birth = date("1990-01-01");
            c.circumstances.adverse_childhood_experiences = None;
            c.circumstances.education = None;
        });
        assert!(older.is_empty());
    }

    #[test]
    fn self_harm_and_drafts_are_pointed_out() {
        let risk = run(self_harm, |c| {
            if let Some(h) = c.circumstances.health.as_mut() {
                h.self_harm_risk = Some(SelfHarmRisk::High);
            }
        });
        assert_eq!(
            risk,
            [("W043", "circumstances.health.self_harm_risk".to_string())]
        );
        let draft_found = run(draft, |c| c.report.status = ReportStatus::Draft);
        assert_eq!(draft_found, [("W050", "report.status".to_string())]);
    }
}
