//! **Make an addendum** on the case page: a new draft that adds to the report the
//! court already has, naming it as `psr render` made it — its kind, its date and the
//! SHA-256 of its court copy — and the case file it came from
//! (`docs/supervision.md`, "Addendum reports").
//!
//! The addendum is made from the *saved* file, read once: its court copy is rendered
//! from those bytes as the PDF download renders it (the same bytes as `psr render`),
//! and the new file is that case with `report.kind: addendum`, `status: draft`,
//! `addendum_to`, and neither the earlier report's own date nor its supervisor's
//! approval (an addendum has its own). A draft is refused (the court has no copy of
//! it), and so is an addendum (psr adds to the first report only, E035) and a report
//! whose court copy cannot be made. Server-rendered and script-free, as the check
//! and review pages: a plain form post, answered by a redirect or a titled page.

use axum::extract::{Path as UrlPath, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::folder::CaseName;
use super::{RenderedFile, Shared, assets, blocking, name_or_404, render_file};
use crate::load::{parse_yaml, source_from_bytes};
use crate::model::case::{ReportKind, ReportStatus};
use crate::pipeline::{CaseInput, Edition, Failure};

/// Why no addendum was made: the page's status, message and findings.
#[derive(Debug)]
struct Refused {
    status: StatusCode,
    message: String,
    findings: Vec<(&'static str, String)>,
}

impl Refused {
    fn new(status: StatusCode, message: impl Into<String>) -> Refused {
        Refused {
            status,
            message: message.into(),
            findings: Vec::new(),
        }
    }
}

/// `POST /case/{name}/addendum`: a new addendum to the saved case, then its page
/// on the form's first step (303), or a page that says why not.
pub async fn make_addendum(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let shown = name.clone();
    let outcome = blocking(move || make(&shared, &name)).await?;
    // The log names the files and the outcome, never what the case says.
    match outcome {
        Ok(made) => {
            eprintln!("addendum {}: made {}", shown.as_str(), made.as_str());
            Ok((
                StatusCode::SEE_OTHER,
                [(
                    header::LOCATION,
                    format!("/case/{}#form/report", made.as_str()),
                )],
            )
                .into_response())
        }
        Err(refused) => {
            eprintln!("addendum {}: refused", shown.as_str());
            Ok(assets::refused_page(
                refused.status,
                "No addendum made",
                // The page shows no code spans: `case.yaml` reads as case.yaml.
                &refused.message.replace('`', ""),
                Some(shown.as_str()),
                &refused.findings,
            ))
        }
    }
}

/// Makes the addendum to the saved file `name`: the new file's name.
fn make(shared: &Shared, name: &CaseName) -> Result<CaseName, Refused> {
    let file = shared.folder.read(name).map_err(|e| {
        Refused::new(
            match e {
                super::FolderError::NotFound(_) => StatusCode::NOT_FOUND,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            e.to_string(),
        )
    })?;
    let path = shared
        .folder
        .path_of(name)
        .map_err(|e| Refused::new(StatusCode::NOT_FOUND, e.to_string()))?;
    // The bytes read once, as `psr render` reads a file (its name, a leading BOM
    // dropped): the PDF and the new file come from the same text.
    let source = source_from_bytes(path.display().to_string(), file.text.into_bytes()).map_err(
        |unusable| Refused::new(StatusCode::UNPROCESSABLE_ENTITY, unusable.finding.message),
    )?;
    let unreadable = || {
        Refused::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "`{}` does not read as a case file: fix it in the YAML tab first",
                name.as_str()
            ),
        )
    };
    let tree = parse_yaml(source.clone()).map_err(|_| unreadable())?.root;
    let report = tree.get("report").ok_or_else(unreadable)?;
    a_first_final_report(name, report)?;
    let pipeline = shared
        .pipeline()
        .map_err(|why| Refused::new(StatusCode::SERVICE_UNAVAILABLE, why))?;
    // The court copy, as the PDF download and `psr render` make it.
    let RenderedFile { pdf, case, .. } = render_file(
        &pipeline,
        CaseInput::Editing(source.clone(), &path),
        Edition::Court,
    )
    .map_err(|failure| cannot_render(name, failure))?;
    // What was rendered is the case the tree says (a final report of another kind).
    if case.report.status != ReportStatus::Final || case.report.kind == ReportKind::Addendum {
        return Err(unreadable());
    }
    if pdf.is_empty() {
        return Err(Refused::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error: the court copy came out empty; no addendum was made",
        ));
    }
    let earlier = Earlier {
        kind: case.report.kind,
        date: case.report_date(),
        sha256: crate::output::sha256_hex(&pdf),
        case_file: name.as_str().to_string(),
    };
    let text = as_addendum(tree, &source.text, &earlier)?;
    let stem = name
        .as_str()
        .trim_end_matches(".yaml")
        .trim_end_matches(".yml");
    // A name the folder accepts (at most 120 characters): the stem is ASCII.
    let stem = &stem[..stem.len().min(96)];
    shared
        .folder
        .create(&format!("{stem}-addendum"), &text)
        .map_err(|e| Refused::new(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

/// An addendum is made from a final report that is not itself an addendum: the
/// file's `report` as written says which.
fn a_first_final_report(name: &CaseName, report: &Value) -> Result<(), Refused> {
    if report.get("kind").and_then(Value::as_str) == Some(ReportKind::Addendum.as_str()) {
        let first = report
            .pointer("/addendum_to/case_file")
            .and_then(Value::as_str)
            .map(|file| format!(", `{file}`"))
            .unwrap_or_default();
        return Err(Refused::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "`{}` is itself an addendum: an addendum adds to the first report, not to another addendum (E035). Make it from the first report's case file{first}, or bring this addendum up to date while it is a draft.",
                name.as_str()
            ),
        ));
    }
    if report.get("status").and_then(Value::as_str) != Some("final") {
        return Err(Refused::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "`{}` is a draft: an addendum adds to a report the court already has. Mark this report final (Check your report) and give the court its PDF; then make the addendum.",
                name.as_str()
            ),
        ));
    }
    Ok(())
}

