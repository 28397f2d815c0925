//! The forms of the case page: one panel a section, built in the browser
//! (`assets/form.js`) from the same JSON Schema as `psr schema case`, so that the
//! forms cannot drift from the format.
//!
//! The form and the YAML pane are one document. The browser asks for the text as a
//! tree to fill the form ([`api_tree`]) and sends the tree back after an edit in the
//! form, to be written in `psr fmt`'s layout with the comments of the text it
//! replaces ([`api_yaml`]); the YAML pane then shows the result, and only **Save**
//! writes it to the file.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Finding, Shared, blocking, formatted, refusal, refused_with, utf8};
use crate::load::{SourceFile, parse_yaml};
use crate::model::case::Language;
use crate::model::catalogue::{ParamSpec, ParamType};
use crate::view::Labels;

/// The routes of the forms (under the studio's guard, as every route).
pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/form", get(api_form))
        .route("/api/form/tree", post(api_tree))
        .route("/api/form/yaml", post(api_yaml))
}

/// Each enumeration of the case format (its name among the schema's definitions) and
/// the group of its labels in the language files (`risk` → `risk.very_high`).
/// `None`: the files have no labels for it, and the form shows the value.
const LABEL_GROUPS: &[(&str, Option<&str>)] = &[
    ("AuthorRole", Some("role")),
    ("Compliance", Some("compliance")),
    ("EmploymentStatus", Some("employment")),
    ("Gender", Some("gender")),
    ("HousingStatus", Some("housing")),
    ("Language", Some("language_name")),
    ("Need", Some("need")),
    ("OffenceCategory", Some("category")),
    ("Plea", Some("plea")),
    ("Recipient", Some("recipient")),
    ("ReportKind", Some("kind")),
    ("ReportStatus", None),
    ("RiskLevel", Some("risk")),
    ("SelfHarmRisk", Some("self_harm")),
    ("SourceKind", Some("source")),
    ("VictimizationKind", Some("victimization")),
    ("Weekday", Some("day")),
];

const LANGUAGES: [Language; 6] = Language::ALL;

/// What the browser needs to build the forms.
#[derive(Serialize)]
struct Definition {
    /// `psr schema case`.
    schema: Value,
    /// psr init's comment on each field, by path with `[]` for list items.
    help: BTreeMap<String, String>,
    /// psr init's order of each field among its siblings: the form's order too.
    order: BTreeMap<String, usize>,
    /// psr init's placeholder text of each field that has one ("Name of the court"),
    /// by path with `[]`: shown in the empty field, never written into it.
    placeholders: BTreeMap<String, String>,
    /// By report language, then enumeration, then value: the label.
    labels: BTreeMap<&'static str, BTreeMap<&'static str, BTreeMap<String, String>>>,
    /// The catalogue's measures, or why there are none.
    measures: Vec<MeasureForm>,
    catalogue: Option<String>,
    /// The currency amounts are in (`£`, `GBP`).
    currency: Option<String>,
    /// The guide's steps and the fields asked only of some cases ([`super::steps`]).
    steps: &'static [super::steps::Step],
    fields: BTreeMap<&'static str, &'static super::steps::When>,
    /// By report language: the labels of the steps, lists and fields
    /// (`src/studio/lang`).
    words: BTreeMap<&'static str, BTreeMap<String, String>>,
}

/// A measure of the catalogue as the proposal's form offers it.
#[derive(Serialize)]
struct MeasureForm {
    id: String,
    /// By report language.
    name: BTreeMap<&'static str, String>,
    restrictiveness: u8,
    requires_consent: bool,
    /// The kinds of report it serves: the proposal offers it to those only.
    kinds: Vec<&'static str>,
    parameters: BTreeMap<String, ParamForm>,
}

/// A parameter of a measure: its type, range and whether it must be given.
#[derive(Serialize)]
struct ParamForm {
    #[serde(rename = "type")]
    kind: &'static str,
    min: Option<i64>,
    max: Option<i64>,
    required: bool,
}

impl From<&ParamSpec> for ParamForm {
    fn from(spec: &ParamSpec) -> ParamForm {
        ParamForm {
            kind: match spec.kind {
                ParamType::Integer => "integer",
                ParamType::Money => "money",
                ParamType::Text => "text",
                ParamType::Boolean => "boolean",
            },
            min: spec.min,
            max: spec.max,
            required: spec.required,
        }
    }
}

/// `GET /api/form`: the schema, the help, the labels and the catalogue's measures.
async fn api_form(State(shared): State<Shared>) -> Result<Response, Response> {
    let definition = blocking(move || definition(&shared)).await?;
    Ok(axum::Json(definition).into_response())
}

