//! The Check your report page: after the guide's last step, every answer of the saved
//! case by step with a link to change it, what stops the report from being final, and
//! the one action that finishes it: **Mark as final**, or **Send for approval** for a
//! report that needs a supervisor's (para 56: NGO workers and volunteers).
//!
//! What stops a final report is found by checking the case as it would be final
//! (`report.status: final`), not as it is: a draft renders with errors a final report
//! refuses. Server-rendered and script-free, as the review page.

use axum::Form;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::folder::{CaseName, Versioned};
use super::steps::{item, step_of, steps_of, words};
use super::{Shared, assets, blocking, name_or_404};
use crate::diagnostic::{Diagnostic, Severity};
use crate::load::{SourceFile, parse_yaml};

/// The approval's own findings: a final report of an NGO worker or volunteer not yet
/// approved (E030), or changed since it was (E034). They are what **Send for
/// approval** asks for, not what stops it.
const AWAITING_APPROVAL: [&str; 2] = ["E030", "E034"];

/// What the page shows.
#[derive(Debug, Default, Serialize)]
struct Check {
    name: String,
    /// The version of the file read: the finish form posts it back.
    version: String,
    /// `draft` or `final`, as the file says.
    status: String,
    /// The author's role needs a supervisor's approval (para 56).
    needs_approval: bool,
    /// A final report waiting for that approval (E030 or E034 now).
    awaiting_approval: bool,
    /// What stops a final report, each with the step to change it in.
    blocking: Vec<Item>,
    /// Warnings to read before the report is final.
    warnings: Vec<Item>,
    /// Every answer, by step.
    sections: Vec<Section>,
    done: Option<String>,
    refused: Option<String>,
}

#[derive(Debug, Serialize)]
struct Item {
    code: &'static str,
    message: String,
    hint: Option<String>,
    /// The step's title and its anchor in the forms (`#form/offences`).
    step: Option<&'static str>,
    anchor: Option<&'static str>,
}

#[derive(Debug, Serialize)]
struct Section {
    title: &'static str,
    group: Option<&'static str>,
    anchor: &'static str,
    answers: Vec<Answer>,
}

#[derive(Debug, Serialize)]
struct Answer {
    label: String,
    value: String,
}

/// `?done=final` or `?done=sent` after the finish.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// What the finish form posts.
#[derive(Debug, Deserialize)]
pub struct FinishForm {
    version: String,
}

/// `GET /case/{name}/check`.
pub async fn check_page(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    Query(query): Query<Done>,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let mut check = blocking(move || check(&shared, &name)).await??;
    check.done = match query.done.as_deref() {
        Some("final") => Some("Marked as final: the court copy and the person's copy no longer say DRAFT.".into()),
        Some("sent") => Some(
            "Sent for approval: the report is final and waits for a supervisor, who opens Review and approve on this case to approve it."
                .into(),
        ),
        _ => None,
    };
    page(StatusCode::OK, check)
}

/// `POST /case/{name}/finish`: the saved file marked final, if it is still the version
/// the page showed and nothing stops a final report; then the page again (303).
pub async fn finish_case(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    Form(form): Form<FinishForm>,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let shown = name.clone();
    let outcome = blocking(move || finish(&shared, &name, &form)).await?;
    match outcome {
        Ok(sent) => {
            eprintln!("finish {}: final", shown.as_str());
            let done = if sent { "sent" } else { "final" };
            Ok((
                StatusCode::SEE_OTHER,
                [(
                    header::LOCATION,
                    format!("/case/{}/check?done={done}", shown.as_str()),
                )],
            )
                .into_response())
        }
        Err((status, check)) => {
            eprintln!("finish {}: refused", shown.as_str());
            page(status, check)
        }
    }
}

fn page(status: StatusCode, check: Check) -> Result<Response, Response> {
    assets::page_with(status, "check.html", check)
}

/// The text of the case as a final report, in `psr fmt`'s layout with its comments:
/// `None` when it is not a case's mapping.
fn as_final(text: &str) -> Option<String> {
    let mut tree = parse_yaml(SourceFile {
        name: "case.yaml".into(),
        text: text.to_string(),
    })
    .ok()?
    .root;
    tree.get_mut("report")?
        .as_object_mut()?
        .insert("status".into(), Value::String("final".into()));
    crate::fmt::format_tree(&tree, text).ok()
}