/// Why the earlier report's court copy cannot be made: its errors, listed.
fn cannot_render(name: &CaseName, failure: Failure) -> Refused {
    match failure {
        Failure::Invalid(files) => {
            let findings: Vec<(&'static str, String)> = files
                .iter()
                .flat_map(|f| f.diagnostics.iter())
                .filter(|d| d.is_error())
                .map(|d| (d.code, d.message.replace('`', "")))
                .collect();
            Refused {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: format!(
                    "The court copy of `{}` cannot be made, so there is no PDF for an addendum to name: {} error(s) refuse it. Fix them, or make the addendum from the case file the court's copy was rendered from.",
                    name.as_str(),
                    findings.len()
                ),
                findings,
            }
        }
        other => Refused::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!(
                "The court copy of `{}` could not be made ({other}): no addendum was made",
                name.as_str()
            ),
        ),
    }
}

/// The earlier report, as the addendum names it.
struct Earlier {
    kind: ReportKind,
    /// The date it bears, as printed on it.
    date: chrono::NaiveDate,
    /// The SHA-256 of its court copy, as `psr render` prints it.
    sha256: String,
    case_file: String,
}

/// The earlier case as its addendum, in `psr fmt`'s layout with the earlier text's
/// comments: `kind: addendum`, a draft, `addendum_to` naming the earlier report as
/// rendered, and neither its date nor its supervisor's approval.
fn as_addendum(mut tree: Value, text: &str, earlier: &Earlier) -> Result<String, Refused> {
    let internal = |why: String| {
        Refused::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {why}; no addendum was made"),
        )
    };
    let report = tree
        .get_mut("report")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| internal("the report is not a mapping".into()))?;
    let mut to = Map::new();
    to.insert("kind".into(), earlier.kind.as_str().into());
    to.insert("date".into(), earlier.date.to_string().into());
    to.insert("sha256".into(), earlier.sha256.clone().into());
    to.insert("case_file".into(), earlier.case_file.clone().into());
    report.insert("kind".into(), ReportKind::Addendum.as_str().into());
    report.insert("status".into(), "draft".into());
    // The addendum bears its own date (the hearing's until one is written) and
    // needs its own approval.
    report.remove("date");
    report.remove("supervisor");
    report.insert("addendum_to".into(), Value::Object(to));
    crate::fmt::format_tree(&tree, text).map_err(|e| match e {
        crate::fmt::FormatError::Invalid(_) => internal("the case could not be written".into()),
        crate::fmt::FormatError::Internal(why) => internal(why),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::SourceFile;

    #[test]
    fn an_addendum_names_the_earlier_report_and_drops_its_date_and_approval() {
        let text = "report:\n  kind: full              # the kind\n  status: final\n  court: \"C\"\n  hearing_date: 2026-12-03\n  date: 2026-11-28\n  # Approved (para 56):\n  supervisor:\n    name: \"S\"\n    approved_on: 2026-11-28\n";
        let tree = parse_yaml(SourceFile {
            name: "smith.yaml".into(),
            text: text.into(),
        })
        .expect("yaml")
        .root;
        let earlier = Earlier {
            kind: ReportKind::Full,
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
            sha256: "0123456789abcdef".repeat(4),
            case_file: "smith.yaml".into(),
        };
        let written = as_addendum(tree, text, &earlier).expect("written");
        let again = parse_yaml(SourceFile {
            name: "a.yaml".into(),
            text: written.clone(),
        })
        .expect("yaml")
        .root;
        let report = &again["report"];
        assert_eq!(report["kind"], "addendum", "{written}");
        assert_eq!(report["status"], "draft");
        assert!(report.get("date").is_none(), "{written}");
        assert!(report.get("supervisor").is_none(), "{written}");
        assert!(!written.contains("Approved (para 56)"), "{written}");
        assert!(written.contains("# the kind"), "{written}");
        assert_eq!(report["addendum_to"]["kind"], "full");
        assert_eq!(report["addendum_to"]["date"], "2026-11-28");
        assert_eq!(report["addendum_to"]["case_file"], "smith.yaml");
        assert_eq!(
            report["addendum_to"]["sha256"],
            "0123456789abcdef".repeat(4)
        );
    }
}
