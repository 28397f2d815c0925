//! Supervision (para 56): `psr approve` records a supervisor's approval bound to the
//! content approved, and keeps the approved file so that later changes can be named.
//!
//! The rule that refuses a final report changed after its approval is
//! [`crate::validate::approval`]; this module writes the approval and finds the kept
//! copy. `docs/supervision.md` explains both for a supervisor and a judge.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::{Map, Value};

use crate::diagnostic::Diagnostic;
use crate::fmt::{FormatError, format_tree};
use crate::load::{self, LoadFailure, SourceFile, parse_yaml};
use crate::model::Case;
use crate::model::case::AuthorRole;
use crate::validate::{fingerprint, same_person};

/// How the approved copy's name ends: `smith.yaml` is kept as `smith.approved.yaml`.
pub const APPROVED_SUFFIX: &str = ".approved.yaml";

/// How the approved copy of a `.yml` case ends: `smith.yml` is kept as
/// `smith.approved.yml`, so that `smith.yaml` beside it keeps its own copy.
pub const APPROVED_SUFFIX_YML: &str = ".approved.yml";

/// The approved copy kept beside a case file, named from the whole file name:
/// `smith.yaml` → `smith.approved.yaml`, `smith.yml` → `smith.approved.yml`, so that
/// no two case files of a folder share one. (A file named otherwise, which `psr
/// approve` refuses, would have had `NAME.approved.yaml` from its name less its
/// extension.)
pub fn approved_copy_path(case: &Path) -> PathBuf {
    let name = case
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let copy = if let Some(stem) = name.strip_suffix(".yml") {
        format!("{stem}{APPROVED_SUFFIX_YML}")
    } else if let Some(stem) = name.strip_suffix(".yaml") {
        format!("{stem}{APPROVED_SUFFIX}")
    } else {
        let stem = case
            .file_stem()
            .map_or_else(|| "case".into(), |s| s.to_string_lossy().into_owned());
        format!("{stem}{APPROVED_SUFFIX}")
    };
    case.with_file_name(copy)
}

/// Whether `psr approve` can keep an approved copy of this case file with a name of
/// its own: its name ends in `.yaml` or `.yml`.
pub fn has_case_file_name(case: &Path) -> bool {
    case.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.len() > 5 && (n.ends_with(".yaml") || n.ends_with(".yml")))
}

/// Where an approved copy may be: the name of [`approved_copy_path`], then, for a
/// `.yml` case, the name psr used before (`smith.approved.yaml`), when no
/// `smith.yaml` beside it could own that copy.
fn approved_copy_candidates(case: &Path) -> Vec<PathBuf> {
    let mut candidates = vec![approved_copy_path(case)];
    let name = case.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let Some(stem) = name.strip_suffix(".yml")
        && std::fs::symlink_metadata(case.with_file_name(format!("{stem}.yaml"))).is_err()
    {
        candidates.push(case.with_file_name(format!("{stem}{APPROVED_SUFFIX}")));
    }
    candidates
}

/// Whether a file is an approved copy (not a case to list, render or approve).
pub fn is_approved_copy(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(APPROVED_SUFFIX) || n.ends_with(APPROVED_SUFFIX_YML))
}

/// The tree of the approved copy kept beside `case`, when there is one that reads as
/// YAML under psr's limits; anything else counts as no copy (the fingerprint alone
/// then says that the case changed).
pub fn read_approved_copy(case: &Path) -> Option<Value> {
    if is_approved_copy(case) {
        return None;
    }
    let copy = approved_copy_candidates(case)
        .into_iter()
        .find(|path| std::fs::symlink_metadata(path).is_ok())?;
    let source = load::read_source(&copy).ok()?.ok()?;
    parse_yaml(source).ok().map(|document| document.root)
}

/// A supervisor's approval, as given to `psr approve`.
#[derive(Debug, Clone)]
pub struct Approval {
    /// The supervisor's full name.
    pub name: String,
    /// Their role, one of the competent authorities whose approval the service accepts
    /// (para 56).
    pub role: AuthorRole,
    /// The supervising service.
    pub organisation: Option<String>,
    /// The date of the approval.
    pub on: NaiveDate,
}

/// A case approved: its new text, and the fingerprint recorded in it.
#[derive(Debug, Clone)]
pub struct Approved {
    /// The case file's text with `report.supervisor` filled in, in `psr fmt`'s layout.
    pub text: String,
    /// `sha256:` and the hex digest of the approved content.
    pub fingerprint: String,
}

/// Why a case was not approved.
#[derive(Debug)]
pub enum ApproveError {
    /// The case does not load: its findings.
    Invalid(SourceFile, Vec<Diagnostic>),
    /// The approval itself is refused (who approves, para 56).
    Refused(String),
    /// The approved text would not read back as the same case: a defect of psr.
    Internal(String),
}

/// What a supervisor's signature of an approval signs: a tag, then the approval's
/// fields as compact JSON, keys sorted — the fingerprint of the content, name, role,
/// organisation and date — so that none can be edited unseen (`psr approve --key`).
pub fn approval_message(supervisor: &Map<String, Value>) -> Vec<u8> {
    let mut signed = Map::new();
    for key in SIGNED_FIELDS {
        signed.insert(
            (*key).to_string(),
            supervisor.get(*key).cloned().unwrap_or(Value::Null),
        );
    }
    let mut message = b"psr approval 1\n".to_vec();
    message.extend(serde_json::to_vec(&Value::Object(signed)).unwrap_or_default());
    message
}

/// The fields of `report.supervisor` a signed approval signs.
pub const SIGNED_FIELDS: &[&str] = &["name", "role", "organisation", "approved_on", "fingerprint"];

