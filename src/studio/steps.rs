//! The guide's steps: the sections of a case in the order a report is written, one
//! panel of the forms each. The forms (`/api/form`) and the Check your report page
//! read the same list, so that a step, its title and when it is asked are said once.

use serde::Serialize;
use serde_json::Value;

/// One step of the guide.
#[derive(Debug, Serialize)]
pub struct Step {
    /// The section of the case it edits.
    pub path: &'static str,
    pub title: &'static str,
    /// The heading it is listed under, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intro: Option<&'static str>,
    /// When the step is asked; always when `None`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

/// When a section or a field is asked: for some kinds of report or some authors, or
/// whenever the case already has it (an answer is never hidden).
#[derive(Debug, Serialize)]
pub struct When {
    /// The report's kind (`report.kind`), or for an addendum the kind it adds to.
    pub kinds: &'static [&'static str],
    /// The author's role (`report.author.role`).
    pub roles: &'static [&'static str],
}

impl When {
    /// Whether the field at `path` is asked of this case.
    pub fn applies(&self, case: &Value, path: &str) -> bool {
        let report = &case["report"];
        let kind = report["kind"].as_str().unwrap_or("");
        let serves = if kind == "addendum" {
            report["addendum_to"]["kind"].as_str().unwrap_or("")
        } else {
            kind
        };
        self.kinds.iter().any(|k| *k == kind || *k == serves)
            || report["author"]["role"]
                .as_str()
                .is_some_and(|role| self.roles.contains(&role))
            || !at(case, path).is_null()
    }
}

/// The factors an assessment considers, family and caretaking to peers (para 14), of
/// which the court at sentencing needs family, victimization, childcare, trauma, mental
/// health and, for young adults, childhood and education (para 27).
const CIRCUMSTANCES: Option<&str> = Some("Circumstances");

const fn step(path: &'static str, title: &'static str) -> Step {
    Step {
        path,
        title,
        group: None,
        intro: None,
        when: None,
    }
}

const fn circumstance(path: &'static str, title: &'static str) -> Step {
    Step {
        path,
        title,
        group: CIRCUMSTANCES,
        intro: None,
        when: None,
    }
}

/// The steps, in the order a report is written.
pub const STEPS: &[Step] = &[
    Step {
        intro: Some(
            "Start here: the kind of report, its language, the court and the hearing, and who writes it.",
        ),
        ..step("report", "The report")
    },
    step("person", "The person"),
    step("offences", "Offences"),
    step("criminal_history", "Criminal history"),
    step("sources", "Sources"),
    circumstance("circumstances.family", "Family"),
    circumstance("circumstances.caretaking", "Caretaking"),
    circumstance("circumstances.victimization", "Victimization"),
    circumstance("circumstances.trauma", "Trauma"),
    circumstance("circumstances.adverse_childhood_experiences", "Childhood"),
    circumstance("circumstances.health", "Health"),
    circumstance("circumstances.education", "Education"),
    circumstance("circumstances.employment", "Employment"),
    circumstance("circumstances.housing", "Housing"),
    circumstance("circumstances.finances", "Finances"),
    circumstance("circumstances.peers", "Peers"),
    Step {
        when: Some(When {
            kinds: &["bail"],
            roles: &[],
        }),
        ..step("pretrial", "Before the trial")
    },
    Step {
        when: Some(When {
            kinds: &["pre_release"],
            roles: &[],
        }),
        ..step("release", "Release")
    },
    step("assessment", "Assessment"),
    step("victim", "The victim"),
    step("proposal", "Proposal"),
    step("restricted_notes", "Notes for the service"),
];

/// Fields asked only of some cases: the supervisor's block of a report that needs
/// one (para 56: NGO workers and volunteers), the earlier report of an addendum.
pub const FIELDS: &[(&str, When)] = &[
    (
        "report.supervisor",
        When {
            kinds: &[],
            roles: &["ngo_worker", "volunteer"],
        },
    ),
    (
        "report.addendum_to",
        When {
            kinds: &["addendum"],
            roles: &[],
        },
    ),
];