/// The page for the saved file.
fn check(shared: &Shared, name: &CaseName) -> Result<Check, Response> {
    let file = shared.folder.read(name)?;
    let path = shared.folder.path_of(name)?;
    let mut check = Check {
        name: name.as_str().to_string(),
        version: file.version.clone(),
        status: "draft".into(),
        ..Check::default()
    };
    let pipeline = shared
        .pipeline()
        .map_err(|why| super::refusal(StatusCode::SERVICE_UNAVAILABLE, why))?;
    let tree = match parse_yaml(SourceFile {
        name: name.as_str().to_string(),
        text: file.text.clone(),
    }) {
        Ok(document) => document.root,
        Err(diagnostic) => {
            check.blocking.push(listed(&diagnostic));
            return Ok(check);
        }
    };
    let report = &tree["report"];
    if report["status"].as_str() == Some("final") {
        check.status = "final".into();
    }
    check.needs_approval = matches!(
        report["author"]["role"].as_str(),
        Some("ngo_worker" | "volunteer")
    );
    check.sections = steps_of(&tree)
        .map(|step| {
            let mut answers = Vec::new();
            let value = super::steps::at(&tree, step.path);
            let key = step.path.rsplit('.').next().unwrap_or(step.path);
            // A step that is one text is labelled by its title.
            let label = if value.is_object() || value.is_array() {
                ""
            } else {
                step.title
            };
            answers_in_list(value, step.path, "", key, label, &mut answers);
            Section {
                title: step.title,
                group: step.group,
                anchor: step.path,
                answers,
            }
        })
        .collect();
    // As a final report would be checked.
    let text = as_final(&file.text).unwrap_or(file.text);
    let findings: Vec<Diagnostic> =
        match super::prepare(&pipeline, name.as_str(), text, Some(&path)) {
            Ok(prepared) => prepared.findings,
            Err(crate::Failure::Invalid(files)) => {
                files.into_iter().flat_map(|f| f.diagnostics).collect()
            }
            Err(failure) => {
                return Err(super::refusal(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    failure.to_string(),
                ));
            }
        };
    for finding in &findings {
        if AWAITING_APPROVAL.contains(&finding.code) {
            check.awaiting_approval = check.status == "final";
            continue;
        }
        match finding.severity {
            Severity::Error => check.blocking.push(listed(finding)),
            Severity::Warning => check.warnings.push(listed(finding)),
            Severity::Note => {}
        }
    }
    Ok(check)
}

/// A finding with the step it is changed in, in the form's words: a hint that speaks
/// YAML is left out (its Change link goes where it is changed), a message that does
/// is said by what its code means.
fn listed(d: &Diagnostic) -> Item {
    let step = step_of(&d.path);
    // The field's key, without a list's index: `sources[1]` is "Sources".
    let key = d
        .path
        .rsplit('.')
        .next()
        .and_then(|k| k.split('[').next())
        .filter(|k| !k.is_empty());
    Item {
        code: d.code,
        message: super::steps::plain(&d.message).unwrap_or_else(|| {
            let what = crate::diagnostic::codes::lookup(d.code)
                .and_then(|c| super::steps::plain(c.what))
                .unwrap_or_else(|| d.code.to_string());
            match key {
                Some(key) => format!("{}: {what}", super::steps::words(key)),
                None => what,
            }
        }),
        hint: d.hint.as_deref().and_then(super::steps::plain),
        step: step.map(|s| s.title),
        anchor: step.map(|s| s.path),
    }
}

/// The answers under a value, each labelled by its field's words
/// ("Mental health — Concerns: no"); what is not answered is left out.
/// `path` is the value's place in the case (`offences[0]`), for psr init's order of
/// the fields, which the forms follow too.
fn answers_in(value: &Value, path: &str, label: &str, out: &mut Vec<Answer>) {
    let join = |key: &str| {
        if label.is_empty() {
            key.to_string()
        } else {
            format!("{label} — {key}")
        }
    };
    match value {
        Value::Null => {}
        Value::Bool(yes) => out.push(Answer {
            label: label.to_string(),
            value: if *yes { "yes" } else { "no" }.into(),
        }),
        Value::Number(n) => out.push(Answer {
            label: label.to_string(),
            value: n.to_string(),
        }),
        Value::String(s) if s.trim().is_empty() => {}
        Value::String(s) => out.push(Answer {
            label: label.to_string(),
            value: in_words(s),
        }),
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            if items.is_empty() {
                out.push(Answer {
                    label: label.to_string(),
                    value: "none".into(),
                });
            } else {
                out.push(Answer {
                    label: label.to_string(),
                    value: items
                        .iter()
                        .map(|i| match i {
                            Value::String(s) => in_words(s),
                            other => other.to_string(),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                let at = format!("{path}[{index}]");
                answers_in(value, &at, &join(&format!("Item {}", index + 1)), out);
            }
        }
        Value::Object(map) => {
            let field = |key: &str| crate::load::join_key(path, key);
            let rank = |key: &str| {
                crate::fmt::layout::CASE
                    .get(&field(key))
                    .map_or(usize::MAX, |f| f.order)
            };
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|key| (rank(key), key.to_string()));
            for key in keys {
                // The items of a list are named by its noun ("Offence 1"), which says
                // the list; a list of words is labelled by the list.
                answers_in_list(&map[key], &field(key), label, key, &join(&words(key)), out);
            }
        }
    }
}

/// The value of the field `key` under `label` (`own` is the field's own label): a list
/// of items names each by the list's noun ("Offence 1").
fn answers_in_list(
    value: &Value,
    path: &str,
    label: &str,
    key: &str,
    own: &str,
    out: &mut Vec<Answer>,
) {
    match value {
        Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
            let noun = item(key);
            for (index, value) in items.iter().enumerate() {
                let at = format!("{noun} {}", index + 1);
                let label = if label.is_empty() {
                    at
                } else {
                    format!("{label} — {at}")
                };
                answers_in(value, &format!("{path}[{index}]"), &label, out);
            }
        }
        other => answers_in(other, path, own, out),
    }
}

/// A value of a choice in words (`records_check` → "records check"); free text as
/// written.
fn in_words(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit())
    {
        text.replace('_', " ")
    } else {
        text.to_string()
    }
}