/// Signs an approval's message: the signature as text (`report.supervisor.signature`),
/// or why it could not be made.
pub type SignApproval<'a> = &'a dyn Fn(&[u8]) -> Result<String, String>;

/// The case of `source` with `approval` recorded in `report.supervisor`: name, role,
/// organisation, date and the fingerprint of the content, and with `sign` the approval
/// signed by the supervisor's key (the signature of [`approval_message`] as
/// `report.supervisor.signature`). Every other value and comment is kept; the
/// supervisor's organisation and gender are kept when the same person approves again.
/// `accepted` are the roles whose approval the service accepts: its catalogue's
/// `supervisor_roles`, or [`AuthorRole::DEFAULT_SUPERVISORS`].
pub fn approve_signed(
    source: SourceFile,
    approval: &Approval,
    accepted: &[AuthorRole],
    sign: Option<SignApproval<'_>>,
) -> Result<Approved, ApproveError> {
    may_approve(approval, accepted)?;
    let loaded = match load::load_source::<Case>(source.clone()) {
        Ok(loaded) => loaded,
        Err(LoadFailure::Invalid {
            source,
            diagnostics,
        }) => return Err(ApproveError::Invalid(source, diagnostics)),
        Err(LoadFailure::Read(error)) => return Err(ApproveError::Internal(error.to_string())),
    };
    if crate::diagnostic::has_errors(&loaded.findings) {
        return Err(ApproveError::Invalid(
            loaded.document.source,
            loaded.findings,
        ));
    }
    if same_person(&approval.name, &loaded.value.report.author.name) {
        return Err(ApproveError::Refused(format!(
            "{} wrote this report: approving one's own report is not supervision (para 56)",
            approval.name.trim()
        )));
    }
    let mut root = loaded.document.root;
    let content = fingerprint(&root);
    let earlier = root
        .pointer("/report/supervisor")
        .and_then(Value::as_object);
    let mut supervisor = supervisor_record(approval, earlier, &content);
    if let Some(sign) = sign {
        let signature = sign(&approval_message(&supervisor)).map_err(ApproveError::Refused)?;
        supervisor.insert("signature".into(), Value::String(signature));
    }
    let Some(report) = root.get_mut("report").and_then(Value::as_object_mut) else {
        return Err(ApproveError::Internal("the case has no `report`".into()));
    };
    report.insert("supervisor".into(), Value::Object(supervisor));
    let text = format_tree(&root, &source.text).map_err(|e| match e {
        FormatError::Invalid(d) => {
            ApproveError::Internal(d.first().map_or_else(String::new, |d| d.message.clone()))
        }
        FormatError::Internal(why) => ApproveError::Internal(why),
    })?;
    Ok(Approved {
        text,
        fingerprint: content,
    })
}

/// Whether `approval` may be given: by a role the service accepts (para 56), and by
/// someone named.
fn may_approve(approval: &Approval, accepted: &[AuthorRole]) -> Result<(), ApproveError> {
    if !accepted.contains(&approval.role) {
        let roles: Vec<&str> = accepted.iter().map(|r| r.as_str()).collect();
        return Err(ApproveError::Refused(format!(
            "para 56: reports by civil society organizations are prepared under the supervision of \
             the competent authorities; the service accepts the approval of: {}",
            roles.join(", ")
        )));
    }
    if approval.name.trim().is_empty() {
        return Err(ApproveError::Refused(
            "--by needs the supervisor's name".into(),
        ));
    }
    Ok(())
}

/// `report.supervisor` for `approval` of the content `fingerprint`. The organisation
/// (when none is given) and the gender of the `earlier` record are kept when the same
/// person approves again.
fn supervisor_record(
    approval: &Approval,
    earlier: Option<&Map<String, Value>>,
    fingerprint: &str,
) -> Map<String, Value> {
    let again = earlier.filter(|e| {
        e.get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| same_person(n, &approval.name))
    });
    let mut supervisor = Map::new();
    supervisor.insert("name".into(), Value::String(approval.name.trim().into()));
    supervisor.insert("role".into(), Value::String(approval.role.as_str().into()));
    if let Some(org) = approval
        .organisation
        .as_deref()
        .filter(|o| !o.trim().is_empty())
    {
        supervisor.insert("organisation".into(), Value::String(org.trim().into()));
    } else if let Some(org) = again.and_then(|e| e.get("organisation")) {
        supervisor.insert("organisation".into(), org.clone());
    }
    if let Some(gender) = again.and_then(|e| e.get("gender")) {
        supervisor.insert("gender".into(), gender.clone());
    }
    supervisor.insert(
        "approved_on".into(),
        Value::String(approval.on.format("%Y-%m-%d").to_string()),
    );
    supervisor.insert("fingerprint".into(), Value::String(fingerprint.into()));
    supervisor
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_approved_copy_sits_beside_the_case() {
        let copy = approved_copy_path(Path::new("cases/smith.yaml"));
        assert_eq!(copy, Path::new("cases/smith.approved.yaml"));
        assert!(is_approved_copy(&copy));
        assert!(!is_approved_copy(Path::new("cases/smith.yaml")));
        // `smith.yml` beside it has a copy of its own.
        let copy = approved_copy_path(Path::new("cases/smith.yml"));
        assert_eq!(copy, Path::new("cases/smith.approved.yml"));
        assert!(is_approved_copy(&copy));
        assert!(!is_approved_copy(Path::new("cases/smith.yml")));
        assert!(has_case_file_name(Path::new("cases/smith.yml")));
        assert!(!has_case_file_name(Path::new("cases/smith.txt")));
        assert!(!has_case_file_name(Path::new(".yaml")));
    }
}
