//! The review page: what a supervisor reads before approving a case (para 56), and
//! the approve action, which does what `psr approve` does to the saved file.
//!
//! The page shows the approval on record, whether the case is still as approved, the
//! changes since (from the approved copy kept beside the file, as `psr diff` names
//! them, restricted notes marked), and the findings. The form posts the version of
//! the file the supervisor read: a file changed since is not approved.
//! Server-rendered and script-free, so that it works with any assistive technology.

use axum::extract::{Path as UrlPath, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::folder::{CaseName, Versioned};
use super::key::{self, Posted};
use super::{Shared, assets, blocking, name_or_404};
use crate::diagnostic::Severity;
use crate::load::SourceFile;
use crate::model::case::{AuthorRole, Language};
use crate::pipeline::{ApprovalRequest, CaseInput, Edition, Prepared, Refusal};
use crate::supervision::{Approval, read_approved_copy};
use crate::validate::{FINGERPRINT_SCHEME, approved_content, fingerprint, is_fingerprint};
use crate::view::{Labels, group};

/// What the page shows.
#[derive(Debug, Default, Serialize)]
struct Review {
    name: String,
    /// The version of the file read: the form posts it back.
    version: String,
    /// The approval on record.
    approved_by: Option<String>,
    approved_role: Option<String>,
    approved_on: Option<String>,
    /// The first sixteen hex digits of the recorded fingerprint.
    fingerprint: Option<String>,
    /// `none`, `as_approved`, `changed`, or `unbound` (approved without a fingerprint).
    state: &'static str,
    /// Whether the approval on record is signed with the supervisor's key.
    signed: bool,
    /// Why its signature does not verify (E037): an edit of the approval since it
    /// was signed, which approving again with the key replaces.
    signature_problem: Option<String>,
    /// The changes since approval, as `psr diff` writes them.
    changes: Vec<ChangeLine>,
    /// The same changes as the sentences an addendum would print, in the report's
    /// language (restricted notes left out, as in the report).
    sentences: Vec<String>,
    /// The report's language, for the sentences' `lang`.
    language: String,
    /// The court copy's pages as the saved file renders them: the text alternative
    /// of each (its number and headings).
    pages: Vec<String>,
    /// Whether an approved copy is kept beside the file.
    kept: bool,
    /// The errors that stop the case (and its approval).
    errors: Vec<String>,
    warnings: usize,
    /// The warnings, to read before approving.
    warning_lines: Vec<String>,
    /// The result of an approval, or why it was refused.
    done: Option<String>,
    refused: Option<String>,
    /// Why a countersignature was refused.
    countersign_refused: Option<String>,
    /// The form as filled in.
    by: String,
    role: String,
    /// The roles of the competent authorities whose approval the service accepts
    /// (para 56), as `value` and label.
    roles: Vec<(String, String)>,
    organisation: String,
    on: String,
}

#[derive(Debug, Serialize)]
struct ChangeLine {
    text: String,
    restricted: bool,
}

/// What the approve form posts besides the key file and its passphrase, which
/// [`key::read`] keeps apart.
#[derive(Debug)]
pub struct ApproveForm {
    version: String,
    by: String,
    role: String,
    organisation: String,
    on: String,
}

impl ApproveForm {
    /// The approval the form asks for, or what to mend in it.
    fn approval(&self) -> Result<Approval, String> {
        if self.by.trim().is_empty() {
            return Err("write your full name".into());
        }
        let role: AuthorRole = serde_json::from_value(serde_json::Value::String(self.role.clone()))
            .map_err(|_| "choose the supervisor's role".to_string())?;
        let on = chrono::NaiveDate::parse_from_str(self.on.trim(), "%Y-%m-%d")
            .map_err(|_| "the date of approval is not a date".to_string())?;
        Ok(Approval {
            name: self.by.clone(),
            role,
            organisation: Some(self.organisation.clone()),
            on,
        })
    }

    fn of(posted: &Posted) -> ApproveForm {
        let field = |name: &str| posted.field(name).to_string();
        ApproveForm {
            version: field("version"),
            by: field("by"),
            role: field("role"),
            organisation: field("organisation"),
            on: field("on"),
        }
    }
}

/// `GET /case/{name}/review`.
pub async fn review_page(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    Query(query): Query<Done>,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let mut review = blocking(move || review(&shared, &name)).await??;
    match query.approved.as_deref() {
        Some("signed") => {
            review.done = Some(
                "Approved and signed: the case file now records your approval, its fingerprint and your key's signature of both, and the approved copy is kept beside it."
                    .into(),
            );
        }
        Some(_) => {
            review.done = Some(
                "Approved: the case file now records your approval and its fingerprint, and the approved copy is kept beside it."
                    .into(),
            );
        }
        None => {}
    }
    page(StatusCode::OK, review)
}

/// `?approved=1` after an approval, `?approved=signed` after a signed one.
#[derive(Debug, Deserialize)]
pub struct Done {
    approved: Option<String>,
}

/// `POST /case/{name}/approve`: the saved file approved, then the review page again
/// (303 on success, so that a reload does not approve twice). The form is multipart
/// when it carries the supervisor's key file and passphrase ([`key::read`]), which
/// live in this request's memory only.
pub async fn approve_case(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    request: Request,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let shown = name.clone();
    let posted = key::read(request).await?;
    let outcome = blocking({
        let shared = shared.clone();
        move || approve_saved(&shared, &name, posted)
    })
    .await?;
    // The log names the file and the outcome, never the supervisor, never the key.
    match outcome {
        Ok(signed) => {
            eprintln!(
                "approve {}: approved{}",
                shown.as_str(),
                if signed { ", signed" } else { "" }
            );
            Ok((
                StatusCode::SEE_OTHER,
                [(
                    header::LOCATION,
                    format!(
                        "/case/{}/review?approved={}",
                        shown.as_str(),
                        if signed { "signed" } else { "1" }
                    ),
                )],
            )
                .into_response())
        }
        Err((status, mut review)) => {
            eprintln!("approve {}: refused", shown.as_str());
            review.done = None;
            page(status, review)
        }
    }
}

fn page(status: StatusCode, review: Review) -> Result<Response, Response> {
    assets::page_with(status, "review.html", review)
}

/// `GET /case/{name}/page/{n}`: page `n` (from 1) of the saved file's court copy, as
/// SVG: the review page shows the pages beside the changes.
pub async fn page_svg(
    UrlPath((name, n)): UrlPath<(String, usize)>,
    State(shared): State<Shared>,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let svg = blocking(move || -> Result<Option<String>, Response> {
        let file = shared.folder.read(&name)?;
        let path = shared.folder.path_of(&name)?;
        let pipeline = shared
            .pipeline()
            .map_err(|why| super::refusal(StatusCode::SERVICE_UNAVAILABLE, why))?;
        let Ok(prepared) = super::prepare(&pipeline, name.as_str(), file.text, Some(&path)) else {
            return Ok(None);
        };
        let pages = pipeline
            .preview(&prepared, Edition::Court)
            .map(|p| p.pages)
            .unwrap_or_default();
        Ok(n.checked_sub(1).and_then(|i| pages.into_iter().nth(i)))
    })
    .await??;
    match svg {
        Some(svg) => Ok(([(header::CONTENT_TYPE, "image/svg+xml")], svg).into_response()),
        None => Err(super::refusal(StatusCode::NOT_FOUND, "no such page")),
    }
}

/// The review of the saved file.
fn review(shared: &Shared, name: &CaseName) -> Result<Review, Response> {
    let file = shared.folder.read(name)?;
    let path = shared.folder.path_of(name)?;
    let mut review = Review {
        name: name.as_str().to_string(),
        version: file.version.clone(),
        state: "none",
        on: chrono::Local::now().date_naive().to_string(),
        role: "probation_officer".into(),
        ..Review::default()
    };
    let pipeline = shared
        .pipeline()
        .map_err(|why| super::refusal(StatusCode::SERVICE_UNAVAILABLE, why))?;
    review.roles = pipeline
        .catalogue()
        .value
        .supervisors()
        .iter()
        .map(|r| {
            let value = r.as_str();
            let label = value.replace('_', " ");
            let label = label[..1].to_uppercase() + &label[1..];
            (value.to_string(), label)
        })
        .collect();
    let source = SourceFile {
        name: name.as_str().to_string(),
        text: file.text.clone(),
    };
    let prepared = match pipeline.prepare(CaseInput::Editing(source, &path)) {
        Ok(prepared) => prepared,
        Err(crate::Failure::Invalid(files)) => {
            review.errors = files
                .iter()
                .flat_map(|f| f.diagnostics.iter())
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            return Ok(review);
        }
        Err(failure) => {
            return Err(super::refusal(
                StatusCode::INTERNAL_SERVER_ERROR,
                failure.to_string(),
            ));
        }
    };
    review.sort_findings(&prepared);
    review.approval_on_record(&prepared);
    review.language = prepared.case.value.report.language.code().to_string();
    review.changes_since_approval(&prepared, &path);
    // The pages beside: what the court would read if approved now.
    if let Ok(shown) = pipeline.preview(&prepared, Edition::Court) {
        review.pages = page_alternatives(&shown.headings);
    }
    Ok(review)
}

impl Review {
    /// The findings: errors that stop an approval, warnings to read before it.
    fn sort_findings(&mut self, prepared: &Prepared) {
        for finding in &prepared.findings {
            match finding.severity {
                // A change after approval is shown as changes, not as a reason the
                // case cannot be approved again.
                Severity::Error if finding.code == "E034" || finding.code == "E030" => {}
                // The approval on record edited since it was signed: said with it, and
                // mended by approving again, which signs anew.
                Severity::Error if finding.code == "E037" => {
                    self.signature_problem = Some(finding.message.replace('`', ""));
                }
                Severity::Error => self
                    .errors
                    .push(format!("{} {}", finding.code, finding.message)),
                _ => {
                    self.warnings += 1;
                    self.warning_lines.push(format!(
                        "{} {}",
                        finding.code,
                        finding.message.replace('`', "")
                    ));
                }
            }
        }
    }

    /// The approval the case records, and whether the case is still as approved.
    fn approval_on_record(&mut self, prepared: &Prepared) {
        let root = &prepared.case.document.root;
        let Some(s) = &prepared.case.value.report.supervisor else {
            return;
        };
        self.approved_by = s.name.clone();
        // The page is in English, as the studio is; the role as an English report says it.
        let english = Labels::for_language(Language::En);
        self.approved_role = s.role.map(|r| english.value(group::ROLE, &r));
        self.approved_on = s.approved_on.map(|d| d.to_string());
        self.signed = root.pointer("/report/supervisor/signature").is_some();
        if let Some(recorded) = s.fingerprint.as_deref().filter(|f| is_fingerprint(f)) {
            let digits = recorded.trim_start_matches(FINGERPRINT_SCHEME);
            self.fingerprint = Some(digits[..16].to_string());
            self.state = if fingerprint(root) == recorded {
                "as_approved"
            } else {
                "changed"
            };
        } else if s.approved_on.is_some() {
            self.state = "unbound";
        }
    }

    /// The changes since the approved copy kept beside the file, as `psr diff` names
    /// them and as an addendum's sentences say them.
    fn changes_since_approval(&mut self, prepared: &Prepared, path: &std::path::Path) {
        let Some(copy) = read_approved_copy(path) else {
            return;
        };
        let root = &prepared.case.document.root;
        self.kept = true;
        let changes = crate::diff::diff(&approved_content(&copy), &approved_content(root));
        self.changes = changes
            .iter()
            .map(|c| ChangeLine {
                text: crate::diff::line(c),
                restricted: c.restricted,
            })
            .collect();
        self.sentences = crate::view::change_sentences(
            &prepared.case.value,
            &prepared.catalogue.value,
            &changes,
        );
    }
}

/// Each page's text alternative: its number and its headings.
fn page_alternatives(headings: &[Vec<String>]) -> Vec<String> {
    let count = headings.len();
    headings
        .iter()
        .enumerate()
        .map(|(i, on)| {
            let mut alt = format!("Page {} of {count}", i + 1);
            if !on.is_empty() {
                alt.push_str(": ");
                alt.push_str(&on.join(", "));
            }
            alt
        })
        .collect()
}

/// Approves the saved file if it is still the version reviewed and has no errors,
/// signed when a key file was posted: `Ok(true)` signed, `Ok(false)` not. Refused, the
/// review page again with the form as filled in and the reason.
fn approve_saved(
    shared: &Shared,
    name: &CaseName,
    posted: Posted,
) -> Result<bool, (StatusCode, Review)> {
    let form = ApproveForm::of(&posted);
    approve_posted(shared, name, &form, posted).map_err(|(status, why)| {
        let mut review = review(shared, name).unwrap_or_default();
        review.refused = Some(why);
        review.by = form.by.clone();
        review.role = form.role.clone();
        review.organisation = form.organisation.clone();
        review.on = form.on.clone();
        (status, review)
    })
}

/// [`approve_saved`]: what `psr approve` does ([`crate::Pipeline::approve`]), to the saved
/// file, if it is the version the supervisor read.
fn approve_posted(
    shared: &Shared,
    name: &CaseName,
    form: &ApproveForm,
    posted: Posted,
) -> Result<bool, (StatusCode, String)> {
    let unprocessable = |why: String| (StatusCode::UNPROCESSABLE_ENTITY, why);
    let Ok(Versioned { text, version }) = shared.folder.read(name) else {
        return Err((StatusCode::NOT_FOUND, "no such case file".into()));
    };
    if version != form.version {
        return Err((
            StatusCode::CONFLICT,
            "the case changed since this page was opened: read it again before approving".into(),
        ));
    }
    let approval = form.approval().map_err(unprocessable)?;
    if let Some(problem) = &posted.problem {
        return Err(unprocessable(format!("{problem}; nothing was signed")));
    }
    // The time psr signs at: the key must be valid then.
    let when =
        crate::sign::signing_time().map_err(|why| (StatusCode::INTERNAL_SERVER_ERROR, why))?;
    let signer = match &posted.key {
        Some(key) => Some(
            key.open(when)
                .map_err(|why| unprocessable(format!("{why}; nothing was signed")))?,
        ),
        None => None,
    };
    // The key file and passphrase are wiped here: the signer is all that is needed.
    drop(posted);
    let pipeline = shared
        .pipeline()
        .map_err(|why| (StatusCode::SERVICE_UNAVAILABLE, why))?;
    let path = shared
        .folder
        .path_of(name)
        .map_err(|e| (StatusCode::NOT_FOUND, e.to_string()))?;
    let source = SourceFile {
        name: name.as_str().to_string(),
        text,
    };
    let approved = pipeline
        .approve(ApprovalRequest {
            path: &path,
            source,
            approval,
            key: signer.as_ref(),
            when,
        })
        .map_err(|refusal| match refusal {
            Refusal::Name(why) | Refusal::Refused(why) => unprocessable(why),
            Refusal::DoesNotLoad(files) => unprocessable(format!(
                "the case does not load ({} findings)",
                files.iter().map(|f| f.diagnostics.len()).sum::<usize>()
            )),
            Refusal::HasErrors(_) => {
                unprocessable("the case has errors: fix them before approving".into())
            }
            refusal @ (Refusal::Failure(_) | Refusal::Internal(_)) => {
                (StatusCode::INTERNAL_SERVER_ERROR, refusal.reason())
            }
        })?;
    // The case and its approved copy, both or neither, as `psr approve` writes them.
    shared
        .folder
        .write_approval(name, &approved, &version)
        .map_err(|e| {
            let status = match e {
                super::FolderError::Changed(_) => StatusCode::CONFLICT,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            (status, e.to_string())
        })?;
    Ok(approved.signed())
}

/// `POST /case/{name}/countersign`: the author's signed court copy of the saved case,
/// posted with the supervisor's key file and passphrase ([`key::read`]), answered
/// countersigned as `psr countersign` countersigns it, "Approved under para 56", for
/// the browser to download. Refused, the review page again with the reason.
///
/// Only the court copy of the case *as saved* is countersigned: the report posted
/// must begin with the very bytes the studio renders for it now (a signature is an
/// update appended to them), so that a supervisor countersigns what they reviewed.
/// The key must name the supervisor whose approval the case records.
pub async fn countersign_case(
    UrlPath(name): UrlPath<String>,
    State(shared): State<Shared>,
    request: Request,
) -> Result<Response, Response> {
    let name = name_or_404(&name)?;
    let shown = name.clone();
    let posted = key::read(request).await?;
    let outcome = blocking({
        let shared = shared.clone();
        move || countersign_saved(&shared, &name, posted)
    })
    .await?;
    match outcome {
        Ok((file, pdf, by)) => {
            eprintln!("countersign {}: countersigned", shown.as_str());
            Ok(super::pdf_answer(&file, pdf, Some(&by)))
        }
        Err((status, why)) => {
            eprintln!("countersign {}: refused", shown.as_str());
            let shared = shared.clone();
            let name = shown.clone();
            let mut review = blocking(move || review(&shared, &name))
                .await?
                .unwrap_or_default();
            review.countersign_refused = Some(why);
            page(status, review)
        }
    }
}

/// The countersigned report, its name and whom it is signed by; or the status and
/// why not.
fn countersign_saved(
    shared: &Shared,
    name: &CaseName,
    mut posted: Posted,
) -> Result<(String, Vec<u8>, String), (StatusCode, String)> {
    let unprocessable = |why: String| (StatusCode::UNPROCESSABLE_ENTITY, why);
    if let Some(problem) = &posted.problem {
        return Err(unprocessable(format!("{problem}; nothing was signed")));
    }
    let Some(report) = posted.report.take() else {
        return Err(unprocessable(
            "choose the author's signed court copy (the PDF) to countersign".into(),
        ));
    };
    let Some(key) = posted.key.take() else {
        return Err(unprocessable(
            "choose your key file (.p12 or .pfx) to countersign".into(),
        ));
    };
    let when =
        crate::sign::signing_time().map_err(|why| (StatusCode::INTERNAL_SERVER_ERROR, why))?;
    let signer = key
        .open(when)
        .map_err(|why| unprocessable(format!("{why}; nothing was signed")))?;
    // The key file and passphrase are wiped here: the signer is all that is needed.
    drop(key);
    let path = shared
        .folder
        .path_of(name)
        .map_err(|e| (StatusCode::NOT_FOUND, e.to_string()))?;
    let pipeline = shared
        .pipeline()
        .map_err(|why| (StatusCode::SERVICE_UNAVAILABLE, why))?;
    let rendered = super::render_file(&pipeline, path.as_path(), Edition::Court).map_err(|_| {
        unprocessable(
            "the saved case does not render (see its findings above): nothing was signed".into(),
        )
    })?;
    let supervisor = rendered
        .case
        .report
        .supervisor
        .as_ref()
        .and_then(|s| s.name.clone());
    let signer_is = signer.identity();
    match supervisor {
        None => {
            return Err(unprocessable(
                "the case records no approval: approve it first, then countersign its court copy"
                    .into(),
            ));
        }
        Some(approved) if !crate::validate::same_person(&approved, &signer_is.name) => {
            return Err(unprocessable(format!(
                "the key names {}, but the approval on record is {}'s: the supervisor who approved countersigns; nothing was signed",
                signer_is.name,
                approved.trim()
            )));
        }
        Some(_) => {}
    }
    if !report.starts_with(&rendered.pdf) {
        return Err(unprocessable(
            "this PDF is not the court copy of the case as saved (or the case changed since it was signed): choose the author's signed court copy of this case, as it is now; nothing was signed"
                .into(),
        ));
    }
    let (signed, _) = crate::sign::countersign(&report, &signer, when)
        .map_err(|why| unprocessable(format!("not countersigned: {why}")))?;
    Ok((rendered.file, signed, signer_is.describe()))
}