fn definition(shared: &Shared) -> Definition {
    let schema = crate::model::case_schema();
    let help = crate::fmt::layout::CASE
        .paths()
        .filter_map(|path| {
            let field = crate::fmt::layout::CASE.get(path)?;
            let words = field.comment.join(" ");
            (!words.trim().is_empty()).then(|| (path.to_string(), words.trim().to_string()))
        })
        .collect();
    let order = crate::fmt::layout::CASE
        .paths()
        .filter_map(|path| Some((path.to_string(), crate::fmt::layout::CASE.get(path)?.order)))
        .collect();
    let labels = LANGUAGES
        .iter()
        .map(|&language| (language.code(), labels(&schema, language)))
        .collect();
    let (measures, catalogue, currency) = match shared.pipeline() {
        Ok(pipeline) => {
            let catalogue = &pipeline.catalogue().value;
            let own = catalogue.language;
            let measures = catalogue
                .measures
                .iter()
                .map(|measure| MeasureForm {
                    id: measure.id.clone(),
                    name: LANGUAGES
                        .iter()
                        .map(|&l| (l.code(), measure.name.best(l, own).0.to_string()))
                        .collect(),
                    restrictiveness: measure.restrictiveness,
                    requires_consent: measure.eligibility.requires_consent,
                    kinds: measure.kinds().into_iter().map(|k| k.as_str()).collect(),
                    parameters: measure
                        .parameters
                        .iter()
                        .map(|(name, spec)| (name.clone(), ParamForm::from(spec)))
                        .collect(),
                })
                .collect();
            let currency = catalogue
                .currency
                .as_ref()
                .map(|c| c.symbol.clone().unwrap_or_else(|| c.code.clone()));
            (measures, None, currency)
        }
        Err(why) => (Vec::new(), Some(why), None),
    };
    let mut placeholders = BTreeMap::new();
    if let Some(skeleton) = <crate::model::Case as crate::load::SectionedFormat>::skeleton() {
        crate::load::for_each_text(skeleton, "", &mut |path, text| {
            if crate::validate::is_placeholder(text) {
                placeholders.insert(crate::load::with_indices_as(path, "[]"), text.to_string());
            }
        });
    }
    Definition {
        schema,
        help,
        order,
        placeholders,
        labels,
        measures,
        catalogue,
        currency,
        steps: super::steps::STEPS,
        fields: super::steps::FIELDS
            .iter()
            .map(|(path, when)| (*path, when))
            .collect(),
        words: super::steps::WORDS
            .iter()
            .map(|(language, _)| (language.code(), super::steps::words_of(*language)))
            .collect(),
    }
}

/// The labels of every enumeration's values in one language; a value without one
/// is left out (the form shows the value itself).
fn labels(schema: &Value, language: Language) -> BTreeMap<&'static str, BTreeMap<String, String>> {
    let files = Labels::for_language(language);
    LABEL_GROUPS
        .iter()
        .filter_map(|(name, group)| {
            let group = (*group)?;
            let values = enum_values(schema, name);
            let labelled = values
                .into_iter()
                .filter_map(|value| {
                    let label = files.label(&format!("{group}.{value}"))?;
                    Some((value, label))
                })
                .collect();
            Some((*name, labelled))
        })
        .collect()
}

/// The values of an enumeration of the schema's definitions (`oneOf` of `const`s).
fn enum_values(schema: &Value, name: &str) -> Vec<String> {
    let definition = &schema["definitions"][name];
    let listed = definition["oneOf"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["const"].as_str().map(str::to_string))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    if !listed.is_empty() {
        return listed;
    }
    definition["enum"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Serialize)]
struct Tree {
    case: Value,
}

/// `POST /api/form/tree`: the text as typed, as the tree the form shows; a text that
/// is not YAML psr reads is refused with its findings, and the form waits for it.
async fn api_tree(body: Bytes) -> Result<Response, Response> {
    let text = utf8(body)?;
    let parsed = blocking(move || {
        parse_yaml(SourceFile {
            name: "case.yaml".into(),
            text,
        })
    })
    .await?;
    match parsed {
        Ok(document) if document.root.is_object() => Ok(axum::Json(Tree {
            case: document.root,
        })
        .into_response()),
        Ok(_) => Err(refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the text is not a mapping of fields: the form waits until it is",
        )),
        Err(diagnostic) => Ok(refused_with(
            "the text does not read as YAML: the form waits until it does".into(),
            vec![Finding::from(&diagnostic)],
        )),
    }
}

#[derive(Deserialize)]
struct FromForm {
    /// The case as the form holds it.
    case: Value,
    /// The text in the YAML pane it replaces, for its comments.
    #[serde(default)]
    text: String,
}

/// `POST /api/form/yaml`: the case from the form as YAML in `psr fmt`'s layout, with
/// the comments of the text it replaces. Nothing is saved.
async fn api_yaml(body: Bytes) -> Result<Response, Response> {
    let from: FromForm = serde_json::from_slice(&body).map_err(|e| {
        refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!("the form's case is not JSON psr reads: {e}"),
        )
    })?;
    let result = blocking(move || crate::fmt::format_tree(&from.case, &from.text)).await?;
    Ok(formatted(
        result,
        "the form's case cannot be written as a case file",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every enumeration of the format has its entry: a new one is given labels (or
    /// none, knowingly) rather than shown as bare values by accident.
    #[test]
    fn every_enumeration_of_the_schema_has_its_label_group() {
        let schema = crate::model::case_schema();
        let definitions = schema["definitions"].as_object().expect("definitions");
        for (name, definition) in definitions {
            if definition.get("oneOf").is_some() || definition.get("enum").is_some() {
                assert!(
                    LABEL_GROUPS.iter().any(|(n, _)| n == name),
                    "the enumeration {name} has no entry in LABEL_GROUPS"
                );
            }
        }
        for (name, _) in LABEL_GROUPS {
            assert!(
                !enum_values(&schema, name).is_empty(),
                "{name} is not an enumeration of the schema"
            );
        }
    }

    #[test]
    fn values_are_labelled_in_the_report_language() {
        let schema = crate::model::case_schema();
        let french = labels(&schema, Language::Fr);
        let english = labels(&schema, Language::En);
        assert_eq!(english["RiskLevel"]["very_high"], "very high");
        assert_ne!(french["RiskLevel"]["very_high"], "very high");
        assert_eq!(english["ReportKind"].len(), 6);
        assert!(!english.contains_key("ReportStatus"));
    }
}
