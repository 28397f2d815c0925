//! Stage 2: the rules of `rules.md` that concern the case itself.
//!
//! Every rule reads the typed [`Case`] and points its finding at the line of the field
//! it concerns through the [`SourceMap`]. The rules about the proposal against the
//! catalogue are in [`crate::matching`].

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::Diagnostic;
use crate::load::{Document, SourceMap, for_each_text};
use crate::model::case::{AuthorRole, Gender, ReportStatus, SelfHarmRisk};
use crate::model::catalogue::ParamType;
use crate::model::{Case, Catalogue};

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
            .with_hint(format!(
                "this psr reads schema_version {SCHEMA_VERSION}; a newer psr may read this file"
            ))
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
                format!("the date of birth ({birth}) is after the hearing date ({hearing})"),
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
                    format!(
                        "the offence date ({}) is before the date of birth ({birth})",
                        offence.date
                    ),
                )
                .with_hint("check both dates; dates are YYYY-MM-DD")
                .at(at(&path)),
            );
        }
        if offence.date > hearing {
            out.push(
                Diagnostic::error(
                    "E023",
                    &path,
                    format!(
                        "the offence date ({}) is after the hearing date ({hearing})",
                        offence.date
                    ),
                )
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
                format!(
                    "the report was requested ({requested}) after the hearing date ({hearing})"
                ),
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
                format!("the supervisor approved the report ({approved}) before it was requested ({requested})"),
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

/// The catalogue format version this psr reads.
pub const CATALOGUE_VERSION: u32 = 1;

/// Checks a catalogue on its own: what its administrators must fix before any
/// report can rely on it.
pub fn validate_catalogue(catalogue: &Catalogue, map: &SourceMap) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |path: &str| map.value(path);
    if catalogue.catalogue_version != CATALOGUE_VERSION {
        out.push(
            Diagnostic::error("E080", "catalogue_version", format!("unknown catalogue version {}", catalogue.catalogue_version))
                .with_hint(format!("this psr reads catalogue_version {CATALOGUE_VERSION}; a newer psr may read this file"))
                .at(at("catalogue_version")),
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, measure) in catalogue.measures.iter().enumerate() {
        let path = format!("measures[{i}]");
        if let Some(first) = seen.insert(measure.id.as_str(), i) {
            out.push(
                Diagnostic::error(
                    "E081",
                    format!("{path}.id"),
                    format!(
                        "duplicate measure id `{}` (also measures[{first}])",
                        measure.id
                    ),
                )
                .with_hint("each measure needs its own id: proposals refer to measures by id")
                .at(at(&format!("{path}.id"))),
            );
        }
        if !(1..=5).contains(&measure.restrictiveness) {
            out.push(
                Diagnostic::error(
                    "E082",
                    format!("{path}.restrictiveness"),
                    format!("restrictiveness {} is outside 1–5", measure.restrictiveness),
                )
                .with_hint("para 15: 1 is the least and 5 the most restrictive measure")
                .at(at(&format!("{path}.restrictiveness"))),
            );
        }
        for (name, spec) in &measure.parameters {
            let spec_path = format!("{path}.parameters.{name}");
            let nonsense = match (spec.kind, spec.min, spec.max) {
                (ParamType::Integer, Some(min), Some(max)) if min > max => {
                    Some(format!("`min` {min} is greater than `max` {max}"))
                }
                (ParamType::Integer, _, _) => None,
                (_, None, None) => None,
                (kind, _, _) => Some(format!(
                    "`min` and `max` apply to integers, not to {}",
                    crate::matching::words(&kind)
                )),
            };
            if let Some(problem) = nonsense {
                out.push(
                    Diagnostic::error("E083", &spec_path, format!("parameter `{name}`: {problem}"))
                        .with_hint("fix the parameter's range so that a proposal can satisfy it")
                        .at(at(&spec_path)),
                );
            }
        }
        let condition_path = format!("{path}.condition");
        match condition_variables(&measure.condition) {
            Err(message) => out.push(
                Diagnostic::error("E084", &condition_path, format!("the condition template does not parse: {message}"))
                    .with_hint("conditions are minijinja templates: write values as {{ name }}; check braces and tags")
                    .at(at(&condition_path)),
            ),
            Ok(variables) => {
                let mut known: Vec<&str> = measure.parameters.keys().map(String::as_str).collect();
                known.push("name");
                if measure.location.is_some() {
                    known.push("location");
                }
                if measure.provider.is_some() {
                    known.push("provider");
                }
                for variable in variables.iter().filter(|v| !known.contains(&v.as_str())) {
                    out.push(
                        Diagnostic::error(
                            "E085",
                            &condition_path,
                            format!("the condition uses `{variable}`, which the measure does not define"),
                        )
                        .with_hint(format!(
                            "para 31: conditions must be unambiguous; the condition can use: {}",
                            known.join(", ")
                        ))
                        .at(at(&condition_path)),
                    );
                }
            }
        }
        for (j, block) in measure.schedule.iter().enumerate() {
            let block_path = format!("{path}.schedule[{j}]");
            if block.from >= block.to {
                out.push(
                    Diagnostic::error(
                        "E086",
                        format!("{block_path}.from"),
                        format!(
                            "the session starts at {} and ends at {}: `from` is not before `to`",
                            block.from, block.to
                        ),
                    )
                    .with_hint(
                        "sessions of a measure run within a day: check the times (24-hour HH:MM)",
                    )
                    .at(at(&format!("{block_path}.from"))),
                );
            }
            if block.days.is_empty() {
                out.push(
                    Diagnostic::error(
                        "E087",
                        format!("{block_path}.days"),
                        "a schedule block has no days",
                    )
                    .with_hint("list the days, e.g. days: [tue, thu]")
                    .at(at(&format!("{block_path}.days"))),
                );
            }
        }
        if let (Some(min), Some(max)) = (measure.eligibility.min_age, measure.eligibility.max_age)
            && min > max
        {
            let p = format!("{path}.eligibility.min_age");
            out.push(
                Diagnostic::error(
                    "E088",
                    &p,
                    format!("`min_age` {min} is greater than `max_age` {max}: nobody is eligible"),
                )
                .with_hint("fix the age range")
                .at(at(&p)),
            );
        }
    }
    out
}

/// The variables a condition template uses, or why it does not parse.
pub fn condition_variables(template: &str) -> Result<Vec<String>, String> {
    let env = minijinja::Environment::new();
    let parsed = env
        .template_from_str(template)
        .map_err(|e| match e.detail() {
            Some(detail) => format!("{}: {detail}", e.kind()),
            None => e.kind().to_string(),
        })?;
    let mut variables: Vec<String> = parsed.undeclared_variables(false).into_iter().collect();
    variables.sort();
    Ok(variables)
}

/// E016: text with characters that no font can print. Typst would fail at the PDF/A
/// export, naming neither the field nor the line; a name must be printed as the
/// person writes it, so the fix is a font, not a spelling. `can_print` is the
/// renderer's (fonts built in, in the template folder, and in `--font-path`).
pub fn unprintable_text(document: &Document, can_print: &dyn Fn(char) -> bool) -> Vec<Diagnostic> {
    /// Characters named in one finding; the rest are counted.
    const SHOWN: usize = 3;
    let mut found = Vec::new();
    for_each_text(&document.root, "", &mut |path, text| {
        let mut missing: Vec<char> = Vec::new();
        for c in text.chars() {
            if !missing.contains(&c) && !can_print(c) {
                missing.push(c);
            }
        }
        if missing.is_empty() {
            return;
        }
        let mut named: Vec<String> = missing
            .iter()
            .take(SHOWN)
            .map(|c| format!("`{c}` (U+{:04X})", *c as u32))
            .collect();
        if missing.len() > SHOWN {
            named.push(format!("and {} more", missing.len() - SHOWN));
        }
        found.push(
            Diagnostic::error(
                "E016",
                path,
                format!("no font can print {}", named.join(", ")),
            )
            .with_hint(
                "keep the text as written and add a font that has these characters: \
                 `--font-path DIR` or PSR_FONT_PATH (e.g. Noto Sans CJK for Chinese, Japanese \
                 and Korean, Noto Naskh Arabic), see docs/fonts.md",
            )
            .at(document.map.value(path)),
        );
    });
    found
}

/// E016 for the fields holding `texts`, which Typst could not print although every
/// character has a font: a combination no single font draws, such as a keycap emoji
/// (`1️⃣`, digit + U+FE0F + U+20E3) or a letter with a mark from another script.
/// Fields are found by the non-ASCII characters of `texts` (ASCII alone would match
/// everywhere); none found means the text is the template's own.
pub fn unprintable_combinations(document: &Document, texts: &[String]) -> Vec<Diagnostic> {
    let suspects: Vec<char> = texts
        .iter()
        .flat_map(|t| t.chars())
        .filter(|c| !c.is_ascii())
        .collect();
    let mut found = Vec::new();
    if suspects.is_empty() {
        return found;
    }
    for_each_text(&document.root, "", &mut |path, text| {
        let Some(at) = text.find(|c| suspects.contains(&c)) else {
            return;
        };
        // The word around it, as the author sees it.
        let start = text[..at].rfind(char::is_whitespace).map_or(0, |i| i + 1);
        let end = text[at..]
            .find(char::is_whitespace)
            .map_or(text.len(), |i| at + i);
        let word: String = text[start..end].chars().take(24).collect();
        let codes: Vec<String> = word
            .chars()
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        found.push(
            Diagnostic::error(
                "E016",
                path,
                format!(
                    "no font can print `{word}` ({}) as written",
                    codes.join(" ")
                ),
            )
            .with_hint(
                "a letter with a mark, or an emoji sequence such as a keycap, that no one font \
                 draws: write it without the mark, or add a font that has it with `--font-path \
                 DIR` (docs/fonts.md)",
            )
            .at(document.map.value(path)),
        );
    });
    found
}
