//! The guide's steps: the sections of a case in the order a report is written, one
//! panel of the forms each. The forms (`/api/form`) and the Check your report page
//! read the same list, so that a step, its title and when it is asked are said once.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Serialize;
use serde_json::Value;

use crate::model::case::Language;

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

/// The form's labels in each language psr writes reports in: step titles
/// (`step.report`), what one item of a list is called (`item.offences`), field labels
/// (`field.how_checked`). The forms follow the report's language; the Check your report
/// page and the form's messages use English, the studio's own language.
pub const WORDS: &[(Language, &str)] = &[
    (Language::En, include_str!("lang/en.json")),
    (Language::Fr, include_str!("lang/fr.json")),
    (Language::Es, include_str!("lang/es.json")),
    (Language::Ru, include_str!("lang/ru.json")),
    (Language::Zh, include_str!("lang/zh.json")),
    (Language::Ar, include_str!("lang/ar.json")),
];

/// The labels of one language, by key. The files are compiled in and checked by the
/// tests below: one that does not parse is a build defect, and reads as empty.
pub fn words_of(language: Language) -> BTreeMap<String, String> {
    WORDS
        .iter()
        .find(|(l, _)| *l == language)
        .and_then(|(_, json)| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// The English labels, read once.
fn english() -> &'static BTreeMap<String, String> {
    static EN: LazyLock<BTreeMap<String, String>> = LazyLock::new(|| words_of(Language::En));
    &EN
}

/// A key in words, as the forms label its field: `how_checked` → "How it was checked".
pub fn words(key: &str) -> String {
    if let Some(label) = english().get(&format!("field.{key}")) {
        return label.clone();
    }
    let text = key.replace('_', " ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

/// What one item of the list `key` is called.
pub fn item(key: &str) -> String {
    english()
        .get(&format!("item.{key}"))
        .cloned()
        .unwrap_or_else(|| "Item".to_string())
}

/// A message of psr in the form's words, as `core/words.mjs` says it in the page:
/// commands named by what the studio does, keys by their labels (`hearing_date` →
/// “Hearing date”); `None` when it still speaks YAML (a mapping, quotes, `key: true`).
pub fn plain(text: &str) -> Option<String> {
    const COMMANDS: &[(&str, &str)] = &[
        ("`psr init`", "a new case"),
        ("`psr approve`", "the supervisor's approval"),
        ("`psr render`", "the PDF download"),
        ("`psr diff`", "the review"),
        ("`status: final`", "final"),
        ("`status: draft`", "a draft"),
    ];
    let mut out = text.to_string();
    for (command, said) in COMMANDS {
        out = out.replace(command, said);
    }
    // `key` and `key:` → “Label”.
    let mut plain = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(start) = rest.find('`') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('`') else { break };
        let inside = &after[..end];
        let key = inside.strip_suffix(':').unwrap_or(inside);
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            plain.push_str(&rest[..start]);
            plain.push_str(&format!("“{}”", words(key)));
        } else {
            plain.push_str(&rest[..start + 1 + end + 1]);
        }
        rest = &after[end + 1..];
    }
    plain.push_str(rest);
    let yaml = plain.contains('`')
        || plain.contains("in quotes")
        || plain.contains("status: ")
        || plain.contains(": true")
        || plain.contains(": false")
        || [
            "init", "approve", "diff", "render", "fmt", "measures", "validate",
        ]
        .iter()
        .any(|c| plain.contains(&format!("psr {c}")));
    (!yaml).then_some(plain)
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

    /// Every step, list and field of the case format has its label in every language,
    /// and no file has a label for something the format does not have.
    #[test]
    fn every_language_labels_every_step_list_and_field() {
        let schema = crate::model::case_schema();
        let mut keys = std::collections::BTreeSet::new();
        collect_keys(&schema, &mut keys);
        let english = words_of(Language::En);
        for s in STEPS {
            assert!(
                english.contains_key(&format!("step.{}", s.path)),
                "step.{}",
                s.path
            );
        }
        for key in &keys {
            assert!(english.contains_key(&format!("field.{key}")), "field.{key}");
        }
        for label in english.keys() {
            if let Some(key) = label.strip_prefix("field.").or(label.strip_prefix("item.")) {
                assert!(
                    keys.contains(key),
                    "{label}: no such field in the case format"
                );
            }
        }
        for (language, _) in WORDS {
            let words = words_of(*language);
            let missing: Vec<_> = english.keys().filter(|k| !words.contains_key(*k)).collect();
            let extra: Vec<_> = words.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{language:?}: missing {missing:?}, extra {extra:?}"
            );
            assert!(
                words.values().all(|v| !v.trim().is_empty()),
                "{language:?}: an empty label"
            );
        }
    }

    fn collect_keys(value: &Value, out: &mut std::collections::BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Object(properties)) = map.get("properties") {
                    out.extend(properties.keys().cloned());
                }
                map.values().for_each(|v| collect_keys(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| collect_keys(v, out)),
            _ => {}
        }
    }

    #[test]
    fn psr_s_messages_in_the_form_s_words() {
        assert_eq!(
            plain("add `compliance:` under `assessment`").as_deref(),
            Some("add “Compliance” under “Assessment”")
        );
        assert_eq!(
            plain("a placeholder of `psr init` left in it").as_deref(),
            Some("a placeholder of a new case left in it")
        );
        assert_eq!(plain("write money in quotes with two decimals"), None);
        assert_eq!(plain("add `consent: true` to the measure"), None);
        assert_eq!(plain("ask for it with `psr approve CASE`"), None);
    }

    #[test]
    fn keys_read_as_words() {
        assert_eq!(words("how_checked"), "How it was checked");
        assert_eq!(words("hearing_date"), "Hearing date");
        assert_eq!(item("offences"), "Offence");
    }
}