/// Marks the saved file final: `Ok(true)` when it now waits for a supervisor.
fn finish(
    shared: &Shared,
    name: &CaseName,
    form: &FinishForm,
) -> Result<bool, (StatusCode, Check)> {
    let fail = |status: StatusCode, why: String| {
        let mut check = check(shared, name).unwrap_or_default();
        check.refused = Some(why);
        (status, check)
    };
    let Ok(Versioned { text, version }) = shared.folder.read(name) else {
        return Err(fail(StatusCode::NOT_FOUND, "no such case file".into()));
    };
    if version != form.version {
        return Err(fail(
            StatusCode::CONFLICT,
            "the case changed since this page was opened: read it again before marking it final"
                .into(),
        ));
    }
    let Some(text) = as_final(&text) else {
        return Err(fail(
            StatusCode::UNPROCESSABLE_ENTITY,
            "the case does not read as a case file: fix it in the YAML tab".into(),
        ));
    };
    let path = shared
        .folder
        .path_of(name)
        .map_err(|e| fail(StatusCode::NOT_FOUND, e.to_string()))?;
    let pipeline = shared
        .pipeline()
        .map_err(|why| fail(StatusCode::SERVICE_UNAVAILABLE, why))?;
    let awaiting = match super::prepare(&pipeline, name.as_str(), text.clone(), Some(&path)) {
        Ok(prepared) => {
            let stops = prepared
                .findings
                .iter()
                .filter(|d| d.is_error() && !AWAITING_APPROVAL.contains(&d.code))
                .count();
            if stops > 0 {
                return Err(fail(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!("{stops} finding(s) stop a final report: change what they name first"),
                ));
            }
            prepared
                .findings
                .iter()
                .any(|d| AWAITING_APPROVAL.contains(&d.code))
        }
        Err(_) => {
            return Err(fail(
                StatusCode::UNPROCESSABLE_ENTITY,
                "the case does not load: fix it in the YAML tab".into(),
            ));
        }
    };
    shared
        .folder
        .save(name, &text, &version)
        .map_err(|e| fail(StatusCode::CONFLICT, e.to_string()))?;
    Ok(awaiting)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn answers_are_labelled_by_their_fields_and_items_in_psr_inits_order() {
        let mut out = Vec::new();
        answers_in_list(
            &json!([{ "plea": "guilty", "description": "Theft" }]),
            "offences",
            "",
            "offences",
            "Offences",
            &mut out,
        );
        answers_in(
            &json!({ "mental_health": { "concerns": false }, "disabilities": [], "physical": "" }),
            "circumstances.health",
            "",
            &mut out,
        );
        let lines: Vec<String> = out
            .iter()
            .map(|a| format!("{}: {}", a.label, a.value))
            .collect();
        assert_eq!(
            lines,
            [
                "Offence 1 — Description: Theft",
                "Offence 1 — Plea: guilty",
                "Disabilities: none",
                "Mental health — Concerns: no",
            ]
        );
    }

    #[test]
    fn a_case_is_made_final_keeping_its_comments() {
        let text = "schema_version: 1\nreport:\n  kind: full   # the kind\n  status: draft\n";
        let done = as_final(text).expect("a case");
        assert!(done.contains("status: final"), "{done}");
        assert!(done.contains("# the kind"), "{done}");
    }
}