/// What one item of a list is called, by the list's key.
pub const ITEMS: &[(&str, &str)] = &[
    ("offences", "Offence"),
    ("criminal_history", "Previous conviction"),
    ("sources", "Source"),
    ("dependants", "Dependant"),
    ("alternative_care_schedule", "Block of hours"),
    ("schedule", "Block of hours"),
    ("measures", "Measure"),
    ("languages", "Language"),
    ("disabilities", "Disability"),
    ("diagnoses", "Diagnosis"),
    ("vocational_skills", "Skill"),
    ("protective_factors", "Protective factor"),
    ("distribution", "Recipient"),
];

/// Field names that read better than the key in words.
pub const NAMES: &[(&str, &str)] = &[
    ("person_account", "The person's own account"),
    ("court_reference", "Court reference"),
    ("date", "Date"),
    ("from", "From"),
    ("to", "To"),
    ("id", "Measure"),
    ("how_checked", "How it was checked"),
    (
        "adverse_childhood_experiences",
        "Adverse childhood experiences",
    ),
    ("monthly_income", "Monthly income"),
];

/// A key in words, as the forms label its field: `how_checked` → "How it was checked".
pub fn words(key: &str) -> String {
    let text = NAMES
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| key.replace('_', " "));
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// What one item of the list `key` is called.
pub fn item(key: &str) -> String {
    ITEMS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| "Item".to_string())
}

/// The steps asked of this case.
pub fn steps_of(case: &Value) -> impl Iterator<Item = &'static Step> + '_ {
    STEPS.iter().filter(move |s| {
        s.when
            .as_ref()
            .is_none_or(|when| when.applies(case, s.path))
    })
}

/// The step a field belongs to (`offences[0].plea` → `offences`): the longest step
/// path that starts it.
pub fn step_of(path: &str) -> Option<&'static Step> {
    STEPS
        .iter()
        .filter(|s| {
            path == s.path
                || path
                    .strip_prefix(s.path)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        })
        .max_by_key(|s| s.path.len())
}

/// The value at a dotted path (no list indices), `Null` when absent.
pub fn at<'a>(case: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(case, |node, key| &node[key])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_belongs_to_the_longest_step_that_starts_it() {
        assert_eq!(step_of("offences[0].plea").unwrap().path, "offences");
        assert_eq!(
            step_of("circumstances.health.mental_health.concerns")
                .unwrap()
                .path,
            "circumstances.health"
        );
        assert!(step_of("circumstance").is_none());
        assert!(step_of("reporter").is_none());
    }

    #[test]
    fn a_step_for_some_kinds_is_asked_of_them_or_when_answered() {
        let bail = json!({ "report": { "kind": "bail" } });
        let full = json!({ "report": { "kind": "full" } });
        let answered = json!({ "report": { "kind": "full" }, "pretrial": { "remanded": true } });
        let asked = |case: &Value| steps_of(case).any(|s| s.path == "pretrial");
        assert!(asked(&bail));
        assert!(!asked(&full));
        assert!(asked(&answered));
    }

    #[test]
    fn the_supervisor_is_asked_of_volunteers_and_ngo_workers_only() {
        let (_, supervisor) = &FIELDS[0];
        let officer = json!({ "report": { "author": { "role": "probation_officer" } } });
        let volunteer = json!({ "report": { "author": { "role": "volunteer" } } });
        assert!(!supervisor.applies(&officer, "report.supervisor"));
        assert!(supervisor.applies(&volunteer, "report.supervisor"));
    }

    #[test]
    fn keys_read_as_words() {
        assert_eq!(words("how_checked"), "How it was checked");
        assert_eq!(words("hearing_date"), "Hearing date");
        assert_eq!(item("offences"), "Offence");
    }
}
